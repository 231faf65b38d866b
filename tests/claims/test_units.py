"""A figure's unit is found however it is written (claims.units): case, plural and inflection folded as conflict
detection folds them, for the API's `unit` filter and the claims admin's unit filter alike."""

from __future__ import annotations

import pytest
from django.db import connection

from claims import units
from claims.filters import unit_is
from claims.models import Figure
from tests.factories import ArticleFactory, claim_at, figure_at

GERMAN = "Die Behörden zählten 7.000 Container. Später wurden 300 Containern Siegel angelegt."
ENGLISH = "Officials counted 7,000 containers. They also saw 40 trucks."


@pytest.mark.parametrize(("unit", "spelled"), [
    ("Container", {"container", "containers", "containern"}),
    ("containers", {"container", "containers", "containern"}),
    ("CONTAINERN", {"container", "containers", "containern"}),
    ("Geschütz", {"geschütz", "geschütze", "geschützen"}),
    ("Häuser", {"haus", "häuser", "häusern"}),
    ("Soldaten", {"soldat", "soldaten"}),
    ("Museum", {"museum", "museen"}),
    ("battery", {"battery", "batteries"}),
    ("Millionen Dollar", {"millionen dollar", "millionen dollars"}),
])
def test_a_unit_is_spelled_in_its_inflected_forms(unit, spelled):
    assert spelled <= set(units.spellings(unit))


@pytest.mark.parametrize(("unit", "other"), [
    ("Container", "Containerschiffe"), ("Tonnen", "tons"), ("Soldat", "Söldner"), ("Haus", "Hase"),
    ("Kind", "Kinn"),
])
def test_a_different_unit_is_not_one_of_its_spellings(unit, other):
    assert other.lower() not in units.spellings(unit)


@pytest.mark.parametrize("unit", ["t", "km", "%", "m²", "x" * 5000 + "!"])
def test_a_unit_without_a_noun_is_only_itself(unit):
    assert units.spellings(unit) == [unit.lower()]


@pytest.fixture
def boxes(db) -> dict[str, object]:
    german, english = ArticleFactory(text=GERMAN), ArticleFactory(text=ENGLISH, language="en")
    seen = claim_at(german, "Die Behörden zählten 7.000 Container.")
    sealed = claim_at(german, "Später wurden 300 Containern Siegel angelegt.")
    counted = claim_at(english, "Officials counted 7,000 containers.")
    trucks = claim_at(english, "They also saw 40 trucks.")
    figure_at(seen, "7.000", value=7000, unit="Container")
    figure_at(sealed, "300", value=300, unit="Containern")
    figure_at(counted, "7,000", value=7000, unit="containers")
    figure_at(trucks, "40", value=40, unit="trucks")
    return {"seen": seen.ref, "sealed": sealed.ref, "counted": counted.ref, "trucks": trucks.ref}


def refs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {claim["ref"] for claim in response.json()["results"]}


@pytest.mark.parametrize("unit", ["Container", "container", "CONTAINERS", "Containern"])
def test_the_unit_filter_finds_every_spelling_of_the_unit(api_as, victor, boxes, unit):
    found = refs(api_as(victor).get("/api/claims/", {"unit": unit}))
    assert found == {boxes["seen"], boxes["sealed"], boxes["counted"]}


def test_the_unit_filter_holds_with_the_other_figure_filters(api_as, victor, boxes):
    client = api_as(victor)
    assert refs(client.get("/api/claims/", {"unit": "Container", "value_min": 1000})) == {boxes["seen"],
                                                                                         boxes["counted"]}
    assert refs(client.get("/api/claims/", {"unit": "Truck"})) == {boxes["trucks"]}
    assert refs(client.get("/api/claims/", {"unit": "Containerschiff"})) == set()


def test_the_admins_unit_filter_folds_the_same_way(client, alice, boxes):
    client.force_login(alice)
    page = client.get("/admin/claims/claim/", {"unit": "containers"})
    assert page.status_code == 200
    assert {claim.ref for claim in page.context["cl"].result_list} == {boxes["seen"], boxes["sealed"],
                                                                      boxes["counted"]}
    # One choice per unit, not one per spelling.
    specs = page.context["cl"].filter_specs
    unit_filter = next(spec for spec in specs if getattr(spec, "parameter_name", "") == "unit")
    choices = [choice["display"] for choice in unit_filter.choices(page.context["cl"])]
    assert sum(str(choice).lower().startswith("container") for choice in choices) == 1


def test_the_unit_condition_is_the_one_the_upper_unit_index_serves(require_postgres, boxes):
    # Few rows: the planner would read the table; without that choice, the expression must be the index's.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Figure.objects.filter(unit_is("Container")).explain()
    assert "figure_unit_upper" in plan, plan


def test_the_admin_lists_each_stored_unit_once_however_cased(boxes):
    from claims import selectors

    trucks = Figure.objects.get(unit="trucks")
    for unit in ("TRUCKS", "Trucks", ""):  # the same key thrice, and a figure with no unit
        figure_at(trucks.claim, "40", value=40, unit=unit)
    listed = selectors.unit_spellings(100)
    assert [unit.upper() for unit in listed] == ["CONTAINER", "CONTAINERN", "CONTAINERS", "TRUCKS"]
    assert set(listed) <= {"Container", "Containern", "containers", "trucks", "TRUCKS", "Trucks"}
    assert len(selectors.unit_spellings(2)) == 2 and selectors.unit_spellings(1) == listed[:1]
