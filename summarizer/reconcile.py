"""Extractions → `Briefing`: one actor per entity, claims grouped by topic, every cross-source
relation classified and kept — never resolved.

1. Actors merge in code (actors.py): transliterations, surnames, titled forms; never two people.
2. Blocking: claims are indexed by salient terms (content words weighted by rarity, plus the
   actors they name). Each claim is paired with at most `k` claims of *other* articles that share
   enough weight, so LLM calls grow linearly with the corpus, not quadratically.
3. Each candidate pair is judged by the LLM (PairJudgement), then checked in code: a change of
   position needs the same actor at different dates; differing figures are flagged; a future
   plan against a later report of the event is a status update, not a contradiction.
4. Timelines: the same actor on the same topic across dates, marked changed / tone only / unchanged.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

from . import actors as names
from .errors import LLMError
from .extract import prompt, safe
from .ground import content_words
from .llm import FatalLLMError, StructuredLLM
from .schemas import (
    Actor,
    ActorChoice,
    ArticleExtraction,
    Briefing,
    Claim,
    ClaimRef,
    PairJudgement,
    Relation,
    RelationKind,
    RelationType,
    SourceStatus,
    Timeline,
    TopicGroup,
    Usage,
)

PAIRS_PER_CLAIM = 2
MIN_COSINE = 0.1
_GENERIC = {
    "said",
    "says",
    "told",
    "would",
    "could",
    "also",
    "however",
    "according",
    "added",
    "noted",
    "stated",
    "between",
    "any",
    "two",
    "take",
    "announced",
}
_FUTURE = re.compile(r"\b(will|would|upcoming|plans?|expected|coming days|next week|to be held)\b", re.I)
_PAST = re.compile(r"\b(met|held|took place|was|were|had|discussed|called)\b", re.I)
_NUMBER = re.compile(r"\b(\d+(?:[.,]\d+)?)[- ]?(days?|weeks?|months?|years?|minutes?|hours?|percent|%|billion|million)")


# ------------------------------------------------------------------------------------- actors


def merge_actors(
    extractions: list[ArticleExtraction], llm: StructuredLLM | None = None, usage: Usage | None = None
) -> tuple[list[Actor], dict[str, list[str]]]:
    """One actor per real entity across the corpus, every spelling kept; and where each appears.

    Article actors are matched by their names in code (titles such as "Ukrainian President" are
    carried along as aliases, never used to match, so two presidents never merge). Only a name that
    matches two different known actors ("Trump" with Donald and Melania Trump) goes to the LLM,
    with the article's sentence as context; without an LLM it stays apart."""
    members: list[tuple[names.ActorCluster, list[tuple[str, Actor]]]] = []
    index = names.NameIndex()  # member numbers by their spellings: matching costs candidates, not all
    for ex in extractions:
        for a in ex.actors:
            named = [n for n in [a.name, *a.aliases] if not names.is_title_only(n)] or [a.name]
            near = sorted({i for n in named for i in index.candidates(n)})
            candidates = [i for i in near if any(members[i][0].matches(n, a.type) for n in named)]
            number = candidates[0] if len(candidates) == 1 else None
            if len(candidates) > 1 and llm is not None:
                clusters = [members[i][0] for i in candidates]
                number = adjudicate(a, ex, clusters, llm, usage or Usage(), candidates)
            if number is None:
                number = len(members)
                members.append((names.ActorCluster([]), []))
            cl, group = members[number]
            for n in named:
                if n not in cl.names:  # each spelling once: matching stays linear in the corpus
                    cl.add(n, a.type, a.role)
                    index.add(number, n)
            group.append((ex.file, a))
    ids: set[str] = set()
    merged, sources = [], {}
    for cl, group in members:
        actor = names.to_actor(cl, ids)
        actor.aliases = sorted({al for _, a in group for al in [a.name, *a.aliases]}, key=lambda x: (-len(x), x))
        merged.append(actor)
        sources[actor.id] = sorted({f for f, _ in group})
    return sorted(merged, key=lambda a: (a.type != "person", a.name)), sources


def adjudicate(
    actor: Actor,
    ex: ArticleExtraction,
    clusters: list[names.ActorCluster],
    llm: StructuredLLM,
    usage: Usage,
    members: list[Any],
) -> Any:
    """Ask the LLM which known actor an ambiguous name is (or none); a bad answer keeps it apart."""
    context = next((c.quote for c in ex.claims if any(al in c.quote for al in actor.aliases)), "")
    options = "\n".join(
        f"{i}: {safe(c.canonical)} (also written {', '.join(safe(n) for n in c.names[:4])})"
        for i, c in enumerate(clusters)
    )
    user = prompt("actor_user").substitute(name=safe(actor.name), context=safe(context), options=options)
    msgs = [{"role": "system", "content": prompt("actor_system").template}, {"role": "user", "content": user}]
    try:
        choice = llm.structured(msgs, ActorChoice, usage).choice
    except LLMError:
        return None
    return members[choice] if 0 <= choice < len(members) else None


