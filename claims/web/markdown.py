"""The text of a Markdown article with its links: `[anchor](url)`, `[anchor][ref]` with `[ref]: url`, and
`<https://…>`. The markup goes (link brackets, images, heading marks, bold markers, backslash escapes); lines
and paragraphs stay as written, so the text reads as the rendered page does."""

from __future__ import annotations

import re

from .text import Link, WebArticle, absolute

# A link's target: a URL without spaces, optionally in <…>, optionally with a "title".
INLINE = r"\[(?P<anchor>[^\[\]\n]{1,1000})\]\(\s*<?(?P<url>[^\s()<>]{1,2000})>?(?:\s+\"[^\"\n]{0,300}\")?\s*\)"
REFERENCE = r"\[(?P<ref_anchor>[^\[\]\n]{1,1000})\]\[(?P<ref>[^\[\]\n]{0,100})\]"
AUTOLINK = r"<(?P<auto>https?://[^\s<>]{1,2000})>"
IMAGE = r"!\[[^\[\]\n]{0,1000}\]\([^()\n]{0,2000}\)"
BOLD = r"\*\*|__"
ESCAPE = r"\\(?P<escaped>[\\`*_{}\[\]()#+\-.!>])"
TOKENS = re.compile(f"(?P<image>{IMAGE})|{INLINE}|{REFERENCE}|{AUTOLINK}|(?P<bold>{BOLD})|{ESCAPE}")
DEFINITION = re.compile(r"^ {0,3}\[(?P<ref>[^\[\]\n]{1,100})\]:\s*<?(?P<url>\S{1,2000}?)>?(?:\s+\"[^\"\n]*\")?\s*$",
                        re.MULTILINE)
HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?=\S)", re.MULTILINE)
TRAILING_HASHES = re.compile(r"[ \t]+#+[ \t]*$", re.MULTILINE)


def read_markdown(markdown: str, *, base: str = "") -> WebArticle:
    """Links with no resolvable http(s) target (relative without `base`, mailto:) keep their anchor as text."""
    references = {match["ref"].strip().lower(): match["url"] for match in DEFINITION.finditer(markdown)}
    source = DEFINITION.sub("", markdown)
    source = TRAILING_HASHES.sub("", HEADING.sub("", source))
    parts: list[str] = []
    links: list[Link] = []
    length = 0
    position = 0
    for match in TOKENS.finditer(source):
        parts.append(source[position : match.start()])
        length += match.start() - position
        position = match.end()
        anchor, url = _link(match, references)
        if anchor is None:
            kept = match["escaped"] or ""
            parts.append(kept)
            length += len(kept)
            continue
        target = absolute(url, base)
        if target:
            links.append(Link(url=target, anchor=anchor, start=length, end=length + len(anchor)))
        parts.append(anchor)
        length += len(anchor)
    parts.append(source[position:])
    text = "".join(parts)
    return WebArticle(text=text.strip("\n"), links=_shifted(links, len(text) - len(text.lstrip("\n"))), url=base)


def _link(match: re.Match, references: dict[str, str]) -> tuple[str | None, str]:
    if match["anchor"] is not None:
        return match["anchor"], match["url"]
    if match["ref_anchor"] is not None:
        key = (match["ref"] or match["ref_anchor"]).strip().lower()
        return match["ref_anchor"], references.get(key, "")
    if match["auto"] is not None:
        return match["auto"], match["auto"]
    return None, ""


def _shifted(links: list[Link], by: int) -> list[Link]:
    return [Link(link.url, link.anchor, link.start - by, link.end - by) for link in links] if by else links
