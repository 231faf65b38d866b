"""The editor's desk under load: the article page, the claim page with its history, what history costs on
writes, and the dashboard.

    .venv/bin/python -m bench.desk [--requests 20] [--sizes 10,100,400] [--histories 5,200]
        [--dashboard 1000,20000] [--updates 40] [--ingests 8]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth): the database factcheck_bench_desk is dropped and
made anew on every run, and left behind for a look afterwards. Nothing leaves loopback: pages are rendered
through django.test.Client in this process.

In one run, side by side:

- the dashboard (/admin/desk/) with the desk at each size of --dashboard claims (rows made with bulk_create:
  mixed statuses, one figure each, suggested and decided conflicts, sources and 30 days of checks), with the
  milliseconds of each of its SQL statements;
- the article page (/admin/claims/article/<id>/change/) of a 20,000-character article with each of --sizes
  claims (one or two figures each; a citation on every third claim, two on every tenth; every tenth figure linked
  to another article's), beside the same page with desk_context stubbed out (the change form with its claims
  inline), a plain ModelAdmin for Article (no inline, no desk), and desk_context() and annotated() alone;
- the claim page (/admin/claims/claim/<id>/change/) of a claim with each of --histories recorded versions,
  beside claim_timeline() alone;
- claims.services.claim_update (a speaker change) and claims.services.article_ingest (German demo articles run
  together to about 20,000 characters) with history recorded and with SIMPLE_HISTORY_ENABLED = False, in turn.

Prints one row per measurement: median and p90 over --requests requests or calls (the variants of one page
taken in turn, round after round, after two rounds not counted) and the SQL statements of one more, with the
ratios. Celery tasks a write would queue (duplicate search, conflict detection) are recorded and not run, as
with a broker: the request pays for queueing, a worker for the work. Exits 1 when a page does not answer 200,
a page's query count grows with its size, or history is written when switched off (or not written when on);
timings are reported, never judged.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from unittest import mock

from bench import workbench
from bench.common import ROOT, code_version, finish, numbers, percentile, tasks_queued_not_run
from bench.corpus import german

DATABASE = "factcheck_bench_desk"
HOST = "127.0.0.1"  # in the ALLOWED_HOSTS the project's settings give a DEBUG run
WARM_UP = 2  # rounds before the measured ones: the first fills template, URL and permission caches
ARTICLE_CHARS = 20_000  # of the article page's text: sentences of about 45 characters
INGEST_CHARS = 20_000

WHO = ["Das Ministerium", "Die Agentur", "Der Sprecher", "Die Regierung", "Das Institut", "Die Behörde",
       "Der Verband", "Die Küstenwache", "Das Statistikamt", "Die Zollbehörde"]
VERBS = ["zählte", "meldete", "nannte", "schätzte", "bezifferte"]
UNITS = ["Container", "Soldaten", "Raketen", "Barrel", "Mitglieder", "Stimmen", "Fahrzeuge", "Tonnen"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]
# Review statuses as a desk has them: most claims wait, a few have a verdict (which needs a note).
STATUSES = {"unreviewed": 50, "in_review": 15, "supported": 20, "disputed": 5, "false": 5, "unverifiable": 5}
# The last check's outcome of a cited page, and how often.
HEALTH = {"ok": 70, "redirected": 8, "broken": 6, "server_error": 4, "timeout": 4, "bot_wall": 3, "": 5}
CLAIMS_PER_ARTICLE = 10  # of the dashboard's bulk articles
CHECK_DAYS = 30


@dataclass
class Row:
    phase: str
    size: str
    ms: list[float]
    queries: int | None = None
    compared: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.ms)

    @property
    def p90(self) -> float:
        return percentile(self.ms, 0.9)


# --- Measuring --------------------------------------------------------------------------------------------------------


def side_by_side(calls: list[Callable[[], object]], times: int) -> list[list[float]]:
    """Milliseconds of each call, taken in turn round after round, so drift on the machine falls on all alike.
    The first WARM_UP rounds are not counted: they fill template, URL and permission caches."""
    ms: list[list[float]] = [[] for _ in calls]
    for round_ in range(WARM_UP + times):
        for call, into in zip(calls, ms, strict=True):
            started = time.perf_counter()
            call()
            if round_ >= WARM_UP:
                into.append((time.perf_counter() - started) * 1000)
    return ms


def queries_of(call: Callable[[], object]) -> int:
    return len(statements_of(call))


def statements_of(call: Callable[[], object]) -> list[tuple[str, float]]:
    """The table of the first column each SQL statement selects, and its milliseconds (rounded to 1 ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return [(table.group(1) if (table := re.search(r'"(\w+)"\."', query["sql"])) else query["sql"][:20],
             float(query["time"]) * 1000) for query in captured.captured_queries]


def page(client, url: str, problems: list[str]) -> Callable[[], object]:
    def get():
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url} answered {response.status_code}")
        return response

    return get


