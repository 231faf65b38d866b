"""A create sent twice (a double click, a reload, a client's retry) returns what the first one stored: the admin
lands on it with a message, the API answers 200 with it instead of a second 201, and `ingest` says so."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from claims import roles
from claims.models import Article, Claim, Conflict, Figure
from sources.models import Citation
from tests.factories import TEXT, ArticleFactory, UserFactory, claim_at, figure_at

CONTAINERS = "US-Beamte zählten fast 7.000 Container."
ARTICLE = {"title": "Gipfel in Pjöngjang", "text": "Fast 7.000 Container.\r\n", "url": "https://a.example/gipfel",
           "publisher": "Nachrichten Beispiel", "author": "", "published": "2024-06-20", "language": "de"}


def article_form(**changes) -> dict:
    """The article add page as posted, with its (empty) claims inline."""
    return {**ARTICLE, **changes, "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0", "_save": "Save"}


def select(client, article: Article, quote: str):
    start = article.text.index(quote)
    return client.post(f"/admin/claims/article/{article.pk}/claims/from-selection/",
                       {"start": start, "end": start + len(quote), "action": "create"}, follow=True)


@pytest.mark.django_db
def test_the_selection_posted_twice_makes_one_claim(client, alice):
    article = ArticleFactory()
    client.force_login(alice)
    first = select(client, article, CONTAINERS)
    second = select(client, article, CONTAINERS)
    claim = article.claims.get()
    assert "Claim #1 created" in first.text
    assert f"Claim #1 already covers «{CONTAINERS}»: nothing was added." in second.text
    assert second.redirect_chain[-1][0].endswith(f"/admin/claims/article/{article.pk}/change/#claim-1")
    assert Article.objects.get(pk=article.pk).last_claim_number == 1  # no number used up either
    assert claim.text == CONTAINERS


@pytest.mark.django_db
def test_the_article_add_form_posted_twice_makes_one_article(client, alice):
    client.force_login(alice)
    first = client.post("/admin/claims/article/add/", article_form())
    assert first.status_code == 302, first.context["adminform"].form.errors
    article = Article.objects.get()
    second = client.post("/admin/claims/article/add/", article_form(), follow=True)
    assert Article.objects.get() == article
    assert second.redirect_chain[-1][0] == f"/admin/claims/article/{article.pk}/change/"
    assert "This article was stored before" in second.text and "Nothing of this form was saved" in second.text
    assert LogEntry.objects.filter(action_flag=ADDITION).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("other", [{"publisher": "Zollblatt", "url": "https://b.example/gipfel"},
                                   {"title": "Gipfel in Pjöngjang (2)"}, {"text": "Fast  7.000 Container."}])
def test_another_submission_of_the_same_text_is_another_article(client, alice, other):
    """Two outlets printing one wire text are two articles (duplicate_of links them), not a double submit."""
    client.force_login(alice)
    assert client.post("/admin/claims/article/add/", article_form()).status_code == 302
    assert client.post("/admin/claims/article/add/", article_form(**other)).status_code == 302
    assert Article.objects.count() == 2


def api_creates(world: dict) -> dict[str, tuple[str, dict]]:
    """Every create of the API, as (path, body) for the world the fixture `world` built."""
    claim, figures = world["claim"], world["figures"]
    start = claim.article.text.index("7.000")
    return {
        "article": ("/api/articles/", {k: v for k, v in ARTICLE.items() if v}),
        "claim": (f"/api/articles/{claim.article_id}/claims/",
                  {"start": TEXT.index("2023"), "end": len(TEXT), "speaker": "Zoll"}),
        "figure": (f"/api/claims/{claim.ref}/figures/",
                   {"start": start, "end": start + 5, "kind": "count", "value": "7000", "unit": "Container"}),
        "citation": (f"/api/claims/{claim.ref}/citations/",
                     {"url": "https://nyt-archive.example/a", "expected": "7.000"}),
        "conflict": ("/api/conflicts/", {"figure_a": figures[1].pk, "figure_b": figures[0].pk, "kind": "series",
                                         "explanation": "Zwei Zählungen."}),
    }


ROWS = {"article": Article, "claim": Claim, "figure": Figure, "citation": Citation, "conflict": Conflict}


@pytest.fixture
def world(db) -> dict:
    article = ArticleFactory()
    claim = claim_at(article, CONTAINERS)
    other = claim_at(ArticleFactory(title="Andere"), CONTAINERS)
    figures = [figure_at(c, "fast 7.000", value=7000) for c in (claim, other)]
    return {"claim": claim, "figures": figures}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(ROWS))
def test_an_api_create_sent_twice_answers_200_with_the_first(api_as, alice, world, kind):
    path, body = api_creates(world)[kind]
    client = api_as(alice)
    rows = ROWS[kind].objects.count()
    first = client.post(path, body, format="json")
    second = client.post(path, body, format="json")
    assert (first.status_code, second.status_code) == (201, 200), (first.data, second.data)
    assert second.data == first.data
    assert ROWS[kind].objects.count() == rows + 1


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "change"), [
    ("article", {"publisher": "Zollblatt"}), ("claim", {"end": len(TEXT) - 1}), ("figure", {"value": "7001"}),
])
def test_an_api_create_of_something_else_still_creates(api_as, alice, world, kind, change):
    path, body = api_creates(world)[kind]
    client = api_as(alice)
    assert client.post(path, body, format="json").status_code == 201
    assert client.post(path, {**body, **change}, format="json").status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "change", "says"), [
    ("citation", {"expected": "7,000"}, "already exists"), ("conflict", {"kind": "contradiction"}, "already linked"),
])
def test_another_citation_or_conflict_of_the_same_pair_is_still_refused(api_as, alice, world, kind, change, says):
    path, body = api_creates(world)[kind]
    client = api_as(alice)
    assert client.post(path, body, format="json").status_code == 201
    refused = client.post(path, {**body, **change}, format="json")
    assert refused.status_code == 400 and says in str(refused.data)


@pytest.mark.django_db
def test_ingesting_a_file_again_gives_the_stored_article(tmp_path, capsys):
    path = tmp_path / "gipfel.txt"
    path.write_text("Gipfel\n\nUS-Beamte zählten fast 7.000 Container.\n", encoding="utf-8")
    call_command("ingest", str(path), "--publisher", "Zollblatt")
    call_command("ingest", str(path), "--publisher", "Zollblatt")
    article = Article.objects.get()
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"article {article.pk}: 1 claims (Gipfel)",
                     f"article {article.pk}: 1 claims (Gipfel), stored before: nothing added"]
    assert Claim.objects.count() == 1


# Under a real race: the requests arrive together, and each finds nothing stored when it starts.

RACERS = 6


def race(call: Callable[[], object]) -> list:
    results, errors, barrier = [], [], threading.Barrier(RACERS)

    def run() -> None:
        try:
            barrier.wait()
            results.append(call())
        except Exception as exc:  # reported below: the test must see every failure
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.fixture
def editor(db):
    """An editor by permissions: transactional tests flush the tables, and with them the role groups that a
    data migration made."""
    user = UserFactory(username="alice")
    for name in roles.EDITOR_PERMISSIONS:
        app_label, codename = name.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", sorted(ROWS))
def test_racing_api_creates_store_one_row(require_postgres, editor, world, kind):
    path, body = api_creates(world)[kind]
    rows = ROWS[kind].objects.count()

    def post():
        client = APIClient()
        client.force_authenticate(editor)
        response = client.post(path, body, format="json")
        return response.status_code, response.data.get("id", response.data)

    answers = race(post)
    assert Counter(status for status, _ in answers) == {201: 1, 200: RACERS - 1}, answers
    assert len({str(pk) for _, pk in answers}) == 1, answers
    assert ROWS[kind].objects.count() == rows + 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("form", ["selection", "article"])
def test_racing_admin_creates_store_one_row(require_postgres, editor, form):
    article = ArticleFactory()

    def post():
        client = Client()
        client.force_login(editor)
        if form == "selection":
            return select(client, article, CONTAINERS).status_code
        return client.post("/admin/claims/article/add/", article_form()).status_code

    assert set(race(post)) == ({200} if form == "selection" else {302})
    assert article.claims.count() == (1 if form == "selection" else 0)
    assert Article.objects.filter(title=ARTICLE["title"]).count() == (0 if form == "selection" else 1)
