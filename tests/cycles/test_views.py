"""The cycle's pages: the secretary's dashboard and editors, everyone's own tasks, the calendar download.

Most requests ask for English (Accept-Language) so that the assertions read the msgids; the form
errors are checked in the default language, Dutch.
"""

from datetime import date, datetime, time, timedelta
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from peerreview.cycles import services
from peerreview.cycles.enums import Anchor, Owner, TaskState
from peerreview.cycles.models import Cycle, PlaybookStep, ReviewMeeting, Task
from peerreview.cycles.playbook import DEFAULT_PLAYBOOK
from tests.factories import CoordinatorContactFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def _current_year() -> int:
    today = timezone.localdate()
    return today.year + 1 if today.month >= 10 else today.year


def _cycle(secretary, year=2018, networks=()) -> Cycle:
    return services.cycle_create(actor=secretary, cycle=Cycle(year=year), networks=list(networks))


def _meeting(secretary, cycle, name, networks, *, meeting_date=None, host=None) -> ReviewMeeting:
    meeting = ReviewMeeting(cycle=cycle, name=name, date=meeting_date, host_network=host, location="Utrecht")
    return services.meeting_save(actor=secretary, meeting=meeting, networks=list(networks))


def _free_task(secretary, cycle, title, due, owner=Owner.SECRETARY) -> Task:
    return services.task_save(actor=secretary, task=Task(cycle=cycle, title=title, owner=owner, due_date=due))


def _content(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _shown_tasks(content: str, tasks) -> set[int]:
    return {task.pk for task in tasks if f'data-task="{task.pk}"' in content}


# Cycle list, create and settings


def test_cycle_list_shows_every_cycle_with_counts(as_secretary, secretary, network):
    _cycle(secretary, 2016)
    _cycle(secretary, 2018, networks=[network])

    content = _content(as_secretary.get(reverse("cycles:list")))

    assert [
        (c.year, c.network_count, c.task_count) for c in as_secretary.get(reverse("cycles:list")).context["cycles"]
    ] == [
        (2018, 1, len(DEFAULT_PLAYBOOK)),
        (2016, 0, len(DEFAULT_PLAYBOOK)),
    ]
    assert 'href="/cycles/2018/"' in content
    assert 'href="/cycles/2016/"' in content
    assert "October 2017 – June 2018" in content


def test_cycle_create_form_defaults(as_secretary, secretary, network, other_network):
    inactive = NetworkFactory(name="Netwerk Oud", slug="oud", active=False)
    _cycle(secretary, 2016)

    form = as_secretary.get(reverse("cycles:create")).context["form"]

    assert form["year"].value() == 2018
    assert form["previous"].value() == Cycle.objects.get(year=2016).pk
    assert sorted(form["networks"].value()) == sorted([network.pk, other_network.pk])
    assert inactive not in form.fields["networks"].queryset


def test_cycle_create_makes_the_timeline(as_secretary, secretary, network, other_network):
    previous = _cycle(secretary, 2016)

    response = as_secretary.post(
        reverse("cycles:create"),
        {
            "year": 2018,
            "previous": previous.pk,
            "networks": [network.pk],
            "preparation_deadline_days": 28,
            "preparation_reminder_days": 14,
            "task_reminder_days": 7,
            "report_recipients": "ocw@minocw.example\n\n  steunpunt@vo-ho.example  \nOCW@minocw.example",
        },
        follow=True,
    )

    cycle = Cycle.objects.get(year=2018)
    assert response.redirect_chain == [("/cycles/2018/", 302)]
    assert (cycle.previous, list(cycle.networks.all()), cycle.preparation_deadline_days) == (previous, [network], 28)
    assert cycle.report_recipients == ["ocw@minocw.example", "steunpunt@vo-ho.example"]
    assert cycle.tasks.count() == len(DEFAULT_PLAYBOOK)
    assert "The cycle was created with its timeline from the playbook." in _content(response)


def test_cycle_create_errors_in_dutch(client, secretary, network):
    client.force_login(secretary)
    _cycle(secretary, 2018)

    response = client.post(
        reverse("cycles:create"),
        {
            "year": 2018,
            "networks": [network.pk],
            "preparation_deadline_days": 21,
            "preparation_reminder_days": 14,
            "task_reminder_days": 7,
            "report_recipients": "ocw@minocw.example\nocw-at-minocw.example",
        },
    )

    content = _content(response)
    assert response.headers["Content-Language"] == "nl"
    errors = response.context["form"].errors
    with translation.override("nl"):
        duplicate = translation.gettext("There is already a cycle for this year.")
    assert errors["year"] == [duplicate]
    assert errors["report_recipients"] == ["ocw-at-minocw.example: Voer een geldig e-mailadres in."]
    assert escape("ocw-at-minocw.example: Voer een geldig e-mailadres in.") in content
    assert escape(duplicate) in content
    assert Cycle.objects.count() == 1


def test_cycle_settings_update(as_secretary, secretary, network, other_network):
    cycle = _cycle(secretary, 2018, networks=[network])
    meeting = _meeting(secretary, cycle, "Noord", [network], meeting_date=date(2018, 3, 15))
    url = reverse("cycles:update", kwargs={"year": 2018})
    form = as_secretary.get(url).context["form"]
    assert form["report_recipients"].value() == ""
    assert form.fields["year"].disabled

    response = as_secretary.post(
        url,
        {
            "version": form["version"].value(),
            "year": 2030,  # ignored: the year is fixed
            "networks": [network.pk, other_network.pk],
            "preparation_deadline_days": 14,
            "preparation_reminder_days": 7,
            "task_reminder_days": 3,
            "report_recipients": "ocw@minocw.example",
        },
    )

    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.year, cycle.preparation_deadline_days, cycle.report_recipients) == (
        2018,
        14,
        ["ocw@minocw.example"],
    )
    assert set(cycle.networks.all()) == {network, other_network}
    assert meeting.tasks.get(key="preparation").due_date == date(2018, 3, 1)


