"""The API keeps to its OpenAPI schema.

test_the_api_keeps_to_its_schema: schemathesis reads the schema /api/schema/ serves and sends the app (in
process, through its WSGI handler) requests built from it: the schema's examples, boundary cases of every
constraint and generated ones, valid and invalid. Every answer goes through all of schemathesis's checks (but
max_response_time: tests never time): no 5xx, a documented status and content type, a body that matches the
documented schema, invalid input refused, valid input accepted, no access without a token. It runs as an editor
and as a reviewer, on PostgreSQL, with a few real rows that about half of the requests are pointed at (random ids
would nearly always answer 404 before a body is read). FACTCHECK_SCHEMATHESIS_EXAMPLES sets the generated cases
per operation (default 25, to keep `make test` short).

The tests after it pin down, with chosen data, the places where the schema once said something else.
"""

from __future__ import annotations

import os
import zlib

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test.utils import override_settings
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claims import services
from sources.services import citation_create
from tests.factories import TEXT, ArticleFactory, claim_at, figure_at

APP = get_wsgi_application()
EXAMPLES = int(os.environ.get("FACTCHECK_SCHEMATHESIS_EXAMPLES", "25"))


def served_schema() -> dict:
    """What GET /api/schema/ answers a logged-in user. Read through the view at import time, where there is no
    database yet for a token, so the user is one that needs none."""
    client = APIClient()
    client.force_authenticate(get_user_model()(username="schema-reader"))
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        response = client.get("/api/schema/?format=json")
    assert response.status_code == 200, response.content[:500]
    return response.json()


