"""A coordinator answers the follow-up questionnaire in the browser and submits it; the secretary
then sees the network's answers in the follow-up overview."""

import pytest
from playwright.sync_api import expect

from peerreview.cycles.models import Cycle
from peerreview.cycles.services import cycle_create
from surveys import services_followup as services
from surveys.models import FollowUp, PreviousActionPoint
from tests.e2e.conftest import sign_in
from tests.factories import CoordinatorContactFactory, NetworkFactory, SecretaryFactory

PAGE = "/preparations/2018/utrecht/follow-up/"
OVERVIEW = "/cycles/2018/preparations/follow-up/"


@pytest.fixture
def world(live_server):
    secretary = SecretaryFactory(email="sanne@vo-ho.example")
    utrecht = NetworkFactory(name="Utrecht", slug="utrecht")
    limburg = NetworkFactory(name="Limburg", slug="limburg")
    cycle = cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[utrecht, limburg])
    for text in ("Effectmeting ontwikkelen voor het docentenprogramma", "Ervaringen delen over het partnermodel"):
        services.action_point_save(actor=secretary, point=PreviousActionPoint(cycle=cycle, network=utrecht, text=text))
    anna = CoordinatorContactFactory(network=utrecht, name="Anna", email="anna@utrecht.example").user
    return cycle, secretary, anna


def test_coordinator_fills_and_submits_and_secretary_sees_it(live_server, page, world):
    cycle, secretary, anna = world
    sign_in(page.context, live_server, anna)
    page.goto(PAGE)

    # The page speaks Dutch: fields are found by name and value, not by their labels.
    first = page.get_by_test_id("item").first
    first.locator('input[value="done"]').check()
    first.locator('textarea[name$="-comment"]').fill("Pilot met een vragenlijst na elke workshop.")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("item").first.locator('input[value="done"]')).to_be_checked()

    # Submitting with one action point unanswered is refused, and says which one.
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("submit-problems")).to_contain_text("Ervaringen delen over het partnermodel")

    page.get_by_test_id("item").nth(1).locator('input[value="in_progress"]').check()
    page.locator('input[name="exchange-exchange"][value="partly"]').check()
    page.locator('textarea[name="exchange-exchange_explanation"]').fill("Met Limburg over partnerschap.")
    page.get_by_test_id("submit").click()

    expect(page.get_by_test_id("read-only")).to_be_visible()
    expect(page.get_by_test_id("followup-state")).to_have_attribute("data-state", "submitted")
    follow_up = FollowUp.objects.get(cycle=cycle, network__slug="utrecht")
    assert list(follow_up.items.order_by("position").values_list("state", "comment")) == [
        ("done", "Pilot met een vragenlijst na elke workshop."),
        ("in_progress", ""),
    ]
    assert (follow_up.exchange, follow_up.submitted_by) == ("partly", anna)

    page.context.clear_cookies()
    sign_in(page.context, live_server, secretary)
    page.goto(OVERVIEW)
    row = page.locator('tr[data-network="utrecht"]')
    expect(row).to_have_attribute("data-state", "submitted")
    expect(row.locator('[data-count="done"]')).to_have_text("1")
    expect(row.locator('[data-count="in_progress"]')).to_have_text("1")
    expect(row.get_by_test_id("exchange")).to_have_attribute("data-exchange", "partly")
    expect(page.locator('tr[data-network="limburg"]')).to_have_attribute("data-state", "not_started")