def speaker_ids(extractions: list[ArticleExtraction], actors: list[Actor]) -> dict[str, str]:
    """Claim id → corpus actor id of its speaker (narration has none)."""
    out = {}
    find = names.ActorFinder(actors)
    for ex in extractions:
        for c in ex.claims:
            if c.speaker != "narration" and (a := find(c.speaker)):
                out[c.id] = a.id
    return out


# ------------------------------------------------------------------------------------- blocking


@dataclass
class _Item:
    claim: Claim
    date: str | None
    terms: dict[str, float]  # tf-idf weights, L2-normalised
    words: frozenset[str] = frozenset()  # the content words among the terms (not names, not topic labels)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


class _Mentions:
    """Which actors a text names (any alias of more than 3 characters, as a substring of the folded
    text). Aliases are indexed by their first 4 characters, so a text costs one lookup per position
    instead of one substring search per alias of the corpus."""

    def __init__(self, actors: list[Actor]):
        self.order = {a.id: i for i, a in enumerate(actors)}
        self.by_prefix: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.short: list[tuple[str, str]] = []  # folded aliases under 4 characters: always checked
        for a in actors:
            for al in dict.fromkeys([a.name, *a.aliases]):
                if len(al) > 3:
                    f = names.fold(al)
                    (self.by_prefix[f[:4]] if len(f) >= 4 else self.short).append((f, a.id))

    def __call__(self, folded: str) -> list[str]:
        """Ids of the actors named in `folded`, in actor order."""
        found = {aid for f, aid in self.short if f in folded}
        for i in range(len(folded) - 3):
            for f, aid in self.by_prefix.get(folded[i : i + 4], ()):
                if folded.startswith(f, i):
                    found.add(aid)
        return sorted(found, key=self.order.__getitem__)


def _terms(c: Claim, name_words: set[str], mentions: _Mentions) -> list[str]:
    """Salient terms of a claim: its content words (not parts of names or titles) and the actors it names."""
    quote = names.fold(c.quote)
    words = [_stem(w) for w in quote.split()]
    words = [
        w
        for w in words
        if w in content_words(w) and w not in _GENERIC and w not in name_words and not names.is_title_only(w)
    ]
    named = [f"@{aid}" for aid in mentions(quote)]
    topic = [f"#{_stem(w)}" for w in content_words(c.topic) if c.topic != "unlabelled"]  # the model's label
    return words + named + topic


def index_claims(extractions: list[ArticleExtraction], actors: list[Actor]) -> list[_Item]:
    """Claims as tf-idf vectors (rare terms weigh more; a term in every claim weighs nothing)."""
    name_words = {w for a in actors for al in [a.name, *a.aliases] for w in names.fold(al).split()}
    name_words |= {_stem(w) for w in name_words}
    mentions = _Mentions(actors)
    raw = [
        (c, ex.publication_date.value, Counter(_terms(c, name_words, mentions)))
        for ex in extractions
        for c in ex.claims
    ]
    df = Counter(t for _, _, tf in raw for t in tf)
    n = max(len(raw), 1)
    items = []
    for c, d, tf in raw:
        vec = {t: (1 + math.log(k)) * math.log(n / df[t]) for t, k in tf.items() if df[t] > 1}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        terms = {t: v / norm for t, v in vec.items()}
        items.append(_Item(c, d, terms, frozenset(t for t in terms if not t.startswith(("@", "#")))))
    return items


