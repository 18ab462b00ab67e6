"""Figures: two parties' statements that give a number for the same counted thing are compared,
however far apart their wording is.

"Company spokeswoman Irene Maas said 200 jobs will go" and "'450 jobs will be cut once you count the
contractors,' said the union's secretary" share the question but little else; as whole claims their
embeddings can fall below the pair floor, and then the figure check never sees them. Code reads the
figures (`numbers.figures`: the number, its hedge, what it counts) and pairs the statements of two
parties that count the same thing, each with its `PER_FIGURE` closest (claim cosine), so a corpus
full of numbers stays bounded. The figure check then says whether the numbers differ or agree, and
the judge asks the model whether the two are about one issue, as for every conflict code finds.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from . import numbers
from .questions import Unit

PER_FIGURE = 3  # pairs for each statement of a figure (the judge's budget bounds the calls as well)
_ROWS = 256  # rows of cosines computed at once
# Things too broad to pair or join by: every sum is "money", and every span of time a "duration" (a
# ban of four years and a contract of two are compared only when their statements are close in meaning).
GENERIC = {"money", "percent", "duration"}


def _counted(units: list[Unit]) -> dict[str, list[tuple[int, int]]]:
    """(unit, sentence) of every count of a thing counted at least once at 10 or more ("two sides",
    "three leaders" count nothing worth comparing; "40 nanograms" and "only 4 nanograms" do), or of
    people, whatever the number (the injured, the dead), by what it counts.
    Not sums of money or percentages: "3 million euros for retraining" and "lost 12 million euros"
    are both money, and say nothing about each other; those are compared when their statements are
    close in meaning, like any pair."""
    by_thing: dict[str, list[tuple[int, int]]] = defaultdict(list)
    worth: set[str] = set(numbers.ANY_SIZE)  # "three people were injured" / "five people"
    for n, u in enumerate(units):
        for s in range(len(u.sentences)):
            for f in numbers.figures(u.sentence_text(s)):
                if f.thing not in GENERIC and (n, s) not in by_thing[f.thing]:
                    by_thing[f.thing].append((n, s))
                if f.high >= numbers.SAYS_SOMETHING:
                    worth.add(f.thing)  # then its small counts too: "40 nanograms" / "only 4 nanograms"
    return {thing: found for thing, found in by_thing.items() if thing in worth}


def candidates(
    units: list[Unit], vecs: np.ndarray, taken: set[tuple[int, int]], k: int = PER_FIGURE
) -> list[tuple[int, int, tuple[int, int]]]:
    """(i, j, focus) of two parties' statements with a figure for the same counted thing, not in
    `taken`: each statement with its `k` closest such statements of other parties (cosines a block
    of rows at a time: a corpus where thousands of statements count people stays bounded)."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for _thing, found in sorted(_counted(units).items()):
        rows = np.array([n for n, _ in found])
        party = np.array([units[n].party for n, _ in found])
        m = vecs[rows]
        for start in range(0, len(found), _ROWS):
            sims = m[start : start + _ROWS] @ m.T
            sims[party[start : start + _ROWS, None] == party[None, :]] = -np.inf  # one party: no pair
            for r, (i, si) in enumerate(found[start : start + _ROWS]):
                row = sims[r]
                top = np.argpartition(-row, k - 1)[:k] if k < len(row) else np.arange(len(row))  # O(m), not a sort
                best = sorted((int(c) for c in top if np.isfinite(row[c])), key=lambda c: (-row[c], c))
                for c in best:
                    j, sj = found[c]
                    key, focus = ((i, j), (si, sj)) if i < j else ((j, i), (sj, si))
                    if key not in taken and key not in out:
                        out[key] = focus
    return [(i, j, focus) for (i, j), focus in sorted(out.items())]
