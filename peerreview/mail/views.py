"""The secretary's view of the outbox (what was sent, what waits, what failed) and of the mail templates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django.views.generic.edit import FormMixin

from peerreview.core.views import PermissionRequiredMixin
from peerreview.mail import kinds, selectors, services
from peerreview.mail.enums import MessageState
from peerreview.mail.forms import DraftForm, TemplateForm
from peerreview.mail.models import OutboxAttachment, OutboxMessage


def _kind_labels() -> dict[str, str]:
    return {kind.key: kind.label for kind in kinds.all_kinds()}


class OutboxListView(PermissionRequiredMixin, ListView):
    permission_required = "mail.view_outboxmessage"
    template_name = "mail/outbox_list.html"
    context_object_name = "outbox_messages"
    paginate_by = 50

    @cached_property
    def state(self) -> str:
        state = self.request.GET.get("state", "")
        return state if state in MessageState.values else ""

    @cached_property
    def kind(self) -> str:
        kind = self.request.GET.get("kind", "")
        return kind if kind in _kind_labels() else ""

    @cached_property
    def to(self) -> str:
        return self.request.GET.get("to", "").strip()[:254]

    def get_queryset(self):
        return selectors.outbox_for_secretary(state=self.state, to=self.to, kind=self.kind).defer(
            "body_text", "body_html"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labels = _kind_labels()
        for message in context["outbox_messages"]:
            message.kind_label = labels.get(message.template_key, "")
        counts = selectors.outbox_counts()
        waiting = (
            selectors.outbox_for_secretary(state=MessageState.DRAFT, kind=self.kind).count()
            if self.kind
            else counts[MessageState.DRAFT]
        )
        return {
            **context,
            "state": self.state,
            "kind": self.kind,
            "to": self.to,
            "states": MessageState.choices,
            "kinds": sorted(labels.items(), key=lambda item: str(item[1])),
            "counts": counts,
            "waiting": waiting,
        }


class OutboxDetailView(PermissionRequiredMixin, FormMixin, DetailView):
    """One message; a message waiting for review can be edited here, then saved or sent."""

    template_name = "mail/outbox_detail.html"
    context_object_name = "message"
    form_class = DraftForm
    queryset = OutboxMessage.objects.prefetch_related("attachments")

    @property
    def permission_required(self):
        return "mail.change_outboxmessage" if self.request.method == "POST" else "mail.view_outboxmessage"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        if self.object.state != MessageState.DRAFT:
            kwargs["form"] = None
        return {**super().get_context_data(**kwargs), "kind_label": _kind_labels().get(self.object.template_key, "")}

    def get_success_url(self):
        return reverse("mail:detail", kwargs={"pk": self.object.pk})

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.state != MessageState.DRAFT:
            messages.error(request, services.NOT_WAITING)
            return redirect(self.get_success_url())
        form = self.get_form()
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_valid(self, form):
        try:
            message = services.draft_edit(
                actor=self.request.user,
                message=self.object,
                subject=form.cleaned_data["subject"],
                body_text=form.cleaned_data["body_text"],
            )
            if "send" in self.request.POST:
                services.draft_send(actor=self.request.user, message=message)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.get_success_url())
        if "send" in self.request.POST:
            messages.success(self.request, _("The message is queued to be sent."))
        else:
            messages.success(self.request, _("Saved. The message still waits for review."))
        return redirect(self.get_success_url())


class DraftActionView(PermissionRequiredMixin, View):
    """A button on a message waiting for review; ``action`` is the service it calls."""

    permission_required = "mail.change_outboxmessage"
    http_method_names = ["post"]
    action = None
    success_message = ""

    def post(self, request, pk):
        message = get_object_or_404(OutboxMessage, pk=pk)
        try:
            self.action(actor=request.user, message=message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message)
        if request.POST.get("next") == "list":
            # A button in the list of waiting messages: back to that list for the next one.
            return redirect(f"{reverse('mail:outbox')}?state={MessageState.DRAFT}")
        return redirect("mail:detail", pk=message.pk)


class DraftSendView(DraftActionView):
    action = staticmethod(services.draft_send)
    success_message = _("The message is queued to be sent.")


class DraftDiscardView(DraftActionView):
    action = staticmethod(services.draft_discard)
    success_message = _("The message was discarded; it will not be sent.")


class DraftSendAllView(PermissionRequiredMixin, View):
    permission_required = "mail.change_outboxmessage"
    http_method_names = ["post"]

    def post(self, request):
        kind = request.POST.get("kind", "")
        kind = kind if kind in _kind_labels() else ""
        sent = services.drafts_send_all(actor=request.user, kind=kind)
        messages.success(
            request,
            ngettext(
                "%(n)d waiting message is queued to be sent.", "%(n)d waiting messages are queued to be sent.", sent
            )
            % {"n": sent},
        )
        url = reverse("mail:outbox")
        return redirect(f"{url}?kind={kind}" if kind else url)


class AttachmentDownloadView(PermissionRequiredMixin, View):
    permission_required = "mail.view_outboxmessage"

    def get(self, request, pk, attachment_pk):
        attachment = get_object_or_404(OutboxAttachment.objects.select_related("message"), pk=attachment_pk, message=pk)
        if attachment.message.sensitive:
            # Like the text of a message carrying a secret: not for anyone's eyes after the fact.
            raise Http404
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.mimetype,
        )


class OutboxRetryView(PermissionRequiredMixin, View):
    permission_required = "mail.retry_outboxmessage"
    http_method_names = ["post"]

    def post(self, request, pk):
        message = get_object_or_404(OutboxMessage, pk=pk)
        if message.state == MessageState.FAILED:
            services.message_retry(message=message)
            messages.success(request, _("The message is queued to be sent again."))
        return redirect("mail:detail", pk=message.pk)


# Mail templates


class TemplateListView(PermissionRequiredMixin, TemplateView):
    permission_required = "mail.view_mailtemplate"
    template_name = "mail/template_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "templates": selectors.templates_overview()}


class KindMixin:
    @cached_property
    def kind(self) -> kinds.MailKind:
        try:
            return kinds.get_kind(self.kwargs["key"])
        except KeyError:
            raise Http404 from None


def _example_context(kind: kinds.MailKind) -> dict[str, str]:
    return {name: kind.example.get(name, f"[{name}]") for name in kind.placeholders}


class TemplateEditView(PermissionRequiredMixin, KindMixin, FormView):
    """Edit a kind's texts beside its placeholders; "Preview" shows them filled in without saving."""

    template_name = "mail/template_form.html"
    form_class = TemplateForm

    @property
    def permission_required(self):
        return "mail.change_mailtemplate" if self.request.method == "POST" else "mail.view_mailtemplate"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": services.template_for(self.kind.key)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if not form.is_bound:
            preview = self._preview(form.initial)
        elif form.is_valid():
            preview = self._preview(form.cleaned_data)
        else:
            preview = None  # the texts as typed cannot be filled in; the errors say why
        return {**context, "kind": self.kind, "edited": form.instance.pk is not None, "preview": preview}

    def _preview(self, texts: dict) -> list[dict]:
        context = _example_context(self.kind)
        preview = []
        for language, label in (("nl", _("Dutch")), ("en", _("English"))):
            body = kinds.render_text(texts[f"body_{language}"], context)
            subject = kinds.render_text(texts[f"subject_{language}"], context)
            preview.append(
                {
                    "language": language,
                    "label": label,
                    "subject": subject,
                    "body_html": kinds.text_to_html(body),
                }
            )
        return preview

    def form_valid(self, form):
        if "preview" in self.request.POST:
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.template_save(actor=self.request.user, template=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The template was saved; new messages of this kind use it."))
        return redirect("mail:templates")


class TemplateResetView(PermissionRequiredMixin, KindMixin, View):
    permission_required = "mail.change_mailtemplate"
    http_method_names = ["post"]

    def post(self, request, key):
        services.template_reset(actor=request.user, key=self.kind.key)
        messages.success(request, _("The built-in text and setting are in force again."))
        return redirect("mail:template_edit", key=self.kind.key)


class TemplateAutoSendView(PermissionRequiredMixin, KindMixin, View):
    """The quick switch on the list: send messages of a kind at once, or hold them for review."""

    permission_required = "mail.change_mailtemplate"
    http_method_names = ["post"]

    def post(self, request, key):
        auto_send = request.POST.get("auto_send") == "1"
        services.template_auto_send_set(actor=request.user, key=self.kind.key, auto_send=auto_send)
        if auto_send:
            messages.success(request, _("Messages of this kind are sent automatically from now on."))
        else:
            messages.success(request, _("Messages of this kind wait for your review from now on."))
        return redirect("mail:templates")
