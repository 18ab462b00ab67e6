"""What code can verify about two statements, without a model. Pure functions on text.

- figures: the same counted thing with numbers that cannot both hold ("200 jobs" / "450 jobs";
  "about 12,000 people" / "40,000 attended"); hedges widen a figure ("about", "more than");
  years, days of the month and figures inside questions are not asserted figures.
- denial: one side denies or negates what the other asserts (denial verbs, negation), on the same
  proposition (most of the shorter side's content words shared).
- opposed terms: one side says "rose", "guilty", "begins", the other "fell", "acquitted", "ends".
- conditions: "only if", "provided that", "unless", "before any …", "must first": conditional
  statements are compared by their conditions, never called contradictions by code.
- plan vs later report: "will meet" (earlier) vs "met" (later) is a status update.
"""

from __future__ import annotations

import math
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from .. import actors as names
from ..ground import content_words

# ------------------------------------------------------------------------------------ figures

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


def _lasting(before: str, rest: str) -> bool:
    """The figure says how long something lasts: "for <figure>" or "<figure>-year <noun>"."""
    return bool(_FOR.search(before) or _LENGTH_OF.match(rest))


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
        if x.high < 10 and x.thing not in ("percent", "money") and not (x.thing == "people" and not _sources(x, a)):
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


# ------------------------------------------------------------------------------------ polarity

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|without)\b|n[’']t\b",
    re.I,
)
_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ial)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:e|es|ed|ing)|"
    r"rebut(?:s|ted)?|disput(?:e|es|ed|ing)|rul(?:e|es|ed|ing) out|exclud(?:e|es|ed|ing)|false(?:ly)?|untrue|"
    r"baseless|unfounded|impossible|invalid|incorrect|wrong(?:ly)?)\b",
    re.I,
)
_CUE_WORDS = {
    "not",
    "never",
    "none",
    "nobody",
    "nothing",
    "neither",
    "cannot",
    "without",
    "deny",
    "denies",
    "denied",
    "denial",
    "reject",
    "rejects",
    "rejected",
    "dismissed",
    "disputed",
    "false",
    "untrue",
    "impossible",
    "invalid",
    "wrong",
}
_REPORTING = {
    "said",
    "says",
    "say",
    "told",
    "stated",
    "according",
    "added",
    "noted",
    "announced",
    "claimed",
    "claims",
    "confirmed",
    "reported",
    "reports",
    "insisted",
    "insists",
    "argued",
    "argues",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
}


@lru_cache(maxsize=1 << 14)  # pure, and called with the same quotes for every pair
def negative(text: str) -> bool:
    """A clause with an odd number of negation and denial cues: "does not exclude" is positive,
    "impossible" negative, and "none of our products contained it, and we confirmed nothing" negative
    (two negative clauses, not a double negative)."""
    return any(_negative_clause(clause) for clause in _CLAUSES.split(text))


def _negative_clause(clause: str) -> bool:
    return (len(_NEGATION.findall(clause)) + len(_DENIAL.findall(clause))) % 2 == 1


# Clauses: ", and …", "; …", and a second predicate of the same subject ("has denied taking it and says
# a supplement is to blame").
_CLAUSES = re.compile(
    r",\s+(?:and|but|while|whereas)\s+|;\s+|\s+(?:and|but)\s+(?=(?:says?|said|adds?|added|insists?|insisted|"
    r"argues?|argued|claims?|claimed|maintains?|maintained|blames?|blamed|is|are|was|were|will|would)\b)"
)


# The text itself says a position moved: "now expects 450", "revised its estimate", "no longer rules out".
_CHANGE_CUE = re.compile(
    r"\b(?:now|no longer|any more|anymore|revis(?:ed|es|ing)|rais(?:ed|es)|lower(?:ed|s)|updat(?:ed|es)|"
    r"chang(?:ed|es) (?:its|his|her|their) (?:mind|position|stance|view|estimate|forecast)|revers(?:ed|es)|"
    r"backtrack(?:ed|s)|u-turn|walk(?:ed|s) back|soften(?:ed|s)|harden(?:ed|s)|toughen(?:ed|s)|corrected)\b",
    re.I,
)


def signals_change(text: str) -> str | None:
    """The words by which a later statement says its speaker's position moved, if any."""
    m = _CHANGE_CUE.search(text)
    return m.group(0) if m else None


# A negation narrowed by an adverb: "never knowingly taken", "did not deliberately mislead".
_NARROWED = re.compile(
    r"\b(?:not|never|n[’']t)\s+(?:\w+\s+)?(?P<how>(?!only|really|yet|even|ever|exactly)\w{4,}ly)\b", re.I
)


