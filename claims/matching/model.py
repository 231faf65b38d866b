"""How likely two disagreeing figures are one figure reported two ways: a logistic model over the pair's
features (claims.matching.features), fitted to labelled coverage by tests/claims/train_conflicts.py, which
writes model.json. Plain arithmetic here, so the app needs no numeric library at run time.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from .features import NAMES

WEIGHTS = Path(__file__).with_name("model.json")


@cache
def _weights() -> tuple[float, tuple[tuple[float, float, float], ...], float]:
    found = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    if tuple(found["features"]) != NAMES or len(found["coef"]) != len(NAMES):
        raise RuntimeError(f"{WEIGHTS} was fitted to other features: run python -m tests.claims.train_conflicts")
    terms = tuple(zip(found["mean"], found["scale"], found["coef"], strict=True))
    return found["intercept"], terms, found["threshold"]


def threshold() -> float:
    """The probability from which a pair is suggested as a contradiction (chosen for precision first)."""
    return _weights()[2]


def probability(features: list[float]) -> float:
    intercept, terms, _ = _weights()
    score = intercept
    for value, (mean, scale, coef) in zip(features, terms, strict=True):
        score += (value - mean) / scale * coef
    return 1 / (1 + math.exp(-score)) if score > -30 else 0.0
