"""The one seam to the LLM: the only module that imports `openai` and `instructor`.

Everything else talks to an object with two methods: `structured(messages, response_model, usage)`
for schema-constrained answers, and `yes_no(messages, usage)` for one-token yes/no answers whose
probability is read from the server's token log-probabilities (llama.cpp, vLLM and OpenAI return
them; a server that does not gives a plain yes or no, and `p_yes` is None).
`OpenAICompatible` reaches any OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp, LM Studio,
the embedded server); `summarizer.testing.FakeLLM` answers from a function or a queue, for tests and benchmarks.

Two retry layers, each configured once:
- HTTP: the openai client retries connection errors, 408/409/429/5xx (honouring Retry-After) with
  backoff, `http_retries` times. Nothing else loops on HTTP errors.
- Validation: instructor re-asks, with the validation errors shown to the model, only on
  JSON/schema/grounding errors; an explicit tenacity policy bounds it to `reasks` re-asks.
Token usage is counted on every HTTP response, failed attempts included.
"""

from __future__ import annotations

import json
import logging
import math
import time
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import FatalLLMError, LLMError, StructuredOutputError
from .schemas import Usage, YesNo

T = TypeVar("T", bound=BaseModel)
Messages = list[dict[str, str]]


class StructuredLLM(Protocol):
    """What the pipeline needs from an LLM."""

    model: str

    def structured(self, messages: Messages, response_model: type[T], usage: Usage) -> T: ...

    def yes_no(self, messages: Messages, usage: Usage) -> YesNo: ...


def read_yes_no(text: str | None, top_logprobs: list[tuple[str, float]] | None) -> YesNo:
    """A yes/no answer from the first generated token and its alternatives' log-probabilities:
    P(yes) = mass of yes-tokens / mass of yes- and no-tokens ("Yes", " yes", "YES" …)."""
    yes = no = 0.0
    for token, logprob in top_logprobs or []:
        word = token.strip().lower()
        if word == "yes":
            yes += math.exp(logprob)
        elif word == "no":
            no += math.exp(logprob)
    answer = (text or "").strip().lower()
    p = round(yes / (yes + no), 4) if yes + no > 0 else None
    said: Literal["yes", "no"]
    if answer.startswith("yes") or answer.startswith("no"):
        said = "yes" if answer.startswith("yes") else "no"
    elif p is not None:
        said = "yes" if p >= 0.5 else "no"
    else:
        raise StructuredOutputError(f"expected yes or no, got {answer[:40]!r}", [text or ""])
    return YesNo(answer=said, p_yes=p)


@dataclass
class LLMSettings:
    """Generation and retry settings; part of every cache key."""

    model: str
    base_url: str | None = None
    api_key: str | None = None
    temperature: float = 0.0
    seed: int = 0
    max_tokens: int = 1200  # above the largest answer the window schema allows
    timeout_s: float = 180.0
    http_retries: int = 2
    # The embedded server (streamed, see streaming.py): give up when nothing arrives for idle_timeout_s,
    # or when one request has taken request_deadline_s.
    idle_timeout_s: float = 120.0
    request_deadline_s: float = 1800.0
    reasks: int = 1


