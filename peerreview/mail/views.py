"""The secretary's view of the outbox: what was sent, what waits, what failed."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from peerreview.core.views import PermissionRequiredMixin
from peerreview.mail import selectors, services
from peerreview.mail.enums import MessageState
from peerreview.mail.models import OutboxMessage


class OutboxListView(PermissionRequiredMixin, ListView):
    permission_required = "mail.view_outboxmessage"
    template_name = "mail/outbox_list.html"
    context_object_name = "outbox_messages"
    paginate_by = 50

    @cached_property
    def state(self) -> str:
        state = self.request.GET.get("state", "")
        return state if state in MessageState.values else ""

    def get_queryset(self):
        return selectors.outbox_for_secretary(state=self.state).defer("body_text", "body_html")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "state": self.state,
            "states": MessageState.choices,
            "counts": selectors.outbox_counts(),
        }


class OutboxDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "mail.view_outboxmessage"
    template_name = "mail/outbox_detail.html"
    context_object_name = "message"
    model = OutboxMessage


class OutboxRetryView(PermissionRequiredMixin, View):
    permission_required = "mail.retry_outboxmessage"
    http_method_names = ["post"]

    def post(self, request, pk):
        message = get_object_or_404(OutboxMessage, pk=pk)
        if message.state == MessageState.FAILED:
            services.message_retry(message=message)
            messages.success(request, _("The message is queued to be sent again."))
        return redirect("mail:detail", pk=message.pk)
