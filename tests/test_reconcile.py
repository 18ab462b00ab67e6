"""The reconciler with a fake LLM: actor merging across articles, questions, relation calls that grow
linearly, concurrency, timelines; and the briefing's Markdown."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from summarizer.corpus import build_article
from summarizer.extract import extract_article
from summarizer.llm import FatalLLMError
from summarizer.pipeline import Config, run
from summarizer.reconcile import CALLS_PER_CLAIM, merge_actors, reconcile
from summarizer.render import render_markdown
from summarizer.schemas import SourceStatus, YesNo
from summarizer.testing import FakeLLM, keyword_responder

from .conftest import ROOT

sys.path.insert(0, str(ROOT))
from bench.synthetic import corpus as synthetic_corpus  # noqa: E402


def extractions(texts: dict[str, str]) -> list:
    llm = FakeLLM(responder=keyword_responder)
    return [extract_article(build_article(f, t), llm)[0] for f, t in texts.items()]


def test_actors_merge_across_spellings_but_people_stay_apart() -> None:
    exs = extractions(
        {
            "a.txt": "Zelensky said he is ready. Peskov said no.",
            "b.txt": "Volodymyr Zelenskyy said talks must start. Dmitry Peskov said later.",
            "c.txt": "Zelenskiy said the war must end. Putin said he is prepared.",
        }
    )
    actors, where = merge_actors(exs)
    by = {a.name: a for a in actors}
    assert set(by["Volodymyr Zelenskyy"].aliases) == {"Zelensky", "Volodymyr Zelenskyy", "Zelenskiy"}
    assert where[by["Volodymyr Zelenskyy"].id] == ["a.txt", "b.txt", "c.txt"]
    assert "Putin" in by and "Dmitry Peskov" in by and by["Putin"].id != by["Dmitry Peskov"].id


def test_one_name_the_model_typed_two_ways_is_one_actor() -> None:
    from summarizer.schemas import Actor

    def typed(file: str, kind: str) -> Any:
        ex = extractions({file: "Halden Rowing Club said the regatta will go ahead."})[0]
        ex.actors = [Actor(id="h", name="Halden Rowing Club", type=kind, aliases=["Halden Rowing Club"])]  # type: ignore[arg-type]
        return ex

    actors, where = merge_actors([typed("a.txt", "organization"), typed("b.txt", "person"), typed("c.txt", "other")])
    assert [a.name for a in actors] == ["Halden Rowing Club"] and where[actors[0].id] == ["a.txt", "b.txt", "c.txt"]
    assert actors[0].type == "person"  # one organisation, one person: a tie goes to the person
    actors, _ = merge_actors([typed("a.txt", "person"), typed("b.txt", "organization"), typed("c.txt", "company")])
    assert actors[0].type == "organization"  # most mentions say it is no person; the first such kind
    town = [typed("a.txt", "person"), typed("b.txt", "place")]
    for ex in town:
        ex.actors[0].role = "city"
    assert merge_actors(town)[0][0].type == "place"  # a tie, and the role is a place's
    one_word = [typed("a.txt", "person"), typed("b.txt", "country")]
    for ex, kind in zip(one_word, ["person", "country"], strict=True):
        ex.actors = [Actor(id="j", name="Jordan", type=kind, aliases=["Jordan"])]  # type: ignore[arg-type]
    assert len(merge_actors(one_word)[0]) == 2  # a surname and a country


def test_work_per_claim_stays_flat_as_the_corpus_grows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Candidate pairs and LLM calls per claim at 10 and 40 articles: linear growth keeps them flat.
    (The call budget caps calls at CALLS_PER_CLAIM per claim, so calls alone could hide a blocker that
    grows with the square; the pairs it proposes cannot hide.)"""
    from summarizer.reconcile import questions

    proposed: list[int] = []

    def counting(real: Any) -> Any:
        def count(*args: object, **kwargs: object) -> list[tuple[int, int]]:
            out = list(real(*args, **kwargs))
            proposed.append(len(out))
            return out

        return count

    monkeypatch.setattr(questions, "candidate_pairs", counting(questions.candidate_pairs))
    monkeypatch.setattr(questions, "neighbour_pairs", counting(questions.neighbour_pairs))
    per_claim = {}
    for n in (10, 40):
        proposed.clear()
        exs = extractions(synthetic_corpus(n))
        claims = sum(len(e.claims) for e in exs)
        b = reconcile(exs, [], llm=FakeLLM(responder=keyword_responder))
        per_claim[n] = (sum(proposed) / claims, b.reconcile_usage.calls / claims)
    assert per_claim[10][0] > 0 and per_claim[10][1] > 0
    assert per_claim[40][0] <= 1.5 * per_claim[10][0], per_claim
    assert per_claim[40][1] <= 1.5 * per_claim[10][1] <= 1.5 * CALLS_PER_CLAIM, per_claim