def candidate_pairs(
    items: list[_Item], k: int = PAIRS_PER_CLAIM, min_cosine: float = MIN_COSINE
) -> list[tuple[_Item, _Item, list[str]]]:
    """At most k partners per claim (cosine ≥ min_cosine), from other articles, found through an
    inverted index: no n² scan, and at most k·n pairs."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)  # term → (claim, weight), in corpus order
    for i, it in enumerate(items):
        for t, v in it.terms.items():
            postings[t].append((i, v))
    cap = 100  # a very common term is scanned only near the claim (in corpus order): cost stays linear
    chosen: dict[tuple[int, int], list[str]] = {}
    for i, it in enumerate(items):
        scores: dict[int, float] = defaultdict(float)
        for t, w in it.terms.items():
            posting = postings[t]
            if len(posting) > cap:
                at = bisect.bisect_left(posting, (i,))
                posting = posting[max(0, at - cap // 2) : at + cap // 2]
            for j, v in posting:
                scores[j] += w * v
        best = [(-score, j) for j, score in scores.items() if score >= min_cosine and j != i]
        heapq.heapify(best)
        partners: list[int] = []
        while best and len(partners) < k:  # the k best-scoring partners that pass the checks
            _, j = heapq.heappop(best)
            if _comparable(it, items[j]) and _words_shared(it, items[j]) >= 2:
                partners.append(j)
        for j in partners:
            key = (min(i, j), max(i, j))
            if key not in chosen:
                shared = [t for t in it.terms if t in items[j].terms]
                chosen[key] = sorted(shared, key=lambda t: (-(it.terms[t] * items[j].terms[t]), t))[:4]
    return [(items[a], items[b], shared) for (a, b), shared in sorted(chosen.items())]


def _comparable(a: _Item, b: _Item) -> bool:
    """Claims of two articles; or, inside one article, of two different named parties."""
    if a.claim.article != b.claim.article:
        return True
    sa, sb = a.claim.speaker_actor_id, b.claim.speaker_actor_id
    return sa is not None and sb is not None and sa != sb


def _words_shared(a: _Item, b: _Item) -> int:
    return len(a.words & b.words)


def topic_label(shared: list[str], name_of: dict[str, str]) -> str:
    """The shared terms in words: actor ids become names (`name_of`: id → name), the model's topic
    words lose their mark."""
    words = [name_of.get(t[1:], t) if t.startswith("@") else t.lstrip("#") for t in shared]
    return ", ".join(dict.fromkeys(words)) or "misc"


# ------------------------------------------------------------------------------------- judging


def pair_messages(a: _Item, b: _Item) -> list[dict[str, str]]:
    """Speakers and quotes only: shown dates and file names made a small model call everything a
    contradiction ("different sources, different dates"); time is handled by code."""
    user = prompt("relate_user").substitute(
        speaker_a=safe(a.claim.speaker),
        quote_a=safe(a.claim.quote),
        speaker_b=safe(b.claim.speaker),
        quote_b=safe(b.claim.quote),
    )
    return [{"role": "system", "content": prompt("relate_system").template}, {"role": "user", "content": user}]


def _ref(it: _Item) -> ClaimRef:
    c = it.claim
    return ClaimRef(claim_id=c.id, article=c.article, speaker=c.speaker, date=it.date, quote=c.quote)


def check_judgement(
    j: PairJudgement, a: _Item, b: _Item, spk: dict[str, str]
) -> tuple[RelationType, RelationKind, list[str]]:
    """Code checks on the model's judgement. Returns (relation, kind, checks)."""
    relation: RelationType = j.relation
    kind: RelationKind = j.kind
    checks: list[str] = []
    same_actor = spk.get(a.claim.id) is not None and spk.get(a.claim.id) == spk.get(b.claim.id)
    if relation == "contradiction" and same_actor and a.date and b.date and a.date != b.date:
        relation = "change_of_position"
        checks.append("same actor at two dates: a change of position, not a contradiction between sources")
    if relation == "contradiction" and a.date != b.date and a.date and b.date:
        early, late = (a, b) if a.date < b.date else (b, a)
        late_is_report = _PAST.search(late.claim.quote) and not _FUTURE.search(late.claim.quote)
        if _FUTURE.search(early.claim.quote) and late_is_report:
            relation = "scope_difference"
            checks.append("status_update: an earlier plan and a later report, not a contradiction")
    if relation in ("contradiction", "agreement"):
        fa, fb = set(_NUMBER.findall(a.claim.quote)), set(_NUMBER.findall(b.claim.quote))
        units = {u for _, u in fa} & {u for _, u in fb}
        if units and fa != fb:
            checks.append(f"figures_differ: {sorted(fa)} vs {sorted(fb)}")
    if names.fold(a.claim.quote) == names.fold(b.claim.quote):
        relation, kind = "agreement", "none"
        checks.append("same_text")
    return relation, kind, checks


