"""Prepared queries (common.prepared) give what the ORM's values() gives, on both databases, and the token
authentication built on one behaves as DRF's."""

import gc
import os
import subprocess
import sys
import threading
import weakref
from pathlib import Path

import pytest
from django.db import connection, connections, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims import api_rows
from claims.models import Claim, Figure
from common.prepared import MARK, Prepared, compiled, given, one_of
from tests.factories import ClaimFactory, UserFactory, figure_at

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def figures_of(ids):
    return list(Figure.objects.filter(claim_id__in=ids).order_by("claim_id", "start").values(*api_rows.FIGURE))


def test_rows_are_the_orms_values_for_any_number_of_ids():
    claims = [ClaimFactory() for _ in range(3)]
    for claim in claims:
        figure_at(claim, "fünf Millionen", value=5_000_000, low=None, high=5_000_000)
    prepared = Prepared(lambda: Figure.objects.filter(one_of("claims_figure.claim_id"))
                        .order_by("claim_id", "start").values(*api_rows.FIGURE))
    for ids in ([claims[0].pk], [c.pk for c in claims], [claims[2].pk, 10**9]):
        assert prepared.rows(ids) == figures_of(ids)
    # Decimals stay Decimals, as the ORM gives them.
    assert type(prepared.rows([claims[0].pk])[0]["value"]) is type(figures_of([claims[0].pk])[0]["value"])


def test_one_compiled_statement_serves_every_length_and_an_empty_list_asks_nothing():
    claims = [ClaimFactory() for _ in range(4)]
    prepared = Prepared(lambda: Claim.objects.filter(one_of("claims_claim.id")).order_by("id")
                        .values("id", "created_at"))
    with CaptureQueriesContext(connection) as queries:
        assert prepared.rows([]) == []
        first = prepared.rows([claims[0].pk])
        every = prepared.rows([c.pk for c in claims])
    # The same statement; only the array (PostgreSQL) or the JSON text (SQLite) differs.
    sent = "ARRAY" if connection.vendor == "postgresql" else "json_each("
    assert len(queries) == 2 and queries[0]["sql"].split(sent)[0] == queries[1]["sql"].split(sent)[0]
    assert len([plan for plan in compiled(connections["default"]) if plan is prepared]) == 1
    assert [row["id"] for row in every] == [c.pk for c in claims]
    assert first[0]["created_at"] == Claim.objects.get(pk=claims[0].pk).created_at  # aware, as the ORM's


def test_values_go_where_they_are_given_and_their_number_is_checked():
    claim = ClaimFactory()
    by_ref = Prepared(lambda: Claim.objects.filter(article_id=given(), number=given()).values("id"))
    assert by_ref.rows(claim.article_id, claim.number) == [{"id": claim.pk}]
    assert by_ref.rows(claim.article_id, claim.number + 1) == []
    with pytest.raises(ValueError, match="takes 2 values, not 1"):
        by_ref.rows(claim.article_id)
    with pytest.raises(ValueError, match="takes 0 values, not 1"):
        Prepared(lambda: Claim.objects.values("id")).rows([claim.pk])


def test_each_thread_runs_on_its_own_connection_and_lets_it_go():
    claim = ClaimFactory()
    prepared = Prepared(lambda: Claim.objects.filter(one_of("claims_claim.id")).values("id"))
    assert prepared.rows([claim.pk]) == [{"id": claim.pk}]
    found, theirs = [], []

    def other_thread():
        try:
            found.append(prepared.rows([claim.pk]))
            assert prepared in compiled(connections["default"])  # its own connection compiled its own
            theirs.append(weakref.ref(connections["default"]))
        finally:
            connection.close()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    gc.collect()
    assert found == [[{"id": claim.pk}]]
    assert theirs[0]() is None  # the finished thread's connection is not kept by its plans
    assert prepared in compiled(connections["default"])


def test_a_token_authenticates_until_it_is_deleted_or_its_user_is_inactive():
    user = UserFactory()
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/claims/").status_code == 200
    user.is_active = False
    user.save()
    refused = client.get("/api/claims/")
    assert refused.status_code == 401 and "inactive" in refused.json()["detail"]
    user.is_active = True
    user.save()
    token.delete()  # nothing is remembered between requests
    gone = client.get("/api/claims/")
    assert gone.status_code == 401 and gone.json()["detail"] == "Invalid token."
    assert gone["WWW-Authenticate"] == "Token"


