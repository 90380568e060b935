"""The grouping's writes: proposals made and checked, networks moved, sent, answered and fixed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from peerreview.cycles.enums import TaskState
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.cycles.services import cycle_create, meeting_save
from peerreview.grouping import inputs, selectors, services
from peerreview.grouping.models import Answer, GroupingProposal, ProposalResponse, ProposalState
from peerreview.grouping.optimizer import Constraints, Weights, score_partition
from peerreview.mail.models import OutboxMessage
from tests.factories import CycleFactory, NetworkFactory
from tests.factories.grouping import proposal_recorded, proposal_sent

pytestmark = pytest.mark.django_db


def ids(networks):
    return [network.pk for network in networks]


def snapshot(proposal: GroupingProposal) -> dict:
    proposal.refresh_from_db()
    return {
        "state": proposal.state,
        "version": proposal.version,
        "groups": proposal.groups,
        "score": proposal.score,
        "details": proposal.details,
    }


# Making proposals


def test_proposals_make_stores_three_drafts_best_first_explained_in_every_language(secretary, cycle):
    proposals = services.proposals_make(actor=secretary, cycle=cycle, weights=Weights(), constraints=Constraints())

    assert [(p.number, p.state, p.version) for p in proposals] == [(1, "draft", 1), (2, "draft", 1), (3, "draft", 1)]
    assert proposals[0].score >= proposals[1].score >= proposals[2].score
    best = proposals[0]
    assert sorted(len(group) for group in best.groups) == [3, 3]
    assert best.score == pytest.approx(sum(group["score"] for group in best.details["groups"]))
    assert best.details["exact"] is True
    for group in best.details["groups"]:
        assert set(group["explanation"]) == {"nl", "en"}
        assert group["explanation"]["en"]
    with translation.override("en"):
        assert best.explanation(0) == best.details["groups"][0]["explanation"]["en"]


def test_proposal_scores_match_the_optimizer(secretary, cycle):
    best = services.proposals_make(actor=secretary, cycle=cycle, weights=Weights(), constraints=Constraints())[0]

    expected = score_partition(best.groups, inputs.network_inputs(cycle), Weights())
    assert best.score == pytest.approx(expected.score)


def test_proposals_make_again_withdraws_the_drafts_but_not_the_sent_one(secretary, cycle):
    first = services.proposals_make(actor=secretary, cycle=cycle, weights=Weights(), constraints=Constraints())
    services.proposal_send(actor=secretary, proposal=first[1])

    second = services.proposals_make(actor=secretary, cycle=cycle, weights=Weights(), constraints=Constraints())

    states = dict(GroupingProposal.objects.filter(cycle=cycle).values_list("number", "state"))
    assert states == {1: "withdrawn", 2: "sent", 3: "withdrawn", 4: "draft", 5: "draft", 6: "draft"}
    assert [p.number for p in selectors.proposals_to_compare(cycle)] == [2, 4, 5, 6]
    assert [p.number for p in second] == [4, 5, 6]


def test_proposals_keep_the_weights_and_constraints_they_were_made_with(secretary, cycle, networks):
    weights = Weights(mix=2.0, proximity=-0.5, young_since=2010)
    constraints = Constraints(
        excluded=frozenset({networks[5].pk}), must_meet=((networks[1].pk, networks[0].pk),), must_not_meet=()
    )

    proposal = services.proposals_make(actor=secretary, cycle=cycle, weights=weights, constraints=constraints)[0]

    assert proposal.weights["mix"] == 2.0 and proposal.weights["proximity"] == -0.5
    assert proposal.constraints == {
        "excluded": [networks[5].pk],
        "must_meet": [sorted([networks[0].pk, networks[1].pk])],
        "must_not_meet": [],
    }
    assert selectors.last_settings(cycle) == (weights, services.normalised(constraints))
    group = next(group for group in proposal.groups if networks[0].pk in group)
    assert networks[1].pk in group
    assert networks[5].pk not in {i for group in proposal.groups for i in group}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda n: Constraints(must_meet=((n[0].pk, n[0].pk),)),
            "A pair that must meet needs two different networks, not Netwerk Utrecht twice.",
        ),
        (
            lambda n: Constraints(must_meet=((n[0].pk, n[1].pk),), must_not_meet=((n[1].pk, n[0].pk),)),
            "Netwerk Utrecht and Netwerk Limburg cannot both have to meet and have to not meet.",
        ),
        (
            lambda n: Constraints(excluded=frozenset({n[1].pk}), must_not_meet=((n[0].pk, n[1].pk),)),
            "Netwerk Limburg does not take part, so it cannot be in a pair that must not meet.",
        ),
        (
            lambda n: Constraints(
                must_meet=((n[0].pk, n[2].pk), (n[2].pk, n[1].pk)), must_not_meet=((n[0].pk, n[1].pk),)
            ),
            "Netwerk Utrecht and Netwerk Limburg must not meet, but the pairs that must meet put them in one group.",
        ),
    ],
)
def test_proposals_make_refuses_wrong_constraints_and_stores_nothing(secretary, cycle, networks, make, message):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.proposals_make(actor=secretary, cycle=cycle, weights=Weights(), constraints=make(networks))

    assert message in refused.value.messages
    assert GroupingProposal.objects.count() == 0


def test_proposals_make_refuses_constraints_that_cannot_be_met(secretary, cycle, networks):
    # Four networks that must meet cannot fit in groups of three.
    chain = tuple((networks[i].pk, networks[i + 1].pk) for i in range(3))

    with translation.override("en"), pytest.raises(ValidationError):
        services.proposals_make(
            actor=secretary, cycle=cycle, weights=Weights(), constraints=Constraints(must_meet=chain)
        )

    assert GroupingProposal.objects.count() == 0


def test_proposals_make_refused_once_fixed(secretary, cycle):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    services.proposal_fix(actor=secretary, proposal=proposal, version=proposal.version, hosts=[None, None])

    with pytest.raises(ValidationError):
        services.proposals_make(actor=secretary, cycle=cycle, weights=Weights(), constraints=Constraints())


def test_proposal_record_refuses_a_grouping_that_misses_a_network(secretary, cycle, networks):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.proposal_record(
            actor=secretary, cycle=cycle, groups=[ids(networks[:3]), ids(networks[3:5])], weights=Weights()
        )

    assert f"{networks[5].name} is in no group." in refused.value.messages
    assert GroupingProposal.objects.count() == 0


# Moving networks


def test_moved_moves_or_swaps():
    groups = [[1, 2, 3], [4, 5, 6, 7]]

    assert services.moved(groups, 4, to_group=0) == [[1, 2, 3, 4], [5, 6, 7]]
    assert services.moved(groups, 2, swap_with=6) == [[1, 6, 3], [4, 5, 2, 7]]
    assert groups == [[1, 2, 3], [4, 5, 6, 7]]


def test_proposal_regroup_swap_raises_the_version_and_scores_again(secretary, cycle, networks):
    proposal = proposal_recorded(actor=secretary, cycle=cycle)
    a, b = proposal.groups[0][0], proposal.groups[1][0]

    services.proposal_regroup(
        actor=secretary, proposal=proposal, groups=services.moved(proposal.groups, a, swap_with=b), version=1
    )

    proposal.refresh_from_db()
    assert proposal.version == 2
    assert b in proposal.groups[0] and a in proposal.groups[1]
    expected = score_partition(proposal.groups, inputs.network_inputs(cycle), inputs.default_weights(cycle))
    assert proposal.score == pytest.approx(expected.score)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda g: [g[0] + [g[1][0]], g[1]], "is in more than one group: 1 and 2."),
        (lambda g: [g[0], g[1][:2]], "is in no group."),
        (
            lambda g: [g[0] + [g[1][0]], g[1][1:]],
            "The groups have 2, 4 networks; for 6 networks they should have 3, 3.",
        ),
    ],
)
def test_proposal_regroup_refuses_a_bad_grouping_and_stores_nothing(secretary, cycle, change, message):
    proposal = proposal_recorded(actor=secretary, cycle=cycle)
    before = snapshot(proposal)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.proposal_regroup(actor=secretary, proposal=proposal, groups=change(proposal.groups), version=1)

    assert any(text.endswith(message) for text in refused.value.messages), refused.value.messages
    assert snapshot(proposal) == before


def test_proposal_regroup_refuses_to_break_a_must_not_meet_pair(secretary, cycle, networks):
    a, b = networks[0].pk, networks[1].pk
    proposal = services.proposals_make(
        actor=secretary, cycle=cycle, weights=Weights(), constraints=Constraints(must_not_meet=((a, b),))
    )[0]
    before = snapshot(proposal)
    # Swapping b with one of a's companions puts the two together.
    companion = next(i for i in _group_of(proposal, a) if i != a)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.proposal_regroup(
            actor=secretary,
            proposal=proposal,
            groups=services.moved(proposal.groups, b, swap_with=companion),
            version=1,
        )

    assert refused.value.messages == [
        f"{networks[0].name} and {networks[1].name} must not meet but are both in group "
        f"{proposal.groups.index(_group_of(proposal, a)) + 1}."
    ]
    assert snapshot(proposal) == before


def _group_of(proposal, network_id):
    return next(group for group in proposal.groups if network_id in group)


def test_proposal_regroup_refuses_a_stale_version(secretary, cycle):
    proposal = proposal_recorded(actor=secretary, cycle=cycle)
    a, b = proposal.groups[0][0], proposal.groups[1][0]
    services.proposal_regroup(
        actor=secretary, proposal=proposal, groups=services.moved(proposal.groups, a, swap_with=b), version=1
    )
    before = snapshot(proposal)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.proposal_regroup(
            actor=secretary, proposal=proposal, groups=services.moved(proposal.groups, a, swap_with=b), version=1
        )

    assert refused.value.messages == ["The proposal has changed since you opened it; look at the new version."]
    assert snapshot(proposal) == before


def test_proposal_regroup_refused_for_a_withdrawn_proposal(secretary, cycle):
    proposal = proposal_recorded(actor=secretary, cycle=cycle)
    services.proposals_make(actor=secretary, cycle=cycle, weights=Weights(), constraints=Constraints())
    a, b = proposal.groups[0][0], proposal.groups[1][0]

    with pytest.raises(ValidationError):
        services.proposal_regroup(
            actor=secretary, proposal=proposal, groups=services.moved(proposal.groups, a, swap_with=b), version=1
        )

    proposal.refresh_from_db()
    assert (proposal.state, proposal.version) == ("withdrawn", 1)


# Sending


def test_proposal_send_mails_every_coordinator_a_link_to_their_network_page(
    secretary, cycle, networks, coordinator, django_capture_on_commit_callbacks
):
    proposal = proposal_recorded(actor=secretary, cycle=cycle)
    coordinator.language = "en"
    coordinator.save()

    with django_capture_on_commit_callbacks(execute=True):
        count = services.proposal_send(actor=secretary, proposal=proposal)

    assert count == 6
    assert len(mail.outbox) == 6
    assert OutboxMessage.objects.filter(template_key="grouping.proposal_sent").count() == 6
    sent = next(message for message in mail.outbox if message.to == [coordinator.email])
    assert sent.subject == "Proposed grouping for the 2030 peer review meetings: your approval, please"
    assert (
        "http://testserver/grouping/2030/networks/utrecht/" in sent.body
        or "/grouping/2030/networks/utrecht/" in sent.body
    )
    assert "Meeting 1: " in sent.body and networks[0].name in sent.body
    proposal.refresh_from_db()
    assert (proposal.state, proposal.sent_by, proposal.sent_version) == ("sent", secretary, 1)


def test_proposal_send_withdraws_the_proposal_sent_before(secretary, cycle):
    first = proposal_sent(actor=secretary, cycle=cycle)
    second = proposal_recorded(actor=secretary, cycle=cycle)

    services.proposal_send(actor=secretary, proposal=second)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("withdrawn", "sent")
    assert selectors.proposal_out(cycle) == second


def test_proposal_send_skips_networks_without_coordinator(secretary, cycle, networks):
    networks[5].contacts.all().delete()
    proposal = proposal_recorded(actor=secretary, cycle=cycle)

    count = services.proposal_send(actor=secretary, proposal=proposal)

    assert count == 5
    assert selectors.response_table(proposal).without_coordinator == [networks[5]]


# Answering


def test_proposal_respond_approve_is_recorded(secretary, cycle, network, coordinator):
    proposal = proposal_sent(actor=secretary, cycle=cycle)

    response = services.proposal_respond(
        actor=coordinator, proposal=proposal, network=network, version=1, answer=Answer.APPROVE
    )

    assert (response.answer, response.version, response.responded_by, response.reason) == (
        "approve",
        1,
        coordinator,
        "",
    )
    table = selectors.response_table(proposal)
    assert (table.approved, table.objected, table.unanswered) == (1, 0, 5)


def test_proposal_respond_objection_needs_a_reason(secretary, cycle, network, coordinator):
    proposal = proposal_sent(actor=secretary, cycle=cycle)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.proposal_respond(
            actor=coordinator, proposal=proposal, network=network, version=1, answer=Answer.OBJECT, reason="  "
        )

    assert refused.value.message_dict == {"reason": ["Give the reason for the objection."]}
    assert ProposalResponse.objects.count() == 0


def test_proposal_respond_again_replaces_the_answer_with_its_time(secretary, cycle, network, coordinator):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    first = services.proposal_respond(
        actor=coordinator, proposal=proposal, network=network, version=1, answer=Answer.OBJECT, reason="Te ver."
    )
    ProposalResponse.objects.filter(pk=first.pk).update(responded_at=first.responded_at - timedelta(days=2))

    second = services.proposal_respond(
        actor=coordinator, proposal=proposal, network=network, version=1, answer=Answer.APPROVE
    )

    assert ProposalResponse.objects.count() == 1
    assert (second.pk, second.answer, second.reason) == (first.pk, "approve", "")
    assert second.responded_at > first.responded_at - timedelta(days=1)


def test_proposal_respond_refuses_a_stale_version_and_stores_nothing(secretary, cycle, network, coordinator):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    a, b = proposal.groups[0][0], proposal.groups[1][0]
    services.proposal_regroup(
        actor=secretary, proposal=proposal, groups=services.moved(proposal.groups, a, swap_with=b), version=1
    )

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.proposal_respond(
            actor=coordinator, proposal=proposal, network=network, version=1, answer=Answer.APPROVE
        )

    assert refused.value.messages == ["The proposal has changed since you opened it; look at the new version."]
    assert ProposalResponse.objects.count() == 0


def test_answer_to_an_earlier_version_no_longer_counts(secretary, cycle, network, coordinator):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    services.proposal_respond(actor=coordinator, proposal=proposal, network=network, version=1, answer=Answer.APPROVE)
    a, b = proposal.groups[0][0], proposal.groups[1][0]

    services.proposal_regroup(
        actor=secretary, proposal=proposal, groups=services.moved(proposal.groups, a, swap_with=b), version=1
    )

    proposal.refresh_from_db()
    assert proposal.changed_since_sent
    row = next(row for row in selectors.response_table(proposal).rows if row.network == network)
    assert (row.state, selectors.response_table(proposal).approved) == ("earlier", 0)


def test_proposal_respond_refused_for_a_withdrawn_proposal(secretary, cycle, network, coordinator):
    first = proposal_sent(actor=secretary, cycle=cycle)
    proposal_sent(actor=secretary, cycle=cycle)

    with pytest.raises(ValidationError):
        services.proposal_respond(actor=coordinator, proposal=first, network=network, version=1, answer=Answer.APPROVE)

    assert ProposalResponse.objects.count() == 0


def test_proposal_respond_refused_for_a_network_outside_the_proposal(secretary, cycle, networks):
    outsider = NetworkFactory(name="Netwerk Elders")
    proposal = proposal_sent(actor=secretary, cycle=cycle)

    with pytest.raises(ValidationError):
        services.proposal_respond(actor=secretary, proposal=proposal, network=outsider, version=1, answer="approve")

    assert ProposalResponse.objects.count() == 0


# Fixing


@pytest.fixture
def previous_hosts(secretary, networks):
    """A previous cycle in which Utrecht (the largest) and networks[4] (the second largest) hosted."""
    previous = CycleFactory(year=2028)
    for number, host in ((1, networks[0]), (2, networks[4])):
        meeting_save(
            actor=secretary,
            meeting=ReviewMeeting(cycle=previous, name=f"Gesprek {number}", host_network=host),
            networks=[host],
        )
    return previous


def test_proposed_hosts_prefer_networks_that_did_not_host_then_the_largest(secretary, networks, previous_hosts):
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=2030), networks=networks)
    # Sizes 6, 1, 3, 2, 4, 0 (partner schools).
    groups = [ids([networks[0], networks[1], networks[2]]), ids([networks[3], networks[4], networks[5]])]
    proposal = proposal_recorded(actor=secretary, cycle=cycle, groups=groups)

    # Utrecht (6) and networks[4] (4) hosted last time: the next largest of each group.
    assert selectors.proposed_hosts(proposal) == [networks[2].pk, networks[3].pk]


def test_proposed_hosts_without_previous_cycle_are_the_largest(secretary, cycle, networks):
    groups = [ids([networks[0], networks[1], networks[2]]), ids([networks[3], networks[4], networks[5]])]
    proposal = proposal_recorded(actor=secretary, cycle=cycle, groups=groups)

    assert selectors.proposed_hosts(proposal) == [networks[0].pk, networks[4].pk]


def test_proposal_fix_creates_a_meeting_per_group_with_its_host_and_ticks_the_tasks(secretary, cycle, networks):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    other = proposal_recorded(actor=secretary, cycle=cycle)
    by_id = {network.pk: network for network in networks}
    hosts = [by_id[group[-1]] for group in proposal.groups]

    with translation.override("en"):
        meetings = services.proposal_fix(actor=secretary, proposal=proposal, version=1, hosts=hosts)

    assert [(m.name, m.host_network, sorted(m.networks.values_list("pk", flat=True))) for m in meetings] == [
        (f"Peer review gesprek {number}", host, sorted(group))
        for number, (host, group) in enumerate(zip(hosts, proposal.groups, strict=True), start=1)
    ]
    proposal.refresh_from_db()
    other.refresh_from_db()
    assert (proposal.state, proposal.fixed_by, other.state) == ("fixed", secretary, "withdrawn")
    tasks = dict(cycle.tasks.filter(key__in=["grouping", "hosts"]).values_list("key", "state"))
    assert tasks == {"grouping": TaskState.DONE, "hosts": TaskState.DONE}
    # The timeline follows: the meeting-bound rows now exist per meeting.
    assert cycle.tasks.filter(key="preparation", meeting__in=meetings).count() == 2


def test_proposal_fix_without_every_host_leaves_the_hosts_task_open(secretary, cycle):
    proposal = proposal_sent(actor=secretary, cycle=cycle)

    services.proposal_fix(actor=secretary, proposal=proposal, version=1, hosts=[None, None])

    tasks = dict(cycle.tasks.filter(key__in=["grouping", "hosts"]).values_list("key", "state"))
    assert tasks == {"grouping": TaskState.DONE, "hosts": TaskState.OPEN}


def test_proposal_fix_refuses_a_host_outside_its_group(secretary, cycle, networks):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    outsider = next(n for n in networks if n.pk in proposal.groups[1])

    with pytest.raises(ValidationError):
        services.proposal_fix(actor=secretary, proposal=proposal, version=1, hosts=[outsider, None])

    assert (cycle.meetings.count(), GroupingProposal.objects.get(pk=proposal.pk).state) == (0, "sent")


def test_proposal_fix_refuses_when_the_cycle_has_meetings(secretary, cycle, networks):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    meeting_save(actor=secretary, meeting=ReviewMeeting(cycle=cycle, name="Gesprek A"), networks=networks[:3])

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.proposal_fix(actor=secretary, proposal=proposal, version=1, hosts=[None, None])

    assert "This cycle has meetings already (Gesprek A)." in refused.value.messages[0]
    assert list(cycle.meetings.values_list("name", flat=True)) == ["Gesprek A"]
    assert GroupingProposal.objects.get(pk=proposal.pk).state == "sent"


def test_proposal_fix_refuses_a_draft_and_a_stale_version(secretary, cycle):
    draft = proposal_recorded(actor=secretary, cycle=cycle)
    with pytest.raises(ValidationError):
        services.proposal_fix(actor=secretary, proposal=draft, version=1, hosts=[None, None])
    sent = proposal_sent(actor=secretary, cycle=cycle)
    with pytest.raises(ValidationError):
        services.proposal_fix(actor=secretary, proposal=sent, version=0, hosts=[None, None])

    assert cycle.meetings.count() == 0


def test_proposal_fix_with_objections_still_fixes(secretary, cycle, network, coordinator):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    services.proposal_respond(
        actor=coordinator, proposal=proposal, network=network, version=1, answer="object", reason="Te ver weg."
    )

    services.proposal_fix(actor=secretary, proposal=proposal, version=1, hosts=[None, None])

    assert (cycle.meetings.count(), GroupingProposal.objects.get(pk=proposal.pk).state) == (2, ProposalState.FIXED)
