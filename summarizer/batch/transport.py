"""The one place where a batch run differs from an online run: under the openai client.

`BatchTransport` answers each chat completion from the store when a batch job answered it, and
otherwise records the exact request body and answers 425 ("too early"). So instructor builds the
same requests (re-asks included), parses and validates the same answers, and the cache and the
token ledger count them the same way as online. `BatchLLM` turns a deferred request into
`Deferred`, which the pipeline treats like any failed request during a collecting pass.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from typing import Any

import httpx2 as httpx

from ..errors import Deferred, LLMError
from ..llm import LLMSettings, Messages, OpenAICompatible, T
from ..schemas import Usage, YesNo
from .store import MAX_ATTEMPTS, BatchStore, custom_id

TOO_EARLY = 425


class BatchTransport(httpx.BaseTransport):
    """Answers from finished batch jobs; everything else is collected in `pending`."""

    def __init__(self, store: BatchStore):
        self.store = store
        self.pending: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.read() or b"null")
        cid = custom_id(body)
        result = self.store.result(cid)
        if result is not None and result.ok:
            return httpx.Response(result.status, json=result.body, request=request)
        if result is not None and result.attempts >= MAX_ATTEMPTS:
            error = result.body.get("error") if isinstance(result.body, dict) else None
            message = error.get("message") if isinstance(error, dict) else None
            self._local.failed = f"{message or 'failed'} ({result.attempts} batch attempts)"
            return httpx.Response(result.status, json=result.body, request=request)
        with self._lock:
            self.pending[cid] = body
        self._local.deferred = True
        error = {"error": {"message": "deferred to a batch job", "type": "brief_deferred"}}
        return httpx.Response(TOO_EARLY, json=error, request=request)

    def reset(self) -> None:
        self._local.deferred = False
        self._local.failed = None

    def failed(self) -> str | None:
        """Why the last request failed for good in its batch jobs (None: it did not)."""
        return getattr(self._local, "failed", None)

    def deferred(self) -> bool:
        return bool(getattr(self._local, "deferred", False))


class BatchLLM:
    """A `StructuredLLM` whose answers come from batch jobs (see the module docstring)."""

    def __init__(self, settings: LLMSettings, store: BatchStore):
        self.transport = BatchTransport(store)
        # No HTTP retries: a deferred request must not be re-sent, and a failed one is retried in a
        # later, smaller batch (store.MAX_ATTEMPTS).
        quiet = dataclasses.replace(settings, http_retries=0)
        self.inner = OpenAICompatible(quiet, http_client=httpx.Client(transport=self.transport))
        self.model = settings.model

    def _explain(self, e: LLMError) -> None:
        if self.transport.deferred():
            raise Deferred("waiting for a batch job") from None
        if why := self.transport.failed():
            raise LLMError(why) from e

    @property
    def pending(self) -> dict[str, dict[str, Any]]:
        return self.transport.pending

    def structured(self, messages: Messages, response_model: type[T], usage: Usage) -> T:
        self.transport.reset()
        try:
            return self.inner.structured(messages, response_model, usage)
        except LLMError as e:
            self._explain(e)
            raise

    def yes_no(self, messages: Messages, usage: Usage) -> YesNo:
        self.transport.reset()
        try:
            return self.inner.yes_no(messages, usage)
        except LLMError as e:
            self._explain(e)
            raise
