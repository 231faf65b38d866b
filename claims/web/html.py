"""The article of an HTML page: trafilatura finds the main text and the metadata; we walk its result.

trafilatura is given the HTML our safe fetcher got (never its own downloader). Its XML keeps the body's
links as <ref target=…>, so the text and every link's offsets come out of one walk. What news pages do that
a general extractor gets wrong is mended here, each by a rule about news pages, not about one site:
- the headline is the page's <h1>, not the <title> with the site's name or an SEO variant;
- the lead ("teaser", "intro", "standfirst") is part of the article, even when it sits in the page header;
- links resolve against the page's address (or its <base href>) as a browser resolves them;
- a paragraph that is a link to another article ("Lesen Sie auch: …", "READ MORE: …") is not article text;
- media blocks (figures with their captions and credits, video and audio players) are not article text, nor are
  ads, share bars, newsletter and paywall boxes, related links and reader forums, by the classes sites give them;
- text written as lines between <br> elements is paragraphs, as a reader sees it.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree

from sources.fetching import pages

from .text import Builder, Paragraph, WebArticle
from .text import absolute as text_absolute

# Elements trafilatura writes that each make a paragraph of their own.
BLOCKS = frozenset({"p", "head", "item", "row", "quote", "code", "list", "table", "div", "lb"})
CELL_SEPARATOR = " | "
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}\?>")
GERMAN_WORDS = frozenset("der die das und ist nicht mit von den dem des ein eine auf für sich wurde sind auch".split())
ENGLISH_WORDS = frozenset("the and is of to in that was for with on are it by from has were have this".split())
# Classes news sites give the lead paragraph; trafilatura drops "teaser" as a box of links to other articles.
LEAD_CLASS = re.compile(r"lead|intro|teaser|standfirst|summary|abstract|deck|dek|vorspann|einleitung", re.IGNORECASE)
# A paragraph that opens with one of these and is mostly a link points to another article.
TEASER_CUES = re.compile(r"^(?:lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|das könnte sie|siehe auch|"
                         r"weiterlesen|zum thema|read more|more on this|related|see also|also read|recommended)\b",
                         re.IGNORECASE)
TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
ROLE_PARTS = re.compile(r"\b(?:reporter|correspondent|editor|redakteur(?:in)?|korrespondent(?:in)?|autor(?:in)?|"
                        r"redaktion|staff|writer|chef(?:in)? vom dienst|volontär(?:in)?)\b", re.IGNORECASE)
LEAD_MIN_CHARS = 60
# Less than this is a menu, a cookie notice or an error page, not an article (a one-sentence flash has more).
ARTICLE_MIN_CHARS = 40
MEDIA_CLASS = re.compile(r"video|player|podcast|audio|gallery|slideshow|caption|credit", re.IGNORECASE)
# A class token that marks a box around the article, not the article: "forum", "newsletter-box", "related".
BOX_TOKEN = re.compile(r"^(?:forum\w*|posting\w*|comments?|kommentare?|leserkommentare?|newsletter\w*|paywall\w*|"
                       r"plus-?teaser|related\w*|empfehlung\w*)(?:$|[-_])", re.IGNORECASE)
# Tokens that also serve as modifiers of a content wrapper ("post-content share-enabled"): such an element goes
# only when it holds at most one paragraph, as an ad slot or a share bar does.
SMALL_BOX_TOKEN = re.compile(r"^(?:ad|ads|advert\w*|anzeige\w*|teilen|share\w*|social\w*|promo\w*|sponsor\w*)"
                             r"(?:$|[-_])", re.IGNORECASE)
KEEP = frozenset({"html", "body", "main", "article"})
MEDIA_TAGS = frozenset({"figure", "figcaption", "video", "audio", "iframe"})
BLOCK_TAGS = frozenset({"p", "div", "section", "article", "table", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4",
                        "h5", "h6", "figure", "aside", "header", "footer", "nav", "form", "pre", "hr"})


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """A page's bytes as text, the way a browser picks the encoding (BOM, header, <meta charset>, UTF-8)."""
    return pages.decode(data, content_type)


