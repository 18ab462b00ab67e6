"""Can the model tell that two condition clauses set the same condition where the embeddings cannot?

The measurement behind keeping `checks.SAME_CONDITION` an embedding threshold and not asking the model
"Do A and B set the same condition?" (a timeline's softer wording of one condition, July "before the
finalization of settlement terms" / August "provided that extensive preparations are completed in
advance", has condition cosine 0.25-0.38). Pairs: bench/condition_pairs.jsonl, condition clauses
from bench/relation_pairs.jsonl's condition pairs (same) plus made-up same and other conditions.

    python bench/same_condition.py            # the embedded model (starts llama.cpp)

One run here (2026-11-24, qwen2.5-coder-1.5b): same conditions 0.51-0.68 mean P(yes) of both orders,
other conditions 0.44-0.59; at 0.60 the model selects 8 of 13 same pairs and no other, but every pair
it selects already has cosine >= 0.60 (code matches it), and every same pair below cosine 0.60 scores
0.51-0.58, inside the range of other conditions: the question adds nothing the embeddings lack.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.embed import default_embedder  # noqa: E402
from summarizer.llm import LLMSettings, OpenAICompatible  # noqa: E402
from summarizer.reconcile.checks import SAME_CONDITION  # noqa: E402
from summarizer.reconcile.judge import messages  # noqa: E402
from summarizer.schemas import Usage  # noqa: E402

PAIRS = Path(__file__).with_name("condition_pairs.jsonl")
QUESTION = "Do A and B set the same condition?"


def main() -> None:
    from summarizer.local_model import DEFAULT_LOCAL_MODEL, EmbeddedServer, model_file

    pairs = [json.loads(line) for line in PAIRS.read_text().splitlines() if line.strip()]
    emb = default_embedder()
    with EmbeddedServer(model_file(DEFAULT_LOCAL_MODEL), alias=DEFAULT_LOCAL_MODEL) as server:
        llm = OpenAICompatible(LLMSettings(model=DEFAULT_LOCAL_MODEL, base_url=server.base_url, api_key="x"))
        usage = Usage()
        for p in pairs:
            ps = [llm.yes_no(messages(x, y, QUESTION), usage).p_yes for x, y in ((p["a"], p["b"]), (p["b"], p["a"]))]
            va, vb = emb.embed([p["a"], p["b"]])
            p["p_yes"] = float(np.mean([x for x in ps if x is not None])) if all(x is not None for x in ps) else None
            p["cosine"] = float(va @ vb)
    for label in ("same", "other"):
        got = [p for p in pairs if p["label"] == label]
        print(label, "P(yes)", min(p["p_yes"] for p in got), "-", max(p["p_yes"] for p in got))
    below = [p for p in pairs if p["label"] == "same" and p["cosine"] < SAME_CONDITION]
    print("same conditions the embeddings miss (cosine < SAME_CONDITION):", [round(p["p_yes"], 2) for p in below])
    for t in (0.55, 0.6, 0.65):
        sel = [p for p in pairs if p["p_yes"] >= t]
        print(
            t,
            "selected",
            len(sel),
            "same",
            sum(p["label"] == "same" for p in sel),
            "of which cosine < SAME_CONDITION",
            sum(p["cosine"] < SAME_CONDITION for p in sel),
        )


if __name__ == "__main__":
    main()
