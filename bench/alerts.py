"""Alert latency: from the commit of the check that found a change to the alert's delivery, through a real worker.

    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python -m bench.alerts [--rounds 20] [--burst 200] [--database NAME]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth; the database is dropped and made anew) and Redis
(REDIS_URL, default database 14). Starts one Celery worker (solo pool) on the project's settings. One user follows
the whole desk by e-mail (console backend), Atom feed and webhook; the webhook receiver (tests/claims/
alert_receiver.py) listens on 127.0.0.2 and verifies each signature. Each round adds a cited claim and records a
check that finds its figure gone, as a check batch does (one transaction), then waits for the webhook.

Then one check batch of --burst sources whose figures are all gone (one commit, as many alerts at once). Printed,
never judged: per channel the median, 95th percentile and maximum of commit → delivered (webhook: when the
receiver got it; e-mail and feed: the delivery's sent_at).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from bench import workbench
from bench.common import ROOT

TEXT = "US-Beamte zählten fast 7.000 Container."


def start_worker(environment: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "-Q", "default", "--pool", "solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "WARNING"],
        cwd=ROOT, env={**os.environ, **environment}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)


def one_round(number: int, receiver) -> tuple[float, int]:
    """Record a check that finds a cited figure gone; returns the commit time and the alert's id."""
    from django.utils import timezone

    from claims.models import Alert, Article
    from sources import recording, services
    from sources.fetching import batch, schedule
    from sources.models import Source
    from tests.factories import claim_at

    article = Article.objects.create(title=f"Bench {number}", text=TEXT, language="de")
    claim = claim_at(article, TEXT)
    citation = services.citation_create(claim=claim, url=f"http://127.0.0.2/bench/{number}", expected="7.000",
                                        check=False)
    lease, _ = services.sources_lease(queryset=Source.objects.filter(pk=citation.source_id))
    result = batch.Result(citation.source_id, timezone.now(), 0.1, "ok", http_status=200,
                          figures={citation.pk: "gone"})
    recording.record([result], lease, schedule.Intervals())  # commits; the dispatch is queued on commit
    committed = time.time()
    return committed, Alert.objects.get(claim_id=claim.pk).pk


def burst(count: int, receiver) -> tuple[float, set[int]]:
    """One check batch of `count` sources, each finding its cited figure gone: one commit, `count` alerts."""
    from django.utils import timezone

    from claims.models import Alert, Article
    from sources import recording, services
    from sources.fetching import batch, schedule
    from sources.models import Source
    from tests.factories import claim_at

    citations = []
    for number in range(count):
        article = Article.objects.create(title=f"Burst {number}", text=TEXT, language="de")
        citations.append(services.citation_create(claim=claim_at(article, TEXT), expected="7.000", check=False,
                                                  url=f"http://127.0.0.2/burst/{number}"))
    lease, _ = services.sources_lease(queryset=Source.objects.filter(pk__in=[c.source_id for c in citations]))
    now = timezone.now()
    recording.record([batch.Result(c.source_id, now, 0.1, "ok", http_status=200, figures={c.pk: "gone"})
                      for c in citations], lease, schedule.Intervals())
    committed = time.time()
    return committed, set(Alert.objects.filter(claim_id__in=[c.claim_id for c in citations])
                          .values_list("pk", flat=True))


def wait_for(receiver, alert_id: int, seconds: float = 150.0) -> float | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for got in receiver.received:
            if got.body["alert"]["id"] == alert_id:
                return got.at
        time.sleep(0.02)
    return None


def summary(name: str, values: list[float]) -> str:
    if not values:
        return f"{name:8} nothing delivered"
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return (f"{name:8} n={len(values):3}  median {statistics.median(values) * 1000:7.0f} ms  p95 {p95 * 1000:7.0f} ms"
            f"  max {values[-1] * 1000:7.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--burst", type=int, default=200, help="alerts raised by one check batch, at the end")
    parser.add_argument("--database", default="factcheck_bench_alerts")
    args = parser.parse_args()
    redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14")
    environment = {"REDIS_URL": redis, "FACTCHECK_FETCH_ALLOW_NETWORKS": "127.0.0.2/32"}
    workbench.fresh_database(args.database)
    workbench.start_django(args.database, **environment)
    environment.update(DATABASE_URL=os.environ["DATABASE_URL"], DJANGO_SETTINGS_MODULE="factcheck.settings",
                       SECRET_KEY=os.environ["SECRET_KEY"], LOG_LEVEL="WARNING", DEBUG="true")
    from django.contrib.auth import get_user_model

    from claims.models import Channel, Delivery
    from claims.services import alerts
    from factcheck.celery import app
    from tests.claims.alert_receiver import Receiver

    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge("default")
    # A superuser: only people on the desk (who may read claims) hear alerts.
    user = get_user_model().objects.create(username="bench", email="bench@localhost", is_staff=True, is_superuser=True)
    worker = start_worker(environment)
    webhook, lost = [], 0
    commits = {}
    try:
        with Receiver("127.0.0.2") as receiver:
            for channel in (Channel.EMAIL, Channel.FEED):
                alerts.follow_create(user=user, channel=channel)
            receiver.secret = alerts.follow_create(user=user, channel=Channel.WEBHOOK, url=receiver.url()).secret
            time.sleep(3)  # the worker's start is not what is measured
            for number in range(args.rounds):
                committed, alert_id = one_round(number, receiver)
                commits[alert_id] = committed
                delivered = wait_for(receiver, alert_id)
                if delivered is None:
                    lost += 1
                else:
                    webhook.append(delivered - committed)
            committed, burst_ids = burst(args.burst, receiver)
            for alert_id in burst_ids:
                commits[alert_id] = committed
            deadline = time.monotonic() + 150
            while time.monotonic() < deadline and len(
                    {got.body["alert"]["id"] for got in receiver.received} & burst_ids) < len(burst_ids):
                time.sleep(0.05)
            burst_webhook = [got.at - committed for got in receiver.received if got.body["alert"]["id"] in burst_ids]
            lost += len(burst_ids) - len(burst_webhook)
            unverified = sum(not got.verified for got in receiver.received)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    by_channel: dict[tuple, list[float]] = {}
    for alert_id, channel, sent_at in Delivery.objects.filter(channel__in=[Channel.EMAIL, Channel.FEED]).values_list(
            "alert_id", "channel", "sent_at"):
        if sent_at is not None:
            by_channel.setdefault((channel, alert_id in burst_ids), []).append(sent_at.timestamp() - commits[alert_id])
    print(f"{args.rounds} alerts one at a time, one worker (solo pool), commit of the check → delivered:")
    print(summary("webhook", webhook))
    print(summary("e-mail", by_channel.get((Channel.EMAIL, False), [])))
    print(summary("feed", by_channel.get((Channel.FEED, False), [])))
    print(f"{args.burst} alerts from one check batch (one commit), same worker:")
    print(summary("webhook", burst_webhook))
    print(summary("e-mail", by_channel.get((Channel.EMAIL, True), [])))
    print(summary("feed", by_channel.get((Channel.FEED, True), [])))
    print(f"not delivered within 150 s: {lost}; signatures that did not verify: {unverified}")
    return 1 if lost or unverified else 0


if __name__ == "__main__":
    sys.exit(main())
