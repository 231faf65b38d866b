"""Alerts: one per change where the change is found, and each delivered once by mail, feed and signed webhook.

Everything stays on loopback: the newsroom and the webhook receiver are stand-in hosts on 127.0.0.2, names come
from the fake resolver, mail goes to Django's locmem outbox.
"""

from __future__ import annotations

import json
import random
import smtplib
import time
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import services, tasks, webhooks
from claims.models import Alert, AlertKind, Channel, Delivery, DeliveryState, Follow
from claims.services import alerts, delivery
from factcheck.celery import app as celery_app
from sources import recording
from sources import services as source_services
from sources.fetching import batch, evidence, outcomes, schedule
from sources.models import Source
from tests.claims.alert_receiver import Receiver
from tests.claims.test_web_ingest import (  # noqa: F401  (fixtures)
    ARTICLE,
    address,
    check_page,
    fetch_settings,
    newsroom,
)
from tests.factories import ArticleFactory, UserFactory, claim_at
from tests.newsweb import Page
from tests.sources.conftest import FakeDNS, fake_dns  # noqa: F401  (fixture)

ATOM = "{http://www.w3.org/2005/Atom}"
CONTAINERS = "US-Beamte zählten fast 7.000 Container."
RU = "Russland legte im März 2024 im UN-Sicherheitsrat sein Veto gegen die Verlängerung des Gremiums ein."
EN = "In April 2024, Russia vetoed the extension of the UN Security Council's panel on North Korea."


@pytest.fixture(autouse=True)
def addresses(alice, rita):
    """Alice and Rita read their mail."""
    for user in (alice, rita):
        user.email = f"{user.username}@desk.example"
        user.save(update_fields=["email"])


@pytest.fixture
def cited(db):
    article = ArticleFactory(text=CONTAINERS)
    claim = claim_at(article, CONTAINERS)
    citation = source_services.citation_create(claim=claim, url="http://127.0.0.2/containers", expected="7.000",
                                               check=False)
    return citation


def check(source: Source, outcome: str = outcomes.OK, figures: dict | None = None) -> None:
    """One check of the source, recorded by the real recorder (no network)."""
    lease, _ = source_services.sources_lease(queryset=Source.objects.filter(pk=source.pk))
    fields = {"http_status": 200, "final_url": source.url} if outcome == outcomes.OK else {"http_status": 404}
    result = batch.Result(source.pk, timezone.now(), 0.1, outcome, figures=figures or {}, **fields)
    recording.record([result], lease, schedule.Intervals())


def figure(citation, status: str) -> None:
    check(citation.source, figures={citation.pk: status})


def kinds() -> list[str]:
    return list(Alert.objects.order_by("id").values_list("kind", flat=True))


def dying(source: Source) -> None:
    """Two failures spread over four days: the next failure makes the source dead."""
    Source.objects.filter(pk=source.pk).update(failure_count=2, first_failure_at=timezone.now() - timedelta(days=4))


# --- One alert per change ------------------------------------------------------------------------------------


def test_a_figure_that_stays_gone_raises_one_alert_until_it_comes_back_and_goes_again(cited):
    figure(cited, evidence.GONE)
    assert kinds() == [AlertKind.FIGURE_GONE]
    figure(cited, evidence.GONE)
    check(cited.source, outcomes.SERVER_ERROR)  # a failed fetch says nothing about the figure
    figure(cited, evidence.GONE)
    assert kinds() == [AlertKind.FIGURE_GONE]
    figure(cited, evidence.FOUND)
    figure(cited, evidence.GONE)
    assert kinds() == [AlertKind.FIGURE_GONE] * 2
    alert = Alert.objects.first()
    assert alert.claim_ids == [cited.claim_id] and alert.link == f"/admin/claims/claim/{cited.claim_id}/change/"
    assert "127.0.0.2/containers" in alert.text and "7.000" in alert.text


