"""Positions over time: per question, each party's claims in date order, and for an actor quoted
at two dates, whether the position changed, only the tone changed, or nothing changed.

The verdict is code's, from the pair evidence: opposed terms, a denial or differing figures between
two dates make a change; two conditional statements whose conditions the model finds the same (or
that code finds close) with a different tone make "tone changed, condition unchanged"; two
conditional statements whose conditions are worded differently make "conditional at both dates"
(the conditions side by side, for the editor to compare); the same statement is "unchanged". A
softer wording of a condition is never called a reversal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Literal

import numpy as np

from ..attribution.disputes import own_part
from ..schemas import Position, Timeline
from . import checks, figures, numbers
from .judge import SAME_POINT, Pair, says_yes
from .naming import topic_label
from .questions import GROUP_COSINE, Unit, group

TIMELINE_COSINE = GROUP_COSINE  # one speaker's claims on one question: the same measured threshold

Change = Literal["changed", "tone_only", "conditional", "unchanged", "unclassified"]


def positions(members: list[int], units: list[Unit]) -> list[Position]:
    """Each party's claims on one question, in time order (undated last)."""
    by_party: dict[str, list[Unit]] = defaultdict(list)
    for i in members:
        by_party[units[i].party].append(units[i])
    out = []
    for party in sorted(by_party, key=lambda p: (p == "narration", p)):
        pts = sorted(by_party[party], key=lambda u: (u.date is None, u.date or "", u.claim.id))
        out.append(Position(party=party, actor_id=pts[0].actor_id, points=[u.ref() for u in pts]))
    return out


def timelines(
    units: list[Unit],
    vecs: np.ndarray,
    question_of: dict[int, str],
    labels: dict[str, str],
    pairs: dict[tuple[int, int], Pair],
    similar: Callable[[str, str], float],
    name_words: AbstractSet[str] = frozenset(),
) -> list[Timeline]:
    """Each actor quoted at two or more dates: their own claims grouped by question (TIMELINE_COSINE),
    each group that spans two dates a timeline with a verdict. `name_words` (the actors' names) are
    no shared proposition: one speaker's name is in both quotes whatever they say."""
    by_actor: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        if u.actor_id and u.date:
            by_actor[u.actor_id].append(i)
    out = []
    for aid, mine in sorted(by_actor.items()):
        if len({units[i].date for i in mine}) < 2:
            continue
        for cluster in _with_counts(group(vecs[mine], TIMELINE_COSINE), mine, units, name_words):
            idx = sorted((mine[c] for c in cluster), key=lambda i: (units[i].date or "", units[i].claim.id))
            if len({units[i].date for i in idx}) < 2:
                continue
            qids = [question_of[i] for i in idx if i in question_of]
            qid = max(sorted(set(qids)), key=qids.count) if qids else None
            change, evidence = classify(idx, units, pairs, similar, name_words)
            out.append(
                Timeline(
                    actor=units[idx[0]].party,
                    actor_id=aid,
                    topic=labels[qid] if qid else topic_label([units[i] for i in idx]),
                    question_id=qid,
                    points=[units[i].ref() for i in idx],
                    change=change,
                    evidence=evidence,
                )
            )
    return out


def _with_counts(
    clusters: list[list[int]], mine: list[int], units: list[Unit], name_words: AbstractSet[str]
) -> list[list[int]]:
    """One actor's clusters, those that count the same thing about the same proposition joined ("three
    people were injured in the collapse" in May, "five people had been injured in the collapse" later: a
    revised toll, however far apart the sentences' embeddings). Not "2,000 people attended the vigil"
    with the injured (people, but nothing else shared), nor sums of money or percentages."""
    counted = [
        [(units[mine[n]].claim.quote, f.thing) for n in c for f in numbers.figures(units[mine[n]].claim.quote)]
        for c in clusters
    ]

    def same_count(x: list[tuple[str, str]], y: list[tuple[str, str]]) -> bool:
        return any(
            tx == ty and tx not in figures.GENERIC and checks.shared_proposition(qx, qy, name_words, share=0.0)
            for qx, tx in x
            for qy, ty in y
        )

    merged: list[list[int]] = []
    held: list[list[tuple[str, str]]] = []
    for c, found in zip(clusters, counted, strict=True):
        at = next((k for k, h in enumerate(held) if same_count(h, found)), None)
        if at is None:
            merged.append(list(c))
            held.append(list(found))
        else:
            merged[at] += c
            held[at] += found
    return merged


