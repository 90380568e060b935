"""The demo's follow-up: 2016's action points entered by the secretary; a few answers by mid-October,
most networks submitted from November, every one within the rules a network's own follow-up keeps."""

import pytest

from networks.demo import load_registry
from peerreview.cycles.demo import load_cycle, parse_month
from surveys.demo import load_followups
from surveys.models import FollowUp, PreviousActionPoint
from surveys.services_followup import followup_problems


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def _demo(month: str) -> dict[str, str]:
    secretary, _password = load_registry(scale=1)
    cycle = load_cycle(actor=secretary, month=parse_month(month))
    load_followups(actor=secretary, cycle=cycle, month=parse_month(month))
    return {f.network.slug: f.state for f in FollowUp.objects.filter(cycle=cycle).select_related("network")}


@pytest.mark.django_db
def test_demo_in_october_action_points_entered_and_few_answers():
    states = _demo("october")

    assert PreviousActionPoint.objects.values("network").distinct().count() == 11
    assert len(states) == 11
    assert sorted(slug for slug, state in states.items() if state == "submitted") == ["utrecht", "zeeland"]
    amsterdam = FollowUp.objects.get(network__slug="amsterdam")
    assert amsterdam.exchange == "yes" and not amsterdam.is_submitted


@pytest.mark.django_db
def test_demo_from_november_most_networks_have_submitted_within_the_rules():
    states = _demo("november")

    submitted = [slug for slug, state in states.items() if state in ("submitted", "late")]
    assert len(submitted) == 9
    assert sorted(slug for slug, state in states.items() if state == "late") == ["oost", "wageningen"]
    assert (states["noord"], states["brabant"]) == ("draft", "draft")
    for follow_up in FollowUp.objects.filter(submitted_at__isnull=False):
        assert followup_problems(follow_up) == []
        assert follow_up.items.count() == PreviousActionPoint.objects.filter(network=follow_up.network).count()


@pytest.mark.django_db
def test_demo_loaded_twice_adds_nothing():
    _demo("december")
    secretary, _password = load_registry(scale=1)
    cycle = load_cycle(actor=secretary, month=None)

    assert load_followups(actor=secretary, cycle=cycle, month=12) == []
    assert FollowUp.objects.filter(submitted_at__isnull=False).count() == 10
