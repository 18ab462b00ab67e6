"""Relations between two claims: code checks first, then narrow yes/no questions to the model.

The model is never asked for an open label. It answers, in both orders (A first, then B first):
- same_point: "Do A and B make the same point?"
- same_issue: "Are A and B about the same event or issue?" (only for pairs where code found a conflict)
Each answer is read as P(yes) from the token log-probabilities (or as a plain yes/no when the
server gives none: then both orders must say yes). Thresholds were chosen by measurement on
bench/relation_pairs*.jsonl (152 made-up pairs from sport, business, courts, …; `make calibrate`).

Labels are given only where code and model agree:
- contradiction: code evidence (figures, denial, opposed terms, order of steps, the article's own
  contrast) AND the model says same issue AND not the same point (for figures code compared, the
  model's "same point" does not count: it does not compare numbers); conditional statements never
  (unless code found opposed figures or orders of steps).
- agreement: the model says the same point AND code finds no conflict AND the two do not set
  different conditions; two different sources (one party's statement as two sources report it is
  an agreement of the reports, and says so).
- conditional compatibility: both conditional, and the model says the same point.
- scope difference: an earlier plan and a later report of it.
Everything else on one question is kept as "compare": positions shown side by side, unlabelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from ..attribution.disputes import answers_previous, disputes, own_part
from ..errors import LLMError
from ..extract import prompt, safe
from ..llm import FatalLLMError, StructuredLLM
from ..schemas import ModelAnswer, Relation, RelationKind, RelationType, Usage, YesNo
from . import checks, numbers, order
from .questions import Unit, focus

# Measured on the 152 labelled pairs of bench/relation_pairs*.jsonl (short, long and hard: `make calibrate`),
# the quotes asked alone (judge_user.md):
SAME_POINT = 0.65  # mean P(yes) of both orders: agreement precision 0.85, recall 0.94; no contradiction
# selected (the highest scores 0.647). On the three bench corpora the quotes alone ranked the agreements
# higher than with the speakers' names beside them (AUC 0.85 against 0.82).
SAME_ISSUE = 0.50  # same-question precision 0.70, recall 0.97: a contradiction needs code evidence as well, and
# at 0.55 (precision 0.78, recall 0.87) the plant corpus lost two of its five contradictions, none of them wrong
SAME_ISSUE_UNSURE, CLOSE_COSINE = (
    0.45,
    0.60,
)  # or: the model unsure and the embeddings close (with SAME_ISSUE: precision 0.70, recall 0.99)
COMPARE_COSINE = 0.50  # below this, an unlabelled pair is not worth an editor's time
ASK_SAME_COSINE = 0.50  # measured: 27 of the 30 agreement pairs of the calibration set have cosine ≥ 0.5
# One party's statement as two outlets report it comes out within days (the news cycle of one occasion);
# further apart, the party spoke again. A design choice, not a fit: the corpora here have reports a day
# apart (a ban of four years / of two, 1 day) and revisions a week or more apart (7, 16 days).
REPORT_DAYS = 2
QUESTIONS = {
    "same_point": "Do A and B make the same point?",
    "same_issue": "Are A and B about the same event or issue?",
}


@dataclass
class Pair:
    """A candidate pair with what code found; the model's answers are added by `judge`."""

    i: int
    j: int
    cosine: float
    focus: tuple[int, int]
    conflicts: list[tuple[RelationKind, str]] = field(default_factory=list)
    conditional: bool = False
    denial_condition: str | None = None  # the negating side's condition ("will not suspend her until …")
    same_condition: bool = False
    status_update: bool = False
    figure_match: str | None = None  # the same number for the same counted thing (agreement evidence)
    answers: dict[str, ModelAnswer] = field(default_factory=dict)


