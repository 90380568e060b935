from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Preparations and surveys")

    def ready(self):
        from surveys import mails, progress, reminders, rules  # noqa: F401 -- registers mail kinds, dashboard column, reminders, permissions
