"""Reading a fetched source page: its text as a reader sees it, and whether a cited figure or quote is still there.

Pure Python (no Django): the fetch task hands in the raw body and Content-Type, and gets back a `Page`.
Nothing here raises on what a web server sends; a page we cannot read becomes an empty `Page`.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import threading
import unicodedata
import zlib
from dataclasses import dataclass

import lxml.html
from lxml import etree

__all__ = [
    "Page",
    "contains",
    "contains_normalised",
    "decode",
    "looks_like_bot_wall",
    "looks_like_bot_wall_raw",
    "looks_not_found",
    "normalise",
    "read_page",
    "text_hash",
]


@dataclass(frozen=True)
class Page:
    title: str
    text: str


EMPTY = Page("", "")

# --- Decoding -------------------------------------------------------------------------------------------------------

META_SNIFF_BYTES = 2048
CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([\w.:+-]{1,40})""", re.IGNORECASE)
# Covers both <meta charset="..."> and <meta http-equiv="Content-Type" content="text/html; charset=...">.
META_CHARSET = re.compile(rb"""<meta\b[^>]{0,500}?charset\s*=\s*["']?\s*([\w.:+-]{1,40})""", re.IGNORECASE)
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Browsers read these labels as windows-1252, so pages declaring them rely on „curly quotes“ in 0x80-0x9F.
WINDOWS_1252_LABELS = frozenset({"iso8859-1", "ascii"})
# Codecs Python knows that no web page is written in; they would turn bytes into escapes or refuse to decode.
NOT_CHARSETS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"})
SURROGATES = re.compile("[\ud800-\udfff]")


def decode(body: bytes, content_type: str | None) -> str:
    """The body as text: BOM, then the header's charset, then <meta>, then UTF-8, then windows-1252.
    Always text that encodes as UTF-8: no lone surrogates."""
    return _without_surrogates(_decode(body, content_type))


def _decode(body: bytes, content_type: str | None) -> str:
    # A BOM outranks the header, as in browsers: a server default of latin-1 is more often wrong than a BOM.
    for bom, name in BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace")
    text = _decode_as(body, _header_charset(content_type))
    if text is None:
        text = _decode_as(body, _meta_charset(body))
    if text is None:
        text = _utf8(body)
    if text is None:
        text = body.decode("cp1252", errors="replace")
    return text


def _without_surrogates(text: str) -> str:
    # UTF-7 decodes "+2D0-" to half a surrogate pair without complaint, even with errors="replace"; such text
    # cannot be encoded, so the snapshot and the database would refuse it.
    return SURROGATES.sub("\ufffd", text)


def _header_charset(content_type: str | None) -> str | None:
    match = CHARSET_PARAM.search(content_type or "")
    return match[1] if match else None


def _meta_charset(body: bytes) -> str | None:
    match = META_CHARSET.search(body, 0, META_SNIFF_BYTES)
    if not match:
        return None
    label = match[1].decode("ascii")
    # A page that reached us as bytes and names UTF-16 in its own markup cannot be UTF-16 (browsers say the same).
    return "utf-8" if label.lower().startswith("utf-16") else label


def _decode_as(body: bytes, label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in NOT_CHARSETS:
        return None
    name = "cp1252" if name in WINDOWS_1252_LABELS else name
    try:
        return body.decode(name, errors="replace")
    except (LookupError, UnicodeError):  # rot13, base64 and friends are codecs but not text encodings
        return None


def _utf8(body: bytes) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A body cut at the fetcher's size limit may end inside a character; the rest is still UTF-8.
        if exc.reason == "unexpected end of data" and exc.start >= len(body) - 3:
            return body.decode("utf-8", errors="replace")
        return None


# --- Reading --------------------------------------------------------------------------------------------------------

HTML_START = re.compile(
    rb"\s*<(?:!doctype\s+html|html|head|body|title|meta|link|script|style|div|p|table|h[1-6]|!--|\?xml)[\s>/]",
    re.IGNORECASE,
)
HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "head", "title", "iframe"})
BLOCKS = frozenset(
    {
        *("p", "div", "li", "td", "th", "br", "tr", "section", "article", "header", "footer", "blockquote"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "table", "caption", "thead", "tbody"),
        *("tfoot", "figure", "figcaption", "nav", "aside", "main", "pre", "hr", "address", "form", "fieldset"),
        *("legend", "details", "summary", "option", "body"),
    }
)


