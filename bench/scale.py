"""The desk at a national newsroom's size (issue 16): every API endpoint under load and every admin page logged in,
on a real server, beside a ceiling view of the same body size and beside older code, in one run.

    .venv/bin/python -m bench.scale [--claims 1000000] [--conflicts 5200000] [--sources 200000] [--seconds 5]
        [--admin-requests 5] [--before COMMIT] [--reuse] [--no-serve] [--admin-only]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth), gunicorn (requirements.txt) and wrk (apt). The
database factcheck_bench_scale is made anew unless --reuse; at a million claims loading takes about 15 minutes
and the database about 12 GB. Nothing leaves loopback: the servers listen on 127.0.0.1 and the sources' names
are never resolved.

Loading: bench/corpus.py's generator and bench/loading.py write articles, claims, figures and their keys with COPY
(claims are about two thirds of the figures); then, in SQL, conflict suggestions between random figures (nine in ten
suggested and scored), sources on 2,000 hosts with six weeks of weekly checks, a citation on every third claim, and
a history row for every article, claim, figure and citation, as the services would have written them. The rules the
COPY skipped (spans, pairs) are checked in SQL afterwards; the rest were enforced while inserting.

Serving: for each code (this checkout, then --before in a git worktree of its own) gunicorn with two sync workers
on the same database, DEBUG off, and a bench URLconf that adds a ceiling view: a bare Django view returning as
many bytes as the endpoint's first answer, through the same middleware. wrk (two threads, 16 connections,
--seconds each) drives each API endpoint over many different objects, then its ceiling; the admin pages are
fetched one at a time, logged in, --admin-requests times (a page slower than 10 s only twice). The workers' memory
is read before and after. It exits 1 if an endpoint answers anything but 200; timings are reported, never judged.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from bench import workbench
from bench.common import ROOT, code_version
from bench.corpus import Words, World
from bench.loading import check_spans, droppable_indexes
from bench.loading import load as load_desk

DATABASE = "factcheck_bench_scale"
# The code before issue 16's first fixes.
BEFORE = "bcf5986^"
HOSTS = 2000


# --- Loading ----------------------------------------------------------------------------------------------------------


def sql(statements: list[str]) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{workbench.SERVER}/{DATABASE}")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET work_mem = '256MB'")
        for statement in statements:
            cursor.execute(statement)
    connection.close()


def load_conflicts(count: int, figures: int) -> None:
    """Random pairs of figures, ordered and unique, as bench/lookups.py makes them, written in SQL with the
    table's indexes made afterwards."""
    import psycopg2

    connection = psycopg2.connect(f"{workbench.SERVER}/{DATABASE}")
    connection.autocommit = True
    with connection.cursor() as cursor:
        dropped = droppable_indexes(cursor, "claims_conflict")
        for name, _, constraint in dropped:
            cursor.execute(f'ALTER TABLE claims_conflict DROP CONSTRAINT "{constraint}"' if constraint
                           else f"DROP INDEX {name}")
        cursor.execute("SET work_mem = '1GB'")
        cursor.execute("SELECT setseed(0.5)")
        cursor.execute(f"""
            INSERT INTO claims_conflict (figure_a_id, figure_b_id, kind, status, explanation, score, origin, details,
                                         note, decided_by_id, decided_at, created_at, updated_at)
            SELECT a, b, 'contradiction', status, 'Generated for the benchmark.', round(random()::numeric, 4),
                   'detected', '{{}}', '', NULL,
                   CASE WHEN status = 'suggested' THEN NULL ELSE timestamptz '2026-12-01 12:00+00' END,
                   timestamptz '2026-11-01 00:00+00' + make_interval(secs => n),
                   timestamptz '2026-11-01 00:00+00' + make_interval(secs => n)
            FROM (SELECT DISTINCT ON (a, b) a, b, n,
                         CASE WHEN random() < 0.9 THEN 'suggested'
                              WHEN random() < 0.5 THEN 'confirmed' ELSE 'dismissed' END AS status
                  FROM (SELECT least(x, y) AS a, greatest(x, y) AS b, n
                        FROM (SELECT 1 + floor(random() * {figures})::bigint AS x,
                                     1 + floor(random() * {figures})::bigint AS y, n
                              FROM generate_series(1, {count}) AS n) AS r) AS p
                  WHERE a < b ORDER BY a, b, n) AS c
        """)
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _, definition, _ in dropped:
            cursor.execute(definition)
    connection.close()


