"""The follow-up pages: the coordinator's questionnaire and the secretary's overview, export, sending,
settings and the previous cycle's action points.

Requests ask for English (Accept-Language) so that the assertions read the msgids.
"""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from peerreview.cycles.models import Cycle
from peerreview.cycles.services import cycle_create
from surveys import services_followup as services
from surveys.models import FollowUp, FollowUpItem, FollowUpSettings, PreviousActionPoint
from surveys.selectors_followup import followups_for_home
from tests.factories import NetworkFactory
from tests.factories.surveys import FollowUpFactory, FollowUpItemFactory, PreviousActionPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(secretary, network, other_network) -> Cycle:
    return cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[network, other_network])


@pytest.fixture
def follow_up(secretary, cycle, network) -> FollowUp:
    for text in ("Stuurgroep oprichten", "Nieuwsbrief uitbrengen"):
        services.action_point_save(actor=secretary, point=PreviousActionPoint(cycle=cycle, network=network, text=text))
    return services.followup_for(cycle=cycle, network=network)


def _page(slug="utrecht", year=2018) -> str:
    return reverse("surveys:followup", kwargs={"year": year, "slug": slug})


def _secretary_url(name, **kwargs) -> str:
    return reverse(f"preparations:{name}", kwargs={"year": 2018, **kwargs})


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _form_data(follow_up, answers=None, exchange=("", ""), action="save") -> dict:
    """What the page posts: every action point's form and the exchange form, with their versions."""
    data = {
        "action": action,
        "exchange-version": follow_up.updated_at.isoformat(),
        "exchange-exchange": exchange[0],
        "exchange-exchange_explanation": exchange[1],
    }
    answers = answers or {}
    for item in follow_up.items.all():
        state, comment = answers.get(item.text, (item.state, item.comment))
        prefix = f"item-{item.pk}"
        data |= {
            f"{prefix}-version": item.updated_at.isoformat(),
            f"{prefix}-state": state,
            f"{prefix}-comment": comment,
        }
    return data


def _answers(follow_up) -> list[tuple]:
    return list(follow_up.items.order_by("position").values_list("state", "comment"))


# The coordinator's page


def test_followup_page_lists_the_networks_action_points_with_forms(as_coordinator, follow_up):
    response = as_coordinator.get(_page())

    content = response.content.decode()
    assert response.status_code == 200
    assert [item.text for item, _form in response.context["items"]] == [
        "Stuurgroep oprichten",
        "Nieuwsbrief uitbrengen",
    ]
    assert "What did you do with the action points of 2016?" in content
    assert content.count('type="radio"') == 2 * 4 + 3  # four answers per action point, three for exchange
    assert 'data-testid="submit"' in content


def test_followup_page_first_visit_starts_the_followup(as_coordinator, secretary, cycle, network):
    services.action_point_save(actor=secretary, point=PreviousActionPoint(cycle=cycle, network=network, text="Eén"))

    response = as_coordinator.get(_page())

    assert response.status_code == 200
    assert list(FollowUpItem.objects.values_list("follow_up__network__slug", "text")) == [("utrecht", "Eén")]


def test_followup_page_save_keeps_partial_answers(as_coordinator, follow_up):
    data = _form_data(follow_up, {"Stuurgroep oprichten": ("done", "Sinds januari.")}, exchange=("partly", ""))

    response = as_coordinator.post(_page(), data)

    assert response.status_code == 302
    assert _messages(response) == ["Your answers were saved."]
    follow_up.refresh_from_db()
    assert _answers(follow_up) == [("done", "Sinds januari."), ("", "")]
    assert (follow_up.exchange, follow_up.submitted_at) == ("partly", None)


def test_followup_page_leaves_parts_the_post_does_not_carry_alone(as_coordinator, secretary, coordinator, follow_up):
    services.followup_save(actor=coordinator, follow_up=follow_up, exchange=("yes", "Met Limburg."))
    data = _form_data(follow_up, {"Stuurgroep oprichten": ("done", "")})
    del data["exchange-version"]
    # Added by the secretary after this page was loaded: the post has no answer to it.
    services.action_point_save(
        actor=secretary, point=PreviousActionPoint(cycle=follow_up.cycle, network=follow_up.network, text="Later")
    )
    late = follow_up.items.get(text="Later")
    late.state = "dropped"
    services.followup_save(actor=coordinator, follow_up=follow_up, items=[late])

    assert as_coordinator.post(_page(), {"action": "save"}).status_code == 302
    assert as_coordinator.post(_page(), data).status_code == 302

    follow_up.refresh_from_db()
    assert _answers(follow_up) == [("done", ""), ("", ""), ("dropped", "")]
    assert (follow_up.exchange, follow_up.exchange_explanation) == ("yes", "Met Limburg.")


