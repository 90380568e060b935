from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CyclesConfig(AppConfig):
    name = "peerreview.cycles"
    label = "cycles"
    verbose_name = _("Cycles")

    def ready(self):
        from peerreview.cycles import mails, rules  # noqa: F401 -- registers mail kinds and permissions
