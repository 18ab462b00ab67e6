"""Numbers a sentence asserts, read by code: the value as a range after its hedge ("about 12,000",
"more than 400"), what it counts ("jobs", "people", "money", "percent"), and how long something lasts
("banned for four years", "a two-year ban", in days). Years, days of the month, time frames ("within
three weeks") and numbers inside questions are not asserted figures. Two sentences' figures conflict
when they count the same thing with numbers that cannot both hold, and match when they agree on a
number that says something. Pure functions on text; figures.py pairs the statements they are read from.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "dozens": 24,
}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_HEDGES = {
    "about": (0.8, 1.25),
    "around": (0.8, 1.25),
    "roughly": (0.8, 1.25),
    "approximately": (0.8, 1.25),
    "some": (0.8, 1.25),
    "an estimated": (0.8, 1.25),
    "estimated": (0.8, 1.25),
    "nearly": (0.8, 1.0),
    "almost": (0.8, 1.0),
    "close to": (0.8, 1.0),
    "up to": (0.0, 1.0),
    "at most": (0.0, 1.0),
    "fewer than": (0.0, 1.0),
    "less than": (0.0, 1.0),
    "under": (0.0, 1.0),
    "more than": (1.0, math.inf),
    "over": (1.0, math.inf),
    "at least": (1.0, math.inf),
    "upwards of": (1.0, math.inf),
}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_FIGURE = re.compile(
    r"(?P<hedge>\b(?:" + "|".join(sorted(_HEDGES, key=len, reverse=True)) + r")\s+)?"
    r"(?P<cur>[$£€¥])?(?<![\d:/.,])(?P<num>\b(?:" + _NUM + r"))(?![\d:/])"
    r"(?:[\s-]*(?P<scale>hundred|thousand|million|billion|trillion|bn)\b)?"
    r"(?P<unit>\s*(?:%|percent\b|per cent\b|percentage points?\b))?"
    r"(?P<rest>(?:[\s-]+[A-Za-z][A-Za-z’'-]*){0,3})",
    re.I,
)
_SKIP_AFTER_NUMBER = {
    "more",
    "new",
    "additional",
    "other",
    "extra",
    "of",
    "the",
    "full",
    "time",
    "full-time",
    "local",
    "senior",
    "young",
    "foreign",
    "armed",
    "million",
    "thousand",
    "billion",
}
_PEOPLE = {
    "people",
    "person",
    "persons",
    "protester",
    "demonstrator",
    "fan",
    "spectator",
    "attendee",
    "marcher",
    "supporter",
    "visitor",
    "participant",
    "resident",
    "civilian",
}
_PEOPLE_VERBS = {"attended", "marched", "gathered", "protested", "turned", "came", "joined", "rallied"}


# Not a counted thing: ordinals, clock times, and spans of time ("within three weeks" of an appeal and
# "within six weeks" of a ruling measure two different things by one unit).
_NOT_COUNTED = frozenset(
    [
        "th",
        "st",
        "nd",
        "rd",
        "gmt",
        "am",
        "pm",
        "second",
        "minute",
        "hour",
        "day",
        "night",
        "week",
        "weekend",
        "month",
        "year",
        "decade",
        "century",
    ]
)


# How long something lasts is a figure, in days: "banned for four years" / "suspended for two years",
# "a four-year ban", "talks lasted for three hours". A time frame is not: "within three weeks",
# "in two days", "six years ago" say when, not how long.
_YEAR = 365.25  # so that "24 months" and "two years" are one length
_DAYS = {
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1,
    "week": 7,
    "month": _YEAR / 12,
    "year": _YEAR,
    "decade": 10 * _YEAR,
}
_FOR = re.compile(r"\bfor\s*$", re.I)
_LENGTH_OF = re.compile(r"^-(?:minute|hour|day|week|month|year|decade)s?(?:-long)?\s+[a-z]", re.I)


# A clause that describes someone in passing: "Smith, who has run the club for ten years, said …".
_ASIDE = re.compile(r"(?:,|\(|—|–)\s*(?:who|which|whose)\b[^,()—–]*$", re.I)


def _lasting(before: str, rest: str) -> bool:
    """The figure says how long something lasts: "for <figure>" or "<figure>-year <noun>"; not in a
    clause that describes someone in passing ("who has run the club for ten years")."""
    return bool(_FOR.search(before) or _LENGTH_OF.match(rest)) and not _ASIDE.search(before)


@dataclass(frozen=True)
class Figure:
    """A number as asserted: its range after hedges, what it counts, and the text as written."""

    low: float
    high: float
    thing: str
    text: str


def _value(num: str, scale: str | None) -> float | None:
    n = num.lower().replace(",", "")
    value = float(_WORD_NUMBERS[n]) if n in _WORD_NUMBERS else float(n) if re.fullmatch(r"\d+(\.\d+)?", n) else None
    if value is None:
        return None
    return value * _SCALES.get((scale or "").lower(), 1.0)


def _thing(rest: str, unit: str | None, currency: str | None) -> tuple[str, str]:
    """What a figure counts (normalised) and the words of `rest` up to that word."""
    if unit:
        return "percent", ""
    raw = [w for w in re.split(r"([\s-]+)", rest)]
    shown = ""
    for part in raw:
        shown += part
        w = part.lower().strip("’'-")
        if not w or w in _SKIP_AFTER_NUMBER or not w.isalpha():
            continue
        if w in _PEOPLE_VERBS:
            return "people", shown
        w = re.sub(r"(?<=[a-z]{3})(?:ies)$", "y", w)
        w = re.sub(r"(?<=[a-z]{2}[^s])s$", "", w)
        if w in _PEOPLE:
            return "people", shown
        if currency or w in ("dollar", "euro", "pound", "rouble", "ruble", "yen", "yuan"):
            return "money", shown
        return w, shown
    return ("money", "") if currency else ("", "")


@lru_cache(maxsize=1 << 14)  # pure, and called with the same quotes for every pair
def figures(text: str) -> tuple[Figure, ...]:
    """The figures a text asserts (not in questions; not years or days of the month)."""
    return tuple(_figures(text))


def _figures(text: str) -> list[Figure]:
    out: list[Figure] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if sentence.rstrip(" ”\"'’").endswith("?"):
            continue  # "Is it possible in 30 days?" asserts no figure
        for m in _FIGURE.finditer(sentence):
            value = _value(m["num"], m["scale"])
            if value is None:
                continue
            before = sentence[max(0, m.start("num") - 12) : m.start("num")].lower()
            after = sentence[m.end("num") : m.end("num") + 12].lower()
            if re.match(r"\s*(?:" + _MONTHS + r")\b", after) or re.search(r"\b(?:" + _MONTHS + r")\s*$", before):
                continue  # "3 May", "August 15": a date
            if re.fullmatch(r"(1[89]|20)\d\d", m["num"]) and not m["scale"]:
                continue  # a year
            thing, shown = _thing(m["rest"] or "", m["unit"], m["cur"])
            if thing in _DAYS and _lasting(sentence[: m.start()], m["rest"] or ""):
                thing, value = "duration", value * _DAYS[thing]  # "banned for four years", "a two-year ban"
            if not thing or thing in _NOT_COUNTED:
                continue
            lo, hi = _HEDGES.get((m["hedge"] or "").strip().lower(), (1.0, 1.0))
            text = sentence[m.start() : m.end("rest") - len(m["rest"] or "")] + shown
            out.append(Figure(value * lo, value * hi, thing, " ".join(text.split())))
    return out


def _overlap(x: Figure, y: Figure) -> bool:
    """The two ranges can be the same number."""
    return not (y.high < x.low or x.high < y.low)


def figure_conflicts(a: str, b: str) -> list[str]:
    """'“200 jobs” vs “450 jobs”' for every counted thing both texts give incompatible numbers for."""
    out = []
    fb = figures(b)
    for x in figures(a):
        same = [y for y in fb if y.thing == x.thing]
        if same and not any(_overlap(x, y) for y in same):
            out.append(f"figures differ on {x.thing}: “{x.text}” vs “{same[0].text}”")
    return sorted(set(out))


def figures_agree(a: str, b: str) -> bool:
    """Both texts give a compatible number for the same counted thing."""
    fb = figures(b)
    return any(y.thing == x.thing and _overlap(x, y) for x in figures(a) for y in fb)


# A number says something when it is this large ("two sides", "three leaders" say nothing), or whatever
# its size when it counts people ("five people were injured"); figures.py pairs by the same measure.
SAYS_SOMETHING = 10
ANY_SIZE = frozenset({"people"})


def figure_match(a: str, b: str) -> str | None:
    """'both give “1,200 prisoners” / “1,200 prisoners”': the same counted thing with compatible
    numbers, where a number says something ("two sides", "three leaders" do not: at least 10, a
    percentage, a sum of money, or a count of people: "five people were injured" / "five people
    hurt", but not the "two people familiar with the talks" who are a report's sources); None when
    they give none, or also disagree on one."""
    if figure_conflicts(a, b):
        return None
    fb = figures(b)
    for x in figures(a):
        small = x.high < SAYS_SOMETHING and x.thing not in ("percent", "money")
        if small and not (x.thing in ANY_SIZE and not _sources(x, a)):
            continue
        for y in fb:
            if y.thing == x.thing and _overlap(x, y):
                return f"same figure for {x.thing}: “{x.text}” / “{y.text}”"
    return None


_SOURCES = re.compile(
    r"\s*(?:\w+\s+)?(?:familiar with|close to|briefed on|with (?:direct )?knowledge"
    r"|who (?:spoke|asked|requested|declined))",
    re.I,
)


def _sources(x: Figure, text: str) -> bool:
    """The people counted are the report's sources: "two people familiar with the talks said"."""
    at = text.find(x.text)
    return at >= 0 and bool(_SOURCES.match(text, at + len(x.text)))
