"""The grouping pages: the secretary's settings, proposals side by side, one proposal to edit (drag a
network to another group), send and fix; a network's page to approve or object.

Thin views over peerreview.grouping.selectors and .services. The secretary's pages take the cycle
as the permission object; the answer page takes the network, and answers 404 for a network that
does not take part in the cycle.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import FormView, TemplateView

from networks.models import Network
from peerreview.core.views import FormPageMixin, PermissionRequiredMixin, add_service_errors
from peerreview.cycles.models import Cycle
from peerreview.cycles.views import CycleScopedMixin
from peerreview.grouping import selectors, services
from peerreview.grouping.forms import FixForm, MoveForm, RespondForm, SettingsForm, pair_formset, pairs_of
from peerreview.grouping.models import GroupingProposal, ProposalState
from peerreview.grouping.optimizer import EXACT_LIMIT, Constraints

# The secretary's pages


class GroupingMixin(CycleScopedMixin):
    """Pages under /grouping/<year>/: the secretary's, checked against the cycle."""

    permission_required = "grouping.manage_grouping"

    def proposals_url(self) -> str:
        return reverse("grouping:proposals", kwargs={"year": self.cycle.year})


class ProposalsView(GroupingMixin, TemplateView):
    """The proposals still in play side by side: each group's score explained, the totals, the gap."""

    template_name = "grouping/proposals.html"

    def get_context_data(self, **kwargs):
        proposals = selectors.proposals_to_compare(self.cycle)
        return {
            **super().get_context_data(**kwargs),
            "comparison": [selectors.proposal_view(proposal) for proposal in proposals],
            "withdrawn_count": selectors.withdrawn_count(self.cycle),
            "fixed": any(proposal.state == ProposalState.FIXED for proposal in proposals),
            "exact_limit": EXACT_LIMIT,
        }


class SettingsView(GroupingMixin, TemplateView):
    """The weights and constraints; submitting makes new proposals with them."""

    template_name = "grouping/settings.html"

    @cached_property
    def networks(self) -> list[tuple[int, str]]:
        return list(self.cycle.networks.filter(active=True).order_by("name").values_list("pk", "name"))

    def get_context_data(self, forms=None, **kwargs):
        weights, constraints = selectors.last_settings(self.cycle)
        if forms is None:
            forms = (
                SettingsForm(networks=self.networks, weights=weights, constraints=constraints),
                pair_formset("meet", self.networks, constraints.must_meet),
                pair_formset("apart", self.networks, constraints.must_not_meet),
            )
        form, meet, apart = forms
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "meet_formset": meet,
            "apart_formset": apart,
            "network_count": len(self.networks),
            "fixed": self.cycle.grouping_proposals.filter(state=ProposalState.FIXED).exists(),
        }

    def post(self, request, *args, **kwargs):
        weights, constraints = selectors.last_settings(self.cycle)
        form = SettingsForm(request.POST, networks=self.networks, weights=weights, constraints=constraints)
        meet = pair_formset("meet", self.networks, constraints.must_meet, data=request.POST)
        apart = pair_formset("apart", self.networks, constraints.must_not_meet, data=request.POST)
        if form.is_valid() and meet.is_valid() and apart.is_valid():
            chosen = Constraints(
                excluded=frozenset(form.cleaned_data["excluded"]),
                must_meet=pairs_of(meet),
                must_not_meet=pairs_of(apart),
            )
            try:
                proposals = services.proposals_make(
                    actor=request.user, cycle=self.cycle, weights=form.weights(), constraints=chosen
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d proposal was made.", "%(count)d proposals were made, best first.", len(proposals)
                    )
                    % {"count": len(proposals)},
                )
                return redirect(self.proposals_url())
        return self.render_to_response(self.get_context_data(forms=(form, meet, apart)))


class ProposalMixin(GroupingMixin):
    @cached_property
    def proposal(self) -> GroupingProposal:
        return get_object_or_404(
            GroupingProposal.objects.select_related("cycle", "sent_by", "fixed_by"),
            cycle=self.cycle,
            number=self.kwargs["number"],
        )

    def proposal_url(self) -> str:
        return reverse("grouping:proposal", kwargs={"year": self.cycle.year, "number": self.proposal.number})

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "proposal": self.proposal}


class ProposalView(ProposalMixin, TemplateView):
    """One proposal: its groups to rearrange by dragging, sending it, the networks' answers."""

    template_name = "grouping/proposal.html"

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        return {
            **super().get_context_data(**kwargs),
            "shown": selectors.proposal_view(proposal),
            "responses": selectors.response_table(proposal),
            "meetings": list(self.cycle.meetings.select_related("host_network").order_by("date", "name"))
            if proposal.state == ProposalState.FIXED
            else [],
        }