def code_checks(pair: Pair, a: Unit, b: Unit, exclude: set[str], similar: Callable[[str, str], float]) -> None:
    """Fill in the pair's code evidence (no model; `similar` is the embeddings' cosine of two texts)."""
    # Each side's own words: another party's rejection that the sentence reports is not its speaker's.
    ta, tb = own_part(a.sentence_text(pair.focus[0])), own_part(b.sentence_text(pair.focus[1]))
    ca, cb = checks.condition(ta), checks.condition(tb)
    for text in numbers.figure_conflicts(ta, tb):
        pair.conflicts.append(("figure", text))
    pair.figure_match = numbers.figure_match(ta, tb)
    if d := checks.denial(ta, tb, exclude):
        pair.conflicts.append(("denial", d))
        # "Will not suspend her until the B sample is tested" and a later "she was suspended": the
        # refusal held on a condition, so the later act may meet it rather than contradict it.
        pair.denial_condition = ca if checks.negative(ta) else cb
    if (o := checks.opposed_terms(ta, tb)) and (
        checks.shared_proposition(ta, tb, exclude, share=0.0) or checks.shared_names(ta, tb, exclude)
    ):
        pair.conflicts.append(("opposed", o))  # opposed words about the same things or people, not in passing
    if o := order.conflict(ta, tb, similar):
        pair.conflicts.append(("order", o))
    if a.claim.article == b.claim.article and a.party != b.party:
        second = tb if a.claim.span.start < b.claim.span.start else ta  # the later of the two in the article
        if checks.sets_against(second):
            pair.conflicts.append(("framed", "the article itself sets them against each other"))
    pair.conditional = bool(ca and cb)
    pair.same_condition = bool(ca and cb and similar(ca, cb) >= checks.SAME_CONDITION)
    if a.date and b.date and a.date != b.date:
        early, late = (ta, tb) if a.date < b.date else (tb, ta)
        # The same thing planned, then reported done: "the final will be played in Madrid" / "was played".
        pair.status_update = checks.plan_then_report(early, late) and checks.shared_proposition(early, late, exclude)


def messages(a: str, b: str, question: str) -> list[dict[str, str]]:
    """The shared system prompt first (cached by the server), then the two quotes and one question.
    The quotes stand alone, as in the calibration (bench/calibrate.py): a quote's sentence names its
    speaker where the article does, and a speaker's name beside it moved the model's answers (one
    party's two reports of a decision: P(same point) 0.61 with the names, 0.67 without)."""
    user = prompt("judge_user").substitute(quote_a=safe(a), quote_b=safe(b), question=question)
    return [{"role": "system", "content": prompt("judge_system").template}, {"role": "user", "content": user}]


def requests(pair: Pair, a: Unit, b: Unit, questions: list[str]) -> list[tuple[str, list[dict[str, str]]]]:
    """(question, messages) of a pair: each question in both orders. The questions of one order
    follow each other, so a server's prompt cache reuses the two quotes and only the question is new."""
    ta, tb = a.sentence_text(pair.focus[0]), b.sentence_text(pair.focus[1])
    return [(q, messages(x, y, QUESTIONS[q])) for x, y in ((ta, tb), (tb, ta)) for q in questions]


def answers_of(got: list[tuple[str, YesNo]]) -> list[ModelAnswer]:
    """The yes/no replies of `requests`, both orders of each question together."""
    by_q: dict[str, list[YesNo]] = {}
    for q, x in got:
        by_q.setdefault(q, []).append(x)
    return [
        ModelAnswer(question=q, p_yes=[x.p_yes for x in xs], answers=[x.answer for x in xs])  # type: ignore[arg-type]
        for q, xs in by_q.items()
    ]


def says_yes(answer: ModelAnswer | None, threshold: float) -> bool:
    """Both orders together: mean P(yes) ≥ threshold; without log-probabilities, yes in both orders."""
    if answer is None:
        return False
    if all(p is not None for p in answer.p_yes):
        return float(np.mean([p for p in answer.p_yes if p is not None])) >= threshold
    return all(x == "yes" for x in answer.answers)


def worth_asking(p: Pair, a: Unit, b: Unit) -> list[str]:
    """The questions whose answers can change what `decide` makes of the pair; none where code
    decides alone (a plan and its later report) or where no answer could make a label (two parties
    of one source with no conflict and no shared condition: shown side by side whatever the model says)."""
    if p.status_update:
        return []
    if p.conflicts:
        return ["same_point", "same_issue"]
    two_sources = a.source != b.source
    # Two parties on two different conditions are compared whatever the model says (`decide`); one
    # party's answer still tells its timeline whether the position held.
    moot = p.conditional and not p.same_condition and not _same_party(a, b)
    need = ["same_point"] if p.same_condition or (two_sources and p.cosine >= ASK_SAME_COSINE and not moot) else []
    if two_sources and p.figure_match:
        need.append("same_issue")  # the same figure in two sources agrees if it is one issue
    return need


