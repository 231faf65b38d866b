"""Check labels.json and traps.json of a conflict corpus folder against its article files.

For every side of every pair: the file exists and is listed in articles.json, the text occurs
at least `occurrence` times (overlapping matches counted, case-sensitive), the match is not glued
to a neighbouring digit or letter, and no hedge word stands right before it without being part
of the text. Run: python3 tests/claims/check_conflict_labels.py tests/claims/conflict_corpus_real
(or conflict_corpus_heldout); the writers of both corpora checked their labels with it.
"""
import json
import os
import re
import sys

HERE = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
HEDGES = ["rund", "etwa", "circa", "ca.", "ungefähr", "mehr als", "über", "fast", "knapp", "beinahe",
          "mindestens", "höchstens", "bis zu", "weniger als", "unter", "gut", "gegen", "um die",
          "about", "around", "roughly", "some", "more than", "over", "almost", "nearly", "at least",
          "up to", "fewer than", "less than", "under", "just over", "close to", "an estimated"]
KINDS = {"contradiction", "series", "revision", "corroboration"}


def starts(hay, needle):
    out, i = [], hay.find(needle)
    while i != -1:
        out.append(i)
        i = hay.find(needle, i + 1)
    return out


def check_pair(pair, texts, where, seen, repeated):
    """A label or trap: its reason, both sides, and that no earlier label or trap has the same two sides."""
    errs = [] if pair.get("why") else [f"{where}: no why"]
    for s in ("a", "b"):
        errs += check_side(pair[s], texts, f"{where}.{s}")
    key = frozenset([(pair[s]["file"], pair[s]["text"], pair[s]["occurrence"]) for s in ("a", "b")])
    if key in seen:
        errs.append(f"{where}: {repeated}")
    seen.add(key)
    return errs


def check_side(side, texts, where):
    errs = []
    f, t, occ = side.get("file"), side.get("text"), side.get("occurrence")
    if f not in texts:
        return [f"{where}: unknown file {f!r}"]
    if not isinstance(occ, int) or occ < 1:
        return [f"{where}: bad occurrence {occ!r}"]
    hay = texts[f]
    pos = starts(hay, t)
    if len(pos) < occ:
        return [f"{where}: {t!r} occurs {len(pos)}x in {f}, occurrence {occ} requested"]
    i = pos[occ - 1]
    before, after = hay[i - 1:i] if i else "", hay[i + len(t):i + len(t) + 1]
    if before and (before.isalnum() or before in ",."):
        errs.append(f"{where}: {t!r} glued to preceding {before!r} in {f}")
    if after and after.isalnum():
        errs.append(f"{where}: {t!r} glued to following {after!r} in {f}")
    left = hay[max(0, i - 20):i].lower().rstrip()
    for h in HEDGES:
        if re.search(r"(^|\W)" + re.escape(h) + r"$", left):
            errs.append(f"{where}: hedge {h!r} before {t!r} in {f} is not part of the text")
    return errs


def main():
    meta = json.load(open(os.path.join(HERE, "articles.json"), encoding="utf-8"))
    texts = {}
    for fn in sorted(os.listdir(HERE)):
        if fn.endswith(".txt"):
            texts[fn] = open(os.path.join(HERE, fn), encoding="utf-8").read()
    errs = []
    for fn in texts:
        if fn not in meta:
            errs.append(f"{fn} missing from articles.json")
    for fn, m in meta.items():
        if fn not in texts:
            errs.append(f"articles.json lists missing file {fn}")
        for k in ("title", "publisher", "url", "published", "language"):
            if k not in m:
                errs.append(f"{fn}: articles.json lacks {k}")
        if fn in texts and texts[fn].split("\n", 1)[0] != m.get("title"):
            errs.append(f"{fn}: title differs from headline line")
        n = len(texts.get(fn, "").split())
        if not 120 <= n <= 350:
            errs.append(f"{fn}: {n} words, outside 120-350")
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    traps = json.load(open(os.path.join(HERE, "traps.json"), encoding="utf-8"))
    seen = set()
    for n, lab in enumerate(labels):
        if lab.get("kind") not in KINDS:
            errs.append(f"labels[{n}]: bad kind {lab.get('kind')!r}")
        errs += check_pair(lab, texts, f"labels[{n}]", seen, "duplicate pair")
    for n, tr in enumerate(traps):
        errs += check_pair(tr, texts, f"traps[{n}]", seen, "pair also labelled elsewhere")
    kinds = {}
    for lab in labels:
        kinds[lab["kind"]] = kinds.get(lab["kind"], 0) + 1
    inside = sum(1 for label in labels if label["kind"] == "contradiction" and label["a"]["file"] == label["b"]["file"])
    print(f"{len(texts)} articles, labels {kinds}, inside-article contradictions {inside}, traps {len(traps)}")
    for e in errs:
        print("ERROR", e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
