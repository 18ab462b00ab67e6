"""The reconciler's code checks, on made-up sentences from sport, business, courts and other beats
(figures: test_numbers.py)."""

from __future__ import annotations

import pytest

from summarizer.attribution.disputes import disputes
from summarizer.reconcile import checks


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (
            "The defendant was at the warehouse on the night of the fire, the prosecutor said.",
            "The defence said the defendant was never at the warehouse that night.",
            True,
        ),
        (
            "The chief executive said the merger talks had collapsed.",
            "A spokeswoman denied that the merger talks had collapsed.",
            True,
        ),
        ("The bridge will open on 3 May.", "The bridge opened on 3 May to traffic.", False),  # same polarity
        ("The striker is not fit.", "The stadium was not full.", False),  # different propositions
    ],
)
def test_denial_needs_opposite_polarity_on_the_same_proposition(a: str, b: str, expected: bool) -> None:
    assert (checks.denial(a, b) is not None) is expected


def test_a_negated_denial_is_positive() -> None:
    assert not checks.negative("The coach does not rule out a return in March.")
    assert checks.negative("A return in March is impossible, the coach said.")
    # Two negative clauses are a denial twice over, not a double negative.
    assert checks.negative("None of our bikes has ever failed a test, and we have admitted nothing of the kind.")
    assert not checks.negative("The club does not exclude a sale, but the price must be right.")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Emphasis, not negation: the two agree.
        (
            "The auditor said the accounts had been falsified.",
            "“The accounts were falsified, there is no other word for it,” the auditor said.",
        ),
        # A claim not yet checked is not a claim denied.
        (
            "The rebels say they hold the airport and the road to the port.",
            "The rebels' claim that they hold the airport has not been independently verified.",
        ),
        ("The club says the striker will cost 40 million euros.", "The club has not confirmed the 40 million fee."),
        ("No more than 300 fans attended the match.", "About 300 fans attended the match, the club said."),
    ],
)
def test_emphasis_bounds_and_unverified_claims_are_not_denials(a: str, b: str) -> None:
    assert checks.denial(a, b) is None
    # The plain negation of the same statement still is one.
    assert checks.denial("The rebels hold the airport.", "The rebels do not hold the airport.") is not None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Profits rose 12 percent.", "Profits fell 3 percent.", "“rose” vs “fell”"),
        ("The jury found him guilty.", "He was acquitted on appeal.", "“guilty” vs “acquitted”"),
        (
            "Talks begin with a leaders' meeting.",
            "A leaders' summit can only conclude the talks.",
            "“begin” vs “conclude”",
        ),
        ("The minister supports the plan.", "The minister opposes the plan.", "“supports” vs “opposes”"),
    ],
)
def test_opposed_terms(a: str, b: str, expected: str) -> None:
    assert expected in (checks.opposed_terms(a, b) or "")


def test_a_text_that_holds_both_poles_is_not_opposed() -> None:
    assert checks.opposed_terms("Shares rose and then fell.", "Shares fell on Monday.") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The club won the cup for the first time.", "The coach was sacked last week."),
        ("Sales picked up in May.", "Sales fell in June."),
        ("The deal is close to done.", "The plant opened in 2019."),
    ],
)
def test_everyday_words_are_not_opposed_terms(a: str, b: str) -> None:
    assert checks.opposed_terms(a, b) is None


def test_a_closure_is_opposed_to_an_opening() -> None:
    assert "“closed”" in (checks.opposed_terms("The plant opened in 2019.", "The plant closed in 2024.") or "")


def test_conditions_are_found_with_their_clause() -> None:
    assert checks.condition("The union will call off the strike provided that wages rise 5 percent.") == (
        "provided that wages rise 5 percent"
    )
    assert checks.condition("Bail is possible only if a surety of 10,000 pounds is paid.") == (
        "only if a surety of 10,000 pounds is paid"
    )
    assert checks.condition("The club won the cup.") is None
    assert checks.condition("Talks resume only if the U.S. lifts the tariffs. The talks begin in May.") == (
        "only if the U.S. lifts the tariffs"  # an initial's full stop ends no clause; the sentence's does
    )
    assert checks.condition("The match can only go ahead once the pitch is inspected.") == (
        "only go ahead once the pitch is inspected"  # "only" and its cue apart by the verb
    )
    assert checks.condition("The only time they met after the war was in 1950.") is None
    assert checks.condition("The firm, which ran the depot until last year, said it warned the council.") is None
    assert checks.condition("The striker stays until March 2027, the club said.") is None  # a time, not a condition
    assert checks.condition("The strike will last until the club opens its books.") == "until the club opens its books"


def test_an_earlier_plan_and_a_later_report_are_a_status_update() -> None:
    assert checks.plan_then_report("The final will be played in Madrid.", "The final was played in Madrid.")
    assert not checks.plan_then_report("The final was played in Madrid.", "The final will be replayed in May.")


def test_a_plan_and_a_report_of_something_else_are_no_status_update() -> None:
    from summarizer.reconcile.judge import Pair, code_checks
    from tests.test_judge import unit

    def status(early: str, late: str) -> bool:
        p = Pair(0, 1, 0.6, (0, 0))
        code_checks(
            p,
            unit("a#c1", "a.txt", "X", early, "2025-01-01"),
            unit("b#c1", "b.txt", "Y", late, "2025-02-01"),
            set(),
            lambda x, y: 0.0,
        )
        return p.status_update

    assert status("The final will be played in Madrid.", "The final was played in Madrid.")
    # "would" and "was" alone: the coach's resolve and the club's finances are not one thing planned and done.
    assert not status("The coach said the club would fight the decision.", "The club said its debt was paid.")