def read_page(body: bytes, content_type: str | None) -> Page:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if "html" in media or (not media and HTML_START.match(body[:1024].removeprefix(b"\xef\xbb\xbf"))):
        return _read_html(decode(body, content_type))
    if media == "text/plain":
        return Page("", decode(body, content_type))
    return EMPTY


_local = threading.local()


def _parser() -> lxml.html.HTMLParser:
    # One parser per thread, reused: building one costs as much as parsing a short page.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = _new_parser()
    return parser


def _new_parser() -> lxml.html.HTMLParser:
    # huge_tree lifts libxml2's nesting limit from 256 to 2048: pages with hundreds of unclosed <div>s or <font>s
    # exist, and past the limit libxml2 stops reading, so the rest of the article would vanish.
    return lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )


def _read_html(text: str) -> Page:
    # Parsing UTF-8 bytes with the encoding fixed keeps our charset decision and sidesteps lxml's refusal of
    # str input that carries an <?xml encoding=...?> declaration.
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=_parser())
    except (etree.LxmlError, ValueError):  # "Document is empty", and whatever a hostile page finds next
        return EMPTY
    return Page(_title(root), _visible_text(root))


def _title(root: lxml.html.HtmlElement) -> str:
    for element in root.iter("title"):
        # An inline <svg> may carry its own <title>, a tooltip rather than the page's name.
        if not any(ancestor.tag == "svg" for ancestor in element.iterancestors()):
            return " ".join(element.text_content().split())
    return ""


def _visible_text(root: lxml.html.HtmlElement) -> str:
    """Text of the body, one line per block, so words in neighbouring cells or paragraphs never glue together."""
    lines: list[str] = []
    pieces: list[str] = []
    # iterwalk instead of recursion: the tree may be 2048 levels deep.
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if not tag or tag in HIDDEN:
                walker.skip_subtree()  # its "end" still comes, so the tail after it is kept
                continue
            if tag in BLOCKS:
                _end_line(lines, pieces)
            pieces.append(element.text or "")
        else:
            if tag in BLOCKS:
                _end_line(lines, pieces)
            pieces.append(element.tail or "")
    _end_line(lines, pieces)
    return "\n".join(lines)


def _end_line(lines: list[str], pieces: list[str]) -> None:
    line = " ".join("".join(pieces).split())
    if line:
        lines.append(line)
    pieces.clear()


# --- Matching -------------------------------------------------------------------------------------------------------

