"""Import and export of a network's contacts and partner schools (being written: see networks/io.py)."""

from django.http import Http404
from django.views import View


class RegistryImportView(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404


class RegistryExportView(View):
    def dispatch(self, request, *args, **kwargs):
        raise Http404