# The dashboard


def test_dashboard_next_actions_first(as_secretary, secretary, network):
    today = timezone.localdate()
    cycle = _cycle(secretary, _current_year(), networks=[network])
    late = _free_task(secretary, cycle, "Te laat", today - timedelta(days=3))
    soon = _free_task(secretary, cycle, "Binnenkort", today + timedelta(days=7))
    later = _free_task(secretary, cycle, "Later", today + timedelta(days=60))
    done = _free_task(secretary, cycle, "Al gedaan", today - timedelta(days=5))
    services.task_set_state(actor=secretary, task=done, state=TaskState.DONE)

    response = as_secretary.get(reverse("cycles:detail", kwargs={"year": cycle.year}))

    content = _content(response)
    overdue, upcoming = response.context["overdue"], response.context["upcoming"]
    assert late in overdue and done not in overdue and soon not in overdue
    assert soon in upcoming and later not in upcoming and late not in upcoming
    assert all(task.due_date < today and task.state == TaskState.OPEN for task in overdue)
    next_actions = content[content.index('data-testid="next-actions"') : content.index('id="networks-heading"')]
    assert _shown_tasks(next_actions, [late, soon, later, done]) == {late.pk, soon.pk}
    assert next_actions.index("Te laat") < next_actions.index("Binnenkort")
    assert 'data-state="overdue"' in next_actions


