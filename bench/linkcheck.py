"""Source checks end to end against a simulated web, side by side with a bare aiohttp client and django-linkcheck.

    .venv/bin/pip install -r bench/requirements.txt
    .venv/bin/python -m bench.linkcheck [--urls 5000] [--hosts 50] [--latency 0.05] [--sample 250] [--endless 50]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth): the database factcheck_bench is dropped and made
anew on every run. Everything talks to loopback only: the simulated web (tests/simweb.py) answers on 127.0.0.2 and
up, one address per host, and the URLs use made-up names (h07.bench-news.org) that only this script resolves.

Prints one row per phase (URLs, seconds, URLs/s, how the workbench compares, the highest per-host concurrency the
server saw, peak RSS) and the memory of checking endless bodies. Exits 1 when a correctness check fails (a source
without exactly one check row, a wrong outcome, the per-host limit exceeded); timings are reported, never judged.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from bench import workbench
from bench.common import ROOT, PeakRSS

SERVER = workbench.SERVER
DATABASE = "factcheck_bench"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "ftp_proxy")
ARTICLE = "Nach Angaben von US-Beamten wurden bis März fast 7.000 Container geliefert."
# Link rot as a checker meets it: most pages are there, a few moved, a few gone, a few failing.
MIX = {"page": 94, "redirect": 3, "gone": 2, "error": 1}
PATHS = {"page": "/page/a{i}", "redirect": "/redirect/{hops}?from={i}", "gone": "/status/404?from={i}",
         "error": "/status/500?from={i}", "endless": "/endless?from={i}"}
OUTCOME = {"page": "ok", "redirect": "redirected", "gone": "broken", "error": "server_error", "endless": "too_large"}
FINAL_STATUS = {"page": 200, "redirect": 200, "gone": 404, "error": 500}


@dataclass(frozen=True)
class Target:
    url: str
    kind: str


@dataclass
class Phase:
    name: str
    urls: int
    seconds: float
    requests: int = 0
    peak_per_host: int = 0
    rss: PeakRSS | None = None
    note: str = ""

    @property
    def rate(self) -> float:
        return self.urls / self.seconds


@dataclass
class Problems:
    found: list[str] = field(default_factory=list)

    def check(self, ok: bool, message: str) -> None:
        if not ok:
            self.found.append(message)


# --- The simulated web and its names ----------------------------------------------------------------------------------


def host_name(index: int) -> str:
    return f"h{index:02d}.bench-news.org"


def host_address(index: int) -> str:
    return f"127.0.0.{index + 2}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((host_address(0), 0))
        return probe.getsockname()[1]


class SimWeb:
    """tests/simweb.py in its own process: its work does not count as ours, and its stats start from zero."""

    def __init__(self, hosts: int, latency: float, port: int) -> None:
        self.command = [sys.executable, "-m", "tests.simweb", "--hosts", str(hosts), "--latency", str(latency),
                        "--port", str(port)]
        self.port = port

    def __enter__(self) -> SimWeb:
        # Its stderr goes to a file: aiohttp logs every endless body we hang up on, which is what we mean to do.
        self.log = tempfile.TemporaryFile("w+")
        self.process = subprocess.Popen(self.command, cwd=ROOT, stdout=subprocess.PIPE, stderr=self.log, text=True)
        if not self.process.stdout.readline():
            self.log.seek(0)
            raise RuntimeError(f"the simulated web did not start:\n{self.log.read()[-2000:]}")
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.log.close()

    def stats(self) -> dict:
        # No proxy handler: the stats request goes straight to loopback whatever the environment says.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"http://{host_address(0)}:{self.port}/__stats", timeout=10) as response:
            return json.load(response)


def guard_dns(names: dict[str, str]) -> None:
    """Resolve the bench names to their loopback addresses; refuse every other name, so nothing asks real DNS."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        address = names.get(str(name).rstrip(".").lower(), name)
        try:
            loopback = ipaddress.ip_address(address).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise socket.gaierror(socket.EAI_NONAME, f"{host} is not a benchmark name (no real DNS here)")
        return real(address, port, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo


def lookup_in(names: dict[str, str]):
    """A stand-in for sources.fetching.resolver.lookup that knows only the bench names."""

    async def lookup(host: str, port: int) -> list[str]:
        try:
            return [names[host.rstrip(".").lower()]]
        except KeyError:
            raise socket.gaierror(socket.EAI_NONAME, f"{host} is not a benchmark name") from None

    return lookup


def without_proxies() -> None:
    for name in PROXY_VARIABLES:
        os.environ.pop(name, None)
        os.environ.pop(name.upper(), None)


def workload(count: int, hosts: int, port: int, kinds: list[str] | None = None) -> list[Target]:
    kinds = kinds or random.Random(7).choices(list(MIX), weights=list(MIX.values()), k=count)
    return [
        Target(f"http://{host_name(i % hosts)}:{port}" + PATHS[kind].format(i=i, hops=1 + i % 2), kind)
        for i, kind in enumerate(kinds)
    ]


# --- Memory -----------------------------------------------------------------------------------------------------------


# --- The workbench ----------------------------------------------------------------------------------------------------


def prepare_database() -> None:
    workbench.fresh_database(DATABASE)


def start_django() -> None:
    workbench.start_django(DATABASE, FACTCHECK_FETCH_ALLOW_NETWORKS="127.0.0.0/8")


def make_sources(targets: list[Target]) -> dict[int, Target]:
    """One claim with the figure 7.000, cited by every target: half by a typed quote, half by the claim's figure."""
    from django.db import transaction

    from claims import services as claims
    from sources import normal_urls
    from sources.models import Citation, Source

    with transaction.atomic():
        article = claims.article_create(title="Benchmark", text=ARTICLE)
        claim = claims.claim_create(article=article, start=0, end=len(ARTICLE))
        start = ARTICLE.index("7.000")
        claims.figure_create(claim=claim, start=start, end=start + 5, kind="count", value=Decimal(7000))
        rows = [Source(url=normal_urls.normalise(t.url), domain=normal_urls.domain(t.url)) for t in targets]
        made = Source.objects.bulk_create(rows, batch_size=1000)
        Citation.objects.bulk_create(
            [Citation(claim=claim, source=s, expected="7.000" if i % 2 else "") for i, s in enumerate(made)],
            batch_size=1000)
    return {s.id: t for s, t in zip(made, targets, strict=True)}


def lease_sources(ids) -> tuple[object, list[int]]:
    from sources import services
    from sources.models import Source

    return services.sources_lease(queryset=Source.objects.filter(id__in=list(ids)))


def run_fetch_only(targets: dict[int, Target], lease, leased: list[int], web: SimWeb, problems: Problems) -> Phase:
    """The workbench's fetching and page reading (sources.fetching.batch) without the database writes."""
    from sources import selectors
    from sources.fetching import batch, robots

    robots.forget()
    results: list = []
    with PeakRSS() as rss:
        started = time.perf_counter()
        jobs = selectors.check_jobs(leased, lease)
        asyncio.run(batch.check_all(jobs, selectors.policy(), results.append))
        seconds = time.perf_counter() - started
    wrong = Counter(f"{targets[r.source_id].kind}->{r.outcome}" for r in results
                    if r.outcome != OUTCOME[targets[r.source_id].kind])
    problems.check(len(results) == len(leased), f"fetch only: {len(results)} results for {len(leased)} jobs")
    problems.check(not wrong, f"fetch only: unexpected outcomes {dict(wrong)}")
    stats = web.stats()
    return Phase("  fetch only, no database", len(leased), seconds, stats["requests"], stats["peak_per_host"], rss,
                 note="batch.check_all alone: the rest is the database side")


def run_workbench(name: str, lease, leased: list[int], web: SimWeb, processes: int) -> Phase:
    """`manage.py check_sources --processes N`: each process loads its jobs, fetches, writes in bulk (the code
    a Celery fetch worker runs per batch); each host stays in one process, so the per-host limit holds."""
    from sources import checking
    from sources.fetching import robots

    robots.forget()  # robots.txt rules are cached per process; each phase starts cold, as a fresh worker would
    with PeakRSS() as rss:
        started = time.perf_counter()
        checking.check_in_processes(leased, lease, processes)
        seconds = time.perf_counter() - started
    stats = web.stats()
    return Phase(name, len(leased), seconds, stats["requests"], stats["peak_per_host"], rss)


def verify_workbench(targets: dict[int, Target], lease, leased: list[int], problems: Problems) -> None:
    """Every source checked exactly once under the lease, with the outcome its page calls for, the figure found."""
    from sources.models import Citation, SourceCheck

    problems.check(len(leased) == len(targets), f"leased {len(leased)} of {len(targets)} sources")
    rows = list(SourceCheck.objects.filter(lease=lease).values_list("source_id", "outcome"))
    checks = Counter(source_id for source_id, _ in rows)
    missing = sum(1 for i in targets if checks[i] == 0)
    doubled = sum(1 for i in targets if checks[i] > 1)
    problems.check(not missing, f"{missing} sources have no check row")
    problems.check(not doubled, f"{doubled} sources have more than one check row")
    wrong = Counter(f"{targets[i].kind}->{o}" for i, o in rows if o != OUTCOME[targets[i].kind])
    problems.check(not wrong, f"unexpected outcomes {dict(wrong)}")
    good = [i for i, t in targets.items() if t.kind in ("page", "redirect")]
    figures = Counter(Citation.objects.filter(source_id__in=good).values_list("figure_status", flat=True))
    problems.check(set(figures) <= {"found"}, f"figure 7.000 not found on every good page: {dict(figures)}")


def per_host_limit() -> int:
    from django.conf import settings

    return settings.FACTCHECK_FETCH_PER_HOST


# --- A bare aiohttp client: the ceiling -------------------------------------------------------------------------------


def run_bare(targets: list[Target], names: dict[str, str], web: SimWeb, problems: Problems) -> Phase:
    from django.conf import settings

    per_host, concurrency = settings.FACTCHECK_FETCH_PER_HOST, settings.FACTCHECK_FETCH_CONCURRENCY
    with PeakRSS() as rss:
        seconds, statuses = asyncio.run(fetch_bare([t.url for t in targets], names, per_host, concurrency))
    wrong = Counter(f"{t.kind}->{s}" for t, s in zip(targets, statuses, strict=True) if s != FINAL_STATUS[t.kind])
    problems.check(not wrong, f"bare client: unexpected answers {dict(wrong)}")
    stats = web.stats()
    return Phase("bare aiohttp", len(targets), seconds, stats["requests"], stats["peak_per_host"], rss,
                 note="GET + read body, nothing else")


async def fetch_bare(urls: list[str], names: dict[str, str], per_host: int, concurrency: int) -> tuple[float, list]:
    import aiohttp
    from yarl import URL

    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=per_host, resolver=NameMap(names))
    # The connector alone would enforce the limits too, but thousands of requests queued inside it run about a
    # quarter slower than the same requests queued on a semaphore per host: a ceiling must be the faster one.
    slots: defaultdict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(per_host))
    async with aiohttp.ClientSession(connector=connector, trust_env=False) as session:

        async def get(url: str) -> int:
            async with slots[URL(url).host], session.get(url) as response:
                await response.read()
                return response.status

        started = time.perf_counter()
        statuses = await asyncio.gather(*(get(url) for url in urls), return_exceptions=True)
        return time.perf_counter() - started, statuses


