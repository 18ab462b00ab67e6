"""What code can verify about two statements, without a model. Pure functions on text.

- figures: read and compared in numbers.py ("200 jobs" / "450 jobs").
- denial: one side denies or negates what the other asserts (denial verbs, negation), on the same
  proposition (most of the shorter side's content words shared).
- opposed terms: one side says "rose", "guilty", "begins", the other "fell", "acquitted", "ends".
- conditions: "only if", "provided that", "unless", "before any …", "must first": conditional
  statements are compared by their conditions, never called contradictions by code.
- plan vs later report: "will meet" (earlier) vs "met" (later) is a status update.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import lru_cache

from .. import actors as names
from ..attribution import rules
from ..ground import content_words

# ------------------------------------------------------------------------------------ polarity

_NEGATION = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot|without)\b|n[’']t\b",
    re.I,
)
_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ial)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:e|es|ed|ing)|"
    r"rebut(?:s|ted)?|disput(?:e|es|ed|ing)|rul(?:e|es|ed|ing) out|exclud(?:e|es|ed|ing)|false(?:ly)?|untrue|"
    r"baseless|unfounded|impossible|invalid|incorrect|wrong(?:ly)?)\b",
    re.I,
)
_CUE_WORDS = {
    "not",
    "never",
    "none",
    "nobody",
    "nothing",
    "neither",
    "cannot",
    "without",
    "deny",
    "denies",
    "denied",
    "denial",
    "reject",
    "rejects",
    "rejected",
    "dismissed",
    "disputed",
    "false",
    "untrue",
    "impossible",
    "invalid",
    "wrong",
}
_REPORTING = {
    "said",
    "says",
    "say",
    "told",
    "stated",
    "according",
    "added",
    "noted",
    "announced",
    "claimed",
    "claims",
    "confirmed",
    "reported",
    "reports",
    "insisted",
    "insists",
    "argued",
    "argues",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
}


@lru_cache(maxsize=1 << 14)  # pure, and called with the same quotes for every pair
def negative(text: str) -> bool:
    """A clause with an odd number of negation and denial cues: "does not exclude" is positive,
    "impossible" negative, and "none of our products contained it, and we confirmed nothing" negative
    (two negative clauses, not a double negative)."""
    return any(_negative_clause(clause) for clause in _CLAUSES.split(text))


def _negative_clause(clause: str) -> bool:
    clause = _NOT_NEGATING.sub(" ", clause)
    return (len(_NEGATION.findall(clause)) + len(_DENIAL.findall(clause))) % 2 == 1


# Negation words that deny nothing: emphasis ("there is no other way to describe them", "no doubt",
# "not only … but"), bounds ("no more than 40"), and a claim not yet checked ("has not been verified",
# "could not be independently confirmed"): caution about a claim, not its denial.
_NOT_NEGATING = re.compile(
    r"\b(?:no other (?:way|word|choice|option|explanation|alternative)s?|no doubt|no question|not only|"
    r"nothing (?:but|short of)|none other than|not least|no (?:more|less|fewer|later|earlier|sooner) than|"
    r"without (?:doubt|question|exception)|"
    r"(?:not|never) (?:(?:yet|been|be|independently|officially|publicly|immediately)\s+)*"
    r"(?:verified|verify|confirmed|confirm|proven|proved|prove|established|substantiated|corroborated))\b",
    re.I,
)


# Clauses: ", and …", "; …", and a second predicate of the same subject ("has denied taking it and says
# a supplement is to blame").
_CLAUSES = re.compile(
    r",\s+(?:and|but|while|whereas)\s+|;\s+|\s+(?:and|but)\s+(?=(?:says?|said|adds?|added|insists?|insisted|"
    r"argues?|argued|claims?|claimed|maintains?|maintained|blames?|blamed|is|are|was|were|will|would)\b)"
)


# The text itself says a position moved: "now expects 450", "revised its estimate", "no longer rules out".
_CHANGE_CUE = re.compile(
    r"\b(?:now|no longer|any more|anymore|revis(?:ed|es|ing)|rais(?:ed|es)|lower(?:ed|s)|updat(?:ed|es)|"
    r"chang(?:ed|es) (?:its|his|her|their) (?:mind|position|stance|view|estimate|forecast)|revers(?:ed|es|ing|al)|"
    r"backtrack(?:ed|s)|u-turn|walk(?:ed|s) back|soften(?:ed|s)|harden(?:ed|s)|toughen(?:ed|s)|corrected|"
    # The speaker says so: "I said otherwise at the time … and I was wrong", "we were mistaken".
    r"said otherwise|(?:I|we) (?:was|were) (?:wrong|mistaken)|retract(?:ed|s)|withdr(?:ew|awn))\b",
    re.I,
)


def signals_change(text: str) -> str | None:
    """The words by which a later statement says its speaker's position moved, if any."""
    m = _CHANGE_CUE.search(text)
    return m.group(0) if m else None


# A negation narrowed by an adverb: "never knowingly taken", "did not deliberately mislead".
_NARROWED = re.compile(
    r"\b(?:not|never|n[’']t)\s+(?:\w+\s+)?(?P<how>(?!only|really|yet|even|ever|exactly)\w{4,}ly)\b", re.I
)


