"""The relation judge and the questions, with a fake LLM and made-up claims from other domains:
labels only where code and model agree; abstention ("compare") otherwise; budgets hold."""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.embed import HashingEmbedder, default_embedder
from summarizer.llm import read_yes_no
from summarizer.reconcile import denials, reconcile
from summarizer.reconcile.judge import Pair, decide, says_yes
from summarizer.reconcile.naming import label_is_grounded
from summarizer.reconcile.questions import Unit, group
from summarizer.schemas import (
    Actor,
    ArticleExtraction,
    Claim,
    ModelAnswer,
    PublicationDate,
    Span,
    YesNo,
)
from summarizer.testing import FakeLLM


def claim(cid: str, article: str, speaker: str, quote: str) -> Claim:
    return Claim(
        id=cid,
        article=article,
        speaker=speaker,
        stance="asserts",
        statement="s",
        topic="job cuts",
        quote=quote,
        span=Span(start=0, end=len(quote)),
        sentence_ids=[1],
    )


def unit(cid: str, article: str, speaker: str, quote: str, date: str | None = None, actor: str | None = None) -> Unit:
    return Unit(claim(cid, article, speaker, quote), date, article, actor, speaker, [(0, len(quote))])


def answer(question: str, p: float) -> ModelAnswer:
    return ModelAnswer(question=question, p_yes=[p, p], answers=["yes" if p >= 0.5 else "no"] * 2)  # type: ignore[arg-type]


def test_yes_no_is_read_from_log_probabilities() -> None:
    ans = read_yes_no("Yes", [("Yes", -0.5), ("No", -1.5), (" yes", -3.0), ("maybe", -0.1)])
    assert ans.answer == "yes" and ans.p_yes is not None and 0.7 < ans.p_yes < 0.8
    assert read_yes_no("no", None) == YesNo(answer="no", p_yes=None)


def test_both_orders_count_and_without_logprobs_both_must_say_yes() -> None:
    assert says_yes(ModelAnswer(question="same_issue", p_yes=[0.9, 0.3], answers=["yes", "no"]), 0.6)
    assert not says_yes(ModelAnswer(question="same_issue", p_yes=[0.7, 0.3], answers=["yes", "no"]), 0.6)
    assert not says_yes(ModelAnswer(question="same_issue", p_yes=[None, None], answers=["yes", "no"]), 0.6)
    assert says_yes(ModelAnswer(question="same_issue", p_yes=[None, None], answers=["yes", "yes"]), 0.6)


def test_a_figure_conflict_is_a_contradiction_only_when_the_model_sees_one_issue() -> None:
    a = unit("a#c1", "a.txt", "Acme", "Acme said 200 jobs will go at the Leeds plant.")
    b = unit("b#c1", "b.txt", "Unite", "The union said 450 jobs will be cut at the Leeds plant.")
    p = Pair(0, 1, 0.7, (0, 0), conflicts=[("figure", "figures differ on job")])
    p.answers = {"same_point": answer("same_point", 0.4), "same_issue": answer("same_issue", 0.7)}
    assert decide(p, a, b)[:3] == ("contradiction", "figure", "code+model")  # type: ignore[index]
    p.answers["same_point"] = answer("same_point", 0.8)  # the model hears one point: the numbers still differ
    assert decide(p, a, b)[:3] == ("contradiction", "figure", "code+model")  # type: ignore[index]
    p.answers["same_issue"] = answer("same_issue", 0.3)
    assert decide(p, a, b)[0] == "compare"  # type: ignore[index]
    p.answers = {}
    assert decide(p, a, b)[:3] == ("compare", "none", "none")  # type: ignore[index]


def test_a_model_saying_same_without_code_conflict_is_an_agreement_across_sources_only() -> None:
    a = unit("a#c1", "a.txt", "Court", "The jury found the former mayor guilty of fraud.")
    b = unit("b#c1", "b.txt", "Court", "The former mayor was convicted of fraud by the jury.")
    p = Pair(0, 1, 0.8, (0, 0), answers={"same_point": answer("same_point", 0.8)})
    assert decide(p, a, b)[0] == "agreement"  # type: ignore[index]
    b.source = "a.txt"  # syndicated copy or the same article: never an agreement of two sources
    assert decide(p, a, b)[0] == "compare"  # type: ignore[index]


def test_one_partys_statement_as_two_sources_report_it_is_an_agreement_of_the_reports() -> None:
    """Two outlets report the club's decision in their own words: the reports agree, and the check says
    it is one party. The same words in both are one statement repeated (its timeline says unchanged)."""
    a = unit("a#c1", "a.txt", "Rovers", "Rovers said they had sacked their manager.", "2025-03-01", "rovers")
    b = unit("b#c1", "b.txt", "Rovers", "The club ended the manager's contract on Monday, Rovers said.", None, "rovers")
    p = Pair(0, 1, 0.8, (0, 0), answers={"same_point": answer("same_point", 0.8)})
    relation, kind, basis, evidence = decide(p, a, b)  # type: ignore[misc]
    assert (relation, kind, basis) == ("agreement", "same", "model")
    assert evidence[-1] == "Rovers as two sources report it: the reports agree (one party, not two views)"
    b.date = "2025-04-11"  # at two dates: one party’s position that held
    assert (
        decide(p, a, b)[3][-1]
        == "Rovers on 2025-03-01 and again on 2025-04-11: the position held (one party, not two views)"
    )  # type: ignore[index]
    b = unit("b#c1", "b.txt", "Rovers", "Rovers said on Monday they had sacked their manager.", None, "rovers")
    assert decide(p, a, b)[0] == "compare"  # type: ignore[index]


