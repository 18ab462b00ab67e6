"""Claims grouped by the question they answer, by meaning: sentence embeddings, not shared words.

1. Units: each claim with its date, its source (syndicated copies count as one source), its party
   (the speaker's corpus actor, or the outlet's narration) and its sentences.
2. Groups: average-linkage clustering of the claims' embeddings (cosine ≥ GROUP_COSINE), inside
   the connected components of a k-nearest-neighbour graph, so cost stays near-linear.
3. A group with claims from two sources or two parties is a question (naming.py names it).
4. Candidate pairs: inside a question, each claim with its nearest claims of other sources or
   parties (at most `k`), never a near-duplicate of the same speaker. Across questions, each claim
   with its `ACROSS` nearest claims of other sources (`neighbour_pairs`): two sources that report the same
   fact in different words often land in different groups (a group is a whole question; a shared
   fact is one sentence of each), and agreement is between sources, not inside a question. And a
   claim the article sets against what came before ("X, on the other hand, …") with the statement
   it answers (`contrasted_pairs`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from .. import actors as names
from ..corpus import split_sentences
from ..embed import Embedder
from ..schemas import Actor, ArticleExtraction, Claim, ClaimRef, Span
from . import checks

GROUP_COSINE = 0.50  # average link to join a group (bench/calibrate.py: every same-question pair ≥ 0.5)
MAX_QUESTION = 8  # a larger group is a theme, not a question: split it at a higher threshold
SPLIT_STEP = 0.05
PAIR_COSINE = 0.40  # a candidate pair's sentences are at least this close
NEIGHBOURS = 10
CONTRAST_WINDOW = 600  # "X, on the other hand, …" answers what came at most this many characters before
ACROSS = 2  # across questions, each claim's nearest claims of other sources (the judge's budget still bounds calls)
BLOCK_CELLS = 1 << 23  # cosines computed at once (32 MB): 512 rows of 16,000 claims, 83 rows of 100,000
MAX_COMPONENT = 800  # larger kNN components are clustered greedily (leader clustering)
_MAYBE_TWO = re.compile(r"[.!?][”\"’')]*\s+\S|\n\s*\n")  # a sentence may end inside the quote


@dataclass
class Unit:
    """A claim as the reconciler sees it."""

    claim: Claim
    date: str | None
    source: str  # the article, or the first file of its syndicated group
    actor_id: str | None
    party: str
    sentences: list[tuple[int, int]] = field(default_factory=list)  # absolute spans of the quote's sentences
    _refs: dict[int | None, ClaimRef] = field(default_factory=dict, repr=False)

    def sentence_text(self, i: int) -> str:
        s, e = self.sentences[i]
        return self.claim.quote[s - self.claim.span.start : e - self.claim.span.start]

    def ref(self, sentence: int | None = None, part: tuple[int, int] | None = None) -> ClaimRef:
        """Cite the claim: the whole quote, one of its sentences, or a part (absolute span).
        The whole quote and each sentence are cited by one shared object (a large corpus cites a
        claim in its question, its timeline and several relations); a part is a new object."""
        if part is None:
            if sentence not in self._refs:
                self._refs[sentence] = self._new_ref(sentence, None)
            return self._refs[sentence]
        return self._new_ref(sentence, part)

    def _new_ref(self, sentence: int | None, part: tuple[int, int] | None) -> ClaimRef:
        c = self.claim
        start, end = part if part else self.sentences[sentence] if sentence is not None else (c.span.start, c.span.end)
        quote = c.quote[start - c.span.start : end - c.span.start]
        return ClaimRef(
            claim_id=c.id,
            article=c.article,
            speaker=self.party
            if self.actor_id
            else c.speaker,  # one name per actor: not "Reiter" here, "Tomas Reiter" there
            date=self.date,
            quote=quote,
            span=c.span if (start, end) == (c.span.start, c.span.end) else Span(start=start, end=end),
        )


class _UnionFind:
    """Connected components of 0..n-1 (path halving)."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        self.parent[self.root(b)] = self.root(a)

    def components(self) -> list[list[int]]:
        """Each component's members in ascending order, components by first member."""
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.root(i)].append(i)
        return list(out.values())


