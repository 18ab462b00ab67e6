"""The relation stage alone, live on the embedded model, from the extractions of an earlier run
(no extraction calls): wall time, calls, prompt tokens, and the labels it gave.

    brief corpus/ --json-dir out/                 # once: the per-article extraction JSONs
    python bench/relations_live.py out/           # a fresh llama.cpp server, warmed up, then reconcile
    python bench/relations_live.py out/ --pair-order   # requests pair by pair (before they were sorted by prompt)

Each run starts its own server: a server that has already seen the requests answers from its prompt
cache and times nothing. Answers near a threshold can differ between runs by ~0.01 P(yes).
"""

from __future__ import annotations

import argparse
import builtins
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.llm import LLMSettings, OpenAICompatible  # noqa: E402
from summarizer.local_model import DEFAULT_LOCAL_MODEL, EmbeddedServer, model_file  # noqa: E402
from summarizer.reconcile import reconcile  # noqa: E402
from summarizer.schemas import ArticleExtraction, Usage  # noqa: E402

JUDGE = sys.modules["summarizer.reconcile.judge"]
WARM_UP = ("The ferry was cancelled because of the storm.", "The bakery sells bread.", "Rain is expected.")


def pair_order(items: Any, key: Any = None, reverse: bool = False) -> list[Any]:
    """`sorted` for the judge module: its request tasks (k, n, question, messages) pair by pair."""
    items = list(items)
    if items and isinstance(items[0], tuple) and len(items[0]) == 4 and isinstance(items[0][3], list):
        return builtins.sorted(items, key=lambda t: (t[0], t[1]))
    return builtins.sorted(items, key=key, reverse=reverse)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("json_dir", type=Path)
    ap.add_argument("--pair-order", action="store_true")
    args = ap.parse_args()
    exs = [
        ArticleExtraction.model_validate_json(p.read_text(encoding="utf-8"))
        for p in sorted(args.json_dir.glob("*.json"))
        if p.name != "briefing.json"
    ]
    JUDGE.sorted = pair_order if args.pair_order else builtins.sorted  # type: ignore[attr-defined]
    with EmbeddedServer(model_file(DEFAULT_LOCAL_MODEL), alias=DEFAULT_LOCAL_MODEL) as server:
        llm = OpenAICompatible(LLMSettings(model=DEFAULT_LOCAL_MODEL, base_url=server.base_url, api_key="x"))
        for text in WARM_UP:
            llm.yes_no(JUDGE.messages(text, "The council met on Monday.", "Do A and B agree?"), Usage())
        t0 = time.perf_counter()
        b = reconcile(exs, [], llm=llm)
        wall = time.perf_counter() - t0
    labels = sorted((r.relation, *(s.claim_id for s in r.sides)) for r in b.relations if r.relation != "compare")
    u = b.reconcile_usage
    print(
        f"{'pair order' if args.pair_order else 'sorted by prompt'}: {wall:.1f} s, {u.calls} calls, "
        f"{u.prompt_tokens} prompt tokens, {len(labels)} labels"
    )
    for label in labels:
        print("  ", *label)


if __name__ == "__main__":
    main()
