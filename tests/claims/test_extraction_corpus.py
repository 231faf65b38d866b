"""The extractor against the labelled corpus (tests/claims/corpus, written to docs/figures.md)."""

from __future__ import annotations

import json

import pytest

from tests.claims.corpus_eval import CORPUS, HELD_OUT, evaluate, report

MIN_RECALL = 0.95
MAX_EXTRA_SHARE = 0.05  # unlabelled figures, per labelled figure


@pytest.fixture(scope="module", params=[CORPUS, HELD_OUT], ids=["corpus", "held-out"])
def scores(request):
    results = evaluate(request.param)
    with request.config.pluginmanager.get_plugin("capturemanager").global_and_fixture_disabled():
        print(f"\nextraction, {request.param.name}:\n{report(results)}")
    return results


def test_the_corpus_is_big_enough_to_mean_something():
    labels = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
    languages = [label["language"] for label in labels.values()]
    assert languages.count("de") >= 12 and languages.count("en") >= 4
    assert sum(len(label["figures"]) for label in labels.values()) >= 200
    assert sum(len(label.get("traps", [])) for label in labels.values()) >= 30


@pytest.mark.parametrize("language", ["de", "en"])
def test_recall(scores, language):
    score = scores[language]
    assert score.recall >= MIN_RECALL, "\n".join(score.missed)


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_wrong_value_or_bound(scores, language):
    assert scores[language].wrong == []


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_figure_from_a_trap(scores, language):
    assert scores[language].trap_hits == []


@pytest.mark.parametrize("language", ["de", "en"])
def test_few_figures_nobody_labelled(scores, language):
    score = scores[language]
    assert len(score.extra) <= MAX_EXTRA_SHARE * score.gold, "\n".join(score.extra)
