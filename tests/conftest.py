"""Shared fixtures: the sample corpus, a fake LLM that answers from the numbered sentences, and
the cassette (VCR) configuration: requests match on method, path and JSON body; secrets scrubbed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from summarizer.llm import FakeLLM

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CASSETTES = ROOT / "cassettes"
SCRUB_HEADERS = [
    "authorization",
    "api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
    "x-api-key",
]


def pytest_configure(config: Any) -> None:
    """Tests never touch the user's answer cache."""
    import os
    import tempfile

    os.environ["BRIEF_ANSWER_CACHE"] = str(Path(tempfile.mkdtemp(prefix="brief-test-")) / "answers.sqlite")


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


def numbered(messages: list[dict[str, str]]) -> list[tuple[int, str]]:
    """The [id] sentences of a window prompt."""
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(r"^\[(\d+)\] (.*)$", messages[-1]["content"], re.M)]


def keyword_responder(messages: list[dict[str, str]], response_model: Any) -> dict[str, Any]:
    """A deterministic stand-in for a model: every sentence with a reporting verb is a claim by the
    capitalised name before the verb (or narration); two claims relate by the words they share."""
    if response_model.__name__ == "YesNo":  # same words → same statement; shared words → same issue
        quotes = re.findall(r"“(.*)”", messages[-1]["content"])
        a, b = (set(re.findall(r"[a-z]{5,}", q.lower())) for q in quotes)
        shared = len(a & b) / max(1, min(len(a), len(b)))
        return round(min(0.95, 0.3 + shared), 3)
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


@pytest.fixture
def fake_llm() -> FakeLLM:
    return FakeLLM(responder=keyword_responder)


# ------------------------------------------------------------------------------ cassettes


def _json_body(r: Any) -> Any:
    body = r.body
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    try:
        return json.loads(body) if body else None
    except ValueError:
        return body


def json_body_matcher(r1: Any, r2: Any) -> None:
    # Raised by hand, not with `assert`: pytest's assertion rewriting would diff the two bodies with
    # difflib for every recorded candidate that does not match (minutes on a large cassette).
    if _json_body(r1) != _json_body(r2):
        raise AssertionError("request bodies differ")


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for h in list(headers):
        if h.lower() in SCRUB_HEADERS:
            del headers[h]
    return response


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "match_on": ["method", "path", "json_body"],
        "filter_headers": SCRUB_HEADERS,
        "before_record_response": _scrub_response,
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)


def pytest_recording_configure(config: Any, vcr: Any) -> None:
    vcr.register_matcher("json_body", json_body_matcher)


# BRIEF_RECORD=1 re-records everything; BRIEF_RECORD=new keeps matching requests, records only new ones and
# drops the recorded requests the run no longer makes.
RECORD = __import__("os").environ.get("BRIEF_RECORD", "")


def recorder() -> Any:
    """The VCR used by the cassette tests: replay only, unless recording."""
    import vcr

    v = vcr.VCR(
        record_mode={"": "none", "new": "new_episodes"}.get(RECORD, "all"),
        match_on=["method", "path", "json_body"],
        filter_headers=SCRUB_HEADERS,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
        drop_unused_requests=RECORD == "new",
    )
    v.register_matcher("json_body", json_body_matcher)
    return v


@pytest.fixture(scope="module")
def base_url() -> Any:
    """Replay: an address never reached. Recording: the embedded model's server on loopback."""
    if not RECORD:
        yield "http://127.0.0.1:9/v1"
        return
    from summarizer.local_model import DEFAULT_LOCAL_MODEL, EmbeddedServer, model_file

    with EmbeddedServer(model_file(DEFAULT_LOCAL_MODEL), alias=DEFAULT_LOCAL_MODEL) as server:
        yield server.base_url


def run_recorded(cassette: Path, corpus: Path, out: Path, base_url: str, *flags: str) -> Any:
    """`brief run` on the embedded model's recorded traffic (recorded afresh under BRIEF_RECORD)."""
    from typer.testing import CliRunner

    from summarizer.cli import app
    from summarizer.local_model import DEFAULT_LOCAL_MODEL

    if not RECORD and not cassette.exists():
        pytest.fail(
            f"cassette {cassette.name} is missing: record it with `make record` (needs pip install -e '.[local]')"
        )
    args = [
        "run",
        str(corpus),
        "--json-dir",
        str(out),
        "--backend",
        "openai",
        "--base-url",
        base_url,
        "--model",
        DEFAULT_LOCAL_MODEL,
        "--quiet",
        *flags,
    ]
    with recorder().use_cassette(str(cassette)):
        return CliRunner().invoke(app, args, env={"OPENAI_API_KEY": "sk-test-not-a-real-key", "NO_COLOR": "1"})