def read_html(html: str, *, url: str = "") -> WebArticle:
    """The article text of the page, its body links resolved against `url`, and what the page says of itself.
    A page with no article text gives an empty text (the caller says why it stores nothing)."""
    tree = _parse(html)
    if tree is None:
        return WebArticle(text="", url=url)
    base = _base(tree, url)
    headline = _headline(tree)
    lead = _lead(headline)  # before the page is cleaned: its class says what it is
    _absolute_links(tree, base)
    _keep_leads(tree)
    _drop(tree, _media_or_address)
    _drop(tree, _box)
    _lines_to_paragraphs(tree)
    cleaned = lxml.html.tostring(tree, encoding="unicode")
    document = trafilatura.bare_extraction(
        cleaned, include_links=True, include_comments=False, include_images=False, include_formatting=False,
        include_tables=True, with_metadata=True, favor_precision=True,
    )
    if document is None or document.body is None:
        return WebArticle(text="", url=url)
    title = (_clean(headline.text_content()) if headline is not None else "") or _clean(document.title)
    text, links = _walk(document.body, title, lead, base)
    if len(text) - len(title) < ARTICLE_MIN_CHARS:
        return WebArticle(text="", url=url, title=title)
    return WebArticle(
        text=text, links=links, title=title, author=_author(document.author),
        publisher=_clean(document.sitename) or _publisher_from_title(tree, title) or _host(url),
        published=_date(document.date), language=_language(document.language, tree, text), url=url,
    )


def _parse(html: str):
    """The page's tree; None for a page with nothing in it. An XHTML page's XML declaration goes first: lxml
    refuses a declared encoding in text it has been given already decoded."""
    try:
        return lxml.html.document_fromstring(XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError):
        return None


def _base(tree, url: str) -> str:
    base = tree.find(".//base[@href]")
    return urljoin(url, base.get("href")) if base is not None and url else url


def _absolute_links(tree, base: str) -> None:
    """Every link made absolute here, as a browser resolves it (the page's address, its <base href>, "//host"):
    trafilatura would otherwise resolve them itself, against the site's root."""
    if not base:
        return
    for element in tree.iter("a"):
        href = element.get("href")
        if href:
            absolute = text_absolute(href, base)
            if absolute:
                element.set("href", absolute)


def _drop(tree, doomed) -> None:
    """Every element `doomed` says goes, with what it holds (found first, then dropped: a box inside a dropped
    box is gone with it)."""
    for element in [element for element in tree.iter() if doomed(element)]:
        if element.getparent() is not None:
            element.drop_tree()


def _box(element) -> bool:
    """Ads, share bars, newsletter and paywall boxes, related links and forums, by their class or id; never an
    element that holds the headline or the article itself."""
    if not isinstance(element.tag, str) or element.tag in KEEP:
        return False
    tokens = f"{element.get('class', '')} {element.get('id', '')}".split()
    boxed = any(BOX_TOKEN.match(token) for token in tokens) or (
        any(SMALL_BOX_TOKEN.match(token) for token in tokens) and len(element.findall(".//p")) <= 1)
    if not boxed:
        return False
    return element.find(".//h1") is None and element.find(".//article") is None and element.find(".//main") is None


def _lines_to_paragraphs(tree) -> None:
    """A block whose text runs between <br> elements: each run becomes a <p>, so no line is lost or glued."""
    for element in [e for e in tree.iter("div", "td", "section") if len(e.findall("br")) >= 2]:
        if not (element.text or "").strip() and not any((br.tail or "").strip() for br in element.findall("br")):
            continue
        _split_at_breaks(element)


def _split_at_breaks(element) -> None:
    children = list(element)
    paragraph = lxml.html.Element("p")
    paragraph.text, element.text = element.text, None
    rebuilt = []
    for child in children:
        element.remove(child)
        if isinstance(child.tag, str) and (child.tag == "br" or child.tag in BLOCK_TAGS):
            rebuilt.append(paragraph)
            tail, child.tail = child.tail, None
            if child.tag != "br":
                rebuilt.append(child)
            paragraph = lxml.html.Element("p")
            paragraph.text = tail
        else:
            paragraph.append(child)
    rebuilt.append(paragraph)
    for piece in rebuilt:
        if piece.tag != "p" or len(piece) or (piece.text or "").strip():
            element.append(piece)