def test_dashboard_months_october_to_june(as_secretary, secretary, network, other_network):
    cycle = _cycle(secretary, 2018, networks=[network, other_network])
    meeting = _meeting(secretary, cycle, "Noord", [network], meeting_date=date(2018, 3, 15), host=network)
    expert = cycle.tasks.get(key="expert")
    services.task_set_state(actor=secretary, task=expert, state=TaskState.NOT_APPLICABLE)

    response = as_secretary.get(reverse("cycles:detail", kwargs={"year": 2018}))

    content = _content(response)
    months = response.context["months"]
    assert [section.label for section in months] == [
        "October 2017",
        "November 2017",
        "December 2017",
        "January 2018",
        "February 2018",
        "March 2018",
        "April 2018",
        "May 2018",
        "June 2018",
    ]
    by_month = {section.key: {task.key for task in section.tasks} for section in months}
    assert by_month["2017-10"] == {"follow_up", "attendees", "expert", "chair", "grouping"}
    assert {"agenda", "preparation", "chair_review"} <= by_month["2018-02"]  # 21 days before 15 March
    assert {"minutes", "meeting_materials", "meeting_preparation"} <= by_month["2018-03"]
    assert response.context["undated"] == []
    assert 'data-testid="undated"' not in content
    for section in months:
        assert f'data-testid="month-{section.key}"' in content
    assert content.index("October 2017") < content.index("June 2018")
    assert escape(f"by {secretary.full_name}") in content  # who closed the expert task
    assert 'data-state="not_applicable"' in content
    # The network rows: the meeting, its date and the preparation deadline.
    rows = {row.network: row for row in response.context["network_rows"]}
    assert rows[network].meetings == [meeting]
    assert rows[other_network].meetings == []
    row = content[content.index('data-network="utrecht"') :]
    row = row[: row.index("</tr>")]
    assert "Noord" in row and "15 Mar 2018" in row and "22 Feb 2018" in row
    assert "not grouped yet" in content[content.index('data-network="limburg"') :]


def test_dashboard_shows_undated_meeting_tasks(as_secretary, secretary, network):
    cycle = _cycle(secretary, 2018, networks=[network])

    response = as_secretary.get(reverse("cycles:detail", kwargs={"year": 2018}))

    content = _content(response)
    undated = response.context["undated"]
    assert {task.key for task in undated} == {row[0] for row in DEFAULT_PLAYBOOK if row[2] != Anchor.MONTH}
    assert 'data-testid="undated"' in content
    assert "When the meeting dates are set" in content
    assert _shown_tasks(content, cycle.tasks.all()) == set(cycle.tasks.values_list("pk", flat=True))


def _dashboard_data(secretary, size: int) -> Cycle:
    networks = [NetworkFactory() for _ in range(2 * size)]
    cycle = _cycle(secretary, 2018, networks=networks)
    for index in range(size):
        pair = networks[2 * index : 2 * index + 2]
        meeting = _meeting(
            secretary, cycle, f"Gesprek {index}", pair, meeting_date=date(2018, 3, 1 + index), host=pair[0]
        )
        for task in meeting.tasks.all()[:2]:
            services.task_set_state(actor=secretary, task=task, state=TaskState.DONE)
        _free_task(secretary, cycle, f"Extra {index}", date(2018, 1, 10 + index))
    return cycle


@pytest.mark.parametrize("size", [1, 3])
def test_dashboard_query_count_constant(as_secretary, secretary, django_assert_num_queries, size):
    cycle = _dashboard_data(secretary, size)
    url = reverse("cycles:detail", kwargs={"year": 2018})

    # 7, and one per progress column other apps register (follow-up, preparation, attendees, host checklist).
    with django_assert_num_queries(11):
        response = as_secretary.get(url)

    assert len(response.context["network_rows"]) == 2 * size
    assert len(response.context["meetings"]) == size
    assert sum(len(section.tasks) for section in response.context["months"]) == cycle.tasks.count()


@pytest.mark.parametrize("size", [1, 3])
def test_cycle_list_query_count_constant(as_secretary, secretary, django_assert_num_queries, size):
    for year in range(2018, 2018 + 2 * size, 2):
        _cycle(secretary, year, networks=[NetworkFactory()])

    with django_assert_num_queries(3):
        response = as_secretary.get(reverse("cycles:list"))

    assert len(response.context["cycles"]) == size


