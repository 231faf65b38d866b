"""The extractor on a selection (claims.extraction.figures_within, read_selection) reads what whole-text extraction
reads there: the same figures with the same times, on every article of the corpora written in the genres of real
published text (no Django needed)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from claims import extraction
from tests.claims.corpus_eval import labels_of

HERE = Path(__file__).parent
CORPORA = [HERE / "corpus_real_a", HERE / "corpus_real_b", HERE / "corpus_heldout"]
ARTICLES = [(corpus, name, label) for corpus in CORPORA for name, label in sorted(labels_of(corpus).items())]


def as_tuples(figures) -> list[tuple]:
    return [(f.start, f.end, f.kind, f.value, f.low, f.high, f.unit, f.qualifier, f.as_of) for f in figures]


@pytest.mark.parametrize(("corpus", "name", "label"), ARTICLES, ids=[f"{c.name}/{n}" for c, n, _ in ARTICLES])
def test_a_selection_reads_the_figures_and_times_whole_text_extraction_reads(corpus, name, label):
    text = (corpus / name).read_bytes().decode("utf-8")
    context = {"language": label["language"], "published": date.fromisoformat(label["published"])}
    claims = list(extraction.iter_claims(text, **context))
    every = [figure for claim in claims for figure in claim.figures]
    # Each sentence selected alone, and stretches of several sentences (seeded, so a failure repeats).
    for claim in claims:
        assert as_tuples(extraction.figures_within(text, claim.start, claim.end, **context)) == as_tuples(
            claim.figures)
    spans = random.Random(name)
    for _ in range(10):
        start, end = sorted(spans.sample(range(len(text) + 1), 2))
        inside = [f for f in every if start <= f.start and f.end <= end]
        assert as_tuples(extraction.figures_within(text, start, end, **context)) == as_tuples(inside)
    # A figure selected exactly reads as extraction read it.
    for figure in every[:: max(1, len(every) // 15)]:
        assert as_tuples([extraction.read_selection(text, figure.start, figure.end, **context)]) == as_tuples(
            [figure])


def test_words_the_extractor_does_not_take_for_a_figure_are_read_on_their_own():
    text = "Der Bericht nennt 14 Tage. Abbildung 3 zeigt den Verlauf."
    start = text.index("Abbildung 3") + len("Abbildung ")
    read = extraction.read_selection(text, start, start + 1, language="de", published=date(2024, 6, 20))
    assert read is not None and read.value == 3 and (read.start, read.end) == (start, start + 1)
    assert extraction.read_selection(text, 0, len("Der Bericht"), language="de") is None