def held_by_server() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def test_on_postgresql_a_statement_is_prepared_once_per_connection(require_postgres):
    claims = [ClaimFactory() for _ in range(3)]
    for claim in claims:
        figure_at(claim, "fünf Millionen", value=5_000_000, low=None, high=5_000_000)
    prepared = Prepared(lambda: Figure.objects.filter(one_of("claims_figure.claim_id"), text=given())
                        .order_by("claim_id", "start").values(*api_rows.FIGURE))
    ids = [c.pk for c in claims]
    with CaptureQueriesContext(connection) as queries:
        first = prepared.rows(ids, "fünf Millionen")
        again = prepared.rows(ids[:1], "fünf Millionen")
    assert first == figures_of(ids) and again == figures_of(ids[:1])
    assert prepared.name in held_by_server()
    # One query a run, the preparing not counted among the request's queries; the values are sent to EXECUTE.
    assert [query["sql"].split("(")[0] for query in queries] == [f"EXECUTE {prepared.name}"] * 2
    connection.close()  # a new connection holds nothing: the statement is prepared again on it
    assert prepared.name not in held_by_server()
    assert prepared.rows(ids, "fünf Millionen") == first and prepared.name in held_by_server()


def test_a_statement_the_server_cannot_prepare_runs_as_plain_sql_and_leaves_the_transaction_usable(
        require_postgres, caplog):
    claim = ClaimFactory()
    # `$1 IS NULL` has no type PostgreSQL can infer, so PREPARE refuses it (plain SQL sends a typed literal).
    odd = Prepared(lambda: Claim.objects.filter(RawSQL("%s IS NULL", [MARK], output_field=BooleanField()))
                   .values("id"))
    with transaction.atomic():
        assert odd.rows(None) == [{"id": claim.pk}]
        assert Claim.objects.filter(pk=claim.pk).exists()  # the refusal did not abort the transaction
    assert odd.rows(None) == [{"id": claim.pk}] and odd.server is False
    assert odd.name not in held_by_server()
    assert "did not prepare" in caplog.text


def test_server_preparing_can_be_turned_off_for_a_pooler(require_postgres, settings):
    settings.FACTCHECK_SERVER_PREPARE = False
    claim = ClaimFactory()
    prepared = Prepared(lambda: Claim.objects.filter(one_of("claims_claim.id")).values("id"))
    with CaptureQueriesContext(connection) as queries:
        assert prepared.rows([claim.pk]) == [{"id": claim.pk}]
    assert queries[0]["sql"].startswith("SELECT") and prepared.name not in held_by_server()


SQLITE_RUN = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
import json
from rest_framework.renderers import JSONRenderer
from claims import api_rows, services
from claims.models import Claim
from claims.serializers import ClaimSerializer
services.article_create(title="Gipfel", text={text!r}, language="de", publisher="Beispiel", extract=True)
claims = Claim.objects.order_by("id")
built = api_rows.claims_of(list(claims.values(*api_rows.CLAIM)))
print(len(built), [len(claim["figures"]) for claim in built])
served = ClaimSerializer(claims, many=True).data
print(json.loads(JSONRenderer().render(built)) == json.loads(JSONRenderer().render(served)))
"""


def test_on_sqlite_ids_travel_as_a_json_array(tmp_path):
    environment = {key: value for key, value in os.environ.items() if not key.endswith("_URL")}
    environment.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", DEBUG="true",
                       DJANGO_SETTINGS_MODULE="factcheck.settings", LOG_LEVEL="WARNING")
    text = ("Bis zu fünf Millionen Geschosse soll Nordkorea geliefert haben. Der Handel fiel von 84 Millionen Dollar "
            "auf zwei Millionen Dollar. Am 19. Juni 2024 landete Putin.")
    run = subprocess.run([sys.executable, "-c", SQLITE_RUN.format(text=text)], cwd=ROOT, env=environment,
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.splitlines() == ["3 [1, 2, 1]", "True"]
