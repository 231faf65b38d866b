"""Score the named-source reader on a labelled sentence set: `python -m tests.claims.attribution_eval FILE [-v]`.

A found source matches a label when their spans overlap (a label's span is where its name stands in the
sentence); each label and each found source matches at most once. Kinds are scored among the matches.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

from claims.extraction import attributions

CORPUS = Path(__file__).parent / "attribution_corpus"


@dataclass
class Score:
    labels: int = 0
    found: int = 0
    matched: int = 0
    kind_right: int = 0
    misses: list = field(default_factory=list)
    false: list = field(default_factory=list)
    kinds: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labels if self.labels else 1.0

    def line(self, name: str) -> str:
        return (f"{name}: {self.labels} labelled, {self.found} found, {self.matched} right; precision "
                f"{self.precision:.1%}, recall {self.recall:.1%}, kind right {self.kind_right}/{self.matched}")


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(path: Path) -> Score:
    score = Score()
    for row in rows(path):
        text = row["text"]
        labels = [(text.index(s["name"]), text.index(s["name"]) + len(s["name"]), s) for s in row["sources"]]
        found = attributions.find(text)
        score.labels += len(labels)
        score.found += len(found)
        unmatched = list(labels)
        for named in found:
            label = next((lab for lab in unmatched if lab[0] < named.end and named.start < lab[1]), None)
            if label is None:
                score.false.append((row["id"], named.name, named.kind, text))
                continue
            unmatched.remove(label)
            score.matched += 1
            if named.kind == label[2]["kind"]:
                score.kind_right += 1
            else:
                score.kinds.append((row["id"], named.name, named.kind, label[2]["kind"]))
        score.misses += [(row["id"], lab[2]["name"], lab[2]["kind"], text) for lab in unmatched]
    return score


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    for path in args.paths or sorted(CORPUS.glob("*.jsonl")):
        score = evaluate(path)
        print(score.line(path.name))
        if args.verbose:
            for what, items in (("missed", score.misses), ("false", score.false), ("kind", score.kinds)):
                for item in items:
                    print(f"  {what}: {item}")


if __name__ == "__main__":
    main()