def test_one_party_with_other_figures_at_two_dates_changed_only_where_the_text_says_so() -> None:
    """The league's ban of eight matches in one outlet and of three the next day: the reports differ
    (a contradiction); "now" in the later statement says the league moved (a change of position)."""
    a = unit("a#c1", "a.txt", "League", "The league banned the striker for eight matches.", "2025-03-01", "league")
    b = unit(
        "b#c1", "b.txt", "League", "The league said the striker is banned for three matches.", "2025-03-02", "league"
    )
    p = Pair(0, 1, 0.8, (0, 0), conflicts=[("figure", "figures differ on match")])
    p.answers = {"same_point": answer("same_point", 0.7), "same_issue": answer("same_issue", 0.7)}
    relation, _, _, evidence = decide(p, a, b)  # type: ignore[misc]
    assert (relation, evidence[-1]) == ("contradiction", "League as two sources report it: the reports differ")
    b = unit("b#c1", "b.txt", "League", "The league now bans the striker for three matches.", "2025-03-20", "league")
    relation, _, _, evidence = decide(p, a, b)  # type: ignore[misc]
    assert (relation, evidence[-1]) == ("change_of_position", "the later statement says it moved (“now”)")


def test_one_partys_own_quoted_words_at_two_dates_are_a_change_of_position() -> None:
    """A coach quoted "No player broke the curfew." and, ten days later, "Two players broke the curfew.":
    no report can have misread the coach's own words, so the coach moved; so too where the rest of the
    later quote says so ("I said otherwise at the time, and I was wrong"), and so where the two are
    more than a news cycle apart. Reports of the coach's words a day apart that differ stay two reports
    that differ."""
    a = unit("a#c1", "a.txt", "Coach", "“No player broke the curfew.", "2025-03-01", "coach")
    b = unit("b#c1", "b.txt", "Coach", "“Two players broke the curfew.", "2025-03-11", "coach")
    p = Pair(0, 1, 0.8, (0, 0), conflicts=[("denial", "one side negates the other (“No”) on the same proposition")])
    p.answers = {"same_point": answer("same_point", 0.6), "same_issue": answer("same_issue", 0.6)}
    relation, kind, _, evidence = decide(p, a, b)  # type: ignore[misc]
    assert (relation, kind) == ("change_of_position", "denial")
    assert evidence[-1] == "Coach’s own words, quoted on 2025-03-01 and on 2025-03-11"
    told = "The coach said two players broke the curfew. I said otherwise at the time, and I was wrong, he added."
    b = unit("b#c1", "b.txt", "Coach", told, "2025-03-11", "coach")
    assert decide(p, a, b)[3][-1] == "the later statement says it moved (“said otherwise”)"  # type: ignore[index]
    b = unit("b#c1", "b.txt", "Coach", "The coach said two players broke the curfew.", "2025-03-11", "coach")
    assert decide(p, a, b)[3][-1] == "Coach on 2025-03-01 and again on 2025-03-11, 10 days apart: the position moved"  # type: ignore[index]
    a = unit("a#c1", "a.txt", "Coach", "The coach said no player broke the curfew.", "2025-03-10", "coach")
    # A day apart, two outlets' accounts of what the coach said: the reports differ.
    assert decide(p, a, b)[3][-1] == "Coach as two sources report it: the reports differ"  # type: ignore[index]


def test_one_partys_denial_narrowed_later_is_a_change_of_tone_not_a_position_that_held() -> None:
    """ "Never bet on a match" in March, "never knowingly bet" in May: the denial was hedged (a change of
    position of kind tone); made absolute the other way round; at one date two reports that differ."""
    a = unit("a#c1", "a.txt", "Mills", "“I have never bet on a match,” Mills said.", "2025-03-01", "mills")
    b = unit(
        "b#c1", "b.txt", "Mills", "Mills told the panel he had never knowingly bet on a match.", "2025-05-02", "mills"
    )
    p = Pair(0, 1, 0.8, (0, 0), answers={"same_point": answer("same_point", 0.8)})
    relation, kind, _, evidence = decide(p, a, b)  # type: ignore[misc]
    assert (relation, kind) == ("change_of_position", "tone")
    assert evidence[-1] == (
        "Mills’s denial hedged between 2025-03-01 and 2025-05-02 (“knowingly”): a change of tone, not a reversal"
    )
    a.date, b.date = "2025-06-01", "2025-05-02"  # the hedged denial came first
    assert "denial made absolute between 2025-05-02 and 2025-06-01" in decide(p, a, b)[3][-1]  # type: ignore[index]
    a.date = b.date  # one date: two reports that differ, compared
    relation, _, _, evidence = decide(p, a, b)  # type: ignore[misc]
    assert (relation, evidence[-1]) == ("compare", "one of the two denials is narrowed (“knowingly”)")


def test_one_point_on_two_different_conditions_is_not_an_agreement() -> None:
    """The model hears "will sign" twice; the conditions differ, so the editor compares them."""
    a = unit("a#c1", "a.txt", "Agent", "The striker will sign a new deal, provided the club qualifies for Europe.")
    b = unit("b#c1", "b.txt", "Chairman", "The striker would sign only if his wages were doubled, the chairman said.")
    p = Pair(0, 1, 0.8, (0, 0), conditional=True, answers={"same_point": answer("same_point", 0.8)})
    relation, kind, _, evidence = decide(p, a, b)  # type: ignore[misc]
    assert (relation, kind, evidence[-1]) == ("compare", "condition", "both are conditional: compare the conditions")
    p.same_condition = True  # the same condition in other words: compatible, as before
    assert decide(p, a, b)[0] == "conditional_compatibility"  # type: ignore[index]


