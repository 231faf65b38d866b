"""CSV cells a spreadsheet would run as a formula are written so it shows them as text (publishing.csv_cell).

Spreadsheets trim what precedes a formula start before they look at it, so " =HYPERLINK(...)", "\\n=1+1" or
"\\u00a0@SUM(A1)" run as formulas just like "=1+1"; Excel in a Japanese locale also takes the full-width "＝".
"""

from __future__ import annotations

import csv
import io

from hypothesis import example, given
from hypothesis import strategies as st

from claims.publishing import csv_cell, csv_lines

# What a spreadsheet skips before the first character it reads: ASCII and Unicode spaces (no-break, figure,
# narrow no-break, em, ideographic), line breaks, and invisible format characters (zero-width space, word
# joiner, byte order mark) and NUL.
INVISIBLE = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x00", "\x85", "\xa0", "\u2003", "\u2007", "\u202f",
             "\u3000", "\u2028", "\u200b", "\u2060", "\ufeff"]
# OWASP's formula starts, their full-width and small forms, and the minus sign.
TRIGGERS = ["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\ufe62", "\ufe63", "\ufe6b",
            "\u2212"]
TEXT_STARTS = st.characters(categories=["L", "N"]) | st.sampled_from(["'", "(", "\"", "#", "%", "€", "/"])


@given(lead=st.lists(st.sampled_from(INVISIBLE), max_size=4), trigger=st.sampled_from(TRIGGERS), tail=st.text())
@example(lead=[" "], trigger="=", tail='HYPERLINK("https://evil.example","x")')
@example(lead=["\n"], trigger="=", tail="1+1")
@example(lead=["\t"], trigger="@", tail="SUM(A1)")
@example(lead=["\xa0", "\u3000"], trigger="\uff1d", tail="1+1")
def test_a_formula_start_after_invisible_characters_gets_an_apostrophe(lead, trigger, tail):
    text = "".join(lead) + trigger + tail
    assert csv_cell(text) == "'" + text


@given(lead=st.lists(st.sampled_from([" ", "\xa0", "\u3000", "\u200b"]), max_size=3), first=TEXT_STARTS,
       tail=st.text())
@example(lead=[], first="-", tail="")  # not from TEXT_STARTS: a lone minus is still a formula start
def test_a_cell_whose_first_visible_character_is_text_is_left_alone(lead, first, tail):
    text = "".join(lead) + first + tail
    expected = "'" + text if first == "-" else text
    assert csv_cell(text) == expected


@given(st.one_of(st.text(), st.integers(), st.none()))
def test_a_cell_is_only_ever_prefixed_never_changed(value):
    text = "" if value is None else str(value)
    assert csv_cell(value) in (text, "'" + text)


def spreadsheet_cells(body: str, separators: str) -> list[str]:
    """How a spreadsheet that splits at any of `separators` (Excel in a German locale splits at ";") cuts the
    file into cells: a double quote opens and closes quoted text, separators inside it do not count; a cell's
    opening quote is dropped."""
    cells, current, quoted = [], [], False
    for char in body:
        if char == '"':
            quoted = not quoted
        if char in separators and not quoted:
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
    cells.append("".join(current))
    return [cell.lstrip(" \ufeff").removeprefix('"') for cell in cells]


def starts_a_formula(cell: str) -> bool:
    visible = cell.lstrip("".join(INVISIBLE))
    return visible[:1] in TRIGGERS


@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), max_size=4))
@example([["Zoll; =SUM(A1)", "a\n=1+1", "b,@SUM(A1)"]])
def test_no_separator_a_spreadsheet_might_use_starts_a_formula_mid_cell(rows):
    body = "".join(csv_lines([[csv_cell(text) for text in row] for row in rows]))
    for separators in (",\r\n", ";\r\n", "\t\r\n"):
        ran = [cell for cell in spreadsheet_cells(body, separators) if starts_a_formula(cell)]
        assert not ran, f"split at {separators!r}: {ran}"


@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), max_size=4))
def test_the_csv_reads_back_as_the_cells_written(rows):
    cells = [[csv_cell(text) for text in row] for row in rows]
    body = "".join(csv_lines(cells))
    _, *read = csv.reader(io.StringIO(body.removeprefix("\ufeff"), newline=""))
    assert read == cells
