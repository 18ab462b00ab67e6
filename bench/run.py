"""Benchmarks with a fake LLM (not tests): print tables.

    python bench/run.py [--sizes 10,100,1000] [--latency-ms 50]

1. Pipeline overhead: a fake LLM with a fixed latency, one request at a time (the embedded default);
   (wall − LLM time) / LLM time, where LLM time is measured around each call, as a real client's
   call is (latency, answer, validation). Loading, grounding, dates, actor merging, blocking and the
   code checks of judgements are all overhead.
2. Reconciler scaling: LLM calls for relations and wall time at growing corpus sizes.
3. Cache: a second run over 100 articles — LLM calls and wall time.
The embedded-model benchmarks (4–6) are in bench/embedded.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import corpus  # noqa: E402
from summarizer.cache import AnswerCache  # noqa: E402
from summarizer.pipeline import Config, run  # noqa: E402
from summarizer.testing import FakeLLM, keyword_responder  # noqa: E402


def one(n: int, latency_s: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as d:
        for name, text in corpus(n).items():
            (Path(d) / name).write_text(text)
        llm = FakeLLM(responder=keyword_responder, latency_s=latency_s)
        t0 = time.perf_counter()
        b = run(Config(Path(d), cache=False), llm=llm)
        wall = time.perf_counter() - t0
    assert b.run is not None
    llm_time = b.run.usage.seconds  # measured around the fake's calls, as a real client's are
    claims = sum(len(a.claims) for a in b.articles)
    return {
        "articles": n,
        "claims": claims,
        "extract_calls": len(llm.calls) - b.reconcile_usage.calls,
        "relation_calls": b.reconcile_usage.calls,
        "relations": len(b.relations),
        "wall_s": wall,
        "llm_s": llm_time,
        "overhead": (wall - llm_time) / llm_time if llm_time else float("nan"),
    }


def cache_bench(n: int = 100) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as d:
        root = Path(d) / "corpus"
        root.mkdir()
        for name, text in corpus(n).items():
            (root / name).write_text(text)
        cache = AnswerCache(Path(d) / "answers.sqlite")
        first = FakeLLM(responder=keyword_responder)
        run(Config(root), llm=first, cache=cache)
        second = FakeLLM(responder=keyword_responder)
        t0 = time.perf_counter()
        b = run(Config(root), llm=second, cache=cache)
        wall = time.perf_counter() - t0
    assert b.run is not None
    return {
        "articles": n,
        "first_run_calls": len(first.calls),
        "second_run_calls": len(second.calls),
        "second_run_cache_hits": b.run.usage.cache_hits,
        "second_run_wall_s": wall,
    }


def table(rows: list[dict[str, float]]) -> None:
    cols = list(rows[0])
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(f"{r[c]:.3f}" if isinstance(r[c], float) else str(r[c]) for c in cols) + " |")
    print()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--latency-ms", type=float, default=50.0)
    args = ap.parse_args()
    print(f"1-2. pipeline overhead and reconciler scaling (fake LLM, {args.latency_ms:g} ms per call)")
    table([one(int(n), args.latency_ms / 1000) for n in args.sizes.split(",")])
    print("3. cache: second run")
    table([cache_bench()])


if __name__ == "__main__":
    main()
