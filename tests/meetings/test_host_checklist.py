"""The host network's checklist (room, catering, parking passes, projector, free items) and venue:
due dates that follow the meeting, ticking off and the logistics task, reminders to the host's
coordinators, the venue in the invitations, who may, the dashboard column, and query counts."""

from datetime import date, datetime, time, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from networks.demo import load_registry
from networks.models import Network
from peerreview.cycles import progress
from peerreview.cycles.demo import load_cycle
from peerreview.cycles.enums import ReminderKind, ReminderState, TaskState
from peerreview.cycles.models import Cycle, Reminder, ReviewMeeting
from peerreview.cycles.reminders import reminder_dispatch, reminders_plan
from peerreview.cycles.services import cycle_create, meeting_save
from peerreview.mail.models import OutboxMessage
from peerreview.meetings import selectors, services_hosts
from peerreview.meetings.demo import load_panel_and_hosts
from peerreview.meetings.enums import ChecklistItemKind
from peerreview.meetings.models import HostChecklistItem, MeetingVenue
from tests.factories import CoordinatorContactFactory, NetworkFactory
from tests.factories.meetings import HostChecklistItemFactory

pytestmark = pytest.mark.django_db

ROOM, CATERING, PARKING, AV = (kind.value for kind in list(ChecklistItemKind)[:4])


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def cycle(secretary, network, other_network) -> Cycle:
    return cycle_create(actor=secretary, cycle=Cycle(year=2018), networks=[network, other_network])


@pytest.fixture
def meeting(secretary, cycle, network, other_network, coordinator, today) -> ReviewMeeting:
    """Hosted by Utrecht (the coordinator's network, so planned reminders reach them), 60 days from now."""
    return meeting_save(
        actor=secretary,
        meeting=ReviewMeeting(
            cycle=cycle, name="Gesprek Midden", date=today + timedelta(days=60), host_network=network, location="Zaal 1"
        ),
        networks=[network, other_network],
    )


def _items(meeting) -> dict[str, HostChecklistItem]:
    return {item.kind: item for item in selectors.host_checklist_of(meeting) if item.kind != ChecklistItemKind.OTHER}


def _tick_all(actor, meeting) -> None:
    for item in selectors.host_checklist_of(meeting):
        services_hosts.checklist_item_set_done(actor=actor, item=item, done=True)


