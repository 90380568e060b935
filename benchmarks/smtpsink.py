"""An SMTP server in the benchmark's process that counts what arrives, and when."""

import socket
import threading
import time
from collections import Counter
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


class SMTPSink:
    """Keeps each message's Message-ID, recipients, subject and bytes, and the wall-clock time of the last one."""

    def __init__(self) -> None:
        self.received: list[tuple[str, tuple[str, ...], str]] = []
        # As sent (sender, recipients, bytes), for the floor to send the very same messages again.
        self.raw: list[tuple[str, tuple[str, ...], bytes]] = []
        self.last_at = 0.0
        self._changed = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        with self._changed:
            self.received.append((str(parsed["message-id"]), tuple(envelope.rcpt_tos), str(parsed["subject"])))
            self.raw.append((envelope.mail_from, tuple(envelope.rcpt_tos), envelope.original_content))
            self.last_at = time.time()
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.received) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
            return True

    def reset(self) -> None:
        with self._changed:
            self.received, self.raw, self.last_at = [], [], 0.0

    def tally(self) -> dict:
        """Distinct messages (by Message-ID), and how many arrived more than once (by ID and by recipient+subject)."""
        with self._changed:
            by_id = Counter(message_id for message_id, _to, _subject in self.received)
            by_address = Counter((to, subject) for _id, to, subject in self.received)
        return {
            "received": sum(by_id.values()),
            "distinct": len(by_id),
            "duplicates": sum(n - 1 for n in by_id.values()) + sum(n - 1 for n in by_address.values()),
        }


class SMTPServer:
    def __init__(self) -> None:
        self.sink = SMTPSink()
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(self.sink, hostname=HOST, port=self.port)

    def __enter__(self) -> "SMTPServer":
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()
