"""A loopback server that answers with exactly the bytes it is given.

aiohttp's server refuses to send what real servers do send (header bytes that are not UTF-8, Latin-1 dates),
so the tests for those write the answer byte by byte. Paths it has no answer for get a 404 (robots.txt too).
`with RawWeb("127.0.0.3", {"/etag": answer(headers=[b'ETag: "\\xff"'])}) as raw: raw.url("/etag")`.
"""

from __future__ import annotations

import asyncio
import threading

NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


def answer(*, status: bytes = b"200 OK", headers: list[bytes] = (), body: bytes = b"",
           content_type: bytes | None = b"text/html; charset=utf-8") -> bytes:
    """A whole HTTP/1.1 response; `headers` are raw lines without their CRLF."""
    lines = [b"HTTP/1.1 " + status, *headers, b"Content-Length: %d" % len(body), b"Connection: close"]
    if content_type is not None:
        lines.append(b"Content-Type: " + content_type)
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class RawWeb:
    def __init__(self, host: str, answers: dict[str, bytes]) -> None:
        self.host, self.answers = host, answers
        self.port = 0
        self.requests: list[bytes] = []  # each request's head, as received
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._ready = threading.Event()

    def __enter__(self) -> RawWeb:
        threading.Thread(target=self._serve_forever, daemon=True, name="rawweb").start()
        if not self._ready.wait(10):
            raise RuntimeError("the raw server did not start")
        return self

    def __exit__(self, *exc) -> None:
        async def close() -> None:
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def _serve_forever(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, self.host, 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            self.requests.append(head)
            method, target, _ = head.split(b" ", 2)
            response = self.answers.get(target.decode("ascii", "replace"), NOT_FOUND)
            if method == b"HEAD":  # the same head, no body
                response = response[: response.index(b"\r\n\r\n") + 4]
            writer.write(response)
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
