"""`brief eval`: map a briefing to the gold prediction format and score it.

prediction = to_prediction(briefing)
metrics = evaluate(gold, corpus_dir, briefing)["summary"]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .schemas import Briefing
from .scoring import corpus_texts, score


def to_prediction(briefing: Briefing) -> dict[str, Any]:
    """The `news-briefing-gold/v1` prediction format (see shared/eval/README.md)."""
    articles: dict[str, Any] = {}
    for ex in briefing.articles:
        articles[ex.file] = {
            "publication_date": ex.publication_date.value,
            "actors": [{"name": a.name, "aliases": a.aliases} for a in ex.actors],
            "claims": [{"speaker": c.speaker, "quote": c.quote, "statement": c.statement} for c in ex.claims],
            "preconditions": [
                {"holder": p.holder, "demand": p.demand, "before": p.before, "quote": p.quote} for p in ex.preconditions
            ],
        }

    def sides(refs: list[Any]) -> list[dict[str, Any]]:
        return [{"file": r.article, "quote": r.quote, "speaker": r.speaker, "date": r.date} for r in refs]

    label = {q.id: q.label for q in briefing.questions}
    contradictions = [
        {"topic": label.get(r.question_id or "", r.kind), "relation": r.relation, "sides": sides(r.sides)}
        for r in briefing.relations
        if r.relation == "contradiction"
    ]
    agreements = [
        {"fact": label.get(r.question_id or "", ""), "evidence": sides(r.sides)}
        for r in briefing.relations
        if r.relation == "agreement"
    ]
    changes = [
        {"actor": t.actor, "topic": t.topic, "change": t.change, "timeline": sides(t.points)}
        for t in briefing.timelines
    ]
    changes += [
        {"actor": r.sides[0].speaker, "topic": label.get(r.question_id or "", ""), "timeline": sides(r.sides)}
        for r in briefing.relations
        if r.relation == "change_of_position"
    ]
    return {
        "articles": articles,
        "contradictions": contradictions,
        "agreements": agreements,
        "position_changes": changes,
    }


def evaluate(gold_path: Path, corpus_dir: Path, briefing: Briefing) -> dict[str, Any]:
    """Score a briefing against a gold file; the corpus texts come from `corpus_dir`."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    texts = {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(corpus_dir.iterdir())
        if p.is_file() and p.name in gold.get("articles", {})
    }
    missing = sorted(set(gold.get("articles", {})) - set(texts))
    if missing:
        from .errors import CorpusError

        raise CorpusError(f"gold names files that are not in {corpus_dir}: {', '.join(missing[:3])}")
    result: dict[str, Any] = score(gold, corpus_texts(texts), to_prediction(briefing))
    return result