def test_a_source_that_dies_raises_one_alert_and_again_only_after_it_lived(cited):
    source = cited.source
    dying(source)
    check(source, outcomes.BROKEN)
    assert Source.objects.get(pk=source.pk).is_dead and kinds() == [AlertKind.SOURCE_DEAD]
    check(source, outcomes.BROKEN)
    assert kinds() == [AlertKind.SOURCE_DEAD]
    check(source)  # a good answer brings it back
    dying(source)
    check(source, outcomes.BROKEN)
    assert kinds() == [AlertKind.SOURCE_DEAD] * 2
    assert Alert.objects.first().link == f"/admin/sources/source/{source.pk}/change/"


def test_a_batch_recorded_again_raises_nothing_new(cited):
    lease, _ = source_services.sources_lease(queryset=Source.objects.filter(pk=cited.source_id))
    result = batch.Result(cited.source_id, timezone.now(), 0.1, outcomes.OK, http_status=200,
                          figures={cited.pk: evidence.GONE})
    recording.record([result], lease, schedule.Intervals())
    alerts.checks_found(gone=[cited.pk], died=[], lease=lease)  # as a redelivered batch would raise it
    assert kinds() == [AlertKind.FIGURE_GONE]


def test_a_silent_edit_raises_one_alert_and_the_same_page_again_none(db, newsroom,  # noqa: F811
                                                                      django_capture_on_commit_callbacks):
    newsroom.pages.pop("/robots.txt")
    article, _ = services.article_from_url(url=address(newsroom, "/politik/container.html"))
    newsroom.pages["/politik/container.html"] = Page(ARTICLE.replace("fast 7.000 Container", "fast 6.000 Container"))
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            check_page(article)
    alert = Alert.objects.get()
    assert alert.kind == AlertKind.ARTICLE_EDITED and alert.article_ids == [article.pk]
    assert alert.link == f"/admin/claims/article/{article.pk}/change/" and len(alert.claim_ids) == 1


def test_a_new_suggested_contradiction_raises_one_alert_and_detection_again_none(db):
    first = services.article_ingest(title="Russland", language="de", text=RU)
    second = services.article_ingest(title="Russia", language="en", text=EN)
    services.conflicts_detect(claim_ids=[*first.claims.values_list("pk", flat=True),
                                         *second.claims.values_list("pk", flat=True)], edited=True)
    alert = Alert.objects.get()
    assert alert.kind == AlertKind.CONTRADICTION and alert.link.startswith("/admin/claims/conflict/")
    assert set(alert.article_ids) == {first.pk, second.pk} and len(alert.claim_ids) == 2


# --- Delivery --------------------------------------------------------------------------------------------------


@pytest.fixture
def receiver():
    with Receiver("127.0.0.2") as server:
        yield server


@pytest.fixture
def follows(alice, receiver):
    mail = alerts.follow_create(user=alice, channel=Channel.EMAIL)
    feed = alerts.follow_create(user=alice, channel=Channel.FEED)
    hook = alerts.follow_create(user=alice, channel=Channel.WEBHOOK, url=receiver.url())
    receiver.secret = hook.secret
    return mail, feed, hook


