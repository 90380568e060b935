"""The demo's preparations: drafts from January, growing by month, submitted around their deadlines,
and every one of them within the rules a network's own preparation must keep."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from peerreview.cycles.models import Cycle
from surveys.enums import MAX_LEARNING_QUESTIONS, MAX_WORDS, MIN_LEARNING_QUESTIONS
from surveys.models import Bottleneck, GoodPractice, Preparation
from surveys.services import preparation_problems

FIRST_MEETING = {"limburg", "utrecht", "zuid-holland", "leiden"}


def run_demo(month: str) -> Cycle:
    call_command("demo", "--quiet-credentials", "--month", month, stdout=io.StringIO())
    return Cycle.objects.get(year=2018)


def states(cycle: Cycle) -> dict[str, str]:
    return {p.network.slug: p.state for p in cycle.preparations.select_related("network")}


def entry_counts(cycle: Cycle) -> dict[str, int]:
    return {
        p.network.slug: p.good_practices.count() + p.bottlenecks.count()
        for p in cycle.preparations.select_related("network")
    }


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.mark.django_db
@pytest.mark.parametrize(("month", "themes"), [("october", 0), ("november", 0), ("december", 10)])
def test_demo_before_january_has_no_preparations_and_themes_from_december(month, themes):
    cycle = run_demo(month)

    assert (cycle.themes.count(), cycle.preparations.count()) == (themes, 0)


@pytest.mark.django_db
def test_demo_in_january_every_network_has_a_draft():
    cycle = run_demo("january")

    assert set(states(cycle).values()) == {"draft"}
    assert len(states(cycle)) == 11
    assert min(entry_counts(cycle).values()) >= 1


@pytest.mark.django_db
def test_demo_drafts_grow_month_by_month():
    january = entry_counts(run_demo("january"))
    february = entry_counts(run_demo("february"))
    march = entry_counts(run_demo("march"))

    assert all(january[slug] <= february[slug] <= march[slug] for slug in january)
    assert sum(january.values()) < sum(february.values()) < sum(march.values())


@pytest.mark.django_db
def test_demo_in_march_some_of_the_first_meeting_submitted_one_late():
    cycle = run_demo("march")

    by_state: dict[str, set[str]] = {}
    for slug, state in states(cycle).items():
        by_state.setdefault(state, set()).add(slug)
    assert by_state["submitted"] | by_state["late"] < FIRST_MEETING
    assert len(by_state["late"]) == 1
    assert by_state["submitted"]
    assert FIRST_MEETING & by_state["draft"]
    late = cycle.preparations.get(late=True)
    assert late.submitted_at.date() > date(2018, 3, 13)
    on_time = cycle.preparations.filter(submitted_at__isnull=False, late=False)
    assert all(p.submitted_at.date() <= date(2018, 3, 13) for p in on_time)
    # The meeting's "submit the preparation" task waits for the last of its networks.
    assert cycle.tasks.get(key="preparation", meeting__name="Peer review gesprek 1").state == "open"


@pytest.mark.django_db
def test_demo_in_april_the_first_two_meetings_submitted():
    cycle = run_demo("april")

    submitted = {slug for slug, state in states(cycle).items() if state != "draft"}
    assert submitted >= FIRST_MEETING | {"amsterdam", "oost", "zeeland"}
    assert "draft" in states(cycle).values()


@pytest.mark.django_db
def test_demo_in_may_every_preparation_submitted_with_its_author():
    cycle = run_demo("may")

    preparations = list(cycle.preparations.select_related("submitted_by", "network"))
    assert len(preparations) == 11
    assert all(p.is_submitted for p in preparations)
    assert all(p.submitted_by.email == f"coordinator@{p.network.slug}.demo.example" for p in preparations)
    assert all(p.submitted_at.year == 2018 for p in preparations)


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["january", "march", "may"])
def test_demo_preparations_keep_the_rules(month):
    cycle = run_demo(month)

    for preparation in Preparation.objects.filter(cycle=cycle):
        questions = list(
            preparation.bottlenecks.exclude(learning_question="")
            .order_by("priority")
            .values_list("priority", flat=True)
        )
        assert len(questions) <= MAX_LEARNING_QUESTIONS
        assert questions == list(range(1, len(questions) + 1))
        if preparation.is_submitted:
            assert len(questions) >= MIN_LEARNING_QUESTIONS
            assert preparation_problems(preparation) == []
    entries = [
        *GoodPractice.objects.filter(preparation__cycle=cycle),
        *Bottleneck.objects.filter(preparation__cycle=cycle),
    ]
    assert entries
    assert max(entry.word_count for entry in entries) <= MAX_WORDS
    for entry in entries:
        entry.full_clean()


@pytest.mark.django_db
def test_demo_in_may_networks_write_two_to_four_practices_and_bottlenecks():
    cycle = run_demo("may")

    for preparation in cycle.preparations.all():
        assert 2 <= preparation.good_practices.count() <= 4
        assert 2 <= preparation.bottlenecks.count() <= 3
    utrecht = cycle.preparations.get(network__slug="utrecht")
    assert [q.theme.key for q in utrecht.bottlenecks.exclude(learning_question="").order_by("priority")] == [
        "quality",
        "business",
    ]
    own = cycle.preparations.exclude(own_theme_name="")
    assert list(own.values_list("network__slug", "own_theme_name")) == [("zuid-holland", "Havo-talentontwikkeling")]


@pytest.mark.django_db
def test_demo_again_with_a_month_rebuilds_the_preparations():
    run_demo("may")

    cycle = run_demo("january")

    assert set(states(cycle).values()) == {"draft"}
