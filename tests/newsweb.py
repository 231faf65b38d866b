"""A newsroom's web on loopback for the ingest tests: pages served by path, changeable between requests.

`with NewsWeb(["127.0.0.2"]) as site: site.pages["/a.html"] = Page(html)`; `site.url("/a.html")`.
A Page may redirect (`location`) or answer with any status and content type. The server is the simulated web's
(tests/simweb.py); only the answers differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiohttp import web

from tests.simweb import SimWeb


@dataclass
class Page:
    body: str = ""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    location: str = ""
    headers: dict = field(default_factory=dict)


class NewsWeb(SimWeb):
    def __init__(self, hosts: list[str] | None = None) -> None:
        super().__init__(hosts or ["127.0.0.2"])
        self.pages: dict[str, Page] = {}  # path -> page (the simulated web's pages are by name; these by path)
        self.requests: list[str] = []

    async def answer(self, request: web.Request, host: str) -> web.Response:
        self.requests.append(request.path_qs)
        page = self.pages.get(request.path)
        if page is None:
            return web.Response(status=404, text="no such page")
        if page.location:
            return web.Response(status=page.status if page.status in (301, 302, 307, 308) else 301,
                                headers={"Location": page.location})
        headers = {"Content-Type": page.content_type, **page.headers}
        return web.Response(status=page.status, body=page.body.encode("utf-8"), headers=headers)