CONFIG = {
    # The same cases on every run: `make test` fails for a change, never for a lucky draw. A bigger
    # FACTCHECK_SCHEMATHESIS_EXAMPLES looks further.
    "generation": {"max-examples": EXAMPLES, "deterministic": True},
    "operations": [{
        # A write can be valid by the schema and still break a rule it cannot state (a claim's span inside its
        # article, a verdict with a note, a figure id that exists): that is a 400 with a message. A PATCH must
        # name the version it read, in the body or in If-Match; OpenAPI cannot say "one of the two": a 428.
        "include-method": ["POST", "PATCH"],
        "checks": {"positive_data_acceptance": {
            "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "428"]}},
    }],
}
schema = schemathesis.openapi.from_dict(served_schema(), config=schemathesis.Config.from_dict(CONFIG))
schema.app = APP


@pytest.fixture
def in_process(settings, request) -> None:
    # The in-process client calls itself "localhost".
    settings.ALLOWED_HOSTS = ["localhost"]
    # As Django's test client does: the end of a request must not close the test's connection and transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request.addfinalizer(lambda: request_started.connect(close_old_connections))
    request.addfinalizer(lambda: request_finished.connect(close_old_connections))


def token_of(user) -> dict[str, str]:
    return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


@pytest.fixture(params=["alice", "rita"])
def persona(request, require_postgres, in_process) -> dict[str, str]:
    return token_of(request.getfixturevalue(request.param))


@pytest.fixture
def rows(db) -> dict[str, object]:
    """Real rows, by the path prefix whose parameter names them."""
    article = ArticleFactory()
    shells = claim_at(article, TEXT[: TEXT.index(".") + 1], speaker="Shin Won-sik")
    figure = figure_at(shells, "bis zu fünf Millionen Artilleriegeschosse", value=5_000_000, low=0,
                       high=5_000_000, qualifier="up_to", unit="Artilleriegeschosse")
    trade = claim_at(article, "2023 stieg das Handelsvolumen auf 29 Millionen Dollar.")
    figure_at(trade, "2023", value="2023")
    other = ArticleFactory(language="en", text="Up to five million artillery shells.")
    echo = claim_at(other, other.text)
    other_figure = figure_at(echo, "five million", value=5_000_000, unit="Artilleriegeschosse")
    conflict = services.conflict_create(figure_a=figure, figure_b=other_figure, kind="corroboration")
    citation = citation_create(claim=shells, url="https://wire.example/shells", expected="fünf Millionen",
                               check=False)
    return {
        "/api/articles/{id}": article.pk,
        "/api/claims/{ref}": shells.ref,
        "/api/conflicts/{id}": conflict.pk,
        "/api/sources/{id}": citation.source_id,
    }


def aim(case, rows: dict[str, object]) -> None:
    """Point about half of the valid cases at a real row; which half depends on the generated value, so a
    failure replays the same way. (Invalid ones stay invalid: schemathesis judges the answer by what it made.)"""
    if case.meta is None or case.meta.is_negative_at(ParameterLocation.PATH):
        return
    for prefix, real in rows.items():
        if case.operation.path.startswith(prefix):
            name = prefix.rsplit("{", 1)[1].rstrip("}")
            if zlib.crc32(repr(case.path_parameters.get(name)).encode()) % 2:
                case.path_parameters[name] = real


@schema.parametrize()
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_the_api_keeps_to_its_schema(case, persona, rows):
    aim(case, rows)
    case.call_and_validate(headers=persona)


# --- Chosen cases -------------------------------------------------------------------------------------------

CONFORMS = [status_code_conformance, content_type_conformance, response_schema_conformance]


def answer(method: str, path: str, headers: dict, *, expect: int, **parts):
    """Send one request made from the schema's operation and check the answer against it."""
    case = schema[path][method].Case(**parts)
    response = case.call(headers=headers)
    assert response.status_code == expect, response.text[:500]
    case.validate_response(response, checks=CONFORMS)
    return response


@pytest.fixture
def plain(db, in_process):
    """An article without an address; an unreviewed claim with a figure without bounds, citing a page never
    checked; a conflict added by hand that nobody decided."""
    article = ArticleFactory(url="")
    claim = claim_at(article, "US-Beamte zählten fast 7.000 Container.")
    figure = figure_at(claim, "7.000", value=7000)
    other = ArticleFactory(text="Fast 7.000 Container.")
    conflict = services.conflict_create(
        figure_a=figure, figure_b=figure_at(claim_at(other, other.text), "7.000", value=7000), kind="corroboration"
    )
    citation = citation_create(claim=claim, url="https://wire.example/container", check=False)
    return {"article": article, "claim": claim, "conflict": conflict, "source": citation.source}


def test_what_can_be_empty_is_documented_so(plain, victor):
    """Figure.low/high, Claim.reviewer/reviewed_at, Conflict.score/decided_by, a citation's source check and
    Article.url ("" against `format: uri`) as they are before anyone reviewed or checked anything."""
    reader = token_of(victor)
    claim = answer("GET", "/api/claims/{ref}/", reader, expect=200, path_parameters={"ref": plain["claim"].ref})
    assert claim.json()["reviewer"] is None and claim.json()["figures"][0]["low"] is None
    conflict = answer("GET", "/api/conflicts/{id}/", reader, expect=200,
                      path_parameters={"id": plain["conflict"].pk})
    assert conflict.json()["score"] is None and conflict.json()["decided_by"] is None
    article = answer("GET", "/api/articles/{id}/", reader, expect=200, path_parameters={"id": plain["article"].pk})
    assert article.json()["url"] == ""
    answer("GET", "/api/sources/{id}/", reader, expect=200, path_parameters={"id": plain["source"].pk})
    answer("GET", "/api/articles/{id}/claims/", reader, expect=200, path_parameters={"id": plain["article"].pk})


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 412, 413, 428])
def test_refusals_are_documented(plain, victor, alice, rita, status):
    ref = {"ref": plain["claim"].ref}
    patch = {"path_parameters": ref, "media_type": "application/json"}
    if status == 400:
        answer("PATCH", "/api/claims/{ref}/", token_of(alice), expect=400, body={"start": -1}, **patch)
        answer("GET", "/api/claims/", token_of(victor), expect=400, query={"article": 0})
    elif status == 401:
        answer("GET", "/api/claims/{ref}/", {}, expect=401, path_parameters=ref)
    elif status == 403:
        answer("PATCH", "/api/claims/{ref}/", token_of(victor), expect=403, body={"speaker": "X"}, **patch)
    elif status == 404:
        answer("GET", "/api/claims/{ref}/", token_of(victor), expect=404, path_parameters={"ref": "999999-1"})
        answer("POST", "/api/conflicts/{id}/decide/", token_of(rita), expect=404, path_parameters={"id": 999999},
               body={"status": "confirmed"}, media_type="application/json")
    elif status == 409:
        answer("PATCH", "/api/claims/{ref}/", token_of(alice), expect=409, body={"speaker": "X", "version": 7},
               **patch)
    elif status == 412:
        # An ETag of another claim. Not a fixed id: on SQLite ids start again at 1, and "claim-1" was this claim.
        other = f'"claim-{plain["claim"].pk + 1}-v1"'
        answer("PATCH", "/api/claims/{ref}/", {**token_of(alice), "If-Match": other}, expect=412,
               body={"speaker": "X"}, **patch)
    elif status == 428:
        answer("PATCH", "/api/claims/{ref}/", token_of(alice), expect=428, body={"speaker": "X"}, **patch)
    elif status == 413:
        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100):
            answer("POST", "/api/articles/", token_of(alice), expect=413, media_type="application/json",
                   body={"title": "T", "text": "Fast 7.000 Container. " * 10})


