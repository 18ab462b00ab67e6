"""Order of steps: one party puts a step first, another only after something else.

"Negotiating an end to the war begins with a meeting of leaders" and "any summit between the two
leaders must first be preceded by talks among experts" take opposed positions on the order of
steps, in words that share almost nothing (their embeddings' cosine is below the pair floor). Code
reads the step each sentence places (a noun phrase) and its place (first, or after something),
pairs the statements of two parties that place the same step (embeddings of the two step phrases)
at opposite ends, and gives the judge the pair with the evidence; the model is then asked whether
the two are about one issue, as for every conflict code finds.

Patterns, each with the step it places:
- first: "begins with S", "starts with S", "the first step is S", "S must come first";
- after: "S can only take place after P", "S must (first) be preceded by P", "ruled out any S before P",
  "no S until P", "S will not happen before P".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from ..embed import Embedder
from ..ground import content_words
from .questions import Unit

SAME_STEP = 0.60  # cosine of two step phrases: the same step in other words 0.63-0.88 ("meeting of leaders" /
# "summit between the two leaders" 0.68), other steps ≤ 0.53 ("vote of the members" / "referendum"); tests/test_order.py

PER_STEP = 3  # pairs for each statement that puts a step first (the judge's budget bounds the calls as well)
_ROWS = 512  # rows of step cosines computed at once

_W = r"[\w’'-]+"
_NP = rf"(?:{_W}\s+){{0,11}}?{_W}"  # a phrase of up to twelve words; cut at clause words afterwards
_OBJ = rf"(?:{_W}\s+){{0,11}}{_W}"  # the same, as long as it goes (objects: cut on the right)
_START = r"(?<![\w’'-])"  # a phrase starts at a word's start
_MODAL = r"(?:can|could|will|would|should|must|may|might|has to|have to|needs? to|is to|are to)"
_HAPPEN = r"(?:take place|happen|come|be held|occur|go ahead|start|begin|be convened|be considered)"
_FIRST = [
    re.compile(rf"\b(?:begins?|began|begun|starts?|started|opens?|opened)\s+with\s+(?P<s>{_OBJ})", re.I),
    re.compile(
        rf"\b(?:the )?first (?:step|stage|move)\s+(?:is|was|(?:would|should|must|will) be)\s+(?P<s>{_OBJ})", re.I
    ),
    re.compile(rf"{_START}(?P<s>{_NP})\s+{_MODAL}\s+(?:come|go|happen|take place)\s+first\b", re.I),
]
_AFTER = [
    re.compile(
        rf"{_START}(?P<s>{_NP})\s+(?:{_MODAL}\s+(?:only\s+)?{_HAPPEN}\s+(?:only\s+)?(?:after|once)|"
        rf"{_MODAL}\s+(?:not|never)\s+{_HAPPEN}\s+(?:before|until)|only\s+after)\s+(?P<p>{_OBJ})",
        re.I,
    ),
    re.compile(rf"{_START}(?P<s>{_NP})\s+{_MODAL}\s+(?:first\s+)?be\s+preceded\s+by\s+(?P<p>{_OBJ})", re.I),
    re.compile(rf"\b(?:ruled?|rules|ruling)\s+out\s+(?P<s>{_NP})\s+(?:before|until)\s+(?P<p>{_OBJ})", re.I),
    re.compile(rf"\bno\s+(?P<s>{_NP})\s+(?:before|until)\s+(?P<p>{_OBJ})", re.I),
]
# Words that end the step phrase on the left ("Lavrov said that | any summit …") or on the right.
_LEFT_CUT = re.compile(
    r"^.*\b(?:that|said|says|say|stated|noted|argues|argued|insists|insisted|emphasi[sz]e[sd]|stress(?:es|ed)|"
    r"indicated|added|warned|believes?|believed|thinks?|thought|claims?|claimed|maintains?|maintained|which|who|"
    r"while|whereas|and|but|because|as|if|when|also|has|have|had|is|are|was|were|remains?)\s+",
    re.I,
)
_RIGHT_CUT = re.compile(r"\s+(?:and|but|which|that|while|whereas|because|if|unless|so|or|with)\b.*$", re.I)
_DETERMINERS = re.compile(r"^(?:any|a|an|the|such|this|that|these|those|some|every|no)\s+", re.I)
_EMPTY = {"it", "this", "that", "they", "he", "she", "we", "there", "everything", "anything", "nothing", "process"}

Place = Literal["first", "after"]


@dataclass(frozen=True)
class Step:
    """A step and where the sentence places it; `before` is what must come first ("after" only)."""

    place: Place
    step: str
    before: str = ""


def _trim(phrase: str, left: bool) -> str:
    phrase = re.split(r"[,;:()“”\"]", phrase)[-1 if left else 0].strip()
    phrase = _LEFT_CUT.sub("", phrase) if left else _RIGHT_CUT.sub("", phrase)
    return _DETERMINERS.sub("", phrase.strip()).strip()


def _worth(step: str) -> bool:
    """A step names something: up to eight words, with a content word that is no pronoun."""
    words = step.lower().split()
    return 1 <= len(words) <= 8 and bool(set(content_words(step)) - _EMPTY)


@lru_cache(maxsize=1 << 14)
def steps(sentence: str) -> tuple[Step, ...]:
    """The steps the sentence places first or after something."""
    out: list[Step] = []
    for rx in _FIRST:
        for m in rx.finditer(sentence):
            s = _trim(m["s"], left=rx.pattern.startswith(_START))
            if _worth(s):
                out.append(Step("first", s))
    for rx in _AFTER:
        for m in rx.finditer(sentence):
            s, p = _trim(m["s"], left=rx.pattern.startswith(_START)), _trim(m["p"], left=False)
            if _worth(s) and p:
                out.append(Step("after", s, p))
    return tuple(dict.fromkeys(out))


def conflict(a: str, b: str, similar: Callable[[str, str], float]) -> str | None:
    """Evidence that one sentence puts a step first and the other puts the same step after
    something else; `similar` is the embeddings' cosine of two phrases."""
    for x, y in ((a, b), (b, a)):
        for first in (s for s in steps(x) if s.place == "first"):
            for after in (s for s in steps(y) if s.place == "after"):
                if similar(first.step, after.step) >= SAME_STEP:
                    return f"order of steps: one puts “{first.step}” first, the other after “{after.before}”"
    return None


