"""The agenda pages as the secretary and the chair use them, and who gets 404."""

import pytest
from django.urls import reverse

from peerreview.agenda import selectors, services
from peerreview.agenda.enums import AgendaState
from peerreview.agenda.models import Agenda
from peerreview.mail.models import OutboxMessage
from tests.factories import BottleneckFactory, GoodPracticeFactory


def _url(name, world, **kwargs):
    return reverse(f"agenda:{name}", kwargs={"pk": world.meeting.pk, **kwargs})


@pytest.mark.django_db
def test_secretary_drafts_edits_and_sends_through_the_pages(en_client, world):
    en_client.force_login(world.secretary)
    response = en_client.post(_url("draft", world), {"questions_per_network": 4}, follow=True)
    assert "The agenda was drafted" in response.content.decode()
    agenda = Agenda.objects.get(meeting=world.meeting)
    page = en_client.get(_url("detail", world)).content.decode()
    assert "Total 180 of 180 minutes" in page and "Same theme" in page
    item = selectors.items_of(agenda)[0]
    response = en_client.post(
        _url("item_update", world, item=item.pk),
        {
            f"item-{item.pk}-revision": agenda.revision,
            f"item-{item.pk}-title": "Welkom",
            f"item-{item.pk}-minutes": 15,
            f"item-{item.pk}-presenter": "Voorzitter",
        },
        follow=True,
    )
    assert "longer than the meeting" in response.content.decode()  # 185 > 180: saved, and flagged
    ids = [i.pk for i in selectors.items_of(agenda)]
    agenda.refresh_from_db()
    en_client.post(
        _url("reorder", world), {"revision": agenda.revision, "order": ",".join(map(str, [ids[1], ids[0], *ids[2:]]))}
    )
    assert [i.pk for i in selectors.items_of(agenda)][:2] == [ids[1], ids[0]]
    agenda.refresh_from_db()
    response = en_client.post(_url("send_to_chair", world), {"revision": agenda.revision, "note": ""}, follow=True)
    assert "longer than the meeting" in response.content.decode()
    assert not agenda.versions.exists()


@pytest.mark.django_db
def test_a_stale_form_shows_a_message_and_changes_nothing(en_client, world):
    en_client.force_login(world.secretary)
    agenda = services.agenda_draft(actor=world.secretary, meeting=world.meeting)
    response = en_client.post(
        _url("item_add", world), {"revision": agenda.revision - 1 or 99, "title": "Gast", "minutes": 5}, follow=True
    )
    assert "changed by someone else" in response.content.decode()
    assert not agenda.items.filter(title="Gast").exists()


@pytest.mark.django_db
def test_the_chair_reviews_beside_the_preparations_and_approves(en_client, world):
    agenda = services.agenda_draft(actor=world.secretary, meeting=world.meeting)
    version = services.agenda_send_to_chair(actor=world.secretary, agenda=agenda, revision=agenda.revision)
    en_client.force_login(world.chair)
    page = en_client.get(_url("review", world)).content.decode()
    assert "Docentennetwerk profielwerkstuk" in page and "The preparations" in page
    en_client.post(_url("comment", world), {"number": version.number, "item_index": 1, "text": "Kort houden"})
    response = en_client.post(
        _url("decide", world), {"number": version.number, "decision": "approve", "comment": ""}, follow=True
    )
    assert "You approved the agenda" in response.content.decode()
    agenda.refresh_from_db()
    assert agenda.state == AgendaState.APPROVED
    assert version.comments.get().text == "Kort houden"


@pytest.mark.django_db
def test_a_chair_of_another_meeting_and_coordinators_get_404(en_client, world, coordinator):
    agenda = services.agenda_draft(actor=world.secretary, meeting=world.meeting)
    version = services.agenda_send_to_chair(actor=world.secretary, agenda=agenda, revision=agenda.revision)
    for user in (world.other_chair, coordinator):
        en_client.force_login(user)
        for name in ("review", "detail", "agenda_pdf", "compare"):
            assert en_client.get(_url(name, world)).status_code == 404, (user, name)
        response = en_client.post(_url("decide", world), {"number": version.number, "decision": "approve"})
        assert response.status_code == 404
    agenda.refresh_from_db()
    assert agenda.state == AgendaState.WITH_CHAIR
    # The secretary may read the review but not decide in the chair's place.
    en_client.force_login(world.secretary)
    assert en_client.get(_url("review", world)).status_code == 200
    assert en_client.post(_url("decide", world), {"number": version.number, "decision": "approve"}).status_code == 404


