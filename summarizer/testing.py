"""Test doubles shipped with the package (as pydantic-ai ships `TestModel`): tests, benchmarks and
the wheel smoke test use them, so they must work from an installed wheel, not only from `tests/`.

- `FakeLLM`: a `StructuredLLM` answering from a function or a queue, in-process.
- `keyword_responder`: a deterministic stand-in for a model (reporting verbs → claims).
- `FakeServer`: an OpenAI-compatible HTTP server on 127.0.0.1 answering from the same responders,
  for end-to-end runs through the real client (and for hostile-server tests: any reply can be a
  raw status/body/delay).
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self, TypeVar

from pydantic import BaseModel, ValidationError

from .llm import Messages, StructuredOutputError
from .schemas import Usage, YesNo

__all__ = ["FakeLLM", "FakeServer", "Raw", "keyword_responder", "numbered"]

T = TypeVar("T", bound=BaseModel)
Responder = Callable[[Messages, type[BaseModel]], Any]


@dataclass
class FakeLLM:
    """A test double: answers with `responder(messages, response_model)` or from a queue.

    A responder may return a model instance, a dict or a JSON string (validated against the
    response model, so grounding validators run exactly as for a real model), or raise. For
    `yes_no` it is called with `YesNo` as the model and may also return a bool or a P(yes) float.
    """

    responder: Responder | None = None
    queue: list[Any] = field(default_factory=list)
    model: str = "fake"
    latency_s: float = 0.0
    calls: list[Messages] = field(default_factory=list)
    record: bool = True  # keep every request in `calls` (a bench of memory turns it off)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def enqueue(self, *replies: Any) -> FakeLLM:
        self.queue.extend(replies)
        return self

    def structured(self, messages: Messages, response_model: type[T], usage: Usage) -> T:
        # Timed like a real client's call: the model's latency, its answer and the validation.
        t0 = time.perf_counter()
        try:
            return self._answer(messages, response_model, usage)
        finally:
            usage.seconds += time.perf_counter() - t0

    def yes_no(self, messages: Messages, usage: Usage) -> YesNo:
        t0 = time.perf_counter()
        try:
            reply = self._reply(messages, YesNo, usage)
            usage.completion_tokens += 1
            if isinstance(reply, bool):
                return YesNo(answer="yes" if reply else "no", p_yes=None)
            if isinstance(reply, float | int):
                return YesNo(answer="yes" if reply >= 0.5 else "no", p_yes=float(reply))
            return reply if isinstance(reply, YesNo) else YesNo.model_validate(reply)
        finally:
            usage.seconds += time.perf_counter() - t0

    def _reply(self, messages: Messages, response_model: type[BaseModel], usage: Usage) -> Any:
        """The next reply (the responder's or the queue's), counted as one call; raised if it is an error."""
        with self._lock:
            if self.record:
                self.calls.append(messages)
            usage.calls += 1
            usage.attempts += 1
            reply = None if self.responder else self.queue.pop(0)
        if self.latency_s:
            time.sleep(self.latency_s)
        if self.responder:
            reply = self.responder(messages, response_model)
        if isinstance(reply, Exception):
            raise reply
        usage.prompt_tokens += sum(len(m["content"]) // 4 for m in messages)
        return reply

    def _answer(self, messages: Messages, response_model: type[T], usage: Usage) -> T:
        reply = self._reply(messages, response_model, usage)
        text = _as_text(reply)
        usage.completion_tokens += len(text) // 4
        try:
            return response_model.model_validate_json(text)
        except ValidationError as e:
            raise StructuredOutputError(f"invalid output: {' '.join(str(e).split())[:300]}", [text]) from e


def _as_text(reply: Any) -> str:
    if isinstance(reply, str):
        return reply
    return json.dumps(reply.model_dump() if isinstance(reply, BaseModel) else reply)


# ------------------------------------------------------------------------------ responders


def numbered(messages: Messages) -> list[tuple[int, str]]:
    """The [id] sentences of a window prompt."""
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(r"^\[(\d+)\] (.*)$", messages[-1]["content"], re.M)]


def keyword_responder(messages: Messages, response_model: Any) -> Any:
    """A deterministic stand-in for a model: every sentence with a reporting verb is a claim by the
    capitalised name before the verb (or narration); two claims relate by the words they share."""
    if response_model.__name__ == "YesNo":  # same words → same statement; shared words → same issue
        quotes = re.findall(r"“(.*)”", messages[-1]["content"])
        a, b = (set(re.findall(r"[a-z]{5,}", q.lower())) for q in quotes)
        shared = len(a & b) / max(1, min(len(a), len(b)))
        return round(min(0.95, 0.3 + shared), 3)
    if response_model.__name__ == "Check":  # the server check before a run
        return {"ok": True}
    if response_model.__name__ == "QuestionLabel":  # the first quote's first words, as a question
        words = re.findall(r"[A-Za-z]{4,}", messages[-1]["content"])[1:6]
        return {"question": f"What about {' '.join(words)}?"}
    actors, claims = [], []
    for sid, text in numbered(messages):
        m = re.search(r"((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+) (?:said|stated|announced|noted|remarked)", text)
        if m:
            actors.append({"name": m.group(1), "type": "person", "role": None})
        claims.append(
            {
                "sentence_ids": [sid],
                "speaker": m.group(1) if m else "narration",
                "reported_by": None,
                "stance": "asserts",
                "statement": text[:60].replace("“", "").strip() or "x",
                "topic": "test",
            }
        )
    uniq = list({a["name"]: a for a in actors}.values())[:8]
    names = {a["name"] for a in uniq}
    claims = [c for c in claims if c["speaker"] == "narration" or c["speaker"] in names][:8]
    return {"actors": uniq, "claims": claims, "preconditions": []}


# ------------------------------------------------------------------------------ HTTP server


class Check(BaseModel):
    """The schema of the server check (`OpenAICompatible.preflight`)."""

    ok: bool


@dataclass
class Raw:
    """A reply the fake server sends as is: any status and body, after `delay_s`."""

    body: str | bytes = ""
    status: int = 200
    delay_s: float = 0.0
    content_type: str = "application/json"


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


class FakeServer:
    """An OpenAI-compatible server on 127.0.0.1 (ephemeral port) in a background thread.

    `GET /v1/models` lists `model`; `POST /v1/chat/completions` calls `responder(messages, cls)`,
    where `cls` is the schema class named in `response_format` (`YesNo` for a one-token request).
    Yes/no replies (bool or P(yes)) come back with token log-probabilities as llama.cpp sends them.
    `models_reply` replaces the /models answer. Every request is recorded in `requests`.

        with FakeServer(keyword_responder) as server:
            run(Config(corpus, base_url=server.base_url, model="fake", api_key="x"))
    """

    def __init__(self, responder: Responder, model: str = "fake", models_reply: Raw | None = None):
        self.responder = responder
        self.model = model
        self.models_reply = models_reply
        self.requests: list[Request] = []
        self._httpd: ThreadingHTTPServer | None = None
        self.base_url = ""

    def __enter__(self) -> Self:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                server._record(self, None)
                server._send(self, server._get(self.path))

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"null")
                except ValueError:
                    body = None
                server._record(self, body)
                try:
                    reply = server._post(self.path, self.headers.get("content-type") or "", raw, body)
                except Exception as e:  # a responder's bug is a 500, as from a real server
                    reply = Raw(json.dumps({"error": {"message": f"{type(e).__name__}: {e}"}}), 500)
                server._send(self, reply)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def _get(self, path: str) -> Raw:
        if path.rstrip("/").endswith("/models"):
            return self.models_reply or Raw(
                json.dumps({"object": "list", "data": [{"id": self.model, "object": "model"}]})
            )
        return Raw(json.dumps({"error": {"message": "not found"}}), 404)

    def _post(self, path: str, content_type: str, raw: bytes, body: Any) -> Raw:
        """Every POST is a chat completion here (a subclass adds routes: batch/fake.py)."""
        return self._complete(body)

    def _record(self, handler: BaseHTTPRequestHandler, body: Any) -> None:
        self.requests.append(Request(handler.command, handler.path, dict(handler.headers.items()), body))

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, reply: Raw) -> None:
        if reply.delay_s:
            time.sleep(reply.delay_s)
        data = reply.body.encode() if isinstance(reply.body, str) else reply.body
        try:
            handler.send_response(reply.status)
            handler.send_header("content-type", reply.content_type)
            handler.send_header("content-length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:  # the client gave up
            pass

    def _complete(self, body: Any) -> Raw:
        from . import schemas

        if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
            return Raw(json.dumps({"error": {"message": "bad request"}}), 400)
        messages = body["messages"]
        fmt = body.get("response_format") or {}
        name = (fmt.get("json_schema") or {}).get("name") if isinstance(fmt, dict) else None
        cls = (Check if name == "Check" else getattr(schemas, name, None)) if name else YesNo
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            return Raw(json.dumps({"error": {"message": f"unknown schema {name!r}"}}), 400)
        reply = self.responder(messages, cls)
        if isinstance(reply, Raw):
            return reply
        logprobs = None
        if cls is YesNo and isinstance(reply, bool | float | int):
            p = float(reply)
            content = "yes" if p >= 0.5 else "no"
            top = [("yes", max(p, 1e-9)), ("no", max(1 - p, 1e-9))]
            logprobs = {
                "content": [
                    {
                        "token": content,
                        "logprob": math.log(dict(top)[content]),
                        "top_logprobs": [{"token": t, "logprob": math.log(q)} for t, q in top],
                    }
                ]
            }
        else:
            content = _as_text(reply)
        prompt_tokens = sum(len(str(m.get("content", ""))) // 4 for m in messages if isinstance(m, dict))
        completion = {
            "id": f"fake-{len(self.requests)}",
            "object": "chat.completion",
            "created": 0,
            "model": self.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                    "logprobs": logprobs,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": max(1, len(content) // 4),
                "total_tokens": prompt_tokens + max(1, len(content) // 4),
            },
        }
        return Raw(json.dumps(completion))
