"""The preparation column of the cycle dashboard: per network not started, draft, submitted or late."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peerreview.cycles import progress
from peerreview.cycles.models import Cycle
from surveys.enums import PreparationState
from surveys.models import Preparation

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


progress.register(progress.ProgressColumn(key="preparation", label=gettext_lazy("Preparation"), cells=_cells))
