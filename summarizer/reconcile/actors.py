"""Actors across the corpus: one per real entity, every spelling kept (names in actors.py).

Article actors are matched by their names in code; only a name that matches two different known
actors ("Trump" with Donald and Melania Trump) goes to the LLM, with the article's sentence as context.
"""

from __future__ import annotations

from typing import Any, cast

from .. import actors as names
from ..errors import Deferred, LLMError
from ..extract import prompt, safe
from ..llm import StructuredLLM
from ..schemas import Actor, ActorChoice, ActorType, ArticleExtraction, Usage


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
            body = a.type in names.BODY_KINDS
            near = sorted({i for n in named for i in index.candidates(n, body)})
            # The same name of two words or more is one actor whatever kind the model gave it in each
            # window ("Orvel Cycling" a person here, an organisation there); a one-word name is not
            # ("Jordan" the country, "Jordan" a surname).
            spelled = [i for i in near if any(_same_spelling(n, x) for n in named for x in members[i][0].names)]
            candidates = spelled or [i for i in near if any(members[i][0].matches(n, a.type) for n in named)]
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
                    index.add(number, n, body)
            group.append((ex.file, a))
    ids: set[str] = set()
    merged, sources = [], {}
    for cl, group in members:
        actor = names.to_actor(cl, ids)
        actor.type = _kind([a.type for _, a in group], actor.role) or actor.type
        actor.aliases = sorted({al for _, a in group for al in [a.name, *a.aliases]}, key=lambda x: (-len(x), x))
        merged.append(actor)
        sources[actor.id] = sorted({f for f, _ in group})
    return sorted(merged, key=lambda a: (a.type != "person", a.name)), sources


def _kind(types: list[ActorType], role: str | None = None) -> ActorType | None:
    """The kind most mentions give, counting every mention (not only each spelling's first): first
    a person or not (a tie goes to the person, unless its role is a place's or a body's: "city"),
    then which kind of non-person; None where the mentions do not disagree over whether it is a person."""
    known = [t for t in types if t != "other"]
    if "person" not in known or known.count("person") == len(known):
        return None  # no disagreement over whether it is a person: the spellings' kind stands
    people = known.count("person")
    not_a_person = bool(role) and names.fold(role or "").split()[-1] in _NOT_A_PERSON
    if people * 2 > len(known) or (people * 2 == len(known) and not not_a_person):
        return "person"
    return cast(ActorType, names.most_common([t for t in known if t != "person"]))


_NOT_A_PERSON = frozenset(
    [
        "city",
        "town",
        "village",
        "country",
        "region",
        "state",
        "province",
        "capital",
        "port",
        "team",
        "club",
        "company",
        "firm",
        "group",
        "party",
        "union",
        "agency",
        "ministry",
        "federation",
        "association",
        "organisation",
        "organization",
        "court",
        "council",
        "board",
        "league",
    ]
)


def _same_spelling(a: str, b: str) -> bool:
    key = names.entity_key(a)
    return " " in key and key == names.entity_key(b)


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
    except Deferred:
        raise  # batch mode: later names depend on this answer, so the stage ends here
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
