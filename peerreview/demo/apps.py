from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Holds only the demo command, which loads every app's demo data in the order data flows."""

    name = "peerreview.demo"
    label = "demo"
    verbose_name = _("Demo")