@pytest.mark.parametrize("size", [1, 3])
def test_home_query_count_constant_for_a_coordinator(
    client, secretary, coordinator, network, size, django_assert_num_queries
):
    cycle = _cycle(secretary, _current_year(), networks=[network])
    for index in range(size):
        _meeting(
            secretary,
            cycle,
            f"Gesprek {index}",
            [network],
            meeting_date=timezone.localdate() + timedelta(days=30 + index),
            host=network,
        )
    client.force_login(coordinator)

    # 10 for the tasks, 4 for the written preparation (surveys.selectors.preparations_for_home),
    # 1 for the meetings the coordinator's networks host, 1 for the follow-up not sent yet.
    with django_assert_num_queries(16):
        response = client.get(reverse("home"))

    assert len(response.context["my_tasks"]) == cycle.tasks.filter(owner__in=[Owner.NETWORKS, Owner.HOSTS]).count()


# Meetings


def test_meeting_create_with_a_date_dates_its_tasks(as_secretary, secretary, network, other_network):
    cycle = _cycle(secretary, 2018, networks=[network, other_network])

    response = as_secretary.post(
        reverse("cycles:meeting_create", kwargs={"year": 2018}),
        {
            "name": "Gesprek Midden",
            "networks": [network.pk, other_network.pk],
            "host_network": network.pk,
            "date": "2018-03-15",
            "start_time": "13:00",
            "end_time": "16:00",
            "location": "Universiteit Utrecht",
        },
        follow=True,
    )

    meeting = cycle.meetings.get()
    assert response.redirect_chain == [(f"/cycles/2018/meetings/{meeting.pk}/", 302)]
    content = _content(response)
    assert "Saved. The meeting&#x27;s tasks were dated or moved to match its new date." in content
    assert meeting.tasks.get(key="agenda").due_date == date(2018, 2, 22)
    assert 'data-testid="meeting-tasks"' in content
    assert "Preparations are due on 22 February 2018." in content
    assert _shown_tasks(content, meeting.tasks.all()) == set(meeting.tasks.values_list("pk", flat=True))


def test_meeting_form_refuses_a_host_outside_the_meeting(as_secretary, secretary, network, other_network):
    _cycle(secretary, 2018, networks=[network, other_network])

    response = as_secretary.post(
        reverse("cycles:meeting_create", kwargs={"year": 2018}),
        {
            "name": "Gesprek",
            "networks": [network.pk],
            "host_network": other_network.pk,
            "start_time": "13:00",
            "end_time": "12:00",
        },
    )

    errors = response.context["form"].errors
    assert errors == {
        "host_network": ["The host must be one of the meeting's networks."],
        "end_time": ["The meeting must end after it starts."],
    }
    assert not ReviewMeeting.objects.exists()


def test_meeting_move_and_delete(as_secretary, secretary, network):
    cycle = _cycle(secretary, 2018, networks=[network])
    meeting = _meeting(secretary, cycle, "Noord", [network], meeting_date=date(2018, 3, 15))
    url = reverse("cycles:meeting", kwargs={"year": 2018, "pk": meeting.pk})
    form = as_secretary.get(url).context["form"]

    response = as_secretary.post(
        url,
        {
            "version": form["version"].value(),
            "name": "Noord",
            "networks": [network.pk],
            "date": "2018-04-05",
            "start_time": "10:00",
            "end_time": "13:00",
            "location": "Groningen",
        },
        follow=True,
    )

    assert "moved to match its new date" in _content(response)
    assert meeting.tasks.get(key="agenda").due_date == date(2018, 3, 15)

    delete_url = reverse("cycles:meeting_delete", kwargs={"year": 2018, "pk": meeting.pk})
    assert "Its tasks are removed with it." in _content(as_secretary.get(delete_url))
    response = as_secretary.post(delete_url, follow=True)
    assert "The meeting and its tasks were removed." in _content(response)
    assert not ReviewMeeting.objects.exists()
    assert cycle.tasks.filter(key="agenda", meeting=None, due_date=None).count() == 1