def analyze() -> None:
    """Fresh planner statistics after a bulk load (autovacuum may be off on the bench server)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# --- Text with figures ------------------------------------------------------------------------------------------------


@dataclass
class Sentence:
    start: int
    end: int
    figures: list[dict]  # Figure fields: start, end, text, kind, value or date_value, unit


def sentences(rng: random.Random, count: int) -> tuple[str, list[Sentence]]:
    """German sentences of about 45 characters, each with a count and about half with a month as well."""
    parts, found, at = [], [], 0
    for index in range(count):
        who, verb, unit = rng.choice(WHO), rng.choice(VERBS), rng.choice(UNITS)
        amount = f"{german(Decimal(rng.randrange(2, 900) * 10 ** rng.randrange(0, 3)))} {unit}"
        figures = []
        if rng.random() < 0.5:
            month, year = rng.randrange(12), rng.randrange(2019, 2025)
            when = f"{MONTHS[month]} {year}"
            head = f"{who} {verb} im "
            text = f"{head}{when} {amount}."
            figures.append({"start": at + len(head), "end": at + len(head) + len(when), "text": when,
                            "kind": "date", "date_value": f"{year}-{month + 1:02d}"})
        else:
            head = f"{who} {verb} "
            text = f"{head}{amount}."
        begin = at + len(text) - 1 - len(amount)
        value = Decimal(amount.split()[0].replace(".", ""))
        figures.append({"start": begin, "end": begin + len(amount), "text": amount, "kind": "count",
                        "value": value, "unit": unit})
        found.append(Sentence(at, at + len(text), figures))
        separator = "\n\n" if index % 8 == 7 else " "
        parts.append(text + separator)
        at += len(text) + len(separator)
    return "".join(parts), found


def figure_row(claim, fields: dict):
    from claims.models import Figure

    return Figure(claim=claim, **{"value": None, "date_value": "", "unit": "", **fields})


def claim_row(article, number: int, sentence: Sentence, status: str):
    from claims.models import Claim

    claim = Claim(article=article, number=number, start=sentence.start, end=sentence.end, status=status,
                  verdict_note="" if status in ("unreviewed", "in_review") else "Checked against the source.")
    claim.anchor()
    return claim


# --- The desk's rows, in bulk -----------------------------------------------------------------------------------------


def statuses(rng: random.Random, count: int) -> list[str]:
    return rng.choices(list(STATUSES), weights=list(STATUSES.values()), k=count)


def fill_desk(rng: random.Random, claims_wanted: int) -> None:
    """Articles of ten claims (one figure each) until the desk holds `claims_wanted` claims; a suggested
    contradiction on about 3 % of the new claims and other conflicts on 3 % more; a cited source per three new
    claims with checks on the last 30 days."""
    from django.utils import timezone

    from claims.models import Article, Claim, Conflict, Figure, content_hash
    from sources.models import Citation

    missing = claims_wanted - Claim.objects.count()
    if missing <= 0:
        return
    texts, articles = [], []
    for index in range(-(-missing // CLAIMS_PER_ARTICLE)):
        text, found = sentences(rng, CLAIMS_PER_ARTICLE)
        texts.append(found)
        articles.append(Article(title=f"Bulk {index}", text=text, content_hash=content_hash(text),
                                publisher=rng.choice(["Tagesblatt", "Kurier", "Depesche"]), language="de",
                                published=date(2024, 1, 1) + timedelta(days=index % 700),
                                last_claim_number=CLAIMS_PER_ARTICLE))
    articles = Article.objects.bulk_create(articles, batch_size=1000)
    claims, planned = [], []
    wanted = iter(statuses(rng, missing))
    for article, found in zip(articles, texts, strict=True):
        for number, sentence in enumerate(found[: missing - len(claims)], start=1):
            claims.append(claim_row(article, number, sentence, next(wanted)))
            planned.append(sentence)
    claims = Claim.objects.bulk_create(claims, batch_size=2000)
    figures = Figure.objects.bulk_create(
        [figure_row(claim, sentence.figures[-1]) for claim, sentence in zip(claims, planned, strict=True)],
        batch_size=2000)
    now = timezone.now()
    pairs = {tuple(sorted((f.pk, rng.choice(figures).pk))) for f in rng.sample(figures, len(figures) * 6 // 100)}
    conflicts = []
    for index, (a, b) in enumerate(sorted(p for p in pairs if p[0] != p[1])):
        kind, status = ("contradiction", "suggested") if index % 2 else rng.choice(
            [("corroboration", "suggested"), ("series", "suggested"), ("contradiction", "confirmed"),
             ("contradiction", "dismissed")])
        conflicts.append(Conflict(figure_a_id=a, figure_b_id=b, kind=kind, status=status, origin="detected",
                                  score=round(rng.uniform(0.3, 1.0), 2), explanation="Generated for the bench.",
                                  decided_at=None if status == "suggested" else now))
    Conflict.objects.bulk_create(conflicts, batch_size=2000)
    sources = make_sources(rng, len(claims) // 3, now)
    Citation.objects.bulk_create(
        [Citation(claim=claim, source=source, expected="" if rng.random() < 0.5 else claim.text[:40],
                  figure_status=rng.choice(["", "found", "found", "found", "gone", "unreadable"]))
         for claim, source in zip(rng.sample(claims, len(sources)), sources, strict=True)], batch_size=2000)


def make_sources(rng: random.Random, count: int, now) -> list:
    """Sources with mixed health, each checked about every third day of the last 30 (never, if unchecked)."""
    from sources import normal_urls
    from sources.models import Source, SourceCheck

    first = Source.objects.count()
    rows = []
    for index in range(first, first + count):
        url = f"https://s{index % 97}.bench-desk.example/page/{index}"
        status = rng.choices(list(HEALTH), weights=list(HEALTH.values()))[0]
        broken = status == "broken"
        rows.append(Source(url=url, domain=normal_urls.domain(url), status=status,
                           is_dead=broken and rng.random() < 0.5, failure_count=2 if broken else 0,
                           last_checked_at=now if status else None))
    made = Source.objects.bulk_create(rows, batch_size=2000)
    checks = []
    for source in made:
        for _ in range(CHECK_DAYS // 3 if source.status else 0):
            outcome = source.status if rng.random() < 0.8 else rng.choice(list(HEALTH)[:-1])
            checks.append(SourceCheck(source=source, lease=uuid.uuid4(), method="GET", outcome=outcome,
                                      checked_at=now - timedelta(days=rng.uniform(0, CHECK_DAYS - 0.01)),
                                      seconds=rng.uniform(0.05, 2.0),
                                      http_status=200 if outcome in ("ok", "redirected") else None))
    SourceCheck.objects.bulk_create(checks, batch_size=5000)
    return made


def article_with_claims(rng: random.Random, text: str, found: list[Sentence], count: int, others: list[int]):
    """The page's article: `count` of the sentences as claims (spread over the text), their figures, a citation
    on every third claim (two on every tenth) and every tenth figure linked to another article's."""
    from django.utils import timezone

    from claims.models import Article, Claim, Conflict, Figure
    from sources.models import Citation

    article = Article.objects.create(title=f"Desk article with {count} claims", text=text, language="de",
                                     publisher="Tagesblatt", published=date(2024, 6, 19), last_claim_number=count)
    chosen = [found[index * len(found) // count] for index in range(count)]
    claims = Claim.objects.bulk_create([claim_row(article, number, sentence, status) for number, sentence, status
                                        in zip(range(1, count + 1), chosen, statuses(rng, count), strict=True)])
    figures = Figure.objects.bulk_create([figure_row(claim, fields) for claim, sentence in
                                          zip(claims, chosen, strict=True) for fields in sentence.figures])
    now = timezone.now()
    cited = [claim for claim in claims if claim.number % 3 == 0 or claim.number % 10 == 0]
    twice = [claim for claim in claims if claim.number % 10 == 0]
    sources = make_sources(rng, len(cited) + len(twice), now)
    Citation.objects.bulk_create([
        Citation(claim=claim, source=source, expected="", figure_status=rng.choice(["", "found", "gone"]))
        for claim, source in zip([*cited, *twice], sources, strict=True)])
    linked = figures[::10]
    Conflict.objects.bulk_create([
        Conflict(figure_a_id=other, figure_b_id=figure.pk, origin="detected", score=0.8,
                 kind=rng.choice(["contradiction", "corroboration", "series"]), explanation="Generated.")
        for figure, other in zip(linked, rng.sample(others, len(linked)), strict=True)])
    return article


# --- Phases -----------------------------------------------------------------------------------------------------------


def run_dashboard(rng: random.Random, client, sizes: list[int], requests: int, problems: list[str]) -> list[Row]:
    from claims.models import Claim, Conflict
    from sources.models import SourceCheck

    rows: list[Row] = []
    for size in sizes:
        fill_desk(rng, size)
        analyze()
        get = page(client, "/admin/desk/", problems)
        [ms] = side_by_side([get], requests)
        statements = statements_of(get)
        row = Row("dashboard /admin/desk/", f"{Claim.objects.count():,} claims", ms, len(statements))
        print(f"  dashboard at {row.size}: {Conflict.objects.count():,} conflicts, "
              f"{SourceCheck.objects.count():,} checks; median {row.median:.1f} ms; its statements (ms): "
              + ", ".join(f"{table} {ms:.0f}" for table, ms in statements), flush=True)
        if rows:
            row.compared = f"{row.median / rows[0].median:.2f}x at {rows[0].size}"
            if row.queries != rows[0].queries:
                problems.append(f"the dashboard sends {row.queries} queries at {row.size}, {rows[0].queries} at "
                                f"{rows[0].size}")
        rows.append(row)
    return rows


def plain_article_view(user, article_id: int) -> Callable[[], object]:
    """A plain ModelAdmin for Article showing the fields as ArticleAdmin shows a stored article (text and
    duplicate_of read-only: as a select, duplicate_of would list every article), without the claims inline,
    the desk or history; called with a request as the admin's middleware would leave it."""
    from django.contrib import admin
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from claims.admin import ArticleAdmin
    from claims.models import Article

    # The desk's own read-only columns (methods of ArticleAdmin such as "extraction") are not the plain admin's.
    stored = {field.name for field in Article._meta.get_fields()}

    class PlainArticleAdmin(admin.ModelAdmin):
        readonly_fields = [*(name for name in ArticleAdmin.readonly_fields if name in stored), "text"]

    plain = PlainArticleAdmin(Article, admin.site)
    factory = RequestFactory(HTTP_HOST=HOST)

    def view():
        request = factory.get(f"/admin/claims/article/{article_id}/change/")
        request.user, request.session = user, SessionStore()
        request._messages = FallbackStorage(request)
        return plain.change_view(request, str(article_id)).render()

    return view


def run_article_pages(rng: random.Random, client, user, sizes: list[int], requests: int,
                      problems: list[str]) -> list[Row]:
    from claims.admin import article_page
    from claims.annotate import ClaimMark, annotated
    from claims.models import Figure

    text, found = sentences(rng, ARTICLE_CHARS // 40)
    found = [sentence for sentence in found if sentence.end <= ARTICLE_CHARS]
    text = text[: found[-1].end]
    others = list(Figure.objects.order_by("?").values_list("pk", flat=True)[: len(found)])
    rows, counts = [], []
    for size in sizes:
        article = article_with_claims(rng, text, found, size, others)
        analyze()
        label = f"{size} claims"
        get = page(client, f"/admin/claims/article/{article.pk}/change/", problems)

        def without_desk(get=get):
            with mock.patch.object(article_page, "desk_context", lambda request, article: {}):
                return get()

        plain = plain_article_view(user, article.pk)
        context_of = partial(article_page.desk_context, get().wsgi_request, article)
        claims = list(article.claims.prefetch_related("figures"))
        marks = [ClaimMark(c.number, c.start, c.end, c.status, c.get_status_display(), f"/c/{c.pk}/")
                 for c in claims]
        spans = [(f.start, f.end) for c in claims for f in c.figures.all()]
        marked = partial(annotated, article.text, marks, spans)
        ms = side_by_side([get, without_desk, plain, context_of, marked], requests)
        desk = Row("article page, with the desk", label, ms[0], queries_of(get))
        bare = Row("  same page, desk stubbed out", label, ms[1], queries_of(without_desk))
        stock = Row("  plain ModelAdmin, no inline", label, ms[2], queries_of(plain))
        context = Row("  desk_context() alone", label, ms[3], queries_of(context_of))
        alone = Row("  annotated() alone", label, ms[4], 0)
        desk.compared = f"{desk.median / bare.median:.2f}x stubbed out"
        bare.compared = f"{bare.median / stock.median:.2f}x plain"
        context.compared = f"{context.median / desk.median:.0%} of the page"
        alone.compared = f"{alone.median / desk.median:.0%} of the page"
        print(f"  article page, {len(text):,} characters, {size} claims, {len(spans)} figures: "
              f"median {desk.median:.1f} ms, {desk.queries} queries", flush=True)
        rows += [desk, bare, stock, context, alone]
        counts.append((label, desk.queries))
    # Fewer at a larger size is fine: past ArticleAdmin's inline limit the claims inline and its query go.
    if any(later > earlier for (_, earlier), (_, later) in zip(counts, counts[1:], strict=False)):
        problems.append("the article page's query count grows with its claims: "
                        + ", ".join(f"{n} at {label}" for label, n in counts))
    return rows


def run_claim_pages(client, user, versions: list[int], requests: int, problems: list[str]) -> list[Row]:
    from claims import services
    from claims.history import claim_timeline
    from claims.models import Claim
    from sources.models import Citation, Source

    rows, counts = [], []
    text = "Die Küstenwache zählte im März 2024 fast 7.000 Container. Der Rest blieb ungezählt."
    for count in versions:
        article = services.article_create(title=f"History of {count}", text=text)
        claim = services.claim_create(article=article, start=0, end=text.index("Container.") + len("Container."))
        services.figure_create(claim=claim, start=text.index("fast"), end=text.index(" Container"), kind="count",
                               value=Decimal(7000), qualifier="almost")
        Citation.objects.create(claim=claim, source=Source.objects.order_by("id").first())
        for version in range(2, count + 1):
            services.claim_update(claim=claim, user=user, changes={"speaker": f"Sprecher {version}"})
        if Claim.history.filter(id=claim.pk).count() != count:
            problems.append(f"claim {claim.pk} has {Claim.history.filter(id=claim.pk).count()} versions, not {count}")
        label = f"{count} versions"
        get = page(client, f"/admin/claims/claim/{claim.pk}/change/", problems)
        history = partial(claim_timeline, claim)
        ms = side_by_side([get, history], requests)
        row = Row("claim page, with its history", label, ms[0], queries_of(get))
        timeline = Row("  claim_timeline() alone", label, ms[1], queries_of(history))
        timeline.compared = f"{timeline.median / row.median:.0%} of the page"
        if rows:
            row.compared = f"{row.median / rows[0].median:.2f}x at {rows[0].size}"
        rows += [row, timeline]
        counts.append((label, row.queries))
    if len({n for _, n in counts}) > 1:
        problems.append("the claim page's query count grows with its history: "
                        + ", ".join(f"{n} at {label}" for label, n in counts))
    return rows


def with_and_without_history(call: Callable[[], object], times: int) -> tuple[list[float], list[float]]:
    """Alternating, so drift on the machine falls on both alike; the first call of each is not counted."""
    from django.test import override_settings

    on, off = [], []
    for round_ in range(times + 1):
        for history, into in ((True, on), (False, off)):
            with override_settings(SIMPLE_HISTORY_ENABLED=history):
                started = time.perf_counter()
                call()
                ms = (time.perf_counter() - started) * 1000
            if round_:
                into.append(ms)
    return on, off


def history_rows() -> int:
    from claims.models import Article, Claim, Conflict, Figure
    from sources.models import Citation

    return sum(model.history.count() for model in (Article, Claim, Figure, Citation, Conflict))


def run_writes(user, updates: int, ingests: int, problems: list[str]) -> list[Row]:
    from django.test import override_settings

    from claims import services
    from claims.models import Claim

    text = "Der Sprecher nannte am Montag 1.200 Soldaten an der Grenze. Weitere Angaben gab es nicht."
    article = services.article_create(title="Speaker changes", text=text)
    claim = services.claim_create(article=article, start=0, end=text.index("Grenze.") + len("Grenze."))
    names = iter(range(10**6))

    def update():
        services.claim_update(claim=Claim(pk=claim.pk), user=user, changes={"speaker": f"Sprecher {next(names)}"})

    on, off = with_and_without_history(update, updates)
    update_on = Row("claim_update (speaker), history on", "1 claim", on)
    update_off = Row("  the same, history off", "1 claim", off)
    update_on.compared = f"{update_on.median / update_off.median:.2f}x history off"

    german_text = ingest_text()
    made = []

    def ingest():
        made.append(services.article_ingest(title=f"Ingest {len(made)}", text=german_text, publisher="Tagesblatt",
                                            published=date(2024, 6, 19)))

    on, off = with_and_without_history(ingest, ingests)
    found = made[-1].claims.count()
    figures = sum(claim.figures.count() for claim in made[-1].claims.all())
    label = f"{len(german_text):,} chars"
    ingest_on = Row(f"article_ingest ({found} claims, {figures} figures), history on", label, on)
    ingest_off = Row("  the same, history off", label, off)
    ingest_on.compared = f"{ingest_on.median / ingest_off.median:.2f}x history off"

    before = history_rows()
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        update_off.queries, ingest_off.queries = queries_of(update), queries_of(ingest)
    if history_rows() != before:
        problems.append(f"{history_rows() - before} history rows written with SIMPLE_HISTORY_ENABLED = False")
    update_on.queries, ingest_on.queries = queries_of(update), queries_of(ingest)
    if history_rows() - before != 2 + found + figures:
        problems.append(f"history on: {history_rows() - before} rows written for one update and one ingest, "
                        f"expected {2 + found + figures}")
    return [update_on, update_off, ingest_on, ingest_off]


def ingest_text() -> str:
    """Paragraphs of the German demo articles, one after another, until about 20,000 characters."""
    paragraphs = [paragraph.strip() for path in sorted((ROOT / "claims/demo").glob("de-*.txt"))
                  for paragraph in path.read_text(encoding="utf-8").split("\n\n") if paragraph.strip()]
    text = []
    while sum(len(paragraph) + 2 for paragraph in text) < INGEST_CHARS:
        text.append(paragraphs[len(text) % len(paragraphs)])
    return "\n\n".join(text)


# --- Running ----------------------------------------------------------------------------------------------------------


def print_table(rows: list[Row]) -> None:
    table = [("measured", "size", "median ms", "p90 ms", "queries", "compared")]
    table += [(r.phase, r.size, f"{r.median:,.1f}", f"{r.p90:,.1f}", "" if r.queries is None else str(r.queries),
               r.compared) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        line = f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}" + "".join(
            f"  {cell:>{width}}" for cell, width in zip(row[2:5], widths[2:5], strict=True)) + f"  {row[5]}"
        print(line.rstrip())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20, help="measured requests or calls per row")
    parser.add_argument("--sizes", type=numbers, default=[10, 100, 400], help="claims of the article page")
    parser.add_argument("--histories", type=numbers, default=[5, 200], help="recorded versions of the claim")
    parser.add_argument("--dashboard", type=numbers, default=[1000, 20000], help="claims on the desk")
    parser.add_argument("--updates", type=int, default=40, help="claim_update calls with history, and without")
    parser.add_argument("--ingests", type=int, default=8, help="article_ingest calls with history, and without")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    print(f"code: {code_version()}")
    workbench.fresh_database(DATABASE)
    workbench.start_django(DATABASE)
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_superuser("bench", "bench@example.org", None)
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    rng = random.Random(args.seed)
    problems: list[str] = []
    with tasks_queued_not_run() as queued:
        rows = run_dashboard(rng, client, args.dashboard, args.requests, problems)
        rows += run_article_pages(rng, client, user, args.sizes, args.requests, problems)
        rows += run_claim_pages(client, user, args.histories, args.requests, problems)
        rows += run_writes(user, args.updates, args.ingests, problems)
    return finish(rows, problems, queued, started, print_table)


if __name__ == "__main__":
    sys.exit(main())
