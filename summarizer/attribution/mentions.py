"""Names in the text: who the story attributes statements to, and where an actor is named."""

from __future__ import annotations

import re

from .. import actors as names
from ..corpus import TITLE_ABBREVIATIONS, Article
from ..schemas import Actor
from . import rules


def named_speakers(article: Article) -> list[tuple[str, str]]:
    """(name, type) of every multi-word name the story attributes statements to ("Donald Trump" from
    "Trump has indicated", expanded to its fullest capitalised form in the text)."""
    found: dict[str, str] = {}
    # Names are spelled out from the story only: a Title Case headline ("Cruz Refuses to Disavow
    # Lindsey Graham Endorsement") would make "Disavow Lindsey Graham" of Graham, and "Biden Aims
    # Insult At Trump" "Aims Insult At Trump" of Trump.
    story = "\n".join(s.text for s in article.sentences if not title_case(s.text))
    for s in article.sentences:
        for rule in rules.EXPLICIT[: rules.NAMED]:
            for m in rule.finditer(s.text):
                bare = strip_leading(m.group("name"))  # "If Hillary said" is Hillary
                if bare and (of := rules.person_of(bare)):  # "Liam Doyle of the Data Protection Commission said"
                    bare = of[0]
                    found.setdefault(of[1], "organization")
                name = _fullest_form(bare, story) if bare else ""
                if not name or names.is_title_only(name) or names.fold(name) in rules.NOT_NAMES:
                    continue
                words = names.fold(name).split()
                cut = max((i for i, w in enumerate(words) if w in rules.ORG_WORDS), default=-1)
                if 0 <= cut < len(words) - 2 and words[cut + 1] not in ("of", "for"):  # not "Bank of Portugal"
                    # "… to the United Nations Dmitry Polyansky" → the person
                    name = " ".join(name.split()[-(len(words) - cut - 1) :])
                    words = words[cut + 1 :]
                # One bare word ("Moscow", "Trump") has no known kind until the model or another
                # article types it.
                kind = "other" if len(words) == 1 else "organization" if set(words) & rules.ORG_WORDS else "person"
                found.setdefault(names.display_name(name) if kind == "person" else name, kind)
        # "…, the federation announced": the one body of that kind the story names ("International
        # Cycling Federation"), though the model did not list it.
        for m in rules.EXPLICIT[rules.NAMED].finditer(s.text):
            kind_word = m.group("name").split()[-1].lower()
            if m.group("name")[4:5].isupper() or kind_word not in rules.BODIES:
                continue  # "The Ukrainian president" is a person; "the government" names no one body
            bodies = set(re.findall(rf"\b((?:[A-Z][\w’'\-]+ ){{1,4}}{kind_word.capitalize()})\b", story))
            bodies = {strip_leading(b) for b in bodies if not b.startswith("The ")} | {
                b[4:] for b in bodies if b.startswith("The ")
            }
            if len(bodies) == 1:
                found.setdefault(bodies.pop(), "organization")
    return sorted(found.items())


def strip_leading(name: str) -> str:
    """A name without the capitalised sentence-opening words before it ("If Hillary" → "Hillary") and
    without an abbreviated title ("Pres. Obama" → "Obama", "Sen. Ted Cruz" → "Ted Cruz")."""
    words = name.split()
    while len(words) > 1 and (names.fold(words[0]) in rules.LEADING or words[0] in _TITLES):
        words = words[1:]
    return " ".join(words)


_TITLES = {f"{t}." for t in TITLE_ABBREVIATIONS}


def _fullest_form(name: str, text: str) -> str:
    """'Trump' → 'Donald Trump' when the text spells it out somewhere; else the name as given."""
    words = name.split()
    if len(words) > 1:
        return name
    spelled = (strip_leading(n) for n in re.findall(rf"((?:[A-Z][\w'’\-]+ ){{1,3}}{re.escape(words[0])})\b", text))
    longer = [n for n in spelled if len(names.core_tokens(n)) >= 2]  # not "On Tuesday Lind"
    return max(longer, key=lambda n: len(names.core_tokens(n)), default=name)


def mention_positions(actor: Actor, text: str) -> list[int]:
    """Where the actor is named in text (any alias, or a person's surname)."""
    forms = {a for a in [actor.name, *actor.aliases] if len(a) >= 3}
    if actor.type == "person":
        forms |= {a.split()[-1] for a in forms}
    elif actor.type == "other":  # kind unknown ("Ted Cruz" typed other): a person-shaped name's surname counts
        forms |= {
            a.split()[-1]
            for a in forms
            if len(a.split()) >= 2
            and all(w[:1].isupper() for w in a.split())
            and names.fold(a.split()[-1]) not in rules.ORG_WORDS
        }
    return [m.start() for f in forms for m in re.finditer(rf"\b{re.escape(f)}\b", text)]


_MINOR = frozenset(
    {"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "by", "with", "as", "vs"}
)


def title_case(text: str) -> bool:
    """A headline set in Title Case: most words (minor words aside) capitalised."""
    words = [w.strip("“”\"'‘’:,.!?()—–-") for w in text.split()]
    words = [w for w in words if w and w[0].isalpha() and w.lower() not in _MINOR]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.85 * len(words)
