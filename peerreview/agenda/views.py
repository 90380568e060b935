"""The agenda pages: the secretary's editor, the chair's review, the documents.

Every page of one meeting takes the meeting as the permission object: the secretary may manage
every agenda, the chair may review only the agenda of a meeting they chair; anyone else gets 404.
Changes are POSTs to small action views that call one service and return to the page they came from.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from peerreview.agenda import documents, forms, selectors, services
from peerreview.agenda.enums import Decision, ItemKind
from peerreview.agenda.models import Agenda, AgendaItem, PresentationFormat, TemplateSlot
from peerreview.core.views import FormPageMixin, PermissionRequiredMixin
from peerreview.cycles.models import Cycle, ReviewMeeting
from surveys.models import Preparation


class MeetingAgendaMixin(PermissionRequiredMixin):
    permission_required = "agenda.manage_agenda"

    @cached_property
    def meeting(self) -> ReviewMeeting:
        return get_object_or_404(ReviewMeeting.objects.select_related("cycle"), pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.meeting

    @cached_property
    def agenda(self) -> Agenda | None:
        return selectors.agenda_of(self.meeting)

    def require_agenda(self) -> Agenda:
        if self.agenda is None:
            raise Http404
        return self.agenda

    def detail_url(self) -> str:
        return reverse("agenda:detail", kwargs={"pk": self.meeting.pk})


class ActionView(MeetingAgendaMixin, View):
    """A POST that calls one service: its refusal becomes a message, and the page shows again."""

    http_method_names = ["post"]
    form_class = None

    def success_url(self) -> str:
        return self.detail_url()

    def get_form(self):
        return self.form_class(self.request.POST) if self.form_class else None

    def post(self, request, *args, **kwargs):
        form = self.form = self.get_form()
        if form is not None and not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(self.success_url())
        try:
            message = self.act(form.cleaned_data if form else {})
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect(self.success_url())

    def act(self, data) -> str:
        raise NotImplementedError


class OverviewView(PermissionRequiredMixin, TemplateView):
    permission_required = "agenda.manage_agenda"
    template_name = "agenda/overview.html"

    def get_context_data(self, **kwargs):
        cycle = get_object_or_404(Cycle, year=self.kwargs["year"])
        meetings = list(cycle.meetings.select_related("agenda").prefetch_related("networks").order_by("date", "name"))
        return {**super().get_context_data(**kwargs), "cycle": cycle, "meetings": meetings}


class DetailView(MeetingAgendaMixin, TemplateView):
    template_name = "agenda/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            meeting=self.meeting,
            agenda=self.agenda,
            draft_form=forms.DraftForm(
                initial={"questions_per_network": self.agenda.questions_per_network if self.agenda else 4}
            ),
        )
        if self.agenda is None:
            return context
        items = selectors.items_of(self.agenda)
        options = selectors.meeting_practices(self.meeting)
        ids = [item.pk for item in items]
        rows = []
        for index, item in enumerate(items):
            practices = (
                [p for p in options if p.preparation.network_id != item.network_id]
                if item.kind == ItemKind.QUESTION
                else None
            )
            up = ids[: index - 1] + [ids[index], ids[index - 1]] + ids[index + 1 :] if index else None
            down = ids[:index] + [ids[index + 1], ids[index]] + ids[index + 2 :] if index < len(ids) - 1 else None
            rows.append(
                {
                    "item": item,
                    "form": forms.ItemForm(
                        instance=item,
                        practices=practices,
                        initial={"revision": self.agenda.revision},
                        prefix=f"item-{item.pk}",
                    ),
                    "up": ",".join(map(str, up)) if up else "",
                    "down": ",".join(map(str, down)) if down else "",
                }
            )
        versions = selectors.versions_of(self.agenda)
        context.update(
            rows=rows,
            order=",".join(map(str, ids)),
            total=sum(item.minutes for item in items),
            length=selectors.meeting_minutes(self.meeting),
            problems=selectors.agenda_problems(self.agenda, items),
            versions=versions,
            free_form=forms.FreeItemForm(initial={"revision": self.agenda.revision}),
            send_form=forms.SendToChairForm(initial={"revision": self.agenda.revision}),
        )
        return context


class DraftView(ActionView):
    form_class = forms.DraftForm

    def act(self, data) -> str:
        services.agenda_draft(
            actor=self.request.user, meeting=self.meeting, questions_per_network=data["questions_per_network"]
        )
        return _("The agenda was drafted from the preparations.")


class ItemMixin:
    @cached_property
    def item(self) -> AgendaItem:
        return get_object_or_404(
            AgendaItem.objects.select_related("agenda__meeting"), pk=self.kwargs["item"], agenda__meeting=self.meeting
        )


class ItemUpdateView(ItemMixin, ActionView):
    def get_form(self):
        item = self.item
        practices = list(selectors.practice_options(item).values()) if item.kind == ItemKind.QUESTION else None
        return forms.ItemForm(self.request.POST, instance=item, prefix=f"item-{item.pk}", practices=practices)

    def act(self, data) -> str:
        # Only a changed choice swaps the practice, so saving minutes keeps a hand-picked pairing.
        practice_id = data.get("practice") if "practice" in self.form.changed_data else None
        services.agenda_item_save(
            actor=self.request.user, item=self.form.instance, revision=data["revision"], practice_id=practice_id
        )
        return _("The item was saved.")


class ItemAddView(ActionView):
    form_class = forms.FreeItemForm

    def act(self, data) -> str:
        services.agenda_item_add(
            actor=self.request.user,
            agenda=self.require_agenda(),
            revision=data["revision"],
            title=data["title"],
            minutes=data["minutes"],
        )
        return _("The item was added before the closing.")


class ItemDeleteView(ItemMixin, ActionView):
    form_class = forms.RevisionForm

    def act(self, data) -> str:
        services.agenda_item_delete(actor=self.request.user, item=self.item, revision=data["revision"])
        return _("The item was removed.")


class ReorderView(ActionView):
    form_class = forms.OrderForm

    def act(self, data) -> str:
        services.agenda_reorder(
            actor=self.request.user, agenda=self.require_agenda(), revision=data["revision"], item_ids=data["order"]
        )
        return _("The new order was saved.")


class SendToChairView(ActionView):
    form_class = forms.SendToChairForm

    def act(self, data) -> str:
        version = services.agenda_send_to_chair(
            actor=self.request.user, agenda=self.require_agenda(), revision=data["revision"], note=data["note"]
        )
        return _("Version %(number)s was sent to the chair.") % {"number": version.number}


class ReviewView(MeetingAgendaMixin, TemplateView):
    """The chair reads the version sent to them beside the preparations, comments and decides."""

    permission_required = "agenda.review_agenda"
    template_name = "agenda/review.html"

    def get_context_data(self, **kwargs):
        agenda = self.require_agenda()
        version = selectors.latest_version(agenda)
        if version is None:
            raise Http404
        comments = {}
        for comment in version.comments.all():
            comments.setdefault(comment.item_index, []).append(comment)
        preparations = (
            Preparation.objects.filter(cycle=self.meeting.cycle, network__in=self.meeting.networks.all())
            .select_related("network")
            .prefetch_related("good_practices__theme", "bottlenecks__theme")
            .order_by("network__name")
        )
        waiting = version.decision == Decision.PENDING
        return {
            **super().get_context_data(**kwargs),
            "meeting": self.meeting,
            "agenda": agenda,
            "version": version,
            "items": [(index, item, comments.get(index, [])) for index, item in enumerate(version.items)],
            "general_comments": comments.get(None, []),
            "preparations": preparations,
            "waiting": waiting,
            "can_decide": waiting and self.request.user.has_perm("agenda.decide_agenda", self.meeting),
            "changed_since": version.revision != agenda.revision,
            "decision_form": forms.DecisionForm(initial={"number": version.number}),
            "versions": selectors.versions_of(agenda),
        }


class ChairActionView(ActionView):
    permission_required = "agenda.decide_agenda"

    def success_url(self) -> str:
        return reverse("agenda:review", kwargs={"pk": self.meeting.pk})

    def version(self, number: int):
        version = self.require_agenda().versions.filter(number=number).first()
        if version is None:
            raise ValidationError(_("That version of the agenda does not exist."))
        return version


class CommentView(ChairActionView):
    form_class = forms.CommentForm

    def act(self, data) -> str:
        services.agenda_comment(
            actor=self.request.user,
            version=self.version(data["number"]),
            text=data["text"],
            item_index=data.get("item_index"),
        )
        return _("Your comment was saved.")


class DecideView(ChairActionView):
    form_class = forms.DecisionForm

    def act(self, data) -> str:
        approve = data["decision"] == "approve"
        services.agenda_decide(
            actor=self.request.user,
            agenda=self.require_agenda(),
            number=data["number"],
            approve=approve,
            comment=data["comment"],
        )
        return _("You approved the agenda. Thank you.") if approve else _("Your request for changes was sent.")


class CompareView(MeetingAgendaMixin, TemplateView):
    permission_required = "agenda.review_agenda"
    template_name = "agenda/compare.html"

    def get_context_data(self, **kwargs):
        versions = {v.number: v for v in selectors.versions_of(self.require_agenda())}
        if not versions:
            raise Http404
        # Without a choice: the latest version against the one before it.
        latest = max(versions)
        try:
            new = versions[int(self.request.GET.get("new", latest))]
            old = versions[int(self.request.GET.get("old", max(new.number - 1, 1)))]
        except (KeyError, ValueError):
            raise Http404 from None
        return {
            **super().get_context_data(**kwargs),
            "meeting": self.meeting,
            "old": old,
            "new": new,
            "rows": selectors.version_diff(old, new),
        }


class PdfView(MeetingAgendaMixin, View):
    """A document of the agenda as a PDF download; the secretary's print pack, or the agenda itself."""

    make = staticmethod(documents.agenda_document)

    def get(self, request, *args, **kwargs):
        name, content, mimetype = self.make(self.require_agenda()).render()
        response = HttpResponse(content, content_type=mimetype)
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response


