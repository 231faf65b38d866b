"""WARC records of one HTTP exchange, written with warcio: the raw evidence of what a page sent us.

Pure Python (no Django). Every record is a gzip member of its own, so the records of a source, stored one
changed fetch to a row, join into one valid .warc.gz by plain concatenation behind a single warcinfo record.
"""

from __future__ import annotations

import re
from datetime import datetime
from io import BytesIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from .fetch import Exchange

# A head this large is no page's evidence; aiohttp caps each line, this caps their sum.
MAX_HEAD = 64 * 1024
# Bytes outside printable ASCII in a header, percent-encoded by us: warcio would first read them as text and
# re-encode that as UTF-8, and the archive would no longer say which bytes the server sent.
NOT_PRINTABLE = re.compile(rb"[^\x20-\x7e\t]")
# aiohttp hands the body on without its chunked framing; a reader still told "chunked" would try to undo it.
UNFRAMED = b"transfer-encoding"
UNFRAMED_AS = "X-Archive-Orig-Transfer-Encoding"
SOFTWARE = "factcheck-workbench source checker (warcio)"


class Unrecordable(ValueError):
    """The exchange cannot be archived faithfully; the check itself stands."""


def exchange_records(exchange: Exchange, *, body: bytes, target_uri: str, when: datetime) -> bytes:
    """A response record and its request record, each its own gzip member."""
    payload = exchange.raw_body if exchange.encoded else body
    if payload is None:
        raise Unrecordable("the body as sent ran past the size cap")
    response_head = [(_text(name), _text(value)) for name, value in exchange.response_headers]
    if _size(response_head) + _size(exchange.request_headers) > MAX_HEAD:
        raise Unrecordable(f"the headers are larger than {MAX_HEAD:,} bytes")
    response_head = [(UNFRAMED_AS if name.lower() == UNFRAMED.decode() else name, value)
                     for name, value in response_head]
    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    stamp = {"WARC-Date": datetime_to_iso_date(when)}
    response = writer.create_warc_record(
        target_uri, "response", payload=BytesIO(payload), length=len(payload), warc_headers_dict=dict(stamp),
        http_headers=StatusAndHeaders(_text(exchange.status_line), response_head, protocol=exchange.protocol))
    request_head = [(_text(n.encode()), _text(v.encode("utf-8", "surrogateescape")))
                    for n, v in exchange.request_headers]
    request = writer.create_warc_record(
        target_uri, "request", payload=BytesIO(b""), length=0, warc_headers_dict=dict(stamp),
        http_headers=StatusAndHeaders(_text(exchange.request_line.encode()), request_head, is_http_request=True))
    writer.write_request_response_pair(request, response)
    return out.getvalue()


def warcinfo(filename: str, info: dict[str, str]) -> bytes:
    """The record that opens a file: what wrote it and what it holds."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record(filename, {"software": SOFTWARE, "format": "WARC File Format 1.0",
                                                                 **info}))
    return out.getvalue()


def _text(raw: bytes) -> str:
    return NOT_PRINTABLE.sub(lambda match: b"%%%02X" % match[0][0], raw).decode("ascii")


def _size(headers) -> int:
    return sum(len(name) + len(value) + 4 for name, value in headers)
