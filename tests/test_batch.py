"""Batch mode (`--batch`, `--batch-export`, `--batch-import`) against a fake Batch API on loopback
(summarizer/batch/fake.py) and files in vLLM `run-batch` output format (tests/fixtures/)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.batch import BatchFiles, BatchWaiting, OpenAIBatches, run_batched
from summarizer.batch.fake import FakeBatchServer
from summarizer.batch.store import MAX_ATTEMPTS, BatchStore
from summarizer.pipeline import Config, exit_code, run
from summarizer.render import render_markdown
from summarizer.testing import keyword_responder

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
VLLM_LINE = Path(__file__).with_name("fixtures") / "vllm_run_batch_output.jsonl"


def pointing_off(messages: list[dict[str, str]], model: Any) -> Any:
    """keyword_responder, but the first answer for each article's first window cites a sentence
    outside the window: a pointer is the one thing still re-asked (names are repaired by code)."""
    answer = keyword_responder(messages, model)
    first = not any(m["role"] == "assistant" for m in messages)
    if model.__name__ == "WindowExtraction" and first and answer["claims"] and "\n[1] " in messages[-1]["content"]:
        answer["claims"][0]["sentence_ids"] = [999]
    return answer


@pytest.fixture
def server() -> Iterator[FakeBatchServer]:
    with FakeBatchServer(pointing_off) as s:
        yield s


def config(server: FakeBatchServer) -> Config:
    return Config(CORPUS, base_url=server.base_url, model="fake", api_key="x", cache=False)


def service(server: FakeBatchServer, **kw: Any) -> OpenAIBatches:
    return OpenAIBatches(server.base_url, "x", poll_s=0.0, **kw)


@pytest.fixture(scope="module")
def online() -> str:
    """The briefing of an ordinary online run with the same responder."""
    with FakeBatchServer(pointing_off) as s:
        return render_markdown(run(config(s)))


def completions(server: FakeBatchServer) -> int:
    return sum(1 for r in server.requests if r.path.endswith("/chat/completions"))


def test_batch_run_is_byte_identical_to_online_and_goes_in_stages(
    server: FakeBatchServer, online: str, tmp_path: Path
) -> None:
    briefing = run_batched(config(server), service(server), store=BatchStore(tmp_path / "b.sqlite"))
    assert render_markdown(briefing) == online
    assert completions(server) == 0  # nothing went online
    jobs = [server.batches[b] for b in sorted(server.batches)]
    inputs = [[json.loads(x) for x in server.files[j["input_file_id"]].decode().splitlines()] for j in jobs]
    # extraction windows → re-asks of invalid answers (they carry the model's answer) → names and yes/no
    assert len(jobs) == 3 and all(j["status"] == "completed" for j in jobs)
    schema = [{(x["body"].get("response_format") or {}).get("json_schema", {}).get("name") for x in j} for j in inputs]
    assert schema[0] == {"WindowExtraction"}
    assert all(any(m["role"] == "assistant" for m in ln["body"]["messages"]) for ln in inputs[1])
    assert schema[2] <= {"QuestionLabel", None} and None in schema[2]  # None: the one-token yes/no requests
    assert all(ln["url"] == "/v1/chat/completions" and ln["method"] == "POST" for job in inputs for ln in job)
    assert briefing.run is not None and briefing.run.backend == "batch" and briefing.run.usage.prompt_tokens > 0


def test_a_finished_run_sends_nothing_again(server: FakeBatchServer, online: str, tmp_path: Path) -> None:
    store = BatchStore(tmp_path / "b.sqlite")
    run_batched(config(server), service(server), store=store)
    jobs, lines = len(server.batches), server.lines_run
    assert render_markdown(run_batched(config(server), service(server), store=store)) == online
    assert (len(server.batches), server.lines_run) == (jobs, lines)


def test_ctrl_c_while_waiting_resumes_the_same_job(server: FakeBatchServer, online: str, tmp_path: Path) -> None:
    store = BatchStore(tmp_path / "b.sqlite")

    def interrupt(_s: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batched(config(server), service(server, sleep=interrupt), store=store)
    assert len(server.batches) == 1 and server.lines_run == 0  # submitted, not finished
    briefing = run_batched(config(server), service(server), store=store)
    assert render_markdown(briefing) == online
    assert len(server.batches) == 3  # the first job was picked up, not submitted again
    assert max(server.attempts.values()) == 1  # every request ran (and was paid for) once


def test_a_job_created_but_not_recorded_is_found_by_its_metadata(
    server: FakeBatchServer, online: str, tmp_path: Path
) -> None:
    store = BatchStore(tmp_path / "b.sqlite")

    class DiesAfterCreate(OpenAIBatches):
        def create(self, file_id: str, job_id: str) -> dict[str, Any]:
            super().create(file_id, job_id)
            raise KeyboardInterrupt  # killed before the batch id reached the store

    with pytest.raises(KeyboardInterrupt):
        run_batched(config(server), DiesAfterCreate(server.base_url, "x", poll_s=0.0), store=store)
    assert [j.status for j in store.jobs()] == ["creating"]
    assert render_markdown(run_batched(config(server), service(server), store=store)) == online
    assert len(server.batches) == 3 and max(server.attempts.values()) == 1


def test_partial_failures_are_retried_in_a_smaller_batch(online: str, tmp_path: Path) -> None:
    def flaky(cid: str, attempt: int) -> bool:
        return attempt == 1 and int(cid[-2:], 16) % 3 == 0  # a third of the lines fail once

    with FakeBatchServer(pointing_off, fail=flaky) as s:
        briefing = run_batched(config(s), service(s), store=BatchStore(tmp_path / "b.sqlite"))
        sizes = [s.batches[b]["request_counts"]["total"] for b in sorted(s.batches)]
    assert render_markdown(briefing) == online
    # the extraction job, then its failed lines again, …, the relation job, then its failed lines again
    assert len(sizes) > 3 and sizes[1] < sizes[0] and sizes[-1] < sizes[-2]
    assert exit_code(briefing) == 0


def test_a_request_that_always_fails_ends_as_that_window_failing(tmp_path: Path) -> None:
    doomed: set[str] = set()

    def always(cid: str, attempt: int) -> bool:
        if not doomed:
            doomed.add(cid)  # the first line of the first job: one extraction window
        return cid in doomed

    with FakeBatchServer(keyword_responder, fail=always) as s:
        briefing = run_batched(config(s), service(s), store=BatchStore(tmp_path / "b.sqlite"))
        assert s.attempts[next(iter(doomed))] == MAX_ATTEMPTS
    assert exit_code(briefing) == 1
    failed = [x for x in briefing.sources if x.status != "ok"]
    assert len(failed) == 1 and "batch line failed: fake: server_error (3 batch attempts)" in str(briefing.articles)


def test_an_expired_batch_gives_back_what_it_answered(online: str, tmp_path: Path) -> None:
    with FakeBatchServer(pointing_off, expire_after=5) as s:
        briefing = run_batched(config(s), service(s), store=BatchStore(tmp_path / "b.sqlite"))
        statuses = [s.batches[b]["status"] for b in sorted(s.batches)]
    assert render_markdown(briefing) == online
    assert statuses[0] == "expired" and statuses[-1] == "completed"


def test_a_batch_that_fails_validation_is_reported_not_looped(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with FakeBatchServer(keyword_responder, fail_validation=True) as s:
        briefing = run_batched(config(s), service(s), store=BatchStore(tmp_path / "b.sqlite"))
        assert len(s.batches) == MAX_ATTEMPTS
    assert exit_code(briefing) == 1 and all(x.status == "failed" for x in briefing.sources)
    # the last pass's warnings are shown; a collecting pass's deferred requests are not failures
    assert caplog.text.count(": failed: ") == len(briefing.sources)
    assert "(3 batch attempts)" in caplog.text and "waiting for a batch job" not in caplog.text


# ------------------------------------------------------------------------------ files (vLLM run-batch)


def vllm_run_batch(requests: Path, output: Path, server: FakeBatchServer) -> None:
    """What `vllm run-batch -i requests -o output` writes: one line per request, shaped like the first
    line of the fixture (vLLM's BatchRequestOutput around a ChatCompletionResponse, every field its
    protocol models write), with the responder's answer inside."""
    template = json.loads(VLLM_LINE.read_text().splitlines()[0])
    rows = []
    for n, raw in enumerate(requests.read_text().splitlines()):
        line = json.loads(raw)
        answer = json.loads(server._complete(line["body"]).body)
        row = json.loads(json.dumps(template))
        row["id"], row["custom_id"] = f"vllm-{n}", line["custom_id"]
        body = row["response"]["body"]
        body["choices"][0]["message"]["content"] = answer["choices"][0]["message"]["content"]
        body["choices"][0]["logprobs"] = answer["choices"][0]["logprobs"]
        body["usage"] = answer["usage"]
        rows.append(json.dumps(row))
    output.write_text("\n".join(rows) + "\n")


