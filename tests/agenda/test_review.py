"""Editing with revisions, the chair's review with versions, and the pack."""

import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from peerreview.agenda import documents, selectors, services
from peerreview.agenda.enums import AgendaState, Decision
from peerreview.cycles.enums import Anchor, Owner, TaskState
from peerreview.mail.models import OutboxMessage
from tests.factories import TaskFactory


@pytest.fixture
def agenda(world):
    return services.agenda_draft(actor=world.secretary, meeting=world.meeting)


@pytest.mark.django_db
def test_an_edit_from_a_stale_page_is_refused_and_changes_nothing(world, agenda):
    item = selectors.items_of(agenda)[1]
    seen = agenda.revision
    item.minutes = 30
    services.agenda_item_save(actor=world.secretary, item=item, revision=seen)
    other = selectors.items_of(agenda)[2]
    other.minutes = 5
    with pytest.raises(services.StaleAgenda):
        services.agenda_item_save(actor=world.secretary, item=other, revision=seen)
    assert selectors.items_of(agenda)[2].minutes == 35


@pytest.mark.django_db
def test_reorder_must_name_every_item_once(world, agenda):
    ids = [item.pk for item in selectors.items_of(agenda)]
    with pytest.raises(ValidationError):
        services.agenda_reorder(actor=world.secretary, agenda=agenda, revision=agenda.revision, item_ids=ids[:-1])
    with pytest.raises(ValidationError):
        services.agenda_reorder(actor=world.secretary, agenda=agenda, revision=agenda.revision, item_ids=ids + ids[:1])
    services.agenda_reorder(
        actor=world.secretary, agenda=agenda, revision=agenda.revision, item_ids=[ids[0], ids[2], ids[1], *ids[3:]]
    )
    assert [item.pk for item in selectors.items_of(agenda)] == [ids[0], ids[2], ids[1], *ids[3:]]


@pytest.mark.django_db
def test_swapping_the_practice_takes_only_another_network_of_the_meeting(world, agenda):
    item = next(
        i for i in selectors.items_of(agenda) if i.network == world.networks[0] and i.question.startswith("Hoe houden")
    )
    with pytest.raises(ValidationError, match="another network"):
        services.agenda_item_save(
            actor=world.secretary, item=item, revision=agenda.revision, practice_id=world.practices["utrecht-girls"].pk
        )
    services.agenda_item_save(
        actor=world.secretary, item=item, revision=agenda.revision, practice_id=world.practices["zeeland-money"].pk
    )
    item.refresh_from_db()
    assert item.practice_title == "Bijdrage per partnerschool" and item.presenter == "Netwerk Zeeland"


@pytest.mark.django_db
def test_chair_review_approve_notifies_the_secretary_and_ticks_the_task(world, agenda):
    task = TaskFactory(
        cycle=world.cycle,
        meeting=world.meeting,
        key="chair_review",
        owner=Owner.CHAIR,
        anchor=Anchor.BEFORE_MEETING,
        offset_days=-21,
    )
    version = services.agenda_send_to_chair(
        actor=world.secretary, agenda=agenda, revision=agenda.revision, note="Graag"
    )
    mail = OutboxMessage.objects.get(template_key="agenda.review_requested")
    assert mail.to == world.chair.email and f"/agenda/meeting/{world.meeting.pk}/review/" in mail.body_text
    services.agenda_comment(actor=world.chair, version=version, text="Mooi", item_index=1)
    services.agenda_decide(actor=world.chair, agenda=agenda, number=version.number, approve=True)
    agenda.refresh_from_db()
    version.refresh_from_db()
    assert agenda.state == AgendaState.APPROVED and version.decision == Decision.APPROVED
    task.refresh_from_db()
    assert task.state == TaskState.DONE
    assert OutboxMessage.objects.filter(template_key="agenda.approved", to=world.secretary.email).exists()


