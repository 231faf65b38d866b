"""Figures read right on real published genres, side by side with quantulum3 on the English part.

    .venv/bin/pip install -r bench/requirements.txt
    .venv/bin/python -m bench.extraction_accuracy

For every labelled amount (dates left out: quantulum3 reads none) in the English files of the corpora written blind
for issue 13, whether each extractor finds a quantity overlapping its span and whether that quantity has the
labelled value; and how many quantities each reads inside the traps (section numbers, scores, phone numbers …).
"""

from __future__ import annotations

import warnings
from datetime import date
from decimal import Decimal

from claims.extraction import extract
from tests.claims.corpus_eval import REAL_A, REAL_B, labels_of, nth


def spans_ours(text: str, published: date) -> list[tuple[int, int, Decimal]]:
    return [(f["start"], f["end"], Decimal(str(f["value"])))
            for claim in extract(text, language="en", published=published) for f in claim["figures"]
            if f["kind"] != "date"]


def spans_quantulum(text: str, _published: date) -> list[tuple[int, int, Decimal]]:
    from quantulum3 import parser

    return [(q.span[0], q.span[1], Decimal(str(q.value))) for q in parser.parse(text)]


def score(read) -> dict[str, int]:
    counts = {"labelled": 0, "found": 0, "right": 0, "trap_hits": 0}
    for corpus in (REAL_A, REAL_B):
        for name, label in sorted(labels_of(corpus).items()):
            if label["language"] != "en":
                continue
            text = (corpus / name).read_text(encoding="utf-8")
            got = read(text, date.fromisoformat(label["published"]))
            for gold in label["figures"]:
                if gold["kind"] == "date":
                    continue
                start, end = nth(text, gold["text"], gold.get("occurrence", 1))
                counts["labelled"] += 1
                hits = [value for s, e, value in got if s < end and start < e]
                counts["found"] += bool(hits)
                counts["right"] += Decimal(str(gold["value"])) in hits
            for trap in label.get("traps", []):
                start, end = nth(text, trap["text"], trap.get("occurrence", 1))
                counts["trap_hits"] += any(s < end and start < e for s, e, _ in got)
    return counts


def main() -> None:
    warnings.simplefilter("ignore")
    ours = score(spans_ours)
    print(f"English amounts labelled in corpus_real_a and corpus_real_b: {ours['labelled']}")
    rows = [("ours", ours)]
    try:
        rows.append(("quantulum3", score(spans_quantulum)))
    except ImportError:
        print("quantulum3: not installed (pip install -r bench/requirements.txt)")
    for who, counts in rows:
        print(f"{who:11}: found {counts['found'] / counts['labelled']:.1%}, right value "
              f"{counts['right'] / counts['labelled']:.1%}, quantities read inside traps {counts['trap_hits']}")
    if len(rows) == 2:
        print(f"ratio of right values ours/quantulum3: {ours['right'] / max(rows[1][1]['right'], 1):.2f}x")


if __name__ == "__main__":
    main()
