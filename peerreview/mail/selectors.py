from django.db.models import Count, QuerySet
from django.db.models.functions import Lower

from peerreview.mail import kinds
from peerreview.mail.enums import MessageState
from peerreview.mail.models import MailTemplate, OutboxMessage

# Held back or never sent: only the secretary, who reviews them, sees these in a history.
UNSENT_STATES = (MessageState.DRAFT, MessageState.DISCARDED)


def outbox_for_secretary(*, state: str = "", to: str = "", kind: str = "") -> QuerySet[OutboxMessage]:
    """The outbox, newest first; ``to`` gives one person's history (the address in any case)."""
    messages = OutboxMessage.objects.all()
    if state:
        messages = messages.filter(state=state)
    if to:
        messages = messages.filter(to__iexact=to.strip())
    if kind:
        messages = messages.filter(template_key=kind)
    return messages


def outbox_counts() -> dict[str, int]:
    """Messages per state, for the secretary's home page."""
    counts = dict(OutboxMessage.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return {state: counts.get(state, 0) for state in MessageState.values}


def history_to(*, addresses: list[str], reviewer: bool) -> QuerySet[OutboxMessage]:
    """Messages to any of these addresses, newest first (with their text, not their HTML).

    Only a ``reviewer`` (the secretary) sees messages held for review or discarded: to everyone
    else they were never sent.
    """
    wanted = sorted({address.strip().lower() for address in addresses if address})
    messages = OutboxMessage.objects.alias(to_lower=Lower("to")).filter(to_lower__in=wanted).defer("body_html")
    if not reviewer:
        messages = messages.exclude(state__in=UNSENT_STATES)
    return messages


def templates_overview() -> list[dict]:
    """Every kind of mail with the version in force: the secretary's, or the built-in one."""
    stored = {template.key: template for template in MailTemplate.objects.all()}
    waiting = dict(
        OutboxMessage.objects.filter(state=MessageState.DRAFT)
        .values_list("template_key")
        .annotate(n=Count("pk"))
        .values_list("template_key", "n")
    )
    return [
        {
            "kind": kind,
            "edited": kind.key in stored,
            "auto_send": stored[kind.key].auto_send if kind.key in stored else kind.auto_send,
            "waiting": waiting.get(kind.key, 0),
        }
        for kind in kinds.all_kinds()
    ]
