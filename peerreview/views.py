"""The home page: what the signed-in person has to do, composed from every app's selectors."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from networks import selectors as network_selectors
from peerreview.mail import selectors as mail_selectors


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(**kwargs)
        networks = list(network_selectors.networks_for_user(user))
        context["networks"] = networks
        context["todos"] = network_selectors.registry_todos(networks)
        if user.is_staff:
            context["outbox_counts"] = mail_selectors.outbox_counts()
        return context
