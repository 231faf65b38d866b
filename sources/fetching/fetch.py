"""One safe HTTP fetch: the only way the workbench reads a web page.

Every hop is checked before it is requested (scheme, IP literals here, resolved names in the resolver);
redirects are followed by hand so each one is recorded and capped; the body is decompressed by us with a
cap on the decoded size, because a few kilobytes of gzip can expand to gigabytes.
"""

from __future__ import annotations

import asyncio
import os
import re
import ssl
import zlib
from dataclasses import dataclass, field

import aiohttp
from yarl import URL

from . import addresses
from .resolver import GuardedResolver

REDIRECTS = frozenset({301, 302, 303, 307, 308})
READ_CHUNK = 64 * 1024
# aiohttp reads header bytes that are not UTF-8 as these "surrogate escapes" (U+DC80 to U+DCFF).
SURROGATE_ESCAPES = re.compile("[\udc80-\udcff]")
USER_AGENT = "factcheck-workbench/1.0 (source link checker; +https://github.com/factcheck-workbench)"


@dataclass(frozen=True)
class Policy:
    allow: tuple = ()
    max_redirects: int = 5
    deadline: float = 20.0
    connect_timeout: float = 10.0
    max_bytes: int = 5_000_000
    per_host: int = 2
    concurrency: int = 100
    user_agent: str = USER_AGENT


class Refused(Exception):
    """The fetch was not attempted (or not continued) because policy forbids it."""


@dataclass(frozen=True)
class Exchange:
    """The last hop's HTTP exchange as it went over the wire, kept so a changed page can be archived (WARC).
    Header bytes stay bytes: a server may send what is not UTF-8, and the archive must show what it sent."""

    request_line: str
    request_headers: tuple[tuple[str, str], ...]
    protocol: str
    status_line: bytes
    response_headers: tuple[tuple[bytes, bytes], ...]
    # The body before we decoded gzip or deflate; None when it was sent unencoded (then it is `Fetched.body`),
    # or when it ran past the cap (then no record can show it faithfully).
    raw_body: bytes | None = None
    encoded: bool = False


@dataclass
class Fetched:
    url: str
    method: str
    final_url: str = ""
    status: int | None = None
    chain: list[dict] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str = ""  # blocked, timeout, unreachable, too_large, redirect_loop, too_many_redirects, bad_response
    detail: str = ""
    seconds: float = 0.0
    exchange: Exchange | None = None

    @property
    def redirected(self) -> bool:
        return bool(self.chain)


class Fetcher:
    """Holds the connection pool and the per-host slots; use as `async with Fetcher(policy) as f`."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._slots: dict[str, asyncio.Semaphore] = {}
        self.pool = asyncio.Semaphore(policy.concurrency)
        self.session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Fetcher:
        connector = aiohttp.TCPConnector(
            resolver=GuardedResolver(self.policy.allow), limit=self.policy.concurrency,
            limit_per_host=self.policy.per_host, ttl_dns_cache=60,
        )
        self.session = aiohttp.ClientSession(
            connector=connector, trust_env=False, auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar(),
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=self.policy.connect_timeout),
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            max_line_size=16384, max_field_size=16384,
        )
        return self

    async def __aexit__(self, *exc) -> None:
        await self.session.close()

    def slot(self, url: URL) -> asyncio.Semaphore:
        key = f"{url.host}:{url.port}"
        if key not in self._slots:
            self._slots[key] = asyncio.Semaphore(self.policy.per_host)
        return self._slots[key]

    async def fetch(self, url: str, *, method: str = "GET", headers: dict | None = None,
                    max_bytes: int | None = None, data: bytes | None = None) -> Fetched:
        """`data`: a request body (a webhook's POST); it is never sent on to where a redirect points."""
        result = Fetched(url=url, method=method)
        clock = _Clock(self.policy.deadline)
        try:
            await self._follow(result, URL(url, encoded=False), method, headers or {}, max_bytes, clock, data)
        except TimeoutError:
            result.error, result.detail = "timeout", f"no complete answer within {self.policy.deadline:g} s"
        except (Refused, addresses.Forbidden) as exc:
            result.error, result.detail = "blocked", str(exc)
        except _Stop as exc:
            result.error, result.detail = exc.error, exc.detail
        except TooLarge as exc:
            result.error, result.detail = "too_large", str(exc)
        except (aiohttp.ClientConnectorError, aiohttp.ServerDisconnectedError, ConnectionError, OSError) as exc:
            result.error, result.detail = "unreachable", _describe(exc)
        except (aiohttp.ClientPayloadError, aiohttp.ClientResponseError, zlib.error, ValueError) as exc:
            result.error, result.detail = "bad_response", _describe(exc)
        except aiohttp.ClientError as exc:
            result.error, result.detail = "unreachable", _describe(exc)
        result.seconds = clock.elapsed()
        return result

    async def _follow(self, result: Fetched, url: URL, method: str, headers: dict, max_bytes: int | None,
                      clock: _Clock, data: bytes | None = None) -> None:
        seen = set()
        while True:
            self._check_url(url)
            seen.add(str(url))
            # Waiting for a free slot is not the page's fault: the deadline starts once a slot is ours.
            async with self.slot(url), self.pool, asyncio.timeout_at(clock.start()):
                target, method = await self._hop(result, url, method, headers, max_bytes, data)
            if target is None:
                return
            data = None
            if str(target) in seen:
                raise _Stop("redirect_loop", f"the redirects return to {target}")
            if len(result.chain) > self.policy.max_redirects:
                raise _Stop("too_many_redirects", f"more than {self.policy.max_redirects} redirects")
            url = target

    async def _hop(self, result: Fetched, url: URL, method: str, headers: dict,
                   max_bytes: int | None, data: bytes | None = None) -> tuple[URL | None, str]:
        """One request; returns where a redirect points (and the method to use there), or None when done."""
        async with self.session.request(method, url, headers=headers, data=data, allow_redirects=False) as response:
            location = response.headers.get("Location")
            if response.status in REDIRECTS and location:
                target = url.join(URL(_escaped_bytes(location), encoded=False)).with_fragment(None)
                result.chain.append({"url": str(url), "status": response.status, "location": str(target)})
                return target, ("GET" if response.status == 303 and method != "HEAD" else method)
            result.final_url, result.status = str(url), response.status
            result.headers = {k.lower(): v for k, v in response.headers.items()}
            raw = None
            if method != "HEAD":
                result.body, raw = await _read(response, max_bytes or self.policy.max_bytes)
            result.exchange = _exchange(url, method, response, raw)
            return None, method

    def _check_url(self, url: URL) -> None:
        if url.scheme not in ("http", "https"):
            raise Refused(f"{url.scheme or 'a relative'} URL is not fetched: only http and https")
        if not url.host:
            raise Refused("the URL has no host")
        addresses.check_host(url.raw_host or url.host, self.policy.allow)


class _Clock:
    """The fetch's deadline, started by the first hop that gets a slot."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.started: float | None = None

    def start(self) -> float:
        loop = asyncio.get_running_loop()
        if self.started is None:
            self.started = loop.time()
        return self.started + self.seconds

    def elapsed(self) -> float:
        return asyncio.get_running_loop().time() - self.started if self.started is not None else 0.0


class _Stop(Exception):
    def __init__(self, error: str, detail: str) -> None:
        super().__init__(detail)
        self.error, self.detail = error, detail


class TooLarge(Exception):
    """Past the cap the body is dropped at once: nothing is judged by a part of a page."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the decoded body is larger than {limit:,} bytes")


