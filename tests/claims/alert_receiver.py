"""A webhook receiver of ours on loopback: it checks each request's signature as a real receiver should.

`answers` is a list of HTTP statuses to give in turn (the last repeats), to play a receiver that is down for a
while. Every request is kept with whether its signature verified.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from claims import webhooks


@dataclass
class Received:
    body: dict
    raw: bytes
    timestamp: str
    signature: str
    verified: bool
    at: float


class Receiver:
    def __init__(self, host: str = "127.0.0.2", *, secret: str = "") -> None:
        self.host, self.secret = host, secret
        self.answers = [200]
        self.received: list[Received] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802  (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                timestamp = self.headers.get(webhooks.TIMESTAMP_HEADER, "")
                signature = self.headers.get(webhooks.SIGNATURE_HEADER, "")
                verified = webhooks.verify(receiver.secret, timestamp, raw, signature, now=time.time())
                receiver.received.append(Received(json.loads(raw), raw, timestamp, signature, verified, time.time()))
                status = receiver.answers.pop(0) if len(receiver.answers) > 1 else receiver.answers[0]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.port = self.server.server_address[1]

    def url(self, name: str = "") -> str:
        return f"http://{name or self.host}:{self.port}/hook"

    def __enter__(self) -> Receiver:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
