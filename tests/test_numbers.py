"""Numbers read from sentences, on made-up sentences from sport, business, courts and other beats."""

from __future__ import annotations

import pytest

from summarizer.reconcile import numbers


@pytest.mark.parametrize(
    ("a", "b", "thing"),
    [
        ("The company said 200 jobs will go at the Leeds plant.", "The union said 450 jobs will be cut.", "job"),
        ("Silva scored three goals in the final.", "Silva scored two goals in the final.", "goal"),
        ("Organisers said 40,000 attended the march.", "Police estimated that about 12,000 people attended.", "people"),
        ("The airline lost $2 billion last year.", "The airline lost $500 million last year.", "money"),
        ("Turnout was 61 percent.", "Turnout was 48% according to the commission.", "percent"),
        # How long something lasts, in any unit: a ban, a sentence, a contract.
        ("The league banned the striker for six matches and three months.", "He was banned for a year.", ""),
        ("The court jailed the treasurer for 18 months.", "The treasurer was sentenced to a two-year term.", ""),
        ("The rower was suspended for four years.", "The federation suspended her for two years.", "duration"),
        ("She faces a four-year ban.", "Her lawyer expects a two-year ban at most.", "duration"),
    ],
)
def test_the_same_counted_thing_with_incompatible_numbers_is_a_figure_conflict(a: str, b: str, thing: str) -> None:
    found = numbers.figure_conflicts(a, b)
    if not thing:  # "a year", "a two-year term": no number or no "for", so nothing to compare, and no conflict
        assert found == [] or all("duration" in f for f in found)
        return
    assert len(found) == 1 and f"on {thing}" in found[0]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("About 12,000 people attended.", "Some 11,500 people attended the rally."),  # hedged: within range
        ("More than 400 jobs will go.", "The union says 450 jobs will be cut."),  # a lower bound
        ("The plant will cut 200 jobs.", "The firm will hire 50 engineers."),  # different things counted
        ("The bridge opened on 3 May 2024.", "The bridge opened on 5 May 2024."),  # days of the month
        ("The stadium was built in 1998.", "The stadium was renovated in 2012."),  # years
        ("Is it possible to finish in 30 days? Unlikely.", "The 50-day deadline expires in June."),  # a question
        # Spans of time: one unit, two different things measured (an appeal's deadline, a ruling's delay).
        ("An appeal will be lodged within the next three weeks.", "A ruling is expected within six weeks."),
        ("The talks lasted three hours.", "The flight took eleven hours."),
        ("The strike ended six years ago.", "The club was founded 40 years ago."),  # when, not how long
        ("The contract runs for 24 months.", "The contract runs for two years."),  # one length in two units
        ("The mine will close for up to three weeks.", "The mine will close for 20 days."),  # a hedged length
    ],
)
def test_compatible_or_unasserted_figures_are_not_a_conflict(a: str, b: str) -> None:
    assert numbers.figure_conflicts(a, b) == []


def test_a_length_of_time_is_a_figure_in_days_and_a_time_frame_is_none() -> None:
    (f,) = numbers.figures("The ferry line was closed for nearly three weeks.")
    assert (f.low, f.high, f.thing, f.text) == (16.8, 21.0, "duration", "nearly three weeks")
    (f,) = numbers.figures("The keeper signed a three-year contract.")
    assert (f.low, f.thing) == (3 * 365.25, "duration")
    assert numbers.figures("Ticket sales open within two weeks.") == ()
    assert numbers.figures("The match is in three days.") == ()
    assert [f.thing for f in numbers.figures("She has coached for two seasons.")] == ["season"]  # a count
    # Background on a person is not the statement's figure: two chairmen's years in office are no conflict.
    a = "Ian Booth, who has run the club for ten years, said the stadium will be sold."
    b = "Mark Hale, who was chairman for twelve years, said the stadium will not be sold."
    assert numbers.figures(a) == numbers.figures(b) == ()


def test_a_small_count_of_people_is_a_figure_that_agrees_but_not_the_sources_of_a_report() -> None:
    hurt = ("The fire service said four people were hurt in the blaze.", "Four people were injured, the mayor said.")
    assert numbers.figure_match(*hurt) == "same figure for people: “four people” / “Four people”"
    sources = ("Two people familiar with the deal said it was signed.", "Two people close to the club confirmed it.")
    assert numbers.figure_match(*sources) is None
    assert numbers.figure_match("The two leaders met in Oslo.", "The two leaders spoke by phone.") is None


def test_figures_keep_their_hedge_and_thing() -> None:
    (f,) = numbers.figures("Police said about 12,000 people marched.")
    assert (f.low, f.high, f.thing, f.text) == (9600.0, 15000.0, "people", "about 12,000 people")
    assert numbers.figures_agree("Silva scored three goals.", "The three goals came late.")