def load_sources(count: int, claims: int) -> None:
    """Sources on HOSTS hosts with six weekly checks each (one in 25 broken for its last two), a citation on every
    third claim."""
    sql([f"""
        INSERT INTO sources_source (url, domain, title, publisher, created_at, updated_at, status, is_dead,
                                    failure_count, retry_count, first_failure_at, last_checked_at, last_good_at,
                                    changed_at, final_url, etag, last_modified, content_hash, next_check_at)
        SELECT 'https://h' || (i % {HOSTS}) || '.bench-source.example/seite/' || i,
               'h' || (i % {HOSTS}) || '.bench-source.example', 'Seite ' || i, 'Verlag ' || (i % 300),
               timestamptz '2026-10-20 00:00+00', timestamptz '2026-12-01 00:00+00',
               CASE WHEN i % 25 = 0 THEN 'broken' ELSE 'ok' END, i % 100 = 0, CASE WHEN i % 25 = 0 THEN 2 ELSE 0 END,
               0, CASE WHEN i % 25 = 0 THEN timestamptz '2026-11-24 00:00+00' + make_interval(secs => i % 86400) END,
               timestamptz '2026-12-01 00:00+00' + make_interval(secs => i % 86400),
               timestamptz '2026-11-17 00:00+00' + make_interval(secs => i % 86400), NULL, '', '', '',
               md5(i::text) || md5(i::text), timestamptz '2026-12-08 00:00+00' + make_interval(secs => i % 86400)
        FROM generate_series(1, {count}) AS i
    """, """
        INSERT INTO sources_sourcecheck (source_id, lease, checked_at, seconds, method, outcome, detail, http_status,
                                         redirect_chain, final_url, content_type, content_hash, changed, retry_after)
        SELECT s.id, gen_random_uuid(), s.last_checked_at - make_interval(days => 7 * w), 0.2, 'GET',
               CASE WHEN s.status = 'broken' AND w < 2 THEN 'broken' ELSE 'ok' END, '',
               CASE WHEN s.status = 'broken' AND w < 2 THEN 404 ELSE 200 END, '[]', '', 'text/html; charset=utf-8',
               s.content_hash, false, NULL
        FROM sources_source s CROSS JOIN generate_series(0, 5) AS w
    """, f"""
        INSERT INTO sources_citation (claim_id, source_id, role, expected, anchor, start, "end", created_at,
                                      figure_status, figure_checked_at, archive_url, archive_note)
        SELECT c.id, 1 + (c.id * 7919) % {count}, 'cites', '', '', NULL, NULL, c.created_at,
               CASE WHEN c.id % 9 = 0 THEN 'gone' ELSE 'found' END, timestamptz '2026-12-01 00:00+00', '', ''
        FROM claims_claim c WHERE c.id % 3 = 0 AND c.id <= {claims}
    """])


VERDICTS = """
    UPDATE claims_claim SET status = CASE WHEN id % 100 = 0 THEN 'false' ELSE 'supported' END,
           verdict_note = 'Geprüft für den Benchmark.', reviewed_at = created_at + interval '2 days', version = 2
    WHERE id % 50 = 0
"""
# A verdict is published with its page; also run on a reused desk loaded before claims had one.
PAGES = """
    UPDATE claims_claim SET review_url = 'https://faktencheck.example/' || article_id || '-' || number
    WHERE status <> 'unreviewed' AND review_url = ''
"""