def syndicated(extractions: list[ArticleExtraction]) -> list[list[str]]:
    """Files that carry the same copy: two or more identical claim quotes, or half the smaller's."""
    quotes = {ex.file: {names.fold(c.quote) for c in ex.claims if len(c.quote.split()) >= 6} for ex in extractions}
    files = list(quotes)
    number = {f: i for i, f in enumerate(files)}
    joined = _UnionFind(len(files))
    by_quote: dict[str, list[str]] = defaultdict(list)
    for f, qs in quotes.items():
        for q in qs:
            by_quote[q].append(f)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for carrying in by_quote.values():
        for i, a in enumerate(carrying):
            for b in carrying[i + 1 :]:
                shared[(a, b)] += 1
    for (a, b), n in sorted(shared.items()):
        if n >= 2 or n >= 0.5 * min(len(quotes[a]), len(quotes[b])):
            joined.union(number[a], number[b])
    return sorted(sorted(files[i] for i in g) for g in joined.components() if len(g) > 1)


def build_units(
    extractions: list[ArticleExtraction], actors: list[Actor], spk: dict[str, str], copies: list[list[str]]
) -> list[Unit]:
    """Every claim as a unit, in publication order."""
    name_of = {a.id: a.name for a in actors}
    source_of = {f: group[0] for group in copies for f in group}
    out = []
    for ex in extractions:
        for c in ex.claims:
            aid = spk.get(c.id)
            party = name_of[aid] if aid else ("narration" if c.speaker == "narration" else c.speaker)
            sents = [
                (c.span.start + a, c.span.start + b) for a, b in _sentences(c.quote) if len(c.quote[a:b].split()) >= 3
            ] or [(c.span.start, c.span.end)]
            sents = [(s + _lead(c.quote[s - c.span.start : e - c.span.start]), e) for s, e in sents]
            out.append(Unit(c, ex.publication_date.value, source_of.get(ex.file, ex.file), aid, party, sents))
    return out


def _sentences(quote: str) -> list[tuple[int, int]]:
    """The quote's sentences, cut as the article's were (syntok: not after "U.S.", "Sen." or "2.1");
    most quotes are one sentence and skip the segmenter."""
    if not _MAYBE_TWO.search(quote.rstrip()):
        return [(0, len(quote))]
    return split_sentences(quote, 0, len(quote))


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


def embed_units(units: list[Unit], embedder: Embedder) -> tuple[np.ndarray, list[np.ndarray]]:
    """One vector per claim (its whole quote) and one per sentence of each claim. Each distinct text
    is embedded once: most claims are one sentence, and wire copy repeats whole claims."""
    texts = [[u.claim.quote, *(u.sentence_text(i) for i in range(len(u.sentences)))] for u in units]
    unique = list(dict.fromkeys(t for row in texts for t in row))
    vecs = embedder.embed(unique)
    at = {t: i for i, t in enumerate(unique)}
    claim_vecs = vecs[[at[row[0]] for row in texts]] if units else vecs
    return claim_vecs, [vecs[[at[t] for t in row[1:]]] for row in texts]


def group(vecs: np.ndarray, threshold: float = GROUP_COSINE, k: int = NEIGHBOURS) -> list[list[int]]:
    """Groups of claims by meaning (average linkage ≥ threshold), in first-member order."""
    n = len(vecs)
    if n == 0:
        return []
    joined = _UnionFind(n)
    for i, row, top in _nearest(vecs, k):  # the kNN graph
        for j in top:
            if row[j] >= threshold:
                joined.union(i, int(j))
    groups: list[list[int]] = []
    for members in joined.components():
        for g in _cluster(vecs, members, threshold):
            groups += _split(vecs, g, threshold + SPLIT_STEP)
    return sorted((sorted(g) for g in groups), key=lambda g: g[0])


def _cluster(vecs: np.ndarray, members: list[int], threshold: float) -> list[list[int]]:
    """Average linkage up to MAX_COMPONENT claims (it holds an m×m matrix), leader clustering above:
    for a kNN component, and for a leader cluster split again (10,000 synthetic articles make leader
    clusters of ~10,000 claims: 1.2 GB as a matrix)."""
    if len(members) <= MAX_COMPONENT:
        return _average_linkage(vecs, members, threshold)
    return _leader(vecs, members, threshold)


def _split(vecs: np.ndarray, members: list[int], threshold: float) -> list[list[int]]:
    """Groups above MAX_QUESTION claims, re-clustered at rising thresholds until each is a question."""
    if len(members) <= MAX_QUESTION or threshold > 0.9:
        return [members]
    out: list[list[int]] = []
    for g in _cluster(vecs, members, threshold):
        out += _split(vecs, g, threshold + SPLIT_STEP)
    return out


