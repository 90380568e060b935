from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    """The agenda of each meeting: drafted from the preparations, reviewed by the chair, sent as one pack."""

    name = "peerreview.agenda"
    label = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        from peerreview.agenda import mails, rules  # noqa: F401 -- registers the mail kinds and permissions
