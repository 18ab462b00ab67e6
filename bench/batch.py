"""How cost grows on the batch path and in the reconciler (issue 15, part 3): not tests, tables.

    python bench/batch.py --sizes 1000,10000      # (a) synthetic articles through --batch, fake Batch API
    python bench/batch.py --reconcile 10000       # (c) peak memory of a 10,000-article run (fake LLM)

(a) Each size runs in a fresh process against `FakeBatchServer` on loopback (keyword responder,
    no latency, poll interval 0): batch jobs, requests per article, wall time of everything that is
    not the server (wall − the server's time answering and serving), and peak RSS. The fake server
    lives in the same process and keeps every file it is sent: its bytes are reported, and RSS
    includes them.
(c) One in-process run (FakeLLM, relations on) over N synthetic articles; peak RSS (ru_maxrss)
    of the whole process after reconcile, which is the point of highest memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import corpus  # noqa: E402


def _write(n: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in corpus(n).items():
        (folder / name).write_text(text)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def batch_one(n: int) -> dict[str, Any]:
    """(a), in this process."""
    from summarizer.batch import OpenAIBatches, run_batched
    from summarizer.batch.fake import FakeBatchServer
    from summarizer.batch.store import BatchStore
    from summarizer.pipeline import Config
    from summarizer.testing import keyword_responder

    server_s = 0.0

    class Timed(FakeBatchServer):
        def _get(self, path: str) -> Any:
            nonlocal server_s
            t = time.perf_counter()
            try:
                return super()._get(path)
            finally:
                server_s += time.perf_counter() - t

        def _post(self, *a: Any) -> Any:
            nonlocal server_s
            t = time.perf_counter()
            try:
                return super()._post(*a)
            finally:
                server_s += time.perf_counter() - t

    with tempfile.TemporaryDirectory() as d:
        _write(n, Path(d) / "corpus")
        with Timed(keyword_responder) as server:
            config = Config(Path(d) / "corpus", base_url=server.base_url, model="fake", api_key="x", cache=False)
            t0 = time.perf_counter()
            b = run_batched(config, OpenAIBatches(server.base_url, "x", poll_s=0.0), store=BatchStore(Path(d) / "b.db"))
            wall = time.perf_counter() - t0
            jobs = len(server.batches)
            lines = server.lines_run
            stored = sum(len(x) for x in server.files.values())
    return {
        "articles": n,
        "ok": sum(s.status == "ok" for s in b.sources),
        "batch_jobs": jobs,
        "requests": lines,
        "requests_per_article": round(lines / n, 2),
        "wall_s": round(wall, 1),
        "server_s": round(server_s, 1),
        "not_server_s": round(wall - server_s, 1),
        "not_server_ms_per_article": round(1000 * (wall - server_s) / n, 1),
        "fake_server_files_mb": round(stored / 2**20, 1),
        "peak_rss_mb": round(_peak_mb()),
    }


def reconcile_one(n: int) -> dict[str, Any]:
    """(c), in this process."""
    from summarizer.pipeline import Config, run
    from summarizer.testing import FakeLLM, keyword_responder

    with tempfile.TemporaryDirectory() as d:
        _write(n, Path(d))
        before = _peak_mb()
        t0 = time.perf_counter()
        # The double does not keep its 20 requests per article: the memory measured is brief's.
        b = run(Config(Path(d), cache=False), llm=FakeLLM(responder=keyword_responder, record=False))
        wall = time.perf_counter() - t0
    return {
        "articles": n,
        "claims": sum(len(a.claims) for a in b.articles),
        "questions": len(b.questions),
        "relations": len(b.relations),
        "relation_calls": b.reconcile_usage.calls,
        "wall_s": round(wall, 1),
        "peak_rss_mb_before": round(before),
        "peak_rss_mb": round(_peak_mb()),
    }


def fresh(kind: str, n: int) -> dict[str, Any]:
    """One measurement in a fresh interpreter, so each peak is its own."""
    out = subprocess.run(
        [sys.executable, __file__, f"--one-{kind}", str(n)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "BRIEF_CACHE_DIR": tempfile.mkdtemp()},
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def table(rows: list[dict[str, Any]]) -> None:
    cols = list(rows[0])
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")
    print()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--reconcile", type=int, default=0, help="articles for (c); 0: skip")
    ap.add_argument("--one-batch", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--one-reconcile", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one_batch:
        print(json.dumps(batch_one(args.one_batch)))
        return
    if args.one_reconcile:
        print(json.dumps(reconcile_one(args.one_reconcile)))
        return
    if args.sizes:
        print("(a) synthetic articles through --batch (fake Batch API on loopback)")
        table([fresh("batch", int(n)) for n in args.sizes.split(",")])
    if args.reconcile:
        print("(c) peak memory of a whole run, reconcile included (fake LLM)")
        table([fresh("reconcile", args.reconcile)])


if __name__ == "__main__":
    main()