def _morning(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


def _host_reminders(**filters):
    return Reminder.objects.filter(kind=ReminderKind.HOST_CHECKLIST, **filters)


# The checklist and its due dates


def test_naming_a_host_gives_the_meeting_the_standard_items(meeting):
    items = _items(meeting)

    assert {kind: item.days_before for kind, item in items.items()} == {ROOM: 42, CATERING: 14, PARKING: 14, AV: 7}
    assert items[ROOM].due_date == meeting.date - timedelta(days=42)
    assert [item.label for item in selectors.host_checklist_of(meeting)] == [
        "Book the room",
        "Arrange the catering",
        "Reserve parking passes",
        "Projector and sound (AV)",
    ]


def test_meeting_without_host_has_no_checklist(secretary, cycle, network):
    unhosted = meeting_save(actor=secretary, meeting=ReviewMeeting(cycle=cycle, name="Zonder gastheer"))

    assert services_hosts.host_checklists_ensure(cycle=cycle) == 0
    assert not unhosted.host_checklist_items.exists()


def test_due_dates_follow_a_moved_meeting_and_so_do_the_reminders(secretary, meeting, coordinator):
    room = _items(meeting)[ROOM]
    assert _host_reminders(object_id=room.pk).get().due_at == _morning(room.due_date - timedelta(days=7))

    meeting.date += timedelta(days=21)
    meeting_save(actor=secretary, meeting=meeting)

    room = _items(ReviewMeeting.objects.get(pk=meeting.pk))[ROOM]
    assert room.due_date == meeting.date - timedelta(days=42)
    assert _host_reminders(object_id=room.pk).get().due_at == _morning(room.due_date - timedelta(days=7))


def test_undated_meeting_has_undated_items_and_no_reminders(secretary, meeting, coordinator):
    meeting.date = None
    meeting_save(actor=secretary, meeting=meeting)

    items = _items(ReviewMeeting.objects.get(pk=meeting.pk))
    assert {item.due_date for item in items.values()} == {None}
    assert not _host_reminders(state=ReminderState.PENDING).exists()


def test_tick_off_records_who_and_when_and_open_again(coordinator, meeting):
    room = _items(meeting)[ROOM]

    services_hosts.checklist_item_set_done(actor=coordinator, item=room, done=True)
    room.refresh_from_db()
    assert (room.is_done, room.done_by) == (True, coordinator)

    services_hosts.checklist_item_set_done(actor=coordinator, item=room, done=False)
    room.refresh_from_db()
    assert (room.done_at, room.done_by) == (None, None)


def test_logistics_task_of_the_meeting_ticked_when_all_items_are_done(secretary, coordinator, cycle, meeting):
    other = meeting_save(
        actor=secretary,
        meeting=ReviewMeeting(cycle=cycle, name="Gesprek Zuid", host_network=NetworkFactory(slug="zeeland")),
    )
    free = services_hosts.checklist_item_save(
        actor=coordinator, item=HostChecklistItem(meeting=meeting, title="Name badges", days_before=3)
    )
    for item in _items(meeting).values():
        services_hosts.checklist_item_set_done(actor=coordinator, item=item, done=True)
    assert meeting.tasks.get(key="logistics").state == TaskState.OPEN  # the free item is still open

    services_hosts.checklist_item_set_done(actor=coordinator, item=free, done=True)

    task = meeting.tasks.get(key="logistics")
    assert (task.state, task.completed_by) == (TaskState.DONE, coordinator)
    assert other.tasks.get(key="logistics").state == TaskState.OPEN


def test_free_items_added_changed_removed_standard_ones_stay(coordinator, meeting):
    free = services_hosts.checklist_item_save(
        actor=coordinator,
        item=HostChecklistItem(meeting=meeting, kind=ChecklistItemKind.ROOM, title="Flip-over", days_before=2),
    )
    assert (free.kind, free.label) == (ChecklistItemKind.OTHER, "Flip-over")
    with pytest.raises(ValidationError) as error:
        services_hosts.checklist_item_save(actor=coordinator, item=HostChecklistItem(meeting=meeting, days_before=3))
    assert error.value.message_dict == {"title": ["Say what is to be arranged."]}

    room = _items(meeting)[ROOM]
    room.title, room.days_before, room.note = "Sneaky rename", 50, "Room B1.12 booked"
    services_hosts.checklist_item_save(actor=coordinator, item=room)
    room.refresh_from_db()
    assert (room.label, room.days_before, room.note) == ("Book the room", 50, "Room B1.12 booked")

    with pytest.raises(ValidationError):
        services_hosts.checklist_item_delete(actor=coordinator, item=room)
    services_hosts.checklist_item_delete(actor=coordinator, item=free)
    assert sorted(meeting.host_checklist_items.values_list("kind", flat=True)) == sorted([ROOM, CATERING, PARKING, AV])


# The venue


def test_venue_saves_the_location_and_directions_for_the_invitations(coordinator, meeting):
    services_hosts.venue_save(
        actor=coordinator,
        meeting=meeting,
        location="  Universiteit Utrecht, Heidelberglaan 8, zaal 1.01 ",
        directions="Park at P+R Science Park; passes at the desk.",
    )

    meeting.refresh_from_db()
    assert meeting.location == "Universiteit Utrecht, Heidelberglaan 8, zaal 1.01"
    assert MeetingVenue.objects.get(meeting=meeting).updated_by == coordinator
    assert selectors.venue_text(meeting) == (
        "Universiteit Utrecht, Heidelberglaan 8, zaal 1.01\n\nPark at P+R Science Park; passes at the desk."
    )


def test_venue_text_without_directions_is_the_location(meeting):
    assert selectors.venue_text(meeting) == "Zaal 1"


def test_venue_too_long_refused_and_nothing_saved(coordinator, meeting):
    with pytest.raises(ValidationError) as error:
        services_hosts.venue_save(actor=coordinator, meeting=meeting, location="x" * 301, directions="Parking")

    assert "location" in error.value.message_dict
    assert not MeetingVenue.objects.exists()
    meeting.refresh_from_db()
    assert meeting.location == "Zaal 1"


# Reminders


def test_reminders_planned_only_for_open_items_of_the_hosts_coordinators(
    secretary, coordinator, other_coordinator, meeting, network
):
    second = CoordinatorContactFactory(network=network, email="second@utrecht.example").user
    items = _items(meeting)
    services_hosts.checklist_item_set_done(actor=coordinator, item=items[ROOM], done=True)

    planned = {(r.recipient.email, r.object_id, r.due_at) for r in _host_reminders(state=ReminderState.PENDING)}

    open_items = [items[CATERING], items[PARKING], items[AV]]
    assert planned == {
        (user.email, item.pk, _morning(item.due_date - timedelta(days=7)))
        for user in (coordinator, second)
        for item in open_items
    }
    assert _host_reminders(object_id=items[ROOM].pk).get().state == ReminderState.CANCELLED


def test_no_reminder_for_an_item_already_overdue(secretary, coordinator, meeting, today):
    meeting.date = today + timedelta(days=10)  # room (42 days before) and catering (14) are overdue
    meeting_save(actor=secretary, meeting=meeting)

    pending = set(_host_reminders(state=ReminderState.PENDING).values_list("object_id", flat=True))

    assert pending == {_items(meeting)[AV].pk}


def test_reminder_mail_goes_out_when_due_and_is_cancelled_once_done(
    secretary, coordinator, meeting, django_capture_on_commit_callbacks
):
    items = _items(meeting)
    Reminder.objects.filter(object_id__in=[items[ROOM].pk, items[AV].pk]).update(
        due_at=timezone.now() - timedelta(hours=1)
    )
    services_hosts.checklist_item_set_done(actor=coordinator, item=items[AV], done=True)
    # Planned again after the tick: the AV reminder is cancelled, the room's is still due.
    Reminder.objects.filter(object_id=items[ROOM].pk).update(due_at=timezone.now() - timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        sent = reminder_dispatch()

    assert sent == 1
    message = OutboxMessage.objects.get(template_key="meetings.host_checklist_due")
    assert message.to == coordinator.email
    # In the recipient's language (Dutch), with the item and the meeting.
    assert message.subject.startswith("Herinnering: ") and "voor Gesprek Midden (uiterlijk " in message.subject
    assert f"/meetings/2018/hosts/{meeting.pk}/" in message.body_text
    assert message.concerning_type == ContentType.objects.get_for_model(HostChecklistItem)


def test_reminder_cancelled_when_the_host_changed(secretary, coordinator, other_coordinator, meeting, other_network):
    room = _items(meeting)[ROOM]
    reminder = _host_reminders(object_id=room.pk, recipient=coordinator).get()
    # The host changes without the planner running (as if between planning and dispatch).
    ReviewMeeting.objects.filter(pk=meeting.pk).update(host_network=other_network)
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now() - timedelta(hours=1))

    reminder_dispatch()

    reminder.refresh_from_db()
    assert reminder.state == ReminderState.CANCELLED
    assert not OutboxMessage.objects.exists()
    reminders_plan(cycle=meeting.cycle)
    assert set(_host_reminders(state=ReminderState.PENDING).values_list("recipient", flat=True)) == {
        other_coordinator.pk
    }


# Pages: who may


def _url(name, meeting, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"year": 2018, "pk": meeting.pk, **kwargs})