class NameMap:
    """An aiohttp resolver that knows only the bench names."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list[dict]:
        return [{"hostname": host, "host": self.names[host], "port": port, "family": socket.AF_INET, "proto": 0,
                 "flags": socket.AI_NUMERICHOST}]

    async def close(self) -> None:
        pass


# --- django-linkcheck, in its own process with its own settings -------------------------------------------------------


def run_linkcheck(targets: list[Target], names: dict[str, str], web: SimWeb, problems: Problems) -> Phase:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings_linkcheck",
               "LINKCHECK_BENCH_DB": str(Path(folder) / "linkcheck.sqlite3")}
        child = subprocess.Popen([sys.executable, "-m", "bench.linkcheck", "--linkcheck-worker"], cwd=ROOT, env=env,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        with PeakRSS(child.pid) as rss:
            out, _ = child.communicate(json.dumps({"urls": [t.url for t in targets], "names": names}))
    problems.check(child.returncode == 0, f"django-linkcheck run failed (exit {child.returncode})")
    report = json.loads(out) if child.returncode == 0 else {"seconds": float("nan"), "status": {}}
    wrong = Counter(f"{t.kind}->{report['status'].get(t.url)}" for t in targets
                    if report["status"].get(t.url) != (FINAL_STATUS[t.kind] < 400))
    problems.check(not wrong, f"django-linkcheck: unexpected results {dict(wrong)}")
    stats = web.stats()
    return Phase("django-linkcheck", len(targets), report["seconds"], stats["requests"], stats["peak_per_host"], rss,
                 note=f"a sample of {len(targets)}, one by one; HEAD, GET where HEAD is refused")


def linkcheck_worker() -> None:
    """The child's side: the URLs go into linkcheck's table and its external check runs, as `checkexternal` does."""
    job = json.load(sys.stdin)
    guard_dns(job["names"])
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from linkcheck.models import Url
    from linkcheck.utils import check_links

    Url.objects.bulk_create([Url(url=url) for url in job["urls"]])
    started = time.perf_counter()
    checked = check_links(check_internal=False)
    seconds = time.perf_counter() - started
    status = dict(Url.objects.values_list("url", "status"))
    json.dump({"seconds": seconds, "checked": checked, "status": status}, sys.stdout)


# --- Endless bodies ---------------------------------------------------------------------------------------------------


def run_endless(args, port: int, problems: Problems) -> list[Phase]:
    """The same endless pages checked twice: the peak must stay near the cap times what is in flight, not grow."""
    from sources.models import SourceCheck

    targets = make_sources(workload(args.endless, args.hosts, port, kinds=["endless"] * args.endless))
    rounds = []
    for number in (1, 2):
        lease, leased = lease_sources(targets)
        with SimWeb(args.hosts, args.latency, port) as web:
            phase = run_workbench(f"endless bodies, round {number}", lease, leased, web, 1)
        phase.note = "each cut at FACTCHECK_FETCH_MAX_BYTES"
        problems.check(phase.peak_per_host <= per_host_limit(), f"{phase.name}: per-host peak {phase.peak_per_host}")
        outcomes = Counter(SourceCheck.objects.filter(lease=lease).values_list("outcome", flat=True))
        problems.check(outcomes == Counter({"too_large": len(targets)}), f"{phase.name}: outcomes {dict(outcomes)}")
        rounds.append(phase)
    return rounds


# --- Report -----------------------------------------------------------------------------------------------------------


def print_table(phases: list[Phase], ours: Phase) -> None:
    print(f"{'phase':<28}{'URLs':>7}{'requests':>10}{'seconds':>9}{'URLs/s':>9}{'ours ÷ it':>11}"
          f"{'peak/host':>11}{'peak RSS':>10}  note")
    for p in phases:
        ratio = "" if p is ours or not p.rate else f"{ours.rate / p.rate:.2f}x"  # `--endless 0` checks no URL
        print(f"{p.name:<28}{p.urls:>7,}{p.requests:>10,}{p.seconds:>9.2f}{p.rate:>9,.0f}{ratio:>11}"
              f"{p.peak_per_host:>11}{p.rss.peak:>7.0f} MB  {p.note}")


def print_summary(ours: Phase, bare: Phase, theirs: Phase | None) -> None:
    print(f"workbench: {ours.rate:,.0f} URLs/s end to end, database writes included (target 1,000)")
    print(f"workbench / bare aiohttp: {ours.rate / bare.rate:.0%} (target 40%)")
    if theirs:
        print(f"workbench / django-linkcheck: {ours.rate / theirs.rate:.0f}x (target 50x)")


def print_memory(rounds: list[Phase], args) -> None:
    from django.conf import settings

    in_flight = min(args.endless, settings.FACTCHECK_FETCH_CONCURRENCY, args.hosts * settings.FACTCHECK_FETCH_PER_HOST)
    cap = settings.FACTCHECK_FETCH_MAX_BYTES / 2**20
    print(f"endless bodies: {args.endless} URLs, each cut at {cap:.1f} MB, at most {in_flight} at once "
          f"(cut x at once = {cap * in_flight:,.0f} MB)")
    for p in rounds:
        print(f"  {p.name}: RSS {p.rss.before:.0f} MB before, {p.rss.peak:.0f} MB peak "
              f"(+{p.rss.peak - p.rss.before:.0f} MB), {p.rss.after:.0f} MB after")


# --- Running ----------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--urls", type=int, default=5000)
    parser.add_argument("--hosts", type=int, default=50, choices=range(1, 100), metavar="1..99")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the simulated web waits per request")
    parser.add_argument("--processes", type=int, default=2, help="processes for the workbench (one per core)")
    parser.add_argument("--sample", type=int, default=250, help="URLs for django-linkcheck, which checks one by one")
    parser.add_argument("--endless", type=int, default=50, help="URLs with endless bodies for the memory phase")
    parser.add_argument("--linkcheck-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    without_proxies()
    if args.linkcheck_worker:
        linkcheck_worker()
        return 0
    return run(args)


def run(args) -> int:
    from sources.fetching import resolver

    names = {host_name(i): host_address(i) for i in range(args.hosts)}
    guard_dns(names)
    resolver.lookup = lookup_in(names)
    prepare_database()
    start_django()
    port = free_port()  # every phase's simulated web listens here: the URLs in the database carry it

    def web() -> SimWeb:
        return SimWeb(args.hosts, args.latency, port)

    targets = make_sources(workload(args.urls, args.hosts, port))
    kinds = Counter(t.kind for t in targets.values()).most_common()
    print(f"{len(targets):,} sources on {args.hosts} hosts, {args.latency * 1000:g} ms per request: "
          + ", ".join(f"{n:,} {kind}" for kind, n in kinds))
    problems = Problems()
    lease, leased = lease_sources(targets)
    # Fetching alone first, under the same lease (it writes nothing), then the real thing end to end.
    with web() as sim:
        fetch_only = run_fetch_only(targets, lease, leased, sim, problems)
    with web() as sim:
        single = run_workbench("workbench, 1 process", lease, leased, sim, 1)
    verify_workbench(targets, lease, leased, problems)
    lease, leased = lease_sources(targets)
    with web() as sim:
        ours = run_workbench(f"workbench, {args.processes} processes", lease, leased, sim, args.processes)
    verify_workbench(targets, lease, leased, problems)
    for phase in (fetch_only, single, ours):
        problems.check(phase.peak_per_host <= per_host_limit(), f"{phase.name}: per-host peak {phase.peak_per_host}")
    phases = [ours, single, fetch_only, *compare(list(targets.values()), names, web, args, problems)]
    rounds = run_endless(args, port, problems)
    report(phases + rounds, rounds, args)
    for problem in problems.found:
        print(f"FAILED: {problem}")
    return 1 if problems.found else 0


def compare(targets: list[Target], names: dict[str, str], web, args, problems: Problems) -> list[Phase]:
    with web() as sim:
        phases = [run_bare(targets, names, sim, problems)]
    if args.sample:
        # Every n-th URL, so the sample has the same hosts and the same mix of link rot.
        sample = targets[:: max(len(targets) // args.sample, 1)][: args.sample]
        with web() as sim:
            phases.append(run_linkcheck(sample, names, sim, problems))
    return phases


def report(phases: list[Phase], rounds: list[Phase], args) -> None:
    ours, _, _, bare, *others = phases
    theirs = next((p for p in others if p.name == "django-linkcheck"), None)
    print()
    print_table(phases, ours)
    print()
    print_summary(ours, bare, theirs)
    print_memory(rounds, args)


if __name__ == "__main__":
    sys.exit(main())