def load_history() -> None:
    """One history row per article, claim, figure and citation: what the services write on creation."""
    import psycopg2

    connection = psycopg2.connect(f"{workbench.SERVER}/{DATABASE}")
    statements = []
    with connection.cursor() as cursor:
        for table, history in (("claims_article", "claims_historicalarticle"), ("claims_claim",
                               "claims_historicalclaim"), ("claims_figure", "claims_historicalfigure"),
                               ("sources_citation", "sources_historicalcitation")):
            cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [history])
            columns = [f'"{c}"' for (c,) in cursor.fetchall() if not c.startswith("history_")]
            when = "created_at" if table != "claims_figure" else "timestamptz '2026-12-01 12:00+00'"
            statements.append(f"""
                INSERT INTO {history} ({", ".join(columns)}, history_date, history_type, history_change_reason)
                SELECT {", ".join(columns)}, {when}, '+', NULL FROM {table}""")
    connection.close()
    sql(statements)


def check_rules() -> list[str]:
    """The rules loading as a replica skipped, over every row."""
    from django.db import connection

    problems = check_spans()
    with connection.cursor() as cursor:
        for label, query in (
            ("claims without their article", "SELECT count(*) FROM claims_claim c LEFT JOIN claims_article a "
             "ON a.id = c.article_id WHERE a.id IS NULL"),
            ("figures without their claim", "SELECT count(*) FROM claims_figure f LEFT JOIN claims_claim c "
             "ON c.id = f.claim_id WHERE c.id IS NULL"),
            ("claims whose publisher is not their article's", "SELECT count(*) FROM claims_claim c "
             "JOIN claims_article a ON a.id = c.article_id WHERE c.publisher <> a.publisher"),
            ("claims numbered twice in an article", "SELECT count(*) FROM (SELECT 1 FROM claims_claim "
             "GROUP BY article_id, number HAVING count(*) > 1) AS d"),
            ("articles whose last claim number is not their highest", "SELECT count(*) FROM claims_article a "
             "WHERE a.last_claim_number < (SELECT coalesce(max(number), 0) FROM claims_claim c "
             "WHERE c.article_id = a.id)"),
        ):
            cursor.execute(query)
            if bad := cursor.fetchone()[0]:
                problems.append(f"{bad:,} {label}")
    return problems


def load(rng: random.Random, claims: int, conflicts: int, sources: int) -> None:
    started = time.perf_counter()
    workbench.fresh_database(DATABASE)
    start_django()
    loaded = load_desk(World(Words(rng), rng), claims * 3 // 2, DATABASE)
    print(f"{loaded.articles:,} articles, {loaded.claims:,} claims, {loaded.figures:,} figures "
          f"({time.perf_counter() - started:.0f} s)", flush=True)
    load_conflicts(conflicts, loaded.figures)
    load_sources(sources, loaded.claims)
    sql([VERDICTS, PAGES])  # one claim in 50 reviewed, for the ClaimReview endpoints
    load_history()
    sql(["VACUUM (ANALYZE)"])
    print(f"loaded in {time.perf_counter() - started:.0f} s", flush=True)


def use_database(name: str) -> None:
    global DATABASE
    DATABASE = name


def start_django() -> None:
    workbench.start_django(DATABASE)


def counts() -> dict[str, int]:
    from django.db import connection

    tables = {"articles": "claims_article", "claims": "claims_claim", "figures": "claims_figure",
              "conflicts": "claims_conflict", "sources": "sources_source", "checks": "sources_sourcecheck",
              "citations": "sources_citation", "claim history": "claims_historicalclaim"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables.values()))
        return dict(zip(tables, cursor.fetchone(), strict=True))


# --- Serving ----------------------------------------------------------------------------------------------------------

# The bench's own site: the project's settings and URLs plus the ceiling view. Written to a folder of its own that
# goes first on the path, so the code measured (this checkout or an older one) is not touched.
SITE = '''
from factcheck.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench_site"
'''
URLS = '''
from django.http import HttpResponse
from django.urls import path

from factcheck.urls import urlpatterns as project


def ceiling(request, size):
    return HttpResponse(b"x" * size, content_type="application/json")


urlpatterns = [path("bench/ceiling/<int:size>/", ceiling), *project]
handler404 = "claims.api_errors.page_not_found"
'''


