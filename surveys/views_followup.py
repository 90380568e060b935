"""The coordinator's follow-up page: what the network did with the previous cycle's action points,
and whether its exchange with other networks has grown.

One plain form: "Save" keeps the answers given so far, "Submit" saves and hands the follow-up in.
After submission the page is read-only until the secretary reopens it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from surveys import selectors_followup as selectors
from surveys import services_followup as services
from surveys.forms_followup import FollowUpExchangeForm, FollowUpItemForm
from surveys.models import FollowUp
from surveys.views import NetworkSubmissionMixin

SUBMIT = "submit"


class FollowUpView(NetworkSubmissionMixin, TemplateView):
    """/preparations/<year>/<slug>/follow-up/: the network's follow-up is the permission object.

    Until its first visit a follow-up does not exist; the permission is then checked on an unsaved
    one, so that a refused visitor starts (and prefills) nothing.
    """

    template_name = "surveys/followup.html"
    submission_model = FollowUp

    @property
    def permission_required(self) -> str:
        return "surveys.view_followup" if self.request.method in ("GET", "HEAD") else "surveys.change_followup"

    @cached_property
    def follow_up(self) -> FollowUp:
        target = self.permission_target
        if target.pk is None:
            target = services.followup_for(cycle=target.cycle, network=target.network)
        return selectors.followup_with_items(target)

    def page_url(self) -> str:
        return reverse("surveys:followup", kwargs={"year": self.kwargs["year"], "slug": self.kwargs["slug"]})

    def forms(self, data=None) -> tuple[list[FollowUpItemForm], FollowUpExchangeForm]:
        """The page's parts, each bound only when the post carries it (by its version): an action
        point added since the page was loaded, or a post without a part, leaves that part alone."""

        def posted(prefix: str):
            return data if data is not None and f"{prefix}-version" in data else None

        follow_up = self.follow_up
        item_forms = [FollowUpItemForm(posted(f"item-{item.pk}"), instance=item) for item in follow_up.items.all()]
        return item_forms, FollowUpExchangeForm(posted("exchange"), instance=follow_up)

    def get_context_data(self, item_forms=None, exchange_form=None, problems=None, **kwargs):
        follow_up = self.follow_up
        editable = not follow_up.is_submitted and self.request.user.has_perm("surveys.change_followup", follow_up)
        items = list(follow_up.items.all())
        if not editable:
            item_forms, exchange_form = [None] * len(items), None
        elif item_forms is None:
            item_forms, exchange_form = self.forms()
        followup_settings = selectors.followup_settings_of(follow_up.cycle)
        return {
            **super().get_context_data(**kwargs),
            "follow_up": follow_up,
            "cycle": follow_up.cycle,
            "network": follow_up.network,
            "previous_year": follow_up.cycle.previous.year if follow_up.cycle.previous_id else follow_up.cycle.year - 2,
            "deadline": followup_settings.deadline,
            "editable": editable,
            # Each action point with its form while the follow-up is open.
            "items": list(zip(items, item_forms, strict=True)),
            "exchange_form": exchange_form,
            "problems": problems,
            "may_reopen": follow_up.is_submitted and self.request.user.has_perm("surveys.manage_followups"),
        }

    def render_page(self, status: int, **kwargs):
        return self.render_to_response(self.get_context_data(**kwargs), status=status)

    def post(self, request, *args, **kwargs):
        follow_up = self.follow_up
        if follow_up.is_submitted:
            messages.error(request, _("This follow-up has been submitted; only the secretary can reopen it."))
            return redirect(self.page_url())
        item_forms, exchange_form = self.forms(request.POST)
        posted = [form for form in [*item_forms, exchange_form] if form.is_bound]
        # Every part validated, so that every refused one shows its message at once.
        valid = [form.is_valid() for form in posted]
        if not all(valid):
            return self.render_page(400, item_forms=item_forms, exchange_form=exchange_form)
        exchange = None
        if exchange_form.is_bound and exchange_form.changed:
            exchange = (exchange_form.cleaned_data["exchange"], exchange_form.cleaned_data["exchange_explanation"])
        try:
            follow_up = services.followup_save(
                actor=request.user,
                follow_up=follow_up,
                items=[form.instance for form in item_forms if form.is_bound and form.changed],
                exchange=exchange,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.page_url())
        if request.POST.get("action") != SUBMIT:
            messages.success(request, _("Your answers were saved."))
            return redirect(self.page_url())
        try:
            follow_up = services.followup_submit(actor=request.user, follow_up=follow_up)
        except ValidationError as error:
            # The answers are saved; what is missing shows above the form, which shows what is saved.
            self.__dict__.pop("follow_up", None)
            return self.render_page(400, problems=error.messages)
        if follow_up.late:
            messages.warning(request, _("Your follow-up was submitted, after the deadline. Thank you."))
        else:
            messages.success(request, _("Your follow-up was submitted. Thank you."))
        return redirect(self.page_url())
