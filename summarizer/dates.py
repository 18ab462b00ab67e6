"""Dates, resolved in code: the publication date from page metadata, and every date expression of
the story resolved against it ("on Thursday", "in May", "August 15", "next week").

dateparser does the parsing; this module only finds the expressions and decides which reading
(past or future, which year) a news article means.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

import dateparser

from .corpus import Article
from .datelines import MONTHS, WEEKDAYS, Found, date_line, infer_year, iso_date, numeric_order
from .schemas import DatedEvent, PublicationDate, Span

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM = r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"

# (granularity, pattern), most specific first; matches may not overlap.
_EXPRESSIONS: list[tuple[str, re.Pattern[str]]] = [
    ("day", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
    ("day", re.compile(rf"\b\d{{1,2}} {_MONTH},? \d{{4}}\b")),
    ("day", re.compile(rf"\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b")),
    ("day", re.compile(rf"\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?\b(?!,? \d{{4}})")),
    ("day", re.compile(rf"\b\d{{1,2}} {_MONTH}\b")),
    ("month", re.compile(rf"\b{_MONTH},? \d{{4}}\b")),
    ("month", re.compile(rf"\b[Ii]n (?P<d>(?:early |mid-|late )?{_MONTH})(?! \d)\b")),
    ("month", re.compile(rf"\b(?P<d>(?:last|next|this) {_MONTH})(?! \d)\b")),
    ("month", re.compile(rf"\b(?P<d>(?:the (?:middle|end|beginning|start) of |mid-){_MONTH})(?! \d)\b")),
    (
        "month",
        re.compile(
            rf"\b(?:[Ff]or|[Dd]uring|[Ss]ince|[Uu]ntil|[Tt]hrough|[Ff]rom|[Bb]efore|[Aa]fter|[Bb]y) "
            rf"(?P<d>{_MONTH})(?! \d)\b"
        ),
    ),
    ("day", re.compile(rf"\b(?:last |next |this |on )?{_WEEKDAY}\b")),
    ("day", re.compile(r"\b(?:yesterday|today|tomorrow)\b", re.I)),
    ("week", re.compile(r"\b(?:last|next|this) week\b", re.I)),
    ("month", re.compile(r"\b(?:last|next|this) month\b", re.I)),
    ("day", re.compile(rf"\b{_NUM} (?:days?|weeks?) ago\b", re.I)),
    ("month", re.compile(rf"\b{_NUM} months? ago\b", re.I)),
    ("year", re.compile(r"\b(?:[Ii]n|[Ss]ince|until|by|of) (?P<d>(?:19|20)\d{2})\b(?!-)")),
]
_FUTURE_CUES = re.compile(
    r"\b(will|upcoming|scheduled|plans?|planned|expected|begins|starts|next|due to|to be held|set to)\b", re.I
)
_TIMESTAMP = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}")
_URL_DATE = re.compile(r"https?://\S*?/((?:19|20)\d{2})/(\d{2})/(\d{2})/")
_PRIORITY = {"metadata_header": 3, "timestamp_line": 2, "dateline_text": 1}


# ---------------------------------------------------------------- publication date


# A wire dateline opening the story: "VIENNA, June 12 (Alpine Wire) - …", "LONDON, 12 June 2026 (Reuters) —".
_WIRE = re.compile(
    r"^\W{0,3}(?P<line>[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][\w.'’\- ]{1,30})?,\s+"
    r"(?P<date>[A-Za-z]{3,10}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}\s+[A-Za-z]{3,10}\.?(?:\s+\d{4})?)"
    r"\s*(?:\([^()]{1,40}\))?)\s*[-–—]{1,2}\s"
)


def wire_dateline(article: Article) -> tuple[Found, str] | None:
    """The date of a wire dateline that opens the story's first sentence, with the dateline as written."""
    if not article.sentences:
        return None
    m = _WIRE.match(article.sentences[0].text)
    if m is None:
        return None
    found = date_line(m.group("date")).found
    return (found[0], m.group("line").strip()) if len(found) == 1 else None


