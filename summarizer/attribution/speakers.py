"""The speaker of a claim's sentences, from the text alone (the rules are listed in the package's
docstring), an unnamed group's own words, and who relayed a statement."""

from __future__ import annotations

import re

from .. import actors as names
from ..corpus import Article, Block, Sentence
from ..schemas import Actor
from . import rules
from .disputes import disputes
from .mentions import mention_positions


def explicit_speaker(text: str, actors: list[Actor]) -> Actor | None:
    """The one actor the text attributes itself to by name ('X said', 'according to X'), if unique.
    A name that introduces or closes a quotation ('Hillary shot back, “…”', '“…,” said Ruiz') wins
    over other names with reporting verbs ('After Jerry Brown criticized Bill Clinton, Hillary …')."""
    if "“" in text or '"' in text:
        quoting = _names(text, rules.QUOTING, actors)
        if len(quoting) == 1:
            return next(iter(quoting.values()))
    found = _names(text, rules.EXPLICIT, actors, outermost=True)
    return next(iter(found.values())) if len(found) == 1 else None


def _names(
    text: str, patterns: list[re.Pattern[str]], actors: list[Actor], outermost: bool = False
) -> dict[str, Actor]:
    """The actors the rules find named as speakers. With `outermost`, a name inside what another
    speaker is reported to have said ("Polyansky said that Moscow had requested …") is content, not
    a second speaker."""
    hits: list[tuple[int, int, Actor]] = []
    # The parties of a dispute the sentence reports ("While the White House …, Moscow insists …",
    # "…, though Kyiv maintains …") are its sides, not its speaker; but "…, the union said, a claim
    # the company rejected" is the union's (its side carries the sentence's attribution).
    sides = [span for d in disputes(text) for span in ((d.b,) if d.attributed_a else (d.a, d.b))]
    for rule in patterns:
        for m in rule.finditer(text):
            if _in_relative_clause(text, m.start("name")) or any(a <= m.start("name") < b for a, b in sides):
                continue
            if _OBJECT_OF.search(text, 0, m.start("name")):
                continue  # "The B sample of Lena Varga has confirmed …": the name is what the subject is of
            of = rules.person_of(m.group("name"))  # "Liam Doyle of the Data Protection Commission": Doyle
            words = (of[0] if of else m.group("name")).split()
            # "Meanwhile, Andriy Hnatov" / "Earlier, Zelensky": try the name and its shorter tails.
            for i in range(len(words)):
                actor = names.find_actor(" ".join(words[i:]), actors)
                if actor is None and i == 0 and words[0].lower() == "the":  # "the ministry said": the one ministry
                    actor = names.find_by_title(m.group("name"), actors)
                if actor:
                    hits.append((m.start("name"), m.end(), actor))
                    break
    if outermost and hits:
        hits.sort(key=lambda h: h[0])
        first = hits[0]
        if rules.CONTENT.match(text, first[1]):
            hits = [h for h in hits if h[0] < first[1]]
    return {actor.id: actor for _, _, actor in hits}


# A name right after a preposition is not the subject of the verb that follows ("the lawyer for Ana
# Lind said", "the B sample of Tom Ruiz has confirmed"); "according to" is read by its own rule, and
# "the city of Port Aldin denied" names the city.
_OBJECT_OF = re.compile(
    r"(?<!\bcity )(?<!\btown )(?<!\bstate )(?<!\bcounty )(?<!\bvillage )(?<!\bdistrict )(?<!\bregion )"
    r"(?<!\bprovince )(?<!\brepublic )(?<!\bkingdom )(?<!\bgovernment )(?<!\bpeople )(?<!\bport )"
    r"(?<!\bmunicipality )\bof\s+(?:the\s+)?$|\b(?:for|by|with|from|against|about|behind)\s+(?:the\s+)?$",
    re.I,
)


def _in_relative_clause(text: str, pos: int) -> bool:
    """Does the name at `pos` speak inside a relative clause ("the demand for a ceasefire, which Kyiv
    accepted and Moscow has rejected")? There it says what happened to the noun the clause describes;
    it does not report the sentence."""
    clause = re.split(r"[,;:(—–]", text[:pos])[-1]
    return bool(re.search(r"\b(?:which|whom)\b", clause, re.I))


def antecedent(article: Article, pos: int, actors: list[Actor], lookback: int = 3) -> Actor | None:
    """Who 'he'/'she' at `pos` refers to: the nearest earlier sentence's named speaker, else the
    subject (first-named person) of the sentence just before, else — when an earlier sentence has a
    pronoun speaker too ("…, she argues, …" then "She further noted …") — the person named as the
    speaker in the `lookback` sentences before that one (one step only)."""
    before = [s for s in article.sentences if s.end <= pos][-lookback:]
    for s in reversed(before):
        actor = explicit_speaker(s.text, actors)
        if actor is not None and _personlike(actor):
            return actor
        if subject := _opening_person(s.text, actors):
            return subject  # "Lind welcomed the ruling. She said …": the nearest subject, not an older speaker
    people = [a for a in actors if a.type == "person"]
    for s in reversed(before):
        if first := _first_named(s.text, people):
            return first[1]
    for s in reversed(before):
        if rules.PRONOUN.search(s.text):  # only through a named speaker: a chain of guesses is no evidence
            return _named_before(article, s.start, actors, lookback)
    return None


