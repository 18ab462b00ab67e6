"""Order of steps (reconcile/order.py) on made-up sentences from labour disputes, courts, sport and
business: one party puts a step first, another only after something else; code finds it, pairs the
two however different their words, and the judge labels it only where the model sees one issue."""

from __future__ import annotations

import json

import numpy as np

from summarizer.embed import HashingEmbedder, default_embedder
from summarizer.reconcile import order, reconcile
from summarizer.reconcile.judge import Pair, decide
from summarizer.reconcile.questions import Unit
from summarizer.render import render_tables
from summarizer.schemas import ArticleExtraction, ModelAnswer, PublicationDate, Span, YesNo
from summarizer.testing import FakeLLM
from tests.test_judge import claim


def test_the_step_a_sentence_puts_first_or_after_something() -> None:
    def placed(text: str) -> list[tuple[str, str]]:
        return [(s.place, s.step) for s in order.steps(text)]

    assert placed("The union says negotiations begin with the reinstatement of the dismissed workers.") == [
        ("first", "reinstatement of the dismissed workers")
    ]
    assert placed("The club said the first step is a new contract for the coach, and then the signings.") == [
        ("first", "new contract for the coach")
    ]
    assert placed("Management insists a return to work must come first.") == [("first", "return to work")]
    assert placed("Talks begin with a return to work, the union said.") == [("first", "return to work")]
    assert placed("Management said any reinstatement can only happen after the strike ends.") == [
        ("after", "reinstatement")
    ]
    assert placed("The judge said a ruling on the evidence will not come before the trial opens.") == [
        ("after", "ruling on the evidence")
    ]
    assert placed("The owners have ruled out a new contract for the coach until the season is over.") == [
        ("after", "new contract for the coach")
    ]
    assert placed("The regulator said the merger must first be preceded by a review of prices.") == [
        ("after", "merger")
    ]
    # Narration of what happened, and "after" as a plain time, place nothing.
    assert placed("He spoke to reporters after the meeting ended.") == []
    assert placed("The season starts in August and ends in May.") == []
    assert placed("It can only happen after the vote.") == []  # a pronoun is no step
    assert placed("It has sold a stake only once before, in 1988.") == []  # "once" as one time (TimeBank)
    assert placed("The bank will lend only after the audit.") == [("after", "bank will lend")]


def test_opposite_places_of_the_same_step_conflict_and_other_steps_do_not() -> None:
    emb = default_embedder()

    def similar(a: str, b: str) -> float:
        va, vb = emb.embed([a, b])
        return float(va @ vb)

    union = "The union says any settlement begins with the reinstatement of the dismissed workers."
    employer = "The employer said the dismissed workers' reinstatement can only be considered after the strike ends."
    other = "The employer said a pay rise can only be considered after the strike ends."
    found = order.conflict(union, employer, similar)
    assert found is not None and "first" in found and "strike ends" in found
    assert order.conflict(employer, union, similar) is not None  # either way round
    assert order.conflict(union, other, similar) is None  # a different step
    assert order.conflict(employer, other, similar) is None  # both put their step after the strike


def test_the_same_step_in_other_words_is_close_and_other_steps_are_not() -> None:
    """What SAME_STEP was chosen on: step phrases of one step in other words, and of other steps."""
    vecs = default_embedder().embed(
        ["meeting of the two leaders", "summit between the leaders", "new contract for the coach", "sale of the club"]
    )
    sims = vecs @ vecs.T
    assert sims[0, 1] >= order.SAME_STEP
    assert max(sims[0, 2], sims[0, 3], sims[1, 3], sims[2, 3]) < order.SAME_STEP


def _extraction(file: str, date: str, claims: list[tuple[str, str]]) -> ArticleExtraction:
    out, at = [], 0
    for n, (speaker, quote) in enumerate(claims, 1):
        c = claim(f"{file}#c{n}", file, speaker, quote)
        c.span, c.sentence_ids = Span(start=at, end=at + len(quote)), [n]
        out.append(c)
        at += len(quote) + 1
    return ArticleExtraction(
        file=file,
        sha256=file,
        title=None,
        outlet=None,
        publication_date=PublicationDate(value=date, basis="metadata_header"),
        actors=[],
        claims=out,
        preconditions=[],
        events=[],
    )


def _model(same_issue: float, same_point: float) -> FakeLLM:
    def respond(messages: list[dict[str, str]], model: type) -> object:
        if model is YesNo:
            return same_issue if "same event or issue" in messages[-1]["content"] else same_point
        return {"question": "Can the club be sold before the stadium deal is signed?"}

    return FakeLLM(responder=respond)


TRUST = ("Supporters' Trust", "The supporters' trust says the rescue begins with a sale of the club to its fans.")
TRUST_MORE = [  # (and the model's budget: two calls a claim)
    ("Supporters' Trust", "The trust has four thousand members and its chair is elected every year."),
    ("Supporters' Trust", "Its chair said fans will march to the town hall on Saturday."),
]
BOARD = [
    ("Board", "The board said a sale of the club can only happen after the stadium deal is signed."),
    ("Board", "The chairman's statement added that ticket prices will not change next season."),
    ("Board", "The board has ruled out a sale of the club until the stadium deal is signed."),
]


