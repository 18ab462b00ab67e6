"""The LLM seam against a mock HTTP transport (no network, no sleeps): re-asks, retries, errors,
token counting across attempts."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from summarizer.errors import LLMError
from summarizer.extract import GroundedWindowExtraction, grounding
from summarizer.llm import FatalLLMError, LLMSettings, OpenAICompatible, StructuredOutputError
from summarizer.schemas import Usage

GOOD = {
    "actors": [{"name": "Peskov", "type": "person", "role": None}],
    "claims": [
        {
            "sentence_ids": [1],
            "speaker": "Peskov",
            "reported_by": None,
            "stance": "asserts",
            "statement": "summit impossible",
            "topic": "meeting",
        }
    ],
    "preconditions": [],
}
BAD_ID = json.loads(json.dumps(GOOD))
BAD_ID["claims"][0]["sentence_ids"] = [42]
MODEL = GroundedWindowExtraction
MSGS = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]


def completion(content: str, finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "x",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "finish_reason": finish, "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def make(responses: list[Callable[[httpx2.Request], httpx2.Response]], **kw: Any) -> tuple[OpenAICompatible, list]:
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return responses[min(len(seen) - 1, len(responses) - 1)](request)

    client = httpx2.Client(transport=httpx2.MockTransport(handler))
    settings = LLMSettings(model="m", base_url="http://llm.test/v1", api_key="sk-test", **kw)
    return OpenAICompatible(settings, http_client=client), seen


def ok(body: dict[str, Any]) -> Callable[[httpx2.Request], httpx2.Response]:
    return lambda r: httpx2.Response(200, json=completion(json.dumps(body)))


def status(code: int, **headers: str) -> Callable[[httpx2.Request], httpx2.Response]:
    return lambda r: httpx2.Response(code, json={"error": {"message": "x"}}, headers=headers)


@pytest.fixture(autouse=True)
def window() -> Any:
    """Answers are checked against a two-sentence window, as extract_article binds them."""
    with grounding(range(1, 3), "Peskov said a summit is impossible."):
        yield


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The client's backoff sleeps are recorded, not slept: no test waits."""
    import openai._base_client as base

    delays: list[float] = []
    monkeypatch.setattr(base.time, "sleep", delays.append)
    return delays


def test_valid_answer_one_call() -> None:
    llm, seen = make([ok(GOOD)])
    usage = Usage()
    out = llm.structured(MSGS, MODEL, usage)
    assert out.claims[0].speaker == "Peskov" and len(seen) == 1
    body = json.loads(seen[0].content)
    assert body["response_format"]["type"] == "json_schema" and body["temperature"] == 0
    assert (usage.calls, usage.attempts, usage.prompt_tokens, usage.completion_tokens) == (1, 1, 100, 20)


def test_grounding_error_is_reasked_with_the_error_and_tokens_of_both_attempts_counted() -> None:
    llm, seen = make([ok(BAD_ID), ok(GOOD)])
    usage = Usage()
    llm.structured(MSGS, MODEL, usage)
    assert len(seen) == 2
    assert "not in this window" in json.dumps(json.loads(seen[1].content)["messages"])
    assert (usage.attempts, usage.prompt_tokens, usage.completion_tokens) == (2, 200, 40)


def test_a_name_not_in_the_text_is_repaired_by_code_in_one_call() -> None:
    misspelt = json.loads(json.dumps(GOOD))
    misspelt["actors"].append({"name": "Russian President Vladimir Putin", "type": "person", "role": None})
    misspelt["claims"][0]["speaker"] = "the Kremlin spokesman"  # not in actors: left for build_claims
    llm, seen = make([ok(misspelt)])
    out = llm.structured(MSGS, MODEL, Usage())
    assert len(seen) == 1  # a re-ask would regenerate the whole window to fix one name
    assert [a.name for a in out.actors] == ["Peskov"] and out.claims[0].speaker == "the Kremlin spokesman"


def test_reasks_are_bounded_and_the_last_answer_is_kept_for_salvage() -> None:
    llm, seen = make([ok(BAD_ID)], reasks=1)
    usage = Usage()
    with pytest.raises(StructuredOutputError) as e:
        llm.structured(MSGS, MODEL, usage)
    assert len(seen) == 2 and json.loads(e.value.last_text or "")["claims"][0]["sentence_ids"] == [42]
    assert usage.completion_tokens == 40


def test_malformed_json_is_reasked() -> None:
    llm, seen = make([lambda r: httpx2.Response(200, json=completion("{not json")), ok(GOOD)])
    llm.structured(MSGS, MODEL, Usage())
    assert len(seen) == 2


def test_truncated_output_is_a_structured_error() -> None:
    llm, seen = make([lambda r: httpx2.Response(200, json=completion('{"actors": [', "length"))])
    with pytest.raises(StructuredOutputError, match="truncated"):
        llm.structured(MSGS, MODEL, Usage())


@pytest.mark.parametrize("code", [429, 500, 502, 503])
def test_transient_http_errors_are_retried_by_the_client(code: int, sleeps: list[float]) -> None:
    llm, seen = make([status(code), ok(GOOD)], http_retries=2)
    usage = Usage()
    llm.structured(MSGS, MODEL, usage)
    assert len(seen) == 2 and len(sleeps) == 1 and 0 < sleeps[0] <= 1.0  # backoff without Retry-After
    assert usage.completion_tokens == 20  # the failed attempt carried no usage


def test_retry_after_is_honoured(sleeps: list[float]) -> None:
    llm, seen = make([status(429, **{"retry-after": "7"}), ok(GOOD)], http_retries=2)
    llm.structured(MSGS, MODEL, Usage())
    assert len(seen) == 2 and sleeps == [7.0]


@pytest.mark.parametrize("error", [httpx2.ReadTimeout, httpx2.ConnectError, httpx2.RemoteProtocolError])
def test_read_timeout_hang_and_reset_are_retried_then_reported(error: type[Exception]) -> None:
    def fail(request: httpx2.Request) -> httpx2.Response:
        raise error("server hung up", request=request)

    llm, seen = make([fail], http_retries=2)
    with pytest.raises(LLMError, match="timed out|cannot connect"):
        llm.structured(MSGS, MODEL, Usage())
    assert len(seen) == 3


def test_http_retries_are_bounded_exactly() -> None:
    llm, seen = make([status(503)], http_retries=2, reasks=1)
    with pytest.raises(LLMError, match="503"):
        llm.structured(MSGS, MODEL, Usage())
    assert len(seen) == 3  # 1 + 2 client retries; validation re-asks never see HTTP errors


@pytest.mark.parametrize(("code", "message"), [(401, "OPENAI_API_KEY"), (403, "denied"), (404, "--model")])
def test_non_retryable_errors_fail_fast(code: int, message: str) -> None:
    llm, seen = make([status(code)], http_retries=2)
    with pytest.raises(FatalLLMError, match=message):
        llm.structured(MSGS, MODEL, Usage())
    assert len(seen) == 1


def test_calls_per_window_are_bounded_by_both_layers_exactly() -> None:
    """A window costs at most (1 + reasks) × (1 + http_retries) HTTP calls."""
    bad_then_503 = [ok(BAD_ID), status(503), status(503), status(503)]
    llm, seen = make(bad_then_503, http_retries=2, reasks=1)
    with pytest.raises(LLMError):
        llm.structured(MSGS, MODEL, Usage())
    assert len(seen) == 1 + 3