def test_page_anonymous_sent_to_sign_in(client, meeting):
    response = client.get(_url("host_checklist", meeting))

    assert (response.status_code, response.url.split("?")[0]) == (302, reverse("account_login"))


def test_other_networks_coordinator_gets_404_and_posts_change_nothing(en_client, other_coordinator, chair, meeting):
    """Limburg takes part in the meeting but does not host it; the chair has no say either."""
    room = _items(meeting)[ROOM]
    item = {"item": room.pk}
    statuses = []
    for user in (other_coordinator, chair):
        en_client.force_login(user)
        statuses += [
            en_client.get(_url("host_checklist", meeting)).status_code,
            en_client.get(_url("host_venue", meeting)).status_code,
            en_client.get(_url("host_item_create", meeting)).status_code,
            en_client.get(_url("host_item_update", meeting, **item)).status_code,
            en_client.post(_url("host_venue", meeting), {"location": "Elsewhere", "directions": "x"}).status_code,
            en_client.post(_url("host_item_create", meeting), {"title": "X", "days_before": 3}).status_code,
            en_client.post(_url("host_item_update", meeting, **item), {"days_before": 1, "note": "x"}).status_code,
            en_client.post(_url("host_item_toggle", meeting, **item), {"done": "1"}).status_code,
            en_client.post(_url("host_item_delete", meeting, **item)).status_code,
            en_client.get(reverse("meetings:host_overview", kwargs={"year": 2018})).status_code,
        ]

    assert statuses == [404] * 20
    meeting.refresh_from_db()
    room.refresh_from_db()
    assert (meeting.location, room.days_before, room.note, room.done_at) == ("Zaal 1", 42, "", None)
    assert meeting.host_checklist_items.count() == 4
    assert not MeetingVenue.objects.exists()