def corpus_year(month_day: tuple[int, int], corpus: Sequence[str]) -> str | None:
    """A date without a year in a corpus of dated articles: the year that puts it nearest to one of
    them, if within half a year (a corpus of one story's coverage); None if two years fit as well."""
    dated = [dt.date.fromisoformat(v) for v in corpus]
    if not dated:
        return None
    month, day = month_day
    fits: list[tuple[int, str]] = []
    for y in sorted({d.year for d in dated} | {d.year - 1 for d in dated} | {d.year + 1 for d in dated}):
        if (v := iso_date(y, month, day)) is None:
            continue
        gap = min(abs((dt.date.fromisoformat(v) - d).days) for d in dated)
        if gap <= 183:
            fits.append((gap, v))
    fits.sort()
    if not fits or (len(fits) > 1 and fits[1][0] == fits[0][0]):
        return None
    return fits[0][1]


_NO_YEAR = ": no year; "  # how a note says that the date line gave no year and which was taken


def year_inferred(pd: PublicationDate) -> bool:
    """Was the date's year taken from elsewhere (its weekday, the other articles), not printed with it?"""
    return pd.value is not None and any(r.startswith(f"{pd.evidence!r}{_NO_YEAR}") for r in pd.rejected)


def publication_date(article: Article, corpus: Sequence[str] = ()) -> PublicationDate:
    """The best publication date, from the page's date lines (datelines.py); dates that disagree
    with the majority are rejected and listed. A "published" date beats an "updated" one; a date
    line without a year takes the one year of the page on which its weekday falls, else the year
    that puts it nearest to the other articles' dates (`corpus`: the dates the other articles of the
    run give themselves); a relative stamp ("5 hours ago") is listed, never resolved."""
    lines = [article.text[b.start : b.end] for b in article.blocks if b.kind == "metadata"]
    order = numeric_order(lines)
    candidates: list[tuple[str, str, str, int]] = []  # (value, basis, evidence, priority)
    yearless: list[tuple[Found, str]] = []
    notes: list[str] = []
    for line in lines:
        parsed = date_line(line, order)
        for f in parsed.found:
            if f.value is None:
                if f.month_day is not None:
                    yearless.append((f, line.strip()))
                elif f.note:
                    notes.append(f"{f.text!r}: {f.note}, not used")
                continue
            basis = "metadata_header" if f.label else "timestamp_line" if _TIMESTAMP.match(line) else "dateline_text"
            candidates.append((f.value, basis, line.strip(), _LABEL_PRIORITY.get(f.label or "", 2)))
        if parsed.relative and not parsed.found:
            notes.append(f"{parsed.relative!r}: a relative stamp, not resolved (the moment of reading is unknown)")
        if not parsed.found and not parsed.relative and (p := _parse(line.strip(" ,|"), None, "past")):
            candidates.append((p.date().isoformat(), "dateline_text", line.strip(), 1))
    if not candidates and (wire := wire_dateline(article)):
        f, line = wire
        if f.value is not None:
            candidates.append((f.value, "dateline_text", line, 1))
        elif f.month_day is not None:
            yearless.append((f, line))
    if not candidates and yearless:
        years = {int(y) for y in re.findall(r"\b((?:19|20)\d{2})\b", article.text)}
        for f, line in yearless:
            if value := infer_year(f, years):
                candidates.append((value, "dateline_text", line, 1))
                notes.append(f"{line!r}{_NO_YEAR}{value[:4]} is the one year near the page's with that weekday")
            elif f.month_day is not None and (value := corpus_year(f.month_day, corpus)):
                candidates.append((value, "dateline_text", line, 1))
                notes.append(f"{line!r}{_NO_YEAR}{value[:4]} puts it nearest to the other articles' dates")
    if not candidates:
        fallback = _date_from_cited_url(article)
        fallback.rejected = notes + fallback.rejected
        return fallback
    votes: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for value, basis, evidence, priority in candidates:
        votes[value].append((basis, evidence, priority))
    best = max(votes, key=lambda v: (len(votes[v]), max(p for _, _, p in votes[v])))
    basis, evidence, _ = max(votes[best], key=lambda be: (be[2], _PRIORITY[be[0]]))
    rejected = [
        f"{value} ({ev!r}): disagrees with {len(votes[best])} other header date(s)"
        for value, items in votes.items()
        if value != best
        for _, ev, _ in items
    ]
    return PublicationDate(value=best, basis=basis, evidence=evidence, rejected=rejected + notes)  # type: ignore[arg-type]