@dataclass
class Server:
    label: str
    code: Path
    port: int
    process: subprocess.Popen | None = None

    def start(self, site: Path) -> None:
        environment = {**os.environ, "DEBUG": "false", "SECRET_KEY": "bench-only-not-a-secret",
                       "ALLOWED_HOSTS": "127.0.0.1", "DATABASE_URL": f"{workbench.SERVER}/{DATABASE}",
                       "DJANGO_SETTINGS_MODULE": "bench_settings", "PYTHONPATH": f"{site}:{self.code}",
                       "LOG_LEVEL": "WARNING", "REDIS_URL": "",
                       # A page the older code cannot serve in a minute is stopped in the database too, so it does
                       # not run on beside the next measurement.
                       "PGOPTIONS": "-c statement_timeout=60000"}
        for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
            environment.pop(name, None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{self.port}", "--timeout",
             "120", "--log-level", "warning", "factcheck.wsgi"], cwd=self.code, env=environment,
            stdout=subprocess.DEVNULL, stderr=open(site / f"{self.label}.log", "w"))  # noqa: SIM115
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/bench/ceiling/1/", timeout=5).read()
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn for {self.label} did not start; see {site / f'{self.label}.log'}")

    def workers_rss_mb(self) -> float:
        import psutil

        return sum(child.memory_info().rss for child in psutil.Process(self.process.pid).children()) / 2**20

    def stop(self) -> None:
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)


def worktree(commit: str, into: Path) -> Path:
    subprocess.run(["git", "worktree", "add", "--detach", "--force", str(into), commit], cwd=ROOT, check=True,
                   capture_output=True)
    return into


def drop_worktree(path: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, check=False, capture_output=True)


# --- What is asked --------------------------------------------------------------------------------------------------


@dataclass
class Endpoint:
    name: str
    paths: list[str]
    target_rps: int = 300
    target_p99_ms: float = 100.0
    search: bool = False


