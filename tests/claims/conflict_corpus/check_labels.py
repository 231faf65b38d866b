"""Check the cross-article conflict corpus against what `claims.extraction` actually returns.

Run from the project root:  .venv/bin/python tests/claims/conflict_corpus/check_labels.py

For every label in labels.json it finds both figures (by exact `text`, and `occurrence` when the text occurs more
than once in the article), prints them side by side and checks that the pair is consistent with its kind:

- contradiction: same figure kind, same as_of; dates differ, amounts have disjoint intervals (hedge bounds).
- series: same figure kind, both as_of set and different.
- corroboration: same figure kind, same as_of, compatible values, different publishers.
- not_contradiction: only that both figures exist (these are traps and twins).

It also checks articles.json (every article described, .example URLs, 6-12 sentences per article).
Exits 1 when anything is wrong. Pure Python: needs no Django settings.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from claims.extraction import extract  # noqa: E402
from claims.extraction.sentences import split  # noqa: E402

KINDS = {"contradiction", "series", "corroboration", "not_contradiction"}
ARTICLE_FIELDS = {"title", "publisher", "url", "published", "language"}


def load_articles(errors: list[str]) -> dict[str, dict]:
    meta = json.loads((HERE / "articles.json").read_text(encoding="utf-8"))
    files = sorted(p.name for p in HERE.glob("*.txt"))
    for name in files:
        if name not in meta:
            errors.append(f"articles.json: {name} is not described")
    articles = {}
    for name, info in meta.items():
        missing = ARTICLE_FIELDS - info.keys()
        if missing:
            errors.append(f"articles.json: {name} lacks {sorted(missing)}")
            continue
        if not (HERE / name).is_file():
            errors.append(f"articles.json: {name} does not exist")
            continue
        if info["language"] not in ("de", "en") or not name.startswith(info["language"] + "-"):
            errors.append(f"articles.json: {name} has language {info['language']!r}")
        host = info["url"].split("/")[2] if info["url"].startswith("https://") else ""
        if not host.endswith(".example"):
            errors.append(f"articles.json: {name} url {info['url']!r} is not on .example")
        text = (HERE / name).read_text(encoding="utf-8")
        published = date.fromisoformat(info["published"])
        sentences = sum(1 for _ in split(text))
        if not 6 <= sentences <= 12:
            errors.append(f"{name}: {sentences} sentences, expected 6-12")
        figures = [
            f for claim in extract(text, language=info["language"], published=published) for f in claim["figures"]
        ]
        articles[name] = {**info, "figures": figures, "sentences": sentences}
    return articles


def find_figure(articles: dict, side: dict, errors: list[str], where: str) -> dict | None:
    name, wanted = side["file"], side["figure"]
    if name not in articles:
        errors.append(f"{where}: unknown file {name}")
        return None
    matches = [f for f in articles[name]["figures"] if f["text"] == wanted]
    occurrence = side.get("occurrence")
    if not matches:
        texts = ", ".join(repr(f["text"]) for f in articles[name]["figures"])
        errors.append(f"{where}: {name} has no figure {wanted!r} (it has: {texts})")
        return None
    if occurrence is None and len(matches) > 1:
        errors.append(f"{where}: {name} has {len(matches)} figures {wanted!r}; say which with occurrence")
        return None
    index = (occurrence or 1) - 1
    if not 0 <= index < len(matches):
        errors.append(f"{where}: {name} has {len(matches)} figures {wanted!r}, not occurrence {occurrence}")
        return None
    return matches[index]


def dates_compatible(a: str, b: str) -> bool:
    """Partial ISO dates: "2024-03" and "2024-03-28" can be the same time; "2024-03" and "2024-04" cannot."""
    return a.startswith(b) or b.startswith(a)


def interval(figure: dict) -> tuple[float, float]:
    low = figure["low"] if figure["low"] is not None else float("-inf")
    high = figure["high"] if figure["high"] is not None else float("inf")
    return float(low), float(high)


def overlaps(a: dict, b: dict) -> bool:
    if a["kind"] == "date":
        return dates_compatible(str(a["value"]), str(b["value"]))
    (a_low, a_high), (b_low, b_high) = interval(a), interval(b)
    return a_low <= b_high and b_low <= a_high


def pair_problems(label: dict, a: dict, b: dict, articles: dict) -> list[str]:
    kind = label["kind"]
    problems = []
    if kind != "not_contradiction" and a["kind"] != b["kind"]:
        problems.append(f"figure kinds differ ({a['kind']} / {b['kind']})")
    if a["kind"] == "money" and b["kind"] == "money" and a["unit"] != b["unit"]:
        problems.append(f"currencies differ ({a['unit']} / {b['unit']})")
    if kind == "contradiction":
        if a["as_of"] != b["as_of"]:
            problems.append(f"as_of differs ({a['as_of']!r} / {b['as_of']!r}): that is a series")
        if overlaps(a, b):
            problems.append("values are compatible: no contradiction")
    elif kind == "series":
        if not a["as_of"] or not b["as_of"]:
            problems.append("a series needs as_of on both figures")
        elif a["as_of"] == b["as_of"]:
            problems.append(f"same as_of {a['as_of']!r}: not a series")
    elif kind == "corroboration":
        if a["as_of"] != b["as_of"]:
            problems.append(f"as_of differs ({a['as_of']!r} / {b['as_of']!r})")
        if not overlaps(a, b):
            problems.append("values do not overlap")
        publishers = {articles[label[side]["file"]]["publisher"] for side in ("a", "b")}
        if len(publishers) < 2:
            problems.append("corroboration needs two independent publishers")
    return problems


def describe(figure: dict) -> str:
    return (
        f"{figure['kind']:<8} value={figure['value']!s:<11} low={figure['low']!s:<9} high={figure['high']!s:<9} "
        f"unit={figure['unit']!r:<22} as_of={figure['as_of']!r}"
    )


def main() -> int:
    errors: list[str] = []
    articles = load_articles(errors)
    labels = json.loads((HERE / "labels.json").read_text(encoding="utf-8"))
    seen = set()
    for number, label in enumerate(labels, 1):
        where = f"label {number}"
        if label.get("kind") not in KINDS:
            errors.append(f"{where}: kind {label.get('kind')!r} is not one of {sorted(KINDS)}")
            continue
        if not label.get("why"):
            errors.append(f"{where}: no 'why'")
        sides = sorted((s["file"], s["figure"], s.get("occurrence", 1)) for s in (label["a"], label["b"]))
        key = (label["kind"], *sides)
        if key in seen:
            errors.append(f"{where}: duplicate label")
        seen.add(key)
        a = find_figure(articles, label["a"], errors, where)
        b = find_figure(articles, label["b"], errors, where)
        print(f"[{number:2}] {label['kind'].upper()}: {label['why']}")
        for side, figure in (("a", a), ("b", b)):
            ref = label[side]
            occ = f" #{ref['occurrence']}" if "occurrence" in ref else ""
            shown = describe(figure) if figure else "NOT FOUND"
            print(f"     {side}: {ref['file']:<22} {ref['figure'] + occ!r:<44} {shown}")
        if a is None or b is None:
            continue
        if a is b:
            errors.append(f"{where}: a and b are the same figure")
            continue
        for problem in pair_problems(label, a, b, articles):
            errors.append(f"{where} ({label['kind']}: {label['a']['figure']!r} / {label['b']['figure']!r}): {problem}")
            print(f"     !! {problem}")

    kinds = Counter(label.get("kind") for label in labels)
    languages = Counter(info["language"] for info in articles.values())
    publishers = {info["publisher"] for info in articles.values()}
    print()
    print(
        f"articles: {len(articles)} ({languages['de']} de, {languages['en']} en) from {len(publishers)} publishers; "
        f"sentences per article {min(a['sentences'] for a in articles.values())}-"
        f"{max(a['sentences'] for a in articles.values())}"
    )
    print("labels: " + ", ".join(f"{kind} {kinds[kind]}" for kind in sorted(KINDS)) + f" (total {len(labels)})")
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for error in errors:
            print("  - " + error)
        return 1
    print("OK: every labelled figure is extracted and every pair is consistent with its kind")
    return 0


if __name__ == "__main__":
    sys.exit(main())
