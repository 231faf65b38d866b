"""The matching rules without a database: subjects, comparison, blocking."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from itertools import combinations

import pytest

from claims.matching import blocking, explain
from claims.matching.compare import Facts, compare, similarity
from claims.matching.compare import facts as make_facts
from claims.matching.subjects import derive, measure, subject_terms


def facts(id_, *, value=None, low=None, high=None, date_value="", as_of="", article=None, subject=(
        "container", "lieferung", "nordkorea", "russland"), measure_="count:container", claim=None, origin=None,
        text="x") -> Facts:
    article = id_ if article is None else article
    return make_facts(id_, claim or id_, article, origin, measure_, tuple(subject), text, value, low, high,
                      date_value, as_of)


def amount(id_, value, low=None, high=None, **kwargs) -> Facts:
    low = value if low is None and high is None else low
    high = value if high is None and kwargs.pop("exact", True) and low == value else high
    return facts(id_, value=value, low=low, high=high, **kwargs)


# --- subjects ----------------------------------------------------------------------------------------------------


def test_german_and_english_units_name_one_measure():
    assert measure("count", "Container", "de") == measure("count", "containers", "en") == "count:container"
    assert measure("count", "Artilleriegeschosse", "de") == measure("count", "artillery shells", "en")
    assert measure("count", "Containern", "de") == "count:container"  # a case ending is no other thing
    assert measure("money", "USD", "de") == "money:USD" and measure("date", "", "de") == "date"


def test_both_languages_share_their_key_terms():
    german = set(subject_terms("Russland legte im März 2024 im UN-Sicherheitsrat sein Veto ein.", "de"))
    english = set(subject_terms("In March 2024, Russia vetoed a Security Council resolution.", "en"))
    assert {"russland", "sicherheitsrat", "veto"} <= german & english
    assert "märz" not in german and "march" not in english  # the date is the figure, not the subject


def test_a_split_german_verb_is_put_back_together():
    terms = subject_terms("2023 setzten beide Länder nach Moskauer Angaben 34 Millionen Dollar miteinander um.", "de")
    assert "handel" in terms and "russland" in terms


def test_the_german_word_land_is_no_landing():
    assert "ankunft" not in subject_terms("Der Handel zwischen beiden Ländern wuchs.", "de")
    assert "ankunft" in subject_terms("Putin landed in Pyongyang.", "en")


def test_names_in_the_title_join_every_claim():
    (_, terms), = derive("Für 2023 wird das Volumen auf 29 Millionen Dollar beziffert.", "de",
                         [("money", "USD", "", "2023")], title="Handel zwischen Russland und Nordkorea")
    assert {"handel", "russland", "nordkorea"} <= set(terms)


def test_a_year_that_times_another_figure_is_not_compared_but_a_day_is():
    year, trade = derive("2023 stieg der Handel auf 29 Millionen Dollar.", "de",
                         [("date", "", "2023", ""), ("money", "USD", "", "2023")])
    assert year[0] == "" and trade[0] == "money:USD"
    day, years = derive("Putin landete am 19. Juni, erstmals seit 24 Jahren.", "de",
                        [("date", "", "2024-06-19", ""), ("duration", "year", "", "2024-06-19")])
    assert day[0] == "date" and years[0] == "duration:year"


# --- comparison --------------------------------------------------------------------------------------------------


def test_up_to_and_about_that_overlap_are_no_contradiction():
    up_to = amount(1, 5_000_000, low=0, high=5_000_000)
    about = amount(2, 3_000_000, low=2_700_000, high=3_300_000)
    assert compare(up_to, about).kind == "corroboration"


def test_unit_twins_corroborate():
    match = compare(amount(1, 5_000_000), amount(2, 5_000_000))
    assert match.kind == "corroboration" and match.details["gap_percent"] == 0


def test_figures_for_one_time_that_do_not_meet_contradict_with_the_gap():
    almost = amount(1, 7000, low=6300, high=7000, as_of="2024-03")
    about = amount(2, 5000, low=4500, high=5500, as_of="2024-03")
    match = compare(almost, about)
    assert match.kind == "contradiction" and match.details["gap_percent"] == pytest.approx(14.5)


def test_within_the_tolerance_is_agreement():
    assert compare(amount(1, 29_000_000, as_of="2023"), amount(2, 29_400_000, as_of="2023")).kind == "corroboration"
    assert compare(amount(1, 29_000_000, as_of="2023"), amount(2, 34_000_000, as_of="2023")).kind == "contradiction"


def test_different_times_make_a_series_even_when_the_values_could_meet():
    before = amount(1, 1000, low=1000, high=None, exact=False, as_of="2023-09")  # mehr als 1.000
    after = amount(2, 7000, low=6300, high=7000, as_of="2024-03")
    assert compare(before, after).kind == "series"


def test_a_time_on_one_side_only_makes_a_contradiction_less_certain():
    sure = compare(amount(1, 13, as_of="2024-03"), amount(2, 12, as_of="2024-03"))
    unsure = compare(amount(1, 13), amount(2, 12, as_of="2024-03"))
    assert sure.kind == unsure.kind == "contradiction" and unsure.score < sure.score


def test_within_one_article_only_a_series_is_reported():
    assert compare(amount(1, 13, article=5), amount(2, 15, article=5)) is None
    assert compare(amount(1, 84, article=5, as_of="2019"), amount(2, 2, article=5, as_of="2021")).kind == "series"


def test_copies_of_one_wire_text_do_not_corroborate_each_other():
    assert compare(amount(1, 7000, article=1), amount(2, 7000, article=2, origin=1)) is None


def test_values_far_apart_measure_different_things():
    assert compare(amount(1, 29_000_000, as_of="2023"), amount(2, 15_000_000_000, as_of="2023")) is None


def test_names_alone_are_not_a_shared_subject():
    one = amount(1, 13, subject=("russland", "nordkorea", "mitglied"))
    other = amount(2, 12, subject=("russland", "nordkorea", "soldat"))
    assert similarity(one.terms, other.terms) == (0.0, [])
    assert compare(one, other) is None


def test_dates_a_month_apart_contradict_and_years_apart_are_another_event():
    veto = ("russland", "sicherheitsrat", "veto", "gremium")
    march = facts(1, date_value="2024-03", measure_="date", subject=veto)
    april = facts(2, date_value="2024-04", measure_="date", subject=veto)
    match = compare(march, april)
    assert match.kind == "contradiction" and match.details["gap_days"] == 31
    visit = ("putin", "besuch", "nordkorea")
    first = facts(3, date_value="2000", measure_="date", subject=visit)
    assert compare(first, facts(4, date_value="2024-06-19", measure_="date", subject=visit)) is None
    assert compare(facts(5, date_value="2024-06", measure_="date", subject=visit),
                   facts(6, date_value="2024-06-19", measure_="date", subject=visit)).kind == "corroboration"


def test_the_explanation_names_terms_values_gap_and_score():
    older = amount(1, 7000, low=6300, high=7000, as_of="2024-03", text="fast 7.000 Container")
    newer = amount(2, 5000, low=4500, high=5500, as_of="2024-03", text="rund 5.000 Container")
    match = compare(older, newer)
    text = explain.explanation(older, newer, match)
    for part in ("«fast 7.000 Container»", "6,300 to 7,000", "4,500 to 5,500", "as of 2024-03", "14.5 %",
                 "container, lieferung, nordkorea, russland", f"Score {match.score:.2f}", "do not agree"):
        assert part in text
    assert explain.details(older, newer, match)["bounds"] == [[6300, 7000], [4500, 5500]]


# --- blocking ----------------------------------------------------------------------------------------------------


def test_stored_keys_are_stable_and_skip_pairs_of_names():
    pairs = blocking.key_pairs("count:container", ["container", "russland", "nordkorea"], 7)
    assert ("count:container", "nordkorea", "russland") not in pairs
    assert ("count:container", "container", "russland") in pairs and ("count:container", "(article)", "7") in pairs
    assert blocking.stored_key(pairs[0]) == blocking.stored_key(tuple(pairs[0]))


def test_stored_keys_do_not_change_with_the_process():
    # Python salts its own str hash per process; keys in the database must not depend on that.
    script = "from claims.matching.blocking import stored_key; print(stored_key(('date', 'veto', 'russland')))"
    runs = {subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
                           capture_output=True, text=True, check=True).stdout for seed in ("1", "2")}
    assert runs == {f"{blocking.stored_key(('date', 'veto', 'russland'))}\n"}


def test_a_figure_keeps_its_best_few_of_each_kind():
    newest = amount(100, 7000)
    older = [amount(i, 7000, subject=("container", "lieferung", "nordkorea", "russland", f"w{i}")[: 2 + i % 3])
             for i in range(1, 20)]
    kept = blocking.best(newest, older)
    assert len(kept) == blocking.PER_KIND["corroboration"]
    assert [match.score for _, match in kept] == sorted((m.score for _, m in kept), reverse=True)


def random_figures(seed: int, count: int) -> list[Facts]:
    rng = random.Random(seed)
    words = ["container", "soldat", "handel", "veto", "lieferung", "rakete", "russland", "nordkorea", "putin"]
    figures = []
    for id_ in range(1, count + 1):
        subject = tuple(rng.sample(words, rng.randint(2, 5)))
        value = rng.choice([1000, 1020, 3000, 5000, 7000, 50_000])
        figures.append(amount(id_, value, subject=subject, article=rng.randint(1, count // 3),
                              as_of=rng.choice(["", "2023", "2024-03"]),
                              measure_=rng.choice(["count:container", "count:soldat"])))
    return figures


@pytest.mark.parametrize("seed", range(5))
def test_blocking_finds_what_comparing_every_pair_finds(seed, monkeypatch):
    # Unbounded window and comparisons: then the keys alone decide, and they must miss no possible match.
    monkeypatch.setattr(blocking, "WINDOW", None)
    monkeypatch.setattr(blocking, "COMPARED", 10**9)
    figures = random_figures(seed, 120)
    blocked = {(older.id, newer.id): match.kind for newer, older, match in blocking.full_pass(figures)}
    every = {}
    for index, newer in enumerate(figures):
        for older, match in blocking.best(newer, figures[:index]):
            every[(older.id, newer.id)] = match.kind
    assert blocked == every and blocked  # not vacuous: the random set does produce matches


def test_the_likeliest_share_the_most_keys_and_the_newest_win_ties(monkeypatch):
    monkeypatch.setattr(blocking, "COMPARED", 3)
    assert blocking.likeliest([[1, 2, 3, 4], [2, 4], [4, 5]]) == [4, 2, 5]
    assert blocking.likeliest([[7, 8]]) == [7, 8]


def test_a_figure_meets_the_latest_figures_under_each_key(monkeypatch):
    monkeypatch.setattr(blocking, "WINDOW", 3)
    crowd = [amount(i, 7000, subject=("container", "lieferung"), article=i) for i in range(1, 8)]
    met = {}
    for newer, older, _ in blocking.full_pass(crowd):
        met.setdefault(newer.id, set()).add(older.id)
    # Each sees the three before it under the one key they share, the best two of which it keeps.
    assert met[7] <= {4, 5, 6} and len(met[7]) == blocking.PER_KIND["corroboration"]
    assert 1 not in met[7] and met[2] == {1}


def test_negative_figures_widen_by_the_tolerance_too():
    assert compare(amount(1, -2.1, as_of="2024"), amount(2, -2.1, as_of="2024")).kind == "corroboration"
    assert compare(amount(1, -29, as_of="2024"), amount(2, -29.4, as_of="2024")).kind == "corroboration"
    match = compare(amount(1, -29, as_of="2024"), amount(2, -34, as_of="2024"))
    assert match.kind == "contradiction" and match.details["gap_percent"] > 0


def test_a_decade_agreeing_is_as_weak_as_a_year():
    decade = compare(facts(1, date_value="1960/1969", measure_="date"), facts(2, date_value="1965", measure_="date"))
    day = compare(facts(1, date_value="2024-06-19", measure_="date"),
                  facts(2, date_value="2024-06-19", measure_="date"))
    assert decade.kind == day.kind == "corroboration" and decade.score == day.score / 2


def test_a_long_subject_is_cut_to_whole_terms_that_fit_its_column():
    words = " ".join(f"Wort{'x' * 60}{i}" for i in range(30))
    (_, terms), = derive(words, "de", [("count", "Container", "", "")])
    assert len(" ".join(terms)) <= 500 and all(len(t) <= 40 for t in terms) and terms[0] == "container"


def test_pairs_within_a_claim_are_compared_as_a_series_only():
    change = [amount(1, 84, claim=9, article=3, as_of="2019"), amount(2, 2, claim=9, article=3, as_of="2021")]
    assert [(older.id, newer.id, match.kind) for newer, older, match in blocking.full_pass(change)] == [
        (1, 2, "series")]


def test_no_pair_is_reported_twice():
    figures = random_figures(11, 80)
    pairs = [(older.id, newer.id) for newer, older, _ in blocking.full_pass(figures)]
    assert len(pairs) == len(set(pairs)) and all(a < b for a, b in pairs)
    assert not any(set(p) == set(q) for p, q in combinations(pairs[:50], 2))