def narrowed(a: str, b: str) -> str | None:
    """The adverb that narrows one side's negation where the other's is unqualified: "I have never
    taken a banned substance" / "I have never knowingly taken anything that is banned" → "knowingly"."""
    if not (negative(a) and negative(b)):
        return None
    ha, hb = (_NARROWED.search(t) for t in (a, b))
    if bool(ha) == bool(hb):
        return None
    return (ha or hb)["how"].lower()  # type: ignore[index]


def proposition(text: str, exclude: AbstractSet[str] = frozenset()) -> set[str]:
    """Content words without cue words, reporting verbs and the given names."""
    return {w for w in _content(text) if w not in _CUE_WORDS and w not in _REPORTING and w not in exclude}


@lru_cache(maxsize=1 << 14)
def _content(text: str) -> frozenset[str]:
    return frozenset(w.rstrip(".") for w in content_words(text))  # a sentence's last word: "plant." is "plant"


def shared_proposition(a: str, b: str, exclude: AbstractSet[str] = frozenset(), share: float = 0.5) -> bool:
    """Most of the shorter side's content words occur in the other side (at least two)."""
    pa, pb = proposition(a, exclude), proposition(b, exclude)
    stems_b = {_stem(v) for v in pb}
    common = {w for w in pa if _stem(w) in stems_b}
    return len(common) >= 2 and len(common) >= share * min(len(pa), len(pb))


def shared_names(a: str, b: str, names_words: set[str]) -> set[str]:
    """Name words (of known actors) that both texts mention: the same people or bodies are the subject."""
    wa = set(re.findall(r"[a-z]{4,}", names.fold(a)))
    wb = set(re.findall(r"[a-z]{4,}", names.fold(b)))
    return wa & wb & names_words


@lru_cache(maxsize=1 << 16)
def _stem(w: str) -> str:
    return re.sub(r"(?:ing|ed|es|s)$", "", w) if len(w) > 5 else w


def denial(a: str, b: str, exclude: AbstractSet[str] = frozenset()) -> str | None:
    """Evidence that one side denies or negates what the other asserts, on the same proposition."""
    if negative(a) == negative(b) or not shared_proposition(a, b, exclude):
        return None
    neg, other = (b, a) if negative(b) else (a, b)
    # The negation must bear on what the two share: "She has denied taking it and says a contaminated
    # supplement is to blame" denies nothing of "the result came from a contaminated supplement".
    parts = _CLAUSES.split(neg)
    clauses = [c for c in parts if _negative_clause(c)]
    if len(clauses) < len(parts) and not any(shared_proposition(c, other, exclude, share=0.0) for c in clauses):
        return None
    cue = (_DENIAL.search(neg) or _NEGATION.search(neg)).group(0)  # type: ignore[union-attr]
    return f"one side negates the other (“{cue}”) on the same proposition"


# ------------------------------------------------------------------------------------ opposed terms

_OPPOSED = [
    (
        "rise|rose|risen|rising|increase[sd]?|grew|grow[sn]?",
        "fall|fell|fallen|falling|decrease[sd]?|declined?|drop(?:ped)?|shr[au]nk",
    ),
    ("win|wins|won|victory", "lose|loses|lost|defeat(?:ed)?"),
    ("guilty|convicted", "innocent|acquitted|not guilty"),
    ("valid|legal|lawful", "invalid|illegal|unlawful|void"),
    ("safe", "unsafe|dangerous"),
    ("possible", "impossible"),
    ("success(?:ful)?|succeeded", "fail(?:ed|ure|s)?"),
    ("accept(?:s|ed)?|agree[sd]?|approv(?:e|es|ed)", "reject(?:s|ed)?|refuse[sd]?|disagree[sd]?"),
    ("supports?|backs|favou?rs?", "opposes?"),
    # Not "first"/"last", "up", "close": "last week", "for the first time", "set up", "close to" oppose nothing.
    # Not the nouns: "at the end of June", "the start of the season" say when, not what happened.
    (
        "begin[s]?|began|(?<!the )start(?:s|ed)?(?!\\s+of\\b)",
        "(?<!the )(?<!an )end[s]?(?!\\s+of\\b)|ended|finish(?:es|ed)?|conclude[sd]?",
    ),
    # Not "open to a sale / talks": willing, not the opposite of "closed" (but "open to the public" is).
    ("open(?!\\s+to\\s+(?!the\\s+public\\b|visitors\\b|traffic\\b))|opens|opened", "closed?(?!\\s+to\\b)|closes|shut"),
    ("true|accurate|correct", "false|inaccurate|incorrect|untrue"),
    ("confirm(?:s|ed)?", "den(?:y|ies|ied)"),
    ("flexib(?:le|ility)", "rigid|inflexible|intransigent|hard-?line|maximalist"),
    ("fit", "injured|injury"),
    ("profit(?:s|able)?", "loss(?:es)?|loss-making"),
    ("ahead|go ahead", "called off|cancel(?:l?ed)?|postponed"),
]
_OPPOSED_RE = [(re.compile(rf"\b(?:{x})\b", re.I), re.compile(rf"\b(?:{y})\b", re.I)) for x, y in _OPPOSED]


