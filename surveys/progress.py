"""The preparation and follow-up columns of the cycle dashboard: per network not started, draft,
submitted or late."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peerreview.cycles import progress
from peerreview.cycles.models import Cycle
from surveys.enums import ActionPointState, FollowUpState, PreparationState
from surveys.models import FollowUp, Preparation

_TONES = {
    PreparationState.DRAFT: "info",
    PreparationState.SUBMITTED: "success",
    PreparationState.LATE: "warning",
}


def _cells(cycle: Cycle) -> dict[int, progress.ProgressCell]:
    preparations = (
        Preparation.objects.filter(cycle=cycle)
        .select_related("network")
        .annotate(
            entries=Count("good_practices", distinct=True) + Count("bottlenecks", distinct=True),
            questions=Count("bottlenecks", filter=~Q(bottlenecks__learning_question=""), distinct=True),
        )
    )
    cells = {}
    for preparation in preparations:
        state = preparation.state
        if state == PreparationState.DRAFT and not preparation.entries:
            continue  # opened but empty: still "not started"
        label = PreparationState(state).label
        if preparation.submitted_at:
            label = f"{label} {date_format(preparation.submitted_at, 'j M')}"
        else:
            label = f"{label} · " + _("%(n)s learning questions") % {"n": preparation.questions}
        cells[preparation.network_id] = progress.ProgressCell(
            label=label,
            tone=_TONES[state],
            url=reverse("surveys:preparation", kwargs={"year": cycle.year, "slug": preparation.network.slug}),
        )
    return cells


# The follow-up column: per network draft (answered so far), submitted or late; a dash until its
# follow-up is opened or the questionnaire sent.


def _followup_cells(cycle: Cycle) -> dict[int, progress.ProgressCell]:
    """One query for the whole table."""
    follow_ups = (
        FollowUp.objects.filter(cycle=cycle)
        .select_related("network")
        .annotate(
            items_count=Count("items"), answered=Count("items", filter=Q(items__state__in=ActionPointState.values))
        )
    )
    cells = {}
    for follow_up in follow_ups:
        url = reverse("surveys:followup", kwargs={"year": cycle.year, "slug": follow_up.network.slug})
        state = follow_up.state
        if follow_up.submitted_at:
            label = f"{FollowUpState(state).label} {date_format(timezone.localtime(follow_up.submitted_at), 'j M')}"
            cells[follow_up.network_id] = progress.ProgressCell(label=label, tone=_TONES[state], url=url)
        elif follow_up.answered or follow_up.exchange:
            label = _("%(answered)s of %(count)s answered") % {
                "answered": follow_up.answered,
                "count": follow_up.items_count,
            }
            cells[follow_up.network_id] = progress.ProgressCell(label=label, tone="info", url=url)
        else:
            cells[follow_up.network_id] = progress.ProgressCell(label=_("Not started"), url=url)
    return cells


progress.register(progress.ProgressColumn(key="follow_up", label=gettext_lazy("Follow-up"), cells=_followup_cells))
# In the order of the playbook: the follow-up in October, the preparation from January.
progress.register(progress.ProgressColumn(key="preparation", label=gettext_lazy("Preparation"), cells=_cells))