def test_a_softer_restatement_of_the_same_condition_is_not_a_contradiction() -> None:
    a = unit(
        "a#c1",
        "a.txt",
        "Bank",
        "A loan is impossible before the club publishes audited accounts.",
        "2025-01-01",
        "bank",
    )
    b = unit(
        "b#c1",
        "b.txt",
        "Bank",
        "The bank does not exclude a loan, provided the audited accounts are published.",
        "2025-03-01",
        "bank",
    )
    p = Pair(0, 1, 0.7, (0, 0), conflicts=[("denial", "one side negates the other")], conditional=True)
    p.answers = {"same_point": answer("same_point", 0.5), "same_issue": answer("same_issue", 0.9)}
    assert decide(p, a, b)[:2] == ("compare", "condition")  # type: ignore[index]


def test_grouping_puts_one_question_together_and_keeps_other_questions_apart() -> None:
    texts = [
        "The company said 200 jobs will go at the Leeds plant.",
        "The union said 450 jobs will be cut at the Leeds factory.",
        "About 300 workers at the Leeds plant will lose their jobs, the council said.",
        "The striker scored twice in the second half of the derby.",
        "The league's top scorer got two goals in the derby.",
    ]
    groups = group(default_embedder().embed(texts))
    assert [0, 1, 2] in groups and [3, 4] in groups


def test_a_question_label_must_come_from_the_quotes() -> None:
    units = [unit("a#c1", "a.txt", "Acme", "Acme said 200 jobs will go at the Leeds plant.")]
    assert label_is_grounded("How many jobs will go at the Leeds plant?", units, [])
    assert not label_is_grounded("Will the government nationalise the steel industry?", units, [])
    assert not label_is_grounded("Leeds www.evil.example jobs?", units, [])
    # Prepositions join the quotes' words; they need not be in the quotes. Other new words must.
    assert label_is_grounded("Regarding the Leeds plant, how many jobs will go at Acme?", units, [])
    assert not label_is_grounded("How many jobs will go regarding the Leeds plant's pension fund?", units, [])


def test_without_a_question_or_topic_the_label_says_who_speaks() -> None:
    from summarizer.reconcile.naming import topic_label

    units = [
        unit("a#c1", "a.txt", "Acme", "Acme said 200 jobs will go."),
        unit("b#c1", "b.txt", "Unite", "Unite said 450 jobs will go."),
        unit("c#c1", "c.txt", "narration", "Jobs will go."),
    ]
    for u in units:
        u.claim.topic = "unlabelled"
    assert topic_label(units) == "what Acme, Unite and the outlet said"
    assert topic_label(units[:1]) == "what Acme said"
    units[1].claim.topic = "Job cuts"
    assert topic_label(units) == "job cuts"


def extraction(file: str, date: str, claims: list[Claim]) -> ArticleExtraction:
    return ArticleExtraction(
        file=file,
        sha256="0",
        title=None,
        outlet=None,
        publication_date=PublicationDate(value=date, basis="metadata_header"),
        actors=[Actor(id="acme", name="Acme", type="company", aliases=["Acme"])],
        claims=claims,
        preconditions=[],
        events=[],
    )


def test_the_budget_bounds_relation_calls_and_unjudged_pairs_are_kept_for_comparison() -> None:
    quotes = [
        "Acme said 200 jobs will go at the Leeds plant this year.",
        "Acme said 450 jobs will go at the Leeds plant this year.",
        "Acme said 300 jobs will go at the Leeds plant this year.",
    ]
    exs = [
        extraction(f"{i}.txt", f"2025-0{i + 1}-01", [claim(f"{i}#c1", f"{i}.txt", "narration", q)])
        for i, q in enumerate(quotes)
    ]
    llm = FakeLLM(
        responder=lambda m, model: 0.9 if model is YesNo else {"question": "How many jobs will go at the Leeds plant?"}
    )
    b = reconcile(exs, [], llm=llm, embedder=HashingEmbedder())
    assert b.reconcile_usage.calls <= 2 * 3
    assert len(b.questions) == 1 and b.questions[0].label_source == "model"
    assert {r.relation for r in b.relations} <= {"contradiction", "compare"}
    assert any(r.relation == "compare" and r.basis == "none" for r in b.relations)  # budget spent: abstained


def test_wire_copy_in_two_files_counts_as_one_source() -> None:
    same = [
        "The central bank raised its main interest rate by half a point on Thursday.",
        "Markets had expected a smaller rise after inflation slowed in March.",
    ]
    a = extraction("a.txt", "2025-04-03", [claim(f"a#c{i}", "a.txt", "narration", q) for i, q in enumerate(same)])
    b = extraction("b.txt", "2025-04-03", [claim(f"b#c{i}", "b.txt", "narration", q) for i, q in enumerate(same)])
    c = extraction("c.txt", "2025-04-04", [claim("c#c1", "c.txt", "narration", "The striker scored twice.")])
    from summarizer.reconcile.questions import syndicated

    assert syndicated([a, b, c]) == [["a.txt", "b.txt"]]
    llm = FakeLLM(
        responder=lambda m, model: 0.95 if model is YesNo else {"question": "How far did the bank raise rates?"}
    )
    briefing = reconcile([a, b, c], [], llm=llm, embedder=HashingEmbedder())
    assert briefing.syndicated == [["a.txt", "b.txt"]]
    assert not [r for r in briefing.relations if r.relation == "agreement"]  # one source cannot agree with itself


def test_a_theme_too_large_for_one_question_is_split() -> None:
    from summarizer.reconcile.questions import MAX_QUESTION

    texts = [
        f"The council said the {w} bridge will reopen after repairs in {m}."
        for w, m in zip(
            ["north", "south", "east", "west", "old", "new", "rail", "foot", "river", "canal"],
            ["May", "June", "July", "March", "April", "May", "June", "July", "March", "April"],
            strict=True,
        )
    ]
    texts += [f"The {w} bridge repairs will cost the council more than planned." for w in ["north", "south", "east"]]
    groups = group(default_embedder().embed(texts))
    assert all(len(g) <= MAX_QUESTION for g in groups)


