"""Date figures: "19.06.2024", "17. Juni 2024", "im März 2024", "vom 19. bis zum 20. Juni", "1961", "1960er-Jahre",
and as real reporting writes them: "Ende Oktober", "1.11.", "November 27", "2024/25", "im dritten Quartal 2024".

A month or day without a year takes its year from the publication date, in the direction the clause points:
behind when it reports something done, ahead when it announces something, else the nearest one.
"""

from __future__ import annotations

import re
from datetime import date

from .found import Figure
from .lexicon import MONTHS, MONTHS_SHORT
from .patterns import (
    CLAUSE_END,
    DATES,
    HEDGE,
    MONTH,
    SCALE,
    SENTENCE_END,
    SPORTS_WORDS,
    TEMPORAL_BEFORE,
    TENSE_MARKERS,
    UNIT_WORD,
    YEAR_AFTER_MONTH,
)

YEAR_AFTER_HALF = re.compile(r"\sof\s(?:the|this|(?P<last>last))\s(?:fiscal\s|financial\s)?year(?![\w])", re.IGNORECASE)
MONTH_RANGE_END = re.compile(rf"(?:[–-]|\s(?:bis|to|through|until)\s)(?P<last>{MONTH})(?![\w])", re.IGNORECASE)
PERIOD_FOR = re.compile(r"(?:für|for|covering)\s", re.IGNORECASE)
PERIOD_END = re.compile(r"(?<![\w])(?:months?|weeks?|quarter|year|half|Monate[n]?|Wochen|Quartal|Halbjahr|Jahr)\s"
                        r"(?:to|ending|ended|through|bis(?:\szum)?)\s$", re.IGNORECASE)
# A year-like number followed by one of these is an amount ("2000 Prozent"), not a year.
AMOUNT_AFTER = re.compile(rf"\s?(?:%|(?:{SCALE}|{UNIT_WORD})(?![\w]))", re.IGNORECASE)
HEDGE_BEFORE = re.compile(rf"(?<![\w])(?:{HEDGE})\s+$", re.IGNORECASE)
# "mehr als 2014", "less than 2019", "über 2019", "over 2026": a year compared with or spanned, unless a noun follows
# ("mehr als 2014 Menschen").
COMPARISON_HEDGE_BEFORE = re.compile(
    r"(?<![\w])(?:(?:mehr|weniger|more|less|fewer)\s(?:als|than)|über|over|unter|under)\s+$", re.IGNORECASE
)
GERMAN_WORD_AFTER = re.compile(r"\s+[A-ZÄÖÜ]")
ENGLISH_WORD_AFTER = re.compile(r"\s+([a-z]+)")
ENGLISH_NOT_NOUNS = frozenset("a an and are as at but by for from in is of on or than that the to was were when "
                              "while with".split())
