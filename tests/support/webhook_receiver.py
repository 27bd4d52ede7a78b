"""A real HTTP server on loopback standing for a seller's system: records every POST it acknowledges."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, status: int = 200, delay: float = 0.0, port: int = 0) -> None:
        self.status, self.delay = status, delay
        self.received: list[dict] = []
        self.tries = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.tries += 1
                if receiver.delay:
                    time.sleep(receiver.delay)   # a slow or hung receiver
                if receiver.status < 300:
                    receiver.received.append({"headers": dict(self.headers), "body": json.loads(body), "raw": body})
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/floor-events"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def loopback_setup(**retry):
    """The site's webhook rules, but a receiver on this machine is allowed (no setting allows that on a site)."""
    from app.domain.webhooks import RetryPolicy, UrlPolicy
    from app.services.webhooks import WebhookSetup

    return WebhookSetup(urls=UrlPolicy(http_hosts=frozenset({"127.0.0.1"}), allow_loopback=True),
                        retry=RetryPolicy(**retry))
