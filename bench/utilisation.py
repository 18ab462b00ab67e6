"""How well `--concurrency` keeps a slow server busy (not a test: prints one table).

    python bench/utilisation.py [--articles 64] [--latency 1.0] [--concurrency 16]

brief runs against the fake OpenAI-compatible server on loopback (`summarizer.testing.FakeServer`),
whose every answer takes `--latency` seconds, over a synthetic corpus (bench/synthetic.py), through
the real client and HTTP. Utilisation = calls × latency / concurrency / wall: 1.0 means every one
of the `--concurrency` request slots was busy for the whole run. Measured per stage: extraction
(articles in flight) and relations (question naming and pair judging).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import corpus  # noqa: E402
from summarizer.pipeline import Config, run  # noqa: E402
from summarizer.testing import FakeServer, keyword_responder  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=64)
    ap.add_argument("--latency", type=float, default=1.0)
    ap.add_argument("--concurrency", type=int, default=16)
    a = ap.parse_args()

    def slow(messages: Any, model: Any) -> Any:
        if model.__name__ != "Check":
            time.sleep(a.latency)
        return keyword_responder(messages, model)

    with tempfile.TemporaryDirectory() as d, FakeServer(slow) as server:
        for name, text in corpus(a.articles).items():
            (Path(d) / name).write_text(text)
        config = Config(
            Path(d), base_url=server.base_url, model="fake", api_key="x", concurrency=a.concurrency, cache=False
        )
        t0 = time.perf_counter()
        b = run(config)
        wall = time.perf_counter() - t0
    assert b.run is not None
    calls = sum(1 for r in server.requests if r.method == "POST") - 1  # the server check is not part of the work
    relation_calls = b.reconcile_usage.calls
    print("| articles | latency s | concurrency | calls | relation calls | wall s | utilisation |")
    print("|---|---|---|---|---|---|---|")
    util = calls * a.latency / a.concurrency / wall
    print(
        f"| {len(b.articles)} | {a.latency} | {a.concurrency} | {calls} | {relation_calls} | {wall:.1f} | {util:.2f} |"
    )


if __name__ == "__main__":
    main()