def test_a_softer_wording_of_the_same_condition_is_tone_not_a_reversal() -> None:
    from summarizer.reconcile.timelines import classify

    a = unit(
        "a#c1",
        "a.txt",
        "Bank",
        "A new loan is impossible before the club publishes audited accounts.",
        "2025-01-05",
        "bank",
    )
    b = unit(
        "b#c1",
        "b.txt",
        "Bank",
        "The bank does not exclude a loan, provided the club publishes audited accounts.",
        "2025-03-01",
        "bank",
    )
    emb = default_embedder()

    def similar(x: str, y: str) -> float:
        vx, vy = emb.embed([x, y])
        return float(vx @ vy)

    change, evidence = classify([0, 1], [a, b], {}, similar)
    assert change == "tone_only" and "same condition" in evidence[0]
    c = unit(
        "c#c1", "c.txt", "Bank", "The bank will lend to the club whatever its accounts show.", "2025-06-01", "bank"
    )
    change, evidence = classify([0, 2], [a, b, c], {}, similar)
    assert change != "tone_only"  # no condition any more: not "tone"
    # Unclassified, the step still shows what code found, verbatim: here a condition that was dropped.
    assert change == "unclassified" and evidence == [
        "no check could classify the change; the conditions as each date words them: "
        "2025-01-05: “before the club publishes audited accounts”"
    ]


def test_a_condition_at_both_dates_in_other_words_is_not_a_reversal() -> None:
    from summarizer.reconcile.timelines import classify

    emb = default_embedder()

    def similar(x: str, y: str) -> float:
        vx, vy = emb.embed([x, y])
        return float(vx @ vy)

    # A hard "ruled out before X" and a soft "open, provided Y": the step waits for a condition both
    # times; whether X and Y are one condition, code cannot tell, so the editor gets both, verbatim.
    hard = "The union ruled out a return to work before the night shift is restored."
    soft = "The union is open to a return to work, provided that managers publish the rota in advance."
    a = unit("a#c1", "a.txt", "Union", hard, "2025-01-05", "union")
    b = unit("b#c1", "b.txt", "Union", soft, "2025-03-01", "union")
    change, evidence = classify([0, 1], [a, b], {}, similar)
    assert change == "conditional"
    assert evidence == [
        "2025-01-05 → 2025-03-01: a condition at both dates, in a different tone (one negated, one not)",
        "the conditions as each date words them: 2025-01-05: “before the night shift is restored”; "
        "2025-03-01: “provided that managers publish the rota in advance”",
    ]
    # Other numbers in the condition are a change, however close the wording.
    c = unit("c#c1", "c.txt", "Union", "The union will only sign if wages rise by 5 percent.", "2025-01-05", "union")
    d = unit("d#c1", "d.txt", "Union", "The union will only sign if wages rise by 8 percent.", "2025-03-01", "union")
    change, evidence = classify([0, 1], [c, d], {}, similar)
    assert change == "changed" and "5 percent" in evidence[0] and "8 percent" in evidence[0]


def test_the_speakers_own_name_is_no_shared_proposition_between_two_dates() -> None:
    from summarizer.reconcile.timelines import classify

    # One speaker's name is in both quotes whatever they say: "not" in the second is no reversal of the first.
    a = unit(
        "a#c1", "a.txt", "Ana Lind", "Coach Ana Lind said the club would fight the decision.", "2025-01-05", "lind"
    )
    b = unit(
        "b#c1", "b.txt", "Ana Lind", "Coach Ana Lind told fans that relegation was not certain.", "2025-03-01", "lind"
    )
    change, _ = classify([0, 1], [a, b], {}, lambda x, y: 0.0, {"ana", "lind"})
    assert change == "unclassified"
    c = unit("c#c1", "c.txt", "Ana Lind", "Coach Ana Lind said relegation was certain.", "2025-01-05", "lind")
    change, evidence = classify([0, 1], [c, b], {}, lambda x, y: 0.0, {"ana", "lind"})
    assert change == "changed" and "“not”" in evidence[0]  # the same proposition negated: a change


def test_a_timeline_changes_where_the_later_statement_says_it_moved() -> None:
    """The coach's "No player broke the curfew" and, later, "Two did. I said otherwise at the time, and I was
    wrong": no negation code can pair sentence by sentence across the two claims, but the later one says so."""
    from summarizer.reconcile.timelines import classify

    a = unit(
        "a#c1", "a.txt", "Coach", "The coach spoke after training. “No player broke the curfew.", "2025-03-01", "c"
    )
    b = unit(
        "b#c1",
        "b.txt",
        "Coach",
        "“Two players broke the curfew. I said otherwise at the time, and I was wrong.",
        "2025-03-11",
        "c",
    )
    assert classify([0, 1], [a, b], {}, lambda x, y: 0.0) == (
        "changed",
        ["2025-03-01 → 2025-03-11: the later statement says it moved (“said otherwise”)"],
    )


def test_a_quote_given_again_at_a_later_date_is_unchanged() -> None:
    from summarizer.reconcile.timelines import classify

    said = '"The fee was paid in full," the chairman told reporters.'
    a = unit("a#c1", "a.txt", "Chairman", f"The club rejected the league's claim. {said}", "2025-01-05", "chair")
    b = unit("b#c1", "b.txt", "Chairman", f"{said[:-1]} in January.", "2025-03-01", "chair")
    assert classify([0, 1], [a, b], {}, lambda x, y: 0.0) == (
        "unchanged",
        ["2025-01-05 → 2025-03-01: the same words at both dates"],
    )


