"""Positions over time: per question, each party's claims in date order, and for an actor quoted
at two dates, whether the position changed, only the tone changed, or nothing changed.

The verdict is code's, from the pair evidence: opposed terms, a denial or differing figures between
two dates make a change; two conditional statements whose conditions the model finds the same (or
that code finds close) with a different tone make "tone changed, condition unchanged"; the same
statement is "unchanged". A softer wording of the same condition is never called a reversal.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from ..schemas import Position, Timeline
from . import checks
from .judge import SAME_STATEMENT, Pair, says_yes
from .questions import Unit

Change = Literal["changed", "tone_only", "unchanged", "unclassified"]


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
    question_id: str, label: str, members: list[int], units: list[Unit], pairs: dict[tuple[int, int], Pair]
) -> list[Timeline]:
    """An actor quoted on this question at two or more dates → a timeline with a verdict."""
    by_actor: dict[str, list[int]] = defaultdict(list)
    for i in members:
        if units[i].actor_id and units[i].date:
            by_actor[units[i].actor_id].append(i)
    out = []
    for aid, idx in sorted(by_actor.items()):
        if len({units[i].date for i in idx}) < 2:
            continue
        idx.sort(key=lambda i: (units[i].date or "", units[i].claim.id))
        change, evidence = classify(idx, units, pairs)
        out.append(
            Timeline(
                actor=units[idx[0]].party,
                actor_id=aid,
                topic=label,
                question_id=question_id,
                points=[units[i].ref() for i in idx],
                change=change,
                evidence=evidence,
            )
        )
    return out


def classify(idx: list[int], units: list[Unit], pairs: dict[tuple[int, int], Pair]) -> tuple[Change, list[str]]:
    """The verdict over consecutive dated points."""
    verdicts: list[Change] = []
    evidence: list[str] = []
    for n, x in enumerate(idx):
        for y in idx[n + 1 :]:
            if units[x].date != units[y].date:
                verdict, why = _step(units[x], units[y], pairs.get((min(x, y), max(x, y))))
                verdicts.append(verdict)
                if why:
                    evidence.append(why)
    for v in ("changed", "tone_only", "unchanged"):  # a change anywhere counts; then tone; then sameness
        if v in verdicts:
            return v, evidence  # type: ignore[return-value]
    return "unclassified", evidence or ["no check could classify the change"]


def _step(a: Unit, b: Unit, p: Pair | None) -> tuple[Change, str | None]:
    """One step between two dates: conditions first (a softer wording of the same condition is tone)."""
    ta, tb = a.claim.quote, b.claim.quote
    ca, cb = checks.condition(ta), checks.condition(tb)
    conflict = (
        checks.denial(ta, tb) or checks.opposed_terms(ta, tb) or next(iter(checks.figure_conflicts(ta, tb)), None)
    )
    same = p is not None and says_yes(p.answers.get("same_statement"), SAME_STATEMENT)
    if ca and cb and (same or checks.shared_proposition(ca, cb, share=0.3)):
        return "tone_only", f"{a.date} → {b.date}: the condition stays (“{ca}” / “{cb}”); the wording differs"
    if conflict and checks.shared_proposition(ta, tb, share=0.0):
        return "changed", f"{a.date} → {b.date}: {conflict}"
    if same:
        return "unchanged", f"{a.date} → {b.date}: the model finds the same statement"
    return "unclassified", None