class AgendaPdfView(PdfView):
    permission_required = "agenda.review_agenda"


class PrintPackView(PdfView):
    make = staticmethod(documents.print_pack_document)


class PackSendView(ActionView):
    def act(self, data) -> str:
        agenda = self.require_agenda()
        count = services.agenda_pack_send(actor=self.request.user, agenda=agenda, documents=documents.pack(agenda))
        return _("The agenda pack was sent to %(count)s participants.") % {"count": count}


class TemplateEditView(PermissionRequiredMixin, TemplateView):
    permission_required = "agenda.manage_agenda"
    template_name = "agenda/template_form.html"

    def get_context_data(self, **kwargs):
        services.template_slots()
        formset = kwargs.get("formset") or forms.TemplateSlotFormSet(queryset=TemplateSlot.objects.all())
        return {**super().get_context_data(**kwargs), "formset": formset}

    def post(self, request, *args, **kwargs):
        formset = forms.TemplateSlotFormSet(request.POST, queryset=TemplateSlot.objects.all())
        if formset.is_valid():
            try:
                services.template_save(actor=request.user, formset=formset)
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(request, _("The agenda template was saved; new drafts follow it."))
                return redirect("agenda:template")
        return self.render_to_response(self.get_context_data(formset=formset))


class PresentationFormatView(PermissionRequiredMixin, FormPageMixin, FormView):
    permission_required = "agenda.manage_agenda"
    form_class = forms.PresentationFormatForm
    template_name = "form.html"
    title = _("Presentation format")

    def get_instance(self) -> PresentationFormat:
        return services.presentation_format()

    def save(self, form):
        return form.save()

    def get_success_url(self):
        return reverse("agenda:presentation_format")
