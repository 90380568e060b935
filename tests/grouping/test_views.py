"""The grouping pages: the secretary's settings, comparison, editing, sending and fixing; a network's
answer page; who may open which (a refused visitor gets 404 and changes nothing)."""

import pytest
from django.core import mail
from django.urls import reverse

from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.cycles.services import cycle_create, meeting_save
from peerreview.grouping import selectors, services
from peerreview.grouping.models import Answer, GroupingProposal, ProposalResponse
from peerreview.grouping.optimizer import Constraints, Weights
from tests.factories import CoordinatorContactFactory, NetworkFactory, PartnerSchoolFactory, UserFactory
from tests.factories.grouping import PlacedNetworkFactory, proposal_recorded, proposal_sent

pytestmark = pytest.mark.django_db


def url(name, proposal=None, **kwargs):
    if proposal is not None:
        kwargs = {"year": proposal.cycle.year, "number": proposal.number, **kwargs}
    return reverse(f"grouping:{name}", kwargs=kwargs)


def respond_url(network, year=2030):
    return reverse("grouping:respond", kwargs={"year": year, "slug": network.slug})


def settings_data(networks, **overrides) -> dict:
    data = {
        "mix": "1",
        "spread_large": "1",
        "proximity": "0.25",
        "proximity_direction": "near",
        "likeness": "0",
        "continuity": "0",
        "learning_fit": "1",
        "young_since": "2024",
        "meet-TOTAL_FORMS": "2",
        "meet-INITIAL_FORMS": "0",
        "apart-TOTAL_FORMS": "2",
        "apart-INITIAL_FORMS": "0",
    }
    return {**data, **overrides}


def state(proposal) -> tuple:
    proposal.refresh_from_db()
    return proposal.state, proposal.version, proposal.groups, proposal.score


# The secretary's pages


def test_settings_page_shows_weights_with_their_explanations(as_secretary, cycle):
    response = as_secretary.get(url("settings", year=2030))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Young or small with large" in page
    assert "A young or small network meets a large one in every meeting" in page
    assert 'name="meet-0-first"' in page and 'name="apart-1-second"' in page


def test_settings_post_makes_three_proposals(as_secretary, cycle, networks):
    data = settings_data(networks, **{"meet-0-first": networks[0].pk, "meet-0-second": networks[1].pk})
    data["proximity_direction"] = "far"

    response = as_secretary.post(url("settings", year=2030), data)

    assert response.status_code == 302
    assert response.headers["Location"] == url("proposals", year=2030)
    proposals = list(GroupingProposal.objects.filter(cycle=cycle))
    assert [p.number for p in proposals] == [1, 2, 3]
    assert proposals[0].weights["proximity"] == -0.25
    assert proposals[0].constraints["must_meet"] == [sorted([networks[0].pk, networks[1].pk])]


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ({"meet-0-first": 0, "meet-0-second": 0}, "needs two different networks"),
        ({"meet-0-first": 0, "meet-0-second": 1, "apart-0-first": 1, "apart-0-second": 0}, "cannot both have to meet"),
        ({"excluded": 1, "apart-0-first": 0, "apart-0-second": 1}, "does not take part, so it cannot be in a pair"),
        ({"meet-0-first": 0}, "Choose two networks, or none."),
    ],
)
def test_settings_post_with_wrong_pairs_shows_why_and_stores_nothing(as_secretary, cycle, networks, pairs, message):
    data = settings_data(networks, **{key: networks[index].pk for key, index in pairs.items()})

    response = as_secretary.post(url("settings", year=2030), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert GroupingProposal.objects.count() == 0


def test_settings_form_starts_from_the_last_proposal(as_secretary, cycle, networks, secretary):
    services.proposals_make(
        actor=secretary,
        cycle=cycle,
        weights=Weights(mix=2.5),
        constraints=Constraints(must_not_meet=((networks[0].pk, networks[2].pk),)),
    )

    response = as_secretary.get(url("settings", year=2030))

    form, apart = response.context["form"], response.context["apart_formset"]
    assert form["mix"].initial == 2.5
    assert apart.forms[0]["first"].initial == networks[0].pk
    assert len(apart.forms) == 3  # the pair and two empty rows


def test_proposals_page_shows_them_side_by_side_with_explanations(as_secretary, cycle, secretary):
    services.proposals_make(actor=secretary, cycle=cycle, weights=Weights(), constraints=Constraints())

    response = as_secretary.get(url("proposals", year=2030))

    views = response.context["comparison"]
    assert [view.proposal.number for view in views] == [1, 2, 3]
    assert [len(view.groups) for view in views] == [2, 2, 2]
    assert all(group.explanation for view in views for group in view.groups)
    page = response.content.decode()
    assert page.count('data-testid="proposal"') == 3
    assert "No grouping scores higher: checked against every possible grouping." in page


def _cycle_of(secretary, count, year):
    networks = PlacedNetworkFactory.create_batch(count)
    for index, member in enumerate(networks):
        PartnerSchoolFactory.create_batch(index % 4, network=member)
        CoordinatorContactFactory(network=member)
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=year), networks=networks)
    services.proposals_make(actor=secretary, cycle=cycle, weights=Weights(), constraints=Constraints())
    services.proposal_send(actor=secretary, proposal=cycle.grouping_proposals.get(number=1))
    return cycle


