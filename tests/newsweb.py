"""A newsroom's web on loopback for the ingest tests: pages served by path, changeable between requests.

`with NewsWeb(["127.0.0.2"]) as site: site.pages["/a.html"] = Page(html)`; `site.url("/a.html")`.
A Page may redirect (`location`) or answer with any status and content type.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

from aiohttp import web


@dataclass
class Page:
    body: str = ""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    location: str = ""
    headers: dict = field(default_factory=dict)


class NewsWeb:
    def __init__(self, hosts: list[str] | None = None) -> None:
        self.hosts = hosts or ["127.0.0.2"]
        self.port = 0
        self.pages: dict[str, Page] = {}
        self.requests: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()

    def __enter__(self) -> NewsWeb:
        threading.Thread(target=self._serve, daemon=True, name="newsweb").start()
        if not self._ready.wait(10):
            raise RuntimeError("the newsroom's web did not start")
        return self

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.hosts[0]}:{self.port}{path}"

    def _serve(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._loop.run_until_complete(self._start())
        self._ready.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._answer)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        for host in self.hosts:
            site = web.TCPSite(self._runner, host, self.port)
            await site.start()
            self.port = site._server.sockets[0].getsockname()[1]

    async def _answer(self, request: web.Request) -> web.Response:
        self.requests.append(request.path_qs)
        page = self.pages.get(request.path)
        if page is None:
            return web.Response(status=404, text="no such page")
        if page.location:
            return web.Response(status=page.status if page.status in (301, 302, 307, 308) else 301,
                                headers={"Location": page.location})
        headers = {"Content-Type": page.content_type, **page.headers}
        return web.Response(status=page.status, body=page.body.encode("utf-8"), headers=headers)
