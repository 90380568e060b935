"""The secretary drafts an agenda and drags an item, the chair approves it, the pack goes out."""

from playwright.sync_api import expect

from peerreview.agenda import selectors
from peerreview.agenda.enums import AgendaState
from peerreview.agenda.models import Agenda
from peerreview.mail.models import OutboxMessage
from tests.e2e.conftest import sign_in
from tests.factories import NetworkFactory, SecretaryFactory, UserFactory
from tests.factories.agenda import meeting_with_preparations


def test_agenda_from_draft_to_pack(live_server, page, browser):
    secretary = SecretaryFactory(email="sanne@vo-ho.example")
    chair = UserFactory(email="chair@vo-ho.example", is_chair=True)
    world = meeting_with_preparations(
        NetworkFactory(name="Netwerk Utrecht", slug="utrecht"),
        NetworkFactory(name="Netwerk Limburg", slug="limburg"),
        chair,
        secretary,
    )
    detail = f"/agenda/meeting/{world.meeting.pk}/"

    sign_in(page.context, live_server, secretary)
    page.goto(detail)
    page.locator(f'form[action="{detail}draft/"] button[type="submit"]').click()
    items = page.locator("#agenda-items .agenda-item")
    expect(items).to_have_count(6)
    expect(items.nth(2)).to_contain_text("Docentennetwerk profielwerkstuk")

    # Drag the closing item above the break: the order is saved by the server.
    agenda = Agenda.objects.get(meeting=world.meeting)
    closing = selectors.items_of(agenda)[-1]
    items.nth(5).drag_to(items.nth(3))
    expect(page.locator("#agenda-items .agenda-item").nth(3)).to_have_attribute("data-item", str(closing.pk))
    assert selectors.items_of(agenda)[3].pk == closing.pk

    page.locator(f'form[action="{detail}send/"] button[type="submit"]').click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert OutboxMessage.objects.filter(template_key="agenda.review_requested", to=chair.email).exists()

    chair_context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    chair_page = chair_context.new_page()
    sign_in(chair_context, live_server, chair)
    chair_page.goto(f"{detail}review/")
    expect(chair_page.locator("body")).to_contain_text("Bijdrage per partnerschool")
    chair_page.locator('button[name="decision"][value="approve"]').click()
    expect(chair_page.locator(".alert-success")).to_be_visible()
    chair_context.close()
    agenda.refresh_from_db()
    assert agenda.state == AgendaState.APPROVED

    page.goto(detail)
    page.locator(f'form[action="{detail}pack/"] button[type="submit"]').click()
    expect(page.locator(".alert-success")).to_be_visible()
    packs = OutboxMessage.objects.filter(template_key="agenda.pack")
    assert sorted(m.to for m in packs) == sorted([chair.email, world.attendee.email])
    assert packs.first().attachments.count() == 4