def endpoints(rng: random.Random, many: int) -> list[Endpoint]:
    """Each API endpoint over `many` different objects picked at random (a claim with conflicts, an article with
    claims, a source with checks), so caches see a desk's spread rather than one row."""
    from django.db import connection

    def ids(query: str) -> list:
        with connection.cursor() as cursor:
            cursor.execute(query)
            return [row[0] if len(row) == 1 else row for row in cursor.fetchall()]

    def some(table: str) -> str:
        return (f"SELECT id FROM {table} WHERE id IN (SELECT 1 + floor(random() * (SELECT max(id) FROM {table}))"
                f"::bigint FROM generate_series(1, {many}))")

    claims = ids(f"SELECT article_id, number FROM claims_claim WHERE id IN ({some('claims_claim')})")
    refs = [f"{a}-{n}" for a, n in claims]
    contested = ids(f"""SELECT c.article_id || '-' || c.number FROM claims_conflict k JOIN claims_figure f
                        ON f.id = k.figure_a_id JOIN claims_claim c ON c.id = f.claim_id
                        WHERE k.id IN ({some('claims_conflict')})""")
    articles = [a for a, _ in claims]
    reviewed = ids(f"SELECT article_id || '-' || number FROM claims_claim WHERE status <> 'unreviewed' AND id IN "
                   f"(SELECT 50 * (1 + floor(random() * (SELECT max(id) / 50 FROM claims_claim)))::bigint "
                   f"FROM generate_series(1, {many}))")
    sources, conflicts, named = ids(some("sources_source")), ids(some("claims_conflict")), ids(some(
        "claims_namedsource"))
    # Nouns found in fewer than 200 claims (the full-text index counts them).
    rare = ids(f"""SELECT w FROM (SELECT DISTINCT w FROM (SELECT regexp_split_to_table(text, ' ') AS w
                   FROM claims_claim WHERE id IN ({some('claims_claim')})) AS t
                   WHERE w ~ '^[[:upper:]][[:lower:]]{{7,}}$') AS n
                   WHERE (SELECT count(*) FROM claims_claim WHERE to_tsvector('german', text)
                          @@ plainto_tsquery('german', w)) < 200""")
    detail, searching = {"target_p99_ms": 50.0}, {"target_p99_ms": 200.0, "search": True}
    found = [
        Endpoint("articles list", ["/api/articles/"]),
        Endpoint("article detail", [f"/api/articles/{a}/" for a in articles], **detail),
        Endpoint("claims of an article", [f"/api/articles/{a}/claims/" for a in articles]),
        Endpoint("claims list", ["/api/claims/"]),
        Endpoint("claims ?status=unreviewed", ["/api/claims/?status=unreviewed"]),
        Endpoint("claims ?publisher=", [f"/api/claims/?publisher={quote(p)}" for p in ids(
            "SELECT DISTINCT publisher FROM claims_article LIMIT 20")]),
        # An outlet or a language with no claims (a new outlet, a misspelt name): the walk through every claim.
        Endpoint("claims ?publisher= none", ["/api/claims/?publisher=Seltenblatt"]),
        Endpoint("claims ?language=en (none)", ["/api/claims/?language=en"]),
        Endpoint("claims ?text= common word", ["/api/claims/?text=Russland", "/api/claims/?text=Container"],
                 **searching),
        Endpoint("claims ?text= rare word", [f"/api/claims/?text={quote(w)}" for w in rare], **searching),
        Endpoint("claims ?text= figure", ["/api/claims/?text=" + quote(q) for q in (
            "7.000 Container", "5 Mio. Granaten", "29 Millionen Dollar", "19. Juni 2024")], **searching),
        Endpoint("claim detail", [f"/api/claims/{r}/" for r in refs], **detail),
        Endpoint("conflicts of a claim", [f"/api/claims/{r}/conflicts/" for r in contested], target_p99_ms=50.0),
        Endpoint("ClaimReview of a claim", [f"/api/claims/{r}/claimreview/" for r in reviewed], **detail),
        Endpoint("sources list", ["/api/sources/"]),
        Endpoint("sources ?status=broken", ["/api/sources/?status=broken"]),
        Endpoint("sources ?domain= none", ["/api/sources/?domain=nowhere.example"]),
        Endpoint("source detail", [f"/api/sources/{s}/" for s in sources], **detail),
        Endpoint("checks of a source", [f"/api/sources/{s}/checks/" for s in sources], **detail),
        Endpoint("conflicts list", ["/api/conflicts/"]),
        Endpoint("conflicts ?kind=revision (none)", ["/api/conflicts/?kind=revision"]),
        Endpoint("conflicts ?article=", [f"/api/conflicts/?article={a}" for a in articles], target_p99_ms=50.0),
        Endpoint("conflict detail", [f"/api/conflicts/{c}/" for c in conflicts], **detail),
        Endpoint("named sources list", ["/api/named-sources/"]),
    ]
    found.append(Endpoint("named source detail", [f"/api/named-sources/{n}/" for n in named], **detail))
    return [endpoint for endpoint in found if endpoint.paths]  # no named sources in the generated desk