_LABEL_PRIORITY = {"published": 3, "date": 3, "posted": 3, "released": 3, "issued": 3, "updated": 1, "modified": 1}


def _date_from_cited_url(article: Article) -> PublicationDate:
    """No header date: a dated URL the article cites bounds it from below; used, flagged as such."""
    dates = sorted({"-".join(m.groups()) for m in _URL_DATE.finditer(article.text)})
    if dates:
        m = next(m for m in _URL_DATE.finditer(article.text) if "-".join(m.groups()) == dates[-1])
        return PublicationDate(
            value=dates[-1],
            basis="cited_url",
            evidence=m.group(0),
            rejected=[f"estimate: the article cites a source dated {dates[-1]}; it cannot be older, and may be newer"],
        )
    return PublicationDate(value=None, basis="none", evidence=None)


# ---------------------------------------------------------------- dated events


_WEEKDAY_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2}) ([A-Za-z]+\.?),? (\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})")


def _exact(text: str, base: dt.date | None, prefer: str) -> dt.datetime | None:
    """The common forms in plain arithmetic (dateparser costs milliseconds per call): a full date,
    or a bare weekday relative to a base date (strictly before it for "past", after for "future",
    as dateparser does). None: not one of these forms; dateparser decides."""
    parts: tuple[str, str, str] | None = None
    if m := _ISO.fullmatch(text):
        parts = (m.group(1), m.group(2), m.group(3))
    elif (m := _DAY_MONTH_YEAR.fullmatch(text)) and (month := MONTHS.get(m.group(2).lower().rstrip("."))):
        parts = (m.group(3), str(month), m.group(1))
    elif (m := _MONTH_DAY_YEAR.fullmatch(text)) and (month := MONTHS.get(m.group(1).lower().rstrip("."))):
        parts = (m.group(3), str(month), m.group(2))
    if parts is not None:
        try:
            return dt.datetime(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            return None
    if base is not None and prefer in ("past", "future") and text.lower() in _WEEKDAY_NAMES:
        gap = (WEEKDAYS[text.lower()] - base.weekday()) % 7
        day = base - dt.timedelta(days=7 - gap) if prefer == "past" else base + dt.timedelta(days=gap or 7)
        return dt.datetime.combine(day, dt.time())
    return None


def _parse(text: str, base: dt.date | None, prefer: str) -> dt.datetime | None:
    return _exact(text, base, prefer) or _dateparser(text, base, prefer)


@lru_cache(maxsize=4096)  # the same expression ("on Thursday") recurs against the same base date
def _dateparser(text: str, base: dt.date | None, prefer: str) -> dt.datetime | None:
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": prefer,
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time())
    try:
        return dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None


def _has_year(expr: str) -> bool:
    return bool(re.search(r"\b(19|20)\d{2}\b", expr))


_WILL = re.compile(
    r"\b(?:will|'ll|shall|going to|scheduled|set to|due to|to be held|upcoming|next|plans? to|planned for|"
    r"expected to|intends? to|begins|starts)\b",
    re.I,
)
_DID = re.compile(r"\b(?:was|were|had|did|ago|earlier|previously)\b", re.I)


def tense(sentence: str, start: int, end: int) -> str | None:
    """'future' or 'past' from the tense marker nearest to the expression (a future marker wins a
    tie: "expected to"), looking a few words around it; None when there is none."""
    lo, hi = max(0, start - 80), min(len(sentence), end + 60)
    best: tuple[int, int, str] | None = None
    for rank, (pattern, name) in enumerate(((_WILL, "future"), (_DID, "past"))):
        for m in pattern.finditer(sentence, lo, hi):
            if start <= m.start() < end:
                continue
            gap = start - m.end() if m.end() <= start else m.start() - end
            if best is None or (gap, rank) < best[:2]:
                best = (gap, rank, name)
    return best[2] if best else None


