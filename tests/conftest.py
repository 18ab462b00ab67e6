"""Shared fixtures: the sample corpus, a fake LLM that answers from the numbered sentences, and
the cassette (VCR) configuration: requests match on method, path and JSON body; secrets scrubbed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summarizer import pipeline
from summarizer.testing import FakeLLM, keyword_responder

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
    """Tests never touch the user's answer cache, and bugs are never hidden as failed articles."""
    import os
    import tempfile

    os.environ["BRIEF_ANSWER_CACHE"] = str(Path(tempfile.mkdtemp(prefix="brief-test-")) / "answers.sqlite")
    os.environ["BRIEF_STRICT"] = "1"  # a bug in one article raises here instead of becoming a "failed" article


class Clock:
    """A fake clock for time bounds checked by construction: tests move `now` instead of sleeping."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


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

    if RECORD not in ("", "new"):
        # vcrpy's "all" mode keeps the old recordings the run no longer makes: start from nothing.
        cassette.unlink(missing_ok=True)
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
        return CliRunner().invoke(app, args, env={"NO_COLOR": "1"})


def replay_briefing(cassette: Path, corpus: Path, out: Path, base_url: str) -> Any:
    """`run_recorded` that must exit 0; the briefing it wrote."""
    from summarizer.schemas import Briefing

    result = run_recorded(cassette, corpus, out, base_url)
    assert result.exit_code == 0, result.output
    return Briefing.model_validate_json((out / "briefing.json").read_text())


def unanswered(briefing: Any) -> list[str]:
    """Requests a replay found no recording for (they surface as connection errors)."""
    found = [w for w in briefing.reconcile_warnings if "cannot connect" in w]
    return found + [w for ex in briefing.articles for w in ex.warnings if "cannot connect" in w]


def eval_summary(gold: Path, corpus: Path, briefing_json: Path, title: str) -> dict[str, Any]:
    """`brief eval` of a written briefing; the summary, printed under `title` (pytest -s shows it)."""
    import json

    from typer.testing import CliRunner

    from summarizer.cli import app

    r = CliRunner().invoke(app, ["eval", str(gold), str(corpus), "--briefing-json", str(briefing_json)])
    assert r.exit_code == 0, r.output
    summary: dict[str, Any] = json.loads(r.stdout)["summary"]
    print(f"\nbrief eval ({title}):\n" + json.dumps(summary, indent=1))
    return summary


@pytest.fixture
def fake_backend(monkeypatch: pytest.MonkeyPatch) -> FakeLLM:
    """Route the CLI's LLM to a fake (the CLI itself is unchanged)."""
    llm = FakeLLM(responder=keyword_responder)

    class _Ctx:
        def __enter__(self) -> FakeLLM:
            return llm

        def __exit__(self, *a: object) -> None:
            return None

    monkeypatch.setattr(pipeline, "open_llm", lambda config: _Ctx())
    return llm
