"""Hostile servers and unlucky machines: every run ends in bounded time and memory, and no run is
lost to one bad thing. Time bounds are checked with fake clocks, not by sleeping."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from typer.testing import CliRunner

from summarizer import cli, pipeline
from summarizer.cache import AnswerCache, CachedLLM, clear_cache_file
from summarizer.errors import LLMError
from summarizer.llm import LLMSettings, OpenAICompatible
from summarizer.render import render_markdown
from summarizer.schemas import Briefing, QuestionLabel, SourceStatus, Usage
from summarizer.streaming import BoundedTransport
from summarizer.testing import FakeLLM, keyword_responder

from .conftest import CORPUS, Clock


class Drip(httpx.SyncByteStream):
    """One byte per chunk, each `step` seconds later on the fake clock, for ever (or `total` bytes)."""

    def __init__(self, clock: Clock, step: float, size: int = 1, total: int | None = None):
        self.clock, self.step, self.size, self.total, self.closed = clock, step, size, total, False

    def __iter__(self) -> Iterator[bytes]:
        sent = 0
        while self.total is None or sent < self.total:
            self.clock.now += self.step
            sent += self.size
            yield b" " * self.size

    def close(self) -> None:
        self.closed = True


def remote(handler: Any, clock: Clock, **bounds: Any) -> OpenAICompatible:
    transport = BoundedTransport(inner=httpx.MockTransport(handler), clock=clock, **bounds)
    settings = LLMSettings(model="m", base_url="http://remote.test/v1", api_key="k", http_retries=2)
    return OpenAICompatible(settings, http_client=httpx.Client(transport=transport))


def test_a_dripping_server_is_bounded_as_a_whole() -> None:
    clock, streams = Clock(), []

    def drip(request: httpx.Request) -> httpx.Response:
        streams.append(Drip(clock, step=2.0))
        return httpx.Response(200, stream=streams[-1], headers={"content-type": "application/json"})

    with pytest.raises(LLMError, match="timed out"):
        remote(drip, clock, deadline_s=180).structured([{"role": "user", "content": "q"}], QuestionLabel, Usage())
    # Three attempts (two retries), each cut at its deadline: bounded, where it used to run for ever.
    assert len(streams) == 3 and all(s.closed for s in streams)
    assert clock.now <= 3 * 182


def test_a_huge_answer_is_not_read_and_not_asked_again() -> None:
    clock, calls = Clock(), []

    def flood(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(200, stream=Drip(clock, 0.0, size=1 << 20, total=100 << 20))

    with pytest.raises(LLMError, match="larger than"):
        remote(flood, clock, deadline_s=180, max_bytes=8 << 20).structured(
            [{"role": "user", "content": "q"}], QuestionLabel, Usage()
        )
    assert len(calls) == 1


def test_the_run_deadline_stops_new_requests_and_the_briefing_is_still_written(tmp_path: Path) -> None:
    llm = FakeLLM(responder=keyword_responder)
    b = pipeline.run(pipeline.Config(CORPUS, run_deadline_s=1e-9, json_dir=tmp_path), llm=llm)
    assert llm.calls == []
    assert all(s.status == "failed" and "deadline" in (s.reason or "") for s in b.sources)
    assert (tmp_path / "briefing.json").exists() and render_markdown(b).startswith("# Briefing")


def test_the_token_budget_is_a_promise(tmp_path: Path) -> None:
    llm = FakeLLM(responder=keyword_responder)
    b = pipeline.run(pipeline.Config(CORPUS, max_tokens_total=5000), llm=llm)
    assert b.run is not None
    spent = b.run.usage.prompt_tokens + b.run.usage.completion_tokens
    largest = max(sum(len(m["content"]) // 4 for m in call) for call in llm.calls) + 1200
    assert spent <= 5000 + largest  # at most the one request in flight when it ran out
    assert b.reconcile_usage.calls == 0 or spent <= 5000 + largest


def test_ctrl_c_stops_sending_at_once(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(60):
        (corpus / f"a{i:02d}.txt").write_text(f"Mayor Ana Lind said budget item {i} passed.\n")
    calls = []

    def interrupted(messages: Any, model: Any) -> Any:
        calls.append(1)
        if len(calls) == 3:
            import _thread

            _thread.interrupt_main()  # Ctrl-C arrives in the main thread, as SIGINT does
        return keyword_responder(messages, model)

    with pytest.raises(KeyboardInterrupt):
        pipeline.run(pipeline.Config(corpus, concurrency=4), llm=FakeLLM(responder=interrupted, latency_s=0.01))
    # At most what was in flight when the signal was handled (4 workers, two rounds at worst),
    # never the 57 queued articles.
    assert len(calls) <= 3 + 2 * 4


def test_symlink_loops_and_overlong_names_cost_only_themselves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "open_llm", _fake_open_llm)
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Mayor Ana Lind said the budget passed.\n")
    os.symlink("self.txt", corpus / "self.txt")
    long_name = "市" * 80 + ".txt"
    (corpus / long_name).write_text("Councillor Ben Ode said the budget is late.\n")
    out = tmp_path / "out"
    r = CliRunner().invoke(
        cli.app,
        ["run", str(corpus), "--json-dir", str(out), "--quiet", "--no-cache"],
        env={"NO_COLOR": "1"},
        catch_exceptions=False,
    )
    assert "Traceback" not in r.output and r.exit_code == 1, r.output
    b = Briefing.model_validate_json((out / "briefing.json").read_text())
    status = {s.file: s.status for s in b.sources}
    assert status == {"ok.txt": "ok", "self.txt": "skipped", long_name: "ok"}
    assert len(list(out.glob("*.json"))) == 3


def test_a_corrupt_or_full_cache_degrades_to_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "answers.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("BRIEF_ANSWER_CACHE", str(path))
    monkeypatch.setattr(pipeline, "open_llm", _fake_open_llm)
    r = CliRunner().invoke(cli.app, ["run", str(CORPUS)], env={"NO_COLOR": "1"})
    assert r.exit_code == 0 and r.stdout.startswith("# Briefing"), r.output
    assert r.stderr.count("answer cache") == 1 and "Traceback" not in r.output
    assert "not a usable cache" in clear_cache_file(path) and not path.exists()
    r = CliRunner().invoke(cli.app, ["cache", "clear"], env={"NO_COLOR": "1"})
    assert r.exit_code == 0

    class Full(AnswerCache):
        def put(self, key: str, value: str) -> None:
            raise sqlite3.OperationalError("database or disk is full")

    cached = CachedLLM(FakeLLM(responder=keyword_responder), Full(tmp_path / "b.sqlite"))
    for _ in range(3):
        cached.structured([{"role": "user", "content": "“a b c” “d e f”"}], QuestionLabel, Usage())
    assert cached.broken


def _fake_open_llm(config: pipeline.Config) -> Any:
    import contextlib

    @contextlib.contextmanager
    def ctx() -> Iterator[Any]:
        yield pipeline._cached(FakeLLM(responder=keyword_responder), LLMSettings(model="fake"), config, True)

    return ctx()


def test_an_interrupted_run_never_passes_for_a_finished_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = pipeline.run(pipeline.Config(CORPUS, json_dir=out), llm=FakeLLM(responder=keyword_responder))
    assert first.run is not None and json.loads((out / "briefing.json").read_text())["run"]["run_id"]
    calls = []

    def dies(messages: Any, model: Any) -> Any:
        calls.append(1)
        if len(calls) > 6:
            raise KeyboardInterrupt
        return keyword_responder(messages, model)

    with pytest.raises(KeyboardInterrupt):
        pipeline.run(pipeline.Config(CORPUS, json_dir=out), llm=FakeLLM(responder=dies))
    assert not (out / "briefing.json").exists()  # no finished run is claimed
    ids = {json.loads(p.read_text())["run_id"] for p in out.glob("*.json")}
    assert first.run.run_id in ids and len(ids) == 2  # each file names its run


def test_a_hundred_thousand_skipped_files_make_a_short_bottom_line() -> None:
    sources = [
        SourceStatus(file=f"junk{i:06d}.bin", status="skipped", reason="not a text article") for i in range(100_000)
    ]
    briefing = Briefing(sources=sources, actors=[], articles=[])
    bottom = render_markdown(briefing).split("## Where the sources conflict")[0]
    assert len(bottom) < 3000 and "and 99990 more" in bottom and "100000 skipped" in bottom
