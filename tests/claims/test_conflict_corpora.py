"""Conflict detection scored on coverage of real events by several outlets (issue 14).

`conflict_corpus_real` is the corpus the frame rules were developed on; `conflict_corpus_heldout` was written
blind by six writers who saw neither code nor that corpus; the contradiction model (claims.matching.model) is
fitted to both. `conflict_corpus_blind` was written blind by two more writers and is never trained on: its score
is the one that says how detection generalises (see each folder's README for first runs). The issue's targets
(80 % of contradictions found, 90 % of suggested contradictions real) hold on none of them yet: the floors below
are what detection reaches today, so a change that makes it worse fails here, and the scores print with every run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.claims import conflict_eval

HELDOUT = conflict_eval.CORPUS.parent / "conflict_corpus_heldout"
BLIND = conflict_eval.CORPUS.parent / "conflict_corpus_blind"
MAX_MEAN_SUGGESTIONS = 10  # the review load: 10 per report


def scored(corpus, capture, request):
    with capture(execute=True):
        articles = conflict_eval.ingest(corpus)
    score = conflict_eval.evaluate(articles, corpus)
    with request.config.pluginmanager.get_plugin("capturemanager").global_and_fixture_disabled():
        print(f"\nconflict detection, {corpus.name}:\n{conflict_eval.report(score)}")
    return score


# What detection reaches on each corpus today, as floors: contradictions found, suggested contradictions that
# are labelled, and labelled series, revisions, corroborations or traps called a contradiction (at most).
FLOORS = {
    "built-from": (conflict_eval.REAL, 0.63, 0.80, 0),  # 24/38, 24/29, none
    "fitted-to": (HELDOUT, 0.15, 0.50, 1),  # 28/176, 28/56, one trap
    "never-seen": (BLIND, 0.17, 0.50, 3),  # 25/139, 25/49, two traps and a series
}


@pytest.mark.django_db
@pytest.mark.parametrize("corpus", FLOORS)
def test_scores_on_real_coverage_do_not_fall(corpus, django_capture_on_commit_callbacks, request):
    folder, found, real, false = FLOORS[corpus]
    score = scored(folder, django_capture_on_commit_callbacks, request)
    assert score.recall("contradiction") >= found, "\n".join(score.missed)
    assert score.precision >= real, "\n".join(score.unlabelled_contradictions)
    assert len(score.false_contradictions) <= false, "\n".join(score.false_contradictions)
    assert score.mean_per_article <= MAX_MEAN_SUGGESTIONS


def test_the_shipped_model_is_what_the_corpora_train():
    # model.json is fitted by a script, not by hand: fitting again on the labelled corpora gives the same weights.
    done = subprocess.run([sys.executable, "-m", "tests.claims.train_conflicts", "--check"], capture_output=True,
                          text=True, cwd=Path(__file__).parents[2], timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


def test_the_held_out_corpus_is_big_enough_to_mean_something():
    labels = conflict_eval.labelled(HELDOUT)
    kinds = [label["kind"] for label in labels]
    inside = [label for label in labels
              if label["kind"] == "contradiction" and label["a"]["file"] == label["b"]["file"]]
    assert kinds.count("contradiction") >= 100 and len(inside) >= 20
    assert kinds.count("series") >= 50 and kinds.count("revision") >= 40 and kinds.count("not_contradiction") >= 150


@pytest.mark.parametrize("corpus", [conflict_eval.REAL, HELDOUT, BLIND], ids=["real", "heldout", "blind"])
def test_every_label_points_at_its_text(corpus):
    checker = Path(__file__).parent / "check_conflict_labels.py"
    run = subprocess.run([sys.executable, str(checker), str(corpus)], capture_output=True, text=True, check=False)
    assert run.returncode == 0 and "ERROR" not in run.stdout, run.stdout
