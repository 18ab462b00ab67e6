"""Opposed positions of two parties that one sentence reports side by side ("While the White House
is optimistic, Moscow insists …", "a demand which Kyiv accepted and Moscow rejected"): the outlet's
report of a dispute. Extraction keeps such a sentence as a claim; reconciliation shows its two sides."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import actors as names

_PARTY = r"(?P<{g}>(?:the |The )?[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){{0,3}}|(?:the|The) [a-z]{{3,}})"
_DISPUTE_VERBS = r"maintains?|insists?|says|argues?|contends?|counters?|disputes?|denies|rejects?|claims?"
_WHILE = re.compile(
    r"\b(?:While|Whereas|Although|Though)\s+(?P<a>" + _PARTY.format(g="pa") + r"\s+[^,;]{6,300}?),\s+"
    r"(?P<b>" + _PARTY.format(g="pb") + r"\s+(?:" + _DISPUTE_VERBS + r")\b[^.;]{6,600})"
)
_THOUGH = re.compile(
    r"(?P<a>\b[a-z][^,;]{12,300}?),?\s+(?:though|although|but|whereas|while)\s+"
    r"(?P<b>" + _PARTY.format(g="pb") + r"\s+(?:" + _DISPUTE_VERBS + r")\b[^.;]{6,600})"
)
_SPLIT = re.compile(
    r"(?P<a>(?:(?<=[,;:] )|^)[^,;:]{6,300}?,? which (?P<pa>[A-Z][\w’'-]*(?: [A-Z][\w’'-]*){0,2}) (?:has |had |have )?"
    r"(?P<va>accepted|agreed to|backed|supported|approved))"
    r"\s+(?:and|but|while)\s+"
    r"(?P<b>(?P<pb>[A-Z][\w’'-]*(?: [A-Z][\w’'-]*){0,2}) (?:has |had |have )?"
    r"(?P<vb>rejected|refused|opposed|dismissed))"
)


@dataclass(frozen=True)
class Dispute:
    """Two opposed positions reported in one sentence: offsets are into that sentence."""

    a: tuple[int, int]
    b: tuple[int, int]
    party_a: str | None  # the party named in the text (None: the claim's own speaker)
    party_b: str
    how: str


def disputes(sentence: str) -> list[Dispute]:
    """Opposed positions of two parties that one sentence reports side by side."""
    return list(_disputes(sentence))


@lru_cache(maxsize=1 << 14)  # pure; the speaker rules ask it of the same sentences and paragraphs again and again
def _disputes(sentence: str) -> tuple[Dispute, ...]:
    out: list[Dispute] = []
    for rx, how in ((_WHILE, "while … insists"), (_SPLIT, "accepted … rejected"), (_THOUGH, "… though … maintains")):
        for m in rx.finditer(sentence):
            pa = m.groupdict().get("pa")
            pb = m["pb"]
            if pa and names.fold(pa) == names.fold(pb):
                continue
            out.append(Dispute(m.span("a"), m.span("b"), pa, pb, how))
        if out:
            break
    return tuple(out)