def _personlike(actor: Actor) -> bool:
    """A person, or an actor of unknown kind with no institution's word in its name ("Reiter")."""
    return actor.type == "person" or (
        actor.type == "other" and not any(names.fold(w) in rules.ORG_WORDS for w in actor.name.split())
    )


_ROLES = frozenset(
    [
        "director",
        "manager",
        "coach",
        "captain",
        "lawyer",
        "attorney",
        "chairman",
        "chairwoman",
        "chair",
        "owner",
        "founder",
    ]
)
_NOT_BEFORE_SUBJECT = frozenset(
    [
        "of",
        "for",
        "by",
        "with",
        "from",
        "to",
        "in",
        "on",
        "at",
        "about",
        "after",
        "before",
        "against",
        "and",
        "but",
        "while",
        "when",
        "as",
    ]
)


def _opening_person(text: str, actors: list[Actor]) -> Actor | None:
    """The person a sentence opens with as its subject: "Varga, 27, rejected …", "Agency director Ana Lind
    welcomed …" (at most three title words before the name, no clause); not "Lind's lawyer …"."""
    return opening_actor(text, [a for a in actors if _personlike(a)])


def _first_named(text: str, actors: list[Actor]) -> tuple[int, Actor] | None:
    """(where, actor) of the actor the text names first; the earlier in `actors` on a tie."""
    best: tuple[int, Actor] | None = None
    for a in actors:
        hits = mention_positions(a, text)
        if hits and (best is None or min(hits) < best[0]):
            best = (min(hits), a)
    return best


def opening_actor(text: str, actors: list[Actor]) -> Actor | None:
    """The actor a sentence opens with as its subject (see `_opening_person`)."""
    best = _first_named(text, actors)
    if best is None:
        return None
    at, actor = best
    raw = text[:at].split()
    words = [names.fold(w).strip("'’") for w in raw]
    if len(words) > 3 or re.search('[,“”"]', text[:at]) or any(w in _NOT_BEFORE_SUBJECT for w in words):
        return None
    if any(w[:1].islower() and f not in names.TITLE_WORDS | _ROLES for w, f in zip(raw, words, strict=True)):
        return None  # "That proposal envisioned Ukraine …": the name is no subject
    name_end = re.match(r"[\w.\-]+(?:\s+[A-Z][\w.\-]+)*", text[at:])
    rest = text[at + (name_end.end() if name_end else 0) :]
    return None if re.match(r"['’]s\b", rest) else actor


def _named_before(article: Article, pos: int, actors: list[Actor], lookback: int) -> Actor | None:
    """The nearest of the `lookback` sentences before `pos` that names its speaker, if a person."""
    for s in reversed([s for s in article.sentences if s.end <= pos][-lookback:]):
        actor = explicit_speaker(s.text, actors)
        if actor is not None:
            return actor if actor.type == "person" else None
    return None


def _block_of(article: Article, s: Sentence) -> tuple[int, Block]:
    for i, b in enumerate(article.blocks):
        if b.start <= s.start < b.end or (b.start <= s.start and s.end <= b.end):
            return i, b
    raise ValueError("sentence outside every block")


def _inside_quote(prefix: str) -> bool:
    opened = prefix.count("“") - prefix.count("”")
    return opened > 0 or prefix.count('"') % 2 == 1


def _speaker_of(article: Article, text: str, pos: int, actors: list[Actor]) -> tuple[Actor | None, str]:
    actor = explicit_speaker(text, actors)
    if actor:
        return actor, "explicit"
    if rules.PRONOUN.search(text):
        actor = antecedent(article, pos, actors)
        if actor:
            return actor, "pronoun"
    if rules.PARTICIPLE.search(text) and (actor := _subject(text, actors)):
        return actor, "subject"  # "Ryan endorsed Trump in June, telling reporters …" is Ryan's
    if actor := _stance_subject(text, actors):
        return actor, "stance"  # "Ryan endorsed Trump in June": Ryan's position
    return None, ""


def _subject(text: str, actors: list[Actor]) -> Actor | None:
    """The actor the sentence opens with — its name (after at most two title words) followed by a
    lowercase word, so "Ryan endorsed …" is Ryan but "The Trump administration's deadline …" is nobody."""
    m = rules.OPENING.match(text)
    if m is None or names.fold(m.group("next")) in rules.ORG_WORDS:
        return None
    return _the_one_named(m.group("name"), actors)


def _stance_subject(text: str, actors: list[Actor]) -> Actor | None:
    m = rules.STANCE.match(text)
    return None if m is None else _the_one_named(m.group("name"), actors)


