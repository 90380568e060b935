"""Signing in: coordinators by an e-mailed code, secretaries by password, nobody by sign-up."""

import re
import time
import uuid
from unittest import mock
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from peerreview.mail.enums import MessageState
from peerreview.mail.models import OutboxMessage
from peerreview.mail.services import REDACTED
from tests.factories import UserFactory

PASSWORD = "a-good-test-password"  # the factories' password
# allauth's codes are two groups of four from an alphabet without the letter A.
CODE_PATTERN = re.compile(r"^([B-Z0-9]{4}-[B-Z0-9]{4})$", re.MULTILINE)
WRONG_CODE = "AAAA-AAAA"
# The CSRF token and masked tokens are the only parts of a page that differ between requests.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9]{64}")
TOO_MANY = "Too many failed login attempts. Try again later."
# A Redis database no settings use (the cache is on 1, the broker on REDIS_URL's), so no run clears it.
PRIVATE_REDIS_DB = 15


@pytest.fixture(autouse=True)
def _private_cache(settings, tmp_path):
    """The configured cache backend, under keys that no other test run on this machine touches.

    The rate limits these tests count live in the cache, and every test run clears the shared one
    (tests/conftest.py): a run going on at the same time would wipe or use up the counts mid-test.
    """
    default = dict(settings.CACHES["default"])
    if default["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        parts = urlsplit(default["LOCATION"])
        default["LOCATION"] = urlunsplit((parts.scheme, parts.netloc, f"/{PRIVATE_REDIS_DB}", "", ""))
        default["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    else:
        default["LOCATION"] = str(tmp_path / "cache")
    settings.CACHES = {**settings.CACHES, "default": default}


@pytest.fixture
def request_code(django_capture_on_commit_callbacks):
    """POST the code request form, then let the outbox hand the mail to the (eager) worker."""

    def request(client: Client, email: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("account_request_login_code"), {"email": email}, HTTP_ACCEPT_LANGUAGE="en")

    return request


def _code_in(body: str) -> str:
    (code,) = CODE_PATTERN.findall(body)
    return code


def _confirm(client: Client, code: str):
    return client.post(reverse("account_confirm_login_code"), {"code": code}, HTTP_ACCEPT_LANGUAGE="en")


def _password_login(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password}, HTTP_ACCEPT_LANGUAGE="en")


def _signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def _redirect(response) -> tuple[int, str]:
    return response.status_code, response.get("Location", "")


# Coordinators: a code by e-mail


def test_login_code_coordinator_signs_in(client, coordinator, network, request_code):
    response = request_code(client, coordinator.email)
    assert _redirect(response) == (302, reverse("account_confirm_login_code"))
    assert [(m.to, m.subject) for m in mail.outbox] == [([coordinator.email], "[Peer review] Sign-In Code")]
    code = _code_in(mail.outbox[0].body)
    key_before = client.session.session_key
    assert key_before is not None

    response = _confirm(client, code)

    assert _redirect(response) == (302, reverse("home"))
    assert _signed_in_user_id(client) == str(coordinator.pk)
    assert client.session.session_key != key_before
    home = client.get(reverse("home"))
    assert [n.name for n in home.context["networks"]] == [network.name]


def test_login_code_mail_sensitive_and_redacted_after_sending(client, coordinator, request_code):
    request_code(client, coordinator.email)
    code = _code_in(mail.outbox[0].body)
    row = OutboxMessage.objects.get()
    assert (row.to, row.template_key, row.sensitive, row.state) == (
        coordinator.email,
        "account/email/login_code",
        True,
        MessageState.SENT,
    )
    assert (row.body_text, row.body_html) == (REDACTED, "")
    assert code not in row.subject


def test_login_code_staff_gets_password_note_instead(client, secretary, request_code):
    response = request_code(client, secretary.email)
    assert _redirect(response) == (302, reverse("account_confirm_login_code"))
    assert [(m.to, m.subject) for m in mail.outbox] == [([secretary.email], "[Peer review] Sign-in request")]
    body = mail.outbox[0].body
    assert "Secretaries sign in with their password only, so no code was sent." in body
    assert CODE_PATTERN.findall(body) == []
    row = OutboxMessage.objects.get()
    assert (row.template_key, row.sensitive) == ("account/email/login_code_staff", False)


def test_login_code_unknown_address_gets_no_code(client, db, request_code):
    response = request_code(client, "nobody@example.org")
    assert _redirect(response) == (302, reverse("account_confirm_login_code"))
    assert OutboxMessage.objects.filter(template_key="account/email/login_code").count() == 0
    assert [m.to for m in mail.outbox if CODE_PATTERN.search(m.body)] == []
    assert _confirm(client, WRONG_CODE).status_code == 200
    assert _signed_in_user_id(client) is None


def test_login_code_request_page_same_for_coordinator_secretary_and_unknown(coordinator, secretary, request_code):
    seen = {}
    for email in (coordinator.email, secretary.email, "nobody@example.org"):
        client = Client()
        response = request_code(client, email)
        page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
        html = TOKEN_PATTERN.sub("TOKEN", page.content.decode()).replace(email, "EMAIL")
        seen[email] = (_redirect(response), page.status_code, html)
    assert seen[coordinator.email] == seen[secretary.email] == seen["nobody@example.org"]
    assert "A sign-in code has been sent to EMAIL." in seen["nobody@example.org"][2]


def test_login_code_staff_code_not_accepted(client, secretary, request_code):
    request_code(client, secretary.email)
    # The code allauth made but the adapter kept out of the mail: guessed, it must still not work.
    stage_state = client.session["account_login"]["state"]["stages"]["login_by_code"]["data"]
    _confirm(client, stage_state["code"])
    assert _signed_in_user_id(client) is None


def test_login_code_unknown_address_not_invited_to_closed_sign_up(client, db, request_code):
    request_code(client, "nobody@example.org")
    assert [m.to for m in mail.outbox if reverse("account_signup") in m.body] == []


def test_login_code_dies_after_three_wrong_tries(client, coordinator, request_code):
    request_code(client, coordinator.email)
    code = _code_in(mail.outbox[0].body)
    wrong = [_confirm(client, WRONG_CODE) for _ in range(settings.ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS)]
    assert [r.status_code for r in wrong] == [200, 200, 302]
    assert wrong[0].context["form"].errors == {"code": ["Incorrect code."]}
    assert wrong[2]["Location"] == reverse("account_request_login_code")

    response = _confirm(client, code)

    assert _redirect(response) == (302, reverse("account_request_login_code"))
    assert _signed_in_user_id(client) is None


@pytest.mark.parametrize(
    ("seconds_later", "signed_in"),
    [(settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT - 5, True), (settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT + 1, False)],
)
def test_login_code_dies_after_its_lifetime(client, coordinator, request_code, seconds_later, signed_in):
    request_code(client, coordinator.email)
    code = _code_in(mail.outbox[0].body)
    real_time = time.time
    # allauth times the code with time.time() (account/internal/flows/code_verification.py).
    with mock.patch("time.time", side_effect=lambda: real_time() + seconds_later):
        response = _confirm(client, code)
    if signed_in:
        assert _redirect(response) == (302, reverse("home"))
        assert _signed_in_user_id(client) == str(coordinator.pk)
    else:
        assert _redirect(response) == (302, reverse("account_request_login_code"))
        assert _signed_in_user_id(client) is None


def test_login_code_fourth_request_in_a_minute_refused(coordinator, request_code):
    # A fresh session each time: within one session allauth just sends you back to the code page.
    responses = [request_code(Client(), coordinator.email) for _ in range(4)]
    assert [r.status_code for r in responses] == [302, 302, 302, 200]
    assert responses[3].context["form"].errors == {"email": [TOO_MANY]}
    assert [m.to for m in mail.outbox] == [[coordinator.email]] * 3
    # Another address is not held up by the first one's limit.
    assert request_code(Client(), "other@utrecht.example").status_code == 302


# Secretaries: a password


def test_password_login_secretary_signs_in(client, secretary):
    client.get(reverse("account_login"))
    key_before = client.session.session_key

    response = _password_login(client, "Secretary@Example.org", PASSWORD)

    assert _redirect(response) == (302, reverse("home"))
    assert _signed_in_user_id(client) == str(secretary.pk)
    assert client.session.session_key != key_before


def test_password_login_sixth_failure_in_five_minutes_refused(client, secretary):
    failures = [_password_login(client, secretary.email, "not-the-password") for _ in range(5)]
    assert [r.context["form"].non_field_errors() for r in failures] == [
        ["The email address and/or password you specified are not correct."]
    ] * 5

    sixth = _password_login(client, secretary.email, PASSWORD)

    assert sixth.status_code == 200
    assert sixth.context["form"].non_field_errors() == [TOO_MANY]
    assert _signed_in_user_id(client) is None
    real_time = time.time
    # allauth's rate limits count with time.time(); five minutes on, the right password works again.
    with mock.patch("time.time", side_effect=lambda: real_time() + 5 * 60 + 1):
        later = _password_login(client, secretary.email, PASSWORD)
    assert _redirect(later) == (302, reverse("home"))
    assert _signed_in_user_id(client) == str(secretary.pk)


def test_signup_closed(client, db):
    page = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="en")
    posted = client.post(
        reverse("account_signup"),
        {"email": "newcomer@example.org", "password1": "a-long-new-password"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in page.templates]
    assert "account/signup_closed.html" in [t.name for t in posted.templates]
    assert get_user_model().objects.filter(email="newcomer@example.org").exists() is False
    assert _signed_in_user_id(client) is None


def test_password_login_inactive_user_refused(client, db):
    user = UserFactory(email="former@utrecht.example", is_active=False)
    response = _password_login(client, user.email, PASSWORD)
    assert _redirect(response) == (302, reverse("account_inactive"))
    assert _signed_in_user_id(client) is None


def test_login_code_inactive_user_gets_no_code(client, db, request_code):
    user = UserFactory(email="former@utrecht.example", is_active=False)
    response = request_code(client, user.email)
    assert _redirect(response) == (302, reverse("account_confirm_login_code"))
    assert OutboxMessage.objects.filter(template_key="account/email/login_code").count() == 0
    assert [m.to for m in mail.outbox if CODE_PATTERN.search(m.body)] == []
    assert _confirm(client, WRONG_CODE).status_code == 200
    assert _signed_in_user_id(client) is None
