"""A real Celery worker delivers the alert a recorded check raised: the dispatch is queued on the check's commit."""

from __future__ import annotations

import time

import pytest
from django.conf import settings

from claims.models import Channel, Delivery, DeliveryState
from claims.services import alerts
from sources.fetching import evidence
from tests import workers
from tests.claims.alert_receiver import Receiver
from tests.claims.test_alerts import cited, figure  # noqa: F401  (fixture)

# The promise: delivered within two minutes of the check that found the change.
WITHIN_SECONDS = 120


@pytest.fixture
def worker(require_postgres, require_redis):
    # The receiver is a stand-in for a public host; mail goes to the worker's console (its log).
    with workers.serving(settings.CELERY_TASK_DEFAULT_QUEUE, require_redis,
                         FACTCHECK_FETCH_ALLOW_NETWORKS="127.0.0.2/32",
                         EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend") as process:
        yield process


@pytest.mark.django_db(transaction=True)
def test_a_worker_delivers_a_gone_figure_by_webhook_mail_and_feed_once(worker, cited, alice):  # noqa: F811
    alice.email = "alice@desk.example"
    alice.save(update_fields=["email"])
    with Receiver("127.0.0.2") as receiver:
        receiver.secret = alerts.follow_create(user=alice, channel=Channel.WEBHOOK, url=receiver.url()).secret
        alerts.follow_create(user=alice, channel=Channel.EMAIL)
        alerts.follow_create(user=alice, channel=Channel.FEED)
        figure(cited, evidence.GONE)
        committed = time.time()
        figure(cited, evidence.GONE)  # the next check finds it still gone: no news
        arrived = workers.wait_for(lambda: receiver.received, seconds=WITHIN_SECONDS)
        sent = workers.wait_for(lambda: Delivery.objects.filter(state=DeliveryState.SENT).count() == 3, seconds=30)
        time.sleep(1)  # anything sent twice would arrive by now
        output = workers.stop(worker)
    assert arrived and sent, f"not delivered; the worker's log:\n{output}"
    assert len(receiver.received) == 1 and receiver.received[0].verified
    assert receiver.received[0].at - committed < WITHIN_SECONDS
    assert output.count("Subject: ") == 1  # one mail (its subject may be RFC 2047-encoded)
    assert "alerts.dispatch" in output and "alerts.deliver" in output
