"""Documents to download: thin views that gather through selectors and render through render_pdf."""

from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View

from peerreview.core.views import PermissionRequiredMixin
from peerreview.reports.pdf import render_pdf
from surveys import selectors
from surveys.models import Bottleneck, GoodPractice, Preparation, Theme


@dataclass
class ThemeSection:
    theme: Theme
    good_practices: list[GoodPractice] = field(default_factory=list)
    bottlenecks: list[Bottleneck] = field(default_factory=list)


def _sections(preparation: Preparation, themes: list[Theme]) -> list[ThemeSection]:
    """Every theme of the form in its order, with the preparation's entries under it.

    A theme retired after entries were written under it still shows, so nothing written is lost.
    """
    sections = {theme.pk: ThemeSection(theme) for theme in themes}
    for practice in preparation.good_practices.all():
        sections.setdefault(practice.theme_id, ThemeSection(practice.theme)).good_practices.append(practice)
    for bottleneck in preparation.bottlenecks.all():
        sections.setdefault(bottleneck.theme_id, ThemeSection(bottleneck.theme)).bottlenecks.append(bottleneck)
    return sorted(sections.values(), key=lambda section: (section.theme.position, section.theme.pk))


class PreparationPdfView(PermissionRequiredMixin, View):
    """A network's written preparation as a PDF, for its coordinators and the secretary."""

    permission_required = "surveys.view_preparation"
    template_name = "reports/preparation.html"

    @cached_property
    def preparation(self) -> Preparation:
        preparation = Preparation.objects.filter(
            cycle__year=self.kwargs["year"], network__slug=self.kwargs["slug"]
        ).first()
        if preparation is None:
            raise Http404
        return preparation

    def get_permission_object(self):
        return self.preparation

    def get_context_data(self) -> dict:
        preparation = selectors.preparation_with_entries(self.preparation)
        return {
            "preparation": preparation,
            "sections": _sections(preparation, list(selectors.themes_of(preparation.cycle))),
            "learning_questions": sorted(
                (b for b in preparation.bottlenecks.all() if b.learning_question),
                key=lambda b: (b.priority is None, b.priority or 0, b.pk),
            ),
            "printed_at": timezone.localtime(),
        }

    def get(self, request, year, slug):
        response = HttpResponse(render_pdf(self.template_name, self.get_context_data()), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="voorbereiding-{slug}-{year}.pdf"'
        return response