def narrowed(a: str, b: str) -> str | None:
    """The adverb that narrows one side's negation where the other's is unqualified: "I have never
    taken a banned substance" / "I have never knowingly taken anything that is banned" → "knowingly"."""
    if not (negative(a) and negative(b)):
        return None
    ha, hb = (_NARROWED.search(t) for t in (a, b))
    if bool(ha) == bool(hb):
        return None
    return (ha or hb)["how"].lower()  # type: ignore[index]


def hedged(text: str) -> bool:
    """Is the text's negation narrowed by an adverb ("never knowingly taken")?"""
    return bool(_NARROWED.search(text))


def own_words(sentence: str) -> bool:
    """The sentence is the speaker's own words, in quotation marks ("“No records were taken,” she said."),
    not the outlet's account of them."""
    return bool(rules.OPENS_QUOTE.match(sentence))


def proposition(text: str, exclude: AbstractSet[str] = frozenset()) -> set[str]:
    """Content words without cue words, reporting verbs and the given names."""
    return {w for w in _content(text) if w not in _CUE_WORDS and w not in _REPORTING and w not in exclude}


@lru_cache(maxsize=1 << 14)
def _content(text: str) -> frozenset[str]:
    return frozenset(w.rstrip(".") for w in content_words(text))  # a sentence's last word: "plant." is "plant"


def shared_proposition(a: str, b: str, exclude: AbstractSet[str] = frozenset(), share: float = 0.5) -> bool:
    """Most of the shorter side's content words occur in the other side (at least two)."""
    pa, pb = proposition(a, exclude), proposition(b, exclude)
    stems_b = {_stem(v) for v in pb}
    common = {w for w in pa if _stem(w) in stems_b}
    return len(common) >= 2 and len(common) >= share * min(len(pa), len(pb))


def shared_names(a: str, b: str, names_words: set[str]) -> set[str]:
    """Name words (of known actors) that both texts mention: the same people or bodies are the subject."""
    wa = set(re.findall(r"[a-z]{4,}", names.fold(a)))
    wb = set(re.findall(r"[a-z]{4,}", names.fold(b)))
    return wa & wb & names_words


@lru_cache(maxsize=1 << 16)
def _stem(w: str) -> str:
    return re.sub(r"(?:ing|ed|es|s)$", "", w) if len(w) > 5 else w


def denial(a: str, b: str, exclude: AbstractSet[str] = frozenset()) -> str | None:
    """Evidence that one side denies or negates what the other asserts, on the same proposition."""
    if negative(a) == negative(b) or not shared_proposition(a, b, exclude):
        return None
    neg, other = (b, a) if negative(b) else (a, b)
    # The negation must bear on what the two share: "She has denied taking it and says a contaminated
    # supplement is to blame" denies nothing of "the result came from a contaminated supplement".
    parts = _CLAUSES.split(neg)
    clauses = [c for c in parts if _negative_clause(c)]
    if len(clauses) < len(parts) and not any(shared_proposition(c, other, exclude, share=0.0) for c in clauses):
        return None
    bare = _NOT_NEGATING.sub(" ", neg)
    cue = (_DENIAL.search(bare) or _NEGATION.search(bare)).group(0)  # type: ignore[union-attr]
    return f"one side negates the other (“{cue}”) on the same proposition"


# ------------------------------------------------------------------------------------ opposed terms

_OPPOSED = [
    (
        "rise|rose|risen|rising|increase[sd]?|grew|grow[sn]?",
        "fall|fell|fallen|falling|decrease[sd]?|declined?|drop(?:ped)?|shr[au]nk",
    ),
    ("win|wins|won|victory", "lose|loses|lost|defeat(?:ed)?"),
    ("guilty|convicted", "innocent|acquitted|not guilty"),
    ("valid|legal|lawful", "invalid|illegal|unlawful|void"),
    ("safe", "unsafe|dangerous"),
    ("possible", "impossible"),
    ("success(?:ful)?|succeeded", "fail(?:ed|ure|s)?"),
    ("accept(?:s|ed)?|agree[sd]?|approv(?:e|es|ed)", "reject(?:s|ed)?|refuse[sd]?|disagree[sd]?"),
    ("supports?|backs|favou?rs?", "opposes?"),
    # Not "first"/"last", "up", "close": "last week", "for the first time", "set up", "close to" oppose nothing.
    # Not the nouns: "at the end of June", "the start of the season" say when, not what happened.
    (
        "begin[s]?|began|(?<!the )start(?:s|ed)?(?!\\s+of\\b)",
        "(?<!the )(?<!an )end[s]?(?!\\s+of\\b)|ended|finish(?:es|ed)?|conclude[sd]?",
    ),
    # Not "open to a sale / talks": willing, not the opposite of "closed" (but "open to the public" is).
    ("open(?!\\s+to\\s+(?!the\\s+public\\b|visitors\\b|traffic\\b))|opens|opened", "closed?(?!\\s+to\\b)|closes|shut"),
    ("true|accurate|correct", "false|inaccurate|incorrect|untrue"),
    ("confirm(?:s|ed)?", "den(?:y|ies|ied)"),
    ("flexib(?:le|ility)", "rigid|inflexible|intransigent|hard-?line|maximalist"),
    ("fit", "injured|injury"),
    ("profit(?:s|able)?", "loss(?:es)?|loss-making"),
    ("ahead|go ahead", "called off|cancel(?:l?ed)?|postponed"),
]
_OPPOSED_RE = [(re.compile(rf"\b(?:{x})\b", re.I), re.compile(rf"\b(?:{y})\b", re.I)) for x, y in _OPPOSED]