def judge(
    pairs: list[Pair],
    units: list[Unit],
    llm: StructuredLLM | None,
    budget: int,
    usage: Usage,
    workers: int = 1,
    pool: ThreadPoolExecutor | None = None,
) -> list[str]:
    """Ask the model about pairs in priority order (code conflicts first, then pairs of two parties,
    then one party's statements in two sources; the closest first) until `budget` calls are spent;
    pairs left get no model answers. Returns failures."""
    if llm is None:
        return []

    def priority(k: int) -> tuple[bool, bool, float, int, int]:
        # Code conflicts first, then pairs of two sources (two parties, or one party as two sources
        # report it: either can agree), then pairs inside one source; each by closeness.
        p = pairs[k]
        return (not p.conflicts, units[p.i].source == units[p.j].source, -p.cosine, p.i, p.j)

    order = sorted(range(len(pairs)), key=priority)
    planned: list[tuple[int, list[str]]] = []
    spent = 0
    for k in order:
        need = worth_asking(pairs[k], units[pairs[k].i], units[pairs[k].j])
        if not need or spent + 2 * len(need) > budget:
            continue
        spent += 2 * len(need)
        planned.append((k, need))
    planned.sort()

    # One task per request (not per pair), so `workers` requests stay in flight to the very end.
    # They go in the order a server's prompt cache likes: sorted by the prompt itself, requests that
    # share quote A (and a pair's two questions in one order) follow each other, so the server
    # reuses the system prompt and quote A and evaluates only what differs.
    tasks = sorted(
        (
            (k, n, q, m)
            for k, qs in planned
            for n, (q, m) in enumerate(requests(pairs[k], units[pairs[k].i], units[pairs[k].j], qs))
        ),
        key=lambda t: (t[3][-1]["content"], t[0], t[1]),
    )

    def run(task: tuple[int, int, str, list[dict[str, str]]]) -> tuple[YesNo | LLMError, Usage]:
        own = Usage()
        try:
            return llm.yes_no(task[3], own), own
        except FatalLLMError:
            raise
        except LLMError as e:
            return e, own

    own_pool = pool is None and workers > 1
    if own_pool:
        pool = ThreadPoolExecutor(max_workers=workers)
    mapper: Callable[..., object] = pool.map if pool is not None else map
    got: dict[int, list[tuple[int, str, YesNo]]] = {}
    failed: dict[int, LLMError] = {}
    try:
        for (k, n, q, _), (reply, own) in zip(tasks, mapper(run, tasks), strict=True):  # type: ignore[call-overload]
            usage.add(own)
            if isinstance(reply, LLMError):
                failed.setdefault(k, reply)
            else:
                got.setdefault(k, []).append((n, q, reply))
    finally:
        if own_pool and pool is not None:
            pool.shutdown(cancel_futures=True)
    failures = []
    for k, _ in planned:
        if k in failed:
            failures.append(f"{units[pairs[k].i].claim.id} vs {units[pairs[k].j].claim.id}: {failed[k]}")
        else:
            replies = [(q, reply) for _, q, reply in sorted(got.get(k, []), key=lambda r: r[0])]  # A first, then B
            pairs[k].answers.update({x.question: x for x in answers_of(replies)})
    return failures