def test_meeting_of_another_cycle_is_404(as_secretary, secretary, network):
    _cycle(secretary, 2016)
    cycle = _cycle(secretary, 2018, networks=[network])
    meeting = _meeting(secretary, cycle, "Noord", [network])

    response = as_secretary.get(reverse("cycles:meeting", kwargs={"year": 2016, "pk": meeting.pk}))

    assert response.status_code == 404


# Tasks


def test_task_add_edit_delete(as_secretary, secretary):
    cycle = _cycle(secretary, 2018)

    response = as_secretary.post(
        reverse("cycles:task_create", kwargs={"year": 2018}),
        {
            "title": "Evaluatie bespreken",
            "title_en": "Discuss the evaluation",
            "owner": Owner.SECRETARY,
            "due_date": "2018-05-15",
            "optional": "on",
        },
        follow=True,
    )
    task = cycle.tasks.get(title="Evaluatie bespreken")
    assert response.redirect_chain == [("/cycles/2018/", 302)]
    assert (task.due_date, task.optional, task.month, task.step) == (date(2018, 5, 15), True, None, None)
    may = next(section for section in response.context["months"] if section.key == "2018-05")
    assert task in may.tasks

    url = reverse("cycles:task_update", kwargs={"year": 2018, "pk": task.pk})
    form = as_secretary.get(url).context["form"]
    assert Owner.HOSTS not in dict(form.fields["owner"].choices)
    as_secretary.post(
        url,
        {
            "version": form["version"].value(),
            "title": "Evaluatie bespreken met de raad",
            "owner": Owner.CHAIR,
            "due_date": "2018-05-20",
        },
    )
    task.refresh_from_db()
    assert (task.title, task.owner, task.due_date, task.optional) == (
        "Evaluatie bespreken met de raad",
        Owner.CHAIR,
        date(2018, 5, 20),
        False,
    )

    delete_url = reverse("cycles:task_delete", kwargs={"year": 2018, "pk": task.pk})
    assert "Remove Evaluatie bespreken met de raad?" in _content(as_secretary.get(delete_url))
    as_secretary.post(delete_url)
    assert not Task.objects.filter(pk=task.pk).exists()


def test_task_edit_of_a_meeting_task_explains_the_date(as_secretary, secretary, network):
    cycle = _cycle(secretary, 2018, networks=[network])
    meeting = _meeting(secretary, cycle, "Noord", [network], meeting_date=date(2018, 3, 15))
    task = meeting.tasks.get(key="agenda")

    content = _content(as_secretary.get(reverse("cycles:task_update", kwargs={"year": 2018, "pk": task.pk})))

    assert "This date follows the meeting: changing the meeting's date sets it again." in content


