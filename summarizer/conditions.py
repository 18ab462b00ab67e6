"""Preconditions found in code: a party's condition, as the text words it.

The model is asked for preconditions too, but a small model finds few. A sentence that an actor of
the article says (a claim with that speaker) and that carries a conditional construction — "only
(…) after", "only if", "if", "provided (that)", "on condition that", "as long as", "unless", "must
first", "before any", "hinges on", "depends on", "demands that", "insists that" — states that
party's condition (a conditional position is a condition). The demand and what it is a condition
for are cut from the sentence verbatim, so nothing here is the model's words.
"""

from __future__ import annotations

import re

from .corpus import Article
from .schemas import Actor, Claim, Precondition, Span

_CUE = re.compile(
    r"\b(?:only\s+(?:[a-z]+\s+){0,4}?(?:after|if|when|once)|(?<!as )(?<!even )if(?!\s+any\b)|"
    r"provided(?:\s+that)?|providing\s+that|on\s+(?:the\s+)?condition\s+that|"
    r"as\s+long\s+as|unless|must\s+first|(?:must|should|has\s+to|have\s+to)\s+(?:first\s+)?be\s+(?:preceded|done|"
    r"reached|completed|agreed|finalized|finalised|resolved|settled|prepared|well-prepared)|before\s+(?:any|agreeing|"
    r"signing|talks|a\s+meeting)|hinges?\s+on|depends?\s+on|conditional\s+on|(?:demand|insist)(?:s|ed|ing)?\s+that)\b",
    re.I,
)
# A clause ends at punctuation, but not at an initial's full stop ("provided the U.S. lifts …") or a
# decimal point ("only if growth tops 2.5 percent").
_CLAUSE_END = re.compile(r"[,;:!?—–]|(?<!\b[A-Z])\.(?=\s|$)|\s-\s|\band\s+(?:that|then)\b")


def conditions_from_text(
    article: Article, claims: list[Claim], actors: list[Actor], known: list[Precondition]
) -> list[Precondition]:
    """Preconditions of the article's speakers found by their wording, one per sentence and holder,
    skipping sentences the model already gave that holder a precondition for."""
    by_id = {s.id: s for s in article.sentences}
    names = {a.name for a in actors}
    taken = {p.span.start for p in known}  # the model's reading of a sentence comes first
    out: list[Precondition] = []
    for c in claims:
        if c.speaker not in names:
            continue
        for sid in c.sentence_ids:
            s = by_id.get(sid)
            if s is None or s.start in taken:
                continue
            cut = _cut(s.text)
            if cut is None:
                continue
            demand, before = cut
            taken.add(s.start)
            out.append(
                Precondition(
                    holder=c.speaker,
                    demand=demand,
                    before=before,
                    quote=s.text,
                    span=Span(start=s.start, end=s.end),
                    basis="text",
                )
            )
    return out


def _cut(text: str) -> tuple[str, str] | None:
    """(the condition, what precedes it), cut verbatim at the sentence's conditional construction."""
    m = _CUE.search(text)
    if m is None:
        return None
    demand = _to_clause_end(text, m.start(), m.end())
    if len(demand.split()) < 3:
        return None
    return demand, text[: m.start()].strip(" ,;:—–-")[-120:]


def in_own_words(p: Precondition) -> Precondition:
    """The model's precondition, its demand and what it is for cut from the sentence's own words where
    code finds the conditional construction ("provided the talks deliver tangible results" rather than
    the model's "meet Putin before deliver tangible results"); as the model read it otherwise."""
    cut = _cut(p.quote)
    if cut is None:
        # Still the model's reading (code finds no conditional wording), but a demand it copied from the
        # sentence and the schema's length cut short is completed in the sentence's words.
        completed = _completed(p.demand, p.quote)
        return p if completed is None else p.model_copy(update={"demand": completed})
    demand, before = cut
    return p.model_copy(update={"demand": demand, "before": before, "basis": "text"})


def _completed(demand: str, quote: str) -> str | None:
    """A demand copied from the sentence ("present clear concessions, …, or risk provoking a strong"),
    run on to the end of its clause there; None if it is not the sentence's words."""
    copied = demand.strip(" ,;:.")
    at = quote.find(copied)
    if len(copied.split()) < 3 or at < 0:
        return None
    return _to_clause_end(quote, at, at + len(copied))


def _to_clause_end(text: str, start: int, after: int) -> str:
    """The text from `start` to the first clause end after `after` (or the text's end), verbatim."""
    end = _CLAUSE_END.search(text, after)
    return text[start : end.start() if end else len(text)].strip()
