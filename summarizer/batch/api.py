"""Where a stage's deferred requests go and where their answers come from.

- `OpenAIBatches`: the OpenAI Batch API (`/v1/files` + `/v1/batches`; also LiteLLM's proxy in front
  of vLLM). One job per stage; the job is recorded in the store before it is created, and found
  again by its metadata if brief stopped in between, so a request is never paid for twice; a job
  that expires or fails in part gives back what it answered, and the rest go out again in a
  smaller job (at most store.MAX_ATTEMPTS times).
- `BatchFiles`: a folder of request and result files in the same JSONL format, for `vllm run-batch`
  or any runner of it (`--batch-export DIR`, `--batch-import DIR`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

import httpx2 as httpx

from ..errors import BriefError, ConfigError, LLMError
from .store import ENDPOINT, FINISHED, BatchStore, Job

log = logging.getLogger(__name__)
MAX_REQUESTS_PER_JOB = 50_000  # the OpenAI Batch API's limit per file


class BatchWaiting(BriefError):
    """The run cannot go on before a batch's results are imported (exit code 3)."""


class BatchService(Protocol):
    def settle(self, store: BatchStore, pending: dict[str, dict[str, Any]], stage: int) -> None:
        """Get answers for `pending` (custom_id → body) into the store, or raise BatchWaiting."""


def request_lines(ids: Iterable[str], bodies: dict[str, dict[str, Any]]) -> str:
    return "".join(
        json.dumps({"custom_id": cid, "method": "POST", "url": ENDPOINT, "body": bodies[cid]}, ensure_ascii=False)
        + "\n"
        for cid in ids
    )


def store_results(store: BatchStore, text: str, expected: set[str] | None = None) -> set[str]:
    """Result lines (OpenAI batch output or error file, vLLM run-batch output) into the store;
    returns the custom_ids answered. A line with an error, or a non-200 status, counts a failed attempt."""
    rows: dict[str, tuple[str, int, dict[str, Any]]] = {}
    for raw in text.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(line, dict) or not isinstance(line.get("custom_id"), str):
            continue
        cid = line["custom_id"]
        if expected is not None and cid not in expected:
            continue
        response = line.get("response")
        if isinstance(response, dict) and "choices" in response:  # a runner that writes the body bare
            response = {"status_code": 200, "body": response}
        if isinstance(response, dict) and isinstance(response.get("body"), dict):
            rows[cid] = (cid, int(response.get("status_code") or 200), response["body"])
        elif line.get("error") or response is not None:
            error = line.get("error") or {"message": "no response body"}
            message = error.get("message") if isinstance(error, dict) else str(error)
            rows[cid] = (cid, 502, {"error": {"message": f"batch line failed: {message}"}})
    store.put_results(list(rows.values()))
    return set(rows)


