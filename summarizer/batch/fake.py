"""A fake OpenAI Batch API on 127.0.0.1, for tests and benchmarks (shipped like testing.FakeServer).

`FakeBatchServer` is a `FakeServer` (chat completions answered by the responder) that also serves
`POST /v1/files`, `GET /v1/files/{id}/content`, `POST /v1/batches`, `GET /v1/batches[/{id}]`.
A batch moves one status per `GET` (validating → in_progress → finalizing → completed) and runs
its lines through the responder when it finishes. Knobs: `fail` (custom_id, attempt → a line
error, for partial failures), `expire_after` (the first batch expires after answering that many lines),
`fail_validation` (every batch fails validation).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import default
from typing import Any

from ..testing import FakeServer, Raw, Responder

STEPS = ("validating", "in_progress", "finalizing", "completed")


class FakeBatchServer(FakeServer):
    def __init__(
        self,
        responder: Responder,
        model: str = "fake",
        fail: Callable[[str, int], bool] | None = None,
        expire_after: int | None = None,
        fail_validation: bool = False,
    ):
        super().__init__(responder, model=model)
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.fail = fail
        self.expire_after = expire_after
        self.fail_validation = fail_validation
        self.attempts: dict[str, int] = {}  # custom_id → lines run
        self.lines_run = 0
        self._ids = itertools.count(1)

    # routes -------------------------------------------------------------------------------------

    def _get(self, path: str) -> Raw:
        path = path.split("?")[0].rstrip("/")
        parts = path.split("/")
        if path.endswith("/batches"):
            data = sorted(self.batches.values(), key=lambda b: b["id"], reverse=True)
            return _json({"object": "list", "data": data, "has_more": False})
        if len(parts) >= 2 and parts[-2] == "batches" and parts[-1] in self.batches:
            return _json(self._advance(parts[-1]))
        if len(parts) >= 3 and parts[-1] == "content" and parts[-2] in self.files:
            return Raw(self.files[parts[-2]], content_type="application/jsonl")
        return super()._get(path)

    def _post(self, path: str, content_type: str, raw: bytes, body: Any) -> Raw:
        path = path.rstrip("/")
        if path.endswith("/files"):
            msg = BytesParser(policy=default).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
            fields = {p.get_param("name", header="content-disposition"): p for p in msg.iter_parts()}
            purpose = fields["purpose"].get_content().strip()
            data = bytes(fields["file"].get_payload(decode=True))
            fid = f"file-{next(self._ids)}"
            self.files[fid] = data
            return _json({"id": fid, "object": "file", "purpose": purpose, "bytes": len(data)})
        if path.endswith("/batches"):
            if body.get("input_file_id") not in self.files or body.get("endpoint") != "/v1/chat/completions":
                return Raw(json.dumps({"error": {"message": "bad batch"}}), 400)
            bid = f"batch_{next(self._ids):04d}"
            self.batches[bid] = {
                "id": bid,
                "object": "batch",
                "endpoint": body["endpoint"],
                "input_file_id": body["input_file_id"],
                "completion_window": body.get("completion_window"),
                "status": "validating",
                "metadata": body.get("metadata") or {},
                "output_file_id": None,
                "error_file_id": None,
                "request_counts": {"total": 0, "completed": 0, "failed": 0},
            }
            return _json(self.batches[bid])
        return super()._post(path, content_type, raw, body)

    # the work -----------------------------------------------------------------------------------

    def _advance(self, bid: str) -> dict[str, Any]:
        batch = self.batches[bid]
        status = batch["status"]
        if status not in STEPS or status == "completed":
            return batch
        if status == "validating" and self.fail_validation:
            batch["status"] = "failed"
            return batch
        following = STEPS[STEPS.index(status) + 1]
        if following == "completed":
            self._run(batch)
        else:
            batch["status"] = following
        return batch

    def _run(self, batch: dict[str, Any]) -> None:
        lines = [json.loads(x) for x in self.files[batch["input_file_id"]].decode().splitlines() if x.strip()]
        out, errors = [], []
        expire = self.expire_after if batch["id"] == min(self.batches) else None
        for n, line in enumerate(lines):
            cid = line["custom_id"]
            if expire is not None and n >= expire:
                errors.append({"id": f"req_{n}", "custom_id": cid, "response": None, "error": _error("batch_expired")})
                continue
            self.attempts[cid] = self.attempts.get(cid, 0) + 1
            self.lines_run += 1
            if self.fail is not None and self.fail(cid, self.attempts[cid]):
                errors.append({"id": f"req_{n}", "custom_id": cid, "response": None, "error": _error("server_error")})
                continue
            reply = self._complete(line["body"])
            response = {"status_code": reply.status, "request_id": f"req_{n}", "body": json.loads(reply.body)}
            out.append({"id": f"req_{n}", "custom_id": cid, "response": response, "error": None})
        batch["status"] = "expired" if expire is not None and len(lines) > expire else "completed"
        for key, rows in (("output_file_id", out), ("error_file_id", errors)):
            if rows:
                fid = f"file-{next(self._ids)}"
                self.files[fid] = "".join(json.dumps(r) + "\n" for r in rows).encode()
                batch[key] = fid
        batch["request_counts"] = {"total": len(lines), "completed": len(out), "failed": len(errors)}


def _json(data: Any) -> Raw:
    return Raw(json.dumps(data))


def _error(code: str) -> dict[str, str]:
    return {"code": code, "message": f"fake: {code}"}
