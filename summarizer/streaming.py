"""Time limits that follow progress, for a server that may be slow but is working (the embedded
model on a busy laptop).

A fixed request timeout cannot tell a slow server from a dead one: on a busy CPU the 180-s limit
fired while llama.cpp was still computing, and the client re-sent the same deterministic request
from scratch. `ProgressTransport` sits under the openai client (so instructor, the request bodies
and the answers are unchanged): it sends each chat completion as a stream, asking llama.cpp for
prompt-processing progress too, and gives up only when nothing arrives for `idle_s` — no prompt
progress and no token — or the request as a whole passes `deadline_s`. Giving up closes the
stream, which stops the server's work on it. The streamed answer is assembled into the ordinary
chat.completion JSON (content, finish reason, token log-probabilities, usage, timings).

`BoundedTransport` bounds every request to a remote server as a whole: a server that drips one
byte every two seconds never trips a per-read timeout, so the body is read against a deadline,
and an answer larger than `max_bytes` is not read at all (a 100-MB "answer" once cost 1.2 GB).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx2 as httpx


class _LimitedTransport(httpx.BaseTransport):
    """A transport over `inner` whose requests end within `deadline_s` on `clock`."""

    def __init__(
        self,
        deadline_s: float,
        inner: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.deadline_s = deadline_s
        self.inner = inner or httpx.HTTPTransport()
        self.clock = clock

    def close(self) -> None:
        self.inner.close()


class ProgressTransport(_LimitedTransport):
    """An httpx transport: chat completions streamed with idle and whole-request limits."""

    def __init__(
        self,
        idle_s: float = 120.0,
        deadline_s: float = 1800.0,
        inner: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        super().__init__(deadline_s, inner, clock)
        self.idle_s = idle_s

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "POST" or not request.url.path.endswith("/chat/completions"):
            return self.inner.handle_request(request)
        body = json.loads(request.read() or b"{}")
        if body.get("stream"):
            return self.inner.handle_request(request)
        body.update(stream=True, stream_options={"include_usage": True}, return_progress=True)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        streamed = httpx.Request("POST", request.url, headers=headers, json=body)
        # Each read waits at most idle_s: with progress reported every prompt batch and every token,
        # a silent idle_s means the server is not working on this request.
        streamed.extensions["timeout"] = {"connect": 10.0, "read": self.idle_s, "write": 60.0, "pool": 60.0}
        started = self.clock()
        response = self.inner.handle_request(streamed)
        try:
            if response.status_code != 200:
                response.read()
                return httpx.Response(response.status_code, headers=response.headers, content=response.content)
            completion = assemble(_events(response, lambda: self.clock() - started > self.deadline_s))
            if len(completion["choices"][0]["message"]["content"]) > MAX_ANSWER_BYTES:
                return _too_large(request, MAX_ANSWER_BYTES)
        except _DeadlinePassed:
            raise httpx.ReadTimeout(
                f"no complete answer within {self.deadline_s:g} s (the request's deadline)", request=request
            ) from None
        finally:
            response.close()  # also when giving up: the server stops working on a closed stream
        return httpx.Response(200, json=completion, request=request)


class _DeadlinePassed(Exception):
    pass


MAX_ANSWER_BYTES = 8_000_000  # far above any answer the schemas allow


def _too_large(request: httpx.Request, limit: int) -> httpx.Response:
    # 422 is not retried by the client: the same request would only bring the same flood again.
    message = f"the server's answer is larger than {limit} bytes: not read"
    return httpx.Response(422, json={"error": {"message": message}}, request=request)


class BoundedTransport(_LimitedTransport):
    """Each response read whole within `deadline_s` of the request and at most `max_bytes` long."""

    def __init__(
        self,
        deadline_s: float,
        max_bytes: int = MAX_ANSWER_BYTES,
        inner: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        super().__init__(deadline_s, inner, clock)
        self.max_bytes = max_bytes

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = self.clock()
        response = self.inner.handle_request(request)
        body = bytearray()
        try:
            for chunk in response.iter_raw():
                body += chunk
                if len(body) > self.max_bytes:
                    return _too_large(request, self.max_bytes)
                if self.clock() - started > self.deadline_s:
                    raise httpx.ReadTimeout(
                        f"the server's answer did not complete within {self.deadline_s:g} s", request=request
                    )
        finally:
            response.close()
        return httpx.Response(
            response.status_code, headers=response.headers, content=bytes(body), extensions=response.extensions
        )


def _events(response: httpx.Response, past_deadline: Callable[[], bool]) -> Iterator[dict[str, Any]]:
    """The JSON events of a server-sent event stream, until [DONE]."""
    for line in response.iter_lines():
        if past_deadline():
            raise _DeadlinePassed
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        if data:
            yield json.loads(data)


def assemble(events: Iterator[dict[str, Any]]) -> dict[str, Any]:
    """Streamed chunks → one chat.completion object, as the server would have answered unstreamed."""
    content: list[str] = []
    logprobs: list[Any] = []
    finish = None
    last: dict[str, Any] = {}
    usage = timings = None
    for event in events:
        last = event
        usage = event.get("usage") or usage
        timings = event.get("timings") or timings
        for choice in event.get("choices") or []:
            delta = choice.get("delta") or {}
            if delta.get("content"):
                content.append(delta["content"])
            if (lp := choice.get("logprobs")) and lp.get("content"):
                logprobs += lp["content"]
            finish = choice.get("finish_reason") or finish
    completion: dict[str, Any] = {
        "id": last.get("id", "stream"),
        "object": "chat.completion",
        "created": last.get("created", 0),
        "model": last.get("model", ""),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "".join(content)},
                "finish_reason": finish or "stop",
                "logprobs": {"content": logprobs} if logprobs else None,
            }
        ],
    }
    if usage:
        completion["usage"] = usage
    if timings:
        completion["timings"] = timings
    return completion