class OpenAICompatible:
    """instructor (JSON_SCHEMA mode) over the openai client."""

    def __init__(self, settings: LLMSettings, http_client: Any = None):
        import instructor
        import openai

        logging.getLogger("instructor").setLevel(logging.CRITICAL)
        if http_client is None:  # each request bounded as a whole: time and size (streaming.py)
            import httpx2

            from .streaming import BoundedTransport

            http_client = httpx2.Client(transport=BoundedTransport(settings.timeout_s))
        self.settings = settings
        self.model = settings.model
        self._openai = openai
        client = openai.OpenAI(
            base_url=settings.base_url,
            api_key=settings.api_key or "no-key",
            max_retries=settings.http_retries,
            timeout=settings.timeout_s,
            http_client=http_client,
        )
        # JSON_SCHEMA mode: the server constrains decoding to the schema (maxItems/maxLength stop
        # small models from repeating). Measured: TOOLS/JSON/MD_JSON ran to max_tokens locally.
        self._client = instructor.from_openai(client, mode=instructor.Mode.JSON_SCHEMA)
        self._raw = client
        self._logprobs = True  # switched off once if the server refuses them

    @property
    def server(self) -> str:
        return self.settings.base_url or "https://api.openai.com/v1"

    def preflight(self, timeout_s: float = 10.0) -> None:
        """One check before the first article, so a run that cannot work ends at once with one line:
        the server answers `GET /models` within `timeout_s`, accepts the key, offers the model, and
        answers a tiny request with JSON that follows a JSON schema. Raises FatalLLMError."""
        openai = self._openai
        where = self.server
        quick = self._raw.with_options(timeout=timeout_s, max_retries=0)
        try:
            offered = [m.id for m in quick.models.list()]
        except openai.AuthenticationError:
            raise FatalLLMError(f"{where} rejected the API key (401): {_KEY_HINT}") from None
        except openai.PermissionDeniedError:
            raise FatalLLMError(f"{where} denied access (403): {_KEY_HINT}") from None
        except openai.NotFoundError:
            raise FatalLLMError(
                f"no OpenAI-compatible API at {where} (GET /models answered 404): the URL should end in /v1"
            ) from None
        except openai.APITimeoutError:
            raise FatalLLMError(f"{where} accepted the connection but did not answer within {timeout_s:g} s") from None
        except openai.APIConnectionError:
            raise FatalLLMError(f"cannot connect to {where}: is the server running? (check --base-url)") from None
        except openai.APIError as e:
            raise FatalLLMError(f"{where} failed the server check (GET /models): {_short(e)}") from None
        model = self.settings.model
        if offered and not any(m == model or m.split(":")[0] == model for m in offered):
            listed = ", ".join(sorted(offered)[:8]) + (" …" if len(offered) > 8 else "")
            raise FatalLLMError(f"{where} does not offer model {model!r} (it offers: {listed}): check --model")
        try:
            r = self._raw.with_options(max_retries=0).chat.completions.create(
                model=model,
                messages=[{"role": "user", "content": 'Reply with the JSON object {"ok": true}.'}],
                response_format={"type": "json_schema", "json_schema": {"name": "Check", "schema": _CHECK_SCHEMA}},
                max_tokens=20,
                temperature=0.0,
                seed=self.settings.seed,
            )
            text = r.choices[0].message.content or ""
        except openai.BadRequestError as e:
            raise FatalLLMError(
                f"{where} refused a request with response_format json_schema ({_short(e)}): "
                "brief needs a server with structured outputs (JSON schema)"
            ) from None
        except openai.APIError as e:
            raise FatalLLMError(f"{where} failed a one-line test request: {_short(e)}") from None
        try:
            ok = json.loads(text).get("ok") is not None
        except (ValueError, AttributeError):
            ok = False
        if not ok:
            raise FatalLLMError(
                f'{where} does not follow JSON schemas (asked for {{"ok": true}}, it answered {text[:60]!r}): '
                "brief needs a server with structured outputs (response_format json_schema)"
            )

    def yes_no(self, messages: Messages, usage: Usage) -> YesNo:
        """One generated token, with the top alternatives' log-probabilities when the server gives them."""
        openai = self._openai
        usage.calls += 1
        t0 = time.perf_counter()
        try:
            while True:
                extra: dict[str, Any] = {"logprobs": True, "top_logprobs": 10} if self._logprobs else {}
                try:
                    r = self._raw.chat.completions.create(
                        model=self.settings.model,
                        messages=messages,  # type: ignore[arg-type]
                        max_tokens=1,
                        temperature=0.0,
                        seed=self.settings.seed,
                        **extra,
                    )
                except openai.BadRequestError:
                    if not self._logprobs:
                        raise
                    self._logprobs = False  # the server does not do log-probabilities: plain answers
                    continue
                _count(usage, r)
                choice = r.choices[0]
                content = getattr(getattr(choice, "logprobs", None), "content", None) or []
                top = [(t.token, t.logprob) for t in (content[0].top_logprobs or [])] if content else None
                return read_yes_no(choice.message.content, top)
        except openai.APIError as e:
            raise _api_error(openai, e) from e
        finally:
            usage.seconds += time.perf_counter() - t0

    def structured(self, messages: Messages, response_model: type[T], usage: Usage) -> T:
        from instructor.v2.core.errors import IncompleteOutputException, InstructorRetryException
        from instructor.v2.core.hooks import Hooks
        from tenacity import Retrying, retry_if_exception_type, stop_after_attempt

        hooks = Hooks()
        hooks.on("completion:response", lambda response: _count(usage, response))
        hooks.on("completion:error", lambda error, **_: _count_error(usage))
        reasks = Retrying(
            stop=stop_after_attempt(self.settings.reasks + 1),
            retry=retry_if_exception_type((ValidationError, json.JSONDecodeError)),
            reraise=True,
        )
        usage.calls += 1
        t0 = time.perf_counter()
        try:
            # No `context=`: instructor renders messages as Jinja templates when a context is given,
            # and article text must never be evaluated. The window a model is checked against is
            # bound by extract.grounding (a context variable).
            return self._client.create(
                model=self.settings.model,
                messages=messages,  # type: ignore[arg-type]
                response_model=response_model,
                max_retries=reasks,
                hooks=hooks,
                temperature=self.settings.temperature,
                seed=self.settings.seed,
                max_tokens=self.settings.max_tokens,
            )
        except InstructorRetryException as e:
            cause = e.__cause__
            if isinstance(cause, self._openai.APIError):
                raise _api_error(self._openai, cause) from cause
            texts = [_completion_text(a.completion) for a in (e.failed_attempts or [])]
            raise StructuredOutputError(
                f"invalid output after {e.n_attempts} attempt(s): {_first_error(e)}", [t for t in texts if t]
            ) from e
        except self._openai.APIError as e:
            raise _api_error(self._openai, e) from e
        except IncompleteOutputException as e:
            raise StructuredOutputError(
                "output truncated at max_tokens (finish_reason=length)", [_completion_text(e.last_completion) or ""]
            ) from e
        finally:
            usage.seconds += time.perf_counter() - t0


