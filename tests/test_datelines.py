"""Date lines of real news pages (tests/fixtures/datelines.tsv) and the publication date taken from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.corpus import build_article
from summarizer.datelines import date_line, numeric_order
from summarizer.dates import publication_date

ROWS = [
    row.rstrip("\n").split("\t")
    for row in (Path(__file__).parent / "fixtures" / "datelines.tsv").read_text(encoding="utf-8").splitlines(True)
    if not row.startswith("#")
]


def test_the_fixture_holds_thirty_real_formats() -> None:
    assert len(ROWS) >= 30 and len({r[0] for r in ROWS}) == len(ROWS)
    assert sum(1 for r in ROWS if r[2].startswith("seen:")) >= 15


@pytest.mark.parametrize(("line", "want", "where"), ROWS, ids=[r[0][:40] for r in ROWS])
def test_date_lines_of_real_pages(line: str, want: str, where: str) -> None:
    parsed = date_line(line)
    assert parsed.is_date_line, where
    assert next((f.value for f in parsed.found if f.value), "") == want, where


@pytest.mark.parametrize(
    "line",
    [
        "Putin, Trump meet in Alaska on 15 August 2025",  # a headline with a date is still a headline
        "Trump to meet Putin on August 15",
        "The board met on March 3, 2024.",
        "Kremlin Says Putin Does Not Exclude Zelenskyy Meeting",
        "By Kate Whannel | Political reporter",
        "Latest news",
    ],
)
def test_headlines_and_sentences_are_not_date_lines(line: str) -> None:
    assert not date_line(line).is_date_line


def test_numeric_order_is_taken_from_the_page() -> None:
    page = ["Times of India | 3 months ago | 23-02-2023 | 09:16 am", "The Indian Express | 18 hours ago | 09-06-2023"]
    assert numeric_order(page) is True
    assert date_line(page[1], day_first=True).found[0].value == "2023-06-09"
    assert numeric_order(["(05/23/05 6:23pm)", "03/04/2024"]) is False
    assert numeric_order(["23-02-2023", "05/23/05"]) is None  # the page disagrees with itself: no guess


def article(text: str):  # type: ignore[no-untyped-def]
    return build_article("story.txt", text)


def test_a_bare_date_line_under_the_headline_dates_the_story() -> None:
    a = article("Mill to close in spring\n2019-04-02\nThe mill will close in May, the owner said on Monday.\n")
    pd = publication_date(a)
    assert (pd.value, pd.basis) == ("2019-04-02", "dateline_text")


def test_an_outlet_and_a_date_after_a_byline_date_the_story() -> None:
    """ "The Dunmore Courier, 4 May 2024" under "By …": the outlet's name and the date are two parts
    of one line, as "Outlet | date" is."""
    a = article(
        "Ferry fares to rise in June\n\nBy Ines Carvalho\nThe Dunmore Courier, 4 May 2024\n\n"
        "The ferry company said on Friday that fares will rise by 8 percent.\n"
    )
    assert publication_date(a).value == "2024-05-04"
    assert not date_line("Harbour, Dock Unions Meet on 4 May 2024").is_date_line  # a headline, words in the dated part


def test_published_beats_updated() -> None:
    a = article(
        "Court rules on the merger\nPublished : 07 Nov 2025 at 10:15 | Updated : 09 Nov 2025 at 08:00\n"
        "The court ruled that the merger may go ahead, the judge said.\n"
    )
    assert publication_date(a).value == "2025-11-07"


def test_a_dateline_without_a_year_takes_the_one_year_its_weekday_fits() -> None:
    text = (
        "Harbour strike enters second week\nFriday, August 29\n"
        "Dock workers said the strike that began in 2025 will go on. Talks failed in 2024, the union said.\n"
    )
    pd = publication_date(article(text))
    assert pd.value == "2025-08-29" and any("weekday" in r for r in pd.rejected)
    # No year on the page: nothing to anchor the weekday, so no date.
    assert publication_date(article(text.replace("in 2025", "in spring").replace("in 2024", "before"))).value is None


def test_a_relative_stamp_is_reported_not_resolved() -> None:
    pd = publication_date(
        article("Ferry delayed\n5 hours ago\nThe ferry was delayed by the storm, the operator said.\n")
    )
    assert pd.value is None and any("relative stamp" in r for r in pd.rejected)


def test_a_dotted_numeric_date_is_day_first_and_a_slashed_one_stays_ambiguous() -> None:
    from summarizer.datelines import date_line

    assert date_line("Published 12.05.2026").found[0].value == "2026-05-12"
    slashed = date_line("Published 12/05/2026").found[0]
    assert slashed.value is None and "ambiguous" in (slashed.note or "")
    assert date_line("Published 25/05/2026").found[0].value == "2026-05-25"  # only one reading


def test_a_wire_dateline_dates_the_story() -> None:
    full = article(
        "Ferry sinks off Crete\nHERAKLION, Greece, 12 June 2026 (Aegean Wire) - A ferry sank, the coastguard said.\n"
    )
    pd = publication_date(full)
    assert (pd.value, pd.basis, pd.evidence) == (
        "2026-06-12",
        "dateline_text",
        "HERAKLION, Greece, 12 June 2026 (Aegean Wire)",
    )
    # No year in the dateline nor on the page: the year that puts it nearest to the run's other
    # articles (the coverage of one story), said as such; with no other dated article, no date.
    bare = article("Ferry sinks off Crete\nHERAKLION, June 12 (Aegean Wire) — A ferry sank, the coastguard said.\n")
    assert publication_date(bare).value is None
    pd = publication_date(bare, ["2026-06-20", "2026-07-03"])
    assert pd.value == "2026-06-12" and any("nearest to the other articles" in r for r in pd.rejected)
    assert publication_date(bare, ["2026-11-20"]).value == "2026-06-12"  # five months on: still that year
    assert publication_date(bare, ["2023-12-12"]).value is None  # June 2023 and June 2024 as near: not guessed
    # Not a dateline: a sentence that opens with capitals and a comma but no date.
    assert publication_date(article("Ferry sinks\nNATO, the alliance - said nothing.\n"), ["2026-06-20"]).value is None


def test_a_yearless_date_between_two_years_of_coverage_is_not_guessed() -> None:
    from summarizer.dates import corpus_year

    assert corpus_year((6, 12), ["2025-06-12", "2027-06-12"]) is None  # 2025 and 2027 fit as well
    assert corpus_year((2, 29), ["2026-03-01"]) is None  # no 29 February near 2026 (2024, 2028 too far)
    assert corpus_year((12, 30), ["2027-01-02"]) == "2026-12-30"  # across new year
