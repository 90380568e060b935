"""Proposals for the grouping of a cycle's networks into meetings, and the networks' answers.

A proposal keeps what the optimizer (or the secretary, by moving networks) made of it: the groups
as lists of network ids, the weights and constraints it was made with, the total score and, per
group, its score and the explanation in every language of the site. The page and the mail show
what is stored here, never a recomputation, so that a network sees exactly what was sent.

Every change of the groups raises ``version``; a network answers one version, and an answer to an
earlier version no longer counts as an answer to the proposal as it stands.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from peerreview.core.models import TimeStampedModel
from peerreview.cycles.models import Cycle


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent to the networks")
    FIXED = "fixed", _("fixed")
    WITHDRAWN = "withdrawn", _("withdrawn")


# States in which the secretary may still move networks between groups.
EDITABLE_STATES = (ProposalState.DRAFT, ProposalState.SENT)


class GroupingProposal(TimeStampedModel):
    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="grouping_proposals", verbose_name=_("cycle")
    )
    # Numbered per cycle, so that "proposal 4" means the same thing to everyone who talks about it.
    number = models.PositiveSmallIntegerField(_("number"))
    state = models.CharField(_("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    # Weights as peerreview.grouping.optimizer.Weights fields; constraints with network ids:
    # {"excluded": [id, …], "must_meet": [[id, id], …], "must_not_meet": [[id, id], …]}.
    weights = models.JSONField(_("weights"), default=dict)
    constraints = models.JSONField(_("constraints"), default=dict)
    groups = models.JSONField(_("groups"), default=list, help_text=_("Network ids per group."))
    score = models.FloatField(_("score"), default=0.0)
    # The scored grouping as shown: names, per group score, contributions and explanations per language,
    # and whether the score is the proven optimum or how far it may be from it.
    details = models.JSONField(_("details"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_version = models.PositiveIntegerField(_("version sent"), null=True, blank=True)
    fixed_at = models.DateTimeField(_("fixed"), null=True, blank=True)
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("grouping proposal")
        verbose_name_plural = _("grouping proposals")
        ordering = ["cycle", "number"]
        constraints = [
            models.UniqueConstraint("cycle", "number", name="groupingproposal_number_unique_per_cycle"),
            # Networks answer one proposal at a time, and a cycle is grouped once.
            models.UniqueConstraint(
                "cycle",
                condition=models.Q(state__in=["sent", "fixed"]),
                name="groupingproposal_one_sent_or_fixed_per_cycle",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return gettext("Proposal %(number)d") % {"number": self.number}

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def changed_since_sent(self) -> bool:
        return self.state == ProposalState.SENT and self.sent_version != self.version

    def network_name(self, network_id: int) -> str:
        """The name as it was when the grouping was scored."""
        return self.details.get("names", {}).get(str(network_id), "?")

    def explanation(self, index: int) -> list[str]:
        """Group ``index``'s explanation in the reader's language (or the site's when not stored)."""
        texts = self.details["groups"][index]["explanation"]
        return texts.get(get_language()) or texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()), [])


class Answer(models.TextChoices):
    APPROVE = "approve", _("approves")
    OBJECT = "object", _("objects")


class ProposalResponse(TimeStampedModel):
    """A network's answer to a sent proposal; answering again replaces it (with the new time)."""

    proposal = models.ForeignKey(
        GroupingProposal, on_delete=models.CASCADE, related_name="responses", verbose_name=_("proposal")
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="grouping_responses", verbose_name=_("network")
    )
    version = models.PositiveIntegerField(_("version answered"))
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices)
    reason = models.TextField(_("reason"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("answer to a grouping proposal")
        verbose_name_plural = _("answers to grouping proposals")
        ordering = ["proposal", "network__name"]
        constraints = [
            models.UniqueConstraint("proposal", "network", name="proposalresponse_one_per_network"),
            models.CheckConstraint(
                condition=~models.Q(answer="object", reason=""),
                name="proposalresponse_objection_has_reason",
                violation_error_message=_("Give the reason for the objection."),
            ),
        ]

    def __str__(self):
        return f"{self.network} – {self.get_answer_display()}"

    @property
    def is_current(self) -> bool:
        """An answer to the proposal as it stands, not to an earlier version of it."""
        return self.version == self.proposal.version
