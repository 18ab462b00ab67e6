"""Which gold cross-source items the reconciler ever asks about (not a test: prints one table).

    python bench/candidates.py out/briefing.json [--gold ../shared/eval/seeds.json]

From a run's briefing JSON (its claims), rebuild the candidate pairs the reconciler makes
(`questions.candidates`: inside each question, and across questions) and count the gold
agreements and contradictions with at least one pair of their evidence among them. An item no pair
reaches cannot be labelled, whatever the model answers: this is the ceiling the model works under.
Claims are matched to gold quotes with the gold scorer's own `side_match`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.embed import default_embedder  # noqa: E402
from summarizer.reconcile import PAIRS_PER_CLAIM  # noqa: E402
from summarizer.reconcile import questions as q  # noqa: E402
from summarizer.reconcile.judge import ASK_SAME_COSINE  # noqa: E402
from summarizer.schemas import Briefing  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("briefing", type=Path)
    ap.add_argument("--gold", type=Path, default=Path("../shared/eval/seeds.json"))
    a = ap.parse_args()
    sys.path.insert(0, str(a.gold.resolve().parent))
    from score import side_match  # the gold scorer's matcher

    gold = json.loads(a.gold.read_text())
    b = Briefing.model_validate_json(a.briefing.read_text())
    units = q.build_units(b.articles, b.actors, b.speaker_ids, b.syndicated)
    vecs, _ = q.embed_units(units, default_embedder())
    found_pairs = q.candidates(units, vecs, q.questions(units, vecs), PAIRS_PER_CLAIM, floor=ASK_SAME_COSINE)
    inside = {(c.i, c.j) for c in found_pairs if c.inside}
    across = {(c.i, c.j) for c in found_pairs if not c.inside}

    def claims_of(side: dict) -> list[int]:
        return [
            n
            for n, u in enumerate(units)
            if side_match(side, {"file": u.claim.article, "quote": u.claim.quote})
            or any(
                side_match(side, {"file": u.claim.article, "quote": u.sentence_text(s)})
                for s in range(len(u.sentences))
            )
        ]

    print("| gold items | total | ≥ 2 sides extracted | a pair inside a question | a pair at all |")
    print("|---|---|---|---|---|")
    for kind in ("agreements", "contradictions"):
        found = paired_inside = paired = 0
        items = gold["cross_article"][kind]
        for item in items:
            hits = [claims_of(s) for s in item.get("evidence") or item.get("sides")]
            pairs = {
                (min(i, j), max(i, j))
                for x, hx in enumerate(hits)
                for hy in hits[x + 1 :]
                for i in hx
                for j in hy
                if i != j
            }
            found += sum(1 for h in hits if h) >= 2
            paired_inside += bool(pairs & inside)
            paired += bool(pairs & (inside | across))
        print(f"| {kind} | {len(items)} | {found} | {paired_inside} | {paired} |")


if __name__ == "__main__":
    main()
