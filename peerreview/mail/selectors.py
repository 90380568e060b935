from django.db.models import Count, QuerySet

from peerreview.mail.enums import MessageState
from peerreview.mail.models import OutboxMessage


def outbox_for_secretary(*, state: str = "") -> QuerySet[OutboxMessage]:
    messages = OutboxMessage.objects.all()
    if state:
        messages = messages.filter(state=state)
    return messages


def outbox_counts() -> dict[str, int]:
    """Messages per state, for the secretary's home page."""
    counts = dict(OutboxMessage.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return {state: counts.get(state, 0) for state in MessageState.values}