def test_two_sources_giving_the_same_figure_agree_when_the_model_sees_one_issue() -> None:
    from summarizer.reconcile import numbers
    from summarizer.reconcile.judge import code_checks

    a = unit("a#c1", "a.txt", "Police", "Police said about 40,000 people attended the rally on Sunday.")
    b = unit("b#c1", "b.txt", "Organisers", "Organisers said 40,000 people marched through the city.")
    p = Pair(0, 1, 0.7, (0, 0))
    code_checks(p, a, b, set(), lambda x, y: 0.0)
    assert p.figure_match and "40,000" in p.figure_match and not p.conflicts
    p.answers = {"same_point": answer("same_point", 0.4), "same_issue": answer("same_issue", 0.7)}
    relation, kind, basis, evidence = decide(p, a, b)  # type: ignore[misc]
    assert (relation, kind, basis) == ("agreement", "figure", "code+model") and p.figure_match in evidence
    # Each answer is shown as it was counted, against its threshold, not as the model's raw top token.
    assert "make the same point: no (P(yes) 0.40, 0.40, both orders; yes needs a mean of 0.65)" in evidence[0]
    assert "same event or issue: yes (P(yes) 0.70, 0.70" in evidence[1]
    p.answers["same_issue"] = answer("same_issue", 0.2)  # the model sees two issues: no agreement
    assert decide(p, a, b)[0] != "agreement"  # type: ignore[index]
    b.source = "a.txt"  # one source: never an agreement
    p.answers["same_issue"] = answer("same_issue", 0.7)
    assert decide(p, a, b)[0] != "agreement"  # type: ignore[index]
    # Small counts say little ("two sides", "three leaders"); different numbers are a conflict, not a match.
    assert numbers.figure_match("The two sides met in Geneva.", "Both sides, the two sides, met.") is None
    assert numbers.figure_match("Acme will cut 200 jobs.", "Acme will cut 450 jobs.") is None
    assert numbers.figure_match("Shares rose 4%.", "The shares gained 4% on Monday.") is not None


def test_each_claim_is_paired_with_its_nearest_claim_of_another_source_across_questions() -> None:
    """Two sources that report one fact in different words can land in different questions; the
    nearest claim of another source is a candidate all the same (never one of the same source)."""
    import numpy as np

    from summarizer.reconcile.questions import neighbour_pairs

    units = [
        unit("a#c1", "a.txt", "Club", "The stadium is not for sale."),
        unit("a#c2", "a.txt", "Club", "The owner will not sell the stadium."),
        unit("b#c1", "b.txt", "Owner", "The owner ruled out selling the ground."),
        unit("c#c1", "c.txt", "League", "The season starts in August."),
    ]
    vecs = np.array([[1.0, 0.0, 0.0], [0.99, 0.14, 0.0], [0.8, 0.6, 0.0], [0.0, 0.0, 1.0]])
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    # a#c1's nearest is a#c2 (same source: skipped), then b#c1; c#c1 has nothing close enough.
    assert neighbour_pairs(units, vecs, set()) == [(0, 2), (1, 2)]
    assert neighbour_pairs(units, vecs, {(0, 2)}) == [(1, 2)]  # pairs already proposed are not repeated
    assert neighbour_pairs(units, vecs, set(), floor=0.85) == [(1, 2)]  # cosines 0.80 and 0.88


def test_one_actor_saying_the_same_in_two_sources_is_judged_and_unchanged() -> None:
    """One party alone is no question, but its two statements are still compared: the timeline says
    'unchanged' on the model's answer instead of 'no check could classify'."""
    quotes = ["Acme said the Leeds plant will stay open next year.", "Acme said the Leeds plant will stay open."]
    exs = [
        extraction(f"{i}.txt", f"2025-0{i + 1}-01", [claim(f"{i}#c1", f"{i}.txt", "Acme", q)])
        for i, q in enumerate(quotes)
    ]
    llm = FakeLLM(responder=lambda m, model: 0.9 if model is YesNo else {"question": "Will the Leeds plant stay open?"})
    b = reconcile(exs, [], llm=llm, embedder=HashingEmbedder())
    assert not b.questions  # one party: a timeline, not a question
    assert [t.change for t in b.timelines] == ["unchanged"]
    assert not [r for r in b.relations if r.relation == "agreement"]  # one party does not agree with itself


def test_a_dispute_in_one_sentence_is_shown_whole_with_each_partys_part() -> None:
    """The two sides of a one-sentence dispute are fragments ("Acme Steel has rejected"): the editor
    sees the whole sentence once, then whose part is which."""
    from summarizer.render import render_markdown

    sentence = "It was the mediator's plan for a pay freeze, which Unite has accepted and Acme Steel has rejected."
    ex = extraction("a.txt", "2025-05-02", [claim("a#c1", "a.txt", "narration", sentence)])
    llm = FakeLLM(responder=lambda m, model: 0.5 if model is YesNo else {"question": "Is there a pay freeze?"})
    b = reconcile([ex], [], llm=llm, embedder=HashingEmbedder())
    (r,) = [r for r in b.relations if r.kind == "disputed"]
    assert r.context is not None and r.context.quote == sentence
    assert [s.quote for s in r.sides] == [
        "It was the mediator's plan for a pay freeze, which Unite has accepted",
        "Acme Steel has rejected",
    ]
    md = render_markdown(b)
    assert f"· one sentence reports both: “{sentence}”" in md
    # The corpus knows the company as "Acme", and "Acme Steel" is the same body: one name per actor.
    assert "    - Acme: “Acme Steel has rejected”" in md


