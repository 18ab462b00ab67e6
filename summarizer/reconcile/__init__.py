"""Extractions → `Briefing`: reconciled by question, every relation kept and attributed — never resolved.

    actors.py     one actor per entity across the corpus (code; the LLM only for ambiguous names)
    questions.py  claims grouped by meaning (sentence embeddings) into the questions they answer
    naming.py     each question's name: the model's when grounded in the quotes, never two alike
    numbers.py    the figures a sentence asserts (number, hedge, what it counts, how long), compared
    figures.py    statements of two parties that count the same thing, paired however far apart
    checks.py     what else code can verify: denials, opposed terms, conditions (disputes one
                  sentence reports: ../attribution/disputes.py)
    order.py      order of steps: one party puts a step first, another after something else
    judge.py      narrow yes/no questions to the model, both orders; labels where code and model agree
    timelines.py  each party's positions over time; changed / tone only / unchanged

LLM calls for relations stay linear: one naming call per question, and judging stops at
`CALLS_PER_CLAIM` calls per claim in total (pairs left unjudged are shown as positions to compare).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from .. import actors as names
from ..decisions import Review, relation_key
from ..embed import Embedder
from ..llm import StructuredLLM
from ..render import opening
from ..schemas import Actor, ArticleExtraction, Briefing, Question, Relation, SourceStatus, Timeline, Usage
from . import denials, figures, naming, order
from . import questions as q
from .actors import merge_actors, speaker_ids
from .judge import (
    ASK_SAME_COSINE,
    SAME_ISSUE_UNSURE,
    Pair,
    answered_disputes,
    code_checks,
    decide,
    focus_pair,
    judge,
    says_yes,
    sentence_disputes,
)
from .timelines import positions, timelines

__all__ = ["CALLS_PER_CLAIM", "merge_actors", "pub_key", "reconcile", "speaker_ids"]

CALLS_PER_CLAIM = 2
PAIRS_PER_CLAIM = 2


def pub_key(ex: ArticleExtraction) -> tuple[int, str, str]:
    """Order articles by publication date; undated ones last, then by file name."""
    value = ex.publication_date.value
    return (0 if value else 1, value or "", ex.file)


def reconcile(
    extractions: list[ArticleExtraction],
    sources: list[SourceStatus],
    llm: StructuredLLM | None = None,
    k: int = PAIRS_PER_CLAIM,
    workers: int = 1,
    embedder: Embedder | None = None,
    review: Review | None = None,
) -> Briefing:
    """Assemble the briefing; with an LLM, name the questions and judge the candidate pairs
    (`workers` requests in flight). An editor's `review` merges or splits actors and accepts or
    rejects relations (decisions.py)."""
    ordered = sorted(extractions, key=pub_key)
    usage = Usage()
    actors, actor_sources = merge_actors(ordered, llm, usage)
    if review is not None:
        actors = review.apply_actors(actors, actor_sources)
    spk = speaker_ids(ordered, actors)
    briefing = Briefing(
        sources=sources,
        actors=actors,
        actor_sources=actor_sources,
        speaker_ids=spk,
        articles=ordered,
        reconcile_usage=usage,
    )
    if llm is None or len(ordered) == 0:
        return briefing
    if embedder is None:
        from ..embed import default_embedder

        embedder = default_embedder()
    copies = q.syndicated(ordered)
    units = q.build_units(ordered, actors, spk, copies)
    claim_vecs, sent_vecs = q.embed_units(units, embedder)
    groups = q.questions(units, claim_vecs)
    budget = CALLS_PER_CLAIM * len(units)

    similar = _similarity(embedder)
    # Words that say who speaks, not what: the capitalised words of the actors' names and their titles
    # ("Norveld chief executive Pieter Vos"). "Brackley plant" names Brackley; "plant" stays a word
    # two statements can share.
    name_words = {names.fold(w) for a in actors for al in [a.name, *a.aliases] for w in al.split() if w[:1].isupper()}
    name_words |= {w for a in actors if a.role for w in names.fold(a.role).split()}
    candidates = q.candidates(units, claim_vecs, groups, k, floor=ASK_SAME_COSINE)
    group_of = {i: gi for gi, members in enumerate(groups) for i in members}

    def filed(found: list[tuple[int, int, tuple[int, int]]]) -> list[q.Candidate]:
        """Pairs code found whatever their embeddings' distance (an order of steps, a count), filed
        under the question of either side."""
        return [q.Candidate(i, j, group_of.get(i, group_of.get(j)), False, focus) for i, j, focus in found]

    candidates += filed(order.candidates(units, embedder, {(c.i, c.j) for c in candidates}))
    candidates += filed(figures.candidates(units, claim_vecs, {(c.i, c.j) for c in candidates}))
    candidates += filed(denials.candidates(units, claim_vecs, {(c.i, c.j) for c in candidates}, name_words))
    pairs: list[Pair] = []
    for c in candidates:
        p = focus_pair(c.i, c.j, units, claim_vecs, sent_vecs, c.focus)
        code_checks(p, units[c.i], units[c.j], name_words, similar)
        pairs.append(p)
    del sent_vecs  # the sentence vectors served the focus of each pair; on a large corpus they weigh most

    budget -= len(groups)
    # Naming and judging share one pool of `workers` request slots: no idle slots between the stages.
    pool = ThreadPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        names_of = _name_questions(groups, units, llm, actors, pool)
        failures = judge(pairs, units, llm, max(budget, 0), usage, workers, pool)
        labels = []
        for label, own in names_of():
            usage.add(own)
            labels.append(label)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    labels = naming.distinct_labels(labels, groups, units)

    question_list: list[Question] = []
    for gi, members in enumerate(groups):
        question_list.append(
            Question(
                id=f"Q{gi + 1}",
                label=labels[gi][0],
                label_source=labels[gi][1],  # type: ignore[arg-type]
                claim_ids=[units[i].claim.id for i in members],
                articles=sorted({units[i].claim.article for i in members}),
                positions=positions(members, units),
            )
        )
    judged: list[tuple[Relation, tuple[int, int]]] = []
    for p, c in zip(pairs, candidates, strict=True):
        a, b = units[p.i], units[p.j]
        verdict = decide(p, a, b)
        if verdict is None or (verdict[0] == "compare" and not c.inside and not _unsure_conflict(p)):
            continue  # across questions: kept with a label, or with a code conflict the model did not rule out
        relation, kind, basis, evidence = verdict
        sides = sorted([a.ref(p.focus[0]), b.ref(p.focus[1])], key=lambda s: (s.date or "9999", s.article, s.claim_id))
        judged.append(
            (
                Relation(
                    id="",
                    question_id=None if c.question is None else f"Q{c.question + 1}",
                    relation=relation,
                    kind=kind,
                    sides=sides,
                    basis=basis,  # type: ignore[arg-type]
                    evidence=evidence,
                    model_answers=list(p.answers.values()),
                ),
                (p.i, p.j),
            )
        )
    relations = _merge_repeats(judged, units)
    finder = names.ActorFinder(actors)

    def canonical(name: str) -> str:
        actor = finder(name)
        return actor.name if actor else name

    question_of = {i: f"Q{gi + 1}" for gi, members in enumerate(groups) for i in members}
    relations += sentence_disputes(units, canonical, question_of)
    labelled = {frozenset(s.claim_id for s in r.sides) for r in relations if r.relation == "contradiction"}
    relations += [
        r for r in answered_disputes(units, question_of) if frozenset(s.claim_id for s in r.sides) not in labelled
    ]
    sha_of = {ex.file: ex.sha256 for ex in ordered}
    for n, r in enumerate(relations, 1):
        r.id = f"R{n}"
        r.key = relation_key(r.sides, sha_of)
    if review is not None:
        relations = review.apply_relations(relations, ordered)
    by_pair = {(p.i, p.j): p for p in pairs}
    label_of = {f"Q{gi + 1}": labels[gi][0] for gi in range(len(groups))}
    lines: list[Timeline] = timelines(units, claim_vecs, question_of, label_of, by_pair, similar, name_words)
    briefing.questions = question_list
    briefing.relations = relations
    briefing.timelines = lines
    briefing.reconcile_warnings = failures
    briefing.syndicated = copies
    return briefing


def _name_questions(
    groups: list[list[int]],
    units: list[q.Unit],
    llm: StructuredLLM,
    actors: list[Actor],
    pool: ThreadPoolExecutor | None,
) -> Callable[[], list[tuple[tuple[str, str], Usage]]]:
    """One naming call per question, submitted to `pool` (or made at once without one); returns
    the way to collect (label, usage) in question order."""

    def one(members: list[int]) -> tuple[tuple[str, str], Usage]:
        own = Usage()
        return naming.name_question([units[i] for i in members], llm, actors, own), own

    if pool is None:
        done = [one(g) for g in groups]
        return lambda: done
    futures = [pool.submit(one, g) for g in groups]
    return lambda: [f.result() for f in futures]


def _unsure_conflict(p: Pair) -> bool:
    """Code found a conflict and the model, asked, did not rule out one issue (the judge's 'unsure'
    line): worth an editor's look though unlabelled. Unasked pairs (the budget spent) are not kept, so
    a corpus full of numbers does not fill the briefing with them."""
    issue = p.answers.get("same_issue")
    return bool(p.conflicts) and says_yes(issue, SAME_ISSUE_UNSURE)


def _merge_repeats(judged: list[tuple[Relation, tuple[int, int]]], units: list[q.Unit]) -> list[Relation]:
    """One contradiction per conflict: where one statement contradicts two statements of the same
    party (a spokesman's view reported twice in one article; the hackers' figure in two articles), the
    second statement joins the first relation as a third side, with its checks, instead of a second entry."""
    out: list[Relation] = []
    kept: dict[tuple[str, str, str], Relation] = {}  # (shared side's claim, its quote, the other party)
    for r, (i, j) in judged:
        if r.relation != "contradiction":
            out.append(r)
            continue
        ref_of = {s.claim_id: s for s in r.sides}
        keys = [  # either side may be the statement that two of the other party's contradict
            ((ref.claim_id, ref.quote, units[other].party), ref_of[units[other].claim.id])
            for ref, other in ((ref_of[units[i].claim.id], j), (ref_of[units[j].claim.id], i))
        ]
        for key, extra in keys:
            first = kept.get(key)
            if first is not None and first.kind == r.kind:
                first.sides.append(extra)
                first.evidence += [f"and {extra.speaker}’s “{opening(extra.quote, 8)}”: {e}" for e in r.evidence]
                first.model_answers += r.model_answers
                break
        else:
            for key, _ in keys:
                kept.setdefault(key, r)
            out.append(r)
    return out


def _similarity(embedder: Embedder) -> Callable[[str, str], float]:
    """Cosine of two short texts (condition clauses), memoised."""
    memo: dict[tuple[str, str], float] = {}

    def similar(a: str, b: str) -> float:
        if (a, b) not in memo:
            va, vb = embedder.embed([a, b])
            memo[(a, b)] = float(va @ vb)
        return memo[(a, b)]

    return similar