def test_secretary_marks_a_task_done_and_reopens_it(as_secretary, secretary):
    cycle = _cycle(secretary, 2018)
    task = cycle.tasks.get(key="expert")
    url = reverse("cycles:task_state", kwargs={"year": 2018, "pk": task.pk})

    response = as_secretary.post(url, {"state": "done", "next": "/cycles/2018/#month-2017-10"}, follow=True)

    assert response.redirect_chain == [("/cycles/2018/#month-2017-10", 302)]
    assert "Marked as done: Find an independent expert" in _content(response)
    task.refresh_from_db()
    assert (task.state, task.completed_by) == (TaskState.DONE, secretary)

    response = as_secretary.post(url, {"state": "open", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    task.refresh_from_db()
    assert (task.state, task.completed_by) == (TaskState.OPEN, None)
    assert as_secretary.get(url).status_code == 405


def test_chair_ticks_chair_tasks_but_not_the_secretarys(client, secretary, chair, network):
    cycle = _cycle(secretary, 2018, networks=[network])
    meeting = _meeting(secretary, cycle, "Noord", [network], meeting_date=date(2018, 3, 15))
    review = meeting.tasks.get(key="chair_review")
    agenda = meeting.tasks.get(key="agenda")
    client.force_login(chair)

    home = _content(client.get(reverse("home")))
    assert f'action="/cycles/2018/tasks/{review.pk}/state/"' in home
    assert f'data-task="{agenda.pk}"' not in home

    response = client.post(reverse("cycles:task_state", kwargs={"year": 2018, "pk": review.pk}), {"state": "done"})
    assert response.status_code == 302
    response = client.post(reverse("cycles:task_state", kwargs={"year": 2018, "pk": agenda.pk}), {"state": "done"})
    assert response.status_code == 404
    review.refresh_from_db()
    agenda.refresh_from_db()
    assert (review.state, review.completed_by, agenda.state) == (TaskState.DONE, chair, TaskState.OPEN)


def test_host_coordinator_ticks_their_meetings_host_task(
    client, secretary, coordinator, other_coordinator, network, other_network
):
    cycle = _cycle(secretary, 2018, networks=[network, other_network])
    ours = _meeting(secretary, cycle, "Noord", [network], meeting_date=date(2018, 3, 15), host=network)
    theirs = _meeting(secretary, cycle, "Zuid", [other_network], meeting_date=date(2018, 4, 15), host=other_network)
    our_logistics = ours.tasks.get(key="logistics")
    their_logistics = theirs.tasks.get(key="logistics")
    our_preparation = ours.tasks.get(key="preparation")
    client.force_login(coordinator)

    def tick(task):
        return client.post(reverse("cycles:task_state", kwargs={"year": 2018, "pk": task.pk}), {"state": "done"})

    assert tick(our_logistics).status_code == 302
    assert tick(their_logistics).status_code == 404
    assert tick(our_preparation).status_code == 404  # shared network tasks are ticked by the secretary
    assert list(Task.objects.filter(state=TaskState.DONE)) == [our_logistics]


def test_coordinator_home_shows_own_network_tasks_only(client, secretary, coordinator, network, other_network):
    cycle = _cycle(secretary, _current_year(), networks=[network, other_network])
    later = timezone.localdate() + timedelta(days=40)
    ours = _meeting(secretary, cycle, "Noord", [network], meeting_date=later, host=network)
    theirs = _meeting(secretary, cycle, "Zuid", [other_network], meeting_date=later, host=other_network)
    client.force_login(coordinator)

    response = client.get(reverse("home"))

    content = _content(response)
    mine = ours.tasks.filter(owner__in=[Owner.NETWORKS, Owner.HOSTS])
    assert set(response.context["my_tasks"]) == set(mine)
    assert _shown_tasks(content, cycle.tasks.all()) == set(mine.values_list("pk", flat=True))
    assert not _shown_tasks(content, theirs.tasks.all())
    logistics = ours.tasks.get(key="logistics")
    preparation = ours.tasks.get(key="preparation")
    assert f'action="/cycles/{cycle.year}/tasks/{logistics.pk}/state/"' in content
    assert f'action="/cycles/{cycle.year}/tasks/{preparation.pk}/state/"' not in content
    assert f'href="/cycles/{cycle.year}/calendar.ics"' in content
    assert 'data-testid="cycle-cockpit"' not in content


def test_secretary_home_cockpit(en_client, secretary):
    en_client.force_login(secretary)
    content = _content(en_client.get(reverse("home")))
    assert 'data-testid="create-cycle"' in content
    assert 'href="/cycles/new/"' in content
    assert 'href="/cycles/"' in content  # the navigation link

    cycle = _cycle(secretary, _current_year())
    late = _free_task(secretary, cycle, "Te laat", timezone.localdate() - timedelta(days=400))

    response = en_client.get(reverse("home"))

    content = _content(response)
    cockpit = response.context["cockpit"]
    open_tasks = cycle.tasks.filter(state=TaskState.OPEN)
    assert cockpit["counts"] == {
        "open": open_tasks.count(),
        "overdue": open_tasks.filter(due_date__lt=timezone.localdate()).count(),
    }
    assert cockpit["next_tasks"][0] == late
    assert f'href="/cycles/{cycle.year}/"' in content
    assert "Open the dashboard" in content
    assert f"{cockpit['counts']['overdue']} overdue" in content


# Playbook


def test_playbook_install_list_edit_move_retire_restore(as_secretary, secretary):
    url = reverse("cycles:playbook")
    content = _content(as_secretary.get(url))
    assert "Install the 2016 playbook" in content
    assert "Changes apply to cycles created afterwards" in content

    as_secretary.post(reverse("cycles:playbook_install"))
    response = as_secretary.get(url)
    content = _content(response)
    steps = response.context["steps"]
    assert [step.key for step in steps] == [row[0] for row in DEFAULT_PLAYBOOK]
    when = {step.key: step.when for step in steps}
    assert (when["follow_up"], when["preparation"], when["minutes"], when["draft_feedback"]) == (
        "October",
        "21 days before each meeting",
        "On the day of each meeting",
        "28 days after each meeting",
    )
    assert "Install the 2016 playbook" not in content

    first, second = steps[0], steps[1]
    as_secretary.post(reverse("cycles:playbook_move", kwargs={"pk": second.pk}), {"direction": "up"})
    order = list(PlaybookStep.objects.filter(active=True).order_by("position").values_list("key", flat=True))
    assert order[:2] == [second.key, first.key]

    as_secretary.post(reverse("cycles:playbook_retire", kwargs={"pk": first.pk}))
    first.refresh_from_db()
    assert not first.active
    assert [step.key for step in as_secretary.get(url).context["steps"]][-1] == first.key
    as_secretary.post(reverse("cycles:playbook_restore", kwargs={"pk": first.pk}))
    first.refresh_from_db()
    assert first.active

    response = as_secretary.post(
        reverse("cycles:playbook_create"),
        {
            "title": "Nieuwjaarsborrel",
            "title_en": "New year drinks",
            "owner": Owner.SECRETARY,
            "anchor": Anchor.MONTH,
            "month": 1,
            "offset_days": 0,
        },
        follow=True,
    )
    new = PlaybookStep.objects.get(title="Nieuwjaarsborrel")
    assert new.position > max(step.position for step in steps)
    assert "The change applies to cycles created from now on." in _content(response)

    edit = reverse("cycles:playbook_update", kwargs={"pk": new.pk})
    form = as_secretary.get(edit).context["form"]
    response = as_secretary.post(
        edit,
        {
            "version": form["version"].value(),
            "title": "Nieuwjaarsborrel",
            "owner": Owner.HOSTS,
            "anchor": Anchor.BEFORE_MEETING,
            "offset_days": 5,
        },
    )
    assert response.context["form"].errors == {"offset_days": ["Before the meeting means zero or fewer days."]}


@pytest.mark.parametrize("size", [1, 3])
def test_playbook_query_count_constant(as_secretary, size, django_assert_num_queries):
    for index in range(5 * size):
        PlaybookStep.objects.create(title=f"Stap {index}", owner=Owner.SECRETARY, month=10, position=index)

    with django_assert_num_queries(3):
        response = as_secretary.get(reverse("cycles:playbook"))

    assert len(response.context["steps"]) == 5 * size


# The calendar


def _events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event.uid): event for event in calendar.events}