def admin_pages(rng: random.Random) -> list[tuple[str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT c.id, c.article_id FROM claims_conflict k JOIN claims_figure f ON f.id = k.figure_a_id "
                       "JOIN claims_claim c ON c.id = f.claim_id ORDER BY k.id LIMIT 1 OFFSET 4242 % "
                       "(SELECT count(*) FROM claims_conflict)")
        claim, article = cursor.fetchone()
        cursor.execute("SELECT source_id FROM sources_citation ORDER BY id LIMIT 1")
        source = cursor.fetchone()[0]
    return [
        ("dashboard", "/admin/desk/"),
        ("conflict review queue", "/admin/claims/conflict/queue/"),
        ("conflicts list", "/admin/claims/conflict/"),
        ("claim page", f"/admin/claims/claim/{claim}/change/"),
        ("article page", f"/admin/claims/article/{article}/change/"),
        ("claims list", "/admin/claims/claim/"),
        ("claims search", "/admin/claims/claim/?q=Container"),
        # The filters issue 17 added (the older code answers them with its "invalid filter" redirect).
        ("claims, suggested contradiction", "/admin/claims/claim/?contradiction=suggested"),
        ("claims, no suggested contradiction", "/admin/claims/claim/?contradiction=none"),
        ("claims, no citation", "/admin/claims/claim/?cited=no"),
        ("claims, unit Container", "/admin/claims/claim/?unit=Container"),
        ("articles list", "/admin/claims/article/"),
        ("sources list", "/admin/sources/source/"),
        ("source page", f"/admin/sources/source/{source}/change/"),
    ]


def credentials() -> tuple[str, str]:
    """An API token and a session cookie for one superuser, written to the database both servers read."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from rest_framework.authtoken.models import Token

    # Made a superuser whatever an earlier run or a hand-made "bench" user left (the admin pages need it).
    user, _ = get_user_model().objects.update_or_create(username="bench", defaults={"is_staff": True,
                                                                                      "is_superuser": True})
    token, _ = Token.objects.get_or_create(user=user)
    session = SessionStore()
    session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                    HASH_SESSION_KEY: user.get_session_auth_hash()})
    session.create()
    return token.key, session.session_key


# --- Driving --------------------------------------------------------------------------------------------------------

LUA = """
paths = {%s}
wrk.headers["Authorization"] = "Token %s"
counter = math.random(#paths)
request = function()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%.1f %%.1f %%.1f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout,
    summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass
class Load:
    requests: int
    errors: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float


def wrk(port: int, paths: list[str], token: str, seconds: int, folder: Path) -> Load:
    script = folder / "paths.lua"
    script.write_text(LUA % (", ".join(json.dumps(p) for p in paths), token))
    run = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "60s", "-s", str(script),
                          f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True)
    found = re.search(r"^RESULT (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+)$", run.stdout, re.M)
    if not found:  # no request finished in time
        return Load(0, 1, 0.0, float("inf"), float("inf"), float("inf"))
    requests, errors, micros = int(found[1]), int(found[2]), int(found[3])
    p50, p95, p99 = (float(found[i]) / 1000 for i in (4, 5, 6))
    return Load(requests, errors, requests / (micros / 1e6), p50, p95, p99)


def fetch(port: int, path: str, headers: dict[str, str], timeout: float = 90) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except TimeoutError:
        return 0, b"", timeout
    return status, body, (time.perf_counter() - started) * 1000


def settle(server: Server) -> None:
    """Wait until the workers are idle: requests a slow endpoint had queued when wrk stopped are still served
    after it, and would fall on the next measurement. Idle is no worker on the CPU and no statement running in
    the database, twice in a row."""
    import psutil
    import psycopg2

    workers = psutil.Process(server.process.pid).children()
    connection = psycopg2.connect(f"{workbench.SERVER}/{DATABASE}")
    connection.autocommit = True
    quiet = 0
    try:
        with connection.cursor() as cursor:
            while quiet < 2:
                busy = sum(worker.cpu_percent(interval=None) for worker in workers)
                time.sleep(0.3)
                busy = sum(worker.cpu_percent(interval=None) for worker in workers)
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state = 'active' "
                               "AND pid <> pg_backend_pid()", [DATABASE])
                quiet = quiet + 1 if busy < 5 and cursor.fetchone()[0] == 0 else 0
    finally:
        connection.close()


