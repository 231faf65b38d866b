"""Articles ingested by URL per second on a simulated newsroom, beside trafilatura's extraction alone.

    .venv/bin/python -m bench.webingest [--articles 300] [--seed 1]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth): the database factcheck_bench_web is dropped and
made anew on every run. Nothing leaves loopback: the pages are served by tests/newsweb.py on 127.0.0.2 under a
made-up name (bench-zeitung.example.org) that only this script resolves (it patches the fetcher's resolver).

Each page is a generated news page (German or English, 6 to 10 paragraphs, a figure and an attribution in each,
3 to 6 body links, navigation, cookie banner, teaser box, comments and footer). One row per phase, in one run:
- trafilatura alone: `trafilatura.bare_extraction` on each page's HTML (the library's own extraction, links on);
- our reader: `claims.web.read_html` (trafilatura plus the news-page rules and the walk for link offsets);
- ingest by URL: `services.article_from_url`: fetch through the safe fetcher, read, store the article, its links,
  claims, figures, citations and named sources, commit. Tasks queued on commit (duplicate search, conflict
  detection, checks of the new citations) are recorded, not run, as with a broker.
Exits 1 if an article lacks the claims, citations or named sources its page calls for; timings are reported,
never judged.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from unittest import mock

from bench import workbench
from bench.common import code_version, tasks_queued_not_run

DATABASE = "factcheck_bench_web"
HOST = "bench-zeitung.example.org"
SOURCES_DE = ["laut Statistischem Bundesamt", "wie die Nachrichtenagentur dpa meldete", "nach Angaben der Polizei",
              "teilte das Ministerium mit", "berichtete die Zeitung Weser-Kurier"]
SOURCES_EN = ["according to Reuters", "the Office for National Statistics reported", "data from Eurostat show",
              "as the ministry announced", "the BBC reported"]
NOUNS_DE = ["Container", "Besucher", "Stellen", "Tonnen", "Fahrzeuge", "Stimmen"]
NOUNS_EN = ["containers", "visitors", "jobs", "tonnes", "vehicles", "votes"]


def page(rng: random.Random, number: int) -> tuple[str, int]:
    """A news page and how many of its body links sit in a sentence with a figure."""
    german = number % 2 == 0
    paragraphs, links = [], 0
    for index in range(rng.randint(6, 10)):
        count = rng.randrange(1_000, 90_000)
        figure = f"{count:,}".replace(",", "." if german else ",")
        noun = rng.choice(NOUNS_DE if german else NOUNS_EN)
        source = rng.choice(SOURCES_DE if german else SOURCES_EN)
        linked = index < rng.randint(3, 6)
        anchor = f'<a href="/daten/{number}-{index}.html">{figure} {noun}</a>' if linked else f"{figure} {noun}"
        links += linked
        if german:
            paragraphs.append(f"<p>Im Jahr {2015 + index} waren es {anchor}, {source}.</p>")
        else:
            paragraphs.append(f"<p>In {2015 + index} there were {anchor}, {source}.</p>")
    lang = "de" if german else "en"
    title = f"Bericht {number}" if german else f"Report {number}"
    html = f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Bench-Zeitung</title>
<meta property="article:published_time" content="2024-06-{1 + number % 28:02d}T08:00:00+02:00"></head><body>
<div class="cookie-consent">Wir nutzen Cookies für 12 Zwecke. <a href="/privacy">Einstellungen</a></div>
<nav>{''.join(f'<a href="/ressort/{i}/">Ressort {i}</a> ' for i in range(20))}</nav>
<article><h1>{title}</h1>{''.join(paragraphs)}
<aside class="related"><h3>Mehr zum Thema</h3><ul>{''.join(f'<li><a href="/a/{i}.html">Artikel {i}: 5 Fakten</a></li>'
                                                          for i in range(5))}</ul></aside></article>
<section class="comments"><p>Leser: Es waren sicher 99.999!</p></section>
<footer>Bench-Zeitung, Hauptstraße 1, 12345 Stadt, Tel. 0123 456789</footer></body></html>"""
    return html, links


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    workbench.fresh_database(DATABASE)
    workbench.start_django(DATABASE, FACTCHECK_FETCH_ALLOW_NETWORKS="127.0.0.2/32")
    import trafilatura

    from claims import services
    from claims.models import Attribution
    from claims.web import read_html
    from sources.fetching import resolver
    from sources.models import Citation
    from tests.newsweb import NewsWeb, Page

    pages = [page(rng, number) for number in range(args.articles)]
    print(f"code {code_version()}; {args.articles} pages, {sum(len(h) for h, _ in pages) / len(pages) / 1024:.1f} KiB "
          "each on average")
    problems: list[str] = []
    htmls = [html for html, _ in pages]
    rows = [("trafilatura alone", timed(lambda: [trafilatura.bare_extraction(h, include_links=True) for h in htmls]))]
    rows.append(("our reader (claims.web)", timed(lambda: [read_html(h, url=f"http://{HOST}/x.html") for h in htmls])))

    async def lookup(host, port):
        return ["127.0.0.2"] if host == HOST else []

    rechecks: list[list[int]] = []
    with NewsWeb(["127.0.0.2"]) as site, mock.patch.object(resolver, "lookup", lookup), \
            mock.patch("sources.services.sources_recheck", lambda source_ids: rechecks.append(source_ids)), \
            tasks_queued_not_run() as queued:
        for number, (html, _) in enumerate(pages):
            site.pages[f"/artikel/{number}.html"] = Page(html)
        urls = [f"http://{HOST}:{site.port}/artikel/{number}.html" for number in range(len(pages))]
        articles = []
        rows.append(("ingest by URL (fetch, read, store)",
                     timed(lambda: articles.extend(services.article_from_url(url=url)[0] for url in urls))))
    for article, (_, links) in zip(articles, pages, strict=True):
        cited = Citation.objects.filter(claim__article=article).count()
        named = Attribution.objects.filter(claim__article=article).count()
        if article.links.count() != links or cited != links:
            problems.append(f"article {article.pk}: {article.links.count()} links, {cited} citations, wanted {links}")
        if named < article.claims.count() - 1:
            problems.append(f"article {article.pk}: {named} named sources for {article.claims.count()} claims")
    print(f"  {len(queued):,} tasks and {len(rechecks):,} citation checks queued, not run")
    print()
    base = rows[0][1]
    print(f"{'phase':<38}{'seconds':>9}{'articles/s':>12}{'÷ trafilatura':>15}")
    for name, seconds in rows:
        print(f"{name:<38}{seconds:>9.2f}{args.articles / seconds:>12.1f}{seconds / base:>14.2f}x")
    for problem in problems[:20]:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
