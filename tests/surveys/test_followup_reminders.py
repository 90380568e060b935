"""The follow-up reminder: planned for the coordinators of networks that have not submitted, once the
questionnaire was sent, the round's number of days before its deadline; sent once, in the morning."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from peerreview.cycles.enums import ReminderKind, ReminderState
from peerreview.cycles.models import Cycle, Reminder
from peerreview.cycles.reminders import SEND_AT, reminder_dispatch, reminders_plan
from peerreview.cycles.services import cycle_create
from surveys import services_followup as services
from surveys.models import FollowUpSettings
from tests.factories import CoordinatorContactFactory

pytestmark = pytest.mark.django_db

DEADLINE_IN = 20  # days from today


@pytest.fixture
def cycle(secretary, network, other_network) -> Cycle:
    return cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[network, other_network])


@pytest.fixture
def sent(secretary, cycle, coordinator, other_coordinator, django_capture_on_commit_callbacks) -> Cycle:
    """The questionnaire sent, due in 20 days, reminding 7 days before (the default)."""
    services.followup_settings_save(
        actor=secretary,
        followup_settings=FollowUpSettings(cycle=cycle, deadline=timezone.localdate() + timedelta(days=DEADLINE_IN)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.followup_invite_send(actor=secretary, cycle=cycle)
    mail.outbox.clear()
    return cycle


def _planned(cycle) -> dict[str, tuple]:
    reminders = Reminder.objects.filter(cycle=cycle, kind=ReminderKind.FOLLOW_UP)
    return {r.recipient.email: (r.due_at, r.state) for r in reminders.select_related("recipient")}


def _submit(coordinator, cycle, network):
    follow_up = services.followup_for(cycle=cycle, network=network)
    services.followup_save(actor=coordinator, follow_up=follow_up, exchange=("yes", "Met Limburg."))
    return services.followup_submit(actor=coordinator, follow_up=follow_up)


def _morning(days: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), SEND_AT))


def test_followup_reminder_not_planned_before_the_questionnaire_is_sent(secretary, cycle, coordinator):
    services.followup_settings_save(
        actor=secretary,
        followup_settings=FollowUpSettings(cycle=cycle, deadline=timezone.localdate() + timedelta(days=DEADLINE_IN)),
    )

    reminders_plan(cycle=cycle)

    assert _planned(cycle) == {}


def test_followup_reminder_planned_for_each_coordinator_of_networks_not_submitted(
    sent, network, coordinator, other_coordinator
):
    colleague = CoordinatorContactFactory(network=network, email="colleague@utrecht.example").user
    _submit(other_coordinator, sent, sent.networks.get(slug="limburg"))

    reminders_plan(cycle=sent)

    due = _morning(DEADLINE_IN - 7)
    assert _planned(sent) == {
        coordinator.email: (due, ReminderState.PENDING),
        colleague.email: (due, ReminderState.PENDING),
        other_coordinator.email: (due, ReminderState.CANCELLED),  # planned when sent, no longer needed
    }


def test_followup_reminder_follows_the_settings(secretary, sent, coordinator, other_coordinator):
    followup_settings = FollowUpSettings.objects.get(cycle=sent)
    followup_settings.reminder_days = 3
    services.followup_settings_save(actor=secretary, followup_settings=followup_settings)

    assert {due for due, _state in _planned(sent).values()} == {_morning(DEADLINE_IN - 3)}


def test_followup_reminder_cancelled_on_submission_and_back_on_reopening(
    secretary, sent, network, coordinator, other_coordinator
):
    follow_up = _submit(coordinator, sent, network)
    assert _planned(sent)[coordinator.email][1] == ReminderState.CANCELLED

    services.followup_reopen(actor=secretary, follow_up=follow_up)

    assert _planned(sent)[coordinator.email] == (_morning(DEADLINE_IN - 7), ReminderState.PENDING)


def test_followup_reminder_dispatched_once_to_those_still_due(
    sent, network, other_network, coordinator, other_coordinator, django_capture_on_commit_callbacks
):
    Reminder.objects.filter(kind=ReminderKind.FOLLOW_UP).update(due_at=timezone.now() - timedelta(hours=1))
    # Submitted after planning and without re-planning: the dispatcher itself sees it is no longer needed.
    follow_up = services.followup_for(cycle=sent, network=network)
    follow_up.exchange, follow_up.exchange_explanation, follow_up.submitted_at = "no", "Nee.", timezone.now()
    follow_up.save()

    with django_capture_on_commit_callbacks(execute=True):
        reminder_dispatch()
        reminder_dispatch()

    assert {email: state for email, (_due, state) in _planned(sent).items()} == {
        coordinator.email: ReminderState.CANCELLED,
        other_coordinator.email: ReminderState.SENT,
    }
    assert [m.to for m in mail.outbox] == [[other_coordinator.email]]
    link = settings.SITE_URL + reverse("surveys:followup", kwargs={"year": 2018, "slug": other_network.slug})
    assert mail.outbox[0].subject.startswith("Herinnering: vervolgvragenlijst Netwerk Limburg uiterlijk ")
    assert link in mail.outbox[0].body
