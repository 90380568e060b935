"""The demo places cycle 2018 at any month of its timeline, with what a real cycle has by then."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from peerreview.cycles.enums import Owner, TaskState
from peerreview.cycles.models import Cycle, ReviewMeeting
from peerreview.cycles.playbook import DEFAULT_PLAYBOOK


def run_demo(*args):
    call_command("demo", "--quiet-credentials", *args, stdout=io.StringIO())
    return Cycle.objects.get(year=2018)


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.mark.django_db
def test_demo_creates_cycle_2018_with_every_playbook_row():
    cycle = run_demo()

    rows = {(task.key, task.owner, task.month) for task in cycle.tasks.all()}
    expected = {(key, owner, month) for key, month, _a, _o, owner, _opt, _nl, _en in DEFAULT_PLAYBOOK}
    assert rows == expected
    assert cycle.networks.count() == 11
    assert cycle.tasks.get(key="follow_up").due_date == date(2017, 10, 31)
    assert cycle.tasks.get(key="report_ministry").due_date == date(2018, 6, 30)
    assert set(cycle.tasks.values_list("state", flat=True)) == {TaskState.OPEN}


@pytest.mark.django_db
def test_demo_in_october_has_no_meetings_yet_and_meeting_rows_undated():
    cycle = run_demo("--month", "oktober")

    assert cycle.meetings.count() == 0
    assert cycle.tasks.get(key="preparation").due_date is None


@pytest.mark.django_db
def test_demo_in_november_has_the_grouping_but_no_dates():
    cycle = run_demo("--month", "november")

    assert list(cycle.meetings.values_list("date", "host_network")) == [(None, None)] * 3
    assert cycle.tasks.filter(key="preparation").count() == 3
    assert set(cycle.tasks.filter(state=TaskState.DONE).values_list("month", flat=True)) == {10}


@pytest.mark.django_db
def test_demo_in_march_has_dates_hosts_and_everything_before_march_done():
    cycle = run_demo("--month", "march")

    first = ReviewMeeting.objects.get(cycle=cycle, name="Peer review gesprek 1")
    assert (first.date, first.host_network.slug) == (date(2018, 4, 3), "zuid-holland")
    assert cycle.tasks.get(key="preparation", meeting=first).due_date == date(2018, 3, 13)
    before_march = cycle.tasks.filter(due_date__lt=date(2018, 3, 1))
    assert set(before_march.values_list("state", flat=True)) == {TaskState.DONE}
    assert set(cycle.tasks.filter(due_date__gte=date(2018, 3, 1)).values_list("state", flat=True)) == {TaskState.OPEN}
    done = cycle.tasks.filter(state=TaskState.DONE).select_related("completed_by").first()
    assert (done.completed_by.email, done.completed_at.date()) == ("secretaris@peerreview.example", done.due_date)
    assert cycle.tasks.filter(owner=Owner.HOSTS).count() == 3


@pytest.mark.django_db
def test_demo_in_june_leaves_only_the_reports_open():
    cycle = run_demo("--month", "6")

    open_keys = sorted(cycle.tasks.filter(state=TaskState.OPEN).values_list("key", flat=True))
    assert open_keys == ["draft_feedback", "report", "report_ministry"]


@pytest.mark.django_db
def test_demo_again_without_month_keeps_the_cycle_and_with_month_rebuilds_it():
    first = run_demo("--month", "march")

    assert run_demo().pk == first.pk
    assert run_demo("--month", "october").meetings.count() == 0


@pytest.mark.django_db
def test_demo_unknown_month_is_refused():
    with pytest.raises(CommandError, match="Unknown month"):
        run_demo("--month", "august")
