"""The draft agenda from the preparations: questions in priority order, paired practices, minutes."""

import io
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from peerreview.accounts.models import User
from peerreview.agenda import selectors, services
from peerreview.agenda.enums import ItemKind
from peerreview.cycles.models import Cycle, ReviewMeeting
from tests.factories import BottleneckFactory, ThemeFactory


def _questions(agenda):
    return [item for item in selectors.items_of(agenda) if item.kind == ItemKind.QUESTION]


@pytest.mark.django_db
def test_draft_follows_the_template_and_fills_the_blocks(world):
    agenda = services.agenda_draft(actor=world.secretary, meeting=world.meeting)
    items = selectors.items_of(agenda)
    kinds = [item.kind for item in items]
    assert kinds[0] == ItemKind.OPENING and kinds[-1] == ItemKind.CLOSING
    assert ItemKind.BREAK in kinds
    # Three learning questions over two blocks of 70 minutes: two before the break, one after.
    assert kinds == [
        ItemKind.OPENING,
        ItemKind.QUESTION,
        ItemKind.QUESTION,
        ItemKind.BREAK,
        ItemKind.QUESTION,
        ItemKind.CLOSING,
    ]
    assert [item.minutes for item in items] == [10, 35, 35, 20, 70, 10]
    assert sum(item.minutes for item in items) == 180


@pytest.mark.django_db
def test_each_network_first_question_comes_first_in_its_priority_order(world):
    agenda = services.agenda_draft(actor=world.secretary, meeting=world.meeting)
    questions = [item.bottleneck for item in _questions(agenda)]
    # Round by round: Limburg's and Utrecht's first questions (networks by name), then Utrecht's second.
    assert questions == [world.questions["limburg-1"], world.questions["utrecht-1"], world.questions["utrecht-2"]]


@pytest.mark.django_db
def test_questions_pair_with_another_networks_practice_on_the_same_theme_with_the_reason(world):
    agenda = services.agenda_draft(actor=world.secretary, meeting=world.meeting)
    pairs = {item.bottleneck.pk: item for item in _questions(agenda)}
    pws = pairs[world.questions["utrecht-1"].pk]
    assert pws.good_practice == world.practices["limburg-pws"]
    assert pws.presenter == "Netwerk Limburg"
    assert "Same theme (Collaboration with schools)" in pws.match_reason
    assert "profielwerkstuk" in pws.match_reason
    assert pairs[world.questions["utrecht-2"].pk].good_practice == world.practices["zeeland-money"]
    assert pairs[world.questions["limburg-1"].pk].good_practice == world.practices["utrecht-girls"]


@pytest.mark.django_db
def test_a_network_is_never_paired_with_its_own_practice_and_unanswered_questions_are_flagged(world):
    lonely = ThemeFactory(cycle=world.cycle, key="duurzaam", name="Verduurzaming")
    BottleneckFactory(
        preparation=world.questions["utrecht-1"].preparation,
        theme=lonely,
        priority=3,
        learning_question="Wie neemt het secretariaat over als de trekker vertrekt?",
        description="De trekker gaat met pensioen.",
    )
    agenda = services.agenda_draft(actor=world.secretary, meeting=world.meeting)
    for item in _questions(agenda):
        if item.good_practice:
            assert item.good_practice.preparation.network_id != item.network_id
    flagged = [p.message for p in selectors.agenda_problems(agenda) if not p.blocking]
    assert any("secretariaat" in message for message in flagged)


@pytest.mark.django_db
def test_fewer_questions_per_network_for_more_depth(world):
    agenda = services.agenda_draft(actor=world.secretary, meeting=world.meeting, questions_per_network=1)
    questions = _questions(agenda)
    assert len(questions) == 2
    assert {item.bottleneck for item in questions} == {world.questions["utrecht-1"], world.questions["limburg-1"]}
    assert agenda.questions_per_network == 1


@pytest.mark.django_db
def test_more_than_four_questions_per_network_is_refused(world):
    with pytest.raises(ValidationError):
        services.agenda_draft(actor=world.secretary, meeting=world.meeting, questions_per_network=5)


@pytest.mark.django_db
def test_an_agenda_longer_than_the_meeting_blocks_sending(world):
    agenda = services.agenda_draft(actor=world.secretary, meeting=world.meeting)
    ReviewMeeting.objects.filter(pk=world.meeting.pk).update(end_time="15:00")
    agenda.meeting.refresh_from_db()
    problems = selectors.agenda_problems(agenda)
    assert problems[0].blocking and "180 minutes" in problems[0].message and "120" in problems[0].message
    with pytest.raises(ValidationError, match="longer than the meeting"):
        services.agenda_send_to_chair(actor=world.secretary, agenda=agenda, revision=agenda.revision)
    assert not agenda.versions.exists()


@pytest.mark.django_db
def test_a_learning_question_removed_after_the_draft_is_flagged_and_blocks_sending(world):
    agenda = services.agenda_draft(actor=world.secretary, meeting=world.meeting)
    world.questions["utrecht-2"].delete()
    item = next(i for i in _questions(agenda) if i.question.startswith("Hoe financieren"))
    assert item.question_removed
    with pytest.raises(ValidationError, match="removed the learning question"):
        services.agenda_send_to_chair(actor=world.secretary, agenda=agenda, revision=agenda.revision)
    services.agenda_item_delete(actor=world.secretary, item=item, revision=agenda.revision)
    agenda.refresh_from_db()
    assert not [p for p in selectors.agenda_problems(agenda) if p.blocking]


@pytest.mark.django_db
def test_the_demo_meetings_drafts_fill_three_hours_with_at_most_four_questions_per_network(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("demo", "--quiet-credentials", "--month", "may", stdout=io.StringIO())
    secretary = User.objects.get(is_staff=True)
    for meeting in Cycle.objects.get(year=2018).meetings.all():
        agenda = services.agenda_draft(actor=secretary, meeting=meeting)
        items = selectors.items_of(agenda)
        assert sum(item.minutes for item in items) == 180
        per_network = Counter(item.network_id for item in items if item.kind == ItemKind.QUESTION)
        assert per_network and max(per_network.values()) <= 4
        assert not [problem for problem in selectors.agenda_problems(agenda, items) if problem.blocking]