def _average_linkage(vecs: np.ndarray, members: list[int], threshold: float) -> list[list[int]]:
    """Merge the two clusters with the highest average cosine until it falls below `threshold`.

    Each row keeps its best partner, so a merge costs O(m) (not a scan of the whole m×m matrix):
    O(m²) in all instead of O(m³). Ties go to the lowest (row, column), as a row-major scan would."""
    m = len(members)
    if m == 1:
        return [members]
    sums = (vecs[members] @ vecs[members].T).astype(np.float64)
    np.fill_diagonal(sums, -np.inf)
    sizes = np.ones(m)
    clusters: list[list[int] | None] = [[x] for x in members]
    alive = np.ones(m, dtype=bool)

    def row(r: int) -> np.ndarray:
        out = sums[r] / (sizes[r] * sizes)
        out[~alive] = -np.inf
        out[r] = -np.inf
        return out

    best_idx = np.zeros(m, dtype=np.int64)
    best_val = np.full(m, -np.inf)
    for r in range(m):
        avg = row(r)
        best_idx[r] = int(np.argmax(avg))
        best_val[r] = avg[best_idx[r]]
    while True:
        i = int(np.argmax(best_val))
        j = int(best_idx[i])
        if best_val[i] < threshold:
            break
        i, j = min(i, j), max(i, j)
        clusters[i] = [*clusters[i], *clusters[j]]  # type: ignore[misc]
        clusters[j] = None
        sums[i, :] += sums[j, :]
        sums[:, i] += sums[:, j]
        sums[i, i] = -np.inf
        sizes[i] += sizes[j]
        alive[j] = False
        best_val[j] = -np.inf
        new_i = row(i)
        best_idx[i] = int(np.argmax(new_i))
        best_val[i] = new_i[best_idx[i]]
        others = alive.copy()
        others[i] = False
        stale = others & ((best_idx == i) | (best_idx == j))  # its partner changed or is gone: look again
        better = others & ~stale & ((new_i > best_val) | ((new_i == best_val) & (best_idx > i)))
        best_idx[better] = i
        best_val[better] = new_i[better]
        for k in np.flatnonzero(stale):
            avg = row(int(k))
            best_idx[k] = int(np.argmax(avg))
            best_val[k] = avg[best_idx[k]]
    return [c for c in clusters if c]


def _leader(vecs: np.ndarray, members: list[int], threshold: float) -> list[list[int]]:
    centroids: list[np.ndarray] = []
    out: list[list[int]] = []
    for m in members:
        if centroids:
            sims = np.array([c @ vecs[m] / max(np.linalg.norm(c), 1e-9) for c in centroids])
            best = int(np.argmax(sims))
            if sims[best] >= threshold:
                out[best].append(m)
                centroids[best] = centroids[best] + vecs[m]
                continue
        out.append([m])
        centroids.append(vecs[m].copy())
    return out


def is_question(units: list[Unit]) -> bool:
    """Worth comparing: two parties answer it. A voice that is no actor — the outlet's own, or an unnamed
    group such as "senior officials" — is one party per source. One party alone over time is a timeline,
    not a question."""
    return len({(u.party, u.source if u.actor_id is None else "") for u in units}) > 1


# ------------------------------------------------------------------------------------- pairs


def comparable(a: Unit, b: Unit) -> bool:
    """Two sources, or two parties in one source; never the same speaker saying the same thing twice."""
    if a.source == b.source and a.party == b.party:
        return False
    return not (a.source == b.source and checks.near_duplicate(a.claim.quote, b.claim.quote))


def candidate_pairs(members: list[int], units: list[Unit], vecs: np.ndarray, k: int = 2) -> list[tuple[int, int]]:
    """Inside one question: each claim with its `k` nearest comparable claims (cosine ≥ PAIR_COSINE)."""
    chosen: set[tuple[int, int]] = set()
    sims = vecs[members] @ vecs[members].T
    for r, i in enumerate(members):
        order = sorted(range(len(members)), key=lambda c: (-sims[r, c], members[c]))
        taken = 0
        for c in order:
            j = members[c]
            if taken >= k or sims[r, c] < PAIR_COSINE:
                break
            if j != i and comparable(units[i], units[j]):
                chosen.add((min(i, j), max(i, j)))
                taken += 1
    return sorted(chosen)