def judge_pairs(
    pairs: list[tuple[_Item, _Item, list[str]]],
    llm: StructuredLLM,
    actors: list[Actor],
    spk: dict[str, str],
    usage: Usage,
    workers: int = 1,
) -> tuple[list[Relation], list[str]]:
    """The LLM's judgement of every candidate pair (`workers` requests in flight), checked in code.
    Relations keep the pair order whatever the concurrency, so the briefing is deterministic."""

    def ask(pair: tuple[_Item, _Item, list[str]]) -> tuple[PairJudgement | LLMError, Usage]:
        own = Usage()  # one per request: no shared counters across threads
        try:
            return llm.structured(pair_messages(pair[0], pair[1]), PairJudgement, own), own
        except FatalLLMError:
            raise
        except LLMError as e:
            return e, own

    if workers <= 1:
        answers = map(ask, pairs)
    else:
        pool = ThreadPoolExecutor(max_workers=workers)
        answers = pool.map(ask, pairs)  # type: ignore[assignment]
    relations: list[Relation] = []
    failures: list[str] = []
    name_of = {a.id: a.name for a in actors}
    try:
        for (a, b, shared), (j, own) in zip(pairs, answers, strict=True):
            usage.add(own)
            if isinstance(j, LLMError):
                failures.append(f"{a.claim.id} vs {b.claim.id}: {j}")
                continue
            relation, kind, checks = check_judgement(j, a, b, spk)
            if relation == "unrelated":
                continue
            sides = sorted([a, b], key=lambda it: (it.date or "9999", it.claim.id))
            relations.append(
                Relation(
                    id=f"R{len(relations) + 1}",
                    topic=topic_label(shared, name_of),
                    relation=relation,
                    kind=kind,
                    sides=[_ref(s) for s in sides],
                    rationale=j.rationale,
                    checks=checks,
                )
            )
    finally:
        if workers > 1:
            pool.shutdown(cancel_futures=True)
    return relations, failures


# ------------------------------------------------------------------------------------- timelines


def timelines(
    items: list[_Item],
    relations: list[Relation],
    spk: dict[str, str],
    actors: list[Actor],
    pairs: list[tuple[_Item, _Item, list[str]]],
) -> list[Timeline]:
    """Same actor, same topic (a candidate pair), several dates → a timeline in date order."""
    by_id = {a.id: a for a in actors}
    name_of = {a.id: a.name for a in actors}
    rel_of = {frozenset(s.claim_id for s in r.sides): r for r in relations}
    groups: dict[tuple[str, str], dict[str, _Item]] = defaultdict(dict)
    verdicts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a, b, shared in pairs:
        aid = spk.get(a.claim.id)
        if aid is None or aid != spk.get(b.claim.id) or a.date == b.date or not (a.date and b.date):
            continue
        topic = topic_label(shared[:2], name_of)
        groups[(aid, topic)].update({a.claim.id: a, b.claim.id: b})
        r = rel_of.get(frozenset((a.claim.id, b.claim.id)))
        verdicts[(aid, topic)].append(r.relation if r else "unrelated")
    out = []
    for (aid, topic), members in sorted(groups.items()):
        pts = sorted(members.values(), key=lambda it: (it.date or "", it.claim.id))
        v = verdicts[(aid, topic)]
        change: Literal["changed", "tone_only", "unchanged", "unclassified"] = (
            "changed"
            if "change_of_position" in v or "contradiction" in v
            else "tone_only"
            if "conditional_compatibility" in v
            else "unchanged"
            if "agreement" in v
            else "unclassified"
        )
        out.append(
            Timeline(actor=by_id[aid].name, actor_id=aid, topic=topic, points=[_ref(p) for p in pts], change=change)
        )
    return out


def topic_groups(pairs: list[tuple[_Item, _Item, list[str]]], actors: list[Actor]) -> list[TopicGroup]:
    """Candidate pairs joined by their top shared term: the groups an editor browses."""
    members: dict[str, dict[str, str]] = defaultdict(dict)
    name_of = {a.id: a.name for a in actors}
    for a, b, shared in pairs:
        label = topic_label(shared[:1], name_of)
        members[label].update({a.claim.id: a.claim.article, b.claim.id: b.claim.article})
    return [
        TopicGroup(id=f"T{i}", label=label, claim_ids=sorted(m), articles=sorted(set(m.values())))
        for i, (label, m) in enumerate(sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0])), 1)
    ]


# ------------------------------------------------------------------------------------- briefing


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
) -> Briefing:
    """Assemble the briefing; with an LLM, classify the cross-source relations of candidate pairs
    (`workers` requests in flight)."""
    ordered = sorted(extractions, key=pub_key)
    usage = Usage()
    actors, actor_sources = merge_actors(ordered, llm, usage)
    spk = speaker_ids(ordered, actors)
    relations: list[Relation] = []
    failures: list[str] = []
    lines: list[Timeline] = []
    groups: list[TopicGroup] = []
    if llm is not None and len(ordered) > 1:
        items = index_claims(ordered, actors)
        pairs = candidate_pairs(items, k=k)
        relations, failures = judge_pairs(pairs, llm, actors, spk, usage, workers)
        lines = timelines(items, relations, spk, actors, pairs)
        groups = topic_groups(pairs, actors)
    return Briefing(
        sources=sources,
        actors=actors,
        actor_sources=actor_sources,
        speaker_ids=spk,
        topics=groups,
        relations=relations,
        timelines=lines,
        articles=ordered,
        reconcile_usage=usage,
        reconcile_warnings=failures,
    )
