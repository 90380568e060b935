"""The demo's date polls: open with answers in November, closed on the meetings' dates from December,
robust when the demo has nobody to ask yet, and never mailing anyone."""

from datetime import date

import pytest

from networks.demo import load_registry
from peerreview.cycles.demo import load_cycle
from peerreview.mail.models import OutboxMessage
from peerreview.meetings.models import PanelRole
from peerreview.polls.demo import load_polls
from peerreview.polls.enums import PollState
from peerreview.polls.models import Answer, DatePoll
from tests.factories import AttendeeFactory
from tests.factories.meetings import PanelMemberFactory

pytestmark = pytest.mark.django_db

EVENTUAL = {
    "Peer review gesprek 1": date(2018, 4, 3),
    "Peer review gesprek 2": date(2018, 4, 17),
    "Peer review gesprek 3": date(2018, 5, 15),
}


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def _demo(month: int, people: bool = True):
    secretary, _password = load_registry()
    cycle = load_cycle(actor=secretary, month=month)
    if people:
        PanelMemberFactory(cycle=cycle, role=PanelRole.CHAIR, email="voorzitter@demo.example")
        PanelMemberFactory(cycle=cycle, role=PanelRole.EXPERT, email="expert@demo.example")
        for meeting in cycle.meetings.all():
            for network in meeting.networks.all():
                AttendeeFactory.create_batch(2, meeting=meeting, network=network)
    return secretary, cycle


def test_demo_in_november_has_open_polls_with_the_eventual_date_and_most_answers():
    secretary, cycle = _demo(11)

    polls = load_polls(actor=secretary, cycle=cycle, month=11)

    assert {p.meeting.name: p.state for p in polls} == dict.fromkeys(EVENTUAL, PollState.OPEN)
    for poll in polls:
        assert EVENTUAL[poll.meeting.name] in set(poll.candidates.values_list("date", flat=True))
        assert poll.candidates.count() == 3
        asked = poll.participants.count()
        answered = poll.participants.filter(answers__isnull=False).distinct().count()
        assert asked == 2 + 2 * poll.meeting.networks.count()
        assert 0 < answered < asked
        assert poll.meeting.date is None
    assert not OutboxMessage.objects.exists()


def test_demo_from_december_has_the_meetings_dates_fixed_through_their_polls():
    secretary, cycle = _demo(12)

    polls = load_polls(actor=secretary, cycle=cycle, month=12)

    assert {p.meeting.name: (p.state, p.fixed_candidate.date, p.meeting.date) for p in polls} == {
        name: (PollState.CLOSED, day, day) for name, day in EVENTUAL.items()
    }
    assert all(p.invitation_sequence == 0 and p.invitations_sent_at.year == 2017 for p in polls)
    assert Answer.objects.filter(participant__poll__in=polls).values("participant").distinct().count() == sum(
        p.participants.count() for p in polls
    )
    assert not OutboxMessage.objects.exists()
    # Loading again changes nothing.
    assert load_polls(actor=secretary, cycle=cycle, month=12) == []
    assert DatePoll.objects.count() == 3


def test_demo_without_people_still_has_polls_and_in_october_none():
    secretary, cycle = _demo(11, people=False)
    polls = load_polls(actor=secretary, cycle=cycle, month=11)
    assert [(p.candidates.count(), p.participants.count()) for p in polls] == [(3, 0)] * 3

    secretary, cycle = _demo(10, people=False)
    assert load_polls(actor=secretary, cycle=cycle, month=10) == []