def classify(
    idx: list[int],
    units: list[Unit],
    pairs: dict[tuple[int, int], Pair],
    similar: Callable[[str, str], float],
    name_words: AbstractSet[str] = frozenset(),
) -> tuple[Change, list[str]]:
    """The verdict over consecutive dated points."""
    verdicts: list[Change] = []
    evidence: list[str] = []
    dates = sorted({units[i].date or "" for i in idx})
    following = {d: dates[k + 1] for k, d in enumerate(dates[:-1])}
    for n, x in enumerate(idx):
        for y in idx[n + 1 :]:
            if following.get(units[x].date or "") == units[y].date:  # each step between adjacent dates
                verdict, why = _step(units[x], units[y], pairs.get((min(x, y), max(x, y))), similar, name_words)
                verdicts.append(verdict)
                if why and why not in evidence:
                    evidence.append(why)
    conditions = _conditions(idx, units)
    order: tuple[Change, ...] = ("changed", "tone_only", "conditional", "unchanged")
    for v in order:  # a change anywhere counts; then tone; then conditions to compare; then sameness
        if v in verdicts:
            return v, [*evidence, conditions] if v == "conditional" and conditions else evidence
    if evidence:
        return "unclassified", evidence
    return "unclassified", [
        f"no check could classify the change; {conditions}" if conditions else "no check could classify the change"
    ]


def _conditions(idx: list[int], units: list[Unit]) -> str | None:
    """The conditions each date states, verbatim: the editor compares them."""
    by_date: dict[str, list[str]] = defaultdict(list)
    for i in idx:
        c = checks.condition(units[i].claim.quote)
        c = c.rstrip(',;: ”"') if c else None
        if c and c not in by_date[units[i].date or ""]:
            by_date[units[i].date or ""].append(c)
    if not by_date:
        return None
    dated = "; ".join(f"{d or 'undated'}: " + ", ".join(f"“{c}”" for c in cs) for d, cs in sorted(by_date.items()))
    return f"the conditions as each date words them: {dated}"


def _step(
    a: Unit, b: Unit, p: Pair | None, similar: Callable[[str, str], float], name_words: AbstractSet[str]
) -> tuple[Change, str | None]:
    """One step between two dates: conditions first (a softer wording of the same condition is tone)."""
    ta, tb = own_part(a.claim.quote), own_part(b.claim.quote)
    ca, cb = checks.condition(ta), checks.condition(tb)
    figure = next(iter(numbers.figure_conflicts(ta, tb)), None)  # other numbers: a change, even in a condition
    negated = checks.denial(ta, tb, name_words) or checks.opposed_terms(ta, tb)  # between two conditions, only a tone
    same = p is not None and says_yes(p.answers.get("same_point"), SAME_POINT)
    shared = checks.shared_proposition(ta, tb, name_words, share=0.0)
    if figure and shared:
        return "changed", f"{a.date} → {b.date}: {figure}"
    if ca and cb and similar(ca, cb) >= checks.SAME_CONDITION:
        if checks.negative(ta) != checks.negative(tb) or not same:
            return "tone_only", f"{a.date} → {b.date}: the same condition (“{ca}” / “{cb}”), in other words"
        return "unchanged", f"{a.date} → {b.date}: the same condition, the same point"
    if checks.repeated(ta, tb):  # a statement made again, or quoted again later: not negated by another sentence
        return "unchanged", f"{a.date} → {b.date}: the same words at both dates"
    if (match := numbers.figure_match(ta, tb)) and shared and not negated:  # "200 jobs", and again "200 jobs"
        return "unchanged", f"{a.date} → {b.date}: {match}"
    if negated and shared and not (ca and cb):
        return "changed", f"{a.date} → {b.date}: {negated}"
    if ca and cb:
        # Conditional at both dates: "ruled out before X" and "open, provided Y" both make the step
        # wait for a condition, so the negation is the tone, not a reversal. Whether X and Y are the
        # same condition, code cannot tell (their wording is not close): the editor compares them.
        tone = ", in a different tone (one negated, one not)" if checks.negative(ta) != checks.negative(tb) else ""
        return "conditional", f"{a.date} → {b.date}: a condition at both dates{tone}"
    if shared and (cue := checks.signals_change(tb)):  # "I said otherwise at the time, and I was wrong"
        return "changed", f"{a.date} → {b.date}: the later statement says it moved (“{cue}”)"
    if same:
        return "unchanged", f"{a.date} → {b.date}: the model finds the same point"
    return "unclassified", None
