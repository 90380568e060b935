"""The demo's grouping: out with the networks in October, fixed as the demo's meetings from November."""

import io

import pytest
from django.core.management import call_command

from peerreview.cycles.models import Cycle
from peerreview.grouping import selectors
from peerreview.grouping.demo import load_grouping
from peerreview.grouping.models import GroupingProposal


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def run_demo(month: int) -> tuple[Cycle, GroupingProposal]:
    """The demo command loads the grouping with everything else; its one proposal out is the demo's."""
    call_command("demo", "--quiet-credentials", "--month", str(month), stdout=io.StringIO())
    cycle = Cycle.objects.get(year=2018)
    return cycle, GroupingProposal.objects.get(cycle=cycle, state__in=["sent", "fixed"])


def slugs(proposal: GroupingProposal, networks) -> list[set[str]]:
    by_id = {network.pk: network.slug for network in networks}
    return [{by_id[i] for i in group} for group in proposal.groups]


@pytest.mark.django_db
def test_demo_in_october_has_the_proposal_out_with_six_approvals_and_one_objection():
    cycle, proposal = run_demo(10)

    assert (proposal.state, proposal.sent_at.date().isoformat()) == ("sent", "2017-10-09")
    assert slugs(proposal, cycle.networks.all()) == [
        {"limburg", "utrecht", "zuid-holland", "leiden"},
        {"amsterdam", "oost", "zeeland"},
        {"brabant", "nijmegen", "noord", "wageningen"},
    ]
    table = selectors.response_table(proposal)
    assert (table.approved, table.objected, table.unanswered) == (6, 1, 4)
    objection = next(row for row in table.rows if row.state == "object")
    assert objection.network.slug == "oost" and "Noord" in objection.response.reason
    assert cycle.meetings.count() == 0


@pytest.mark.django_db
def test_demo_from_november_has_the_grouping_of_its_meetings_fixed_and_approved_by_all():
    cycle, proposal = run_demo(11)

    assert proposal.state == "fixed"
    meetings = [{network.slug for network in meeting.networks.all()} for meeting in cycle.meetings.order_by("name")]
    assert slugs(proposal, cycle.networks.all()) == meetings
    table = selectors.response_table(proposal)
    assert (table.approved, table.objected, table.unanswered) == (11, 0, 0)
    assert load_grouping(actor=proposal.created_by, cycle=cycle, month=11) is None  # loading again adds nothing
    assert cycle.grouping_proposals.count() == 1
