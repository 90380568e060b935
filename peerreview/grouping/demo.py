"""The grouping part of the demo: cycle 2018's proposal, as it stands in a month of the cycle.

The demo cycle keeps 2016's grouping (the seeds' section 1.5), with Zuid-Holland and Leiden, who
work closely together, as a pair that must meet. In October the proposal is out with the networks
(sent on the 9th): by the 15th six have approved and Oost has objected. From November the grouping
is fixed (on 30 October, every network having approved), matching the meetings that
``peerreview.cycles.demo`` creates from then on.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from networks.selectors import coordinators_by_network
from peerreview.cycles.demo import MEETINGS
from peerreview.cycles.enums import CYCLE_MONTHS
from peerreview.cycles.models import Cycle
from peerreview.grouping import inputs, services
from peerreview.grouping.models import Answer, GroupingProposal, ProposalResponse, ProposalState
from peerreview.grouping.optimizer import Constraints

MUST_MEET = ("zuid-holland", "leiden")
SENT_ON = date(2017, 10, 9)
FIXED_ON = date(2017, 10, 30)
# In October, as it stands on the 15th: who answered, on which day, and why Oost objects.
OCTOBER_ANSWERS = (
    ("utrecht", date(2017, 10, 10), Answer.APPROVE, ""),
    ("zeeland", date(2017, 10, 10), Answer.APPROVE, ""),
    ("leiden", date(2017, 10, 11), Answer.APPROVE, "Fijn dat we samen met Zuid-Holland kunnen optrekken."),
    ("zuid-holland", date(2017, 10, 11), Answer.APPROVE, ""),
    ("nijmegen", date(2017, 10, 12), Answer.APPROVE, ""),
    ("brabant", date(2017, 10, 13), Answer.APPROVE, ""),
    (
        "oost",
        date(2017, 10, 13),
        Answer.OBJECT,
        "We spraken in 2016 ook al met Amsterdam en Zeeland. We leren graag van Noord, dat net als wij "
        "een grote regio met veel kleine scholen bedient.",
    ),
)


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _groups(cycle: Cycle, stage: int) -> list[list[int]]:
    """From November the meetings' networks, in the meetings' order; before, the demo's plan for them."""
    if stage >= CYCLE_MONTHS.index(11) and cycle.meetings.exists():
        return [
            [network.pk for network in meeting.networks.order_by("name")]
            for meeting in cycle.meetings.prefetch_related("networks").order_by("name")
        ]
    by_slug = {network.slug: network.pk for network in cycle.networks.all()}
    return [[by_slug[slug] for slug in slugs if slug in by_slug] for _name, slugs, _host, _day in MEETINGS]


@transaction.atomic
def load_grouping(*, actor, cycle: Cycle, month: int | None) -> GroupingProposal | None:
    """Give the demo cycle its grouping proposal as it stands in ``month`` (October when None).

    Does nothing when the cycle has proposals already. Written through the services (so the
    groups are checked and scored as for a real cycle), then dated as if done in October 2017; the
    proposal is marked sent without writing mail, as the demo's outbox should not fill with it.
    """
    month = month or CYCLE_MONTHS[0]
    stage = CYCLE_MONTHS.index(month)
    if cycle.grouping_proposals.exists():
        return None
    by_slug = {network.slug: network for network in cycle.networks.all()}
    constraints = Constraints(
        must_meet=((by_slug[MUST_MEET[0]].pk, by_slug[MUST_MEET[1]].pk),) if set(MUST_MEET) <= set(by_slug) else ()
    )
    proposal = services.proposal_record(
        actor=actor,
        cycle=cycle,
        groups=_groups(cycle, stage),
        weights=inputs.default_weights(cycle),
        constraints=constraints,
    )
    GroupingProposal.objects.filter(pk=proposal.pk).update(
        state=ProposalState.SENT,
        sent_at=_aware(SENT_ON, 10),
        sent_by=actor,
        sent_version=proposal.version,
        created_at=_aware(SENT_ON, 9),
    )
    proposal.refresh_from_db()
    if stage >= CYCLE_MONTHS.index(11):
        members = {network_id for group in proposal.groups for network_id in group}
        answers = [
            (slug, date(2017, 10, 10 + index % 10), Answer.APPROVE, "")
            for index, (slug, network) in enumerate(sorted(by_slug.items()))
            if network.pk in members
        ]
    else:
        answers = [answer for answer in OCTOBER_ANSWERS if answer[0] in by_slug]
    coordinators = coordinators_by_network([network.pk for network in by_slug.values()])
    for slug, day, answer, reason in answers:
        network = by_slug[slug]
        response = services.proposal_respond(
            actor=(coordinators.get(network.pk) or [actor])[0],
            proposal=proposal,
            network=network,
            version=proposal.version,
            answer=answer,
            reason=reason,
        )
        ProposalResponse.objects.filter(pk=response.pk).update(responded_at=_aware(day, 14))
    if stage >= CYCLE_MONTHS.index(11):
        # The meetings exist already (peerreview.cycles.demo), so the grouping is marked fixed
        # rather than fixed through the service, which would create them.
        GroupingProposal.objects.filter(pk=proposal.pk).update(
            state=ProposalState.FIXED, fixed_at=_aware(FIXED_ON, 11), fixed_by=actor
        )
        proposal.refresh_from_db()
    return proposal
