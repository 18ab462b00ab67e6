"""Date lines of news pages: the short line near a headline that says when a story was published.

Real pages write it in many ways — "1998-02-13", "March 03, 2024 10:26 pm | Updated 10:26 pm IST",
"Published : 07 Nov 2025 at 10:15", "Times of India | 3 months ago | 23-02-2023 | 09:16 am",
"Sat 21st Oct 2023, 16:00", "(05/23/05 6:23pm)", "Friday, August 29" (no year). `date_line(line)`
finds every date in such a line and says whether the line is a date line at all: once the dates,
times, time zones, labels (published, updated, posted…), separators and a short byline or outlet
name are taken out, little may be left. Pure functions: no I/O, no dateparser.

A relative stamp ("5 hours ago", "yesterday") has no date without the moment the page was read:
it is reported, never guessed. A numeric date that reads both ways (03/04/2024) is reported as
ambiguous unless both readings are the same day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2, "thu": 3, "thur": 3,
    "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WD = r"(?:(?P<wd>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_DATES = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d-])")),
    ("mdy", re.compile(rf"\b{_WD}{_MON}\s+(?P<d>\d{{1,2}}){_ORD}\s*,?\s*(?P<y>(?:19|20)\d{{2}})\b", re.I)),
    ("dmy", re.compile(rf"\b{_WD}(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MON},?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I)),
    ("num", re.compile(
        r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/.-])"
    )),
    ("compact", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)")),
    ("md", re.compile(rf"\b{_WD}{_MON}\s+(?P<d>\d{{1,2}}){_ORD}\b(?![,\s]*\d)", re.I)),
    ("dm", re.compile(rf"\b{_WD}(?P<d>\d{{1,2}}){_ORD}\s+{_MON}\b(?![,\s]*\d)", re.I)),
]  # fmt: skip
_RELATIVE = re.compile(
    r"\b(?:\d+|an?|one)\s*(?:min(?:ute)?s?|hrs?|hours?|days?|d|h|m|weeks?|months?)\s+ago\b|\b(?:yesterday|just now)\b",
    re.I,
)
_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*-\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)?|\b\d{1,2}\s*[ap]\.?m\.?",
    re.I,
)
_ZONE = re.compile(r"\b(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?|\b[A-Z]{1,4}T\b|\b(?:UTC|GMT|Z)\b|\([A-Z][a-z]+\)")
_LABEL = re.compile(
    r"\b(?:first\s+)?(?:published|updated|last\s+updated|posted|modified|issued|created|date|dated|update|"
    r"released|on|at|this)\b",
    re.I,
)
_BYLINE = re.compile(r"\bby\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}", re.I)
_LABEL_KIND = re.compile(r"\b(published|updated|last updated|posted|modified|issued|date|released)\b", re.I)
_PARTS = re.compile(r"\s*[|·•,]\s*|\s+[-–—]\s+")


@dataclass(frozen=True)
class Found:
    """One date in a line: its ISO value (None when the line gives no year), how it was read."""

    value: str | None
    text: str
    label: str | None  # "published", "updated", … — the label in front of it, if any
    month_day: tuple[int, int] | None = None  # a date without a year: (month, day)
    weekday: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class DateLine:
    found: list[Found]
    is_date_line: bool
    relative: str | None = None  # "5 hours ago": reported, never resolved


def iso_date(y: int, m: int, d: int) -> str | None:
    """YYYY-MM-DD, or None for a day the month does not have."""
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _year(text: str) -> int:
    y = int(text)
    return y if y >= 100 else (1900 + y if y >= 50 else 2000 + y)


def date_line(line: str, day_first: bool | None = None) -> DateLine:
    """Every date of a short line, and whether the line is a date line: each part of it (split at
    `|`, `·`, ` - `) holding a date or time keeps at most two other words once dates, times, zones
    and labels are out, and every other part is a short name (an outlet, a byline, a place).
    `day_first` reads numeric dates that go both ways (taken from the page: `numeric_order`)."""
    if len(line) > 200:
        return DateLine([], False)
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATES:
        for m in pattern.finditer(line):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            f = _read(kind, m, _label_before(line, m.start()), day_first)
            if f is not None:
                found.append(f)
                taken.append(m.span())
    rel = _RELATIVE.search(line)
    masked = line
    for s, e in sorted(taken, reverse=True):
        masked = masked[:s] + " \0 " + masked[e:]
    is_line = bool(found or rel) and not line.rstrip().endswith((".", "?", "!"))
    for part in _PARTS.split(masked):
        dated = "\0" in part or bool(_RELATIVE.search(part) or _TIME.search(part))
        rest = part
        for pattern in (_RELATIVE, _TIME, _ZONE, _BYLINE, _LABEL):
            rest = pattern.sub(" ", rest)
        left = re.findall(r"[^\W\d_]{2,}", rest)
        if dated and len(left) > 2 or not dated and (len(left) > 4 or any(w[0].islower() for w in left if w != "of")):
            is_line = False
    return DateLine(sorted(found, key=lambda f: line.find(f.text)), is_line, rel.group(0) if rel else None)


def numeric_order(lines: list[str]) -> bool | None:
    """Day first (True) or month first (False), from the numeric dates of a page that read only
    one way (23-02-2023); None when they disagree or none does."""
    orders = set()
    for line in lines:
        for m in _DATES[3][1].finditer(line):
            a, b = int(m.group("a")), int(m.group("b"))
            if a > 12 >= b:
                orders.add(True)
            elif b > 12 >= a:
                orders.add(False)
    return orders.pop() if len(orders) == 1 else None


def _label_before(line: str, at: int) -> str | None:
    labels = list(_LABEL_KIND.finditer(line[:at]))
    return labels[-1].group(1).lower().replace("last ", "") if labels else None


def _read(kind: str, m: re.Match[str], label: str | None, day_first: bool | None = None) -> Found | None:
    g = m.groupdict()
    wd = WEEKDAYS.get((g.get("wd") or "").lower().rstrip(".")) if g.get("wd") else None
    text = m.group(0)
    if kind in ("iso", "compact"):
        value = iso_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return Found(value, text, label) if value else None
    if kind in ("mdy", "dmy"):
        value = iso_date(int(g["y"]), MONTHS[g["mon"].lower()], int(g["d"]))
        if value and wd is not None and dt.date.fromisoformat(value).weekday() != wd:
            return Found(None, text, label, note="weekday does not match the date")
        return Found(value, text, label, weekday=wd) if value else None
    if kind == "num":
        a, b, y = int(g["a"]), int(g["b"]), _year(g["y"])
        dmy, mdy = iso_date(y, b, a), iso_date(y, a, b)
        if day_first is None and g["sep"] == ".":
            day_first = True  # "12.05.2026": where dates are written with dots, the day comes first
        if dmy and mdy and dmy != mdy and day_first is None:
            return Found(None, text, label, note="ambiguous numeric date (day/month or month/day)")
        value = (dmy if day_first is not False else mdy) if dmy and mdy else dmy or mdy
        return Found(value, text, label) if value else None
    month = MONTHS[g["mon"].lower()]
    day = int(g["d"])
    if not 1 <= day <= 31:
        return None
    return Found(None, text, label, month_day=(month, day), weekday=wd, note="no year")


def infer_year(f: Found, years: set[int]) -> str | None:
    """A date line without a year ("Friday, August 29"): the year is the one of the page's years
    (± 1) on which that day falls on that weekday — only when exactly one does."""
    if f.month_day is None or f.weekday is None or not years:
        return None
    month, day = f.month_day
    fits = {
        y
        for y in range(min(years) - 1, max(years) + 2)
        if (v := iso_date(y, month, day)) and dt.date.fromisoformat(v).weekday() == f.weekday
    }
    return iso_date(fits.pop(), month, day) if len(fits) == 1 else None
