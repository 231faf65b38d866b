"""The extractor against the labelled corpora (written to docs/figures.md; see corpus_eval for who wrote which)."""

from __future__ import annotations

import pytest

from tests.claims import corpus_lint
from tests.claims.corpus_eval import CORPORA, CORPUS, REAL_A, REAL_B, evaluate, labels_of, report

MIN_RECALL = 0.97
MAX_EXTRA_SHARE = 0.03  # unlabelled figures, per labelled figure
MIN_SPEAKERS = 0.85


@pytest.fixture(scope="module", params=CORPORA, ids=[corpus.name for corpus in CORPORA])
def scores(request):
    results = evaluate(request.param)
    with request.config.pluginmanager.get_plugin("capturemanager").global_and_fixture_disabled():
        print(f"\nextraction, {request.param.name}:\n{report(results)}")
    return results


@pytest.mark.parametrize("corpus", CORPORA, ids=[corpus.name for corpus in CORPORA])
def test_the_labels_keep_to_the_rulebook(corpus):
    assert corpus_lint.problems_in(corpus) == []


def _sizes(corpus, language):
    chosen = [label for label in labels_of(corpus).values() if label["language"] == language]
    return (len(chosen), sum(len(label["figures"]) for label in chosen),
            sum(len(label.get("traps", [])) for label in chosen))


def test_our_corpus_is_big_enough_to_mean_something():
    (de_files, de_figures, de_traps), (en_files, en_figures, en_traps) = (_sizes(CORPUS, "de"), _sizes(CORPUS, "en"))
    assert de_files >= 12 and en_files >= 4
    assert de_figures + en_figures >= 200 and de_traps + en_traps >= 30


@pytest.mark.parametrize("corpus", [REAL_A, REAL_B], ids=["real_a", "real_b"])
def test_each_corpus_of_real_genres_holds_400_figures_and_80_traps(corpus):
    sizes = [_sizes(corpus, language) for language in ("de", "en")]
    assert all(files >= 5 for files, _, _ in sizes)
    assert sum(figures for _, figures, _ in sizes) >= 400
    assert sum(traps for _, _, traps in sizes) >= 80


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


@pytest.mark.parametrize("language", ["de", "en"])
def test_speakers(scores, language):
    speakers = scores[language].speakers
    assert speakers["right"] >= MIN_SPEAKERS * speakers["labelled"], f"{speakers['right']}/{speakers['labelled']}"
