"""Reads of the preparations, shaped by who is asking."""

from datetime import date

from django.db.models import Prefetch, QuerySet

from peerreview.cycles.models import Cycle, ReviewMeeting
from surveys.models import Bottleneck, GoodPractice, Preparation, Theme


def themes_of(cycle: Cycle, *, active_only: bool = True) -> QuerySet[Theme]:
    themes = Theme.objects.filter(cycle=cycle)
    return themes.filter(active=True) if active_only else themes


def meeting_of(cycle: Cycle, network) -> ReviewMeeting | None:
    """The meeting of the cycle this network takes part in (one per cycle)."""
    return cycle.meetings.filter(networks=network).select_related("cycle").order_by("date", "pk").first()


def deadline_of(cycle: Cycle, network) -> date | None:
    """Three weeks (the cycle's setting) before the network's meeting; none until it has a date."""
    meeting = meeting_of(cycle, network)
    return meeting.preparation_deadline if meeting else None


def preparation_with_entries(preparation: Preparation) -> Preparation:
    """The preparation with its entries loaded in two queries, ordered as the form shows them."""
    return (
        Preparation.objects.select_related("cycle", "network", "submitted_by", "reopened_by")
        .prefetch_related(
            Prefetch("good_practices", queryset=GoodPractice.objects.select_related("theme")),
            Prefetch("bottlenecks", queryset=Bottleneck.objects.select_related("theme")),
        )
        .get(pk=preparation.pk)
    )


def learning_questions(preparation: Preparation) -> QuerySet[Bottleneck]:
    return preparation.bottlenecks.exclude(learning_question="").order_by("priority", "pk")
