"""Keep the benchmarks runnable (tiny sizes; figures are not asserted here, only their invariants)."""

from __future__ import annotations

import sys

from .conftest import ROOT

sys.path.insert(0, str(ROOT))
from bench.run import cache_bench, one  # noqa: E402


def test_fake_llm_benchmarks_run() -> None:
    row = one(3, 0.0)
    assert row["articles"] == 3 and row["extract_calls"] >= 3
    cache = cache_bench(5)
    assert cache["second_run_calls"] == 0 and cache["second_run_cache_hits"] == cache["first_run_calls"]