# Only a noun right after the number: "2023 rollen Güterzüge" is a year before a verb.
PLURAL_NOUN_AFTER = re.compile(r"\s([A-ZÄÖÜ][\w-]*(?:en|er|e|n|s))(?![\w])")
# Before "10.10." this is a time of day ("um 10.10."), not a date.
TIME_BEFORE = re.compile(r"(?<![\w])um\s$", re.IGNORECASE)
QUARTER_WORDS = {"erste": 1, "zweite": 2, "dritte": 3, "vierte": 4, "first": 1, "second": 2, "third": 3,
                 "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "1.": 1, "2.": 2, "3.": 3, "4.": 4}
DATE_GATE = re.compile(rf"\d|{MONTH}|quartal|halbjahr|quarter|half", re.IGNORECASE)
WINDOW = 160  # characters either side of a date in which its clause is looked for


def find(text: str, start: int, end: int, published: date | None, language: str = "de") -> list[Figure]:
    found: list[Figure] = []
    if DATE_GATE.search(text, start, end) is None:
        return found  # every date holds a digit, a month's name, a quarter or a half: most sentences none
    context = _Context(text, start, end, published, language)
    for match in DATES.finditer(text, start, end):
        found.extend(READERS[match.lastgroup](match, context))
    return found


class _Context:
    def __init__(self, text: str, start: int, end: int, published: date | None, language: str) -> None:
        self.text, self.start, self.end, self.published, self.language = text, start, end, published, language

    def direction(self, start: int, end: int, day: bool) -> int:
        """-1 when the date's clause reports something done, 1 when it announces something, else 0.

        The tense word nearest the date in its clause decides ("said on March 3 that it will …" is past). A day with
        none there takes the nearest in its sentence ("will publish figures, together with its report, on July
        24"); a month alone does not, being mostly the period of a figure in a clause of its own ("under the deal
        agreed in July, the rate is due to fall").
        """
        in_clause = self._tense(start, end, CLAUSE_END)
        return self._tense(start, end, SENTENCE_END) if day and not in_clause else in_clause

    def _tense(self, start: int, end: int, bounds: re.Pattern) -> int:
        first = max(self.start, start - WINDOW)
        last = min(self.end, end + WINDOW)
        for found in bounds.finditer(self.text, first, start):
            first = found.end()
        after = bounds.search(self.text, end, last)
        last = after.start() if after else last
        markers = TENSE_MARKERS.get(self.language, TENSE_MARKERS["de"])
        best = None
        for marker in markers.finditer(self.text, first, last):
            distance = max(start - marker.end(), marker.start() - end, 0)
            sense = 1 if marker["future"] else -1
            if best is None or (-distance, sense) > best[0]:
                best = ((-distance, sense), sense)
        return best[1] if best else 0


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day is not None:
            return date(year, month, day).isoformat()
    except ValueError:
        return None
    if month is not None:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    return f"{year:04d}"


def _month(word: str) -> int | None:
    # Month names are capitalised in both languages; "may" the verb is not a month.
    if not word[:1].isupper():
        return None
    word = word.lower()
    return MONTHS.get(word) or MONTHS_SHORT.get(word.rstrip("."))


def _year(given: str | None, published: date | None) -> int | None:
    if given:
        return int(given)
    return published.year if published else None


def _resolved_year(published: date, month: int, day: int | None, direction: int) -> int | None:
    """The year of a month (and day) without one: behind, ahead or nearest to the publication date."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            when = date(year, month, day or 1)
        except ValueError:
            continue
        # A month alone is compared by months: "im Juni" in a June article is this June either way.
        gap = (when - published).days if day else (year - published.year) * 12 + month - published.month
        candidates.append((gap, year))
    if direction < 0:
        behind = [c for c in candidates if c[0] <= 0]
        return max(behind)[1] if behind else None
    if direction > 0:
        ahead = [c for c in candidates if c[0] >= 0]
        return min(ahead)[1] if ahead else None
    # No tense either way. A day is the nearest one: "Wer vor dem 14. Dezember bucht, zahlt weniger" in September
    # is this December, "am 3. Januar" in late November the coming one. A month alone is mostly the period a
    # figure is for, which has passed: the latest up to the next month ("im Jänner" in late November is last
    # January).
    if day:
        return min(candidates, key=lambda c: (abs(c[0]), c[1] != published.year))[1] if candidates else None
    recent = [c for c in candidates if c[0] <= 1]
    return max(recent)[1] if recent else None


def _yearless(context: _Context, start: int, end: int, month: int | None, day: int | None) -> int | None:
    if month is None or context.published is None:
        return None
    if PERIOD_END.search(context.text, max(context.start, start - 30), start):
        # "revenue for the six months to June 30 is expected to be …": the end of a period reported on, whatever
        # the tense says of the report.
        return _resolved_year(context.published, month, day, 0)
    said = YEAR_AFTER_MONTH.match(context.text, end, context.end)
    if said and said["year"]:
        return int(said["year"])
    if said:
        return context.published.year + (1 if said["next"] else -1)
    return _resolved_year(context.published, month, day, context.direction(start, end, day is not None))


def _date(match: re.Match, value: str | None, group: str | int = 0) -> list[Figure]:
    if value is None:
        return []
    return [Figure(match.start(group), match.end(group), "date", value)]


def _numeric(match, context):
    return _date(match, _iso(int(match["ny"]), int(match["nm"]), int(match["nd"])))


def _span(match, context):
    month = _month(match["sm"])
    if match["sy"]:
        year = int(match["sy"])
    else:
        # One year for both days, the one the last day points to.
        year = _yearless(context, match.start("span"), match.end("span"), month, int(match["sd2"]))
    if month is None or year is None:
        return []
    first = _iso(year, month, int(match["sd1"]))
    second = _iso(year, month, int(match["sd2"]))
    if first is None or second is None:
        return []
    first_end = match.end("sd1") + context.text.startswith(".", match.end("sd1"))  # "19." keeps its dot
    return [Figure(match.start("sd1"), first_end, "date", first),
            Figure(match.start("sd2"), match.end("span"), "date", second)]


def _day_month(match, context, day: int, month: int | None, given_year: str | None):
    if given_year:
        year = int(given_year)
    elif month is None or not 1 <= day <= 31:
        return []
    else:
        year = _yearless(context, match.start(), match.end(), month, day)
    if month is None or year is None:
        return []
    return _date(match, _iso(year, month, day))


def _dmy(match, context):
    return _day_month(match, context, int(match["dd"]), _month(match["dm"]), match["dy"])


def _md(match, context):
    # "March 2 percent" is an amount in March, not the 2nd of March.
    if AMOUNT_AFTER.match(context.text, match.end()):
        return []
    return _day_month(match, context, int(match["md_d"]), _month(match["md_m"]), None)


def _daymonth(match, context):
    # German only: in English "1.5." ends a sentence with a decimal.
    month = int(match["dmm"])
    if context.language != "de" or not 1 <= month <= 12:
        return []
    if TIME_BEFORE.search(context.text, max(context.start, match.start() - 4), match.start()):
        return []
    return _day_month(match, context, int(match["dmd"]), month, None)


def _mdy(match, context):
    month = _month(match["em"])
    return [] if month is None else _date(match, _iso(int(match["ey"]), month, int(match["ed"])))


def _my(match, context):
    month = _month(match["mm"])
    return [] if month is None else _date(match, _iso(int(match["my_y"]), month))


def _month_alone(match, context):
    month = _month(match["mo"])
    if PERIOD_FOR.match(match[0]) and context.published and month:
        # "Figures for January will be released …": the month the figures are for has passed, whatever comes.
        return _date(match, _iso(_resolved_year(context.published, month, None, 0), month), "mo")
    to = MONTH_RANGE_END.match(context.text, match.end("mo"), context.end)
    last = _month(to["last"]) if to else None
    if month and last:
        # "April–September", "von Jänner bis September": one span, its year from where it ends.
        year = _yearless(context, to.start("last"), to.end("last"), last, None)
        year = None if year is None else year - (month > last)
    else:
        year = _yearless(context, match.start("mo"), match.end("mo"), month, None)
    return [] if year is None else _date(match, _iso(year, month), "mo")


def _decade(match, context):
    first = int(match["dec"])
    return _date(match, f"{first}/{first + 9}")


def _range(match, context):
    return [Figure(match.start("r1"), match.end("r1"), "date", match["r1"]),
            Figure(match.start("r2"), match.end("r2"), "date", match["r2"])]


def _season(match, context):
    first, second = int(match["s1"]), match["s2"]
    following = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
    if len(second) == 2 and int(second) == (first + 1) % 100:
        following = first + 1  # "1999/00"
    if following != first + 1:
        return [Figure(match.start("s1"), match.end("s1"), "date", match["s1"])]  # "2011/95" is no season
    return _date(match, f"{first}/{following}")


def _quarter(match, context, number: str, word: str, year: str | None):
    number = QUARTER_WORDS.get(number.lower()) or QUARTER_WORDS.get(number.lower().rstrip("nsr"))
    if number is None or (word[0] in "Hh" and number > 2):
        return []
    months = 6 if word[0] in "Hh" else 3
    first = (number - 1) * months + 1
    last = first + months - 1
    if year:
        resolved = int(year)
    elif context.published is None:
        return []
    else:
        # Not written: the latest one that has begun by the publication date.
        resolved = context.published.year - (first > context.published.month)
    return _date(match, f"{resolved:04d}-{first:02d}/{resolved:04d}-{last:02d}")


def _quarter_de(match, context):
    return _quarter(match, context, match["qd_n"], match["qd_w"], match["qd_y"])


def _quarter_de_words(match, context):
    return _quarter(match, context, match["qw_n"], match["qw_w"], match["qw_y"])


def _quarter_en(match, context):
    return _quarter(match, context, match["qe_n"], match["qe_w"], match["qe_y"])


def _quarter_en_bare(match, context):
    window = (max(context.start, match.start() - 150), min(context.end, match.end() + 150))
    if SPORTS_WORDS.search(context.text, *window):
        return []
    year = YEAR_AFTER_HALF.match(context.text, match.end(), context.end)
    if year:  # "in the second half of the year" (this one), "of last year"
        given = context.published.year - bool(year["last"]) if context.published else None
        return _quarter(match, context, match["qb_n"], match["qb_w"], str(given) if given else None)
    return _quarter(match, context, match["qb_n"], match["qb_w"], None)


def _quarter_code(match, context):
    return _quarter(match, context, match["qc_n"] + ".", match["qc_w"], match["qc_y"])


def _bare_year(match, context):
    text, (start, end) = context.text, match.span()
    if AMOUNT_AFTER.match(text, end):
        return []
    if HEDGE_BEFORE.search(text, max(0, start - 20), start) and not _compared_year(context, start, end):
        return []
    # "2000 Soldaten" is a count; "2023 Waren" is still a year: plain counts of this size are round.
    temporal = TEMPORAL_BEFORE.search(text, max(0, start - 20), start)
    if match["y"].endswith("00") and PLURAL_NOUN_AFTER.match(text, end) and not temporal:
        return []
    return _date(match, match["y"])


def _old_year(match, context):
    # Before 1800 only after a word of time ("seit 1767", "im Jahr 1618"), and never before a noun ("in 1767 Fällen").
    text, end = context.text, match.end()
    if AMOUNT_AFTER.match(text, end) or _noun_after(context, end):
        return []
    return _date(match, match[0])


def _noun_after(context: _Context, end: int) -> bool:
    if context.language == "en":
        word = ENGLISH_WORD_AFTER.match(context.text, end)
        return word is not None and word[1] not in ENGLISH_NOT_NOUNS
    return GERMAN_WORD_AFTER.match(context.text, end) is not None


def _compared_year(context: _Context, start: int, end: int) -> bool:
    """ "mehr als 2014." compares with a year; "mehr als 2014 Menschen" and "mehr als 2000" count."""
    text = context.text
    if text[start:end].endswith("00") or not COMPARISON_HEDGE_BEFORE.search(text, max(0, start - 20), start):
        return False
    return not _noun_after(context, end)


READERS = {
    "numeric": _numeric, "span": _span, "dmy": _dmy, "mdy": _mdy, "my": _my, "md": _md, "daymonth": _daymonth,
    "month": _month_alone, "decade": _decade, "range": _range, "season": _season, "year": _bare_year,
    "old_year": _old_year, "quarter_de": _quarter_de, "quarter_de_w": _quarter_de_words, "quarter_en": _quarter_en,
    "quarter_code": _quarter_code, "quarter_en_bare": _quarter_en_bare,
}


def unblock(blocked: list[tuple[int, int]], found: list[Figure]) -> list[tuple[int, int]]:
    """The trap spans without those that start a quarter: "Q3" is a model name ("Audi Q3"), "Q3 2024" a quarter.

    Both lists are sorted by start (the dates of one finditer), so one sweep does it.
    """
    quarters = [f.start for f in found if "/" in str(f.value) and "-" in str(f.value)]
    if not quarters:
        return blocked
    starts = set(quarters)
    return [span for span in blocked if span[0] not in starts]