def decide(p: Pair, a: Unit, b: Unit) -> tuple[RelationType, RelationKind, str, list[str]] | None:
    """(relation, kind, basis, evidence) from code evidence and the model's answers; None: unrelated."""
    same = p.answers.get("same_point")
    issue = p.answers.get("same_issue")
    same_yes = says_yes(same, SAME_POINT)
    same_issue = says_yes(issue, SAME_ISSUE) or (says_yes(issue, SAME_ISSUE_UNSURE) and p.cosine >= CLOSE_COSINE)
    evidence = [text for _, text in p.conflicts]
    if same is not None:
        evidence.append(_describe(same, same_yes, f"{SAME_POINT:.2f}"))
    if issue is not None:
        evidence.append(_describe(issue, same_issue, f"{SAME_ISSUE:.2f} ({SAME_ISSUE_UNSURE:.2f} for close quotes)"))
    same_party = _same_party(a, b)
    if p.status_update:
        return "scope_difference", "status", "code", [*evidence, "an earlier plan and a later report of it"]
    if p.same_condition and (same_yes or p.conflicts):
        why = "both set the same condition (close wording of the conditions)"
        return "conditional_compatibility", "condition", "code+model" if same_yes else "code", [*evidence, why]
    if same_yes and not p.conflicts:
        if a.source == b.source:
            return "compare", "none", "model", evidence
        # "Prepared to meet, provided the talks deliver" and "would meet, but only after …": one point
        # on two different conditions is not agreed. (A condition only one side states may be a
        # report's detail: "determined to fight on until Kyiv accepts Moscow's conditions" / "these
        # conditions demand that Kyiv accept Russia's terms" agree.)
        if p.conditional:
            return "compare", "condition", "model", [*evidence, "both are conditional: compare the conditions"]
        return _one_party(p, a, b, evidence) if same_party else ("agreement", "same", "model", evidence)
    if p.figure_match and not p.conflicts and same_issue and a.source != b.source:
        # Two sources give the same number for the same thing, on the same issue (the model's word).
        return "agreement", "figure", "code+model", [*evidence, p.figure_match]
    # Numbers code has read and compared stand whatever the model hears: "banned for four years" and
    # "suspended for two years" make one point to it, with figures that differ.
    counted = any(k == "figure" for k, _ in p.conflicts)
    if p.conflicts and same_issue and (counted or not same_yes):
        kind = p.conflicts[0][0]
        if p.conditional and kind not in ("figure", "order"):  # an order of steps is conditional by nature
            return "compare", "condition", "code", [*evidence, "both are conditional: compare the conditions"]
        if kind == "denial" and p.denial_condition:
            why = f"the negation holds on a condition (“{p.denial_condition}”): compare whether it was met"
            return "compare", "condition", "code", [*evidence, why]
        if same_party and a.date != b.date:
            # One party at two dates: a change of position where the later statement says it moved ("now
            # expects 450 jobs to go"; "I said otherwise at the time, and I was wrong" in the rest of the
            # quote), or where both sides are the party's own words in quotation marks (no report can
            # have misread them); otherwise two reports of one party that differ ("banned for four
            # years" / "suspended for two years", a day apart): the sources contradict each other.
            later, sentence = _later(p, a, b)
            early, late = sorted([a.date or "", b.date or ""])
            if cue := checks.signals_change(sentence) or checks.signals_change(later.claim.quote):
                return (
                    "change_of_position",
                    kind,
                    "code+model",
                    [*evidence, f"the later statement says it moved (“{cue}”)"],
                )
            ta, tb = a.sentence_text(p.focus[0]), b.sentence_text(p.focus[1])
            if a.date and b.date and checks.own_words(ta) and checks.own_words(tb):
                why = f"{a.party}’s own words, quoted on {early} and on {late}"
                return "change_of_position", kind, "code+model", [*evidence, why]
            if (gap := _days_apart(a.date, b.date)) is not None and gap > REPORT_DAYS:
                # Reports of one statement come out within days; weeks apart, the party said it again,
                # otherwise ("three people were injured" on the day, "five" two weeks later: revised).
                why = f"{a.party} on {early} and again on {late}, {gap} days apart: the position moved"
                return "change_of_position", kind, "code+model", [*evidence, why]
            evidence.append(f"{a.party} as two sources report it: the reports differ")
        return "contradiction", kind, "code+model", evidence
    if p.conflicts or p.cosine >= COMPARE_COSINE:
        return "compare", "none", "none" if not p.answers else "model", evidence
    return None


def _one_party(p: Pair, a: Unit, b: Unit, evidence: list[str]) -> tuple[RelationType, RelationKind, str, list[str]]:
    """One party's point as two sources give it ("Orvel said it had terminated her contract" / "Orvel
    ended her contract, the team said"): the reports agree, or at two dates the position held; the same
    words twice are one statement repeated, and a denial narrowed in one ("never taken" / "never
    knowingly taken") is not the same denial."""
    ta, tb = a.sentence_text(p.focus[0]), b.sentence_text(p.focus[1])
    if checks.near_duplicate(ta, tb):
        return "compare", "same", "model", [*evidence, "one party’s words, repeated: not two reports"]
    two_dates = bool(a.date and b.date and a.date != b.date)
    early, late = sorted([a.date or "", b.date or ""])
    if how := checks.narrowed(ta, tb):
        if two_dates:
            # "I have never taken a banned substance" in June, "never knowingly taken" in September: the
            # denial was hedged (or, the other way round, made absolute) — a change of stance, not a reversal.
            moved = "hedged" if checks.hedged(_later(p, a, b)[1]) else "made absolute"
            why = f"{a.party}’s denial {moved} between {early} and {late} (“{how}”): a change of tone, not a reversal"
            return "change_of_position", "tone", "code+model", [*evidence, why]
        return "compare", "tone", "model", [*evidence, f"one of the two denials is narrowed (“{how}”)"]
    if two_dates:
        why = f"{a.party} on {early} and again on {late}: the position held (one party, not two views)"
    else:
        why = f"{a.party} as two sources report it: the reports agree (one party, not two views)"
    return "agreement", "same", "model", [*evidence, why]