@pytest.mark.parametrize(("count", "year"), [(6, 2032), (12, 2034)])
def test_pages_query_count_does_not_grow_with_the_networks(
    as_secretary, secretary, django_assert_num_queries, count, year
):
    cycle = _cycle_of(secretary, count, year)
    proposal = cycle.grouping_proposals.get(number=1)

    with django_assert_num_queries(5):
        assert as_secretary.get(url("proposals", year=year)).status_code == 200
    with django_assert_num_queries(7):
        assert as_secretary.get(url("proposal", proposal)).status_code == 200
    with django_assert_num_queries(9):
        assert as_secretary.get(url("fix", proposal)).status_code == 200
    with django_assert_num_queries(6):
        assert as_secretary.get(url("settings", year=year)).status_code == 200
    first = proposal.cycle.networks.order_by("name").first()
    with django_assert_num_queries(7):
        assert as_secretary.get(respond_url(first, year=year)).status_code == 200


def test_gap_to_the_bound_is_shown_beyond_the_exact_limit(as_secretary, secretary):
    _cycle_of(secretary, 18, 2036)

    response = as_secretary.get(url("proposals", year=2036))

    assert response.context["comparison"][0].exact is False
    assert "Too many networks to try every grouping: found by local search." in response.content.decode()


def test_proposal_page_offers_drag_and_a_select_per_network(as_secretary, cycle, secretary):
    proposal = proposal_recorded(actor=secretary, cycle=cycle)

    response = as_secretary.get(url("proposal", proposal))

    page = response.content.decode()
    assert page.count('draggable="true"') == 6
    assert page.count('data-testid="move-select"') == 6
    assert "grouping/drag.js" in page


def test_move_by_select_swaps_and_raises_the_version(as_secretary, cycle, secretary):
    proposal = proposal_recorded(actor=secretary, cycle=cycle)
    a, b = proposal.groups[0][0], proposal.groups[1][0]

    response = as_secretary.post(url("move", proposal), {"network": a, "target": f"network-{b}", "version": 1})

    assert response.status_code == 302
    _state, version, groups, _score = state(proposal)
    assert version == 2 and b in groups[0] and a in groups[1]


def test_move_that_breaks_the_group_sizes_is_refused_and_stores_nothing(as_secretary, cycle, secretary):
    proposal = proposal_recorded(actor=secretary, cycle=cycle)
    before = state(proposal)

    response = as_secretary.post(
        url("move", proposal), {"network": proposal.groups[0][0], "target": "group-2", "version": 1}, follow=True
    )

    page = response.content.decode()
    assert "Nothing was changed:" in page
    assert "The groups have 2, 4 networks; for 6 networks they should have 3, 3." in page
    assert state(proposal) == before