def test_calendar_of_a_coordinator(client, secretary, coordinator, network, other_network):
    cycle = _cycle(secretary, 2018, networks=[network, other_network])
    ours = _meeting(secretary, cycle, "Noord", [network], meeting_date=date(2018, 3, 15), host=network)
    theirs = _meeting(secretary, cycle, "Zuid", [other_network], meeting_date=date(2018, 4, 10))
    client.force_login(coordinator)

    response = client.get(reverse("cycles:calendar", kwargs={"year": 2018}))

    events = _events(response)
    assert response["Content-Disposition"] == 'attachment; filename="peer-review-2018.ics"'
    meeting_event = events[f"meeting-{ours.pk}@peerreview.vo-ho-netwerken"]
    zone = timezone.get_current_timezone()
    assert meeting_event.start == datetime.combine(date(2018, 3, 15), time(13, 0), tzinfo=zone)
    assert meeting_event.end == datetime.combine(date(2018, 3, 15), time(16, 0), tzinfo=zone)
    assert str(meeting_event["LOCATION"]) == "Utrecht"
    assert f"meeting-{theirs.pk}@peerreview.vo-ho-netwerken" not in events
    mine = ours.tasks.filter(owner__in=[Owner.NETWORKS, Owner.HOSTS]).exclude(due_date=None)
    assert {uid for uid in events if uid.startswith("task-")} == {
        f"task-{task.pk}@peerreview.vo-ho-netwerken" for task in mine
    }
    preparation = ours.tasks.get(key="preparation")
    event = events[f"task-{preparation.pk}@peerreview.vo-ho-netwerken"]
    assert (event.start, event.end) == (date(2018, 2, 22), date(2018, 2, 23))