@dataclass(frozen=True)
class Placed:
    """A unit's sentence that places a step."""

    unit: int
    sentence: int
    party: str
    step: Step


def pairs(
    placed: list[Placed], vecs: np.ndarray, taken: set[tuple[int, int]], k: int = PER_STEP
) -> list[tuple[int, int, tuple[int, int]]]:
    """(i, j, focus) of two parties' statements that put the same step (cosine of the step
    phrases' vectors `vecs`, one row per `placed`) first and after something; not in `taken`. Each
    statement that puts a step first is paired with its `k` closest (bounded work on a corpus that is
    all procedure; the cosines are computed a block of rows at a time)."""
    firsts = [n for n, p in enumerate(placed) if p.step.place == "first"]
    afters = [n for n, p in enumerate(placed) if p.step.place == "after"]
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for start in range(0, len(firsts) if afters else 0, _ROWS):
        block = firsts[start : start + _ROWS]
        sims = vecs[block] @ vecs[afters].T
        for r, n in enumerate(block):
            f, got = placed[n], 0
            for c in sorted(np.flatnonzero(sims[r] >= SAME_STEP), key=lambda c: (-sims[r, c], c)):
                a = placed[afters[c]]
                if got >= k:
                    break
                if f.party == a.party or f.unit == a.unit:
                    continue
                (i, si), (j, sj) = sorted([(f.unit, f.sentence), (a.unit, a.sentence)])
                if (i, j) not in taken and (i, j) not in out:
                    out[(i, j)] = (si, sj)
                    got += 1
    return [(i, j, focus) for (i, j), focus in sorted(out.items())]


def placed(units: list[Unit]) -> list[Placed]:
    """Every sentence of every unit that places a step, with the step."""
    return [
        Placed(n, s, u.party, step)
        for n, u in enumerate(units)
        for s in range(len(u.sentences))
        for step in steps(u.sentence_text(s))
    ]


def candidates(
    units: list[Unit], embedder: Embedder, taken: set[tuple[int, int]]
) -> list[tuple[int, int, tuple[int, int]]]:
    """(i, j, focus) of two parties' statements that place the same step at opposite ends."""
    found = placed(units)
    if not found:
        return []
    phrases = list(dict.fromkeys(p.step.step for p in found))
    vecs = embedder.embed(phrases)
    at = {t: n for n, t in enumerate(phrases)}
    return pairs(found, vecs[[at[p.step.step] for p in found]], taken)