_KEY_HINT = "pass the server's key with --api-key or BRIEF_API_KEY (OPENAI_API_KEY is sent to api.openai.com only)"
_CHECK_SCHEMA = {
    "type": "object",
    "properties": {"ok": {"type": "boolean"}},
    "required": ["ok"],
    "additionalProperties": False,
}


def _count(usage: Usage, response: Any) -> None:
    usage.attempts += 1
    u = getattr(response, "usage", None)
    if u is not None:
        usage.prompt_tokens += int(getattr(u, "prompt_tokens", 0) or 0)
        usage.completion_tokens += int(getattr(u, "completion_tokens", 0) or 0)


def _count_error(usage: Usage) -> None:
    usage.attempts += 1


def _completion_text(completion: Any) -> str | None:
    try:
        return completion.choices[0].message.content
    except (AttributeError, IndexError, TypeError):
        return None


def _first_error(e: Exception) -> str:
    """The validation message itself, not instructor's XML dump of every attempt."""
    cause = e.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        return _short(Exception(cause.errors()[0]["msg"]))
    return _short(e)


def _short(e: Exception) -> str:
    return " ".join(str(e).split())[:300]


def _api_error(openai: Any, e: Exception) -> LLMError | FatalLLMError:
    status = getattr(e, "status_code", None)
    if isinstance(e, openai.AuthenticationError):
        return FatalLLMError(f"the LLM server rejected the API key (401): {_KEY_HINT}")
    if isinstance(e, openai.PermissionDeniedError):
        return FatalLLMError(f"the LLM server denied access (403): {_KEY_HINT}")
    if isinstance(e, openai.NotFoundError):
        return FatalLLMError("the LLM server answered 404: check --model and --base-url (it should end in /v1)")
    if isinstance(e, openai.APITimeoutError):
        return LLMError("the LLM server timed out (after retries)")
    if isinstance(e, openai.APIConnectionError):
        return LLMError("cannot connect to the LLM server (after retries): check --base-url")
    if isinstance(e, openai.RateLimitError):
        return LLMError("rate limited by the LLM server (429), retries exhausted")
    if status is not None and status >= 500:
        return LLMError(f"the LLM server failed ({status}), retries exhausted")
    return LLMError(f"the LLM server refused the request ({status}): {_short(e)}")
