"""Score conflict detection against the labelled corpus in tests/claims/conflict_corpus (needs a database)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from claims import services
from claims.models import Article, Conflict, Figure

CORPUS = Path(__file__).parent / "conflict_corpus"


@dataclass
class Score:
    labels: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    missed: list[str] = field(default_factory=list)
    false_contradictions: list[str] = field(default_factory=list)  # a trap, twin or series called one
    unlabelled_contradictions: list[str] = field(default_factory=list)
    per_article: dict[str, int] = field(default_factory=dict)

    def recall(self, kind: str) -> float:
        return self.found[kind] / self.labels[kind] if self.labels[kind] else 1.0


def ingest(corpus: Path = CORPUS) -> dict[str, Article]:
    """Store every article of the corpus with the claims the extractor finds, in file name order."""
    meta = json.loads((corpus / "articles.json").read_text(encoding="utf-8"))
    articles = {}
    for name in sorted(meta):
        entry = meta[name]
        articles[name] = services.article_ingest(
            title=entry["title"], text=(corpus / name).read_text(encoding="utf-8"), url=entry["url"],
            publisher=entry["publisher"], published=date.fromisoformat(entry["published"]),
            language=entry["language"],
        )
    return articles


def figure_of(articles: dict[str, Article], side: dict) -> Figure:
    matches = list(Figure.objects.filter(claim__article=articles[side["file"]], text=side["figure"]).order_by("start"))
    if len(matches) < side.get("occurrence", 1):
        raise AssertionError(f"no figure «{side['figure']}» in {side['file']}: the extractor changed?")
    return matches[side.get("occurrence", 1) - 1]


def evaluate(articles: dict[str, Article], corpus: Path = CORPUS) -> Score:
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    stored = {(c.figure_a_id, c.figure_b_id): c.kind for c in Conflict.objects.all()}
    score = Score()
    labelled_pairs = set()
    for label in labels:
        a, b = sorted((figure_of(articles, label["a"]), figure_of(articles, label["b"])), key=lambda f: f.pk)
        pair, kind = (a.pk, b.pk), label["kind"]
        labelled_pairs.add(pair)
        name = f"{kind}: «{a.text}» ({label['a']['file']}) / «{b.text}» ({label['b']['file']})"
        score.labels[kind] += 1
        if kind == "not_contradiction":
            if stored.get(pair) == "contradiction":
                score.false_contradictions.append(name)
            else:
                score.found[kind] += 1
        elif stored.get(pair) == kind:
            score.found[kind] += 1
        else:
            score.missed.append(f"{name}: found {stored.get(pair) or 'nothing'}")
            if stored.get(pair) == "contradiction":
                score.false_contradictions.append(name)
    for conflict in Conflict.objects.filter(kind="contradiction").select_related("figure_a", "figure_b"):
        if (conflict.figure_a_id, conflict.figure_b_id) not in labelled_pairs:
            score.unlabelled_contradictions.append(conflict.explanation)
    names = {article.pk: name for name, article in articles.items()}
    for article_id, name in names.items():
        score.per_article[name] = Conflict.objects.filter(status="suggested").filter(
            figure_a__claim__article_id=article_id).count() + Conflict.objects.filter(
            status="suggested", figure_b__claim__article_id=article_id).exclude(
            figure_a__claim__article_id=article_id).count()
    return score


def report(score: Score) -> str:
    lines = [f"{kind}: {score.found[kind]}/{score.labels[kind]} ({score.recall(kind):.0%})" for kind in
             ("contradiction", "series", "corroboration", "not_contradiction")]
    lines.append(f"suggestions per article: max {max(score.per_article.values())}, "
                 f"mean {sum(score.per_article.values()) / len(score.per_article):.1f}")
    lines += [f"  missed {line}" for line in score.missed]
    lines += [f"  FALSE CONTRADICTION {line}" for line in score.false_contradictions]
    lines += [f"  unlabelled contradiction: {line}" for line in score.unlabelled_contradictions]
    return "\n".join(lines)