def resolve(
    expr: str, granularity: str, sentence: str, pub: dt.date | None, at: int | None = None
) -> tuple[str | None, str]:
    """Resolve one expression (at `at` in the sentence). Returns (ISO value or None, basis).

    Relative expressions follow the tense around them, as TimeBank's annotators read news: a bare
    weekday or month in a past-tense clause is the most recent one, in a future clause the next one;
    with no tense marker a weekday is the most recent and a month the nearest."""
    clean = re.sub(r"^(on|in|last|this|next)\s+(?=[A-Z])", "", expr)
    clean = re.sub(r"^(the middle of|the end of|the beginning of|the start of|mid-|early |late )", "", clean)
    if _has_year(expr):
        parsed = _parse(clean, pub, "past")
        return (_fmt(parsed, granularity), "absolute date") if parsed else (None, "unparseable")
    if pub is None:
        return None, "relative or year-less date, and the article has no publication date"
    where = sentence.find(expr) if at is None else at
    around = tense(sentence, where, where + len(expr)) if where >= 0 else None
    if around is None:
        around = "future" if _FUTURE_CUES.search(sentence) else None
    if expr.lower().startswith("next"):
        around = "future"
    elif expr.lower().startswith("last"):
        around = "past"
    future = around == "future"
    if re.search(_WEEKDAY, expr) and not expr.lower().startswith(("last", "next")):
        # News convention: a bare weekday is the most recent one (same day counts), unless the
        # sentence speaks of the future.
        day = dt.timedelta(days=1)
        parsed = _parse(clean, pub + day, "past") if not future else _parse(clean, pub - day, "future")
        return _fmt(parsed, "day"), f"weekday, {'next' if future else 'most recent'} relative to publication date {pub}"
    parsed = _parse(clean, pub, "future" if future else "past")
    if parsed is None:
        return None, "unparseable"
    if granularity in ("day", "month") and re.search(_MONTH, expr):
        # A month without a year: in a past clause the latest one not after the publication date,
        # in a future clause the first one not before it, else the nearest. A day of a month keeps
        # the nearest ("had requested a meeting on July 31": the tense is the request's).
        options = []
        for y in (pub.year - 1, pub.year, pub.year + 1):
            try:
                options.append(parsed.replace(year=y))
            except ValueError:
                continue
        later = [d for d in options if (d.year, d.month) > (pub.year, pub.month)]
        if granularity == "month" and around == "past" and (past := [d for d in options if d not in later]):
            parsed = max(past)
            how = "the latest not after it (past tense)"
        elif granularity == "month" and around == "future" and (ahead := [d for d in options if d.year >= pub.year]):
            parsed = min(d for d in ahead if (d.year, d.month) >= (pub.year, pub.month))
            how = "the next not before it (future)"
        else:
            parsed = min(options, key=lambda d: abs((d.date() - pub).days))
            how = "nearest"
        return _fmt(parsed, granularity), f"year taken from publication date {pub} ({how})"
    if granularity == "week":
        parsed = parsed - dt.timedelta(days=parsed.weekday())
        return _fmt(parsed, "day"), f"week starting that day, relative to publication date {pub}"
    return _fmt(parsed, granularity), f"relative to publication date {pub}"


def _fmt(d: dt.datetime | None, granularity: str) -> str | None:
    if d is None:
        return None
    return {"year": d.strftime("%Y"), "month": d.strftime("%Y-%m")}.get(granularity, d.strftime("%Y-%m-%d"))


def dated_events(article: Article, pub: PublicationDate) -> list[DatedEvent]:
    """Every date expression in the story's sentences, resolved in code."""
    base = dt.date.fromisoformat(pub.value) if pub.value else None
    events: list[DatedEvent] = []
    for s in article.sentences:
        taken: list[tuple[int, int]] = []
        for granularity, pattern in _EXPRESSIONS:
            for m in pattern.finditer(s.text):
                group = "d" if "d" in pattern.groupindex else 0
                a, b = m.span(group)
                if any(a < e and st < b for st, e in taken):
                    continue
                taken.append((a, b))
                value, basis = resolve(m.group(group), granularity, s.text, base, a)
                events.append(
                    DatedEvent(
                        date_text=m.group(group),
                        resolved=value,
                        basis=basis,
                        quote=s.text,
                        span=Span(start=s.start, end=s.end),
                    )
                )
    events.sort(key=lambda e: (e.span.start, e.quote.find(e.date_text)))
    return events