def test_item_of_another_meeting_answers_404(as_coordinator, secretary, cycle, meeting, network):
    other = meeting_save(actor=secretary, meeting=ReviewMeeting(cycle=cycle, name="Ander", host_network=network))
    foreign = _items(other)[ROOM]

    response = as_coordinator.post(_url("host_item_toggle", meeting, item=foreign.pk), {"done": "1"})

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.done_at is None


def test_host_coordinator_ticks_adds_and_fills_the_venue_on_the_page(as_coordinator, coordinator, meeting):
    room = _items(meeting)[ROOM]

    page = as_coordinator.get(_url("host_checklist", meeting))
    assert page.status_code == 200 and "0 of 4 done" in page.content.decode()
    as_coordinator.post(_url("host_item_toggle", meeting, item=room.pk), {"done": "1"})
    as_coordinator.post(_url("host_item_create", meeting), {"title": "Coffee for 30", "days_before": 5})
    response = as_coordinator.post(
        _url("host_venue", meeting), {"location": "Heidelberglaan 8, zaal 2", "directions": "Bus 28"}
    )

    assert (response.status_code, response.url) == (302, _url("host_checklist", meeting))
    room.refresh_from_db()
    assert room.done_by == coordinator
    assert meeting.host_checklist_items.get(kind=ChecklistItemKind.OTHER).label == "Coffee for 30"
    meeting.refresh_from_db()
    assert selectors.venue_text(meeting) == "Heidelberglaan 8, zaal 2\n\nBus 28"
    assert "1 of 5 done" in as_coordinator.get(_url("host_checklist", meeting)).content.decode()


def test_standard_item_remove_refused_on_the_page(as_coordinator, meeting):
    room = _items(meeting)[ROOM]

    response = as_coordinator.post(_url("host_item_delete", meeting, item=room.pk), follow=True)

    assert "A standard item cannot be removed" in response.content.decode()
    assert HostChecklistItem.objects.filter(pk=room.pk).exists()


def test_secretary_sees_a_meeting_without_host_says_so(as_secretary, secretary, cycle):
    unhosted = meeting_save(actor=secretary, meeting=ReviewMeeting(cycle=cycle, name="Zonder gastheer"))

    response = as_secretary.get(_url("host_checklist", unhosted))

    assert response.status_code == 200 and "This meeting has no host network yet." in response.content.decode()
    assert as_secretary.post(_url("host_item_create", unhosted), {"title": "X", "days_before": 3}).status_code == 200
    assert not HostChecklistItem.objects.filter(meeting=unhosted).exists()


def test_page_of_a_meeting_hosted_outside_the_timeline_gets_its_items(as_coordinator, cycle, network):
    # Given a host directly (an import), without the timeline's planning having run.
    hosted = ReviewMeeting.objects.create(cycle=cycle, name="Geïmporteerd", host_network=network)

    response = as_coordinator.get(_url("host_checklist", hosted))

    assert [item.kind for item in response.context["items"]] == [ROOM, CATERING, PARKING, AV]


