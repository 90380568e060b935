"""Import and export of a network's contacts and partner schools; the work is done in networks.io."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from networks.io import FORMATS, TABLES, ImportForm, ImportRefused, Table, registry_import
from networks.views import NetworkScopedMixin


class RegistryTableMixin(NetworkScopedMixin):
    """A list of the network named by ``kind`` in the URL; any other kind answers 404."""

    @cached_property
    def table(self) -> Table:
        try:
            return TABLES[self.kwargs["kind"]]
        except KeyError:
            raise Http404 from None

    def get_list_url(self) -> str:
        return reverse(self.table.list_url_name, kwargs={"slug": self.network.slug})


class RegistryExportView(RegistryTableMixin, View):
    def get(self, request, *args, **kwargs):
        try:
            file_format = FORMATS[self.kwargs["fmt"]]
        except KeyError:
            raise Http404 from None
        filename = f"{self.network.slug}-{slugify(self.table.filename)}.{self.kwargs['fmt']}"
        return HttpResponse(
            file_format.export(self.table, self.network),
            content_type=file_format.content_type,
            headers={"Content-Disposition": content_disposition_header(True, filename)},
        )


class RegistryImportView(RegistryTableMixin, FormView):
    form_class = ImportForm
    template_name = "networks/import.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "table": self.table}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "table": self.table,
            "title": self.table.import_title,
            "cancel_url": self.get_list_url(),
        }

    def form_valid(self, form):
        try:
            result = registry_import(actor=self.request.user, network=self.network, table=self.table, rows=form.rows)
        except ImportRefused as refused:
            return self.render_to_response(self.get_context_data(form=form, row_errors=refused.errors))
        messages.success(
            self.request,
            _("Imported: %(created)d added, %(updated)d updated.")
            % {"created": result.created, "updated": result.updated},
        )
        return redirect(self.get_list_url())