def _keep_leads(tree) -> None:
    """A <p> classed as the lead keeps its text: its class would make trafilatura drop it as a teaser box."""
    for paragraph in tree.iter("p"):
        if LEAD_CLASS.search(paragraph.get("class", "")) and not paragraph.findall(".//a"):
            del paragraph.attrib["class"]


def _media_or_address(element) -> bool:
    """Figures, players and captions go, and so do the page's own canonical addresses: trafilatura would resolve
    relative links against those instead of the address the page was read from."""
    if element.tag in MEDIA_TAGS or _media(element):
        return True
    return (element.tag == "link" and element.get("rel") == "canonical") or (
        element.tag == "meta" and element.get("property") == "og:url")


def _media(element) -> bool:
    """A player or caption box: classed so, and holding no paragraph of the article."""
    if not isinstance(element.tag, str) or element.tag in ("html", "body"):
        return False
    marked = MEDIA_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}")
    return bool(marked) and not element.findall(".//p")


def _headline(tree):
    """The article's <h1>: inside <article>, else inside <main>, else the page's first with text."""
    for path in (".//article//h1", ".//main//h1", ".//h1"):
        found = tree.find(path)
        if found is not None and _clean(found.text_content()):
            return found
    return None


def _lead(headline) -> str:
    """The lead next to the headline: the first element after the <h1> whose class says lead or teaser."""
    if headline is None:
        return ""
    for element in headline.itersiblings():
        if not isinstance(element.tag, str) or element.tag == "figure" or _media(element) or \
                element.find(".//img") is not None or element.find(".//figure") is not None:
            continue  # "article-lead-media": a picture or a player, not the lead's words
        if LEAD_CLASS.search(element.get("class", "")):
            text = _clean(element.text_content())
            if len(text) >= LEAD_MIN_CHARS:
                return text
    return ""


def _walk(body: etree._Element, title: str, lead: str, base: str) -> tuple[str, list]:
    builder = Builder(base)
    first = next(iter(body), None)
    # The headline opens the text, as in an article file: figures in it are claims too.
    if title and not (first is not None and first.tag == "head" and _clean(first.xpath("string()")) == title):
        builder.text(title)
        builder.end_paragraph()
    if lead and _clean(lead) not in _clean(body.xpath("string()")):
        builder.text(lead)
        builder.end_paragraph()
    _element(body, builder)
    return builder.result(keep=_article_paragraph)


def _article_paragraph(paragraph: Paragraph) -> bool:
    """Not a pointer to another article: "Lesen Sie auch: …", or a short paragraph that is all link."""
    if paragraph.links and TEASER_CUES.match(paragraph.text):
        return False
    return not (paragraph.links and len(paragraph.text) <= 200 and paragraph.link_share() >= 0.8)


def _element(element: etree._Element, builder: Builder) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in BLOCKS:
        builder.end_paragraph()
    start = builder.link_start()
    if element.text:
        builder.text(element.text)
    for child in element:
        _element(child, builder)
        if child.tag == "cell" and child.getnext() is not None:
            builder.text(CELL_SEPARATOR)
    if tag == "ref":
        builder.link(element.get("target", ""), start)
    if tag in BLOCKS:
        builder.end_paragraph()
    if element.tail:
        builder.text(element.tail)


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _author(value: str | None) -> str:
    """Names only, joined by commas: "Emma Clarke; Crime Reporter" -> "Emma Clarke"."""
    parts = [part.strip(" ·•,–-") for part in re.split(r"[;|]", _clean(value))]
    return ", ".join(part for part in parts if part and not ROLE_PARTS.search(part))[:200]


def _publisher_from_title(tree, headline: str) -> str:
    """The site's name from "<headline> | <site>", the way most news pages write their <title>."""
    if tree.find(".//title") is None:
        return ""
    parts = [part for part in TITLE_SEPARATORS.split(_clean(tree.find(".//title").text_content())) if part]
    if len(parts) < 2:
        return ""
    site = parts[-1]
    return site if site != headline and len(site) <= 60 else ""


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _language(found: str | None, tree, text: str) -> str:
    """German or English: what the page declares, else what its words are."""
    for code in (found, tree.get("lang", "")):
        if code and code[:2].lower() in ("de", "en"):
            return code[:2].lower()
    words = text.lower().split()[:2000]
    german = sum(word in GERMAN_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    return "en" if english > german else "de"
