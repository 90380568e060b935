"""The secretary holds reminders for review, edits one in the outbox and sends it through the real worker and SMTP."""

import re

import pytest
from playwright.sync_api import expect

from peerreview.mail.enums import MessageState
from peerreview.mail.models import MailTemplate, OutboxMessage
from peerreview.mail.services import message_compose
from tests.broker import wait_until
from tests.factories import SecretaryFactory

PASSWORD = "a-good-test-password"  # the factories' password
TO = "anna@lyceum.example"
EDITED = "Beste Anna,\n\nDe zelfevaluatie mag ook vrijdag nog. Dank u wel!\n\nSanne"


@pytest.mark.worker
def test_secretary_reviews_edits_and_sends_a_reminder(celery_worker, smtp_catcher, live_server, page):
    secretary = SecretaryFactory(email="sanne@peerreview.example", full_name="Sanne Secretaris")

    # She signs in with her password.
    page.goto("/accounts/login/")
    page.locator('input[name="login"]').fill(secretary.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('input[name="password"]').press("Enter")
    expect(page.get_by_test_id("signed-in-as")).to_have_text("Sanne Secretaris")

    # Reminders of tasks due soon should wait for her review from now on.
    page.goto("/mail/templates/")
    row = page.get_by_test_id("template-cycles.task_due")
    row.get_by_test_id("switch-to-review").click()
    expect(page.get_by_test_id("template-cycles.task_due").get_by_test_id("switch-to-auto")).to_be_visible()
    assert list(MailTemplate.objects.values_list("key", "auto_send")) == [("cycles.task_due", False)]

    # The dispatcher writes a reminder: it is held, not sent.
    message = message_compose(
        kind="cycles.task_due",
        to=TO,
        context={
            "name": "Anna Jansen",
            "task": "Zelfevaluatie uploaden",
            "due_date": "1 maart 2026",
            "meeting": "",
            "cycle": "2026",
            "link": f"{live_server.url}/",
        },
        language="nl",
    )
    assert message.state == MessageState.DRAFT

    # She finds it among the messages waiting for review, edits the text and sends it.
    page.goto("/mail/outbox/?state=draft")
    expect(page.get_by_test_id("send-all")).to_contain_text("1")
    page.get_by_test_id(f"message-{message.pk}").get_by_role("link", name=message.subject).click()
    expect(page).to_have_url(f"{live_server.url}/mail/outbox/{message.pk}/")
    page.locator('textarea[name="body_text"]').fill(EDITED)
    page.locator('input[name="send"]').click()
    expect(page).to_have_url(f"{live_server.url}/mail/outbox/{message.pk}/")

    # The real worker delivers her text over SMTP, once.
    (caught,) = smtp_catcher.wait_for(1)
    assert (caught.to, caught.subject, caught.body.strip()) == (
        (TO,),
        "Herinnering: Zelfevaluatie uploaden (uiterlijk 1 maart 2026)",
        EDITED,
    )
    message = wait_until(lambda: OutboxMessage.objects.filter(pk=message.pk, state=MessageState.SENT).first())
    assert (message.state, message.attempts, message.body_text) == (MessageState.SENT, 1, EDITED)

    # The recipient's history shows it.
    page.reload()
    page.get_by_test_id("history-link").click()
    expect(page).to_have_url(re.compile(r"/mail/outbox/\?to=anna%40lyceum\.example$"))
    expect(page.get_by_test_id("outbox-heading")).to_contain_text(TO)
    history_row = page.get_by_test_id(f"message-{message.pk}")
    expect(history_row).to_contain_text("Herinnering: Zelfevaluatie uploaden")
    expect(history_row.get_by_test_id("state")).to_have_text("verzonden")
    expect(page.get_by_test_id("outbox-table").locator("tbody tr")).to_have_count(1)
    assert len(smtp_catcher.messages) == 1