def test_move_with_an_old_version_is_refused(as_secretary, cycle, secretary):
    proposal = proposal_recorded(actor=secretary, cycle=cycle)
    a, b = proposal.groups[0][0], proposal.groups[1][0]
    as_secretary.post(url("move", proposal), {"network": a, "target": f"network-{b}", "version": 1})
    before = state(proposal)

    response = as_secretary.post(
        url("move", proposal), {"network": a, "target": f"network-{b}", "version": 1}, follow=True
    )

    assert "The proposal has changed since you opened it; look at the new version." in response.content.decode()
    assert state(proposal) == before


def test_send_puts_a_message_per_coordinator_in_the_outbox(
    as_secretary, cycle, secretary, django_capture_on_commit_callbacks
):
    proposal = proposal_recorded(actor=secretary, cycle=cycle)

    with django_capture_on_commit_callbacks(execute=True):
        response = as_secretary.post(url("send", proposal), follow=True)

    assert "The proposal was sent: 6 messages are in the outbox." in response.content.decode()
    assert len(mail.outbox) == 6
    assert state(proposal)[0] == "sent"


def test_proposal_page_shows_the_answers(as_secretary, cycle, secretary, network, coordinator):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    services.proposal_respond(
        actor=coordinator, proposal=proposal, network=network, version=1, answer=Answer.OBJECT, reason="Te ver weg."
    )

    response = as_secretary.get(url("proposal", proposal))

    page = response.content.decode()
    assert "0 approved, 1 objected, 5 not yet answered." in page
    assert "Te ver weg." in page


def test_fix_page_warns_about_objections_and_proposes_hosts(as_secretary, cycle, secretary, network, coordinator):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    services.proposal_respond(
        actor=coordinator, proposal=proposal, network=network, version=1, answer=Answer.OBJECT, reason="Te ver weg."
    )

    response = as_secretary.get(url("fix", proposal))

    page = response.content.decode()
    assert "1 network objects to this proposal." in page
    assert "Te ver weg." in page
    form = response.context["form"]
    assert [form[f"host_{n}"].initial for n in (1, 2)] == selectors.proposed_hosts(proposal)


def test_fix_post_creates_the_meetings_with_the_chosen_hosts(as_secretary, cycle, secretary):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    first_host, second_host = proposal.groups[0][1], proposal.groups[1][2]

    response = as_secretary.post(url("fix", proposal), {"version": 1, "host_1": first_host, "host_2": second_host})

    assert response.status_code == 302
    meetings = list(cycle.meetings.order_by("name"))
    assert [m.host_network_id for m in meetings] == [first_host, second_host]
    assert state(proposal)[0] == "fixed"


def test_fix_post_when_meetings_exist_shows_why_and_creates_none(as_secretary, cycle, secretary, networks):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    meeting_save(actor=secretary, meeting=ReviewMeeting(cycle=cycle, name="Gesprek A"), networks=networks[:3])

    response = as_secretary.post(url("fix", proposal), {"version": 1, "host_1": "", "host_2": ""})

    assert response.status_code == 200
    assert "This cycle has meetings already (Gesprek A)." in response.content.decode()
    assert cycle.meetings.count() == 1


@pytest.mark.parametrize("name", ["proposals", "settings"])
def test_secretary_pages_are_404_for_a_coordinator(as_coordinator, cycle, name):
    assert as_coordinator.get(url(name, year=2030)).status_code == 404


def test_move_by_a_coordinator_is_404_and_changes_nothing(as_coordinator, cycle, secretary):
    proposal = proposal_recorded(actor=secretary, cycle=cycle)
    before = state(proposal)
    a, b = proposal.groups[0][0], proposal.groups[1][0]

    response = as_coordinator.post(url("move", proposal), {"network": a, "target": f"network-{b}", "version": 1})

    assert response.status_code == 404
    assert state(proposal) == before


# A network's answer page


def test_respond_page_before_anything_was_sent(as_coordinator, cycle, network):
    response = as_coordinator.get(respond_url(network))

    assert response.status_code == 200
    assert "No grouping has been proposed to the networks yet." in response.content.decode()