async def _read(response: aiohttp.ClientResponse, limit: int) -> tuple[bytes, bytes | None]:
    """The decoded body, and the bytes as sent when they were encoded (None past the cap: see Exchange)."""
    decoder = _Decoder(response.headers.get("Content-Encoding", ""))
    body = bytearray()
    raw: bytearray | None = bytearray() if decoder.encoded else None
    async for chunk in response.content.iter_chunked(READ_CHUNK):
        # Asking for one byte more than fits tells "exactly full" from "too large" without expanding a bomb.
        body += decoder.decompress(chunk, limit - len(body) + 1)
        if len(body) > limit:
            response.close()
            raise TooLarge(limit)
        if raw is not None and len(raw) + len(chunk) > limit:
            # More bytes as sent than the cap (data that does not compress, junk after the stream): no record
            # of this exchange rather than a part of it; the decoded body is judged as ever.
            raw = None
        elif raw is not None:
            raw += chunk
    body += decoder.flush()
    if len(body) > limit:
        raise TooLarge(limit)
    decoder.finished()
    return bytes(body), (bytes(raw) if raw is not None else None)


def _exchange(url: URL, method: str, response: aiohttp.ClientResponse, raw: bytes | None) -> Exchange:
    sent = response.request_info.headers
    version = response.version or aiohttp.HttpVersion11
    protocol = f"HTTP/{version.major}.{version.minor}"
    # The reason phrase as the parser read it: bytes that were not UTF-8 come back as surrogate escapes.
    reason = (response.reason or "").encode("utf-8", errors="surrogateescape")
    return Exchange(
        request_line=f"{method} {url.raw_path_qs} {protocol}", request_headers=tuple(sent.items()),
        protocol=protocol, status_line=b"%d %s" % (response.status, reason),
        response_headers=tuple(response.raw_headers), raw_body=raw,
        encoded=response.headers.get("Content-Encoding", "").strip().lower() not in ("", "identity"),
    )


class _Decoder:
    """gzip and deflate by hand, so the decoded size can be capped; identity passes through."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding.strip().lower()
        if self.encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise ValueError(f"the server used the {self.encoding!r} encoding, which was not asked for")
        self.inflater = None

    @property
    def encoded(self) -> bool:
        return self.encoding not in ("", "identity")

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if self.encoding in ("", "identity"):
            return data
        if self.inflater is None:
            self.inflater = zlib.decompressobj(self._wbits(data))
        return self.inflater.decompress(data, max_length)

    def flush(self) -> bytes:
        return self.inflater.flush() if self.inflater else b""

    def finished(self) -> None:
        """A compressed body that stops before its end is a broken answer, not a page."""
        if self.inflater is not None and not self.inflater.eof:
            raise zlib.error("the compressed body ends before its end")

    def _wbits(self, first: bytes) -> int:
        if self.encoding in ("gzip", "x-gzip"):
            return 16 + zlib.MAX_WBITS
        # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
        zlib_wrapped = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] * 256 + first[1]) % 31 == 0
        return zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS


def _escaped_bytes(location: str) -> str:
    """A Location with raw bytes that are not UTF-8 (a Latin-1 "/März") leads where a browser goes: those
    bytes percent-encoded. yarl would drop them silently and we would follow another address."""
    return SURROGATE_ESCAPES.sub(lambda match: f"%{ord(match[0]) - 0xDC00:02X}", location)


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    cause = getattr(exc, "os_error", None)
    if isinstance(exc, aiohttp.ClientConnectorError) and cause is not None:
        if not exc.strerror and str(cause):
            # aiohttp prints an error without errno as "[None]": the resolver's own words say more.
            text = f"{text.removesuffix(' [None]')} [{cause}]"
        elif cause.errno and not isinstance(cause, ssl.SSLError) and os.strerror(cause.errno) not in text:
            # asyncio says "Connect call failed" for every refused or unroutable connection: add which.
            text = f"{text} ({os.strerror(cause.errno)})"
    return text[:500]