def test_followup_page_submit_incomplete_saves_and_says_what_is_missing(as_coordinator, follow_up):
    data = _form_data(follow_up, {"Stuurgroep oprichten": ("done", "")}, exchange=("yes", ""), action="submit")

    response = as_coordinator.post(_page(), data)

    assert response.status_code == 400
    assert response.context["problems"] == [
        "Action point 2 has no answer yet: Nieuwsbrief uitbrengen",
        "Explain your answer about exchange with other networks.",
    ]
    follow_up.refresh_from_db()
    assert (_answers(follow_up)[0], follow_up.exchange, follow_up.submitted_at) == (("done", ""), "yes", None)
    # The page shows what was saved, ready to go on.
    assert response.context["items"][0][1]["state"].value() == "done"


def test_followup_page_submit_complete_then_read_only(as_coordinator, coordinator, follow_up):
    answers = {"Stuurgroep oprichten": ("done", "Gelukt."), "Nieuwsbrief uitbrengen": ("dropped", "Geen budget.")}
    data = _form_data(follow_up, answers, exchange=("no", "Weinig contact gehad."), action="submit")

    response = as_coordinator.post(_page(), data)
    page = as_coordinator.get(_page())

    assert _messages(response) == ["Your follow-up was submitted. Thank you."]
    follow_up.refresh_from_db()
    assert (follow_up.is_submitted, follow_up.submitted_by) == (True, coordinator)
    content = page.content.decode()
    assert 'data-testid="read-only"' in content
    assert 'type="radio"' not in content
    assert "Geen budget." in content


def test_followup_page_post_after_submission_changes_nothing(as_coordinator, coordinator, follow_up):
    data = _form_data(follow_up, dict.fromkeys(("Stuurgroep oprichten", "Nieuwsbrief uitbrengen"), ("done", "")))
    services.followup_save(actor=coordinator, follow_up=follow_up, items=[], exchange=("yes", "Meer dan ooit."))
    for item in follow_up.items.all():
        item.state = "in_progress"
        services.followup_save(actor=coordinator, follow_up=follow_up, items=[item])
    services.followup_submit(actor=coordinator, follow_up=follow_up)

    response = as_coordinator.post(_page(), data)

    assert response.status_code == 302
    assert _messages(response) == ["This follow-up has been submitted; only the secretary can reopen it."]
    assert _answers(follow_up) == [("in_progress", ""), ("in_progress", "")]


def test_followup_page_stale_answer_shows_what_the_other_coordinator_saved(as_coordinator, coordinator, follow_up):
    opened = _form_data(follow_up)  # Bram's page, opened before Anna saved
    first = follow_up.items.get(text="Stuurgroep oprichten")
    first.state, first.comment = "done", "Door Anna."
    services.followup_save(actor=coordinator, follow_up=follow_up, items=[first])
    prefix = f"item-{first.pk}"

    response = as_coordinator.post(_page(), opened | {f"{prefix}-state": "dropped", f"{prefix}-comment": "Door Bram."})

    assert response.status_code == 400
    content = response.content.decode()
    assert 'data-testid="stale-changes"' in content
    assert "Door Anna." in content
    assert _answers(follow_up)[0] == ("done", "Door Anna.")


def test_followup_page_of_another_network_answers_404_and_changes_nothing(client, other_coordinator, follow_up):
    client.force_login(other_coordinator)
    data = _form_data(follow_up, {"Stuurgroep oprichten": ("done", "Ingevuld door Limburg.")}, action="submit")

    assert client.get(_page()).status_code == 404
    assert client.post(_page(), data).status_code == 404

    follow_up.refresh_from_db()
    assert (_answers(follow_up), follow_up.submitted_at) == ([("", ""), ("", "")], None)


def test_followup_page_refused_visitor_starts_nothing(client, other_coordinator, cycle):
    client.force_login(other_coordinator)

    assert client.get(_page()).status_code == 404
    assert not FollowUp.objects.exists()


def test_followup_page_anonymous_sent_to_sign_in(client, follow_up):
    response = client.get(_page())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_followup_page_network_outside_the_cycle_answers_404(as_secretary, cycle):
    NetworkFactory(slug="brabant")

    assert as_secretary.get(_page("brabant")).status_code == 404
    assert as_secretary.get(_page(year=2030)).status_code == 404


# The secretary's overview and export


def _overview_data(cycle, size: int):
    networks = [NetworkFactory(name=f"Netwerk {index:02d}") for index in range(size)]
    cycle.networks.add(*networks)
    for index, network in enumerate(networks):
        follow_up = FollowUpFactory(cycle=cycle, network=network, exchange="yes", exchange_explanation="Ja.")
        if index % 2:
            follow_up.submitted_at = timezone.now()
            follow_up.save()
        for number in range(size):
            FollowUpItemFactory(follow_up=follow_up, state=["done", "in_progress", ""][number % 3])
        PreviousActionPointFactory(cycle=cycle, network=network)