def feed_entries(client, user) -> list[ET.Element]:
    token = alerts.inbox_of(user).feed_token
    response = client.get(reverse("alerts-feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_each_kind_arrives_once_by_mail_feed_and_webhook(cited, follows, receiver, mailoutbox, client, alice,
                                                          newsroom, django_capture_on_commit_callbacks):  # noqa: F811
    newsroom.pages.pop("/robots.txt")
    article, _ = services.article_from_url(url=address(newsroom, "/politik/container.html"))
    newsroom.pages["/politik/container.html"] = Page(ARTICLE.replace("fast 7.000 Container", "fast 6.000 Container"))
    with django_capture_on_commit_callbacks(execute=True):
        figure(cited, evidence.GONE)
        dying(cited.source)
        check(cited.source, outcomes.BROKEN)
        check_page(article)
        first = services.article_ingest(title="Russland", language="de", text=RU)
        second = services.article_ingest(title="Russia", language="en", text=EN)
        services.conflicts_detect(claim_ids=[*first.claims.values_list("pk", flat=True),
                                             *second.claims.values_list("pk", flat=True)])
    tasks.dispatch_alerts_task()  # again, as beat does: nothing is sent twice
    every_kind = sorted(AlertKind.values)
    assert sorted(kinds()) == every_kind
    assert sorted(m.subject for m in mailoutbox) == sorted(delivery.subject(a) for a in Alert.objects.all())
    assert all(m.to == [alice.email] and "http://localhost:8000/admin/" in m.body for m in mailoutbox)
    entries = feed_entries(client, alice)
    assert sorted(e.find(f"{ATOM}category").get("term") for e in entries) == every_kind
    assert all(r.verified for r in receiver.received), "a signature did not verify"
    assert sorted(r.body["alert"]["kind"] for r in receiver.received) == every_kind
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_a_webhook_body_is_json_a_chat_tool_shows_and_its_signature_covers_time_and_body(cited, follows, receiver):
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    got = receiver.received[0]
    assert got.verified and got.body["text"].endswith(f"http://localhost:8000/admin/claims/claim/{cited.claim_id}"
                                                      "/change/")
    assert json.loads(got.raw)["alert"]["claim"] == cited.claim_id
    secret, sent = receiver.secret, int(got.timestamp)
    # Replayed later: the same request, its timestamp now too old.
    assert not webhooks.verify(secret, got.timestamp, got.raw, got.signature, now=sent + 600)
    assert not webhooks.verify(secret, got.timestamp, got.raw.replace(b"gone", b"back"), got.signature, now=sent)
    assert not webhooks.verify(secret, str(sent + 1), got.raw, got.signature, now=sent)
    assert not webhooks.verify("another secret", got.timestamp, got.raw, got.signature, now=sent)


@pytest.mark.parametrize("url, dns, why", [
    ("http://10.0.0.1/hook", {}, "10.0.0.1 is a private address"),
    ("http://chat.newsroom-intranet.com/hook", {"chat.newsroom-intranet.com": ["192.168.1.5"]},
     "chat.newsroom-intranet.com resolves to an address that is not on the public web"),
    ("http://127.0.0.1/hook", {}, "127.0.0.1 is a loopback address"),
    ("http://hooks.internal/hook", {}, "hooks.internal is a reserved name"),
])
def test_a_webhook_to_an_internal_address_is_refused_and_recorded(cited, alice, client, fake_dns,  # noqa: F811
                                                                   url, dns, why):
    fake_dns.names.update(dns)
    alerts.follow_create(user=alice, channel=Channel.WEBHOOK, url=url)
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    refused = Delivery.objects.get()
    assert refused.state == DeliveryState.REFUSED and refused.attempts == 1 and why in refused.last_error
    client.force_login(alice)
    assert why in client.get(reverse("my-alerts")).content.decode()  # the follower is told on their page


def test_a_receiver_that_is_down_gets_the_alert_on_a_later_try(cited, follows, receiver):
    receiver.answers = [503, 503, 200]
    Follow.objects.exclude(channel=Channel.WEBHOOK).delete()
    figure(cited, evidence.GONE)
    # Run inline, a retry runs at once (its countdown is the worker's); propagating would stop it at the first.
    celery_app.conf.task_eager_propagates = False
    try:
        tasks.dispatch_alerts_task()
    finally:
        celery_app.conf.task_eager_propagates = True
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 3 and len(receiver.received) == 3


@pytest.mark.parametrize("state", [DeliveryState.PENDING, DeliveryState.SENDING])
def test_a_delivery_whose_message_was_lost_is_sent_by_a_later_dispatch(cited, follows, receiver, state):
    Follow.objects.exclude(channel=Channel.WEBHOOK).delete()
    figure(cited, evidence.GONE)
    alerts.alerts_dispatch()  # the delivery is made; its message never reaches a worker (or its worker died)
    Delivery.objects.update(state=state, due_at=timezone.now() - timedelta(minutes=1))
    tasks.dispatch_alerts_task()
    assert Delivery.objects.get().state == state and not receiver.received  # not overdue yet: it may be under way
    Delivery.objects.update(due_at=timezone.now() - timedelta(minutes=10))
    tasks.dispatch_alerts_task()
    assert Delivery.objects.get().state == DeliveryState.SENT and len(receiver.received) == 1


def test_a_receiver_that_refuses_is_not_tried_again(cited, follows, receiver):
    receiver.answers = [410]
    Follow.objects.exclude(channel=Channel.WEBHOOK).delete()
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.FAILED and "410" in delivery.last_error and len(receiver.received) == 1


def test_a_wrong_feed_token_is_a_404(db, alice, client):
    alerts.inbox_of(alice)
    assert client.get(reverse("alerts-feed", args=["not-the-token"])).status_code == 404
    assert client.get("/alerts/feed/").status_code == 404


def test_a_leaked_feed_address_is_replaced_and_the_old_one_answers_404(db, alice, client):
    old = alerts.inbox_of(alice).feed_token
    client.force_login(alice)
    response = client.post(reverse("alerts-follow"), {"action": "new_feed"})
    assert response.status_code == 302
    new = alerts.inbox_of(alice).feed_token
    assert new != old and len(new) >= 40
    client.logout()
    assert client.get(reverse("alerts-feed", args=[old])).status_code == 404
    assert client.get(reverse("alerts-feed", args=[new])).status_code == 200


def test_a_webhook_secret_is_replaced_only_by_its_owner(cited, follows, receiver, alice, rita, client):
    hook = follows[2]
    client.force_login(rita)  # another desk member cannot touch it
    client.post(reverse("alerts-follow"), {"action": "new_secret", "follow": hook.pk})
    hook.refresh_from_db()
    assert hook.secret == receiver.secret
    client.force_login(alice)
    client.post(reverse("alerts-follow"), {"action": "new_secret", "follow": hook.pk})
    hook.refresh_from_db()
    assert hook.secret != receiver.secret
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    got = receiver.received[0]  # signed with the new secret, so the receiver's old one fails
    assert not got.verified and webhooks.verify(hook.secret, got.timestamp, got.raw, got.signature, now=got.at)


def test_followers_of_another_claim_hear_nothing_and_the_claims_follower_once(cited, alice, rita, mailoutbox):
    other = claim_at(ArticleFactory(text=CONTAINERS), CONTAINERS)
    alerts.follow_create(user=alice, channel=Channel.EMAIL, claim_id=cited.claim_id)
    alerts.follow_create(user=alice, channel=Channel.EMAIL, article_id=cited.claim.article_id)  # same person, mail
    alerts.follow_create(user=rita, channel=Channel.EMAIL, claim_id=other.pk)
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    assert [m.to for m in mailoutbox] == [[alice.email]]


def test_a_daily_digest_holds_the_alerts_and_sends_one_mail(cited, alice, mailoutbox):
    alerts.follow_create(user=alice, channel=Channel.EMAIL, digest=True)
    figure(cited, evidence.GONE)
    figure(cited, evidence.FOUND)
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    assert not mailoutbox and Delivery.objects.filter(state=DeliveryState.HELD).count() == 2
    assert tasks.send_digests_task() == 1 and tasks.send_digests_task() == 0
    assert len(mailoutbox) == 1 and mailoutbox[0].body.count("/admin/claims/claim/") == 2


# --- The admin -----------------------------------------------------------------------------------------------


def test_follow_buttons_on_the_claim_page_follow_and_unfollow(cited, alice, client):
    client.force_login(alice)
    page = reverse("admin:claims_claim_change", args=[cited.claim_id])
    assert "Follow by e-mail" in client.get(page).content.decode()
    response = client.post(reverse("alerts-follow"), {"target": "claim", "id": cited.claim_id, "channel": "email",
                                                      "next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert Follow.objects.filter(user=alice, claim_id=cited.claim_id, channel="email").exists()
    assert "Unfollow" in client.get(page).content.decode()
    client.post(reverse("alerts-follow"), {"target": "claim", "id": cited.claim_id, "action": "unfollow"})
    assert not Follow.objects.exists()


def test_a_bad_webhook_address_is_refused_with_why(db, alice, client):
    client.force_login(alice)
    response = client.post(reverse("alerts-follow"), {"target": "desk", "channel": "webhook", "url": "ftp://x"},
                           follow=True)
    assert "A webhook needs an http or https URL" in response.content.decode() and not Follow.objects.exists()


def test_my_alerts_shows_what_is_new_since_the_last_visit(cited, alice, client):
    client.force_login(alice)
    alerts.follow_create(user=alice, channel=Channel.FEED)
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    first = client.get(reverse("my-alerts")).content.decode()
    assert "Cited figure gone" in first and "alert-new" in first
    time.sleep(0.01)
    second = client.get(reverse("my-alerts")).content.decode()
    assert "Cited figure gone" in second and "alert-new" not in second and "0 new since your last visit" in second


# --- Who hears it, and what stays (review of issue 18) -------------------------------------------------------


def test_a_deactivated_user_hears_nothing_more(cited, alice, mailoutbox):
    """A journalist who left: the account is deactivated, the follows stay."""
    alerts.follow_create(user=alice, channel=Channel.EMAIL)
    alice.is_active = False
    alice.save()
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    assert not mailoutbox and not Delivery.objects.exists()


def test_a_user_who_lost_the_desk_gets_no_alerts_and_no_feed(cited, alice, client):
    alerts.follow_create(user=alice, channel=Channel.FEED)
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    assert len(feed_entries(client, alice)) == 1
    alice.groups.clear()  # no role: no claims.view_claim
    figure(cited, evidence.FOUND)
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    assert Alert.objects.count() == 2 and Delivery.objects.count() == 1
    assert client.get(reverse("alerts-feed", args=[alerts.inbox_of(alice).feed_token])).status_code == 404
    client.force_login(alice)
    assert client.get(reverse("my-alerts")).status_code == 403


def test_a_superuser_without_a_role_is_on_the_desk(cited, mailoutbox):
    boss = UserFactory(username="boss", is_superuser=True, email="boss@desk.example")
    alerts.follow_create(user=boss, channel=Channel.EMAIL)
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    assert [m.to for m in mailoutbox] == [[boss.email]]


def test_a_delivery_for_someone_who_left_after_the_dispatch_is_not_sent(cited, alice, mailoutbox):
    alerts.follow_create(user=alice, channel=Channel.EMAIL)
    figure(cited, evidence.GONE)
    [pending] = alerts.alerts_dispatch()
    alice.is_active = False
    alice.save()
    assert delivery.delivery_send(delivery_id=pending)[0] is delivery.Sent.FAILED
    assert not mailoutbox and "no longer on the desk" in Delivery.objects.get().last_error


@pytest.fixture
def mailbox_full(alice, monkeypatch):
    """Alice's mailbox refuses every mail; the others' take theirs."""
    real = delivery.send_mail

    def send_mail(subject, body, sender, to):
        if to == [alice.email]:
            raise smtplib.SMTPRecipientsRefused({alice.email: (552, b"mailbox full")})
        return real(subject, body, sender, to)

    monkeypatch.setattr(delivery, "send_mail", send_mail)


def test_one_mailbox_refusing_its_digest_costs_nobody_else_theirs(cited, alice, rita, mailbox_full, mailoutbox,
                                                                    settings):
    settings.FACTCHECK_ALERT_RETRIES = 1
    for user in (alice, rita):
        alerts.follow_create(user=user, channel=Channel.EMAIL, digest=True)
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    assert tasks.send_digests_task() == 1 and [m.to for m in mailoutbox] == [[rita.email]]
    held = Delivery.objects.get(user=alice)
    assert held.state == DeliveryState.HELD and held.attempts == 1 and "mailbox full" in held.last_error
    assert Delivery.objects.get(user=rita).state == DeliveryState.SENT
    assert tasks.send_digests_task() == 0  # the next day's try, the last one the setting allows
    assert Delivery.objects.get(user=alice).state == DeliveryState.FAILED and len(mailoutbox) == 1


def hanzi(n: int) -> str:
    """n random CJK characters, three bytes each: random, so PostgreSQL cannot compress them into its index."""
    draw = random.Random(7)
    return "".join(chr(draw.randrange(0x4E00, 0x9FFF)) for _ in range(n))


def test_a_long_non_ascii_webhook_url_is_refused_with_why_and_nothing_written(db, alice, client):
    tail = hanzi(1900)  # 1,900 characters, 5,700 bytes: too big for the follows' unique index (was a 500)
    client.force_login(alice)
    page = client.post(reverse("alerts-follow"), {"target": "desk", "channel": "webhook",
                                                  "url": "https://hooks.example.com/" + tail}, follow=True)
    assert page.status_code == 200 and "too long: at most 2000 bytes" in page.content.decode()
    assert not Follow.objects.exists()


def test_a_non_ascii_webhook_url_within_the_bytes_is_one_follow(db, alice):
    url = "https://hooks.example.com/" + hanzi(600)  # 1,826 bytes: the unique index takes it
    first = alerts.follow_create(user=alice, channel=Channel.WEBHOOK, url=url)
    assert alerts.follow_create(user=alice, channel=Channel.WEBHOOK, url=url) == first
    assert Follow.objects.get().url == url


def test_unfollowing_keeps_the_alerts_already_received(cited, alice, client):
    mail = alerts.follow_create(user=alice, channel=Channel.EMAIL, claim_id=cited.claim_id)
    feed = alerts.follow_create(user=alice, channel=Channel.FEED, claim_id=cited.claim_id)
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    client.force_login(alice)
    for follow in (mail, feed):
        client.post(reverse("alerts-follow"), {"action": "remove", "follow": follow.pk})
    assert not Follow.objects.exists()
    assert "Cited figure gone" in client.get(reverse("my-alerts")).content.decode()
    assert len(feed_entries(client, alice)) == 1
    assert list(Delivery.objects.values_list("user", "follow", "state")) == [(alice.pk, None, DeliveryState.SENT)] * 2


def test_a_delivery_whose_follow_went_before_it_was_sent_is_not_sent(cited, alice, receiver, mailoutbox):
    alerts.follow_create(user=alice, channel=Channel.EMAIL)
    alerts.follow_create(user=alice, channel=Channel.WEBHOOK, url=receiver.url())
    figure(cited, evidence.GONE)
    pending = alerts.alerts_dispatch()
    alerts.unfollow(user=alice)
    for delivery_id in pending:
        assert delivery.delivery_send(delivery_id=delivery_id)[0] is delivery.Sent.FAILED
    assert not mailoutbox and not receiver.received and Delivery.objects.count() == 2
    assert all("follow was removed" in error for error in Delivery.objects.values_list("last_error", flat=True))


def test_a_digest_held_for_a_removed_follow_is_not_mailed(cited, alice, mailoutbox):
    alerts.follow_create(user=alice, channel=Channel.EMAIL, digest=True)
    figure(cited, evidence.GONE)
    tasks.dispatch_alerts_task()
    alerts.unfollow(user=alice)
    assert tasks.send_digests_task() == 0 and not mailoutbox
    assert Delivery.objects.get().state == DeliveryState.FAILED


def test_following_by_mail_without_an_address_is_refused_with_why(db, alice, client):
    alice.email = ""
    alice.save()
    client.force_login(alice)
    page = client.post(reverse("alerts-follow"), {"target": "desk", "channel": "email"}, follow=True)
    assert "set your e-mail address first" in page.content.decode() and not Follow.objects.exists()
    alerts.follow_create(user=alice, channel=Channel.FEED)  # the feed needs no address
