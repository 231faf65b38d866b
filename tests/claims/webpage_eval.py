"""Score the article reader on our news pages: `python -m tests.claims.webpage_eval [-v]`.

Each page in tests/claims/webpages has a JSON of what a reader sees: the article's paragraphs, its body links
(href as written, exact anchor), boilerplate that must stay out, boilerplate links, and the metadata.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from claims.web import read_html

PAGES = Path(__file__).parent / "webpages"
BLIND2 = Path(__file__).parent / "webpages_blind2"
BASE_HREF = re.compile(r"<base\s[^>]*href=[\"']([^\"']+)", re.IGNORECASE)
BASE = "https://www.example-news.test/ressort/thema/"


def page_url(name: str) -> str:
    return f"{BASE}{name}.html"


def fold(text: str) -> str:
    return " ".join(text.split())


@dataclass
class PageScore:
    name: str
    paragraphs: int = 0
    paragraphs_found: int = 0
    boilerplate: int = 0
    boilerplate_kept: list = field(default_factory=list)
    links: int = 0
    links_found: int = 0
    links_wrong: list = field(default_factory=list)
    links_extra: list = field(default_factory=list)
    boilerplate_links_kept: list = field(default_factory=list)
    metadata_wrong: list = field(default_factory=list)
    missing: list = field(default_factory=list)


def score_page(name: str, url: str | None = None, folder: Path = PAGES) -> PageScore:
    expected = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    html = (folder / f"{name}.html").read_text(encoding="utf-8")
    url = url or page_url(name)
    article = read_html(html, url=url)
    return compare(name, expected, article, page_base(html, url))


def page_base(html: str, url: str) -> str:
    """Where the page's relative links point: its <base href> if it has one, else its own address."""
    found = BASE_HREF.search(html)
    return urljoin(url, found[1].replace("&amp;", "&")) if found else url


def compare(name: str, expected: dict, article, url: str) -> PageScore:
    score = PageScore(name)
    text = fold(article.text)
    for paragraph in expected["body"]:
        score.paragraphs += 1
        if fold(paragraph) in text:
            score.paragraphs_found += 1
        else:
            score.missing.append(paragraph[:80])
    for junk in expected["not_in_text"]:
        score.boilerplate += 1
        if fold(junk) in text:
            score.boilerplate_kept.append(junk)
    found = [(link.url, link.anchor) for link in article.links]
    for link in article.links:
        if article.text[link.start : link.end] != link.anchor:
            score.links_wrong.append(("offsets", link.anchor))
    wanted = [(urljoin(url, link["href"]).split("#")[0], fold(link["anchor"])) for link in expected["links"]]
    unmatched = list(found)
    for target, anchor in wanted:
        score.links += 1
        hit = next((f for f in unmatched if f[0] == target and fold(f[1]) == anchor), None)
        if hit:
            unmatched.remove(hit)
            score.links_found += 1
        else:
            score.links_wrong.append((target, anchor))
    score.links_extra = unmatched
    junk_targets = {urljoin(url, href).split("#")[0] for href in expected.get("not_linked", [])}
    body_targets = {target for target, _ in wanted}
    score.boilerplate_links_kept = [f for f in found if f[0] in junk_targets - body_targets]
    for key in ("title", "author", "publisher", "published", "language"):
        got = getattr(article, key)
        got = got.isoformat() if hasattr(got, "isoformat") else (got or "")
        if fold(str(got)) != fold(expected.get(key) or ""):
            score.metadata_wrong.append((key, got, expected.get(key)))
    return score


def totals(scores: list[PageScore]) -> dict:
    return {
        "pages": len(scores),
        "paragraphs": (sum(s.paragraphs_found for s in scores), sum(s.paragraphs for s in scores)),
        "boilerplate kept": (sum(len(s.boilerplate_kept) for s in scores), sum(s.boilerplate for s in scores)),
        "body links": (sum(s.links_found for s in scores), sum(s.links for s in scores)),
        "extra links": sum(len(s.links_extra) for s in scores),
        "boilerplate links kept": sum(len(s.boilerplate_links_kept) for s in scores),
        "metadata right": (sum(5 - len(s.metadata_wrong) for s in scores), 5 * len(scores)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path, default=PAGES)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    scores = [score_page(path.stem, folder=args.folder) for path in sorted(args.folder.glob("*.html"))]
    for key, value in totals(scores).items():
        print(f"{key}: {value[0]}/{value[1]}" if isinstance(value, tuple) else f"{key}: {value}")
    if args.verbose:
        for s in scores:
            for what in ("missing", "boilerplate_kept", "links_wrong", "links_extra", "boilerplate_links_kept",
                         "metadata_wrong"):
                for item in getattr(s, what):
                    print(f"  {s.name} {what}: {item}")


if __name__ == "__main__":
    main()