@pytest.mark.parametrize("size", [1, 4])
def test_followup_overview_query_count_constant(as_secretary, cycle, django_assert_num_queries, size):
    _overview_data(cycle, size)

    # Session and user, the cycle, then five for the overview.
    with django_assert_num_queries(8):
        response = as_secretary.get(_secretary_url("followup_overview"))

    assert response.status_code == 200
    assert len(response.context["overview"].results.rows) == size + 2


def test_followup_overview_shows_state_and_counts_per_network(as_secretary, secretary, coordinator, cycle, follow_up):
    items = list(follow_up.items.order_by("position"))
    items[0].state, items[1].state = "done", "not_started"
    services.followup_save(actor=coordinator, follow_up=follow_up, items=items, exchange=("partly", "Soms."))
    services.followup_submit(actor=coordinator, follow_up=follow_up)
    PreviousActionPointFactory(cycle=cycle, network=cycle.networks.get(slug="limburg"))

    response = as_secretary.get(_secretary_url("followup_overview"))

    content = response.content.decode()
    rows = [
        (row.network.slug, row.state, row.totals.done, row.totals.not_started, entered)
        for row, entered in response.context["overview"].rows
    ]
    assert rows == [("limburg", "not_started", 0, 0, 1), ("utrecht", "submitted", 1, 1, 2)]
    assert "1 of 2 networks have submitted." in content
    assert 'data-testid="reopen"' in content
    assert "1 action point entered" in content


def test_followup_export_has_every_answer_and_the_totals(as_secretary, coordinator, cycle, follow_up):
    first = follow_up.items.get(text="Stuurgroep oprichten")
    first.state, first.comment = "done", "=HYPERLINK(1)"
    services.followup_save(actor=coordinator, follow_up=follow_up, items=[first], exchange=("yes", "Veel meer."))

    response = as_secretary.get(_secretary_url("followup_export"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    points, networks = workbook.worksheets
    assert [cell.value for cell in points[2]] == [
        "Netwerk Utrecht",
        "draft",
        1,
        "Stuurgroep oprichten",
        None,
        None,
        "done",
        "'=HYPERLINK(1)",
    ]
    assert points.max_row == 3
    assert [cell.value for cell in networks[1]][-5:] == [
        "Done",
        "In progress",
        "Not started",
        "Dropped",
        "No answer yet",
    ]
    assert [cell.value for cell in networks[2]][:5] == ["Netwerk Limburg", "not started", None, None, None]
    assert [cell.value for cell in networks[3]] == [
        "Netwerk Utrecht",
        "draft",
        None,
        "yes",
        "Veel meer.",
        1,
        0,
        0,
        0,
        1,
    ]
    assert [cell.value for cell in networks[4]][-5:] == [1, 0, 0, 0, 1]


def test_followup_reopen_by_the_secretary(as_secretary, coordinator, cycle, network):
    follow_up = services.followup_for(cycle=cycle, network=network)
    services.followup_save(actor=coordinator, follow_up=follow_up, exchange=("no", "Nee."))
    services.followup_submit(actor=coordinator, follow_up=follow_up)

    response = as_secretary.post(_secretary_url("followup_reopen", slug="utrecht"))

    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.is_submitted, follow_up.exchange) == (False, "no")


def test_followup_secretary_pages_refused_to_a_coordinator(as_coordinator, coordinator, cycle, network):
    follow_up = services.followup_for(cycle=cycle, network=network)
    services.followup_save(actor=coordinator, follow_up=follow_up, exchange=("no", "Nee."))
    services.followup_submit(actor=coordinator, follow_up=follow_up)

    assert as_coordinator.get(_secretary_url("followup_overview")).status_code == 404
    assert as_coordinator.post(_secretary_url("followup_reopen", slug="utrecht")).status_code == 404
    assert as_coordinator.post(_secretary_url("followup_send")).status_code == 404

    follow_up.refresh_from_db()
    assert follow_up.is_submitted
    assert mail.outbox == []


# Settings and sending


def test_followup_settings_and_send(
    as_secretary, cycle, coordinator, other_coordinator, django_capture_on_commit_callbacks
):
    deadline = timezone.localdate() + timedelta(days=21)
    as_secretary.post(_secretary_url("followup_settings"), {"deadline": deadline.isoformat(), "reminder_days": 5})
    page = as_secretary.get(_secretary_url("followup_send"))

    with django_capture_on_commit_callbacks(execute=True):
        response = as_secretary.post(_secretary_url("followup_send"))

    assert 'data-testid="without-points"' in page.content.decode()
    assert page.context["recipient_count"] == 2
    assert _messages(response) == ["The questionnaire was sent: 2 messages are in the outbox."]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, other_coordinator.email])
    followup_settings = FollowUpSettings.objects.get(cycle=cycle)
    assert (followup_settings.deadline, followup_settings.reminder_days) == (deadline, 5)
    assert followup_settings.sent_at is not None


