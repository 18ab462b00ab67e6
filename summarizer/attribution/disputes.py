"""Opposed positions of two parties that one sentence reports side by side ("While the White House
is optimistic, Moscow insists …", "a demand which Kyiv accepted and Moscow rejected", "…, the union
said, a claim the company rejected"): the outlet's report of a dispute. Extraction keeps such a
sentence as a claim; reconciliation shows its two sides."""

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

_REJECTED_VERBS = r"(?:has |had |have )?(?:rejected|rejects|denied|denies|disputed|disputes|dismissed|dismisses)"
_CLAIM_REJECTED = re.compile(
    r"(?P<a>^[^;]{12,300}?),\s+(?:(?:a|the) claim|claims|an allegation|allegations|an accusation|accusations|"
    r"a charge|charges|an assertion|a report|reports)\s+(?:that\s+|which\s+)?"
    r"(?P<b>" + _PARTY.format(g="pb") + r"\s+" + _REJECTED_VERBS + r"\b[^.;]{0,300})"
)
_WHICH_REJECTED = re.compile(
    r"(?P<a>^[^;]{12,300}?),\s+which\s+(?P<b>" + _PARTY.format(g="pb") + r"\s+" + _REJECTED_VERBS + r"\b[^.;]{0,300})"
)


# A sentence that answers the one before it: "NutriPeak rejected that account.", "The ministry denied
# the allegation, calling it …", "But the club disputes this." (a demonstrative, or the claim named
# by what it is: not "denied wrongdoing", which rejects no one's statement).
_ANSWERS_PREVIOUS = re.compile(
    r"^\W*(?:But |However, |Yet )?(?P<who>" + _PARTY.format(g="party") + r")\s+(?:(?:has|have|had|also|flatly|"
    r"strongly|swiftly|firmly|quickly)\s+)*(?P<verb>rejected|rejects|denied|denies|disputed|disputes|dismissed|"
    r"dismisses|contested|contests|refuted|refutes|rebutted|rebuts)\s+(?:(?:this|that|these|those|the|such)\s+"
    r"(?:account|claims?|allegations?|accusations?|reports?|version|assertions?|suggestions?|figures?|statements?|"
    r"characteri[sz]ation)\b|(?:this|that)(?=\s*[.,;]))"
)


def answers_previous(sentence: str) -> tuple[str, str] | None:
    """(party, verb) when the sentence rejects the statement just before it ("X rejected that account")."""
    m = _ANSWERS_PREVIOUS.match(sentence)
    return (m["who"], m["verb"]) if m else None


@dataclass(frozen=True)
class Dispute:
    """Two opposed positions reported in one sentence: offsets are into that sentence."""

    a: tuple[int, int]
    b: tuple[int, int]
    party_a: str | None  # the party named in the text (None: the claim's own speaker)
    party_b: str
    how: str
    attributed_a: bool = False  # side a carries the sentence's own attribution ("…, the union said, a claim …")


def disputes(sentence: str) -> list[Dispute]:
    """Opposed positions of two parties that one sentence reports side by side."""
    return list(_disputes(sentence))


@lru_cache(maxsize=1 << 14)  # pure; the speaker rules ask it of the same sentences and paragraphs again and again
def _disputes(sentence: str) -> tuple[Dispute, ...]:
    out: list[Dispute] = []
    for rx, how, attributed_a in (
        (_WHILE, "while … insists", False),
        (_SPLIT, "accepted … rejected", False),
        (_THOUGH, "… though … maintains", False),
        (_CLAIM_REJECTED, "…, a claim … rejected", True),
        (_WHICH_REJECTED, "…, which … denied", True),
    ):
        for m in rx.finditer(sentence):
            pa = m.groupdict().get("pa")
            pb = m["pb"]
            if pa and names.fold(pa) == names.fold(pb):
                continue
            out.append(Dispute(m.span("a"), m.span("b"), pa, pb, how, attributed_a))
        if out:
            break
    return tuple(out)


_SENTENCES = re.compile(r"(?<=[.!?])[”\"’]?\s+(?=[“\"A-Z])")


def own_part(sentence: str) -> str:
    """The sentence without the other party's side of a dispute it reports against its own speaker
    ("…, the union said, a claim the company rejected" is the union's "…"): what code checks compare."""
    out = []
    for one in _SENTENCES.split(sentence):  # a quote of several sentences: each on its own
        for start, end in sorted(((d.a[1], d.b[1]) for d in disputes(one) if d.party_a is None), reverse=True):
            one = one[:start] + one[end:]
        out.append(one)
    return " ".join(out)
