"""A content-addressed cache of LLM answers, so nothing is paid for twice.

The key is a SHA-256 of everything that determines an answer: the exact messages (which embed
the article text, the prompt files and the window), the response schema, the model and the
generation settings. Re-running an unchanged corpus therefore makes no LLM call, and changing one
article re-asks only that article's windows (and the relations that involve its claims).

Storage is one SQLite file in the per-user cache directory (WAL mode, busy timeout), which is safe
for several brief processes at once. A cached answer is validated again on the way out, with the
same grounding validators as a fresh one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .llm import LLMSettings, Messages, StructuredLLM, StructuredOutputError
from .schemas import Usage, YesNo

T = TypeVar("T", bound=BaseModel)
log = logging.getLogger(__name__)


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit and WAL mode, waiting up to 30 s for other brief processes."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    for attempt in range(20):  # switching to WAL needs a moment alone with the file
        try:
            db.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or attempt == 19:
                raise
            time.sleep(0.05 * (attempt + 1))
    return db


class ThreadConnections:
    """`connect(path)` once per thread (a sqlite3 connection belongs to the thread that opened it);
    calling the object gives this thread's connection."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()

    def __call__(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = connect(self.path)
        return db


class AnswerCache:
    """key → JSON answer, in SQLite. Raises sqlite3.Error/OSError when the file is unusable
    (corrupt, unwritable, disk full); `CachedLLM` then goes on without a cache."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = ThreadConnections(path)
        with self._db() as db:
            db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value TEXT NOT NULL, created REAL)")

    def get(self, key: str) -> str | None:
        row = self._db().execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        self._db().execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)", (key, value, time.time()))

    def clear(self) -> int:
        db = self._db()
        n = db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        db.execute("DELETE FROM answers")
        db.execute("VACUUM")
        return int(n)

    def count(self) -> int:
        return int(self._db().execute("SELECT COUNT(*) FROM answers").fetchone()[0])


def clear_cache_file(path: Path) -> str:
    """`brief cache clear`, which must always work: empty the cache, or remove a file that is not
    a usable cache (corrupt, not a database) with its WAL files."""
    try:
        n = AnswerCache(path).clear()
        return f"removed {n} cached answer(s) from {path}"
    except (sqlite3.Error, OSError) as e:
        removed = []
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if p.exists():
                p.unlink()
                removed.append(p.name)
        return f"{path} was not a usable cache ({e}): removed {', '.join(removed) or 'nothing'}"


@lru_cache(maxsize=64)
def _schema(response_model: type[BaseModel]) -> str:
    """The response schema as JSON, generated once per class (pydantic takes a millisecond a call)."""
    return json.dumps(response_model.model_json_schema(), sort_keys=True, ensure_ascii=False)


def request_key(messages: Messages, response_model: type[BaseModel], model: str, settings: dict[str, object]) -> str:
    """SHA-256 of what determines the answer: the server (base URL: two servers may serve different
    weights under one name), model, settings and messages; never the API key."""
    payload = {
        "messages": messages,
        "model": model,
        "settings": {k: v for k, v in settings.items() if k not in ("api_key", "model")},
    }
    request = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{request}\n{_schema(response_model)}".encode()).hexdigest()


class CachedLLM:
    """Wraps any StructuredLLM; answers repeated requests from the cache."""

    def __init__(
        self,
        inner: StructuredLLM,
        cache: AnswerCache,
        settings: LLMSettings | None = None,
        remember_invalid: bool = True,
    ):
        self.inner = inner
        self.cache = cache
        self.model = inner.model
        self.settings = asdict(settings) if settings else {}
        # Invalid output is remembered only from a server known to be deterministic (the embedded
        # model at temperature 0): a broken or overloaded remote server must not poison the next run.
        self.remember_invalid = remember_invalid
        self.broken = False
        self._lock = threading.Lock()

    def _get(self, key: str) -> str | None:
        if self.broken:
            return None
        try:
            return self.cache.get(key)
        except sqlite3.Error as e:
            self._break(e)
            return None

    def _put(self, key: str, value: str) -> None:
        if self.broken:
            return
        try:
            self.cache.put(key, value)
        except sqlite3.Error as e:  # disk full, file corrupted mid-run: go on without a cache
            self._break(e)

    def _break(self, e: Exception) -> None:
        with self._lock:
            if not self.broken:
                self.broken = True
                log.warning("answer cache %s is unusable (%s): going on without it", self.cache.path, e)

    def structured(self, messages: Messages, response_model: type[T], usage: Usage) -> T:
        key = request_key(messages, response_model, self.model, self.settings)
        if (hit := self._lookup(key, response_model, usage)) is not None:
            return hit
        try:
            answer = self.inner.structured(messages, response_model, usage)
        except StructuredOutputError as e:
            # The embedded model's invalid output is deterministic at temperature 0: remember it (the
            # caller salvages what it can), so an unchanged corpus really costs no call. Transport
            # errors are never cached.
            if self.remember_invalid:
                self._put(key, json.dumps({"__invalid_output__": str(e), "texts": e.texts}))
            raise
        self._put(key, answer.model_dump_json())
        return answer

    def _lookup(self, key: str, response_model: type[T], usage: Usage) -> T | None:
        """The cached answer, None when there is none (or it is stale or corrupted: ask again);
        a remembered invalid output is raised again."""
        hit = self._get(key)
        if hit is None:
            return None
        try:
            if hit.startswith('{"__invalid_output__"'):
                record = json.loads(hit)
                usage.cache_hits += 1
                raise StructuredOutputError(record["__invalid_output__"], record["texts"])
            answer = response_model.model_validate_json(hit)
            usage.cache_hits += 1
            return answer
        except (ValidationError, ValueError, KeyError, TypeError):
            return None

    def yes_no(self, messages: Messages, usage: Usage) -> YesNo:
        key = request_key(messages, YesNo, self.model, {**self.settings, "kind": "yes_no"})
        if (hit := self._lookup(key, YesNo, usage)) is not None:
            return hit
        answer = self.inner.yes_no(messages, usage)
        self._put(key, answer.model_dump_json())
        return answer


def cache_path() -> Path:
    """The per-user answer cache file (BRIEF_ANSWER_CACHE names another file)."""
    import os

    from .local_model import cache_dir

    return Path(os.environ.get("BRIEF_ANSWER_CACHE") or cache_dir() / "answers.sqlite")


def default_cache() -> AnswerCache:
    return AnswerCache(cache_path())
