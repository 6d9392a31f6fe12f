"""Real servers for the alerts tests, on loopback: an SMTP server (aiosmtpd) and a push service.

Each test that takes `smtp_sink` gets Django's SMTP mailer pointed at a server it started; the
server keeps every message it accepted. `push_service` is an HTTP endpoint that records what a
push service receives and answers with the status the test chose.
"""

import email
import logging
import threading
from collections import Counter
from dataclasses import dataclass, field
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from articles.alerts.models import Follow, Subscriber
from tests.deploy.ports import free_port

# aiosmtpd logs every SMTP command at INFO: thousands of lines per test.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@pytest.fixture(autouse=True)
def _vapid_key_file(settings, tmp_path):
    """The demo's generated VAPID key goes in the test's folder, not the project's var/."""
    settings.VAPID_KEY_FILE = tmp_path / "vapid-private.pem"


@dataclass
class SinkHandler:
    """Accepts every message except to addresses in `refuse` (a permanent 550, as for a bad mailbox)."""

    messages: list = field(default_factory=list)
    refuse: set = field(default_factory=set)
    on_message: object = None  # called with the count so far, before the server answers 250
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((tuple(envelope.rcpt_tos), envelope.content))
            count = len(self.messages)
        if self.on_message is not None:
            self.on_message(count)
        return "250 Message accepted for delivery"

    def message(self, index):
        """Message `index` parsed (parsing every one as it arrives would slow the sender down)."""
        return email.message_from_bytes(self.messages[index][1], policy=default_policy)

    def recipients(self) -> Counter:
        with self.lock:
            return Counter(address.lower() for rcpt_tos, _message in self.messages for address in rcpt_tos)


@pytest.fixture
def smtp_sink(settings):
    handler = SinkHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    settings.ALERTS_EMAILS_PER_SECOND = 0  # the throttle has a test of its own
    handler.port = port
    yield handler
    controller.stop()


@dataclass
class PushServiceRecord:
    requests: list = field(default_factory=list)
    status: int = 201
    url: str = ""


@pytest.fixture
def push_service():
    """A loopback push service: records each POST (path, headers, body) and answers `record.status`."""
    record = PushServiceRecord()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            record.requests.append(
                (self.path, {name.lower(): value for name, value in self.headers.items()}, body)
            )
            self.send_response(record.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    record.url = f"http://127.0.0.1:{server.server_port}"
    yield record
    server.shutdown()
    server.server_close()


def make_followers(count, *, prefix, confirmed=True, **target):
    """`count` subscribers following `target` (section=, topic=, author=, or none: breaking news)."""
    now = timezone.now()
    status = Subscriber.Status.CONFIRMED if confirmed else Subscriber.Status.PENDING
    subscribers = Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"{prefix}-{number}@example.org",
                status=status,
                confirmed_at=now if confirmed else None,
            )
            for number in range(count)
        ]
    )
    kind = next((name for name in ("section", "topic", "author") if name in target), Follow.Kind.BREAKING)
    Follow.objects.bulk_create(
        [
            Follow(subscriber=subscriber, kind=kind, confirmed_at=now if confirmed else None, **target)
            for subscriber in subscribers
        ]
    )
    return subscribers