def test_what_parameters_take_is_declared():
    claims = {p["name"]: p["schema"] for p in schema.raw_schema["paths"]["/api/claims/"]["get"]["parameters"]}
    conflicts = {p["name"]: p["schema"] for p in schema.raw_schema["paths"]["/api/conflicts/"]["get"]["parameters"]}
    assert claims["page_size"]["minimum"] == 1
    assert (claims["article"]["type"], claims["article"]["minimum"]) == ("integer", 1)
    assert (conflicts["min_score"]["minimum"], conflicts["min_score"]["maximum"]) == (0, 1)
    assert claims["publisher"]["pattern"] == "^[^\\x00]*$"  # refused with a 400: PostgreSQL text has no NUL


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_schema_and_docs_are_read_like_the_api(api, path):
    assert api.get(path).status_code == 401
    with override_settings(FACTCHECK_PUBLIC_API=True):
        assert api.get(path).status_code == 200


def test_the_schema_is_valid_openapi_and_generates_without_warnings(tmp_path):
    # A warning is drf-spectacular guessing (an unnamed enum, a field it cannot type): a guess can be wrong.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_every_enum_has_the_name_we_gave_it():
    # drf-spectacular names an unnamed set of choices after its field, and two fields of one name with different
    # choices get a hash (Status3f2Enum); every set is named in ENUM_NAME_OVERRIDES instead.
    named = set(django_settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]) | {"BlankEnum", "NullEnum"}
    components = schema.raw_schema["components"]["schemas"]
    enums = {name for name, component in components.items() if "enum" in component}
    assert {"ReviewStatusEnum", "ConflictOriginEnum", "NamedSourceKindEnum"} <= enums
    assert enums <= named


def test_each_list_offers_exactly_the_orderings_it_takes(api_as, victor):
    """Every ordering the schema lists, alone and joined with another, is answered; the lists whose order is
    fixed list none (schemathesis sends only what the schema offers, so what it leaves out is untested there)."""
    article = ArticleFactory()
    claim_at(article, TEXT[: TEXT.index(".") + 1])
    client = api_as(victor)
    offered = {}
    for path, operations in schema.raw_schema["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            if parameter["name"] == "ordering":
                assert (parameter["style"], parameter["explode"]) == ("form", False)
                offered[path] = parameter["schema"]["items"]["enum"]
    assert "/api/claims/claimreviews/" not in offered and "/api/claims/{ref}/conflicts/" not in offered
    assert offered["/api/articles/{id}/claims/"] == ["number", "-number"]
    for path, orderings in offered.items():
        url = path.replace("{id}", str(article.pk))
        for ordering in [*orderings, f"{orderings[-1]},{orderings[0]}"]:
            response = client.get(url, {"ordering": ordering})
            assert response.status_code == 200, (url, ordering, response.content[:300])
