"""Score the extractor against the labelled corpus in tests/claims/corpus/ (see docs/figures.md)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from claims.extraction import extract
from tests.claims.corpus_lint import labels_of

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
# Written later, by someone who never saw the extractor, to check it on text it was not developed against.
HELD_OUT = HERE / "corpus_heldout"
# Written blind for issue 13 in the genres of real published text (statistics offices, agencies, German, Austrian
# and Swiss outlets, sports, police, company results): A before the extractor was changed for them, B by writers
# who saw neither the code nor A.
REAL_A = HERE / "corpus_real_a"
REAL_B = HERE / "corpus_real_b"
CORPORA = [CORPUS, HELD_OUT, REAL_A, REAL_B]


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    trap_hits: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    agree: Counter = field(default_factory=Counter)
    speakers: Counter = field(default_factory=Counter)
    speaker_misses: list[str] = field(default_factory=list)
    as_of_misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0


def nth(text: str, needle: str, occurrence: int) -> tuple[int, int]:
    position = -1
    for _ in range(occurrence):
        position = text.find(needle, position + 1)
        if position < 0:
            raise AssertionError(f"label {needle!r} #{occurrence} is not in the text")
    return position, position + len(needle)


def same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return Decimal(str(a)) == Decimal(str(b))


def evaluate(corpus: Path = CORPUS) -> dict[str, Score]:
    labels = labels_of(corpus)
    scores: dict[str, Score] = defaultdict(Score)
    for name, label in sorted(labels.items()):
        text = (corpus / name).read_bytes().decode("utf-8")
        claims = extract(text, language=label["language"], published=date.fromisoformat(label["published"]))
        _score_file(name, text, label, claims, scores[label["language"]])
    return dict(scores)


def _score_file(name: str, text: str, label: dict, claims: list[dict], score: Score) -> None:
    predicted = [f for claim in claims for f in claim["figures"]]
    used: set[int] = set()
    for gold in label["figures"]:
        start, end = nth(text, gold["text"], gold.get("occurrence", 1))
        score.gold += 1
        match = next((i for i, f in enumerate(predicted)
                      if i not in used and f["start"] < end and start < f["end"]), None)
        where = f"{name}: {gold['text']!r}"
        if match is None:
            score.missed.append(where)
            continue
        used.add(match)
        score.found += 1
        got = predicted[match]
        if not all(same_number(got[k], gold[k]) for k in ("value", "low", "high")):
            score.wrong.append(f"{where} gold {[gold[k] for k in ('value', 'low', 'high')]} "
                               f"got {[got[k] for k in ('value', 'low', 'high')]} from {got['text']!r}")
        for key in ("kind", "unit", "qualifier", "as_of"):
            score.agree[key] += got[key] == gold[key]
        if got["as_of"] != gold["as_of"]:
            score.as_of_misses.append(f"{where} as_of {gold['as_of']!r} got {got['as_of']!r}")
        score.agree["span"] += (got["start"], got["end"]) == (start, end)
    traps = [nth(text, t["text"], t.get("occurrence", 1)) for t in label.get("traps", [])]
    for index, got in enumerate(predicted):
        if index in used:
            continue
        if any(got["start"] < e and s < got["end"] for s, e in traps):
            score.trap_hits.append(f"{name}: {got['text']!r}")
        else:
            score.extra.append(f"{name}: {got['text']!r}")
    for wanted in label.get("speakers", []):
        claim = next((c for c in claims if wanted["sentence_contains"] in c["text"]), None)
        score.speakers["labelled"] += 1
        got = claim["speaker"] if claim else None
        score.speakers["right"] += got == wanted["speaker"]
        if got != wanted["speaker"]:
            score.speaker_misses.append(f"{name}: {wanted['speaker']!r} got {got!r} "
                                        f"in {wanted['sentence_contains']!r}")


def report(scores: dict[str, Score]) -> str:
    lines = []
    for language, s in sorted(scores.items()):
        agree = ", ".join(f"{k} {v}/{s.found}" for k, v in sorted(s.agree.items()))
        lines.append(
            f"{language}: {s.gold} labelled, recall {s.recall:.3f}, wrong values {len(s.wrong)}, "
            f"trap hits {len(s.trap_hits)}, unlabelled extra {len(s.extra)}; agreement {agree}; "
            f"speakers {s.speakers['right']}/{s.speakers['labelled']}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    results = evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
    print(report(results))
    for language, s in results.items():
        for kind in ("missed", "wrong", "trap_hits", "extra", "speaker_misses", "as_of_misses"):
            for item in getattr(s, kind):
                print(f"  {language} {kind}: {item}")
