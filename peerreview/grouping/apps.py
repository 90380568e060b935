from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupingConfig(AppConfig):
    """Dividing a cycle's networks into review meetings: proposals, the networks' approval, the fixed grouping."""

    name = "peerreview.grouping"
    label = "grouping"
    verbose_name = _("Grouping")

    def ready(self):
        from peerreview.grouping import mails, rules  # noqa: F401 -- registers the mail kind and permissions