def test_two_sources_placing_one_step_at_opposite_ends_are_a_contradiction_in_one_entry() -> None:
    """The trust puts the sale first, the board (twice in one article) after the stadium deal:
    one contradiction whose sides are the trust's statement and both of the board's, not two
    entries for one conflict; the ticket prices are no part of it."""
    exs = [_extraction("board.txt", "2025-03-01", BOARD), _extraction("trust.txt", "2025-03-02", [TRUST, *TRUST_MORE])]
    b = reconcile(exs, [], llm=_model(same_issue=0.8, same_point=0.2), embedder=HashingEmbedder())
    found = [r for r in b.relations if r.relation == "contradiction"]
    assert len(found) == 1
    r = found[0]
    assert r.kind == "order" and r.basis == "code+model"
    assert [s.quote for s in r.sides] == [BOARD[0][1], TRUST[1], BOARD[2][1]]
    assert r.evidence[0].startswith("order of steps: one puts “sale of the club to its fans” first")
    assert any(e.startswith("and Board’s “The board has ruled out") for e in r.evidence)
    assert len(r.model_answers) == 4  # both pairs' answers are kept
    row = next(json.loads(x) for x in render_tables(b)["relations.jsonl"].splitlines() if json.loads(x)["id"] == r.id)
    assert row["a_quote"] == BOARD[0][1] and row["b_quote"] == TRUST[1]
    assert [m["quote"] for m in row["more_sides"]] == [BOARD[2][1]]  # the table loses no side


def test_an_order_conflict_the_model_does_not_see_as_one_issue_is_not_labelled() -> None:
    exs = [_extraction("board.txt", "2025-03-01", BOARD[:1]), _extraction("trust.txt", "2025-03-02", [TRUST])]
    b = reconcile(exs, [], llm=_model(same_issue=0.2, same_point=0.2), embedder=HashingEmbedder())
    assert not [r for r in b.relations if r.relation == "contradiction"]


def test_an_order_conflict_stays_a_contradiction_though_both_sides_are_conditional() -> None:
    """'Only after' is a condition, and two conditional statements are compared by their conditions,
    never called contradictions ... unless code found that they place one step at opposite ends."""
    first = "The council says the new stadium can only go ahead once the club agrees to pay for the road."
    then = "The club says the road can only be paid for once the council approves the new stadium."
    a = _extraction("a.txt", "2025-01-01", [("Council", first)])
    b = _extraction("b.txt", "2025-01-02", [("Club", then)])
    ua = Unit(a.claims[0], "2025-01-01", "a.txt", None, "Council", [(0, len(first))])
    ub = Unit(b.claims[0], "2025-01-02", "b.txt", None, "Club", [(0, len(then))])
    p = Pair(0, 1, 0.6, (0, 0), conflicts=[("order", "order of steps")], conditional=True)
    p.answers = {
        "same_point": ModelAnswer(question="same_point", p_yes=[0.2, 0.2], answers=["no", "no"]),
        "same_issue": ModelAnswer(question="same_issue", p_yes=[0.8, 0.8], answers=["yes", "yes"]),
    }
    assert decide(p, ua, ub)[:2] == ("contradiction", "order")  # type: ignore[index]
    p.conflicts = [("opposed", "opposed terms")]
    assert decide(p, ua, ub)[:2] == ("compare", "condition")  # type: ignore[index]


def test_pairs_join_two_parties_and_never_one_party_with_itself() -> None:
    placed = [
        order.Placed(0, 0, "Trust", order.Step("first", "sale of the club")),
        order.Placed(1, 0, "Board", order.Step("after", "sale of the club", "stadium deal")),
        order.Placed(2, 0, "Trust", order.Step("after", "sale of the club", "a vote")),
        order.Placed(3, 1, "Board", order.Step("after", "ticket prices", "next season")),
    ]
    vecs = np.eye(4)
    vecs[1] = vecs[2] = vecs[0]  # one step in three sentences
    assert order.pairs(placed, vecs, set()) == [(0, 1, (0, 0))]
    assert order.pairs(placed, vecs, {(0, 1)}) == []  # already a candidate


def test_a_step_put_first_is_paired_with_its_closest_few_only() -> None:
    """A corpus that is all procedure stays bounded: each statement that puts a step first gets its
    PER_STEP closest statements that put it after something, the closest first."""
    placed = [order.Placed(0, 0, "Trust", order.Step("first", "sale of the club"))]
    placed += [order.Placed(n, 0, f"Party {n}", order.Step("after", "sale of the club", "x")) for n in range(1, 7)]
    vecs = np.zeros((7, 7))
    vecs[:, 0] = 1.0
    for n in range(1, 7):
        vecs[n, n] = n * 0.1  # the further down, the further from the first statement's step
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    got = order.pairs(placed, vecs, set())
    assert [j for _, j, _ in got] == [1, 2, 3][: order.PER_STEP]
