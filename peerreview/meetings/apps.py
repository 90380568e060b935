from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """What happens around a review meeting: the grouping, attendees, polls, hosts, agenda, minutes."""

    name = "peerreview.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from peerreview.meetings import mails, progress, reminders, rules  # noqa: F401 -- registers mail kinds, dashboard columns, reminders, permissions