PLAIN = str.maketrans(
    {
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff"),  # soft hyphen and zero-width characters
        **dict.fromkeys("„“”‟«»", '"'),
        **dict.fromkeys("‚‘’‛‹›´ʼ", "'"),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
# A grouped number: a leading group of one to three digits, then groups of exactly three behind one and the same
# separator. The leading-group rule keeps "im Jahr 2024 100 Menschen" apart; NFKC has made every space a " ".
GROUPED = re.compile(r"(?<!\d)\d{1,3}(?P<sep>[., '])\d{3}(?:(?P=sep)\d{3})*(?!\d)")
DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")
WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form both sides are compared in: case, quotes, dashes, spaces and digit grouping made uniform."""
    text = unicodedata.normalize("NFKC", text.translate(PLAIN)).casefold()
    # Grouping goes before whitespace is collapsed: a line break between two table cells is not a separator.
    text = GROUPED.sub(lambda match: match[0].replace(match["sep"], ""), text)
    text = DECIMAL_COMMA.sub(".", text)
    return WHITESPACE.sub(" ", text).strip()


def contains(page_text: str, expected: str) -> bool:
    return contains_normalised(normalise(page_text), expected)


def contains_normalised(normalised_page: str, expected: str) -> bool:
    """`contains` for a page already passed through `normalise`, for checking several figures against one page."""
    needle = normalise(expected)
    if not needle:
        return False
    # At a digit edge the neighbour must not continue the number: "7000" is not in "17000", "70001" or "7000.5".
    before = r"(?<!\d)(?<!\d[.,])" if needle[0].isdecimal() else ""
    after = r"(?![.,]?\d)" if needle[-1].isdecimal() else ""
    return re.search(before + re.escape(needle) + after, normalised_page) is not None


# --- Pages that are not the article ---------------------------------------------------------------------------------

NOT_FOUND_SHORT_TEXT = 1500
NOT_FOUND_NEAR_START = 300
PAGE_WORDS = r"(?:seite|webseite|artikel|beitrag|inhalt|dokument|datei|url|page|article|content|story|file|document)"
GONE_WORDS = (
    r"(?:nicht gefunden|nicht finden|not found|nicht mehr verfügbar|nicht verfügbar|no longer available|"
    r"existiert nicht|gibt es nicht|does(?:n't| not) exist|could(?:n't| not) be found|can(?:'t| ?not) be found|"
    r"wurde entfernt|has been removed|was removed|nicht mehr online|is unavailable)"
)
NOT_FOUND = re.compile(
    r"page not found|seite nicht gefunden|error 404|fehler 404|404 error|404 fehler|404-fehler|404 not found|http 404"
    r"|^\W*(?:not found|nicht gefunden)"
    rf"|\b{PAGE_WORDS}\b[^.!?]{{0,60}}?{GONE_WORDS}"
    r"|(?:couldn't|could not|can't|cannot) find (?:the|that|this|your) (?:page|article)"
    # A bare 404 only when no word follows: "404 | Beispiel-Zeitung", never "404 Soldaten" or "404,5 Tonnen".
    r"|(?<![\w.,/-])404(?![\w.,/-])(?! [^\W\d_])"
)

BOT_WALL_SHORT_TEXT = 2000
BOT_WALL_NEAR_START = 1000
BOT_WALL = re.compile(
    "|".join(
        re.escape(marker)
        for marker in (
            "just a moment",
            "checking your browser",
            "checking if the site connection is secure",
            "verify you are human",
            "verifying you are human",
            "are you a robot",
            "are you a human",
            "captcha",
            "cf-chl",
            "attention required",
            "access denied",
            "access to this page has been denied",
            "enable javascript and cookies",
            "please enable cookies",
            "pardon our interruption",
            "incapsula incident",
            "unusual traffic",
            "ddos protection by",
            "sie kein roboter sind",
            "dass sie ein mensch sind",
            "ungewöhnlichen datenverkehr",
            "nur einen moment",
            "einen moment bitte",
            "zugriff verweigert",
            "javascript und cookies",
            "sicherheitsüberprüfung",
        )
    )
)
RAW_SNIFF_BYTES = 64 * 1024
# Cloudflare puts its passive /scripts/jsd/ probe on ordinary pages too; only the other challenge-platform paths
# belong to a challenge.
BOT_WALL_RAW = re.compile(rb"cf[-_]chl|challenge-platform(?!/scripts/jsd)|captcha", re.IGNORECASE)


def looks_not_found(page: Page) -> bool:
    """A soft 404: the server said 200 but the page says the article is gone."""
    if NOT_FOUND.search(normalise(page.title)):
        return True
    # An error page is short and says so at once; an article may mention 404 anywhere, or count 404 soldiers.
    if len(page.text) >= NOT_FOUND_SHORT_TEXT:
        return False
    return NOT_FOUND.search(normalise(page.text[:NOT_FOUND_NEAR_START])) is not None


def looks_like_bot_wall(page: Page) -> bool:
    """A challenge or captcha page standing in for the article."""
    # Walls are short; the length test keeps articles about captchas or "access denied" from counting as walls.
    if len(page.text) >= BOT_WALL_SHORT_TEXT:
        return False
    start = normalise(page.title + "\n" + page.text[:BOT_WALL_NEAR_START])
    return BOT_WALL.search(start) is not None


def looks_like_bot_wall_raw(body: bytes) -> bool:
    """Challenge markers that live in scripts and attributes, which `read_page` drops."""
    return BOT_WALL_RAW.search(body, 0, RAW_SNIFF_BYTES) is not None


def pack(text: str) -> bytes:
    """Visible text as stored in a snapshot (zlib; pages compress about fourfold)."""
    # "replace": a string that did not come through `decode` may still hold a lone surrogate.
    return zlib.compress(text.encode("utf-8", errors="replace"), 6)


def unpack(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8")


def text_hash(text: str) -> str:
    """What tells one version of a page's visible text from another (sources.models.SourceVersion)."""
    return hashlib.sha256(text.encode("utf-8", errors="replace")).hexdigest()