class Candidate(NamedTuple):
    """A pair to check: claims `i` < `j`, the question it is filed under, and whether both claims
    answer that question (inside) or it pairs neighbours across questions (kept only if labelled)."""

    i: int
    j: int
    question: int | None
    inside: bool
    focus: tuple[int, int] | None = None  # the sentences to judge, where code chose them


def questions(units: list[Unit], vecs: np.ndarray) -> list[list[int]]:
    """The groups of claims by meaning that are questions (two parties answer them)."""
    return [g for g in group(vecs) if is_question([units[i] for i in g])]


def candidates(units: list[Unit], vecs: np.ndarray, groups: list[list[int]], k: int, floor: float) -> list[Candidate]:
    """Inside each question, each claim with its `k` nearest comparable claims; across questions,
    each claim with its `ACROSS` nearest claims of other sources (cosine ≥ `floor`), filed under the
    question of either side."""
    out = [
        Candidate(i, j, gi, True)
        for gi, members in enumerate(groups)
        for i, j in candidate_pairs(members, units, vecs, k)
    ]
    group_of = {i: gi for gi, members in enumerate(groups) for i in members}
    taken = {(c.i, c.j) for c in out}
    out += [
        Candidate(i, j, group_of.get(i, group_of.get(j)), False)
        for i, j in neighbour_pairs(units, vecs, taken, k=ACROSS, floor=floor)
    ]
    taken = {(c.i, c.j) for c in out}
    out += [Candidate(i, j, group_of.get(j, group_of.get(i)), False) for i, j in contrasted_pairs(units, vecs, taken)]
    return out


def contrasted_pairs(units: list[Unit], vecs: np.ndarray, taken: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """A claim the article sets against what came before ("X, on the other hand, says …"), with the
    claim of another party just before it (within CONTRAST_WINDOW characters) that is closest in
    meaning: the statement the contrast answers. Pairs not in `taken`."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for n, u in enumerate(units):
        by_article[u.claim.article].append(n)
    chosen: set[tuple[int, int]] = set()
    for members in by_article.values():
        for j in members:
            later = units[j]
            if not checks.sets_against(later.sentence_text(0)):
                continue
            start = later.claim.span.start
            before = [
                i
                for i in members
                if units[i].party != later.party and 0 <= start - units[i].claim.span.end <= CONTRAST_WINDOW
            ]
            if not before:
                continue
            closeness = {i: float(vecs[i] @ vecs[j]) for i in before}
            i = max(before, key=lambda x: (closeness[x], -x))
            if closeness[i] >= PAIR_COSINE and (min(i, j), max(i, j)) not in taken:
                chosen.add((min(i, j), max(i, j)))
    return sorted(chosen)


def neighbour_pairs(
    units: list[Unit], vecs: np.ndarray, taken: set[tuple[int, int]], k: int = 1, floor: float = 0.5
) -> list[tuple[int, int]]:
    """Each claim with its `k` nearest claims of another source (cosine ≥ `floor`), pairs not in
    `taken`."""
    chosen: set[tuple[int, int]] = set()
    # A claim's nearest are mostly its own article's: look a little further than `k`.
    for i, row, top in _nearest(vecs, k + NEIGHBOURS):
        got = 0
        for j in top[np.argsort(-row[top], kind="stable")]:
            j = int(j)
            if got >= k or row[j] < floor:
                break
            if units[j].source == units[i].source:
                continue
            got += 1
            pair = (min(i, j), max(i, j))
            if pair not in taken:
                chosen.add(pair)
    return sorted(chosen)


def _nearest(vecs: np.ndarray, m: int) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """(i, cosines of row i with itself masked to -1, the indices of its `m` highest, unordered),
    blockwise: memory stays O(n)."""
    n = len(vecs)
    m = min(m, n - 1)
    rows = max(16, min(512, BLOCK_CELLS // max(n, 1)))
    for start in range(0, n, rows):
        sims = vecs[start : start + rows] @ vecs.T
        for r, row in enumerate(sims):
            row[start + r] = -1.0
            yield start + r, row, np.argpartition(-row, m - 1)[:m] if m > 0 else np.array([], dtype=np.int64)


def focus(a: Unit, b: Unit, sent_vecs: list[np.ndarray], ia: int, ib: int) -> tuple[int, int]:
    """The sentence of each claim that is closest to the other claim's sentences."""
    sims = sent_vecs[ia] @ sent_vecs[ib].T
    x, y = np.unravel_index(int(np.argmax(sims)), sims.shape)
    return int(x), int(y)