def test_calendar_of_the_secretary_has_every_meeting_and_stable_uids(as_secretary, secretary, network, other_network):
    cycle = _cycle(secretary, 2018, networks=[network, other_network])
    north = _meeting(secretary, cycle, "Noord", [network], meeting_date=date(2018, 3, 15))
    south = _meeting(secretary, cycle, "Zuid", [other_network], meeting_date=date(2018, 4, 10))
    undated = _meeting(secretary, cycle, "West", [other_network])
    url = reverse("cycles:calendar", kwargs={"year": 2018})

    first = _events(as_secretary.get(url))
    north.date = date(2018, 3, 22)
    services.meeting_save(actor=secretary, meeting=north)
    second = _events(as_secretary.get(url))

    assert set(first) == set(second)
    meetings = {uid for uid in first if uid.startswith("meeting-")}
    assert meetings == {f"meeting-{m.pk}@peerreview.vo-ho-netwerken" for m in (north, south)}
    assert f"meeting-{undated.pk}@peerreview.vo-ho-netwerken" not in first
    assert second[f"meeting-{north.pk}@peerreview.vo-ho-netwerken"].start.date() == date(2018, 3, 22)
    secretary_tasks = cycle.tasks.filter(owner=Owner.SECRETARY).exclude(due_date=None)
    assert {uid for uid in first if uid.startswith("task-")} == {
        f"task-{task.pk}@peerreview.vo-ho-netwerken" for task in secretary_tasks
    }


def test_calendar_of_the_expert_has_the_meetings_only(client, secretary, network):
    expert = UserFactory(is_expert=True)
    cycle = _cycle(secretary, 2018, networks=[network])
    meeting = _meeting(secretary, cycle, "Noord", [network], meeting_date=date(2018, 3, 15))
    client.force_login(expert)

    events = _events(client.get(reverse("cycles:calendar", kwargs={"year": 2018})))

    assert set(events) == {f"meeting-{meeting.pk}@peerreview.vo-ho-netwerken"}


# Access


@pytest.mark.parametrize(
    "name",
    ["cycles:list", "cycles:create", "cycles:detail", "cycles:update", "cycles:meeting_create", "cycles:playbook"],
)
def test_secretary_pages_are_404_for_others(client, secretary, coordinator, chair, network, name):
    _cycle(secretary, 2018, networks=[network])
    url = reverse(
        name, kwargs={"year": 2018} if name not in ("cycles:list", "cycles:create", "cycles:playbook") else {}
    )
    for user in (coordinator, chair, UserFactory(is_expert=True)):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_second_coordinator_of_the_network_sees_its_tasks(client, secretary, network):
    colleague = CoordinatorContactFactory(network=network, email="tweede@utrecht.example").user
    cycle = _cycle(secretary, 2018, networks=[network])
    client.force_login(colleague)

    response = client.get(reverse("home"))

    network_tasks = cycle.tasks.filter(owner=Owner.NETWORKS)
    assert set(response.context["my_tasks"]) == set(network_tasks)
