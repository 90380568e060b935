"""The secretary's mail templates: checked texts, review first or automatic, preview, reset, stale saves."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from peerreview.mail import services
from peerreview.mail.enums import MessageState
from peerreview.mail.kinds import all_kinds
from peerreview.mail.models import MailTemplate, OutboxMessage
from tests.mail.conftest import TASK_DUE, TASK_OVERDUE, compose, form_errors

EDIT_URL = reverse("mail:template_edit", kwargs={"key": TASK_DUE})
STALE_ERROR = (
    "Someone else saved this while you were editing. The saved values that differ from yours are listed below; "
    "check them and save again to keep your version."
)
UNCLOSED = "A placeholder is opened but not closed; write it as {{ name }}."


def _texts(**changes) -> dict:
    built_in = services.template_for(TASK_DUE)
    values = {name: getattr(built_in, name) for name in services.TEMPLATE_TEXT_FIELDS}
    return {**values, "auto_send": "on", **changes}


# Saving


def test_template_save_used_by_next_message(as_secretary, django_capture_on_commit_callbacks):
    data = _texts(
        subject_en="Please: {{ task|lower }}", body_en="Hello {{ name }},\n\n<script>x()</script>\n{{ link }}"
    )

    response = as_secretary.post(EDIT_URL, {**data, "save": "Save"})
    with django_capture_on_commit_callbacks(execute=True):
        message = compose()

    assert (response.status_code, response["Location"]) == (302, reverse("mail:templates"))
    stored = MailTemplate.objects.get()
    assert (stored.key, stored.subject_en, stored.auto_send) == (TASK_DUE, "Please: {{ task|lower }}", True)
    assert [(m.subject, m.body) for m in mail.outbox] == [
        (
            "Please: upload the self-evaluation",
            "Hello Anna Jansen,\n\n<script>x()</script>\nhttps://peerreview.example/tasks/1/",
        )
    ]
    message.refresh_from_db()
    assert "<script>" not in message.body_html
    assert "&lt;script&gt;x()&lt;/script&gt;" in message.body_html


@pytest.mark.parametrize(
    ("field", "text", "error"),
    [
        ("subject_nl", "Herinnering: {{ taak }}", "Unknown placeholder {{ taak }}."),
        ("body_nl", "Beste {{ name", UNCLOSED),
        ("subject_en", "Reminder {% if task %}", None),
        (
            "body_en",
            'Dear {{ name }}, {% include "x" %}',
            "The template cannot be read: Invalid block tag on line 1: 'include'. "
            "Did you forget to register or load this tag?",
        ),
        ("body_en", "Dear {{ name.__class__ }}", None),
        ("body_en", "Dear {{ name|bogus }}", "The template cannot be read: Invalid filter: 'bogus'"),
    ],
)
def test_template_save_broken_text_refused_on_its_field(as_secretary, field, text, error):
    response = as_secretary.post(EDIT_URL, {**_texts(**{field: text}), "save": "Save"})

    errors = form_errors(response)
    assert (response.status_code, list(errors)) == (200, [field])
    if error is not None:
        assert errors[field] == [error]
    else:
        assert errors[field][0].startswith("The template cannot be read: ")
    assert MailTemplate.objects.count() == 0
    assert response.context["preview"] is None


def test_template_save_errors_in_dutch_by_default(secretary):
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(secretary)

    response = client.post(EDIT_URL, {**_texts(body_nl="Beste {{ naam }}"), "save": "Opslaan"})

    assert response.headers["Content-Language"] == "nl"
    assert list(form_errors(response)) == ["body_nl"]
    assert MailTemplate.objects.count() == 0


def test_template_save_service_refuses_what_the_form_would(db, secretary):
    template = services.template_for(TASK_DUE)
    template.body_nl = "Beste {{ name"
    template.subject_en = "{{ nobody }}"

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.template_save(actor=secretary, template=template)

    assert refused.value.message_dict == {"body_nl": [UNCLOSED], "subject_en": ["Unknown placeholder {{ nobody }}."]}
    assert MailTemplate.objects.count() == 0


def test_template_save_twice_updates_one_row(db, secretary):
    template = services.template_for(TASK_DUE)
    template.subject_en = "First"
    first = services.template_save(actor=secretary, template=template)
    template = services.template_for(TASK_DUE)
    template.subject_en = "Second"
    second = services.template_save(actor=secretary, template=template)

    assert first.pk == second.pk
    assert list(MailTemplate.objects.values_list("subject_en", flat=True)) == ["Second"]
    assert second.updated_at > first.updated_at


# Review first or automatic


def test_template_form_auto_send_off_holds_messages(as_secretary, django_capture_on_commit_callbacks):
    data = _texts()
    del data["auto_send"]  # the box unticked

    as_secretary.post(EDIT_URL, {**data, "save": "Save"})
    with django_capture_on_commit_callbacks(execute=True):
        held = compose(kind=TASK_DUE)
        sent = compose(kind=TASK_OVERDUE)

    assert (held.state, sent.state) == (MessageState.DRAFT, MessageState.QUEUED)
    assert [m.to for m in mail.outbox] == [["anna@school.example"]]
    assert OutboxMessage.objects.get(pk=sent.pk).state == MessageState.SENT


def test_template_auto_send_toggle_keeps_texts(as_secretary, secretary, django_capture_on_commit_callbacks):
    template = services.template_for(TASK_DUE)
    template.subject_en = "My own subject"
    services.template_save(actor=secretary, template=template)
    url = reverse("mail:template_auto_send", kwargs={"key": TASK_DUE})

    off = as_secretary.post(url, {"auto_send": "0"})
    held = compose()
    on = as_secretary.post(url, {"auto_send": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        automatic = compose()

    assert off["Location"] == on["Location"] == reverse("mail:templates")
    assert (held.state, held.subject) == (MessageState.DRAFT, "My own subject")
    assert OutboxMessage.objects.get(pk=automatic.pk).state == MessageState.SENT
    assert list(MailTemplate.objects.values_list("subject_en", "auto_send")) == [("My own subject", True)]


def test_template_auto_send_toggle_on_built_in_kind_stores_built_in_texts(as_secretary):
    as_secretary.post(reverse("mail:template_auto_send", kwargs={"key": TASK_OVERDUE}), {"auto_send": "0"})

    stored = MailTemplate.objects.get()
    built_in = services.kinds.get_kind(TASK_OVERDUE)
    assert (stored.key, stored.auto_send, stored.body_nl, stored.subject_en) == (
        TASK_OVERDUE,
        False,
        built_in.body_nl,
        built_in.subject_en,
    )


# Reset


def test_template_reset_back_to_built_in(as_secretary, secretary):
    template = services.template_for(TASK_DUE)
    template.subject_en = "Mine"
    template.auto_send = False
    services.template_save(actor=secretary, template=template)

    response = as_secretary.post(reverse("mail:template_reset", kwargs={"key": TASK_DUE}))
    message = compose()

    assert response["Location"] == EDIT_URL
    assert MailTemplate.objects.count() == 0
    assert (message.subject, message.state) == (
        "Reminder: Upload the self-evaluation (due 1 March 2026)",
        MessageState.QUEUED,
    )


# Pages: list, edit with placeholders and preview


def test_template_list_shows_each_kind_with_its_state(as_secretary, secretary):
    services.template_auto_send_set(actor=secretary, key=TASK_OVERDUE, auto_send=False)
    compose(kind=TASK_OVERDUE)
    compose(kind=TASK_OVERDUE, to="piet@school.example")

    response = as_secretary.get(reverse("mail:templates"))

    rows = {
        row["kind"].key: (str(row["kind"].label), row["edited"], row["auto_send"], row["waiting"])
        for row in response.context["templates"]
    }
    # Every kind any app registers is listed; these are the ones whose state the test set.
    assert set(rows) == {kind.key for kind in all_kinds()}
    assert rows[TASK_DUE] == ("Reminder: task due soon", False, True, 0)
    assert rows[TASK_OVERDUE] == ("Reminder: task overdue", True, False, 2)
    assert rows["surveys.preparation_invite"] == ("Preparation: the form is open", False, True, 0)
    page = response.content.decode()
    assert f'href="{EDIT_URL}"' in page
    assert 'data-testid="switch-to-auto"' in page and 'data-testid="switch-to-review"' in page


@pytest.mark.parametrize("drafts", [0, 20])
def test_template_list_queries_constant(as_secretary, secretary, django_assert_num_queries, drafts):
    if drafts:
        services.template_auto_send_set(actor=secretary, key=TASK_DUE, auto_send=False)
        for i in range(drafts):
            compose(to=f"teacher{i}@school.example")

    # session, user, templates, waiting messages per kind
    with django_assert_num_queries(4):
        response = as_secretary.get(reverse("mail:templates"))

    assert sum(row["waiting"] for row in response.context["templates"]) == drafts


def test_template_edit_page_lists_placeholders_and_preview(as_secretary):
    response = as_secretary.get(EDIT_URL)

    page = response.content.decode()
    assert "<dt><code>{{ due_date }}</code></dt><dd>the date it is due</dd>" in page
    assert "<dt><code>{{ link }}</code></dt><dd>the address of the page to act on</dd>" in page
    english = next(version for version in response.context["preview"] if version["language"] == "en")
    assert english["subject"] == "Reminder: [task] (due [due_date])"
    assert english["body_html"].startswith("<p>Dear [name],</p>")
    assert MailTemplate.objects.count() == 0


def test_template_preview_shows_posted_text_escaped_without_saving(as_secretary):
    data = _texts(body_en="Hi {{ name }} <script>alert(1)</script>")

    response = as_secretary.post(EDIT_URL, {**data, "preview": "Preview"})

    assert response.status_code == 200
    english = next(version for version in response.context["preview"] if version["language"] == "en")
    assert str(english["body_html"]) == "<p>Hi [name] &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert MailTemplate.objects.count() == 0


def test_template_edit_unknown_kind_not_found(as_secretary):
    responses = [
        as_secretary.get(reverse("mail:template_edit", kwargs={"key": "no.such.kind"})).status_code,
        as_secretary.post(reverse("mail:template_reset", kwargs={"key": "no.such.kind"})).status_code,
        as_secretary.post(reverse("mail:template_auto_send", kwargs={"key": "no.such.kind"})).status_code,
    ]
    assert responses == [404, 404, 404]


# Two people at once


def test_template_stale_save_refused_then_kept_on_resubmit(secretary):
    sanne, piet = Client(HTTP_ACCEPT_LANGUAGE="en"), Client(HTTP_ACCEPT_LANGUAGE="en")
    sanne.force_login(secretary)
    piet.force_login(secretary)
    sanne_version = sanne.get(EDIT_URL).context["form"]["version"].value()
    piet_version = piet.get(EDIT_URL).context["form"]["version"].value()

    sanne.post(EDIT_URL, {**_texts(subject_en="Sanne's subject"), "version": sanne_version, "save": "Save"})
    mine = {**_texts(subject_en="Piet's subject"), "version": piet_version, "save": "Save"}
    refused = piet.post(EDIT_URL, mine)

    assert form_errors(refused) == {"__all__": [STALE_ERROR]}
    assert refused.context["form"].stale_changes == [("Subject (English)", "Sanne's subject")]
    assert MailTemplate.objects.get().subject_en == "Sanne's subject"

    kept = piet.post(EDIT_URL, {**mine, "version": refused.context["form"]["version"].value()})

    assert kept.status_code == 302
    assert MailTemplate.objects.get().subject_en == "Piet's subject"


def test_template_stale_after_toggle_on_list(as_secretary, secretary):
    version = as_secretary.get(EDIT_URL).context["form"]["version"].value()
    services.template_auto_send_set(actor=secretary, key=TASK_DUE, auto_send=False)

    refused = as_secretary.post(EDIT_URL, {**_texts(subject_en="Mine"), "version": version, "save": "Save"})

    assert form_errors(refused) == {"__all__": [STALE_ERROR]}
    assert refused.context["form"].stale_changes == [
        ("Send automatically", "False"),
        ("Subject (English)", "Reminder: {{ task }} (due {{ due_date }})"),
    ]
    assert list(MailTemplate.objects.values_list("subject_en", "auto_send")) == [
        ("Reminder: {{ task }} (due {{ due_date }})", False)
    ]


# Only the secretary


@pytest.mark.parametrize("who", ["coordinator", "chair"])
@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("templates", "get"),
        ("template_edit", "get"),
        ("template_edit", "post"),
        ("template_reset", "post"),
        ("template_auto_send", "post"),
    ],
)
def test_template_pages_refused_to_non_secretaries(client, request, secretary, who, name, method):
    services.template_auto_send_set(actor=secretary, key=TASK_DUE, auto_send=False)
    url = reverse(f"mail:{name}", kwargs=None if name == "templates" else {"key": TASK_DUE})
    client.force_login(request.getfixturevalue(who))

    response = getattr(client, method)(url, {**_texts(subject_en="Hacked"), "auto_send": "1"})

    assert response.status_code == 404
    assert list(MailTemplate.objects.values_list("subject_en", "auto_send")) == [
        ("Reminder: {{ task }} (due {{ due_date }})", False)
    ]


def test_message_compose_placeholder_values_escaped_in_html(db):
    # A rendered template is marked safe by Django; the HTML version must escape it all the same.
    message = services.message_compose(
        kind=TASK_DUE,
        to="anna@school.example",
        context={
            "name": "<b>Anna</b>",
            "task": "</title><script>x()</script>",
            "due_date": "1 March",
            "meeting": "",
            "cycle": "2026",
            "link": "https://peerreview.example/?a=1&b=2",
        },
        language="en",
    )

    assert "<script>" not in message.body_html and "<b>" not in message.body_html
    assert "<title>Reminder: &lt;/title&gt;&lt;script&gt;x()&lt;/script&gt; (due 1 March)</title>" in message.body_html
    assert "<p>Dear &lt;b&gt;Anna&lt;/b&gt;,</p>" in message.body_html
    assert '<a href="https://peerreview.example/?a=1&amp;b=2" rel="nofollow">' in message.body_html
    assert message.body_text.startswith("Dear <b>Anna</b>,\n\n")