def _days_apart(a: str | None, b: str | None) -> int | None:
    """Days between two ISO dates (a month or a year alone: None)."""
    try:
        return abs((dt.date.fromisoformat(a or "") - dt.date.fromisoformat(b or "")).days)
    except ValueError:
        return None


def _later(p: Pair, a: Unit, b: Unit) -> tuple[Unit, str]:
    """The later-dated side and its judged sentence (an undated side counts as the earlier)."""
    return (b, b.sentence_text(p.focus[1])) if (b.date or "") > (a.date or "") else (a, a.sentence_text(p.focus[0]))


def _same_party(a: Unit, b: Unit) -> bool:
    return a.actor_id is not None and a.actor_id == b.actor_id


def _describe(x: ModelAnswer, counted: bool, needs: str) -> str:
    """The answer as it was counted: yes or no against the threshold, with what the model gave."""
    asked = f"model, {QUESTIONS[x.question].lower().rstrip('?')}: {'yes' if counted else 'no'}"
    if any(p is None for p in x.p_yes):
        return f"{asked} (answered {'/'.join(x.answers)}, both orders; yes needs yes in both)"
    ps = ", ".join(f"{p:.2f}" for p in x.p_yes if p is not None)
    return f"{asked} (P(yes) {ps}, both orders; yes needs a mean of {needs})"


def sentence_disputes(
    units: list[Unit], name_of: Callable[[str], str], question_of: dict[int, str] | None = None
) -> list[Relation]:
    """Disputes one sentence reports between two parties ("While X says …, Y insists …")."""
    out: list[Relation] = []
    seen: set[tuple[int, int]] = set()
    for n, u in enumerate(units):
        for s_idx in range(len(u.sentences)):
            text = u.sentence_text(s_idx)
            base = u.sentences[s_idx][0]
            for d in disputes(text):
                span_a = (base + d.a[0], base + d.a[1])
                if span_a in seen:
                    continue
                seen.add(span_a)
                ref_a = u.ref(part=span_a)
                ref_b = u.ref(part=(base + d.b[0], base + d.b[1]))
                ref_a.speaker = name_of(d.party_a) if d.party_a else u.claim.speaker
                ref_b.speaker = name_of(d.party_b)
                out.append(
                    Relation(
                        id="",
                        question_id=(question_of or {}).get(n),
                        relation="contradiction",
                        kind="disputed",
                        sides=[ref_a, ref_b],
                        context=u.ref(s_idx),
                        basis="code",
                        evidence=[f"one sentence reports the two positions against each other ({d.how})"],
                    )
                )
    return out


def answered_disputes(units: list[Unit], question_of: dict[int, str] | None = None) -> list[Relation]:
    """A statement and the sentence right after it in which another party rejects it ("… had confirmed
    that one batch was contaminated. NutriPeak rejected that account.")."""
    by_article: dict[str, dict[tuple[int, int], tuple[int, int]]] = {}
    for n, u in enumerate(units):
        for k, span in enumerate(u.sentences):
            by_article.setdefault(u.claim.article, {}).setdefault(span, (n, k))
    out: list[Relation] = []
    for spans in by_article.values():
        ordered = sorted(spans.items())
        for ((_, end), (n0, k0)), ((start, _), (n1, k1)) in zip(ordered, ordered[1:], strict=False):
            a, b = units[n0], units[n1]
            if start - end > 3 or a.party == b.party or not (hit := answers_previous(b.sentence_text(k1))):
                continue  # not the very next sentence, the same party, or no rejection of it
            out.append(
                Relation(
                    id="",
                    question_id=(question_of or {}).get(n0),
                    relation="contradiction",
                    kind="rejected",
                    sides=[a.ref(k0), b.ref(k1)],
                    basis="code",
                    evidence=[f"the next sentence rejects it (“{hit[1]}” … the statement just before)"],
                )
            )
    return out


def focus_pair(
    i: int,
    j: int,
    units: list[Unit],
    claim_vecs: np.ndarray,
    sent_vecs: list[np.ndarray],
    chosen: tuple[int, int] | None = None,
) -> Pair:
    """A pair with its cosine and the sentences each side is judged on (the closest two, unless
    code `chosen` them)."""
    return Pair(i, j, float(claim_vecs[i] @ claim_vecs[j]), chosen or focus(units[i], units[j], sent_vecs, i, j))
