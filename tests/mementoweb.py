"""A web archive of ours on loopback that speaks Memento (RFC 7089), for the archived-capture tests.

It is the simulated web (tests.simweb) plus an archive: captures are registered per page URL with their
datetime, and it serves a TimeMap (/timemap/link/<url>), a TimeGate (/timegate/<url>, nearest capture by
Accept-Datetime, as the Wayback Machine's does), the captures themselves (/web/<14 digits>/<url>, with
Memento-Datetime and Link headers naming their neighbours), and Save Page Now (/save/<url>). Every archive
request is logged, so a test can count what reached it.
"""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime

from aiohttp import web

from tests.simweb import SimWeb, html

STAMP = "%Y%m%d%H%M%S"


class MementoWeb(SimWeb):
    def __init__(self, hosts: list[str] | None = None) -> None:
        super().__init__(hosts)
        self.captures: dict[str, list[datetime]] = {}
        self.timemap_body: tuple[bytes, str] | None = None  # (body, content type) instead of the real TimeMap
        self.asked: list[tuple[str, str]] = []  # (kind, page URL) of every archive request

    def capture(self, url: str, *moments: datetime) -> None:
        self.captures.setdefault(url, []).extend(moments)
        self.captures[url].sort()

    def archived(self, at: datetime, url: str, netloc: str) -> str:
        """A capture's address on the archive, by the name (and port) it was asked by."""
        return f"http://{netloc}/web/{at:{STAMP}}/{url}"

    # The page URL is the rest of the raw path (with its query): archives take it as it is, unescaped.
    def _page(self, request: web.Request, prefix: str) -> str:
        return request.raw_path.split(prefix, 1)[1]

    async def on_timemap(self, request, rest, host):
        page = self._page(request, "/timemap/link/")
        self.asked.append(("timemap", page))
        if self.timemap_body is not None:
            body, kind = self.timemap_body
            return web.Response(body=body, headers={"Content-Type": kind})
        moments = self.captures.get(page)
        if not moments:
            return web.Response(status=404, text="no captures")
        links = [f'<{page}>; rel="original"', f'<{"http://" + request.host + "/timegate/" + page}>; rel="timegate"']
        for i, at in enumerate(moments):
            rel = "first memento" if i == 0 else "last memento" if i == len(moments) - 1 else "memento"
            links.append(f'<{self.archived(at, page, request.host)}>; rel="{rel}"; datetime="{http_date(at)}"')
        return web.Response(text=",\n".join(links), headers={"Content-Type": "application/link-format"})

    async def on_timegate(self, request, rest, host):
        page = self._page(request, "/timegate/")
        self.asked.append(("timegate", page))
        moments = self.captures.get(page)
        if not moments:
            return web.Response(status=404, text="no captures")
        wanted = email.utils.parsedate_to_datetime(request.headers["Accept-Datetime"])
        nearest = min(moments, key=lambda at: abs(at - wanted))
        return web.Response(status=302, headers={"Location": self.archived(nearest, page, request.host),
                                                 "Vary": "accept-datetime"})

    async def on_web(self, request, rest, host):
        stamp, page = rest[0], self._page(request, f"/web/{rest[0]}/")
        self.asked.append(("memento", page))
        at = datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
        moments = self.captures.get(page, [])
        if at not in moments:
            return web.Response(status=404, text="no such capture")
        index = moments.index(at)
        links = [f'<{page}>; rel="original"']
        neighbours = {"first memento": 0, "prev memento": index - 1, "next memento": index + 1,
                      "last memento": len(moments) - 1}
        for rel, i in neighbours.items():
            if 0 <= i < len(moments) and i != index:
                links.append(f'<{self.archived(moments[i], page, request.host)}>; rel="{rel}"; '
                             f'datetime="{http_date(moments[i])}"')
        return html(f"Archived {page}", title="Archiv", headers={"Memento-Datetime": http_date(at),
                                                                  "Link": ", ".join(links)})

    async def on_save(self, request, rest, host):
        page = self._page(request, "/save/")
        self.asked.append(("save", page))
        return html(f"Saving {page}", title="Save Page Now")

    def count(self, kind: str) -> int:
        return sum(1 for asked, _ in self.asked if asked == kind)


def http_date(at: datetime) -> str:
    return email.utils.format_datetime(at.astimezone(UTC), usegmt=True)