def test_a_denial_is_read_up_to_the_sentences_last_word() -> None:
    # "stadium." ends one sentence and not the other: the same word, so the same proposition.
    denied = "The club had not received an offer for the stadium."
    assert checks.denial(denied, "Rovers made an offer for the stadium last month.", {"rovers"}) is not None


def test_near_duplicates() -> None:
    assert checks.near_duplicate(
        "The club sold the striker for 40 million.", "The club sold the striker for 40 million, it said."
    )
    assert not checks.near_duplicate("The club sold the striker.", "The club bought a goalkeeper.")


@pytest.mark.parametrize(
    ("sentence", "a", "b", "party_b"),
    [
        (
            "While the club says the fee was paid in full, the league insists that half of it is still owed.",
            "the club says the fee was paid in full",
            "the league insists that half of it is still owed",
            "the league",
        ),
        (
            "The court heard that the loan was repaid in 2021, though the bank maintains the debt is outstanding.",
            "the loan was repaid in 2021",
            "the bank maintains the debt is outstanding",
            "the bank",
        ),
        (
            "It was the mediator's plan for a pay freeze, which Unite has accepted and Acme Steel has rejected.",
            "Unite has accepted",
            "Acme Steel has rejected",
            "Acme Steel",
        ),
        (
            "The striker was injured in training, the club said on Friday, a claim the league disputed.",
            "The striker was injured in training, the club said on Friday",
            "the league disputed",
            "the league",
        ),
        (
            "The builder says the bridge was finished on time, which the council denies.",
            "The builder says the bridge was finished on time",
            "the council denies",
            "the council",
        ),
    ],
)
def test_a_dispute_reported_in_one_sentence(sentence: str, a: str, b: str, party_b: str) -> None:
    (d,) = disputes(sentence)
    assert sentence[d.a[0] : d.a[1]].endswith(a) and sentence[d.b[0] : d.b[1]] == b and d.party_b == party_b


def test_a_side_is_compared_in_its_own_words_without_the_rejection_it_reports() -> None:
    from summarizer.attribution.disputes import own_part

    reported = "The club said the fee was paid in full, a claim the league rejected. The club signed Silva."
    assert own_part(reported) == "The club said the fee was paid in full. The club signed Silva."
    # So the league's rejection is no denial between the club and a second source that says the same.
    assert checks.denial(own_part(reported), "The fee was paid in full, the player's agent confirmed.") is None
    assert checks.denial(reported, "The fee was paid in full, the player's agent confirmed.") is not None


def test_open_to_and_the_end_of_are_no_opposed_terms() -> None:
    # "open to a sale" is willing, not the opposite of "close"; "at the end of June" says when.
    assert (
        checks.opposed_terms("The owners will close the stadium.", "The owners are open to selling the stadium.")
        is None
    )
    assert (
        checks.opposed_terms("Talks could only begin after the vote.", "The season will close at the end of May.")
        is None
    )
    assert checks.opposed_terms("The pool is open to the public.", "The pool is closed.") is not None
    assert checks.opposed_terms("The strike began on Monday.", "The strike ended on Monday.") is not None


def test_a_sentence_without_two_parties_is_no_dispute() -> None:
    assert disputes("The striker scored twice, though the team still lost.") == []
    assert disputes("While the rain fell, the crowd stayed.") == []


def test_shared_names_are_the_known_actors_both_texts_mention() -> None:
    known = {"tokayev", "lukashenko", "stanovaya", "silva"}
    assert checks.shared_names("Silva was flexible in talks.", "Silva's rigid demands.", known) == {"silva"}
    assert checks.shared_names("Silva was flexible.", "The club was rigid.", known) == set()


def test_a_sentence_answering_the_one_before_names_what_it_rejects() -> None:
    from summarizer.attribution.disputes import answers_previous

    assert answers_previous("The club rejected that account.") == ("The club", "rejected")
    assert answers_previous("But the league disputes this.") == ("the league", "disputes")
    assert answers_previous("Lind dismissed the allegations as baseless.") == ("Lind", "dismissed")
    assert answers_previous("Ruiz denied wrongdoing.") is None  # rejects no one's statement
    assert answers_previous("The club denied that it had received an offer.") is None  # says what it denies
    assert answers_previous("The union rejected the offer.") is None  # an offer is no statement


def test_a_denial_must_bear_on_what_the_two_share() -> None:
    # She denies doping and blames the bike: nothing the mechanic said is denied.
    a = "The team mechanic said the crash came from a faulty brake cable."
    b = "She has denied riding carelessly and says a faulty brake cable is to blame."
    assert checks.denial(a, b) is None
    # The negated clause is what they share: a denial.
    assert checks.denial(
        "The club will sell the striker to Porto.", "The club will not sell the striker, and the coach agrees."
    )


def test_a_negation_narrowed_by_an_adverb_is_found_on_one_side_only() -> None:
    plain = "The coach said he had never seen the betting slips."
    narrow = "The coach insisted he had never knowingly seen the betting slips."
    assert checks.narrowed(plain, narrow) == "knowingly"
    assert checks.narrowed(narrow, "He had not knowingly seen them either.") is None  # both narrowed alike
    assert checks.narrowed(plain, "The coach had not yet seen the slips.") is None  # "yet" is no narrowing
    assert checks.narrowed("The coach saw the slips.", narrow) is None  # one side is not a negation


def test_a_later_statement_says_its_position_moved() -> None:
    assert checks.signals_change("The airline now expects 900 job losses.") == "now"
    assert checks.signals_change("The club has revised its estimate to 30,000 fans.") == "revised"
    assert checks.signals_change("The minister no longer rules out a tax rise.") == "no longer"
    assert checks.signals_change("The airline expects 900 job losses.") is None