def test_respond_page_shows_the_sent_proposal_with_its_explanations(as_coordinator, cycle, secretary, network):
    proposal = proposal_sent(actor=secretary, cycle=cycle)

    response = as_coordinator.get(respond_url(network))

    page = response.content.decode()
    assert all(line in page for line in response.context["shown"].groups[0].explanation)
    assert response.context["form"].initial == {"proposal": proposal.pk, "version": 1}


def test_respond_approve(as_coordinator, cycle, secretary, network, coordinator):
    proposal = proposal_sent(actor=secretary, cycle=cycle)

    response = as_coordinator.post(
        respond_url(network), {"proposal": proposal.pk, "version": 1, "answer": "approve", "reason": ""}, follow=True
    )

    assert "Thank you: your answer was recorded." in response.content.decode()
    answer = ProposalResponse.objects.get()
    assert (answer.network, answer.answer, answer.responded_by, answer.version) == (network, "approve", coordinator, 1)


def test_respond_objection_without_reason_is_refused(as_coordinator, cycle, secretary, network):
    proposal = proposal_sent(actor=secretary, cycle=cycle)

    response = as_coordinator.post(
        respond_url(network), {"proposal": proposal.pk, "version": 1, "answer": "object", "reason": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Give the reason for the objection."]}
    assert ProposalResponse.objects.count() == 0


def test_respond_to_a_changed_proposal_is_refused_and_stores_nothing(as_coordinator, cycle, secretary, network):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    a, b = proposal.groups[0][0], proposal.groups[1][0]
    services.proposal_regroup(
        actor=secretary, proposal=proposal, groups=services.moved(proposal.groups, a, swap_with=b), version=1
    )

    response = as_coordinator.post(
        respond_url(network), {"proposal": proposal.pk, "version": 1, "answer": "approve", "reason": ""}, follow=True
    )

    assert "The proposal has changed since you opened it; look at the new version." in response.content.decode()
    assert response.context["form"].initial["version"] == 2
    assert ProposalResponse.objects.count() == 0


def test_respond_to_a_withdrawn_proposal_is_refused(as_coordinator, cycle, secretary, network):
    first = proposal_sent(actor=secretary, cycle=cycle)
    proposal_sent(actor=secretary, cycle=cycle)

    response = as_coordinator.post(
        respond_url(network), {"proposal": first.pk, "version": 1, "answer": "approve", "reason": ""}, follow=True
    )

    assert "The proposal has changed since you opened it" in response.content.decode()
    assert ProposalResponse.objects.count() == 0


def test_respond_page_of_another_network_is_404_and_post_changes_nothing(en_client, cycle, secretary, network):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    outsider = NetworkFactory(name="Netwerk Elders", slug="elders")
    stranger = CoordinatorContactFactory(network=outsider, email="coordinator@elders.example").user
    en_client.force_login(stranger)

    get = en_client.get(respond_url(network))
    post = en_client.post(respond_url(network), {"proposal": proposal.pk, "version": 1, "answer": "approve"})
    own = en_client.get(respond_url(outsider))  # a network that does not take part in the cycle

    assert (get.status_code, post.status_code, own.status_code) == (404, 404, 404)
    assert ProposalResponse.objects.count() == 0


@pytest.mark.parametrize("flag", ["is_chair", "is_expert"])
def test_respond_page_is_404_for_the_chair_and_the_expert(en_client, cycle, secretary, network, flag):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    en_client.force_login(UserFactory(**{flag: True}))

    get = en_client.get(respond_url(network))
    post = en_client.post(respond_url(network), {"proposal": proposal.pk, "version": 1, "answer": "approve"})

    assert (get.status_code, post.status_code) == (404, 404)
    assert ProposalResponse.objects.count() == 0


def test_respond_page_sends_anonymous_visitors_to_sign_in(client, cycle, network):
    response = client.get(respond_url(network))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))


def test_respond_page_after_fixing_shows_the_grouping_without_a_form(as_coordinator, cycle, secretary, network):
    proposal = proposal_sent(actor=secretary, cycle=cycle)
    services.proposal_fix(actor=secretary, proposal=proposal, version=1, hosts=[None, None])

    response = as_coordinator.get(respond_url(network))

    assert response.context["can_answer"] is False
    assert "The grouping was fixed on" in response.content.decode()
