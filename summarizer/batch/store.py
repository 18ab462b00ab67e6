"""What a batch run remembers between invocations: the jobs it submitted (with the custom_ids each
carries) and the answers that came back. One SQLite file in the cache directory (WAL, busy timeout), so
Ctrl-C, a crash or a second `brief --batch` never loses a job id: a job is recorded before it is
created on the server, and a request that is in a live job is never submitted again.

Requests are keyed by `custom_id` = SHA-256 of their JSON body (keys sorted): the same request
in any run, online or batch, has the same id.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cache import ThreadConnections

ENDPOINT = "/v1/chat/completions"
MAX_ATTEMPTS = 3  # a request that failed in this many jobs is answered with its last error
LIVE = ("creating", "validating", "in_progress", "finalizing", "cancelling")
FINISHED = ("completed", "failed", "expired", "cancelled")


def custom_id(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "brief-" + hashlib.sha256(canonical.encode()).hexdigest()[:40]


@dataclass
class Result:
    """One answered request: the HTTP status and body the server gave it (an error has no 200)."""

    status: int
    body: dict[str, Any]
    attempts: int

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class Job:
    id: str  # our id (the server's batch id once created)
    server_id: str | None
    stage: int
    status: str
    custom_ids: list[str]
    created: float


class BatchStore:
    """Results and jobs of batch runs (`path` is shared by every run of this user)."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = ThreadConnections(path)
        db = self._db()
        db.execute(
            "CREATE TABLE IF NOT EXISTS results (id TEXT PRIMARY KEY, status INTEGER NOT NULL, "
            "body TEXT NOT NULL, attempts INTEGER NOT NULL)"
        )
        db.execute(
            "CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, server_id TEXT, stage INTEGER, "
            "status TEXT NOT NULL, custom_ids TEXT NOT NULL, created REAL NOT NULL)"
        )

    # results ----------------------------------------------------------------------------------

    def result(self, cid: str) -> Result | None:
        row = self._db().execute("SELECT status, body, attempts FROM results WHERE id = ?", (cid,)).fetchone()
        return Result(row[0], json.loads(row[1]), row[2]) if row else None

    def put_results(self, rows: list[tuple[str, int, dict[str, Any]]]) -> None:
        """Answers, in one transaction; an error counts one more attempt and never replaces a success."""
        db = self._db()
        db.execute("BEGIN")
        try:
            db.executemany(
                "INSERT INTO results VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status = excluded.status, "
                "body = excluded.body, attempts = results.attempts + excluded.attempts WHERE results.status != 200",
                [(cid, st, json.dumps(body, ensure_ascii=False), 0 if st == 200 else 1) for cid, st, body in rows],
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # jobs -------------------------------------------------------------------------------------

    def add_job(self, job: Job) -> None:
        self._db().execute(
            "INSERT OR REPLACE INTO jobs VALUES (?, ?, ?, ?, ?, ?)",
            (job.id, job.server_id, job.stage, job.status, json.dumps(job.custom_ids), job.created),
        )

    def set_job(self, job_id: str, status: str, server_id: str | None = None) -> None:
        if server_id is None:
            self._db().execute("UPDATE jobs SET status = ? WHERE id = ?", (status, job_id))
        else:
            self._db().execute("UPDATE jobs SET status = ?, server_id = ? WHERE id = ?", (status, server_id, job_id))

    def jobs(self, live_only: bool = False) -> list[Job]:
        rows = (
            self._db()
            .execute("SELECT id, server_id, stage, status, custom_ids, created FROM jobs ORDER BY created")
            .fetchall()
        )
        out = [Job(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5]) for r in rows]
        return [j for j in out if j.status in LIVE] if live_only else out

    def live_ids(self) -> dict[str, Job]:
        """custom_id → the live job that carries it."""
        return {cid: j for j in self.jobs(live_only=True) for cid in j.custom_ids}

    def new_job_id(self) -> str:
        return f"local-{time.time_ns():x}"