class OpenAIBatches:
    """The OpenAI Batch API at `base_url` (…/v1)."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        poll_s: float = 30.0,
        window: str = "24h",
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base = base_url.rstrip("/")
        self.poll_s = poll_s
        self.window = window
        self.sleep = sleep
        self.http = client or httpx.Client(timeout=120.0)
        self.headers = {"Authorization": f"Bearer {api_key or 'no-key'}"}

    # the API ------------------------------------------------------------------------------------

    def _call(self, method: str, path: str, **kw: Any) -> httpx.Response:
        try:
            r = self.http.request(method, self.base + path, headers=self.headers, **kw)
        except httpx.HTTPError as e:
            raise LLMError(f"the batch API at {self.base} did not answer {method} {path}: {e}") from None
        if r.status_code >= 400:
            raise LLMError(f"the batch API refused {method} {path} ({r.status_code}): {r.text[:200]}")
        return r

    def upload(self, jsonl: str, name: str) -> str:
        files = {"file": (name, jsonl.encode(), "application/jsonl")}
        return str(self._call("POST", "/files", data={"purpose": "batch"}, files=files).json()["id"])

    def create(self, file_id: str, job_id: str) -> dict[str, Any]:
        body = {
            "input_file_id": file_id,
            "endpoint": ENDPOINT,
            "completion_window": self.window,
            "metadata": {"brief_job": job_id},
        }
        return dict(self._call("POST", "/batches", json=body).json())

    def retrieve(self, server_id: str) -> dict[str, Any]:
        return dict(self._call("GET", f"/batches/{server_id}").json())

    def content(self, file_id: str) -> str:
        return self._call("GET", f"/files/{file_id}/content").text

    def find(self, job_id: str) -> dict[str, Any] | None:
        """The batch created for our job id (when brief stopped before it could record the id)."""
        data = self._call("GET", "/batches", params={"limit": 100}).json().get("data") or []
        return next((b for b in data if (b.get("metadata") or {}).get("brief_job") == job_id), None)

    # a stage ------------------------------------------------------------------------------------

    def settle(self, store: BatchStore, pending: dict[str, dict[str, Any]], stage: int) -> None:
        self._recover(store)
        live = store.live_ids()
        waiting = {live[cid].id for cid in pending if cid in live}
        if waiting:
            log.info("waiting for %d batch job(s) submitted by an earlier run", len(waiting))
        fresh = sorted(cid for cid in pending if cid not in live)
        for start in range(0, len(fresh), MAX_REQUESTS_PER_JOB):
            chunk = fresh[start : start + MAX_REQUESTS_PER_JOB]
            job = Job(store.new_job_id(), None, stage, "creating", chunk, time.time())
            store.add_job(job)  # first: a crash after `create` finds the batch again by its metadata
            file_id = self.upload(request_lines(chunk, pending), f"brief-{job.id}.jsonl")
            batch = self.create(file_id, job.id)
            store.set_job(job.id, str(batch.get("status") or "validating"), str(batch["id"]))
            log.info("batch %s: stage %d, %d request(s) submitted", batch["id"], stage, len(chunk))
            waiting.add(job.id)
        self._wait(store, waiting)

    def _recover(self, store: BatchStore) -> None:
        for job in store.jobs(live_only=True):
            if job.server_id is None:
                found = self.find(job.id)
                if found is None:
                    store.set_job(job.id, "abandoned")  # never created: its requests go out again
                else:
                    store.set_job(job.id, str(found.get("status")), str(found["id"]))

    def _wait(self, store: BatchStore, job_ids: set[str]) -> None:
        jobs = [j for j in store.jobs(live_only=True) if j.id in job_ids]
        while jobs:
            still = []
            for job in jobs:
                assert job.server_id is not None
                batch = self.retrieve(job.server_id)
                status = str(batch.get("status"))
                if status in FINISHED:
                    self._collect(store, job, batch)
                else:
                    still.append(job)
                store.set_job(job.id, status)
            if still:
                self.sleep(self.poll_s)
            jobs = still

    def _collect(self, store: BatchStore, job: Job, batch: dict[str, Any]) -> None:
        expected = set(job.custom_ids)
        answered: set[str] = set()
        for key in ("output_file_id", "error_file_id"):
            if batch.get(key):
                answered |= store_results(store, self.content(str(batch[key])), expected)
        missing = expected - answered  # a failed, expired or cancelled job's lines that never ran
        lost = {"error": {"message": f"batch {batch.get('id')} {batch.get('status')}"}}
        store.put_results([(cid, 502, lost) for cid in sorted(missing)])
        counts = f"{len(answered)} answered, {len(missing)} not run"
        log.info("batch %s %s: %s", batch.get("id"), batch.get("status"), counts)


class BatchFiles:
    """Request files written to `folder`; result files read from it (any *.jsonl with result lines)."""

    def __init__(self, folder: Path, model: str, must_exist: bool = False):
        self.folder = folder
        self.model = model
        self.must_exist = must_exist  # --batch-import: the folder holds results

    def import_results(self, store: BatchStore) -> int:
        if not self.folder.is_dir():
            if self.must_exist:
                raise ConfigError(f"--batch-import: {self.folder} is not a folder")
            return 0
        n = 0
        for path in sorted(self.folder.glob("*.jsonl")):
            try:
                n += len(store_results(store, path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as e:
                log.warning("%s: not read: %s", path, e)
        return n

    def settle(self, store: BatchStore, pending: dict[str, dict[str, Any]], stage: int) -> None:
        ids = sorted(pending)
        digest = hashlib.sha256("\n".join(ids).encode()).hexdigest()[:12]
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"requests-{digest}.jsonl"
        path.write_text(request_lines(ids, pending), encoding="utf-8")
        out = self.folder / f"results-{digest}.jsonl"
        raise BatchWaiting(
            f"{len(ids)} request(s) written to {path}; run them, e.g. "
            f"`vllm run-batch -i {path} -o {out} --model {self.model}`, "
            f"then run brief again with --batch-import {self.folder}"
        )
