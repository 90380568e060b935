"""Documents to download: thin views that gather through selectors and render through render_pdf."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View

from peerreview.core.pdf import render_pdf
from peerreview.core.views import PermissionRequiredMixin
from surveys import selectors
from surveys.models import Preparation


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
        return {"document": selectors.preparation_document(self.preparation), "printed_at": timezone.localtime()}

    def get(self, request, year, slug):
        response = HttpResponse(render_pdf(self.template_name, self.get_context_data()), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="voorbereiding-{slug}-{year}.pdf"'
        return response
