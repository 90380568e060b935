"""The grouping in the browser: the secretary makes proposals for the demo networks, drags a network
to another meeting, sends the proposal; a coordinator approves; the secretary fixes the grouping."""

import pytest
from playwright.sync_api import expect

from networks.demo import load_registry
from networks.models import Network
from networks.selectors import coordinators_by_network
from peerreview.accounts.models import User
from peerreview.cycles.models import Cycle
from peerreview.cycles.services import cycle_create
from peerreview.grouping.models import GroupingProposal, ProposalResponse
from peerreview.mail.models import OutboxMessage
from tests.e2e.conftest import TIMEOUT_MS, sign_in


@pytest.fixture
def world(live_server, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    load_registry(scale=1)
    secretary = User.objects.filter(is_staff=True).order_by("pk").first()
    networks = list(Network.objects.filter(active=True))
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=networks)
    return cycle, secretary


def test_secretary_proposes_drags_sends_coordinator_approves_secretary_fixes(page, browser, live_server, world):
    cycle, secretary = world
    sign_in(page.context, live_server, secretary)

    # Make proposals with the default weights: three, side by side.
    page.goto("/grouping/2018/settings/")
    page.get_by_test_id("settings-form").locator('button[type="submit"]').click()
    expect(page.get_by_test_id("proposal")).to_have_count(3)
    page.get_by_test_id("proposal").first.locator("h2 a").click()

    # Drag a network of meeting 1 onto a network of meeting 2: the two swap places.
    proposal = GroupingProposal.objects.get(cycle=cycle, number=1)
    dragged, onto = proposal.groups[0][0], proposal.groups[1][0]
    source = page.locator(f'[data-testid="network"][data-network="{dragged}"]')
    target = page.locator(f'[data-testid="network"][data-network="{onto}"]')
    # Grab the network by its name (the select beside it is a form control, not a handle).
    source.drag_to(target, source_position={"x": 12, "y": 12}, target_position={"x": 12, "y": 12})
    expect(page.locator(f'[data-group="2"] [data-testid="network"][data-network="{dragged}"]')).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.version == 2
    assert onto in proposal.groups[0] and dragged in proposal.groups[1]

    # Send it: every coordinator of the eleven networks gets a message.
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("responses")).to_be_visible(timeout=TIMEOUT_MS)
    coordinators = coordinators_by_network([network.pk for network in cycle.networks.all()])
    sent = OutboxMessage.objects.filter(template_key="grouping.proposal_sent").count()
    assert sent == sum(len(users) for users in coordinators.values()) > 0

    # A coordinator of Utrecht opens the link and approves.
    utrecht = Network.objects.get(slug="utrecht")
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    sign_in(context, live_server, coordinators[utrecht.pk][0])
    coordinator_page = context.new_page()
    coordinator_page.goto("/grouping/2018/networks/utrecht/")
    expect(coordinator_page.get_by_test_id("proposal")).to_contain_text(utrecht.name)
    coordinator_page.locator('input[name="answer"][value="approve"]').check()
    coordinator_page.locator('form input[type="submit"]').click()
    expect(coordinator_page.get_by_test_id("my-response")).to_be_visible()
    context.close()
    assert ProposalResponse.objects.get(proposal=proposal).answer == "approve"

    # The secretary sees the answer and fixes the grouping with the proposed hosts.
    page.reload()
    expect(page.locator('[data-testid="response-row"][data-network="utrecht"]')).to_have_attribute(
        "data-state", "approve"
    )
    page.get_by_test_id("fix-link").click()
    expect(page.get_by_test_id("fix-warning")).to_be_visible()  # ten networks have not answered
    page.locator('form input[type="submit"]').click()
    expect(page.get_by_test_id("fixed")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.state == "fixed"
    meetings = list(cycle.meetings.prefetch_related("networks").order_by("name"))
    assert [sorted(n.pk for n in m.networks.all()) for m in meetings] == [sorted(g) for g in proposal.groups]
    assert all(meeting.host_network_id is not None for meeting in meetings)