def test_average_linkage_merges_as_a_full_scan_would() -> None:
    """The grouping keeps each row's best partner instead of scanning the whole matrix per merge;
    the groups must be exactly those of the plain O(m³) scan, ties included."""
    import numpy as np

    from summarizer.reconcile.questions import _average_linkage

    def plain(vecs: np.ndarray, members: list[int], threshold: float) -> list[list[int]]:
        sums = (vecs[members] @ vecs[members].T).astype(np.float64)
        np.fill_diagonal(sums, -np.inf)
        sizes = np.ones(len(members))
        clusters: list[list[int] | None] = [[m] for m in members]
        while len(members) > 1:
            avg = sums / np.outer(sizes, sizes)
            i, j = sorted(np.unravel_index(int(np.argmax(avg)), avg.shape))
            if avg[i, j] < threshold:
                break
            clusters[i] = [*clusters[i], *clusters[j]]  # type: ignore[misc]
            clusters[j] = None
            sums[i, :] += sums[j, :]
            sums[:, i] += sums[:, j]
            sums[i, i] = sums[j, :] = sums[:, j] = -np.inf
            sizes[i] += sizes[j]
        return [c for c in clusters if c]

    rng = np.random.default_rng(7)
    for case in range(120):
        n, dim = int(rng.integers(1, 40)), int(rng.integers(2, 10))
        vecs = rng.normal(size=(n, dim)).astype(np.float32)
        if case % 3 == 0:
            vecs = np.round(vecs)  # many equal similarities: ties must break the same way
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
        members = sorted(rng.choice(n, size=int(rng.integers(1, n + 1)), replace=False).tolist())
        threshold = float(rng.uniform(-0.2, 0.8))
        assert _average_linkage(vecs, members, threshold) == plain(vecs, members, threshold), case


def test_an_unnamed_group_in_two_sources_is_two_parties() -> None:
    from summarizer.reconcile.questions import is_question

    a = unit("a#c1", "a.txt", "Senior officials", "Senior officials said the depot will close in May.")
    b = unit("b#c1", "b.txt", "Senior officials", "Senior officials said the depot will stay open.")
    assert is_question([a, b])  # officials in two stories are not one party
    c = unit("c#c1", "a.txt", "Tom Ruiz", "Ruiz said the depot will close.", actor="ruiz")
    d = unit("d#c1", "b.txt", "Tom Ruiz", "Ruiz said the depot will close in May.", actor="ruiz")
    assert not is_question([c, d])  # one actor over two sources: a timeline


def test_a_frame_noun_may_ask_about_what_the_quotes_name() -> None:
    units = [
        unit("a#c1", "a.txt", "Acme", "Acme said the merger talks in Geneva ended on Friday."),
        unit("b#c1", "b.txt", "Unite", "The union said the Leeds plant will close."),
    ]
    # "outcomes" and "plans" ask; the summit-like thing asked about is in the quotes.
    assert label_is_grounded("What were the outcomes of the merger talks?", units, [])
    assert label_is_grounded("What are the plans for the Leeds plant?", units, [])
    assert label_is_grounded("What were the outcomes of the talks?", units, [])  # one quoted word and a frame noun
    # A frame noun does not license new facts, nor a label of frame words alone.
    assert not label_is_grounded("What are the implications for the pension fund?", units, [])
    assert not label_is_grounded("What were the outcomes?", units, [])
    assert not label_is_grounded("Talks?", units, [])


def test_two_questions_never_share_a_label() -> None:
    from summarizer.reconcile.naming import distinct_labels

    units = [
        unit("a#c1", "a.txt", "Acme", "Acme said 200 jobs will go."),
        unit("b#c1", "b.txt", "Unite", "Unite said 450 jobs will go."),
        unit("c#c1", "c.txt", "Ruiz", "Ruiz scored twice."),
        unit("d#c1", "d.txt", "Silva", "Silva scored once."),
        unit("e#c1", "e.txt", "Acme", "Acme said the plant stays open."),
    ]
    labels = [("job cuts", "claim_topic"), ("job cuts", "claim_topic"), ("what Acme said", "speakers")]
    got = distinct_labels(labels, [[0, 1], [2, 3], [4]], units)
    assert got == [
        ("job cuts — what Acme and Unite said", "claim_topic"),
        ("job cuts — what Ruiz and Silva said", "claim_topic"),
        ("what Acme said", "speakers"),
    ]
    same = distinct_labels([("what Acme said", "speakers"), ("what Acme said", "speakers")], [[0], [4]], units)
    assert same == [("what Acme said (1)", "speakers"), ("what Acme said (2)", "speakers")]
    one = [("How many jobs will go?", "model")]
    assert distinct_labels(one, [[0, 1]], units) == one


