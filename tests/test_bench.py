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


def test_the_memory_bench_counts_brief_not_the_test_doubles_log() -> None:
    """bench/batch.py --reconcile measures peak memory: the fake LLM must not keep every request."""
    from bench.batch import reconcile_one

    row = reconcile_one(3)
    assert row["articles"] == 3 and row["relation_calls"] > 0
    from summarizer.schemas import Usage, YesNo
    from summarizer.testing import FakeLLM

    llm = FakeLLM(responder=lambda m, model: 0.9, record=False)
    usage = Usage()
    assert llm.yes_no([{"role": "user", "content": "x"}], usage) == YesNo(answer="yes", p_yes=0.9)
    assert usage.calls == 1 and llm.calls == []


def test_the_runtime_bench_replays_the_recorded_requests_of_each_kind() -> None:
    from bench.runtime import recorded

    windows, yes_no = recorded(ROOT / "cassettes" / "corpus_embedded.yaml")
    assert len(windows) >= 10
    assert all(w["response_format"]["json_schema"]["name"] == "WindowExtraction" for w in windows)
    assert len(yes_no) >= 20 and all(b["max_tokens"] == 1 and b["top_logprobs"] for b in yes_no)
