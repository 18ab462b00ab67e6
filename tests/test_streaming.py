"""Progress-following limits for the embedded server (summarizer/streaming.py), with a fake clock
and a fake streamed server: a slow server that keeps working is waited for; a silent or endless
one is given up within bounds; nothing is ever sent twice; giving up closes the stream."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest

from summarizer.errors import LLMError
from summarizer.llm import LLMSettings, OpenAICompatible
from summarizer.schemas import QuestionLabel, Usage
from summarizer.streaming import ProgressTransport, assemble

from .conftest import Clock


class Stream(httpx.SyncByteStream):
    """Server-sent events; each event moves the fake clock by `step` seconds."""

    def __init__(self, events: Iterator[dict[str, Any]], clock: Clock, step: float):
        self.events, self.clock, self.step, self.closed = events, clock, step, False

    def __iter__(self) -> Iterator[bytes]:
        for e in self.events:
            self.clock.now += self.step
            yield f"data: {json.dumps(e)}\n\n".encode()
        yield b"data: [DONE]\n\n"

    def close(self) -> None:
        self.closed = True


def chunk(content: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"id": "c1", "model": "m", "choices": [{"index": 0, "delta": {"content": content}}], **extra}


def answer(text: str) -> Iterator[dict[str, Any]]:
    yield chunk(None, prompt_progress={"total": 900, "processed": 512})
    yield chunk(None, prompt_progress={"total": 900, "processed": 900})
    for piece in text:
        yield chunk(piece)
    yield {"id": "c1", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
    yield {
        "id": "c1",
        "choices": [],
        "usage": {"prompt_tokens": 900, "completion_tokens": len(text), "total_tokens": 0},
    }


def endless() -> Iterator[dict[str, Any]]:
    while True:
        yield chunk(" ")


class Server:
    """A fake llama.cpp behind MockTransport; records each request it is sent."""

    def __init__(self, events: Any, clock: Clock, step: float):
        self.events, self.clock, self.step = events, clock, step
        self.requests: list[httpx.Request] = []
        self.streams: list[Stream] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        stream = Stream(self.events(), self.clock, self.step)
        self.streams.append(stream)
        return httpx.Response(200, stream=stream, headers={"content-type": "text/event-stream"})


def client(server: Server, clock: Clock, **limits: float) -> OpenAICompatible:
    transport = ProgressTransport(inner=httpx.MockTransport(server), clock=clock, **limits)
    settings = LLMSettings(model="m", base_url="http://embedded.test/v1", api_key="local", http_retries=0)
    return OpenAICompatible(settings, http_client=httpx.Client(transport=transport))


def test_a_slow_server_that_keeps_working_is_waited_for() -> None:
    """30 s between events (a busy CPU), 40 events: 20 minutes, far past a fixed 180-s limit."""
    clock = Clock()
    reply = '{"question": "When will the ferry terminal open?"}'
    server = Server(lambda: answer(reply), clock, step=30.0)
    label = client(server, clock, idle_s=120, deadline_s=3600).structured(
        [{"role": "user", "content": "q"}], QuestionLabel, Usage()
    )
    assert label.question == "When will the ferry terminal open?"
    assert clock.now > 180 * 5 and len(server.requests) == 1
    sent = json.loads(server.requests[0].content)
    assert sent["stream"] is True and sent["return_progress"] is True and sent["response_format"]
    assert server.requests[0].extensions["timeout"]["read"] == 120  # silence for idle_s ends it


def test_an_endless_answer_ends_at_the_deadline_is_never_resent_and_the_stream_is_closed() -> None:
    clock = Clock()
    server = Server(endless, clock, step=1.0)
    usage = Usage()
    with pytest.raises(LLMError, match="timed out"):
        client(server, clock, idle_s=120, deadline_s=600).structured(
            [{"role": "user", "content": "q"}], QuestionLabel, usage
        )
    assert 600 <= clock.now <= 602
    assert len(server.requests) == 1 and server.streams[0].closed


def test_token_logprobs_and_usage_survive_the_stream() -> None:
    events = [
        chunk(None, prompt_progress={"total": 10, "processed": 10}),
        {
            "choices": [
                {
                    "index": 0,
                    "delta": {"content": "yes"},
                    "logprobs": {
                        "content": [
                            {
                                "token": "yes",
                                "logprob": -0.1,
                                "top_logprobs": [{"token": "yes", "logprob": -0.1}, {"token": "no", "logprob": -2.4}],
                            }
                        ]
                    },
                }
            ]
        },  # fmt: skip
        {"choices": [{"index": 0, "delta": {}, "finish_reason": "length"}]},
        {"choices": [], "usage": {"prompt_tokens": 10, "completion_tokens": 1, "total_tokens": 11}},
    ]
    clock = Clock()
    server = Server(lambda: iter(events), clock, step=0.1)
    usage = Usage()
    yes = client(server, clock).yes_no([{"role": "user", "content": "q"}], usage)
    assert yes.answer == "yes" and yes.p_yes is not None and 0.9 < yes.p_yes < 1
    assert usage.prompt_tokens == 10 and usage.completion_tokens == 1
    done = assemble(iter(events))
    assert done["choices"][0]["finish_reason"] == "length" and done["usage"]["total_tokens"] == 11


def test_errors_and_other_requests_pass_through() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json={"object": "list", "data": [{"id": "m"}]})
        return httpx.Response(400, json={"error": {"message": "bad schema"}})

    transport = ProgressTransport(inner=httpx.MockTransport(refuse))
    with httpx.Client(transport=transport) as c:
        assert c.get("http://x/v1/models").json()["data"][0]["id"] == "m"
        r = c.post("http://x/v1/chat/completions", json={"messages": []})
        assert r.status_code == 400 and r.json()["error"]["message"] == "bad schema"