def test_followup_send_without_deadline_refused(as_secretary, cycle, coordinator):
    page = as_secretary.get(_secretary_url("followup_send"))
    response = as_secretary.post(_secretary_url("followup_send"))

    assert 'data-testid="no-deadline"' in page.content.decode()
    assert _messages(response) == ["Set the deadline for the answers first."]
    assert mail.outbox == []


# The previous cycle's action points


def test_action_point_pages_add_edit_remove(as_secretary, cycle, network):
    as_secretary.post(
        _secretary_url("followup_action_point_create", slug="utrecht"),
        {"text": "Stuurgroep oprichten", "who": "Coördinator", "due": "2017-06-30"},
    )
    point = PreviousActionPoint.objects.get()
    as_secretary.post(
        _secretary_url("followup_action_point_update", pk=point.pk),
        {"text": "Stuurgroep met scholen oprichten", "who": "", "due": "", "version": point.updated_at.isoformat()},
    )
    listing = as_secretary.get(_secretary_url("followup_action_points"))
    point.refresh_from_db()

    assert (point.network, point.text, point.who, point.due) == (network, "Stuurgroep met scholen oprichten", "", None)
    assert "Stuurgroep met scholen oprichten" in listing.content.decode()

    as_secretary.post(_secretary_url("followup_action_point_delete", pk=point.pk))

    assert not PreviousActionPoint.objects.exists()


def test_action_point_page_for_a_network_outside_the_cycle_answers_404(as_secretary, cycle):
    NetworkFactory(slug="brabant")
    url = _secretary_url("followup_action_point_create", slug="brabant")

    assert as_secretary.get(url).status_code == 404
    assert as_secretary.post(url, {"text": "Iets"}).status_code == 404
    assert not PreviousActionPoint.objects.exists()


def test_action_point_of_a_submitted_followup_refused_on_the_form(as_secretary, coordinator, cycle, follow_up):
    for item in follow_up.items.all():
        item.state = "done"
        services.followup_save(actor=coordinator, follow_up=follow_up, items=[item])
    services.followup_save(actor=coordinator, follow_up=follow_up, exchange=("no", "Nee."))
    services.followup_submit(actor=coordinator, follow_up=follow_up)

    response = as_secretary.post(_secretary_url("followup_action_point_create", slug="utrecht"), {"text": "Nieuw"})

    assert response.status_code == 200
    assert "reopen it first" in response.content.decode()
    assert PreviousActionPoint.objects.count() == 2


# The dashboard and the home page


def test_dashboard_has_a_followup_column(as_secretary, coordinator, cycle, follow_up):
    first = follow_up.items.first()
    first.state = "done"
    services.followup_save(actor=coordinator, follow_up=follow_up, items=[first])

    content = as_secretary.get(reverse("cycles:detail", kwargs={"year": 2018})).content.decode()

    assert "Follow-up" in content
    assert "1 of 2 answered" in content
    assert _page() in content


def test_followups_for_home_once_the_questionnaire_is_sent(secretary, coordinator, cycle, network):
    assert followups_for_home(coordinator, cycle) == []
    FollowUpSettings.objects.create(cycle=cycle, deadline=date(2031, 10, 31), sent_at=timezone.now())

    home = followups_for_home(coordinator, cycle)

    assert [(row.network, row.follow_up, row.deadline) for row in home] == [(network, None, date(2031, 10, 31))]


@pytest.mark.parametrize("size", [1, 5])
def test_followup_page_query_count_constant(as_coordinator, secretary, cycle, network, django_assert_num_queries, size):
    for number in range(size):
        point = PreviousActionPoint(cycle=cycle, network=network, text=f"Actiepunt {number}")
        services.action_point_save(actor=secretary, point=point)
    services.followup_for(cycle=cycle, network=network)

    # Session, user, follow-up, the coordinator's networks, follow-up with items (2), settings, and the
    # navigation's two permission lookups.
    with django_assert_num_queries(9):
        response = as_coordinator.get(_page())

    assert len(response.context["items"]) == size


@pytest.mark.parametrize("size", [1, 4])
def test_action_points_page_query_count_constant(as_secretary, cycle, django_assert_num_queries, size):
    networks = [NetworkFactory(name=f"Netwerk {index:02d}") for index in range(size)]
    cycle.networks.add(*networks)
    for network in networks:
        for _number in range(size):
            PreviousActionPointFactory(cycle=cycle, network=network)
        FollowUpFactory(cycle=cycle, network=network)

    with django_assert_num_queries(6):
        response = as_secretary.get(_secretary_url("followup_action_points"))

    assert sum(len(row.points) for row in response.context["rows"]) == size * size
