"""A coordinator signs in with a code that really travels worker → SMTP, and keeps their registry up to date."""

import re

import pytest
from playwright.sync_api import expect

from networks.enums import ContactRole, Weekday
from networks.models import Contact
from tests.factories import ContactFactory, CoordinatorContactFactory, NetworkFactory

CODE_PATTERN = re.compile(r"^([B-Z0-9]{4}-[B-Z0-9]{4})$", re.MULTILINE)


def _submit_button_of_form_with(page, field_name: str):
    form = page.locator("form", has=page.locator(f'input[name="{field_name}"]'))
    return form.locator('button[type="submit"], input[type="submit"]').first


@pytest.mark.worker
def test_coordinator_signs_in_by_code_and_edits_a_contact(celery_worker, smtp_catcher, live_server, page):
    utrecht = NetworkFactory(name="Utrecht", slug="utrecht")
    coordinator = CoordinatorContactFactory(network=utrecht, name="Carla Coördinator", email="carla@utrecht.example")
    colleague = ContactFactory(
        network=utrecht,
        name="Piet Docent",
        email="piet@lyceum.example",
        roles=[ContactRole.VO_TEACHER.value],
        working_days=[Weekday.MONDAY.value],
    )
    limburg = NetworkFactory(name="Limburg", slug="limburg")
    stranger = ContactFactory(network=limburg, name="Lies Limburg", email="lies@limburg.example")

    static: dict[str, int] = {}
    page.on("response", lambda r: static.update({r.url: r.status}) if "/static/" in r.url else None)

    # Not signed in: the site sends them to the sign-in page, where they ask for a code.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    page.get_by_test_id("request-code").click()
    page.locator('input[name="email"]').fill(coordinator.email)
    _submit_button_of_form_with(page, "email").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/code/confirm/"))

    # The code went through the outbox, the Celery worker and SMTP.
    (received,) = smtp_catcher.wait_for(1)
    assert received.to == (coordinator.email,)
    (code,) = CODE_PATTERN.findall(received.body)
    page.locator('input[name="code"]').fill(code)
    _submit_button_of_form_with(page, "code").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_test_id("signed-in-as")).to_have_text(coordinator.user.full_name)
    expect(page.get_by_test_id("roles")).to_contain_text("Utrecht")
    expect(page.get_by_test_id("roles")).not_to_contain_text("Limburg")

    # Their network's contacts: edit the colleague.
    page.locator('[data-testid="roles"] a[href="/networks/utrecht/"]').click()
    page.locator('a.nav-link[href="/networks/utrecht/contacts/"]').click()
    table = page.get_by_test_id("contact-table")
    expect(table).to_contain_text("Piet Docent")
    page.locator(f'a[href="/networks/utrecht/contacts/{colleague.pk}/edit/"]').click()
    page.locator('input[name="name"]').fill("Piet de Vries")
    page.locator(f'input[name="working_days"][value="{Weekday.WEDNESDAY.value}"]').check()
    _submit_button_of_form_with(page, "name").click()

    expect(page).to_have_url(f"{live_server.url}/networks/utrecht/contacts/")
    expect(table).to_contain_text("Piet de Vries")
    expect(table).not_to_contain_text("Piet Docent")
    colleague.refresh_from_db()
    assert (colleague.name, colleague.working_days) == (
        "Piet de Vries",
        [Weekday.MONDAY.value, Weekday.WEDNESDAY.value],
    )

    # Another network's contact does not exist for them, by either address.
    for url in (f"/networks/limburg/contacts/{stranger.pk}/edit/", f"/networks/utrecht/contacts/{stranger.pk}/edit/"):
        response = page.goto(url)
        assert response is not None
        assert response.status == 404
    assert Contact.objects.get(pk=stranger.pk).name == "Lies Limburg"
    # The pages had their CSS and scripts.
    assert f"{live_server.url}/static/vendor/bootstrap/css/bootstrap.min.css" in static
    assert {url: status for url, status in static.items() if status != 200} == {}
