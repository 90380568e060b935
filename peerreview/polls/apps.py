from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    """Date polls per meeting, answered through personal links, and the invitations once a date is fixed."""

    name = "peerreview.polls"
    label = "polls"
    verbose_name = _("Date polls")

    def ready(self):
        from peerreview.polls import mails, rules  # noqa: F401 -- registers the mail kinds and permissions
