"""Publication dates from page metadata, and relative dates resolved in code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summarizer.corpus import build_article, load_corpus
from summarizer.dates import dated_events, publication_date, resolve


def pubs(corpus_dir: Path) -> dict[str, tuple[str | None, str]]:
    out = {}
    for a in load_corpus(corpus_dir).articles:
        p = publication_date(a)
        out[a.file[:3]] = (p.value, p.basis)
    return out


def test_publication_dates_of_the_sample_corpus(corpus_dir: Path) -> None:
    assert pubs(corpus_dir) == {
        "000": ("2025-11-07", "metadata_header"),
        "001": (None, "none"),
        "002": ("2025-07-25", "cited_url"),
        "003": ("2025-08-31", "metadata_header"),
        "004": (None, "none"),
    }


def test_bogus_header_date_is_rejected_not_used(corpus_dir: Path) -> None:
    a = next(a for a in load_corpus(corpus_dir).articles if a.file.startswith("003"))
    p = publication_date(a)
    assert p.value == "2025-08-31" and any("2024-01-02" in r for r in p.rejected)


@pytest.mark.parametrize(
    ("expr", "sentence", "pub", "want"),
    [
        ("on Thursday", "Zelensky’s call on Thursday for a meeting", "2025-07-25", "2025-07-24"),
        ("Friday", "Peskov announced Friday that", "2025-08-31", "2025-08-29"),
        ("Sunday", "Peskov confirmed the upcoming visit begins Sunday.", "2025-08-31", "2025-08-31"),
        ("Friday", "He spoke Friday.", "2025-08-29", "2025-08-29"),
        ("August 15", "On August 15, Putin and Trump met", "2025-08-31", "2025-08-15"),
        ("July 31", "Moscow had requested a meeting on July 31", "2025-07-25", "2025-07-31"),
        ("December 30", "It happened on December 30.", "2026-01-03", "2025-12-30"),
        ("May", "In May, Zelensky pressed Putin", "2025-07-25", "2025-05"),
        ("May 2024", "his term ended in May 2024", None, "2024-05"),
        ("2022", "negotiated in Istanbul in 2022", None, "2022"),
        ("next week", "Trump plans to meet as early as next week", "2025-08-06", "2025-08-11"),
        ("on Thursday", "Lavrov announced on Thursday", None, None),
    ],
)
def test_resolve(expr: str, sentence: str, pub: str | None, want: str | None) -> None:
    granularity = (
        "year" if expr.isdigit() else "month" if expr in ("May", "May 2024") else ("week" if "week" in expr else "day")
    )
    base = dt.date.fromisoformat(pub) if pub else None
    assert resolve(expr, granularity, sentence, base)[0] == want


def test_events_are_found_in_story_sentences_only(corpus_dir: Path) -> None:
    a = next(a for a in load_corpus(corpus_dir).articles if a.file.startswith("002"))
    events = dated_events(a, publication_date(a))
    texts = {(e.date_text, e.resolved) for e in events}
    assert ("on Thursday", "2025-07-24") in texts and ("July 31", "2025-07-31") in texts
    assert all(a.text[e.span.start : e.span.end] == e.quote for e in events)


def test_no_header_means_no_date() -> None:
    a = build_article("x.txt", "Peskov said talks went well on Monday.")
    p = publication_date(a)
    assert (p.value, p.basis) == (None, "none")
    assert dated_events(a, p)[0].resolved is None


def _dateparser_forms() -> list[tuple[str, dt.date | None, str]]:
    bases = [dt.date(2024, 2, 26) + dt.timedelta(days=d) for d in range(0, 400, 13)]
    weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "thursday"]
    cases = [(w, b, p) for w in weekdays for b in bases[:8] for p in ("past", "future")]
    for b in bases:
        cases += [
            (b.isoformat(), None, "past"),
            (b.strftime("%d %B %Y"), None, "past"),
            (b.strftime("%B %-d, %Y"), b, "future"),
            (b.strftime("%b. %-d %Y"), None, "past"),
            (b.strftime("%B %-dth, %Y"), None, "past"),
        ]
    return cases + [("2025-02-30", None, "past"), ("Sept. 5, 2025", None, "past"), ("30 February 2025", None, "past")]


def test_fast_date_arithmetic_agrees_with_dateparser() -> None:
    """Where the arithmetic answers, it answers what dateparser would; it answers the common forms."""
    from summarizer.dates import _dateparser, _exact

    answered = 0
    for text, base, prefer in _dateparser_forms():
        fast = _exact(text, base, prefer)
        if fast is not None:
            assert fast == _dateparser.__wrapped__(text, base, prefer), (text, base, prefer)
            answered += 1
    assert answered >= 8 * 8 * 2 + 31 * 4  # every weekday case and four of the five full-date forms


@pytest.mark.parametrize(
    ("expr", "sentence", "pub", "want"),
    [
        # A bare month follows the tense around it (as TimeBank's annotators read news).
        ("June", "The harvest was poor in June, the farmers' union said.", "2025-02-10", "2024-06"),
        ("June", "The new stadium will open in June.", "2025-02-10", "2025-06"),
        ("last May", "Sales fell sharply last May, the retailer said.", "2025-02-10", "2024-05"),
        ("this September", "The trial is due to start this September.", "2025-02-10", "2025-09"),
        ("mid-November", "The striker was injured in mid-November.", "2025-02-10", "2024-11"),
        ("the middle of October", "Fares will rise by the middle of October.", "2025-02-10", "2025-10"),
        ("January", "Orders for January were weaker than expected.", "2025-02-10", "2025-01"),
        # A day of a month keeps the nearest: the tense belongs to another verb.
        ("March 30", "The court had set the hearing for March 30.", "2025-02-10", "2025-03-30"),
    ],
)
def test_months_follow_the_tense_around_them(expr: str, sentence: str, pub: str, want: str) -> None:
    from summarizer.corpus import build_article
    from summarizer.dates import dated_events
    from summarizer.schemas import PublicationDate

    events = dated_events(build_article("s.txt", sentence + "\n"), PublicationDate(value=pub, basis="metadata_header"))
    assert (expr, want) in {(e.date_text, e.resolved) for e in events}, events
