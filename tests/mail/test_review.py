"""The secretary reviews held messages: edit, discard, send one or all; attachments; a person's and a network's history."""

from email import message_from_bytes, policy

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peerreview.mail import services
from peerreview.mail.enums import MessageState
from peerreview.mail.models import OutboxMessage
from tests.factories import ContactFactory
from tests.mail.conftest import TASK_DUE, TASK_OVERDUE, compose, form_errors
from tests.smtp_catcher import smtp_catcher_fixture  # noqa: F401 -- registers the smtp_catcher fixture

STALE_ERROR = (
    "Someone else saved this while you were editing. The saved values that differ from yours are listed below; "
    "check them and save again to keep your version."
)
NOT_WAITING = "This message is no longer waiting for review; it was sent or discarded meanwhile."
PDF = b"%PDF-1.4 agenda for Utrecht"


def _detail(message) -> str:
    return reverse("mail:detail", kwargs={"pk": message.pk})


def _flash(response) -> str:
    """The latest message shown to the secretary (earlier ones wait on the redirect target, unread)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def _state(message) -> str:
    message.refresh_from_db()
    return message.state


# Held or sent at once, per kind


def test_message_compose_held_kind_waits_other_kind_sent(db, hold_task_due, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        held = compose(to="held@school.example", kind=TASK_DUE)
        automatic = compose(to="auto@school.example", kind=TASK_OVERDUE)

    assert (_state(held), _state(automatic)) == (MessageState.DRAFT, MessageState.SENT)
    assert [m.to for m in mail.outbox] == [["auto@school.example"]]
    # The dispatcher leaves a draft alone: only the secretary releases it.
    assert services.outbox_dispatch() == 0
    assert _state(held) == MessageState.DRAFT


def test_message_compose_sensitive_never_held(db, hold_task_due):
    message = services.message_queue(
        to="anna@school.example", subject="Code", body_text="ABCD-EFGH", sensitive=True, hold=True
    )
    assert message.state == MessageState.QUEUED


# Editing a draft


def test_draft_edit_saves_text_and_escapes_html(as_secretary, hold_task_due):
    draft = compose()
    text = 'Dear Anna,\n\n<script>alert("hi")</script> & see https://peerreview.example/x/'

    response = as_secretary.post(_detail(draft), {"subject": "Your  upload", "body_text": text, "save": "Save"})

    assert (response.status_code, response["Location"]) == (302, _detail(draft))
    assert _flash(response) == "Saved. The message still waits for review."
    draft.refresh_from_db()
    assert (draft.state, draft.subject, draft.body_text) == (MessageState.DRAFT, "Your upload", text)
    assert "<script>" not in draft.body_html
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp; see" in draft.body_html
    assert '<a href="https://peerreview.example/x/" rel="nofollow">https://peerreview.example/x/</a>' in draft.body_html
    assert mail.outbox == []


def test_draft_edit_browser_line_ends_stored_as_newlines(db, secretary, hold_task_due):
    draft = compose()

    edited = services.draft_edit(actor=secretary, message=draft, subject="Hi", body_text="Dear Anna,\r\n\r\nThanks")

    assert edited.body_text == "Dear Anna,\n\nThanks"
    assert "<p>Dear Anna,</p>\n\n<p>Thanks</p>" in edited.body_html


def test_draft_save_and_send_delivers_edited_text(as_secretary, hold_task_due, django_capture_on_commit_callbacks):
    draft = compose()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_secretary.post(
            _detail(draft), {"subject": "Upload, please", "body_text": "<b>Thank you</b>", "send": "Save and send"}
        )

    assert _flash(response) == "The message is queued to be sent."
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [
        (["anna@school.example"], "Upload, please", "<b>Thank you</b>")
    ]
    (html, _mimetype), *_ = mail.outbox[0].alternatives
    assert "&lt;b&gt;Thank you&lt;/b&gt;" in html
    assert _state(draft) == MessageState.SENT


def test_draft_edit_stale_save_refused_then_kept_on_resubmit(secretary, hold_task_due):
    draft = compose()
    sanne, piet = Client(HTTP_ACCEPT_LANGUAGE="en"), Client(HTTP_ACCEPT_LANGUAGE="en")
    sanne.force_login(secretary)
    piet.force_login(secretary)  # a colleague at the secretariat, in another browser
    sanne_version = sanne.get(_detail(draft)).context["form"]["version"].value()
    piet_version = piet.get(_detail(draft)).context["form"]["version"].value()

    first = sanne.post(
        _detail(draft), {"subject": draft.subject, "body_text": "Sanne's text", "version": sanne_version}
    )
    mine = {"subject": draft.subject, "body_text": "Piet's text", "version": piet_version}
    refused = piet.post(_detail(draft), mine)

    assert first.status_code == 302
    assert refused.status_code == 200
    assert form_errors(refused) == {"__all__": [STALE_ERROR]}
    assert refused.context["form"].stale_changes == [("Text", "Sanne's text")]
    assert "Saved by the other person:" in refused.content.decode()
    draft.refresh_from_db()
    assert (draft.body_text, draft.state) == ("Sanne's text", MessageState.DRAFT)

    kept = piet.post(_detail(draft), {**mine, "version": refused.context["form"]["version"].value()})

    assert kept.status_code == 302
    draft.refresh_from_db()
    assert draft.body_text == "Piet's text"


def test_draft_edit_after_it_was_sent_refused(as_secretary, secretary, hold_task_due):
    draft = compose()
    services.draft_send(actor=secretary, message=draft)

    response = as_secretary.post(_detail(draft), {"subject": "Changed", "body_text": "Changed"})

    assert _flash(response) == NOT_WAITING
    draft.refresh_from_db()
    assert (draft.subject, draft.state) == ("Reminder: Upload the self-evaluation (due 1 March 2026)", "queued")


def test_draft_detail_shows_form_only_while_waiting(as_secretary, secretary, hold_task_due):
    draft = compose()
    waiting = as_secretary.get(_detail(draft))
    services.draft_discard(actor=secretary, message=draft)
    discarded = as_secretary.get(_detail(draft))

    assert waiting.context["form"]["body_text"].value() == draft.body_text
    assert 'data-testid="discard"' in waiting.content.decode()
    assert discarded.context["form"] is None
    assert 'data-testid="discard"' not in discarded.content.decode()
    assert discarded.context["message"].get_state_display() == "discarded"


# Discard, send one, send all


def test_draft_discard_never_sent(as_secretary, hold_task_due, django_capture_on_commit_callbacks):
    draft = compose()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_secretary.post(reverse("mail:discard", kwargs={"pk": draft.pk}))
        again = as_secretary.post(reverse("mail:discard", kwargs={"pk": draft.pk}))
        sent_all = services.drafts_send_all(actor=response.wsgi_request.user)

    assert _flash(response) == "The message was discarded; it will not be sent."
    assert _flash(again) == NOT_WAITING
    assert sent_all == 0
    assert _state(draft) == MessageState.DISCARDED
    assert mail.outbox == []


def test_draft_send_one_from_list_leaves_others(as_secretary, hold_task_due, django_capture_on_commit_callbacks):
    chosen, other = compose(to="chosen@school.example"), compose(to="other@school.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_secretary.post(reverse("mail:send", kwargs={"pk": chosen.pk}), {"next": "list"})

    assert response["Location"] == f"{reverse('mail:outbox')}?state=draft"
    assert [m.to for m in mail.outbox] == [["chosen@school.example"]]
    assert (_state(chosen), _state(other)) == (MessageState.SENT, MessageState.DRAFT)


def test_draft_send_twice_sends_once(as_secretary, hold_task_due, django_capture_on_commit_callbacks):
    draft = compose()
    url = reverse("mail:send", kwargs={"pk": draft.pk})
    with django_capture_on_commit_callbacks(execute=True):
        first = as_secretary.post(url)
        second = as_secretary.post(url)

    assert (_flash(first), _flash(second)) == ("The message is queued to be sent.", NOT_WAITING)
    assert len(mail.outbox) == 1


def test_drafts_send_all_sends_every_waiting_message(
    as_secretary, secretary, hold_task_due, django_capture_on_commit_callbacks
):
    drafts = [compose(to=f"teacher{i}@school.example") for i in range(3)]
    discarded = compose(to="discarded@school.example")
    services.draft_discard(actor=secretary, message=discarded)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_secretary.post(reverse("mail:send_all"))

    assert _flash(response) == "3 waiting messages are queued to be sent."
    assert sorted(m.to[0] for m in mail.outbox) == [f"teacher{i}@school.example" for i in range(3)]
    assert [_state(d) for d in drafts] == [MessageState.SENT] * 3
    assert _state(discarded) == MessageState.DISCARDED


def test_drafts_send_all_of_one_kind(as_secretary, secretary, django_capture_on_commit_callbacks):
    services.template_auto_send_set(actor=secretary, key=TASK_DUE, auto_send=False)
    services.template_auto_send_set(actor=secretary, key=TASK_OVERDUE, auto_send=False)
    due = compose(to="due@school.example", kind=TASK_DUE)
    overdue = compose(to="overdue@school.example", kind=TASK_OVERDUE)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_secretary.post(reverse("mail:send_all"), {"kind": TASK_OVERDUE})

    assert response["Location"] == f"{reverse('mail:outbox')}?kind={TASK_OVERDUE}"
    assert _flash(response) == "1 waiting message is queued to be sent."
    assert [m.to for m in mail.outbox] == [["overdue@school.example"]]
    assert (_state(due), _state(overdue)) == (MessageState.DRAFT, MessageState.SENT)


def test_send_and_discard_refuse_get(as_secretary, hold_task_due):
    draft = compose()
    responses = [
        as_secretary.get(reverse("mail:send", kwargs={"pk": draft.pk})).status_code,
        as_secretary.get(reverse("mail:discard", kwargs={"pk": draft.pk})).status_code,
        as_secretary.get(reverse("mail:send_all")).status_code,
    ]
    assert responses == [405, 405, 405]
    assert _state(draft) == MessageState.DRAFT


# Attachments


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_attachment_listed_and_downloaded_by_secretary(as_secretary, hold_task_due, _media):
    draft = compose(attachments=[("agenda.pdf", PDF, "application/pdf")])
    (attachment,) = draft.attachments.all()

    page = as_secretary.get(_detail(draft)).content.decode()
    response = as_secretary.get(reverse("mail:attachment", kwargs={"pk": draft.pk, "attachment_pk": attachment.pk}))

    url = reverse("mail:attachment", kwargs={"pk": draft.pk, "attachment_pk": attachment.pk})
    assert f'<a href="{url}">agenda.pdf</a>' in page
    assert b"".join(response.streaming_content) == PDF
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/pdf",
        'attachment; filename="agenda.pdf"',
    )


def test_attachment_refused_to_others_and_under_another_message(client, coordinator, secretary, _media):
    message = compose(attachments=[("agenda.pdf", PDF, "application/pdf")])
    other = compose(to="other@school.example")
    secret = services.message_queue(
        to="anna@school.example",
        subject="Code",
        body_text="ABCD",
        sensitive=True,
        attachments=[("code.txt", b"ABCD", "text/plain")],
    )
    (attachment,) = message.attachments.all()
    (secret_attachment,) = secret.attachments.all()
    url = reverse("mail:attachment", kwargs={"pk": message.pk, "attachment_pk": attachment.pk})
    client.force_login(coordinator)
    as_coordinator = client.get(url).status_code
    client.force_login(secretary)
    statuses = [
        as_coordinator,
        client.get(reverse("mail:attachment", kwargs={"pk": other.pk, "attachment_pk": attachment.pk})).status_code,
        client.get(
            reverse("mail:attachment", kwargs={"pk": secret.pk, "attachment_pk": secret_attachment.pk})
        ).status_code,
        client.get(url).status_code,
    ]
    assert statuses == [404, 404, 404, 200]


def test_draft_with_attachment_delivered_over_smtp(db, secretary, hold_task_due, smtp_catcher, _media):
    draft = compose(attachments=[("agenda.pdf", PDF, "application/pdf")])
    services.draft_edit(actor=secretary, message=draft, subject="Agenda attached", body_text="See the agenda.")

    services.draft_send(actor=secretary, message=draft)
    assert services.outbox_dispatch() == 1

    (caught,) = smtp_catcher.wait_for(1)
    parsed = message_from_bytes(caught.raw, policy=policy.default)
    attachments = [
        (part.get_filename(), part.get_content_type(), part.get_content()) for part in parsed.iter_attachments()
    ]
    assert (caught.to, caught.subject, caught.body.strip()) == (
        ("anna@school.example",),
        "Agenda attached",
        "See the agenda.",
    )
    assert attachments == [("agenda.pdf", "application/pdf", PDF)]
    assert _state(draft) == MessageState.SENT


# The outbox list: filters, a person's history, query counts


def _stored(to: str, state: str = MessageState.SENT, kind: str = TASK_OVERDUE, **fields) -> OutboxMessage:
    return OutboxMessage.objects.create(
        to=to,
        from_email="peerreview@localhost",
        subject=fields.pop("subject", f"About {to}"),
        body_text=fields.pop("body_text", "Hello"),
        template_key=kind,
        state=state,
        next_attempt_at=timezone.now(),
        **fields,
    )


def test_outbox_list_filters_by_person_kind_and_review(as_secretary):
    old = _stored("Anna@School.example", kind=TASK_DUE)
    draft = _stored("anna@school.example", state=MessageState.DRAFT, kind=TASK_DUE)
    overdue = _stored("anna@school.example", kind=TASK_OVERDUE)
    piet = _stored("piet@school.example", state=MessageState.DRAFT, kind=TASK_DUE)
    url = reverse("mail:outbox")

    def shown(**query):
        return [m.pk for m in as_secretary.get(url, query).context["outbox_messages"]]

    assert shown(to="anna@school.example") == [overdue.pk, draft.pk, old.pk]
    assert shown(to="anna@school.example", kind=TASK_DUE) == [draft.pk, old.pk]
    assert shown(state="draft") == [piet.pk, draft.pk]
    assert shown(state="draft", kind=TASK_DUE, to="piet@school.example") == [piet.pk]
    assert shown(kind="no.such.kind") == [piet.pk, overdue.pk, draft.pk, old.pk]
    page = as_secretary.get(url, {"to": "anna@school.example"})
    assert page.context["waiting"] == 2
    assert "E-mail to anna@school.example" in page.content.decode()
    assert "2 messages wait for your review." in page.content.decode()
    assert "Send all waiting messages" in page.content.decode()
    assert page.context["outbox_messages"][0].kind_label == "Reminder: task overdue"


def test_outbox_list_send_all_button_only_with_waiting_messages(as_secretary):
    _stored("anna@school.example")
    page = as_secretary.get(reverse("mail:outbox")).content.decode()
    assert 'data-testid="send-all"' not in page


@pytest.mark.parametrize("size", [2, 30])
def test_outbox_list_queries_constant(as_secretary, django_assert_num_queries, size):
    for i in range(size):
        _stored(f"teacher{i}@school.example", state=MessageState.DRAFT if i % 2 else MessageState.SENT)
    url = reverse("mail:outbox")

    # session, user, count, page, counts per state, waiting of the kind
    with django_assert_num_queries(6):
        response = as_secretary.get(url, {"kind": TASK_OVERDUE, "state": "draft"})

    assert len(response.context["outbox_messages"]) == size // 2
    assert response.context["waiting"] == size // 2


# A network's mail history


@pytest.fixture
def network_mail(network, other_network, coordinator):
    anna = ContactFactory(network=network, email="anna@school.example")
    ContactFactory(network=other_network, email="lies@limburg.example")
    return {
        "sent": _stored("Anna@School.example", subject="Agenda"),
        "draft": _stored(anna.email, state=MessageState.DRAFT, subject="Reminder draft"),
        "discarded": _stored(anna.email, state=MessageState.DISCARDED, subject="Never mind"),
        "code": _stored(coordinator.email, subject="Your sign-in code", sensitive=True, body_text="QWRT-ZXCV"),
        "stranger": _stored("lies@limburg.example", subject="Limburg agenda"),
        "unknown": _stored("nobody@example.org", subject="Elsewhere"),
    }


def _network_mail_url(network) -> str:
    return reverse("networks:mail", kwargs={"slug": network.slug})


def test_network_mail_history_secretary_sees_all_to_contacts(as_secretary, network, network_mail):
    response = as_secretary.get(_network_mail_url(network))

    shown = [m.subject for m in response.context["outbox_messages"]]
    assert shown == ["Your sign-in code", "Never mind", "Reminder draft", "Agenda"]
    page = response.content.decode()
    assert "QWRT-ZXCV" not in page
    assert f'href="{reverse("mail:detail", kwargs={"pk": network_mail["sent"].pk})}"' in page


def test_network_mail_history_coordinator_sees_sent_only(client, coordinator, network, network_mail):
    client.force_login(coordinator)

    response = client.get(_network_mail_url(network))

    shown = [(m.subject, m.state) for m in response.context["outbox_messages"]]
    assert shown == [("Your sign-in code", "sent"), ("Agenda", "sent")]
    page = response.content.decode()
    assert "QWRT-ZXCV" not in page
    assert page.count('data-testid="body"') == 1  # the agenda's text; the code's is never shown
    assert reverse("mail:outbox") not in page


@pytest.mark.parametrize("who", ["other_coordinator", "chair"])
def test_network_mail_history_others_refused(client, network, network_mail, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_network_mail_url(network)).status_code == 404


@pytest.mark.parametrize("size", [1, 25])
def test_network_mail_history_queries_constant(client, coordinator, network, django_assert_num_queries, size):
    for i in range(size):
        contact = ContactFactory(network=network, email=f"teacher{i}@school.example")
        _stored(contact.email)
    client.force_login(coordinator)

    # session, user, network, coordinated networks, contacts' addresses, the user's and their groups'
    # model permissions (asked once, for the menu too), count, page
    with django_assert_num_queries(9):
        response = client.get(_network_mail_url(network))

    assert len(response.context["outbox_messages"]) == size


def test_contact_list_links_addresses_to_history_for_secretary_only(client, secretary, coordinator, network):
    ContactFactory(network=network, email="anna@school.example")
    url = reverse("networks:contacts", kwargs={"slug": network.slug})
    history = f'href="{reverse("mail:outbox")}?to=anna%40school.example"'
    client.force_login(secretary)
    as_secretary = client.get(url).content.decode()
    client.force_login(coordinator)
    as_coordinator = client.get(url).content.decode()

    assert history in as_secretary
    assert history not in as_coordinator
    assert "anna@school.example" in as_coordinator


# Only the secretary


@pytest.mark.parametrize("who", ["coordinator", "chair"])
@pytest.mark.parametrize(
    ("name", "method"),
    [("detail", "post"), ("send", "post"), ("discard", "post"), ("send_all", "post"), ("attachment", "get")],
)
def test_review_pages_refused_to_non_secretaries(client, request, hold_task_due, _media, who, name, method):
    draft = compose(attachments=[("agenda.pdf", PDF, "application/pdf")])
    kwargs = {"pk": draft.pk, "attachment_pk": draft.attachments.get().pk} if name == "attachment" else {}
    if name in ("detail", "send", "discard"):
        kwargs = {"pk": draft.pk}
    url = reverse(f"mail:{name}", kwargs=kwargs or None)
    client.force_login(request.getfixturevalue(who))

    response = getattr(client, method)(url, {"subject": "Hacked", "body_text": "Hacked"})

    assert response.status_code == 404
    draft.refresh_from_db()
    assert (draft.state, draft.subject) == (
        MessageState.DRAFT,
        "Reminder: Upload the self-evaluation (due 1 March 2026)",
    )