def test_concurrent_judging_gives_the_same_relations_in_the_same_order() -> None:
    exs = extractions(synthetic_corpus(20))
    one = reconcile(exs, [], llm=FakeLLM(responder=keyword_responder))
    slow = FakeLLM(responder=keyword_responder, latency_s=0.001)
    four = reconcile(exs, [], llm=slow, workers=4)
    assert len(one.relations) > 10
    assert [r.model_dump() for r in four.relations] == [r.model_dump() for r in one.relations]
    assert four.reconcile_usage.calls == one.reconcile_usage.calls == len(slow.calls)
    assert four.reconcile_usage.seconds >= 0.001 * len(slow.calls)


def test_a_fatal_error_while_judging_concurrently_stops_the_run() -> None:
    exs = extractions(synthetic_corpus(10))

    def responder(messages: list, model: type) -> object:
        return FatalLLMError("401: check OPENAI_API_KEY") if model is YesNo else keyword_responder(messages, model)

    with pytest.raises(FatalLLMError):
        reconcile(exs, [], llm=FakeLLM(responder=responder), workers=4)


def test_briefing_markdown_has_every_section_and_cites_sources(corpus_dir: Path) -> None:
    b = run(Config(corpus_dir), llm=FakeLLM(responder=keyword_responder))
    md = render_markdown(b)
    for section in (
        "## Bottom line",
        "## Where the sources conflict",
        "## Where the sources agree",
        "## How positions moved over time",
        "## Questions and positions",
        "## Preconditions by party",
        "## Timeline of dated events",
        "## Actors",
        "## Sources",
        "## Claims by source",
    ):
        assert section in md
    assert md == render_markdown(b)  # pure and deterministic
    assert "2024-01-02" in md and "disagrees" in md  # the rejected header date is listed, not used
    for r in b.relations:  # two sources, or two named parties inside one source
        assert len({s.article for s in r.sides}) == 2 or len({s.speaker for s in r.sides}) == 2


def test_failed_sources_are_listed_in_the_briefing() -> None:
    b = reconcile([], [SourceStatus(file="x.txt", status="failed", reason="LLM timed out")])
    md = render_markdown(b)
    assert "x.txt" in md and "LLM timed out" in md


def test_an_ambiguous_surname_goes_to_the_llm_and_a_bad_answer_keeps_it_apart() -> None:
    exs = extractions(
        {
            "a.txt": "Donald Trump said the talks went well.",
            "b.txt": "Melania Trump said the visit was moving.",
            "c.txt": "Trump said the deal is done.",
        }
    )
    llm = FakeLLM().enqueue({"rationale": "The deal is a policy matter of Donald.", "choice": 0})
    actors, where = merge_actors(exs, llm)
    assert len(llm.calls) == 1 and "Known actors" in llm.calls[0][-1]["content"]
    donald = next(a for a in actors if a.name == "Donald Trump")
    assert where[donald.id] == ["a.txt", "c.txt"]
    actors, _ = merge_actors(exs)  # no LLM: the bare "Trump" is not guessed into either
    assert sorted(a.name for a in actors) == ["Donald Trump", "Melania Trump", "Trump"]


def test_preconditions_of_one_party_spelled_two_ways_are_listed_under_one_name() -> None:
    exs = extractions(
        {
            "a.txt": "Coach Dmitry Sokolov said the team will play only after the pitch is repaired.",
            "b.txt": "Dmitri Sokolov said the match goes ahead provided that the pitch is repaired.",
        }
    )
    briefing = reconcile(exs, [])
    holders = {p.holder for ex in briefing.articles for p in ex.preconditions}
    assert len(holders) == 2, holders  # each article spells its own
    section = render_markdown(briefing).split("## Preconditions by party")[1].split("\n## ")[0]
    assert section.count("- **") == 1  # one party