def test_export_run_with_vllm_import_until_done(server: FakeBatchServer, online: str, tmp_path: Path) -> None:
    folder, store = tmp_path / "jobs", BatchStore(tmp_path / "b.sqlite")
    cfg = Config(CORPUS, model="fake", cache=False)  # no server at all: files only
    done: set[Path] = set()
    for stage in range(1, 10):  # noqa: B007 (counted)
        try:
            briefing = run_batched(cfg, BatchFiles(folder, "fake"), store=store)
            break
        except BatchWaiting as e:
            assert "vllm run-batch -i" in str(e)
            (requests,) = set(folder.glob("requests-*.jsonl")) - done  # one new request file per stage
            vllm_run_batch(requests, folder / requests.name.replace("requests-", "results-"), server)
            done.add(requests)
    assert stage == 4  # three stages of requests, then the briefing
    assert render_markdown(briefing) == online


def test_the_vllm_output_fixture_is_read(tmp_path: Path) -> None:
    from summarizer.batch.api import store_results

    store = BatchStore(tmp_path / "b.sqlite")
    current, older, failed = (json.loads(x)["custom_id"] for x in VLLM_LINE.read_text().splitlines())
    assert store_results(store, VLLM_LINE.read_text()) == {current, older, failed}
    for cid in (current, older):  # the envelope of today's vLLM, and the bare body older ones wrote
        result = store.result(cid)
        assert result is not None and result.ok and result.body["choices"][0]["message"]["content"]
    lost = store.result(failed)
    assert lost is not None and not lost.ok and lost.attempts == 1 and "timed out" in str(lost.body)


def test_cli_export_exits_3_with_the_next_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from summarizer.cli import app

    monkeypatch.setenv("BRIEF_CACHE_DIR", str(tmp_path / "cache"))
    result = CliRunner().invoke(
        app, ["run", str(CORPUS), "--batch-export", str(tmp_path / "jobs"), "--model", "m", "--no-cache", "-q"]
    )
    assert result.exit_code == 3, result.output
    assert "request(s) written to" in result.stderr and result.stdout == ""
    lines = next((tmp_path / "jobs").glob("requests-*.jsonl")).read_text().splitlines()
    assert len(lines) >= len(list(CORPUS.glob("*.txt")))
    bad = CliRunner().invoke(app, ["run", str(CORPUS), "--batch", "--no-cache", "-q"], env={"OPENAI_API_KEY": ""})
    assert bad.exit_code == 2 and "--batch needs" in bad.stderr