@pytest.mark.django_db
def test_approving_a_version_that_has_changed_since_it_was_sent_is_refused(world, agenda):
    version = services.agenda_send_to_chair(actor=world.secretary, agenda=agenda, revision=agenda.revision)
    item = selectors.items_of(agenda)[0]
    item.minutes = 5
    services.agenda_item_save(actor=world.secretary, item=item, revision=version.revision)
    with pytest.raises(ValidationError, match="changed since this version"):
        services.agenda_decide(actor=world.chair, agenda=agenda, number=version.number, approve=True)
    agenda.refresh_from_db()
    version.refresh_from_db()
    assert agenda.state == AgendaState.WITH_CHAIR and version.decision == Decision.PENDING
    newer = services.agenda_send_to_chair(actor=world.secretary, agenda=agenda, revision=agenda.revision)
    version.refresh_from_db()
    assert version.decision == Decision.SUPERSEDED and newer.number == 2
    with pytest.raises(ValidationError, match="not the version waiting"):
        services.agenda_decide(actor=world.chair, agenda=agenda, number=1, approve=True)
    rows = selectors.version_diff(version, newer)
    assert ("removed", " 10 min  Introductions, aims, the agenda") in rows
    assert ("added", "  5 min  Introductions, aims, the agenda") in rows
    assert sum(tag == "same" for tag, _ in rows) == 5


@pytest.mark.django_db
def test_asking_for_changes_needs_a_comment(world, agenda):
    version = services.agenda_send_to_chair(actor=world.secretary, agenda=agenda, revision=agenda.revision)
    with pytest.raises(ValidationError, match="Say which changes"):
        services.agenda_decide(actor=world.chair, agenda=agenda, number=version.number, approve=False)
    services.agenda_decide(
        actor=world.chair, agenda=agenda, number=version.number, approve=False, comment="Minder vragen graag"
    )
    agenda.refresh_from_db()
    assert agenda.state == AgendaState.CHANGES_REQUESTED
    assert "Minder vragen graag" in OutboxMessage.objects.get(template_key="agenda.changes_requested").body_text


@pytest.mark.django_db
def test_editing_an_approved_agenda_needs_approval_again(world, agenda):
    version = services.agenda_send_to_chair(actor=world.secretary, agenda=agenda, revision=agenda.revision)
    services.agenda_decide(actor=world.chair, agenda=agenda, number=version.number, approve=True)
    agenda.refresh_from_db()
    item = selectors.items_of(agenda)[0]
    services.agenda_item_save(actor=world.secretary, item=item, revision=agenda.revision)
    agenda.refresh_from_db()
    assert agenda.state == AgendaState.DRAFT
    with pytest.raises(ValidationError, match="not approved"):
        services.agenda_pack_send(actor=world.secretary, agenda=agenda, documents=[])


@pytest.mark.django_db
def test_the_pack_goes_to_every_participant_with_four_pdfs(world, agenda):
    version = services.agenda_send_to_chair(actor=world.secretary, agenda=agenda, revision=agenda.revision)
    services.agenda_decide(actor=world.chair, agenda=agenda, number=version.number, approve=True)
    agenda.refresh_from_db()
    count = services.agenda_pack_send(actor=world.secretary, agenda=agenda, documents=documents.pack(agenda))
    assert count == 2  # the chair and the one attendee
    messages = OutboxMessage.objects.filter(template_key="agenda.pack")
    assert sorted(m.to for m in messages) == sorted([world.chair.email, world.attendee.email])
    attachments = list(messages.first().attachments.all())
    assert len(attachments) == 4 and all(a.mimetype == "application/pdf" for a in attachments)
    texts = []
    for attachment in attachments:
        with attachment.file.open("rb") as handle:
            texts.append("".join(page.extract_text() for page in PdfReader(handle).pages))
    agenda_text, preparations_text, participants_text, format_text = texts
    assert "profielwerkstuk" in agenda_text and "13:00" in agenda_text
    assert "Docentennetwerk profielwerkstuk" in preparations_text and "Netwerk Zeeland" in preparations_text
    assert "Anna Aanwezig" in participants_text and "Carla Voorzitter" in participants_text
    assert "at most 5 minutes" in format_text
    assert attachments[0].filename == "agenda-gesprek-zuid-2031.pdf"


@pytest.mark.django_db
def test_print_pack_holds_a_copy_per_participant_and_name_cards(world, agenda):
    name, content, _ = documents.print_pack_document(agenda).render()
    pages = PdfReader(io.BytesIO(content)).pages
    cards = [page for page in pages if page.mediabox.width > page.mediabox.height]
    assert len(cards) == 2 + documents.BLANK_NAME_CARDS
    assert "Anna Aanwezig" in cards[0].extract_text() + cards[1].extract_text()
    assert len(pages) >= len(cards) + 2 * 2