def opposed_terms(a: str, b: str) -> str | None:
    """'“rose” vs “fell”' when each side uses one pole of an opposed pair and not the other."""
    pa, pb = _poles(a), _poles(b)
    for (xa, ya), (xb, yb) in zip(pa, pb, strict=True):
        for ma, mb, other_a, other_b in ((xa, yb, ya, xb), (ya, xb, xa, yb)):
            if ma and mb and not other_a and not other_b:
                return f"opposed terms: “{ma}” vs “{mb}”"
    return None


@lru_cache(maxsize=1 << 14)  # a text is compared with many others: read its poles once
def _poles(text: str) -> tuple[tuple[str | None, str | None], ...]:
    """For each opposed pair, the words of each pole the text uses (None: not used)."""
    out = []
    for x, y in _OPPOSED_RE:
        mx, my = x.search(text), y.search(text)
        out.append((mx.group(0) if mx else None, my.group(0) if my else None))
    return tuple(out)


# ------------------------------------------------------------------------------------ conditions

# "until last year", "until March", "until 2024": a time, not a condition.
_TIME_WORDS = (
    r"(?:last|next|this|early|late|mid)\b|(?:the\s+)?(?:end|start|beginning|middle)\s+of\b|\d{4}|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|recently|now|then"
)
_ONLY_VERBS = (
    "be|take|takes|place|come|comes|happen|happens|begin|begins|start|starts|resume|resumes|"
    "proceed|proceeds|go|goes|ahead|held|signed|agreed|possible"
)
_CONDITION = re.compile(
    r"\b(?:only (?:if|after|when|once|with|until)|only (?:(?:" + _ONLY_VERBS + r") ){1,3}?(?:after|once|if|when)|"
    r"provided(?: that)?|providing|unless|on (?:the )?condition|"
    r"as long as|must (?:first|be)|before (?:any|the|a|an|it|its|they|their|he|his|she|her|we|our)|not before|"
    r"until(?!\s+(?:" + _TIME_WORDS + r")\b)|once|if)\b|(?<=\bnot )\w+(?: \w+)? without\b",
    re.I,
)
SAME_CONDITION = (
    0.60  # embedding cosine of two condition clauses (bench/relation_pairs.jsonl: same ≥ 0.71, other ≤ 0.43)
)


# A condition ends at a clause's end, not at the full stop of an initial ("only if the U.S. agrees").
_CLAUSE_END = re.compile(r"[;:!?”\"](?:\s|$)|(?<!\b[A-Z])\.(?:\s|$)|,\s")


@lru_cache(maxsize=1 << 14)  # pure, and called with the same quotes for every pair
def condition(text: str) -> str | None:
    """The condition clause of a conditional statement ('provided that …'), else None."""
    m = _CONDITION.search(text)
    if not m:
        return None
    rest = text[m.start() :]
    clause = _CLAUSE_END.split(rest)[0]
    return clause.strip() if len(clause.split()) >= 3 else None


# ------------------------------------------------------------------------------------ time

_FUTURE = re.compile(
    r"\b(will|would|shall|upcoming|plans?|planned|expected|coming days|next week|to be held|is due|are due)\b", re.I
)
_PAST = re.compile(r"\b(met|held|took place|happened|was|were|had|discussed|called|opened|closed|announced)\b", re.I)


def plan_then_report(early: str, late: str) -> bool:
    """An earlier text announces something, a later one reports it done: a status update."""
    return bool(_FUTURE.search(early)) and bool(_PAST.search(late)) and not _FUTURE.search(late)


# ------------------------------------------------------------------------------------ sameness


_CONTRAST = re.compile(r"^\W*(?:However|By contrast|In contrast|Conversely)\b|\bon the other hand\b", re.I)


def sets_against(text: str) -> bool:
    """The sentence sets its speaker against what came before ("X, on the other hand, said …",
    "By contrast, …"): the article itself contrasts two positions."""
    return bool(_CONTRAST.search(text))


def near_duplicate(a: str, b: str) -> bool:
    """The same words, give or take a few (the same fact stated twice, or wire copy)."""
    wa, wb = set(re.findall(r"[a-z0-9]+", names.fold(a))), set(re.findall(r"[a-z0-9]+", names.fold(b)))
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) >= 0.7


_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’]?\s+")


def repeated(a: str, b: str) -> bool:
    """A sentence of one text is a near duplicate of a sentence of the other (a quote given again)."""
    return any(near_duplicate(x, y) for x in _SENTENCE_END.split(a) for y in _SENTENCE_END.split(b) if x and y)