class MoveView(ProposalMixin, View):
    """Moves a network to another group, or swaps two networks (POST; from the drag or the select)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        proposal = self.proposal
        form = MoveForm(request.POST, groups=proposal.groups, names=proposal.details["names"])
        if not form.is_valid():
            messages.error(request, _("Choose a network and where it goes."))
            return redirect(self.proposal_url())
        try:
            groups = services.moved(proposal.groups, form.cleaned_data["network"], **form.move())
            services.proposal_regroup(
                actor=request.user, proposal=proposal, groups=groups, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            messages.error(request, _("Nothing was changed:"))
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(network)s was moved; the groups were scored again.")
                % {"network": proposal.network_name(form.cleaned_data["network"])},
            )
        return redirect(self.proposal_url() + "#groups")


class SendView(ProposalMixin, View):
    """Sends the proposal to the coordinators of its networks (POST)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            count = services.proposal_send(actor=request.user, proposal=self.proposal)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                ngettext(
                    "The proposal was sent: %(count)d message is in the outbox.",
                    "The proposal was sent: %(count)d messages are in the outbox.",
                    count,
                )
                % {"count": count},
            )
        return redirect(self.proposal_url())


class FixView(ProposalMixin, FormPageMixin, FormView):
    """Fixes a sent proposal: a meeting per group, with the proposed (or chosen) host."""

    form_class = FixForm
    template_name = "grouping/fix.html"
    title = gettext_lazy("Fix the grouping")
    success_message = gettext_lazy("The grouping was fixed and its meetings were created.")

    @cached_property
    def proposed(self) -> list[int]:
        return selectors.proposed_hosts(self.proposal)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance")
        return {
            **kwargs,
            "groups": self.proposal.groups,
            "names": self.proposal.details["names"],
            "proposed": self.proposed,
            "initial": {"version": self.proposal.version},
        }

    def get_success_url(self):
        return self.proposal_url()

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "shown": selectors.proposal_view(self.proposal),
            "responses": selectors.response_table(self.proposal),
            "previous_hosts": list(selectors.previous_hosts(self.cycle).values()),
            "existing_meetings": list(self.cycle.meetings.order_by("date", "name")),
        }

    def save(self, form):
        hosts = Network.objects.in_bulk([i for i in form.host_ids() if i is not None])
        return services.proposal_fix(
            actor=self.request.user,
            proposal=self.proposal,
            version=form.cleaned_data["version"],
            hosts=[hosts.get(i) if i is not None else None for i in form.host_ids()],
        )


# A network's page


class RespondView(PermissionRequiredMixin, FormView):
    """A network's coordinators see the proposal sent to the networks and approve or object (with a reason)."""

    permission_required = "grouping.respond_to_proposal"
    form_class = RespondForm
    template_name = "grouping/respond.html"

    @cached_property
    def cycle(self) -> Cycle:
        return get_object_or_404(Cycle, year=self.kwargs["year"])

    @cached_property
    def network(self) -> Network:
        return get_object_or_404(Network, slug=self.kwargs["slug"])

    def get_permission_object(self):
        return self.network

    def dispatch(self, request, *args, **kwargs):
        allowed = request.user.is_authenticated and request.user.has_perm(self.permission_required, self.network)
        # Only a network taking part in the cycle has a page; the others learn nothing of the proposal.
        if allowed and not self.cycle.networks.filter(pk=self.network.pk, active=True).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def proposal(self) -> GroupingProposal | None:
        return selectors.proposal_out(self.cycle)

    @property
    def in_proposal(self) -> bool:
        return self.proposal is not None and any(self.network.pk in group for group in self.proposal.groups)

    def page_url(self) -> str:
        return reverse("grouping:respond", kwargs={"year": self.cycle.year, "slug": self.network.slug})

    def get_initial(self):
        if self.proposal is None:
            return {}
        response = self.response
        initial = {"proposal": self.proposal.pk, "version": self.proposal.version}
        if response is not None and response.is_current:
            initial.update(answer=response.answer, reason=response.reason)
        return initial

    @cached_property
    def response(self):
        if self.proposal is None:
            return None
        return selectors.response_of(self.proposal, self.network)

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        return {
            **super().get_context_data(**kwargs),
            "cycle": self.cycle,
            "network": self.network,
            "proposal": proposal,
            "shown": selectors.proposal_view(proposal) if proposal else None,
            "response": self.response,
            "in_proposal": self.in_proposal,
            "can_answer": self.in_proposal and proposal.state == ProposalState.SENT,
        }

    def form_valid(self, form):
        proposal = GroupingProposal.objects.filter(cycle=self.cycle, pk=form.cleaned_data["proposal"]).first()
        try:
            if proposal is None:
                raise ValidationError(services.stale_message(), code="stale")
            services.proposal_respond(
                actor=self.request.user,
                proposal=proposal,
                network=self.network,
                version=form.cleaned_data["version"],
                answer=form.cleaned_data["answer"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) in ("stale", "closed"):
                # The page shows the proposal as it stands now; the answer given to the old one is not kept.
                messages.error(self.request, error.messages[0])
                return redirect(self.page_url())
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you: your answer was recorded."))
        return redirect(self.page_url())
