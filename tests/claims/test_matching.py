"""The matching rules without a database: frames, subjects, comparison, explanation, blocking."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import date
from itertools import combinations

import pytest

from claims.matching import blocking, explain, frames, model
from claims.matching.compare import RULES_BACKED, Facts, compare, disagree, frame_of, judge, similarity
from claims.matching.compare import facts as make_facts
from claims.matching.features import NAMES, pair_features
from claims.matching.rules import numbers
from claims.matching.subjects import Spec, derive, measure, subject_terms

SUNDAY = date(2024, 1, 21)


def read(sentence: str, *texts: str, kind: str = "count", unit: str = "", title: str = "", language: str = "de",
         published: date | None = SUNDAY, around: tuple[str, str] = ("", ""), as_of: str = "") -> list:
    """(measure, terms) of each figure `texts` marks in `sentence`, as the service derives them."""
    specs = []
    for text in texts:
        start = sentence.index(text)
        specs.append(Spec(kind, unit, "", as_of, start, start + len(text)))
    return derive(sentence, language, specs, title, "", published, "", around)


def figure(id_: int, sentence: str, text: str, value: float, *, low=None, high=None, article=None, origin=None,
           others: tuple[str, ...] = (), **reading) -> Facts:
    """A figure read from a sentence of our own, through derive() exactly as the service stores it."""
    texts = [text, *others]
    texts.sort(key=sentence.index)
    derived = dict(zip(texts, read(sentence, *texts, **reading), strict=True))
    measure_, terms = derived[text]
    start = sentence.index(text)
    low = value if low is None and high is None else low
    high = value if high is None and low == value else high
    return make_facts(id_, id_, id_ if article is None else article, origin, measure_, tuple(terms), text, value,
                      low, high, "", reading.get("as_of", ""), start, start + len(text), reading.get("unit", ""))


def quantity(sentence: str, text: str, **reading) -> str:
    (_, terms), = read(sentence, text, **reading)
    return frame_of(tuple(terms)).quantity


def slots(sentence: str, text: str, **reading) -> list[str]:
    (_, terms), = read(sentence, text, **reading)
    return [term for term in terms if frames.is_slot(term)]


# --- frames: what a figure is of, whose it is, when ------------------------------------------------------------


def test_counted_nouns_fold_across_synonyms_inflection_and_languages():
    people = {quantity(sentence, text, unit=unit, language=language) for sentence, text, unit, language in [
        ("Die Polizei zählte rund 80.000 Menschen.", "rund 80.000 Menschen", "Menschen", "de"),
        ("Das Bündnis sprach von 250.000 Teilnehmern.", "250.000 Teilnehmern", "Teilnehmern", "de"),
        ("Organisers said some 70,000 demonstrators came.", "some 70,000 demonstrators", "demonstrators", "en"),
    ]}
    assert people == {"people"}
    # Counted things are one measure, told apart by the frame's quantity; units of measurement are not.
    assert measure("count", "jobs") == measure("count", "") == "count" and measure("percent", "growth") == "percent"
    assert measure("count", "degrees") == "count:degrees"
    assert measure("money", "") == "money" and measure("date", "") == "date"


def test_people_in_a_state_are_the_toll_of_that_state():
    assert quantity("In Westmark kamen mindestens 60 Menschen ums Leben.", "mindestens 60 Menschen",
                    unit="Menschen") == "dead"
    assert quantity("Mehr als 700 Menschen wurden verletzt.", "Mehr als 700 Menschen", unit="Menschen") == "injured"


def test_a_bare_number_takes_its_quantity_from_the_sentence_or_the_paragraph_before():
    before = ("Völlig unklar ist die Zahl der Vermissten. ", "")
    assert quantity("Die Kreisverwaltung gab sie am Abend mit rund 1300 an.", "rund 1300", around=before) == "missing"
    assert quantity("Die Kreisverwaltung gab sie am Abend mit rund 1300 an.", "rund 1300") == ""


def test_statistics_and_quoted_names():
    assert "=s:record" in slots("In Geilenhof fiel der alte Rekord mit 40,5 Grad.", "40,5 Grad", unit="Grad")
    assert "=s:registered" in slots("Angemeldet waren 25.000 Teilnehmer.", "25.000 Teilnehmer", unit="Teilnehmer")
    assert "=s:combined" not in slots("Das Bündnis „Hallstedt hält zusammen“ nannte 200.000 Teilnehmer.",
                                      "200.000 Teilnehmer", unit="Teilnehmer")


def test_a_projection_in_the_headline_makes_every_share_a_projection():
    assert "=g:forecast" in slots("Die Linke liegt bei 16,0 Prozent.", "16,0 Prozent", kind="percent",
                                  title="Hochrechnung: CDU vorn")
    assert "=g:partial" in slots("Die AfD erreicht 24,4 Prozent.", "24,4 Prozent", kind="percent",
                                 around=("Nach dem Zwischenstand von 23.20 Uhr führt die CDU. ", ""))
    assert not [s for s in slots("Die AfD erreicht 24,4 Prozent.", "24,4 Prozent", kind="percent")
                if s.startswith("=g")]


def test_names_at_the_figure_fold_demonyms_and_leave_out_persons_and_sources():
    found = slots("Im Emsinger Messfeld und in Hallstedt meldete Landrat Jürgen Pohl laut ADV 42 Stationen.",
                  "42 Stationen", unit="Stationen")
    names = frame_of(tuple(found)).names
    assert {"emsing", "hallst"} <= names
    assert not names & {"jürgen", "pohl", "adv"}


def test_whose_figure_is_the_first_source_named():
    assert "=w:union" in slots("The union disputed the operator's count, putting it at fewer than 500 flights.",
                               "fewer than 500 flights", unit="flights", language="en")
    assert "=w:police" in slots("Im Kreis sind nach Polizeiangaben 112 Menschen ums Leben gekommen.",
                                "112 Menschen", unit="Menschen")


def test_a_weekday_is_a_day_before_publication_and_a_time_is_a_part_of_the_day():
    assert "=t:2024-01-18/evening" in slots("Bis Donnerstagabend stieg die Zahl auf 28 Tote.", "28 Tote",
                                            unit="Tote")
    assert "=t:/morning" in slots("Um 7.35 Uhr fielen 40 Züge aus.", "40 Züge", unit="Züge")
    assert not [s for s in slots("Es kamen 60.000 Menschen.", "60.000 Menschen", unit="Menschen")
                if s.startswith("=t")]


def test_corrections_disputes_and_explained_differences():
    assert "=r" in slots("Statt rund 1.200 sollen nun rund 950 Stellen wegfallen.", "rund 950 Stellen",
                         unit="Stellen")
    assert "=d" in slots("Die Polizei nannte die 250.000 Teilnehmer nicht nachvollziehbar.", "250.000 Teilnehmer",
                         unit="Teilnehmer")
    explained = ("Police did not endorse the 250,000 people. The gap is typical: officers count at one moment.")
    assert "=d" not in slots(explained, "250,000 people", unit="people", language="en")


def test_both_languages_share_their_key_terms():
    german = set(subject_terms("Russland legte im März 2024 im UN-Sicherheitsrat sein Veto ein.", "de"))
    english = set(subject_terms("In March 2024, Russia vetoed a Security Council resolution.", "en"))
    assert {"russland", "sicherheitsrat", "veto"} <= german & english
    assert "märz" not in german and "march" not in english  # the date is the figure, not the subject


def test_a_split_german_verb_is_put_back_together():
    terms = subject_terms("2023 setzten beide Länder nach Moskauer Angaben 34 Millionen Dollar miteinander um.", "de")
    assert "handel" in terms and "russland" in terms


def test_a_year_that_times_another_figure_is_not_compared_but_a_day_is():
    sentence = "2023 stieg der Handel auf 29 Millionen Dollar."
    year, trade = derive(sentence, "de", [Spec("date", "", "2023", "", 0, 4),
                                          Spec("money", "USD", "", "2023", 26, 45)])
    assert year[0] == "" and trade[0] == "money:USD"


def test_a_long_subject_is_cut_to_whole_terms_that_fit_its_column():
    words = " ".join(f"Wort{'x' * 60}{i}" for i in range(30)) + " 12 Container"
    (_, terms), = read(words, "12 Container", unit="Container")
    assert len(" ".join(terms)) <= 500 and all(len(t) <= 40 for t in terms) and terms[0] == "=q:container"


# --- comparison --------------------------------------------------------------------------------------------------

RECORD = "Der Wetterdienst meldete für Geilenhof am Mittwoch {}."


def test_a_plain_number_is_as_precise_as_it_is_written():
    a = figure(1, RECORD.format("40,5 Grad"), "40,5 Grad", 40.5, unit="Grad")
    b = figure(2, RECORD.format("40,6 Grad"), "40,6 Grad", 40.6, unit="Grad")
    assert compare(a, b).kind == "contradiction"
    twin = figure(3, RECORD.format("40,5 Grad"), "40,5 Grad", 40.5, unit="Grad")
    assert compare(a, twin).kind == "corroboration"
    money = "Für 2023 beziffert das Zollamt den Handel mit Nordkorea auf {}."
    rough = figure(4, money.format("29 Millionen Dollar"), "29 Millionen Dollar", 29e6, kind="money", unit="USD")
    exact = figure(5, money.format("29,4 Millionen Dollar"), "29,4 Millionen Dollar", 29.4e6, kind="money",
                   unit="USD")
    assert compare(rough, exact).kind == "corroboration"  # 29 millions are 28.5 to 29.5 millions


def test_hedges_give_bounds_that_may_meet():
    plant = "Harrach streicht in Schwarzach {}."
    about = figure(1, plant.format("rund 1.200 Stellen"), "rund 1.200 Stellen", 1200, low=1080, high=1320,
                   unit="Stellen")
    plain = figure(2, plant.format("1.100 Stellen"), "1.100 Stellen", 1100, unit="Stellen")
    other = figure(3, plant.format("1.250 Stellen"), "1.250 Stellen", 1250, unit="Stellen")
    assert compare(about, plain).kind == compare(about, other).kind == "corroboration"
    assert disagree(plain, other) and not disagree(about, other)  # 1.100 and 1.250 are apart as written


def test_names_at_the_figures_set_them_apart():
    cdu = figure(1, "Die CDU kam auf 29,8 Prozent.", "29,8 Prozent", 29.8, kind="percent")
    afd = figure(2, "Die AfD kam auf 24,2 Prozent.", "24,2 Prozent", 24.2, kind="percent")
    assert compare(cdu, afd) is None


def test_a_refused_pair_says_which_rule_refused_it():
    cdu = figure(1, "Die CDU kam auf 29,8 Prozent.", "29,8 Prozent", 29.8, kind="percent")
    afd = figure(2, "Die AfD kam auf 24,2 Prozent.", "24,2 Prozent", 24.2, kind="percent")
    assert judge(cdu, afd) == "names set them apart"
    far = figure(3, "Die CDU kam auf 49,8 Prozent.", "49,8 Prozent", 49.8, kind="percent")
    assert judge(cdu, far) == "too far apart for a slip"
    assert judge(cdu, figure(4, "Die CDU kam auf 29,8 Prozent.", "29,8 Prozent", 29.8, kind="percent")).kind \
        == "corroboration"


def test_two_reports_need_more_than_the_event_to_tie_two_figures():
    tied = figure(1, "In Rheinau fielen laut Betreiber 616 Flüge aus.", "616 Flüge", 616, unit="Flüge")
    same_place = figure(2, "In Rheinau strich der Betreiber 610 Flüge.", "610 Flüge", 610, unit="Flüge")
    assert compare(tied, same_place).kind == "contradiction"
    loose = figure(3, "Insgesamt fielen bundesweit rund 500 Flüge aus.", "rund 500 Flüge", 500, low=450,
                   high=550, unit="Flüge", title="Warnstreik in Rheinau")
    assert compare(tied, loose) is None


def test_swapped_digits_tie_two_precise_figures():
    a = figure(1, "Beim Turnier kamen 574.875 Besucher.", "574.875 Besucher", 574875, unit="Besucher",
               title="Rekord in Wembley")
    b = figure(2, "The tournament drew 547,875 spectators.", "547,875 spectators", 547875, unit="spectators",
               language="en", title="Record at Wembley")
    assert compare(a, b).kind == "contradiction"


def test_rival_counts_in_one_report_are_a_contradiction_only_when_disputed():
    sentence = ("Die Polizei schätzte rund 80.000 Menschen, die Veranstalter sprachen von 250.000 Teilnehmern; "
                "die Polizei nannte das nicht nachvollziehbar.")
    pair = ("rund 80.000 Menschen", "250.000 Teilnehmern")
    police = figure(1, sentence, pair[0], 80000, low=72000, high=88000, article=7, others=pair[1:], unit="x")
    organisers = figure(2, sentence, pair[1], 250000, article=7, others=pair[:1], unit="x")
    assert compare(police, organisers).kind == "contradiction"
    calm = sentence.split(";")[0] + "."
    police = figure(1, calm, pair[0], 80000, low=72000, high=88000, article=7, others=pair[1:], unit="x")
    organisers = figure(2, calm, pair[1], 250000, article=7, others=pair[:1], unit="x")
    assert compare(police, organisers) is None


def test_a_part_is_no_rival_of_the_whole():
    whole = figure(1, "Im Kreis Erlenau starben nach Polizeiangaben 112 Menschen.", "112 Menschen", 112,
                   article=3, unit="Menschen")
    part = figure(2, "Allein in der Kreisstadt Erlenau starben laut Stadtverwaltung 70 Menschen.", "70 Menschen",
                  70, article=3, unit="Menschen")
    assert compare(whole, part) is None


def test_a_correction_is_a_revision_and_a_later_toll_a_series():
    sentence = "Statt rund 1.200 sollen nun rund 950 Stellen wegfallen, teilte Harrach mit."
    old = figure(1, sentence, "rund 1.200", 1200, low=1080, high=1320, article=4, others=("rund 950 Stellen",))
    new = figure(2, sentence, "rund 950 Stellen", 950, low=855, high=1045, article=4, others=("rund 1.200",),
                 unit="Stellen")
    assert old.measure == new.measure == "count" and old.frame.quantity == new.frame.quantity == "jobs"
    assert compare(old, new).kind == "revision"
    thursday = figure(3, "Im Kreis Erlenau stieg die Zahl der Toten auf 50 Tote.", "50 Tote", 50, unit="Tote",
                      published=date(2021, 7, 16))
    saturday = figure(4, "Im Kreis Erlenau stieg die Zahl der Toten auf 90 Tote.", "90 Tote", 90, unit="Tote",
                      published=date(2021, 7, 17))
    assert compare(thursday, saturday).kind == "series"


def test_a_forecast_and_the_result_are_a_series():
    forecast = figure(1, "Die Linke liegt bei 16,0 Prozent.", "16,0 Prozent", 16.0, kind="percent",
                      title="Hochrechnung: CDU in Elbmark vorn")
    result = figure(2, "Die Linke kam auf 16,3 Prozent.", "16,3 Prozent", 16.3, kind="percent",
                    title="Endergebnis: CDU in Elbmark vorn")
    assert compare(forecast, result).kind == "series"


def test_the_headline_and_its_text_disagreeing_by_a_slip():
    head = figure(1, "Revision: 813,000 jobs vanish from the payroll count", "813,000 jobs", 813000, article=2,
                  unit="jobs", language="en")
    body = figure(2, "The statistics office removed 818,000 jobs from the count.", "818,000 jobs", 818000,
                  article=2, unit="jobs", language="en")
    assert compare(head, body) is None  # neither is the headline: two figures of one report
    headline = make_facts(1, 1, 2, None, head.measure, ("=h", *head.subject), head.text, 813000, 813000, 813000)
    assert numbers(headline, body, True)[0] == "contradiction"  # the rules allow it; the model weighs it


def test_the_model_reads_the_features_it_was_fitted_to():
    fitted = json.loads(model.WEIGHTS.read_text(encoding="utf-8"))
    assert tuple(fitted["features"]) == NAMES and len(fitted["coef"]) == len(NAMES)
    assert 0 < model.threshold() < 1
    one, other = (figure(id_, f"Harrach streicht {text}.", text, value, unit="Stellen")
                  for id_, text, value in ((1, "1.100 Stellen", 1100), (2, "1.250 Stellen", 1250)))
    assert len(pair_features(one, other)) == len(NAMES)


def test_a_contradiction_the_rules_allow_still_needs_the_models_support():
    plant = "Harrach streicht in Schwarzach {}."
    plain = figure(1, plant.format("1.100 Stellen"), "1.100 Stellen", 1100, unit="Stellen")
    backed = figure(2, plant.format("1.200 Stellen"), "1.200 Stellen", 1200, unit="Stellen")
    unbacked = figure(3, plant.format("1.250 Stellen"), "1.250 Stellen", 1250, unit="Stellen")
    assert numbers(plain, backed, False)[0] == numbers(plain, unbacked, False)[0] == "contradiction"
    likely, unlikely = (model.probability(pair_features(plain, other)) for other in (backed, unbacked))
    assert unlikely < RULES_BACKED <= likely < model.threshold()
    assert judge(plain, unbacked) == "the model finds them unlike one figure"
    found = judge(plain, backed)
    assert found.kind == "contradiction" and found.score == round(likely, 3)  # ranked by the model


def test_a_publication_date_not_given_counts_as_the_average_gap():
    plant = "Harrach streicht in Schwarzach {}."
    undated = [figure(id_, plant.format(text), text, value, unit="Stellen", published=None)
               for id_, text, value in ((1, "1.100 Stellen", 1100), (2, "1.200 Stellen", 1200))]
    features = pair_features(*undated)
    assert features[NAMES.index("days_apart")] is None
    same_day, a_month = list(features), list(features)
    same_day[NAMES.index("days_apart")], a_month[NAMES.index("days_apart")] = 0.0, 3.0
    assert model.probability(a_month) < model.probability(features) < model.probability(same_day)


def test_copies_of_one_wire_text_do_not_corroborate_each_other():
    a = figure(1, RECORD.format("40,5 Grad"), "40,5 Grad", 40.5, unit="Grad")
    copy = figure(2, RECORD.format("40,5 Grad"), "40,5 Grad", 40.5, unit="Grad", origin=1)
    assert compare(a, copy) is None


def dated(id_: int, value: str, subject: tuple[str, ...], article: int | None = None) -> Facts:
    return make_facts(id_, id_, article or id_, None, "date", subject, value, date_value=value)


def test_dates_of_one_happening_a_month_apart_contradict():
    veto = ("=q:date", "russland", "sicherheitsrat", "veto", "gremium")
    match = compare(dated(1, "2024-03", veto), dated(2, "2024-04", veto))
    assert match.kind == "contradiction" and match.details["gap_days"] == 31
    assert compare(dated(3, "2023-09", veto), dated(4, "2024-04", veto)) is None  # another vote
    visit = ("=q:date", "putin", "besuch", "nordkorea")
    trip = ("=q:date", "putin", "jakutien", "nordkorea")
    assert compare(dated(5, "2024-06-18", trip), dated(6, "2024-06-19", visit)) is None  # no shared happening
    assert compare(dated(7, "2024-06", visit), dated(8, "2024-06-19", visit)).kind == "corroboration"


def test_names_alone_are_not_a_shared_subject():
    assert similarity(frozenset({"russland", "nordkorea", "mitglied"}),
                      frozenset({"russland", "nordkorea", "soldat"})) == (0.0, [])


def test_the_explanation_says_who_when_what_ties_them_and_the_verdict():
    a = figure(1, "In Rheinau fielen laut Betreiber am Dienstag 616 Flüge aus.", "616 Flüge", 616, unit="Flüge")
    b = figure(2, "In Rheinau strich der Betreiber am Dienstag 610 Flüge.", "610 Flüge", 610, unit="Flüge")
    a = make_facts(*[getattr(a, f) for f in ("id", "claim", "article", "origin", "measure", "subject", "text",
                                              "value", "low", "high")], outlet="Alpenpost")
    match = compare(a, b)
    text = explain.explanation(a, b, match)
    for part in ("Alpenpost (article 1): «616 Flüge»", "«610 Flüge»", "operator", "quantity (flights)",
                 "Rheinau", "the figures do not overlap", f"Score {match.score:.2f}"):
        assert part in text, part
    details = explain.details(a, b, match)
    assert details["bounds"][0] == [pytest.approx(615.505), pytest.approx(616.495)]
    assert "same source (operator)" in details["same"]


# --- blocking ----------------------------------------------------------------------------------------------------


def amount(id_, value, *, subject=("=q:container", "=n:wonsan", "container", "lieferung", "nordkorea", "russland"),
           article=None, as_of="", measure_="count:container", claim=None) -> Facts:
    return make_facts(id_, claim or id_, id_ if article is None else article, None, measure_, tuple(subject), "x",
                      value, value, value, "", as_of)


def test_stored_keys_are_stable_and_file_names_and_pairs_of_words():
    pairs = blocking.key_pairs("count:container", ["=n:wonsan", "container", "russland", "nordkorea"], 7)
    assert ("count:container", "nordkorea", "russland") not in pairs  # two names tie nothing
    assert ("count:container", "container", "russland") in pairs and ("count:container", "(article)", "7") in pairs
    assert ("count:container", "(name)", "wonsan") in pairs
    assert blocking.stored_key(pairs[0]) == blocking.stored_key(tuple(pairs[0]))


def test_stored_keys_do_not_change_with_the_process():
    # Python salts its own str hash per process; keys in the database must not depend on that.
    script = "from claims.matching.blocking import stored_key; print(stored_key(('date', 'veto', 'russland')))"
    runs = {subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
                           capture_output=True, text=True, check=True).stdout for seed in ("1", "2")}
    assert runs == {f"{blocking.stored_key(('date', 'veto', 'russland'))}\n"}


def test_a_figure_keeps_its_best_few_of_each_kind_once_per_report():
    newest = amount(100, 7000)
    older = [amount(i, 7000, article=i) for i in range(1, 20)] + [amount(20, 7000, article=19)]
    kept = blocking.best(newest, older)
    assert len(kept) == blocking.PER_KIND["corroboration"]
    assert [match.score for _, match in kept] == sorted((m.score for _, m in kept), reverse=True)


def random_figures(seed: int, count: int) -> list[Facts]:
    rng = random.Random(seed)
    words = ["container", "soldat", "handel", "veto", "lieferung", "rakete", "=n:wonsan", "=n:kaesong", "=s:record"]
    figures = []
    for id_ in range(1, count + 1):
        subject = ("=q:container", *rng.sample(words, rng.randint(2, 5)))
        value = rng.choice([1000, 1020, 3000, 5000, 7000, 7100, 50_000])
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
    assert blocked == every and len(set(blocked.values())) >= 2  # not vacuous: several kinds come about


def test_the_likeliest_share_the_most_keys_and_the_newest_win_ties(monkeypatch):
    monkeypatch.setattr(blocking, "COMPARED", 3)
    assert blocking.likeliest([[1, 2, 3, 4], [2, 4], [4, 5]]) == [4, 2, 5]
    assert blocking.likeliest([[7, 8]]) == [7, 8]


def test_a_figure_meets_the_latest_figures_under_each_key(monkeypatch):
    monkeypatch.setattr(blocking, "WINDOW", 3)
    crowd = [amount(i, 7000, subject=("=q:container", "=n:wonsan", "container", "lieferung"), article=i)
             for i in range(1, 8)]
    met = {}
    for newer, older, _ in blocking.full_pass(crowd):
        met.setdefault(newer.id, set()).add(older.id)
    # Each sees the three before it under each key they share, the best two of which it keeps.
    assert met[7] <= {4, 5, 6} and len(met[7]) == blocking.PER_KIND["corroboration"]
    assert 1 not in met[7] and met[2] == {1}


def test_no_pair_is_reported_twice():
    figures = random_figures(11, 80)
    pairs = [(older.id, newer.id) for newer, older, _ in blocking.full_pass(figures)]
    assert len(pairs) == len(set(pairs)) and all(a < b for a, b in pairs)
    assert not any(set(p) == set(q) for p, q in combinations(pairs[:50], 2))