def opposed_terms(a: str, b: str) -> str | None:
    """'“rose” vs “fell”' when each side uses one pole of an opposed pair and not the other."""
    pa, pb = _poles(a), _poles(b)
    for (xa, ya), (xb, yb) in zip(pa, pb, strict=True):
        for ma, mb, other_a, other_b in ((xa, yb, ya, xb), (ya, xb, xa, yb)):
            if ma and mb and not other_a and not other_b:
                return f"opposed terms: “{ma}” vs “{mb}”"
    return None


@lru_cache(maxsize=1 << 14)  # a text is compared with many others: read its poles once
def _poles(text: str) -> tuple[tuple[str | None, str | None], ...]:
    """For each opposed pair, the words of each pole the text uses (None: not used)."""
    out = []
    for x, y in _OPPOSED_RE:
        mx, my = x.search(text), y.search(text)
        out.append((mx.group(0) if mx else None, my.group(0) if my else None))
    return tuple(out)


# ------------------------------------------------------------------------------------ conditions

# "until last year", "until March", "until 2024": a time, not a condition.
_TIME_WORDS = (
    r"(?:last|next|this|early|late|mid)\b|(?:the\s+)?(?:end|start|beginning|middle)\s+of\b|\d{4}|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|recently|now|then"
)
_ONLY_VERBS = (
    "be|take|takes|place|come|comes|happen|happens|begin|begins|start|starts|resume|resumes|"
    "proceed|proceeds|go|goes|ahead|held|signed|agreed|possible"
)
_CONDITION = re.compile(
    r"\b(?:only (?:if|after|when|once|with|until)|only (?:(?:" + _ONLY_VERBS + r") ){1,3}?(?:after|once|if|when)|"
    r"provided(?: that)?|providing|unless|on (?:the )?condition|"
    r"as long as|must (?:first|be)|before (?:any|the|a|an|it|its|they|their|he|his|she|her|we|our)|not before|"
    r"until(?!\s+(?:" + _TIME_WORDS + r")\b)|once|if)\b|(?<=\bnot )\w+(?: \w+)? without\b",
    re.I,
)
SAME_CONDITION = (
    0.60  # embedding cosine of two condition clauses (bench/relation_pairs.jsonl: same ≥ 0.71, other ≤ 0.43)
)


# A condition ends at a clause's end, not at the full stop of an initial ("only if the U.S. agrees").
_CLAUSE_END = re.compile(r"[;:!?”\"](?:\s|$)|(?<!\b[A-Z])\.(?:\s|$)|,\s")


@lru_cache(maxsize=1 << 14)  # pure, and called with the same quotes for every pair
def condition(text: str) -> str | None:
    """The condition clause of a conditional statement ('provided that …'), else None."""
    m = _CONDITION.search(text)
    if not m:
        return None
    rest = text[m.start() :]
    clause = _CLAUSE_END.split(rest)[0]
    return clause.strip() if len(clause.split()) >= 3 else None


# ------------------------------------------------------------------------------------ time

_FUTURE = re.compile(
    r"\b(will|would|shall|upcoming|plans?|planned|expected|coming days|next week|to be held|is due|are due)\b", re.I
)
_PAST = re.compile(r"\b(met|held|took place|happened|was|were|had|discussed|called|opened|closed|announced)\b", re.I)


def plan_then_report(early: str, late: str) -> bool:
    """An earlier text announces something, a later one reports it done: a status update."""
    return bool(_FUTURE.search(early)) and bool(_PAST.search(late)) and not _FUTURE.search(late)


# ------------------------------------------------------------------------------------ sameness


_CONTRAST = re.compile(r"^\W*(?:However|By contrast|In contrast|Conversely)\b|\bon the other hand\b", re.I)


def sets_against(text: str) -> bool:
    """The sentence sets its speaker against what came before ("X, on the other hand, said …",
    "By contrast, …"): the article itself contrasts two positions."""
    return bool(_CONTRAST.search(text))


def near_duplicate(a: str, b: str) -> bool:
    """The same words, give or take a few (the same fact stated twice, or wire copy)."""
    wa, wb = set(re.findall(r"[a-z0-9]+", names.fold(a))), set(re.findall(r"[a-z0-9]+", names.fold(b)))
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) >= 0.7


_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’]?\s+")


def repeated(a: str, b: str) -> bool:
    """A sentence of one text is a near duplicate of a sentence of the other (a quote given again)."""
    return any(near_duplicate(x, y) for x in _SENTENCE_END.split(a) for y in _SENTENCE_END.split(b) if x and y)
