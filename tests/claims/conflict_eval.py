"""Score conflict detection against a labelled corpus (needs a database).

Two label formats: the first corpus names a figure by its extracted text ("figure"); the corpora from real
coverage name it by the span an editor would mark ("text", docs/figures.md bounds) and are matched to the
stored figure that overlaps that span most, so the score does not hang on the extractor's exact bounds.
Traps (traps.json) are pairs that must never be called a contradiction.

Run one corpus by hand: python -m tests.claims.conflict_eval [FOLDER] (on a scratch database).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from claims import services
from claims.matching.compare import Match, judge
from claims.models import Article, Conflict, Figure
from claims.store import as_facts, rows_of

CORPUS = Path(__file__).parent / "conflict_corpus"
REAL = Path(__file__).parent / "conflict_corpus_real"
KINDS = ("contradiction", "series", "revision", "corroboration", "not_contradiction")


@dataclass
class Score:
    labels: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    missed: list[str] = field(default_factory=list)
    false_contradictions: list[str] = field(default_factory=list)  # a trap, twin or series called one
    unlabelled_contradictions: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # a labelled figure the extractor did not find
    inside: Counter = field(default_factory=Counter)  # contradictions inside one report: labelled, found
    why: Counter = field(default_factory=Counter)  # the rule that refused each missed contradiction
    suggested_contradictions: int = 0
    real_contradictions: int = 0  # suggested and labelled
    per_article: dict[str, int] = field(default_factory=dict)

    def recall(self, kind: str) -> float:
        return self.found[kind] / self.labels[kind] if self.labels[kind] else 1.0

    @property
    def precision(self) -> float:
        return self.real_contradictions / self.suggested_contradictions if self.suggested_contradictions else 1.0

    @property
    def mean_per_article(self) -> float:
        return sum(self.per_article.values()) / len(self.per_article) if self.per_article else 0.0


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


def figure_of(articles: dict[str, Article], side: dict) -> Figure | None:
    if "text" in side:
        return _figure_at(articles[side["file"]], side["text"], side.get("occurrence", 1))
    matches = list(Figure.objects.filter(claim__article=articles[side["file"]], text=side["figure"]).order_by("start"))
    if len(matches) < side.get("occurrence", 1):
        raise AssertionError(f"no figure «{side['figure']}» in {side['file']}: the extractor changed?")
    return matches[side.get("occurrence", 1) - 1]


def _figure_at(article: Article, text: str, occurrence: int) -> Figure | None:
    """The figure that covers most of the labelled span, or None if the extractor read none there."""
    start = -1
    for _ in range(occurrence):
        start = article.text.find(text, start + 1)
        if start < 0:
            raise AssertionError(f"«{text}» occurs fewer than {occurrence} times in {article.title!r}")
    end = start + len(text)
    best, overlap = None, 0
    for figure in Figure.objects.filter(claim__article=article, start__lt=end, end__gt=start):
        shared = min(end, figure.end) - max(start, figure.start)
        if shared > overlap:
            best, overlap = figure, shared
    return best


def labelled(corpus: Path) -> list[dict]:
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    traps = corpus / "traps.json"
    if traps.exists():
        labels += [{"kind": "not_contradiction", **trap} for trap in json.loads(traps.read_text(encoding="utf-8"))]
    return labels


def evaluate(articles: dict[str, Article], corpus: Path = CORPUS) -> Score:
    files = {article.pk: name for name, article in articles.items()}
    stored, by_text = {}, {}
    for conflict in Conflict.objects.select_related("figure_a__claim", "figure_b__claim"):
        stored[(conflict.figure_a_id, conflict.figure_b_id)] = conflict.kind
        # The same number written twice in one report (headline and text) is one figure to an editor.
        by_text.setdefault(_sides(files, conflict.figure_a, conflict.figure_b), conflict.kind)
    score = Score()
    contradictions = set()
    for label in labelled(corpus):
        kind = label["kind"]
        score.labels[kind] += 1
        sides = [figure_of(articles, label["a"]), figure_of(articles, label["b"])]
        name = (f"{kind}: «{_text(label['a'])}» ({label['a']['file']}) / «{_text(label['b'])}» "
                f"({label['b']['file']})")
        if None in sides or sides[0] == sides[1]:
            if kind == "not_contradiction":
                score.found[kind] += 1
            else:
                score.unreadable.append(name)
                score.missed.append(f"{name}: a figure was not read")
            continue
        a, b = sorted(sides, key=lambda f: f.pk)
        pair = (a.pk, b.pk)
        found = stored.get(pair) or by_text.get(_sides(files, a, b))
        if kind == "contradiction":
            contradictions.add(_sides(files, a, b))
            if label["a"]["file"] == label["b"]["file"]:
                score.inside["labelled"] += 1
                score.inside["found"] += found == kind
        if kind == "not_contradiction":
            if found == "contradiction":
                score.false_contradictions.append(name)
            else:
                score.found[kind] += 1
        elif found == kind:
            score.found[kind] += 1
        else:
            reason = why(a, b)
            if kind == "contradiction":
                score.why[reason] += 1
            score.missed.append(f"{name}: found {found or 'nothing'} ({reason})")
            if found == "contradiction":
                score.false_contradictions.append(name)
    for conflict in Conflict.objects.filter(kind="contradiction").select_related(
            "figure_a__claim", "figure_b__claim").order_by("pk"):
        score.suggested_contradictions += 1
        if _sides(files, conflict.figure_a, conflict.figure_b) in contradictions:
            score.real_contradictions += 1
        else:
            score.unlabelled_contradictions.append(conflict.explanation)
    score.per_article = _per_article(articles)
    return score


def why(a: Figure, b: Figure) -> str:
    """The rule that refused a pair, or what became of a pair the rules accept."""
    older, newer = (as_facts(row) for row in sorted(rows_of("f.id", [a.pk, b.pk])))
    found = judge(older, newer)
    if type(found) is Match:
        return f"judged {found.kind}, not kept (blocking or ranking)"
    return found


def _sides(files: dict[int, str], a: Figure, b: Figure) -> frozenset:
    return frozenset({(files.get(a.claim.article_id), a.text), (files.get(b.claim.article_id), b.text)})


def _text(side: dict) -> str:
    return side.get("text") or side.get("figure")


def _per_article(articles: dict[str, Article]) -> dict[str, int]:
    """Suggestions an editor reviews on each article's page: every pair with a figure in it."""
    counts = Counter()
    names = {article.pk: name for name, article in articles.items()}
    for a, b in Conflict.objects.filter(status="suggested").values_list(
            "figure_a__claim__article_id", "figure_b__claim__article_id"):
        for article in {a, b}:
            counts[names.get(article)] += 1
    return {name: counts[name] for name in articles}


def report(score: Score) -> str:
    lines = [f"{kind}: {score.found[kind]}/{score.labels[kind]} ({score.recall(kind):.0%})" for kind in KINDS
             if score.labels[kind]]
    if score.inside["labelled"]:
        lines.append(f"contradictions inside one report: {score.inside['found']}/{score.inside['labelled']}")
    lines.append(f"suggested contradictions: {score.suggested_contradictions}, labelled {score.real_contradictions} "
                 f"({score.precision:.0%})")
    lines.append(f"suggestions per article: max {max(score.per_article.values())}, mean {score.mean_per_article:.1f}")
    if score.why:
        lines.append("missed contradictions, by the rule that refused them: " + "; ".join(
            f"{reason} {count}" for reason, count in score.why.most_common()))
    lines += [f"  missed {line}" for line in score.missed]
    lines += [f"  FALSE CONTRADICTION {line}" for line in score.false_contradictions]
    lines += [f"  unlabelled contradiction: {line}" for line in score.unlabelled_contradictions]
    return "\n".join(lines)
