"""`brief --batch`, `--batch-export DIR`, `--batch-import DIR`: the same pipeline, each stage's
requests sent as ONE batch job (OpenAI Batch API at half the price, or `vllm run-batch` files).

The pipeline runs in passes. In a pass, every request whose answer is not known yet is deferred
(transport.py: its exact body is recorded, the request fails with `Deferred`), the stage goes on
collecting, and the pass ends at the stage's end (`Session.checkpoint`). The deferred requests go
out as one job (api.py); their answers come back into the store (store.py); the next pass gets
one stage further:

    extraction windows → re-asks of invalid answers → actor questions (rare) → question names
    and relation yes/no answers → done

The last pass defers nothing: it is an ordinary run over answers that came from batch files, with
the same parsing, validation, re-asks, cache and ledger as online, so its briefing is
byte-identical to an online run that got the same answers. What a pass logs is held back and
shown only for the last pass (a collecting pass "fails" every request it defers).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Deferred
from ..llm import LLMSettings
from .api import BatchFiles, BatchService, BatchWaiting, OpenAIBatches
from .store import BatchStore
from .transport import BatchLLM

if TYPE_CHECKING:
    from ..pipeline import Config, Progress
    from ..schemas import Briefing

__all__ = ["BatchFiles", "BatchWaiting", "Deferred", "OpenAIBatches", "Session", "run_batched", "store_path"]
log = logging.getLogger(__name__)
MAX_PASSES = 32  # stages are few (4 or 5); each actor question is a stage of its own


def store_path() -> Path:
    from ..local_model import cache_dir

    return cache_dir() / "batches.sqlite"


class Session:
    """One batch run: the store, and the LLM of the current pass (its deferred requests)."""

    def __init__(self, store: BatchStore):
        self.store = store
        self.llm: BatchLLM | None = None

    def new_llm(self, settings: LLMSettings) -> BatchLLM:
        self.llm = BatchLLM(settings, self.store)
        return self.llm

    @property
    def pending(self) -> dict[str, dict[str, Any]]:
        return self.llm.pending if self.llm else {}

    def checkpoint(self) -> None:
        """The end of a stage: a pass with deferred requests stops here."""
        if self.pending:
            raise Deferred(f"{len(self.pending)} request(s) wait for a batch job")


def run_batched(
    config: Config,
    service: BatchService,
    progress: Progress | None = None,
    store: BatchStore | None = None,
) -> Briefing:
    """Passes until one defers nothing; between passes `service` settles the deferred requests
    (or raises BatchWaiting: --batch-export)."""
    from ..embed import MemoEmbedder, default_embedder
    from ..pipeline import run

    session = Session(store or BatchStore(store_path()))
    # Every pass that reaches the reconciler embeds the same claims: once is enough.
    config = dataclasses.replace(config, embedder=config.embedder or MemoEmbedder(default_embedder()))
    if isinstance(service, BatchFiles):
        imported = service.import_results(session.store)
        log.info("batch: %d answer(s) read from %s", imported, service.folder)
    for stage in range(1, MAX_PASSES + 1):
        with _held_logs() as held:
            try:
                briefing = run(dataclasses.replace(config, batch=session), progress=progress)
            except Deferred:
                briefing = None
        if not session.pending and briefing is not None:
            held.release()
            return briefing
        log.info("batch: stage %d: %d request(s) to send", stage, len(session.pending))
        service.settle(session.store, dict(session.pending), stage)
    raise BatchWaiting(f"the batch run did not finish in {MAX_PASSES} stages; please report")


class _Held(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("summarizer.batch"):
            return True
        if not self.records or self.records[-1] is not record:  # every handler sees it in turn: keep it once
            self.records.append(record)
        return False

    def release(self) -> None:
        for r in self.records:
            logging.getLogger(r.name).handle(r)


@contextmanager
def _held_logs() -> Iterator[_Held]:
    held = _Held()
    handlers = [*logging.getLogger().handlers, *([logging.lastResort] if logging.lastResort else [])]
    for h in handlers:
        h.addFilter(held)
    try:
        yield held
    finally:
        for h in handlers:
            h.removeFilter(held)
