"""Each question's name: the model's question when its words come from the quotes, else the claims'
topic, else who speaks; never two questions with one name.

The model gets one short call per question (the first quotes of the group) and proposes a question;
code keeps it only if every content word occurs in the quotes or names a known actor, apart from
words that only frame a question ("status", "outcomes", "plans", prepositions), and only in the
quotes' own script."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .. import actors as names
from ..errors import LLMError
from ..extract import prompt, safe
from ..ground import content_words
from ..llm import FatalLLMError, StructuredLLM
from ..schemas import Actor, QuestionLabel, Usage
from .questions import Unit

_QUESTION_WORDS = {"what", "when", "where", "which", "will", "does", "did", "how", "many", "much", "whether", "who"}
# Words a question may add to the quotes' own words: they frame, they do not assert.
_FRAME_NOUNS = {"stance", "position", "positions", "status", "view", "views", "condition", "conditions", "current"}
# Nouns that name the kind of question ("the outcome of", "the plans for", "the reasons for"): they ask,
# they do not assert, so they need not be in the quotes (the sample briefing lost "What were the
# outcomes of the summit?" and "What are the European leaders' plans for the upcoming summit …?" to them).
_FRAME_NOUNS |= {
    "outcome",
    "outcomes",
    "result",
    "results",
    "plan",
    "plans",
    "nature",
    "situation",
    "purpose",
    "reason",
    "reasons",
    "role",
    "impact",
    "effect",
    "effects",
    "implications",
    "prospects",
}
_FRAME_WORDS = set(_FRAME_NOUNS)
# Prepositions a question needs to join the quotes' words assert nothing (not "without" or "against": they do).
_FRAME_WORDS |= {
    "between",
    "regarding",
    "concerning",
    "among",
    "amid",
    "during",
    "within",
    "towards",
    "toward",
    "under",
    "through",
    "upon",
    "whether",
}


def label_is_grounded(label: str, units: list[Unit], actors: list[Actor]) -> bool:
    """Every content word of the label occurs in the quotes (or names a known actor), and there are two
    (one, where a frame noun says what is asked: "What were the outcomes of the summit?")."""
    said = content_words(label)
    words = said - _QUESTION_WORDS - _FRAME_WORDS
    quotes = " ".join(names.fold(u.claim.quote) for u in units)
    known = quotes + " " + " ".join(names.fold(al) for a in actors for al in [a.name, *a.aliases])
    stems = {w[:5] for w in known.split()}
    return (
        (len(words) >= 2 or (len(words) == 1 and bool(said & _FRAME_NOUNS)))
        and label.rstrip().endswith("?")
        and all(w in known or w[:5] in stems for w in words)
        and not re.search(r"https?:|www\.", label)
        and _scripts(label) <= _scripts(" ".join(u.claim.quote for u in units))
    )


def _scripts(text: str) -> set[str]:
    """The writing systems of a text's letters (LATIN, CJK, CYRILLIC, …)."""
    return {unicodedata.name(c, "?").split()[0] for c in text if c.isalpha()}


def topic_label(units: list[Unit]) -> str:
    """The claims' own topic label, or, when no claim has one, who speaks."""
    return claims_topic(units) or speakers_phrase(units)


def claims_topic(units: list[Unit]) -> str | None:
    """The claims' own topic label (the extraction model's, most common first), if any claim has one."""
    topics = [u.claim.topic for u in units if u.claim.topic and u.claim.topic != "unlabelled"]
    if not topics:
        return None
    counts = Counter(t.strip().lower() for t in topics)
    return max(sorted(counts), key=lambda t: counts[t])


def speakers_phrase(units: list[Unit]) -> str:
    """A readable phrase naming who speaks: "what Politico and Sergei Lavrov said"."""
    parties = list(dict.fromkeys("the outlet" if u.party == "narration" else u.party for u in units))
    who = parties[0] if len(parties) == 1 else ", ".join(parties[:-1]) + " and " + parties[-1]
    return f"what {who} said"


def distinct_labels(labels: list[tuple[str, str]], groups: list[list[int]], units: list[Unit]) -> list[tuple[str, str]]:
    """(label, source) per question, no two alike: a label two questions share says who speaks in each
    ("leaders meeting — what Peskov and Hnatov said"), and is numbered if that is shared too."""
    out = list(labels)
    counts = Counter(label for label, _ in labels)
    for gi, (label, source) in enumerate(labels):
        if counts[label] > 1 and source != "speakers":
            out[gi] = (f"{label} — {speakers_phrase([units[i] for i in groups[gi]])}", source)
    seen: Counter[str] = Counter()
    counts = Counter(label for label, _ in out)
    for gi, (label, source) in enumerate(out):
        if counts[label] > 1:
            seen[label] += 1
            out[gi] = (f"{label} ({seen[label]})", source)
    return out


def name_question(units: list[Unit], llm: StructuredLLM | None, actors: list[Actor], usage: Usage) -> tuple[str, str]:
    """(label, source): the LLM's question when grounded in the quotes, else the claims' topic."""
    if llm is not None:
        quotes = "\n".join(f"- {safe(u.claim.quote)[:200]}" for u in units[:4])
        msgs = [
            {"role": "system", "content": prompt("question_system").template},
            {"role": "user", "content": prompt("question_user").substitute(quotes=quotes)},
        ]
        try:
            label = " ".join(llm.structured(msgs, QuestionLabel, usage).question.split())
            if label_is_grounded(label, units, actors):
                return label, "model"
        except FatalLLMError:
            raise
        except LLMError:
            pass
    topic = claims_topic(units)
    return (topic, "claim_topic") if topic else (speakers_phrase(units), "speakers")
