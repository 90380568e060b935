"""A real SMTP server in the test process that keeps what it receives.

Tests of real delivery (worker → SMTP) use the ``smtp_catcher`` fixture: it starts an aiosmtpd
server on 127.0.0.1, points Django's SMTP backend at it and collects the messages. It can also be
told to refuse recipients with a reply such as ``421`` (try later) or ``550`` (no such user), to
test how the outbox treats SMTP errors.

Register it in a test module or conftest with ``from tests.smtp_catcher import smtp_catcher_fixture``
(the fixture is named ``smtp_catcher``; the import's own name differs so that ruff's F811 stays quiet).
"""

import socket
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
WAIT_SECONDS = 10.0


@dataclass(frozen=True)
class CaughtMail:
    """One message as the server received it."""

    to: tuple[str, ...]
    subject: str
    body: str
    raw: bytes


def free_port() -> int:
    # aiosmtpd's Controller connects to its own port to check it is up, so it needs a real
    # number rather than 0; ask the OS for one that is free right now.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class SMTPCatcher:
    """An aiosmtpd handler that stores every message, or answers recipients with ``refuse_with``."""

    def __init__(self) -> None:
        self.host = HOST
        self.port = 0
        self.refuse_with = ""
        self.refused = 0
        self._messages: list[CaughtMail] = []
        self._changed = threading.Condition()

    @property
    def messages(self) -> list[CaughtMail]:
        with self._changed:
            return list(self._messages)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_with:
            with self._changed:
                self.refused += 1
                self._changed.notify_all()
            return self.refuse_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        text_part = parsed.get_body(preferencelist=("plain",))
        caught = CaughtMail(
            to=tuple(envelope.rcpt_tos),
            subject=str(parsed["subject"] or ""),
            # SMTP carries CRLF line ends; tests read the text as Python writes it.
            body=text_part.get_content().replace("\r\n", "\n") if text_part is not None else "",
            raw=envelope.content,
        )
        with self._changed:
            self._messages.append(caught)
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int = 1, timeout: float = WAIT_SECONDS) -> list[CaughtMail]:
        """Block until at least ``count`` messages arrived; fail the test after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self._messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected {count} e-mail(s) within {timeout:.0f} s, received {len(self._messages)}"
                    )
                self._changed.wait(remaining)
            return list(self._messages)


@pytest.fixture(name="smtp_catcher")
def smtp_catcher_fixture(settings):
    """An SMTP server on 127.0.0.1 that Django's SMTP backend delivers to, in every thread."""
    catcher = SMTPCatcher()
    catcher.port = free_port()
    controller = Controller(catcher, hostname=catcher.host, port=catcher.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = catcher.host
    settings.EMAIL_PORT = catcher.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield catcher
    finally:
        controller.stop()