@pytest.mark.django_db
def test_the_pack_is_sent_from_the_page_once_approved(en_client, world):
    agenda = services.agenda_draft(actor=world.secretary, meeting=world.meeting)
    en_client.force_login(world.secretary)
    response = en_client.post(_url("pack_send", world), follow=True)
    assert "has not approved" in response.content.decode()
    version = services.agenda_send_to_chair(actor=world.secretary, agenda=agenda, revision=agenda.revision)
    services.agenda_decide(actor=world.chair, agenda=agenda, number=version.number, approve=True)
    response = en_client.post(_url("pack_send", world), follow=True)
    assert "sent to 2 participants" in response.content.decode()
    assert OutboxMessage.objects.filter(template_key="agenda.pack").count() == 2


@pytest.mark.django_db
def test_editor_query_count_does_not_grow_with_the_preparations(en_client, world, django_assert_max_num_queries):
    en_client.force_login(world.secretary)
    services.agenda_draft(actor=world.secretary, meeting=world.meeting)
    with django_assert_max_num_queries(20) as small:
        assert en_client.get(_url("detail", world)).status_code == 200
    preparation = world.questions["utrecht-1"].preparation
    for n in range(3):
        BottleneckFactory(
            preparation=preparation,
            theme=world.questions["utrecht-1"].theme,
            priority=3 + n,
            learning_question=f"Vraag {n} over profielwerkstuk?",
        )
        GoodPracticeFactory(
            preparation=world.practices["limburg-pws"].preparation,
            theme=world.practices["limburg-pws"].theme,
            title=f"Praktijk {n}",
        )
    services.agenda_draft(actor=world.secretary, meeting=world.meeting)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert en_client.get(_url("detail", world)).status_code == 200


@pytest.mark.django_db
def _template_post(en_client, remove_kind="", extra=None):
    """The template form as the page shows it, with every row of one kind ticked for removal."""
    formset = en_client.get(reverse("agenda:template")).context["formset"]
    data = {
        "form-TOTAL_FORMS": len(formset.forms),
        "form-INITIAL_FORMS": len(formset.forms) - 1,
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000,
    }
    for index, form in enumerate(formset.forms):
        prefix = f"form-{index}-"
        if form.instance.pk:
            data |= {
                prefix + "id": form.instance.pk,
                prefix + "kind": form.instance.kind,
                prefix + "title": form.instance.title,
                prefix + "title_en": form.instance.title_en,
                prefix + "minutes": form.instance.minutes,
            }
            if form.instance.kind == remove_kind:
                data[prefix + "DELETE"] = "on"
        elif extra:
            data |= {prefix + name: value for name, value in extra.items()}
    return en_client.post(reverse("agenda:template"), data)


def test_template_must_keep_a_block(en_client, world):
    en_client.force_login(world.secretary)
    response = _template_post(en_client, remove_kind="block")
    assert "at least one block" in response.content.decode()
    assert services.template_slots()[1].kind == "block"


@pytest.mark.django_db
def test_a_part_added_to_the_template_comes_last_and_the_empty_row_is_ignored(en_client, world):
    en_client.force_login(world.secretary)
    response = _template_post(en_client, remove_kind="break")
    assert response.status_code == 302
    assert [slot.kind for slot in services.template_slots()] == ["opening", "block", "block", "closing"]
    _template_post(en_client, extra={"kind": "break", "title": "Borrel", "title_en": "Drinks", "minutes": 30})
    slots = services.template_slots()
    assert [(slot.kind, slot.title, slot.position) for slot in slots][-1] == ("break", "Borrel", 4)


@pytest.mark.django_db
def test_the_chair_finds_the_agenda_waiting_on_the_home_page(en_client, world):
    # The world's cycle is the next one, so the home page shows it.
    agenda = services.agenda_draft(actor=world.secretary, meeting=world.meeting)
    services.agenda_send_to_chair(actor=world.secretary, agenda=agenda, revision=agenda.revision)
    en_client.force_login(world.chair)
    page = en_client.get(reverse("home")).content.decode()
    assert "Agendas of the meetings you chair" in page and _url("review", world) in page
    en_client.force_login(world.other_chair)
    assert _url("review", world) not in en_client.get(reverse("home")).content.decode()
