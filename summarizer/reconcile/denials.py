"""Denials: a statement one party negates and another party's statement of the same thing are compared,
however far apart the rest of their wording is.

"No medical records were taken," the chief executive says; "These are medical records," says a
researcher who examined the leaked files, in a sentence about the files. As whole claims their
embeddings can fall below the pair floor, so the denial check never sees them. Code finds the pairs:
each negated sentence (`checks.negative`) with the sentences of other parties that share its
proposition (`checks.denial`: most of the shorter side's content words), found through the words
they share (an index of content words, so a large corpus is not compared pair by pair), each with its
`PER_DENIAL` closest (claim cosine). The judge then asks the model whether the two are about one
issue, as for every conflict code finds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Set as AbstractSet

import numpy as np

from . import checks
from .questions import Unit

PER_DENIAL = 2  # pairs for each negated sentence (the judge's budget bounds the calls as well)
COMMON = 200  # a word in more sentences than this says nothing about which two belong together
SHARED = 2  # content words two sentences must share to be looked at


def candidates(
    units: list[Unit],
    vecs: np.ndarray,
    taken: set[tuple[int, int]],
    names: AbstractSet[str] = frozenset(),
    k: int = PER_DENIAL,
) -> list[tuple[int, int, tuple[int, int]]]:
    """(i, j, focus) of a negated statement and another party's statement of the same proposition
    (the words of the actors' `names` aside: who speaks is no part of what is denied), not in
    `taken`: each negated sentence with its `k` closest such statements of other sources."""
    sentences = [(n, s) for n, u in enumerate(units) for s in range(len(u.sentences))]
    words = {(n, s): checks.proposition(units[n].sentence_text(s), names) for n, s in sentences}
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for key, ws in words.items():
        for w in ws:
            index[w].append(key)
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for i, si in sentences:
        text = units[i].sentence_text(si)
        if not checks.negative(text):
            continue
        shared: Counter[tuple[int, int]] = Counter()
        for w in words[(i, si)]:
            if len(index[w]) <= COMMON:
                shared.update(index[w])
        found = [
            (j, sj)
            for (j, sj), n in shared.items()
            if n >= SHARED
            and units[j].party != units[i].party
            and units[j].source != units[i].source
            and checks.denial(text, units[j].sentence_text(sj), names) is not None
        ]
        found.sort(key=lambda js: (-float(vecs[i] @ vecs[js[0]]), js))
        for j, sj in found[:k]:
            key, focus = ((i, j), (si, sj)) if i < j else ((j, i), (sj, si))
            if key not in taken and key not in out:
                out[key] = focus
    return [(i, j, focus) for (i, j), focus in sorted(out.items())]
