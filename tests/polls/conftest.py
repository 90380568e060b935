"""A cycle whose dates lie ahead whenever the suite runs, with one undated meeting of two networks,
its attendees, and a chair and an expert for the whole cycle."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from networks.enums import Weekday
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.cycles.services import cycle_create, meeting_save
from peerreview.meetings.models import PanelRole
from peerreview.polls import services
from tests.factories import AttendeeFactory
from tests.factories.meetings import PanelMemberFactory

MON, TUE, WED, THU, FRI = (day.value for day in Weekday)


def weekday_ahead(weekday: int, weeks: int = 8) -> date:
    """The first such weekday (0 = Monday) at least ``weeks`` weeks from today."""
    start = timezone.localdate() + timedelta(weeks=weeks)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def cycle(secretary, network, other_network) -> Cycle:
    # Cycle Y runs October Y-1 to June Y: next year's cycle still has months ahead of today.
    return cycle_create(
        actor=secretary, cycle=Cycle(year=timezone.localdate().year + 1), networks=[network, other_network]
    )


@pytest.fixture
def meeting(secretary, cycle, network, other_network) -> ReviewMeeting:
    meeting = ReviewMeeting(cycle=cycle, name="Gesprek Midden", location="Hogeschool Utrecht, Heidelberglaan 15")
    return meeting_save(actor=secretary, meeting=meeting, networks=[network, other_network])


@pytest.fixture
def attendees(meeting, network, other_network):
    return [
        AttendeeFactory(meeting=meeting, network=network, name="Anna Aalders", email="anna@utrecht.example",
                        working_days=[MON, TUE]),
        AttendeeFactory(meeting=meeting, network=network, name="Bram Bos", email="bram@utrecht.example",
                        working_days=[TUE, WED]),
        AttendeeFactory(meeting=meeting, network=other_network, name="Cor Claes", email="cor@limburg.example",
                        working_days=[FRI]),
    ]  # fmt: skip


@pytest.fixture
def chair_member(cycle):
    return PanelMemberFactory(
        cycle=cycle, role=PanelRole.CHAIR, name="Dirk Voorzitter", email="dirk@raad.example",
        working_days=[MON, TUE, WED],
    )  # fmt: skip


@pytest.fixture
def expert_member(cycle):
    return PanelMemberFactory(
        cycle=cycle, role=PanelRole.EXPERT, name="Eva Expert", email="eva@expert.example", working_days=[THU]
    )


@pytest.fixture
def poll(secretary, meeting, attendees, chair_member, expert_member):
    return services.poll_create(actor=secretary, meeting=meeting)


@pytest.fixture
def tuesday():
    return weekday_ahead(1)


@pytest.fixture
def thursday(tuesday):
    return tuesday + timedelta(days=2)


@pytest.fixture
def candidates(secretary, poll, tuesday, thursday):
    return [services.candidate_add(actor=secretary, poll=poll, day=day) for day in (tuesday, thursday)]