def _the_one_named(name: str, actors: list[Actor]) -> Actor | None:
    """The one actor a sentence-opening name refers to; none for "The …" (an institution's description)."""
    if name.startswith("The "):
        return None
    hits = [a for a in actors if mention_positions(a, name)]
    return hits[0] if len(hits) == 1 else None


def attribute(article: Article, sentences: list[Sentence], actors: list[Actor]) -> tuple[Actor | None, str]:
    """(speaker, how) from the text alone; (None, '') when the text does not say."""
    first = sentences[0]
    text = " ".join(s.text for s in sentences)
    actor, how = _speaker_of(article, text, first.start, actors)
    if actor:
        return actor, how
    if len(sentences) > 1:  # "It has been doing so … . She further noted …": a later sentence names who speaks
        found = {
            a.id: (a, h)
            for a, h in (_speaker_of(article, s.text, s.start, actors) for s in sentences[1:])
            if a and h != "stance"  # "Sanders challenged her …" takes a stance; it does not speak for the claim
        }
        if len(found) == 1:
            return next(iter(found.values()))
    i, block = _block_of(article, first)
    para = article.text[block.start : block.end]
    if _inside_quote(article.text[block.start : first.start]) or _inside_quote(text):
        actor, how = _speaker_of(article, para, block.start, actors)
        if actor:
            return actor, "quote_context"
    if rules.FIRST_PERSON.search(text):  # an unmarked quote: "We now have to … , Rubio said."
        actor, how = _speaker_of(article, para, block.start, actors)
        if actor:
            return actor, "paragraph_speaker"
    prev = next((b for b in reversed(article.blocks[:i]) if b.kind in ("prose", "heading")), None)
    if prev is not None and prev.kind == "prose":
        intro = article.text[prev.start : prev.end]
        if intro.rstrip().endswith(":") and rules.INTRO.search(intro):
            actor, _ = _speaker_of(article, intro, prev.start, actors)
            people = [a for a in actors if a.type == "person" and mention_positions(a, intro)]
            actor = actor or (people[0] if len(people) == 1 else None)
            if actor:
                return actor, "intro_line"
    return None, ""


def supported(
    article: Article, sentences: list[Sentence], actor: Actor, before: int = 1, actors: list[Actor] | None = None
) -> bool:
    """Is the actor named in the claim's sentences, or in the `before` sentences just before them while
    the claim goes on from there ("He added …", a quotation)? A sentence with a subject of its own ("The
    city estimated the cost at 25 million euros.", "Varga had been with the team since 2023.", another
    of the article's `actors`) is not the last speaker's."""
    own = " ".join(s.text for s in sentences)
    if any(not _POSSESSIVE.match(own, at) for at in mention_positions(actor, own)):
        return True  # named, and not only as an owner: "Lena Varga's appeal was heard" is not hers to say
    ids = {s.id for s in sentences}
    lo = min(ids) - before
    text = " ".join(s.text for s in article.sentences if lo <= s.id < min(ids))
    if _OWN_SUBJECT.match(own) or (actors and opening_actor(own, actors) not in (None, actor)):
        return False
    return bool(mention_positions(actor, text))


_POSSESSIVE = re.compile(rules.POSSESSIVE)

# A sentence that opens with a subject of its own: "The city estimated …", "Police said …" (not "He",
# "It", a quotation, or an adverb before them).
_OWN_SUBJECT = re.compile(r"^\W*(?:The|A|An)\s+[a-z]+\b(?:\s+[a-z]+)?\s+(?!said\b)[a-z]+(?:ed|s)\b")


def group_source(text: str) -> str | None:
    """The unnamed group the text attributes itself to, in the text's own words ("Senior officials",
    "officials with the Democratic Congressional Campaign Committee"); None if none, or several."""
    found = set()
    for m in rules.GROUP.finditer(text):
        name = next(g for g in ("group", "group2", "group3", "group4", "group5") if m.group(g))
        words = m.group(name).split()
        before = text[: m.start(name)].split()[-1:]
        while len(words) > 1 and names.fold(words[0]) in rules.NOT_MODIFIERS | rules.LEADING:
            before = words[:1]
            words = words[1:]  # "But senior officials said"
        if before and names.fold(before[0]) in rules.SUBORDINATE:
            continue  # "the striker, whom officials said was injured, …": not what the sentence reports
        found.add(" ".join(words).rstrip(",. "))
    return found.pop() if len(found) == 1 else None


def relay(text: str) -> str | None:
    """Who relayed the statement, as the text says it ("Orda.kz, citing The Insider"); None if it does not."""
    for rule in rules.RELAY:
        m = rule.search(text)
        if m is None or names.fold(m.group("outlet")) in rules.NOT_NAMES:
            continue
        source = (m.groupdict().get("source") or "").strip().rstrip(".,;:")
        outlet = m.group("outlet").strip().rstrip(".,;:")
        return f"{outlet}, citing {source}" if source else outlet
    return None