def test_grouping_memory_is_bounded_however_large_a_topic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Average linkage holds an m×m matrix: it never sees more than MAX_COMPONENT claims, even when
    greedy (leader) clustering of a huge component leaves one huge cluster to split."""
    import summarizer.reconcile.questions as q

    rng = np.random.default_rng(7)
    base = rng.normal(size=16)
    vecs = base + 0.05 * rng.normal(size=(60, 16))  # one topic, 60 near-identical claims
    vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
    seen: list[int] = []
    linkage = q._average_linkage

    def spy(v: np.ndarray, members: list[int], threshold: float) -> list[list[int]]:
        seen.append(len(members))
        return linkage(v, members, threshold)

    monkeypatch.setattr(q, "_average_linkage", spy)
    monkeypatch.setattr(q, "MAX_COMPONENT", 10)
    groups = q.group(vecs)
    assert max(seen, default=0) <= 10  # before: 60, the whole leader cluster
    assert sorted(i for g in groups for i in g) == list(range(60))  # every claim in exactly one group


def test_nearest_neighbours_do_not_depend_on_the_block_size(monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.reconcile.questions as q

    rng = np.random.default_rng(3)
    vecs = rng.normal(size=(50, 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    whole = [(i, sorted(top.tolist())) for i, _, top in q._nearest(vecs, 4)]
    monkeypatch.setattr(q, "BLOCK_CELLS", 1)  # the smallest block: 16 rows at a time
    assert [(i, sorted(top.tolist())) for i, _, top in q._nearest(vecs, 4)] == whole


def test_the_model_is_asked_only_where_its_answer_can_change_the_label() -> None:
    """Two parties of one article with no conflict are shown side by side whatever the model says:
    no calls for them. A figure both sources give is asked as one issue or not (the agreement it
    would make needs the model's word); a conflict needs both questions."""
    from summarizer.reconcile.judge import code_checks, worth_asking

    league = unit("a#c1", "a.txt", "League", "The league said the season will start on 9 August.")
    club = unit("a#c2", "a.txt", "Club", "The club said its new stadium will be ready for the season.")
    p = Pair(0, 1, 0.7, (0, 0))
    code_checks(p, league, club, set(), lambda x, y: 0.0)
    assert worth_asking(p, league, club) == []  # one source, no conflict: "compare" either way
    other = unit("b#c1", "b.txt", "Coach", "The coach said the club's new stadium will be ready for the season.")
    assert worth_asking(p, league, other) == ["same_point"]  # two sources: an agreement is possible
    assert worth_asking(Pair(0, 1, 0.3, (0, 0)), league, other) == []  # too far apart to agree
    # Two parties on two different conditions are compared whatever the model says; one party's are
    # asked, for its timeline.
    moot = Pair(0, 1, 0.7, (0, 0), conditional=True)
    assert worth_asking(moot, league, other) == []
    same = unit("b#c3", "b.txt", "League", "The league will start the season only if the pitch is ready.")
    league.actor_id = same.actor_id = "league"
    assert worth_asking(moot, league, same) == ["same_point"]

    police = unit("a#c3", "a.txt", "Police", "Police said about 40,000 people attended the rally.")
    organisers = unit("b#c2", "b.txt", "Organisers", "Organisers said 40,000 people marched.")
    p = Pair(0, 1, 0.45, (0, 0))
    code_checks(p, police, organisers, set(), lambda x, y: 0.0)
    assert worth_asking(p, police, organisers) == ["same_issue"]
    organisers = unit("b#c2", "b.txt", "Organisers", "Organisers said 90,000 people marched.")
    p = Pair(0, 1, 0.45, (0, 0))
    code_checks(p, police, organisers, set(), lambda x, y: 0.0)
    assert p.conflicts and worth_asking(p, police, organisers) == ["same_point", "same_issue"]


def test_a_claim_the_article_sets_against_what_came_before_is_paired_with_it() -> None:
    """ "The union, on the other hand, …" answers the statement just before it, even where the two
    land in different questions: the pair is checked (a code conflict, 'framed'), the nearest in
    meaning of the other party's statements just before it, never one further back or after it."""
    from summarizer.reconcile.judge import code_checks
    from summarizer.reconcile.questions import contrasted_pairs

    text = [
        ("Board", "The board said the plant in Leeds will close in March and production will move to Spain."),
        ("Board", "The board said the company's results for the year will be published on 4 February."),
        ("Union", "The union, on the other hand, said the Leeds plant can stay open if the site is modernised."),
        ("Mayor", "The mayor said the city will help workers who lose their jobs at the plant."),
    ]
    units, at = [], 0
    for n, (speaker, quote) in enumerate(text):
        u = unit(f"a#c{n + 1}", "a.txt", speaker, quote)
        u.claim.span = Span(start=at, end=at + len(quote))
        u.sentences = [(at, at + len(quote))]
        units.append(u)
        at += len(quote) + 1
    vecs = default_embedder().embed([u.claim.quote for u in units])
    assert contrasted_pairs(units, vecs, set()) == [(0, 2)]  # the plant's closure, not the results date
    assert contrasted_pairs(units, vecs, {(0, 2)}) == []  # already a candidate
    p = Pair(0, 2, float(vecs[0] @ vecs[2]), (0, 0))
    code_checks(p, units[0], units[2], set(), lambda x, y: 0.0)
    assert "framed" in [kind for kind, _ in p.conflicts]  # (and "close" / "stay open": opposed terms)
    far = [units[0], unit("a#c9", "a.txt", "Union", text[2][1])]
    far[1].claim.span = Span(start=5000, end=5000 + len(text[2][1]))
    far[1].sentences = [(5000, 5000 + len(text[2][1]))]
    assert contrasted_pairs(far, vecs[[0, 2]], set()) == []  # too far back to be what it answers


def test_yes_no_requests_go_in_prompt_cache_order_and_answers_keep_their_order() -> None:
    """Requests that share quote A follow each other (the server reuses that prefix); each answer's
    P(yes) still lists the A-first order, then the B-first order, whatever order they were sent in."""
    from summarizer.reconcile.judge import judge
    from summarizer.schemas import Usage

    units = [
        unit("a#c1", "a.txt", "Court", "The appeal will be heard in May, the court said."),
        unit("b#c1", "b.txt", "Lawyer", "The appeal is set for a hearing in May."),
        unit("c#c1", "c.txt", "Clerk", "The hearing of the appeal was moved to May."),
    ]
    pairs = [Pair(0, 1, 0.8, (0, 0)), Pair(1, 2, 0.7, (0, 0)), Pair(0, 2, 0.6, (0, 0))]

    def p_yes(messages: list[dict[str, str]], model: object) -> float:
        first = messages[-1]["content"].split("\nB:")[0]
        return next(p for word, p in (("court", 0.9), ("set for", 0.6), ("moved", 0.3)) if word in first)

    llm = FakeLLM(responder=p_yes, record=True)
    assert judge(pairs, units, llm, budget=100, usage=Usage()) == []
    firsts = [m[-1]["content"].split("\nB:")[0] for m in llm.calls]
    assert len(firsts) == 6 and all(firsts[n] <= firsts[n + 1] for n in range(5))  # grouped by quote A
    assert pairs[0].answers["same_point"].p_yes == [0.9, 0.6]  # Court first, then Lawyer first
    assert pairs[1].answers["same_point"].p_yes == [0.6, 0.3]
    assert pairs[2].answers["same_point"].p_yes == [0.9, 0.3]


def test_a_claim_is_cut_into_sentences_as_its_article_was() -> None:
    """A pair is judged, and a relation cites, one sentence of each claim: "U.S.", "Sen." and "2.1"
    end no sentence (a cut there cited "… between Vladimir Putin and U." as a quote)."""
    from summarizer.reconcile.questions import build_units

    quote = (
        "Sen. Ana Ruiz said the U.S. Senate will vote on the 2.1 billion dollar bill on Friday. It is expected to pass."
    )
    c = claim("a#c1", "a.txt", "Ana Ruiz", quote)
    (u,) = build_units([extraction("a.txt", "2025-05-01", [c])], [], {}, [])
    assert [u.sentence_text(i) for i in range(len(u.sentences))] == [
        "Sen. Ana Ruiz said the U.S. Senate will vote on the 2.1 billion dollar bill on Friday.",
        "It is expected to pass.",
    ]
    one = claim("a#c2", "a.txt", "Ana Ruiz", "The U.S. Senate will vote.")
    (u,) = build_units([extraction("a.txt", "2025-05-01", [one])], [], {}, [])
    assert u.sentences == [(0, len(one.quote))]


def test_a_sentence_that_rejects_the_one_before_it_is_a_dispute() -> None:
    from summarizer.reconcile.judge import answered_disputes

    first = "The coach said the club had agreed to sell its striker to Porto."
    second = "The club rejected that account."

    def after(gap: int, actor: str, party: str) -> Unit:
        start = len(first) + gap
        c = claim("c2", "x.txt", party, second).model_copy(update={"span": Span(start=start, end=start + len(second))})
        return Unit(c, None, "x.txt", actor, party, [(start, start + len(second))])

    a = unit("c1", "x.txt", "Ana Lind", first, actor="lind")
    (r,) = answered_disputes([a, after(1, "halden", "Halden FC")])
    assert (r.relation, r.kind, [s.claim_id for s in r.sides]) == ("contradiction", "rejected", ["c1", "c2"])
    assert r.basis == "code" and "rejected" in r.evidence[0]
    assert answered_disputes([a, after(1, "lind", "Ana Lind")]) == []  # the same party
    assert answered_disputes([a, after(40, "halden", "Halden FC")]) == []  # not the very next sentence


def test_a_refusal_on_a_condition_and_the_later_act_are_compared_not_contradicted() -> None:
    from summarizer.reconcile.judge import code_checks

    a = unit(
        "c1", "a.txt", "Ana Lind", "The club will not sell the striker until the season is over.", "2026-03-01", "lind"
    )
    b = unit("c2", "b.txt", "Halden FC", "The club will sell the striker to Porto.", "2026-05-01", "halden")
    p = Pair(0, 1, 0.8, (0, 0))
    code_checks(p, a, b, set(), lambda x, y: 0.0)
    assert p.conflicts and p.conflicts[0][0] == "denial" and p.denial_condition == "until the season is over"
    p.answers = {"same_issue": answer("same_issue", 0.9), "same_point": answer("same_point", 0.2)}
    relation, kind, basis, evidence = decide(p, a, b)  # type: ignore[misc]
    assert (relation, kind) == ("compare", "condition") and "until the season is over" in evidence[-1]
    # Without the condition the same answers make a contradiction.
    c = unit("c3", "a.txt", "Ana Lind", "The club will not sell the striker.", "2026-03-01", "lind")
    q = Pair(0, 1, 0.8, (0, 0))
    code_checks(q, c, b, set(), lambda x, y: 0.0)
    q.answers = p.answers
    assert decide(q, c, b)[0] == "contradiction"  # type: ignore[index]


def test_a_side_is_cited_under_its_actors_one_name() -> None:
    u = Unit(
        claim("c1", "a.txt", "Reiter", "Reiter said the appeal will follow."),
        None,
        "a.txt",
        "tr",
        "Tomas Reiter",
        [(0, 35)],
    )
    assert u.ref().speaker == "Tomas Reiter"  # as the actor is named everywhere else, not the article's "Reiter"
    assert (
        unit("c2", "a.txt", "city officials", "City officials said the road is closed.").ref().speaker
        == "city officials"
    )


def test_a_denial_is_paired_with_what_it_denies_however_far_apart_their_wording() -> None:
    """ "No funds were taken from the pension scheme," the chair says; an auditor's long sentence about
    transfers says funds were taken from it. Their embeddings need not be close: code pairs them (each
    negated sentence with its nearest such statements of other sources), never one party with itself."""
    chair = unit("a#c1", "a.txt", "Chair", "“No funds were taken from the pension scheme.", "2025-04-01", "chair")
    auditor = unit(
        "b#c1",
        "b.txt",
        "Auditor",
        "The auditor's report lists forty transfers across the year by which funds were taken from the pension scheme.",
        "2025-04-09",
        "auditor",
    )
    again = unit(
        "c#c1", "c.txt", "Chair", "Funds were taken from the pension scheme, the chair admitted.", "2025-05-01", "chair"
    )
    same_source = unit(
        "a#c2", "a.txt", "Union", "Funds were taken from the pension scheme, the union said.", "2025-04-01"
    )
    units = [chair, auditor, again, same_source]
    vecs = np.eye(4)  # orthogonal: no two are close in meaning
    found = denials.candidates(units, vecs, set(), frozenset({"chair", "auditor"}))
    assert [(i, j) for i, j, _ in found] == [(0, 1)]
    assert denials.candidates(units, vecs, {(0, 1)}) == []  # a pair already taken is not found again
