"""Fit the contradiction model (claims/matching/model.json) to the labelled conflict corpora, and say how well
it does on events it was not fitted to.

Every pair of numeric figures the recompute compares (claims.matching.blocking) whose values do not agree is an
example; the labelled contradictions are the positives, everything else (series, revisions, traps, unlabelled
pairs) the negatives. The score printed first is leave-events-out: the corpora's events are split into eight
folds and each fold is scored by a model fitted to the other seven, so no event is scored by a model that saw it.
The threshold is the one with the best F0.5 there (precision counts twice: an editor's time is the scarce thing).
Then the model is fitted to all of it.

Needs numpy and scikit-learn (requirements-dev.txt). Run from the project root, on a scratch database of its own:
    python -m tests.claims.train_conflicts [--check]
--check fits again and fails if model.json differs from what the corpora give (tests run it).
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
CORPORA = ("conflict_corpus_real", "conflict_corpus_heldout")
FOLDS = 8
THRESHOLDS = [step / 100 for step in range(10, 91, 5)]


def main(check: bool = False) -> int:
    scratch = Path(tempfile.mkdtemp()) / "train.sqlite3"
    os.environ.update(DATABASE_URL=f"sqlite:///{scratch}", DJANGO_SETTINGS_MODULE="factcheck.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rows, positives, groups = [], [], []
    for name in CORPORA:
        found = examples(HERE / name)
        rows += found[0]
        positives += found[1]
        groups += [f"{name}:{group}" for group in found[2]]
    fitted = fit(rows, positives, groups)
    path = Path(__file__).parents[2] / "claims" / "matching" / "model.json"
    if check:
        stored = json.loads(path.read_text(encoding="utf-8"))
        same = stored["features"] == fitted["features"] and stored["threshold"] == fitted["threshold"] and all(
            abs(x - y) < 1e-6 for x, y in zip(stored["coef"], fitted["coef"], strict=True))
        print("model.json is current" if same else "model.json is NOT what the corpora give: train again")
        return 0 if same else 1
    path.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


def examples(corpus: Path) -> tuple[list[list[float]], list[bool], list[str]]:
    """(features, is a labelled contradiction, event) for every pair the model is asked about."""
    from unittest import mock

    from claims import services
    from claims.matching.features import pair_features
    from claims.models import Figure
    from claims.store import as_facts, rows_of
    from tests.claims import conflict_eval

    with mock.patch("claims.services.ingest.detect_after_commit"):
        articles = conflict_eval.ingest(corpus)
    ids = list(Figure.objects.filter(claim__article__in=articles.values()).values_list("pk", flat=True))
    services.figures_derive(claim_ids=Figure.objects.filter(pk__in=ids).values_list("claim_id", flat=True))
    figures = [as_facts(row) for row in rows_of("f.id", ids)]
    files = {article.pk: name for name, article in articles.items()}
    contradictions = set()
    for label in conflict_eval.labelled(corpus):
        a, b = conflict_eval.figure_of(articles, label["a"]), conflict_eval.figure_of(articles, label["b"])
        if label["kind"] == "contradiction" and a and b and a != b:
            contradictions.add((min(a.pk, b.pk), max(a.pk, b.pk)))
    rows, positives, groups = [], [], []
    for a, b in candidate_pairs(figures):
        rows.append(pair_features(a, b))
        positives.append((a.id, b.id) in contradictions)
        groups.append(re.sub(r"-\d\d-.*", "", files[a.article]))
    print(f"{corpus.name}: {len(rows)} pairs, {sum(positives)} of {len(contradictions)} labelled contradictions")
    return rows, positives, groups


def candidate_pairs(figures):
    """The disagreeing numeric pairs the full recompute asks the model about (claims.matching.blocking)."""
    from claims.matching.blocking import candidates
    from claims.matching.compare import disagree

    for figure, others in candidates(sorted(figures, key=lambda f: f.id)):
        for other in others:
            if other.measure == figure.measure and disagree(other, figure):
                yield other, figure


def fit(rows, positives, groups) -> dict:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from sklearn.preprocessing import StandardScaler

    from claims.matching.features import NAMES

    x, y = np.array(rows, dtype=float), np.array(positives)  # None (not said) becomes nan
    x = np.where(np.isnan(x), np.nanmean(x, axis=0), x)  # and then the average, as model.probability reads it
    scores = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=FOLDS).split(x, y, groups):
        scaler = StandardScaler().fit(x[train])
        model = LogisticRegression(max_iter=5000).fit(scaler.transform(x[train]), y[train])
        scores[test] = model.predict_proba(scaler.transform(x[test]))[:, 1]
    print(f"leave-events-out ({FOLDS} folds, {len(set(groups))} events, {int(y.sum())} contradictions):")
    best, chosen = -1.0, THRESHOLDS[0]
    for threshold in THRESHOLDS:
        suggested = scores >= threshold
        found = int((suggested & y).sum())
        precision, recall = found / max(int(suggested.sum()), 1), found / int(y.sum())
        f_half = 1.25 * precision * recall / (0.25 * precision + recall) if found else 0.0
        print(f"  from {threshold:.2f}: {found}/{int(y.sum())} found ({recall:.0%}), {int(suggested.sum())} "
              f"suggested, {precision:.0%} real, F0.5 {f_half:.3f}")
        if f_half > best:
            best, chosen = f_half, threshold
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(max_iter=5000).fit(scaler.transform(x), y)
    print(f"threshold {chosen:.2f}")
    return {"features": list(NAMES), "mean": scaler.mean_.round(8).tolist(),
            "scale": [float(round(s, 8)) or 1.0 for s in scaler.scale_], "coef": model.coef_[0].round(8).tolist(),
            "intercept": round(float(model.intercept_[0]), 8), "threshold": chosen}


if __name__ == "__main__":
    sys.exit(main(check="--check" in sys.argv))
