"""Check a labelled corpus folder against docs/figures.md without running the extractor.

Usage: python tests/claims/corpus_lint.py FOLDER. Prints every problem and exits 1 if there is one.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

KINDS = {"count", "money", "percent", "duration", "date"}
QUALIFIERS = {"", "up_to", "more_than", "almost", "about", "less_than", "at_least", "just_over"}
DURATION_UNITS = {"year", "month", "week", "day", "hour", "minute"}
PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?")
FIGURE_KEYS = {"text", "occurrence", "kind", "value", "low", "high", "unit", "qualifier", "as_of"}


def spans(text: str, needle: str, occurrence: int) -> tuple[int, int] | None:
    position = -1
    for _ in range(occurrence):
        position = text.find(needle, position + 1)
        if position < 0:
            return None
    return position, position + len(needle)


def figure_problems(figure: dict) -> list[str]:
    problems = []
    if set(figure) != FIGURE_KEYS:
        problems.append(f"keys {sorted(set(figure) ^ FIGURE_KEYS)} missing or unknown")
        return problems
    kind, value, low, high = figure["kind"], figure["value"], figure["low"], figure["high"]
    if kind not in KINDS:
        problems.append(f"kind {kind!r}")
    if figure["qualifier"] not in QUALIFIERS:
        problems.append(f"qualifier {figure['qualifier']!r}")
    if figure["as_of"] and not PARTIAL_DATE.fullmatch(figure["as_of"]):
        problems.append(f"as_of {figure['as_of']!r} is no partial date")
    if kind == "date":
        if not isinstance(value, str) or not PARTIAL_DATE.fullmatch(value):
            problems.append(f"date value {value!r} is no partial date")
        if low is not None or high is not None or figure["qualifier"] or figure["as_of"] or figure["unit"]:
            problems.append("a date has low, high, unit, qualifier and as_of empty")
        return problems
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return problems + [f"value {value!r} is no JSON number"]
    if kind == "duration" and figure["unit"] not in DURATION_UNITS:
        problems.append(f"duration unit {figure['unit']!r}")
    if kind == "percent" and figure["unit"] not in {"%", "pp"}:
        problems.append(f"percent unit {figure['unit']!r}")
    if kind == "money" and not re.fullmatch(r"[A-Z]{3}", figure["unit"]):
        problems.append(f"money unit {figure['unit']!r} is no ISO code")
    numbers = [Decimal(str(n)) for n in (low, value, high) if n is not None]
    if numbers != sorted(numbers):
        problems.append(f"low {low} ≤ value {value} ≤ high {high} does not hold")
    return problems


def _inside_a_word(text: str, start: int, end: int) -> bool:
    """ "Mai" found in "Mais": a label meant for another occurrence of its text (a trap may be a glued footnote)."""
    return (start > 0 and text[start - 1].isalnum() and text[start].isalnum()) or (
        end < len(text) and text[end].isalpha() and text[end - 1].isalnum())


def labels_of(folder: Path) -> dict[str, dict]:
    """labels.json, or one file per part (labels-de.json, labels-en.json), merged."""
    labels: dict[str, dict] = {}
    for path in sorted(folder.glob("labels*.json")):
        part = json.loads(path.read_text(encoding="utf-8"))
        clash = set(part) & set(labels)
        if clash:
            raise ValueError(f"{path.name}: {sorted(clash)} labelled twice")
        labels.update(part)
    if not labels:
        raise ValueError(f"{folder}: no labels*.json")
    return labels


def problems_in(folder: Path) -> list[str]:
    labels = labels_of(folder)
    found = []
    for name, label in sorted(labels.items()):
        path = folder / name
        if not path.exists():
            found.append(f"{name}: no such file")
            continue
        text = path.read_bytes().decode("utf-8")
        if label.get("language") not in {"de", "en"}:
            found.append(f"{name}: language {label.get('language')!r}")
        try:
            date.fromisoformat(label.get("published", ""))
        except ValueError:
            found.append(f"{name}: published {label.get('published')!r} is no YYYY-MM-DD")
        taken: list[tuple[int, int, str]] = []
        for entry in label.get("figures", []) + label.get("traps", []):
            where = spans(text, entry["text"], entry.get("occurrence", 1))
            if where is None:
                found.append(f"{name}: {entry['text']!r} #{entry.get('occurrence', 1)} is not in the text")
                continue
            if entry in label.get("figures", []) and _inside_a_word(text, *where):
                found.append(f"{name}: {entry['text']!r} #{entry.get('occurrence', 1)} starts or ends inside a word")
            clash = next((t for s, e, t in taken if s < where[1] and where[0] < e), None)
            if clash is not None:
                found.append(f"{name}: {entry['text']!r} overlaps {clash!r}")
            taken.append((*where, entry["text"]))
        for figure in label.get("figures", []):
            found.extend(f"{name}: {figure.get('text')!r}: {p}" for p in figure_problems(figure))
        for speaker in label.get("speakers", []):
            if text.count(speaker["sentence_contains"]) != 1:
                found.append(f"{name}: speaker sentence {speaker['sentence_contains']!r} is not in the text once")
    return found


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    try:
        labels = labels_of(folder)
    except ValueError as exc:
        sys.exit(str(exc))
    problems = problems_in(folder)
    for language in ("de", "en"):
        chosen = [v for v in labels.values() if v.get("language") == language]
        print(f"{language}: {len(chosen)} files, {sum(len(v['figures']) for v in chosen)} figures, "
              f"{sum(len(v.get('traps', [])) for v in chosen)} traps, "
              f"{sum(len(v.get('speakers', [])) for v in chosen)} speakers")
    print("\n".join(problems) or "no problems")
    sys.exit(1 if problems else 0)