@dataclass
class Run:
    label: str
    api: dict[str, Load] = field(default_factory=dict)
    ceiling: dict[str, Load] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    first_ms: dict[str, float] = field(default_factory=dict)  # one request alone, before the load
    admin: dict[str, list[float]] = field(default_factory=dict)
    rss_mb: tuple[float, float] = (0.0, 0.0)
    rss_series: list[float] = field(default_factory=list)  # after each endpoint: a plateau, or growth?
    problems: list[str] = field(default_factory=list)


def drive(server: Server, api: list[Endpoint], pages: list[tuple[str, str]], token: str, session: str,
          seconds: int, admin_requests: int, folder: Path) -> Run:
    run = Run(server.label)
    auth = {"Authorization": f"Token {token}", "Accept": "application/json"}
    for endpoint in api:
        status, body, run.first_ms[endpoint.name] = fetch(server.port, endpoint.paths[0], auth)
        if status != 200:
            run.problems.append(f"{server.label}: {status} from {endpoint.paths[0]}: {body[:200]!r}")
            continue
        run.sizes[endpoint.name] = len(body)
    run.rss_mb = (server.workers_rss_mb(), 0.0)
    for endpoint in api:
        if endpoint.name not in run.sizes:
            continue
        run.api[endpoint.name] = wrk(server.port, endpoint.paths, token, seconds, folder)
        settle(server)
        if run.api[endpoint.name].errors:
            run.problems.append(f"{server.label}: {run.api[endpoint.name].errors} failed requests to {endpoint.name}")
        run.ceiling[endpoint.name] = wrk(server.port, [f"/bench/ceiling/{run.sizes[endpoint.name]}/"], token,
                                         seconds, folder)
        settle(server)
        run.rss_series.append(server.workers_rss_mb())
        print(f"  {server.label}: {endpoint.name}: {run.api[endpoint.name].rps:,.0f}/s", flush=True)
    cookie = {"Cookie": f"sessionid={session}"}
    for name, path in pages:
        samples = []
        for _ in range(admin_requests + 1):
            status, body, ms = fetch(server.port, path, cookie)
            if status != 200:
                run.problems.append(f"{server.label}: {status or 'timeout'} from {path}")
                break
            samples.append(ms)
            if ms > 10_000 and len(samples) >= 2:
                break
        run.admin[name] = samples[1:] if len(samples) > 1 else samples
        print(f"  {server.label}: {name}: {statistics.median(samples or [0]):,.0f} ms", flush=True)
    run.rss_mb = (run.rss_mb[0], server.workers_rss_mb())
    return run


# --- Report ---------------------------------------------------------------------------------------------------------


