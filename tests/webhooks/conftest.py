"""A real HTTP receiver on a loopback port, and subscriptions that point at it."""

import itertools
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from webhooks.models import WebhookSubscription

# Loopback is a private address: the tests allow it, as the issue asks.
TEST_SETTINGS = {
    "ALLOW_PRIVATE_ADDRESSES": True,
    "TIMEOUT": 0.5,
    "MAX_ATTEMPTS": 3,
    "BACKOFF_SECONDS": 30,
}


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


class Receiver:
    """Records every POST; answers each with the next of ``answers`` (status, delay).

    After the scripted answers run out it answers 200 at once.
    """

    def __init__(self):
        self.requests = []
        self.answers = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                with receiver._lock:
                    receiver.requests.append(
                        Received(self.path, dict(self.headers.items()), body)
                    )
                    status, delay = (
                        receiver.answers.pop(0) if receiver.answers else (200, 0)
                    )
                if delay:
                    receiver._stopping.wait(delay)  # a slow receiver
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"ok" if status < 300 else b"receiver trouble")
                except OSError:  # the sender gave up waiting: as it should
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    def answer(self, *answers):
        """Script the next answers: a status, or (status, seconds to wait first)."""
        self.answers.extend(a if isinstance(a, tuple) else (a, 0) for a in answers)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def webhook_settings(settings):
    settings.MERIDIAN_WEBHOOKS = dict(TEST_SETTINGS)
    return settings.MERIDIAN_WEBHOOKS


@pytest.fixture
def receiver():
    started = Receiver().start()
    yield started
    started.stop()


_names = itertools.count(1)


@pytest.fixture
def make_subscription(db, receiver):
    """``make_subscription(path="/all", resources=[...], kinds=[...], active=...)``"""

    def make(path="/hook", **fields):
        fields.setdefault("name", f"Partner {next(_names)}")
        return WebhookSubscription.objects.create(url=receiver.url + path, **fields)

    return make