def test_names_escaped(as_coordinator, coordinator, meeting):
    services_hosts.checklist_item_save(
        actor=coordinator, item=HostChecklistItem(meeting=meeting, title="<script>x</script>", days_before=1)
    )

    page = as_coordinator.get(_url("host_checklist", meeting)).content.decode()

    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


# The dashboard column


def test_dashboard_column_counts_per_host_network(coordinator, meeting, network, other_network, today):
    items = _items(meeting)
    services_hosts.checklist_item_set_done(actor=coordinator, item=items[AV], done=True)
    column = next(column for column in progress.columns() if column.key == "host_checklist")

    cells = column.cells(meeting.cycle)
    assert set(cells) == {network.pk}
    assert (cells[network.pk].label, cells[network.pk].tone) == ("1 of 4 done", "info")
    assert cells[network.pk].url == _url("host_checklist", meeting)

    ReviewMeeting.objects.filter(pk=meeting.pk).update(date=today + timedelta(days=20))  # room is late now
    assert column.cells(meeting.cycle)[network.pk].label == "1 of 4 done · 1 late"

    _tick_all(coordinator, meeting)
    assert column.cells(meeting.cycle)[network.pk].tone == "success"


# Query counts


@pytest.mark.parametrize("count", [1, 20])
def test_checklist_page_queries_do_not_grow(as_coordinator, meeting, django_assert_num_queries, count):
    HostChecklistItemFactory.create_batch(count, meeting=meeting)

    # Session, user, meeting, coordinated networks; the standard items checked (2); items, venue,
    # logistics task; the user's model permissions for the template's perms (2).
    with django_assert_num_queries(11):
        response = as_coordinator.get(_url("host_checklist", meeting))

    assert len(response.context["items"]) == 4 + count


@pytest.mark.parametrize("count", [1, 8])
def test_host_overview_queries_do_not_grow(as_secretary, cycle, django_assert_num_queries, count):
    for index in range(count):
        host = Network.objects.create(name=f"Host {index}", slug=f"host-{index}")
        hosted = ReviewMeeting.objects.create(cycle=cycle, name=f"Gesprek {index}", host_network=host)
        HostChecklistItemFactory.create_batch(3, meeting=hosted)
        MeetingVenue.objects.create(meeting=hosted, directions="Bus 1")

    with django_assert_num_queries(5):
        response = as_secretary.get(reverse("meetings:host_overview", kwargs={"year": 2018}))

    assert [len(row.items) for row in response.context["meetings"]] == [3] * count


# The demo


def test_demo_hosts_fit_the_month(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    secretary, _password = load_registry()
    november = load_cycle(actor=secretary, month=11)
    load_panel_and_hosts(actor=secretary, cycle=november, month=11)
    assert not HostChecklistItem.objects.exists()  # the hosts are chosen in November

    december = load_cycle(actor=secretary, month=12)
    load_panel_and_hosts(actor=secretary, cycle=december, month=12)
    done = {row.meeting.host_network.slug: row.done_count for row in selectors.host_overview(december)}
    # Booked in November; Nijmegen has only its room yet; the projectors are checked in spring.
    assert done == {"zuid-holland": 3, "zeeland": 3, "nijmegen": 1}
    assert not MeetingVenue.objects.filter(meeting__host_network__slug="nijmegen").exists()

    april = load_cycle(actor=secretary, month=4)
    load_panel_and_hosts(actor=secretary, cycle=april, month=4)
    rows = {row.meeting.name: row for row in selectors.host_overview(april)}
    assert {name: row.done_count for name, row in rows.items()} == {
        "Peer review gesprek 1": 4,  # 3 April: everything done, the projector in the last week of March
        "Peer review gesprek 2": 3,
        "Peer review gesprek 3": 3,
    }
    assert "P2" in selectors.venue_text(rows["Peer review gesprek 2"].meeting)
    assert not OutboxMessage.objects.exists()
