"""A simulated web on loopback for the fetch tests and the link-check benchmark.

One aiohttp server listens on one or more 127.0.0.x addresses (each address is one "host") and answers by
path: pages with figures, statuses, redirect chains and loops, hangs, slow drips, endless bodies, gzip
bombs, soft 404s, bot walls, HEAD refusals, rate limits, changing pages and ETags. It counts requests and
the highest number of requests in flight per host, which is what the per-host limit must bound.

In a test: `with SimWeb(["127.0.0.1"]) as web: web.url("/page/a")`. For the benchmark it runs as its own
process: `python -m tests.simweb --hosts 50 --latency 0.05` prints its port and serves /__stats on each host.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import threading
from collections import Counter

from aiohttp import web

PAGE = """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>{text}</p><script>var tracking = "9.999";</script></body></html>"""
DEFAULT_TEXT = "Nach Angaben von US-Beamten wurden bis März fast 7.000 Container geliefert."
BOMB_SIZE = 256 * 1024 * 1024


class Stats:
    def __init__(self) -> None:
        self.requests: Counter = Counter()
        self.paths: Counter = Counter()
        self.in_flight: Counter = Counter()
        self.peak: Counter = Counter()
        self.lock = threading.Lock()

    def enter(self, host: str, path: str) -> None:
        with self.lock:
            self.requests[host] += 1
            self.paths[path] += 1
            self.in_flight[host] += 1
            self.peak[host] = max(self.peak[host], self.in_flight[host])

    def leave(self, host: str) -> None:
        with self.lock:
            self.in_flight[host] -= 1

    def as_dict(self) -> dict:
        with self.lock:
            return {"requests": sum(self.requests.values()), "peak_per_host": max(self.peak.values(), default=0),
                    "hosts": len(self.requests)}


class SimWeb:
    def __init__(self, hosts: list[str] | None = None, *, latency: float = 0.0, port: int = 0) -> None:
        self.hosts = hosts or ["127.0.0.1"]
        self.latency = latency
        self.port = port
        self.stats = Stats()
        self.pages: dict[str, str] = {}  # name -> visible text of /page/<name>
        self.robots: dict[str, str] = {}  # host -> robots.txt
        self.counter = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()

    # --- running -------------------------------------------------------------------------------------
    def __enter__(self) -> SimWeb:
        threading.Thread(target=self._serve_forever, daemon=True, name="simweb").start()
        if not self._ready.wait(10):
            raise RuntimeError("the simulated web did not start")
        return self

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.hosts[0]}:{self.port}{path}"

    def _serve_forever(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._loop.run_until_complete(self.start())
        self._ready.set()
        self._loop.run_forever()

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        for host in self.hosts:
            site = web.TCPSite(self._runner, host, self.port, backlog=1024)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]

    # --- answering -----------------------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.StreamResponse:
        host = request.transport.get_extra_info("sockname")[0]
        if request.path == "/__stats":
            return web.json_response(self.stats.as_dict())
        self.stats.enter(host, request.path)
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            return await self.answer(request, host)
        finally:
            self.stats.leave(host)

    async def answer(self, request: web.Request, host: str) -> web.StreamResponse:
        parts = request.path.strip("/").split("/")
        kind, rest = parts[0], parts[1:]
        handler = getattr(self, "on_" + kind.replace("-", "_").replace(".", "_"), None)
        if handler is None:
            return web.Response(status=404, text="nothing here")
        return await handler(request, rest, host)

    async def on_robots_txt(self, request, rest, host):
        if host in self.robots:
            return web.Response(text=self.robots[host], content_type="text/plain")
        return web.Response(status=404)

    async def on_page(self, request, rest, host):
        name = rest[0] if rest else "index"
        return html(self.pages.get(name, DEFAULT_TEXT), title=f"Seite {name}")

    async def on_status(self, request, rest, host):
        headers = {"Retry-After": request.query["retry"]} if "retry" in request.query else {}
        return web.Response(status=int(rest[0]), text=f"status {rest[0]}", headers=headers)

    async def on_redirect(self, request, rest, host):
        hops = int(rest[0])
        target = f"/redirect/{hops - 1}" if hops > 1 else "/page/landed"
        return web.Response(status=301 if hops % 2 else 302, headers={"Location": target})

    async def on_to(self, request, rest, host):
        return web.Response(status=302, headers={"Location": request.query["url"]})

    async def on_loop(self, request, rest, host):
        return web.Response(status=302, headers={"Location": "/loop/b" if rest == ["a"] else "/loop/a"})

    async def on_home(self, request, rest, host):
        return web.Response(status=301, headers={"Location": "/"})

    async def on_(self, request, rest, host):
        return html("Willkommen auf der Startseite.", title="Startseite")

    async def on_hang(self, request, rest, host):
        await asyncio.sleep(3600)

    async def on_drip(self, request, rest, host):
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        while True:
            await response.write(b"<p>7.000</p>")
            await asyncio.sleep(0.2)

    async def on_endless(self, request, rest, host):
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        chunk = b"<p>" + b"Container " * 6000 + b"</p>"
        while True:
            await response.write(chunk)

    async def on_bomb(self, request, rest, host):
        return web.Response(body=gzip_bomb(), headers={"Content-Encoding": "gzip", "Content-Type": "text/html"})

    async def on_soft404(self, request, rest, host):
        return html("Die gesuchte Seite existiert nicht mehr.", title="Seite nicht gefunden")

    async def on_botwall(self, request, rest, host):
        body = PAGE.format(title="Just a moment...", text="Checking your browser before accessing the site.")
        return web.Response(status=int(rest[0]) if rest else 403, text=body, content_type="text/html")

    async def on_head405(self, request, rest, host):
        if request.method == "HEAD":
            return web.Response(status=405)
        return html(DEFAULT_TEXT, title="Nur GET")

    async def on_changing(self, request, rest, host):
        self.counter += 1
        return html(f"Stand {self.counter}: fast 7.000 Container.", title="Tickende Seite")

    async def on_etag(self, request, rest, host):
        tag = '"v1"'
        if request.headers.get("If-None-Match") == tag:
            return web.Response(status=304, headers={"ETag": tag})
        return html(DEFAULT_TEXT, title="Mit ETag", headers={"ETag": tag})

    async def on_latin1(self, request, rest, host):
        body = PAGE.format(title="Grüße", text="Fünf Millionen Geschosse für Nordkorea, 7.000 Container.")
        return web.Response(body=body.encode("latin-1"), headers={"Content-Type": "text/html; charset=iso-8859-1"})

    async def on_badbytes(self, request, rest, host):
        return web.Response(body=b"<html><body>\xff\xfe 7.000 \xc3\x28 Container\x00</body></html>",
                            headers={"Content-Type": "text/html"})

    async def on_truncated(self, request, rest, host):
        whole = gzip.compress(PAGE.format(title="Abgeschnitten", text=DEFAULT_TEXT * 50).encode())
        return web.Response(body=whole[: len(whole) // 2],
                            headers={"Content-Encoding": "gzip", "Content-Type": "text/html"})

    async def on_pdf(self, request, rest, host):
        return web.Response(body=b"%PDF-1.4 7.000", headers={"Content-Type": "application/pdf"})


def html(text: str, *, title: str, headers: dict | None = None) -> web.Response:
    return web.Response(text=PAGE.format(title=title, text=text), content_type="text/html", headers=headers)


_bomb: bytes | None = None


def gzip_bomb() -> bytes:
    """256 MB of spaces, gzipped to a few hundred kilobytes; made once per process."""
    global _bomb
    if _bomb is None:
        _bomb = gzip.compress(b" " * BOMB_SIZE, compresslevel=9)
    return _bomb


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the simulated web on loopback addresses.")
    parser.add_argument("--hosts", type=int, default=50, help="how many 127.0.0.x addresses (from 127.0.0.2)")
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    sim = SimWeb([f"127.0.0.{i + 2}" for i in range(args.hosts)], latency=args.latency, port=args.port)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(sim.start())
    print(json.dumps({"port": sim.port}), flush=True)
    loop.run_forever()


if __name__ == "__main__":
    main()
