"""The extractor runs in time linear in its input on any text, and finds what the one-regex rules found.

Work is counted, not timed: the regexes run in C, where no line tracer sees them, so the machine instructions of
a whole extraction are counted by valgrind (cachegrind), which gives the same count on every run and machine.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claims.extraction import patterns, sentences

from ..conftest import IN_CI

ROOT = Path(__file__).resolve().parents[2]
CORPORA = sorted((ROOT / "tests" / "claims").glob("corpus*/*.txt"))

# Long runs of what no word is made of, and of what the traps and sentence ends read: a run of each, one paragraph
# apiece ("……", "-1-1-1", "<a<a<a", "a.a.a", "www.www."); digits too, so that the traps' digit condition holds.
RUNS = [".", "-", "<", "&", "…", "!?", ".\"", "/", "+", "@", "#", "a.", "a-", "a@", "Ab'", "1.", "1,", "1-", "-1",
        "1/", "<a", "&amp;", "www.", "http://", "(0", "a1-", "ä", "1 ", " ", "..--<<&&"]
EXTRACT = """
import sys
from claims import extraction
size = int(sys.argv[1])
text = "\\n\\n".join((run * size)[:size] for run in sys.argv[2:])
list(extraction.iter_claims(text, language="de"))
list(extraction.iter_claims(text, language="en"))
"""
SPLIT = """
import sys
from claims.extraction import sentences
size = int(sys.argv[1])
list(sentences.split("\\n\\n".join((run * size)[:size] for run in sys.argv[2:])))
"""
MARKS = [".", "…", "!?", ".\"", "?!…."]
# A speaker is looked for in a sentence with a figure and a reporting word; a long token before it, ending in a verb
# that is one ("said"), is not one ("saidx") or comes too late ("5 said").
SPEAK = """
import sys
from claims.extraction import speakers
size = int(sys.argv[1])
for run in sys.argv[2:]:
    for end in (" said 5 Soldaten.", " saidx 5 Soldaten.", " 5 said Soldaten."):
        speakers.speaker((run * size)[:size] + end)
"""
NAME_RUNS = ["Ab'", "A.b", "A", "Ab-", "a", "Aé"]


def instructions(size: int, script: str = EXTRACT, runs: list[str] = RUNS) -> int:
    """Machine instructions of a Python process that runs `script` on a paragraph of `size` characters a run."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        message = "needs valgrind to count instructions (apt-get install valgrind)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    result = subprocess.run(
        [valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, "-c", script, str(size), *runs],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600, check=True,
    )
    return int(re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)[1].replace(",", ""))


def test_extraction_work_grows_linearly_on_long_runs_of_punctuation():
    # Each trap was tried from every mark of a run and read the rest of the token for a digit, an e-mail address's
    # @, a file name's extension; each sentence end from every mark of "....": 40,000 dots took 20 s, 4x 20,000.
    start = instructions(0)
    small, large = instructions(1500) - start, instructions(3000) - start
    assert large / small < 2.3, f"{small:,} instructions for 1,500 characters a run, {large:,} for 3,000"


def test_sentence_splitting_work_grows_linearly_on_long_runs_of_marks():
    # A candidate end was tried from every mark of "....." and read the run to its end each time.
    start = instructions(0, SPLIT, MARKS)
    small, large = instructions(10_000, SPLIT, MARKS) - start, instructions(20_000, SPLIT, MARKS) - start
    assert large / small < 2.3, f"{small:,} instructions for 10,000 characters a run, {large:,} for 20,000"


def test_speaker_search_work_grows_linearly_on_long_tokens():
    # Every capital of a long token was a start of a name that read the token to its end, and so was every small
    # letter of a long word for the adjective before a name: 40,000 characters took 23 s.
    start = instructions(0, SPEAK, NAME_RUNS)
    small, large = instructions(1500, SPEAK, NAME_RUNS) - start, instructions(3000, SPEAK, NAME_RUNS) - start
    assert large / small < 2.3, f"{small:,} instructions for 1,500 characters a run, {large:,} for 3,000"


# --- The same spans as the rules written as one regex ------------------------------------------------------------

# The traps as one regex, as they were before traps.py: every condition written in, quadratic on a long token.
REFERENCE_TRAPS = re.compile(
    rf"""
    (?<![\w])
    (?:
    (?=\S*\d|\S*\s\d|[<&])
    (?:
      (?:https?://|www\.)\S+
    | [\w.+-]++@[\w-]+(?:\.[\w-]+)+
    | \b[\w-]++\.(?:pdf|docx?|xlsx?|csv|jpe?g|png|gif|html?|txt|zip|json|xml)\b
    | <[^<>]{{0,300}}>
    | &\#?\w{{1,10}};
    | {patterns.TRAP_NAMES}
    )
    | {patterns.RANK_HEADS}\s(?:{patterns.RANK_NUMBERS})(?![\w-])
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
REFERENCE_CANDIDATE = re.compile(r"[.!?…]+[\"'»«”“’)\]]*(?=\s)")
# Pieces that start, end or hold traps, and characters that border them.
PIECES = [*"..--++<>&#;@ ()/:1234567890aAbhtpw_äÖ!?…\"'»)", "\n", "  ", "\n\n", "www.", "http://", "x.pdf", ".pdf",
          "Seite ", "Boeing ", "Uhr", "&amp;", "<b>", "a@b.de", "5G", "2. Weltkrieg", "+49 ", "(030)", "12:30", "km",
          "ſ", "K", "F-16", "Nr. 5", "Platz ", "zwei", "§ ", "Abs. ", " und ", "Hauptstraße ", "Linie ", "0203 ",
          "Tel. ", "3:1", "6-4, ", " Prozent", "StR ", "die A ", "47051 Duisburg", "1. FC", "Umsatz", "Richtlinie ",
          " won ", " win", "Hannover 96", "(67.)"]


def random_texts(count: int, seed: int = 7):
    rng = random.Random(seed)
    for _ in range(count):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))
        start = rng.randint(0, len(text))
        yield text, start, rng.randint(start, len(text))


def test_traps_are_the_spans_of_the_one_regex_on_any_text():
    from claims.extraction import traps  # here, so that the work test above runs on the code before it too

    for text, start, end in random_texts(30_000):
        expected = [match.span() for match in REFERENCE_TRAPS.finditer(text, start, end)]
        assert traps.find(text, start, end) == expected, (text, start, end)


def test_traps_are_the_spans_of_the_one_regex_on_the_corpora():
    from claims.extraction import traps

    assert CORPORA
    for path in CORPORA:
        text = path.read_text(encoding="utf-8")
        assert traps.find(text, 0, len(text)) == [m.span() for m in REFERENCE_TRAPS.finditer(text)], path.name


def test_sentence_end_candidates_are_those_of_the_rule_without_the_look_behind():
    texts = [text for text, _, _ in random_texts(20_000, seed=11)]
    texts += [path.read_text(encoding="utf-8") for path in CORPORA]
    for text in texts:
        expected = [match.span() for match in REFERENCE_CANDIDATE.finditer(text)]
        assert [match.span() for match in sentences.CANDIDATE.finditer(text)] == expected, text