def ms(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def report(api: list[Endpoint], now: Run, before: Run | None) -> None:
    print()
    print(f"{'API endpoint':<28}{'bytes':>8}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'ceiling/s':>11}{'÷ ceil':>8}"
          + (f"{'before/s':>10}{'p99':>9}{'now ÷ bef':>10}" if before else "") + "  target")
    for endpoint in api:
        load, ceiling = now.api.get(endpoint.name), now.ceiling.get(endpoint.name)
        if not load:
            print(f"{endpoint.name:<28}  not measured")
            continue
        # Text search's target is its 95th percentile alone; the rest have a rate and a 99th percentile.
        tail, said = (load.p95_ms, "p95") if endpoint.search else (load.p99_ms, "p99")
        met = (endpoint.search or load.rps >= endpoint.target_rps) and tail <= endpoint.target_p99_ms
        line = (f"{endpoint.name:<28}{now.sizes[endpoint.name]:>8,}{load.rps:>8,.0f}{ms(load.p50_ms):>8}"
                f"{ms(load.p95_ms):>8}{ms(load.p99_ms):>8}{ceiling.rps:>11,.0f}{load.rps / ceiling.rps:>7.0%} ")
        if before:
            old = before.api.get(endpoint.name)
            if old and old.requests:
                line += f"{old.rps:>10,.1f}{ms(old.p99_ms):>9}{load.rps / old.rps:>9.1f}x"
            elif old:  # not one answer within the run: how long one request alone took
                line += f"{'0':>10}{'alone ' + ms(before.first_ms[endpoint.name]):>19}"
            else:
                line += f"{'failed':>10}{'':>19}"
        rate = "" if endpoint.search else f"≥{endpoint.target_rps}/s, "
        line += f"  {'met' if met else 'MISSED'} ({rate}{said} ≤{endpoint.target_p99_ms:.0f} ms)"
        print(line)
    print()
    print(f"{'admin page (logged in)':<28}{'median ms':>10}{'max ms':>9}" + (f"{'before':>11}{'now ÷ bef':>11}"
                                                                            if before else "") + "  target")
    for name, samples in now.admin.items():
        median = statistics.median(samples) if samples else float("nan")
        line = f"{name:<28}{ms(median):>10}{ms(max(samples or [0])):>9}"
        if before:
            old = before.admin.get(name)
            old_median = statistics.median(old) if old else float("nan")
            line += f"{ms(old_median):>11}{old_median / median:>10.1f}x" if old else f"{'failed':>11}{'':>11}"
        line += f"  {'met' if median < 1000 else 'MISSED'} (< 1 s)"
        print(line)
    print()
    for run in filter(None, (now, before)):
        print(f"gunicorn workers' RSS, {run.label}: {run.rss_mb[0]:,.0f} MB before the load, "
              f"{run.rss_mb[1]:,.0f} MB after; after each endpoint: "
              + " ".join(f"{mb:,.0f}" for mb in run.rss_series))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--conflicts", type=int, default=5_200_000)
    parser.add_argument("--sources", type=int, default=200_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--admin-requests", type=int, default=5)
    parser.add_argument("--objects", type=int, default=200, help="different objects per detail endpoint")
    parser.add_argument("--before", default=BEFORE, help="older code to measure beside this checkout ('' for none)")
    parser.add_argument("--reuse", action="store_true", help="keep the loaded database from the last run")
    parser.add_argument("--no-serve", action="store_true", help="load and check only")
    parser.add_argument("--admin-only", action="store_true", help="time the admin pages only, no API load")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default=DATABASE, help="for a small trial beside a loaded desk")
    args = parser.parse_args()
    use_database(args.database)
    rng = random.Random(args.seed)
    print(f"code: {code_version()}" + (f", beside {args.before}" if args.before else ""), flush=True)
    if args.reuse:
        start_django()
        sql([PAGES, "ANALYZE"])  # what a migration just indexed (this server may run without autovacuum)
    else:
        load(rng, args.claims, args.conflicts, args.sources)
    problems = check_rules()
    print(", ".join(f"{n:,} {what}" for what, n in counts().items()), flush=True)
    if args.no_serve or problems:
        for problem in problems:
            print(f"FAILED: {problem}")
        return 1 if problems else 0
    return serve_and_drive(rng, args)


def serve_and_drive(rng: random.Random, args) -> int:
    api, pages = [] if args.admin_only else endpoints(rng, args.objects), admin_pages(rng)
    token, session = credentials()
    from django.db import connections

    connections.close_all()
    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    (folder / "bench_settings.py").write_text(SITE)
    (folder / "bench_site.py").write_text(URLS)
    runs, problems, notes = [], [], []
    try:
        codes = [("now", ROOT)]
        if args.before:
            codes.append((f"before ({args.before})", worktree(args.before, folder / "before")))
        for port, (label, code) in enumerate(codes, 8701):
            server = Server(label, code, port)
            try:
                server.start(folder)
                runs.append(drive(server, api, pages, token, session, args.seconds, args.admin_requests, folder))
            finally:
                server.stop()
            # Only this checkout must answer everything; the older code may lack an endpoint or time out.
            (problems if label == "now" else notes).extend(runs[-1].problems)
    finally:
        if args.before:
            drop_worktree(folder / "before")
        shutil.rmtree(folder, ignore_errors=True)
    report(api, runs[0], runs[1] if len(runs) > 1 else None)
    for note in notes[:30]:
        print(f"note: {note}")
    for problem in problems[:30]:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
