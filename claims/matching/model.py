"""How likely two disagreeing figures are one figure reported two ways: a logistic model over the pair's
features (claims.matching.features), fitted to labelled coverage by tests/claims/train_conflicts.py, which
writes model.json. Plain arithmetic here, so the app needs no numeric library at run time.
"""

from __future__ import annotations

import json
import math
from functools import cache
from operator import mul
from pathlib import Path

from .features import NAMES

WEIGHTS = Path(__file__).with_name("model.json")


@cache
def _weights() -> tuple[float, tuple[float, ...], tuple[float, ...], float]:
    """The intercept and one weight per raw feature (the scaling folded in), the features' means, the threshold."""
    found = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    if tuple(found["features"]) != NAMES or len(found["coef"]) != len(NAMES):
        raise RuntimeError(f"{WEIGHTS} was fitted to other features: run python -m tests.claims.train_conflicts")
    weights = tuple(coef / scale for coef, scale in zip(found["coef"], found["scale"], strict=True))
    intercept = found["intercept"] - sum(mean * weight for mean, weight in zip(found["mean"], weights, strict=True))
    return intercept, weights, tuple(found["mean"]), found["threshold"]


def threshold() -> float:
    """The probability from which a pair is suggested as a contradiction (chosen for precision first)."""
    return _weights()[3]


def probability(features: list[float | None]) -> float:
    intercept, weights, means, _ = _weights()
    if None in features:  # a value the text does not give counts as the average: neither for nor against
        features = [mean if value is None else value for value, mean in zip(features, means, strict=True)]
    score = intercept + sum(map(mul, weights, features))  # runs for every disagreeing pair: no Python loop
    return 1 / (1 + math.exp(-score)) if score > -30 else 0.0
