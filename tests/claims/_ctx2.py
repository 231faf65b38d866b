import sys
from pathlib import Path
from tests.claims.corpus_eval import labels_of, nth
c = Path(sys.argv[1])
labels = labels_of(c)
for item in sys.argv[2:]:
    name, needle = item.split(":", 1)
    text = (c / name).read_text()
    i = -1
    while (i := text.find(needle, i + 1)) >= 0:
        print(name, labels[name]["published"], repr(text[max(0, i - 90):i + len(needle) + 40].replace("\n", " ")))
