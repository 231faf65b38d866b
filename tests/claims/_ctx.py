import sys, json
from datetime import date
from pathlib import Path
from claims.extraction import extract
from tests.claims.corpus_eval import labels_of, nth
c = Path(sys.argv[1]); wanted = sys.argv[2:]
labels = labels_of(c)
for item in wanted:
    name, needle = item.split(":", 1)
    label = labels[name]
    text = (c / name).read_text()
    occ = 1
    for g in label["figures"]:
        if g["text"] == needle: occ = g.get("occurrence", 1); break
    s, e = nth(text, needle, occ)
    print(name, label["published"], repr(text[max(0, s-120):e+60].replace("\n", " ")))
