"""Figure candidates: statements of two parties counting the same thing are compared however far
apart their wording is (made-up sentences from sport and courts)."""

from __future__ import annotations

import numpy as np

from summarizer.embed import HashingEmbedder
from summarizer.reconcile import figures, reconcile
from summarizer.reconcile.questions import Unit
from tests.test_judge import claim
from tests.test_order import _extraction, _model


def _unit(cid: str, party: str, text: str) -> Unit:
    return Unit(claim(cid, f"{cid}.txt", party, text), "2025-01-01", f"{cid}.txt", None, party, [(0, len(text))])


def test_two_parties_counting_the_same_thing_are_paired_and_others_are_not() -> None:
    units = [
        _unit("a", "Police", "Police said about 1,500 fans were inside the ground."),
        _unit("b", "Club", "The club said 4,000 fans watched the match."),
        _unit("c", "Club", "The club has trained 200 apprentices since 2010."),  # other thing, and one party
        _unit("d", "League", "The league fined the club 20,000 pounds."),  # money: too broad a thing to pair
        _unit("f", "Police", "The repairs cost the council 50,000 pounds."),
        _unit("e", "Police", "Officers made two arrests."),  # a small count says nothing worth comparing
    ]
    vecs = np.eye(len(units), dtype=np.float32)
    assert figures.candidates(units, vecs, set()) == [(0, 1, (0, 0))]
    assert figures.candidates(units, vecs, {(0, 1)}) == []  # a pair already taken is not paired again


def test_a_small_count_of_a_thing_also_counted_large_is_paired() -> None:
    units = [
        _unit("a", "Lab", "The laboratory found 40 milligrams of the drug in the sample."),
        _unit("b", "Lawyer", "The lawyer said the sample held only 4 milligrams."),
        _unit("c", "Police", "Officers made two arrests."),
        _unit("d", "Club", "The club said three arrests were made."),  # only small counts of arrests: not paired
    ]
    assert figures.candidates(units, np.eye(len(units), dtype=np.float32), set()) == [(0, 1, (0, 0))]


def test_each_statement_is_paired_with_its_closest_of_other_parties_only() -> None:
    units = [_unit(f"u{n}", f"Party {n % 5}", f"Party {n % 5} said {100 + n} jobs will go.") for n in range(40)]
    vecs = np.random.default_rng(0).normal(size=(40, 8)).astype(np.float32)
    got = figures.candidates(units, vecs, set(), k=2)
    assert all(units[i].party != units[j].party for i, j, _ in got)
    assert len(got) <= 2 * len(units)  # bounded: k a statement


def test_a_figure_conflict_far_apart_in_wording_becomes_a_contradiction() -> None:
    club = ("Club", "The club said 40,000 fans attended the derby.")
    police = ("Police", "Officers counted roughly 12,000 spectators in total.")  # few words in common
    more = [("Club", "The new stand opens in May."), ("Club", "Its manager signed a new contract.")]  # budget
    exs = [_extraction("c1.txt", "2025-03-01", [club, *more]), _extraction("c2.txt", "2025-03-02", [police])]
    b = reconcile(exs, [], llm=_model(same_issue=0.8, same_point=0.2), embedder=HashingEmbedder())
    found = [r for r in b.relations if r.relation == "contradiction"]
    assert [(r.kind, r.evidence[0]) for r in found] == [
        ("figure", "figures differ on people: “40,000 fans” vs “roughly 12,000 spectators”")
    ]


def test_one_actor_revising_a_count_at_a_later_date_is_a_timeline_however_the_sentences_differ() -> None:
    from summarizer.reconcile.timelines import timelines

    def dated(cid: str, text: str, date: str) -> Unit:
        return Unit(
            claim(cid, f"{cid}.txt", "Fire chief", text), date, f"{cid}.txt", "chief", "Fire chief", [(0, len(text))]
        )

    units = [
        dated("a", "The fire chief said two people were hurt when the warehouse roof caved in at noon.", "2025-01-05"),
        dated(
            "b",
            "Seven people had been hurt as the warehouse roof caved in, the fire chief told reporters.",
            "2025-01-09",
        ),
        dated("c", "The fire chief said the depot will reopen in March.", "2025-01-09"),  # counts nothing
        dated(
            "d", "The fire chief said 300 people attended the vigil on Sunday.", "2025-01-12"
        ),  # people, another thing
    ]
    vecs = np.eye(4, dtype=np.float32)  # far apart in meaning: no cluster by embeddings
    (t,) = timelines(units, vecs, {}, {}, {}, lambda x, y: 0.0, {"fire", "chief"})
    assert [p.claim_id for p in t.points] == ["a", "b"]
    assert t.change == "changed" and "“two people” vs “Seven people”" in t.evidence[0]


def test_an_unlabelled_figure_conflict_across_questions_is_kept_only_if_the_model_did_not_rule_it_out() -> None:
    club = ("Club", "The club said 40,000 fans attended the derby.")
    police = ("Police", "Officers counted roughly 12,000 spectators in total.")
    more = [("Club", "The new stand opens in May."), ("Club", "Its manager signed a new contract.")]  # budget
    exs = [_extraction("c1.txt", "2025-03-01", [club, *more]), _extraction("c2.txt", "2025-03-02", [police])]

    def compare(same_issue: float) -> list[str]:
        b = reconcile(exs, [], llm=_model(same_issue=same_issue, same_point=0.2), embedder=HashingEmbedder())
        return [r.evidence[0] for r in b.relations if r.relation == "compare" and r.kind == "none"]

    assert compare(0.47) == ["figures differ on people: “40,000 fans” vs “roughly 12,000 spectators”"]  # unsure
    assert compare(0.2) == []  # the model rules out one issue: no pair for the editor
    b = reconcile(exs, [], llm=None, embedder=HashingEmbedder())  # nobody asked: not kept either
    assert not [r for r in b.relations if r.relation == "compare" and r.kind == "none"]


def test_one_actor_giving_the_same_count_again_is_unchanged() -> None:
    from summarizer.reconcile.timelines import classify

    def dated(cid: str, text: str, date: str) -> Unit:
        return Unit(claim(cid, f"{cid}.txt", "Club", text), date, f"{cid}.txt", "club", "Club", [(0, len(text))])

    a = dated("a", "The club said 40 staff will lose their jobs when the stadium shop closes in June.", "2025-01-05")
    b = dated("b", "A spokesman repeated that 40 staff will lose their jobs by June.", "2025-02-01")
    assert classify([0, 1], [a, b], {}, lambda x, y: 0.0) == (
        "unchanged",
        ["2025-01-05 → 2025-02-01: same figure for staff: “40 staff” / “40 staff”"],
    )
