"""Just off the tested path, as a new user walks it: a real HTTP server (the fake one in
`summarizer.testing`, on loopback) behind the real client, arguments as people type them, files
as they lie in a newsroom folder."""

from __future__ import annotations

import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer import cli, pipeline
from summarizer.cache import AnswerCache, CachedLLM
from summarizer.errors import FatalLLMError, StructuredOutputError
from summarizer.schemas import Briefing, Usage, WindowExtraction
from summarizer.testing import FakeLLM, FakeServer, Raw, keyword_responder

STORY = (
    "Harbour Board chair Ines Okafor said the new ferry terminal will open in March.\n"
    "Union leader Tomas Berg said the opening date is not realistic.\n"
)


def brief(*args: str, env: dict[str, str] | None = None) -> Any:
    """`brief ARGS…` through the real entry point (main), as typed in a shell."""
    return CliRunner().invoke(cli.app, list(args), env={"NO_COLOR": "1", **(env or {})})


def main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.argv", ["brief", *args])
    with pytest.raises(SystemExit) as e:
        cli.main()
    out = capsys.readouterr()
    return int(e.value.code or 0), out.out, out.err


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    (d / "ferry.txt").write_text(STORY)
    (d / "ferry-2.txt").write_text(STORY.replace("March", "June").replace("Harbour Board chair", "Chair"))
    return d


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer(keyword_responder) as s:
        yield s


def flags(server: FakeServer) -> list[str]:
    return ["--base-url", server.base_url, "--model", "fake", "--no-cache", "--quiet"]


# ------------------------------------------------------------------------------ arguments


def test_version(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    code, out, _ = main(monkeypatch, capsys, "--version")
    assert code == 0 and out.strip() == f"brief {version('brief')}"


def test_options_before_the_corpus(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], corpus: Path, server: FakeServer
) -> None:
    code, out, err = main(monkeypatch, capsys, "-q", "--no-cache", "--model", "fake", "--base-url", server.base_url,
                          str(corpus))  # fmt: skip
    assert code == 0, err
    assert out.startswith("# Briefing: 2 article(s)")


def test_single_files_and_several_inputs(tmp_path: Path, corpus: Path, server: FakeServer) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "ferry.txt").write_text(STORY.replace("March", "May"))  # same name as a corpus file
    r = brief("run", str(corpus / "ferry.txt"), str(other / "ferry.txt"), *flags(server))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("# Briefing: 2 article(s)")
    r = brief("run", str(corpus / "ferry.txt"), *flags(server))
    assert r.exit_code == 0 and r.stdout.startswith("# Briefing: 1 article(s)")


def test_sub_folders_only_with_recursive(tmp_path: Path, server: FakeServer) -> None:
    d = tmp_path / "desk"
    for sub in ("monday", "tuesday"):
        (d / sub).mkdir(parents=True)
        (d / sub / "ferry.txt").write_text(STORY if sub == "monday" else STORY.replace("March", "June"))
    (d / "top.txt").write_text(STORY.replace("March", "April"))
    out = tmp_path / "json"
    r = brief("run", str(d), *flags(server))
    assert r.exit_code == 1 and "use --recursive" in r.stdout
    r = brief("run", str(d), "--recursive", "--json-dir", str(out), *flags(server))
    assert r.exit_code == 0, r.output
    b = Briefing.model_validate_json((out / "briefing.json").read_text())
    assert sorted(s.file for s in b.sources) == ["monday/ferry.txt", "top.txt", "tuesday/ferry.txt"]
    ids = [c.id for a in b.articles for c in a.claims]
    assert len(ids) == len(set(ids)) and any(i.startswith("monday/ferry#") for i in ids)
    assert (out / "monday" / "ferry.json").exists() and (out / "tuesday" / "ferry.json").exists()


def test_files_without_a_text_suffix_are_skipped(corpus: Path, server: FakeServer) -> None:
    (corpus / "LICENSE").write_text("Permission is hereby granted, free of charge, to any person said Alice Smith.\n")
    (corpus / "notes.json").write_text('{"a": 1}\n')
    r = brief("run", str(corpus), *flags(server))
    assert r.exit_code == 1
    assert r.stdout.startswith("# Briefing: 2 article(s)")
    assert "LICENSE" in r.stdout and "not a text article" in r.stdout and "notes.json" in r.stdout


def test_schema_out_dash_prints_and_creates_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from summarizer.schemas import json_schemas

    monkeypatch.chdir(tmp_path)
    r = brief("schema", "--out", "-")
    assert r.exit_code == 0 and list(tmp_path.iterdir()) == []
    assert sorted(json.loads(r.stdout)) == sorted(json_schemas())


# ------------------------------------------------------------------------------ files written


def test_output_file_is_written_atomically_and_kept_when_the_run_fails(
    tmp_path: Path, corpus: Path, server: FakeServer
) -> None:
    target = tmp_path / "briefing.md"
    target.write_text("yesterday's briefing\n")
    r = brief("run", str(tmp_path / "missing"), "-o", str(target), *flags(server))
    assert r.exit_code == 2 and target.read_text() == "yesterday's briefing\n"
    dead = flags(server)
    dead[1] = f"http://127.0.0.1:{free_port()}/v1"
    r = brief("run", str(corpus), "-o", str(target), *dead)
    assert r.exit_code == 2 and target.read_text() == "yesterday's briefing\n" and r.stdout == ""
    r = brief("run", str(corpus), "-o", str(target), *flags(server))
    assert r.exit_code == 0 and r.stdout == ""
    assert target.read_text().startswith("# Briefing: 2 article(s)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.md", "corpus"]  # no temporary file left


def test_json_dir_files_get_the_umask_permissions(tmp_path: Path, corpus: Path, server: FakeServer) -> None:
    old = os.umask(0o022)
    try:
        r = brief("run", str(corpus), "--json-dir", str(tmp_path / "out"), *flags(server))
    finally:
        os.umask(old)
    assert r.exit_code == 0, r.output
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "out").iterdir()}
    assert modes and set(modes.values()) == {0o644}, modes


def test_inputs_sharing_a_stem_or_named_like_the_briefing_keep_their_own_json(
    tmp_path: Path, server: FakeServer
) -> None:
    d = tmp_path / "c"
    d.mkdir()
    (d / "story.txt").write_text(STORY)
    (d / "story.md").write_text(STORY.replace("March", "June"))
    (d / "briefing.txt").write_text(STORY.replace("March", "July"))
    out = tmp_path / "out"
    r = brief("run", str(d), "--json-dir", str(out), *flags(server))
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["briefing.json", "briefing.txt.json", "claims.jsonl",
                                                      "relations.jsonl", "story.md.json", "story.txt.json"]  # fmt: skip
    b = Briefing.model_validate_json((out / "briefing.json").read_text())
    assert len(b.articles) == 3
    ids = [c.id for a in b.articles for c in a.claims]
    assert len(ids) == len(set(ids)) and any(i.startswith("story.md#") for i in ids)


# ------------------------------------------------------------------------------ fail loudly


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fails_at_once(r: Any, *words: str) -> None:
    assert r.exit_code == 2, r.output
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("brief: error:"), r.stderr
    for w in words:
        assert w in lines[0], lines[0]


def test_dead_port_ends_the_run_at_once(corpus: Path) -> None:
    t0 = time.monotonic()
    r = brief("run", str(corpus), "--base-url", f"http://127.0.0.1:{free_port()}/v1", "--model", "m", "--no-cache")
    fails_at_once(r, "cannot connect")
    assert time.monotonic() - t0 < 10


def test_wrong_key_unknown_model_and_no_api_end_the_run_at_once(corpus: Path) -> None:
    with FakeServer(keyword_responder, models_reply=Raw('{"error": {"message": "bad key"}}', 401)) as s:
        fails_at_once(brief("run", str(corpus), *flags(s)), "401", "--api-key")
    with FakeServer(keyword_responder, model="llama3:8b") as s:
        r = brief("run", str(corpus), "--base-url", s.base_url, "--model", "gpt-5", "--no-cache")
        fails_at_once(r, "does not offer model 'gpt-5'", "llama3:8b")
        assert all(q.method == "GET" for q in s.requests)  # no article was sent
    with FakeServer(keyword_responder, models_reply=Raw("<html>not here</html>", 404, content_type="text/html")) as s:
        fails_at_once(brief("run", str(corpus), *flags(s)), "404", "/v1")


def test_a_server_without_json_schemas_ends_the_run_at_once(corpus: Path) -> None:
    def refuses(messages: Any, model: Any) -> Any:
        return Raw('{"error": {"message": "response_format is not supported"}}', 400)

    with FakeServer(refuses) as s:
        fails_at_once(brief("run", str(corpus), *flags(s)), "json_schema")

    def prose(messages: Any, model: Any) -> Any:
        return "Sure! Here is what the article says: the ferry terminal opens in March."

    with FakeServer(prose) as s:
        fails_at_once(brief("run", str(corpus), *flags(s)), "does not follow JSON schemas")
        assert len([q for q in s.requests if q.method == "POST"]) == 1


def test_a_host_that_never_answers_ends_the_check_in_bounded_time(corpus: Path) -> None:
    with socket.socket() as listener:  # accepts connections (the kernel's backlog) and never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
        config = pipeline.Config(corpus, base_url=url, model="m", cache=False, preflight_timeout_s=0.5)
        t0 = time.monotonic()
        with pytest.raises(FatalLLMError, match="did not answer within 0.5 s"):
            pipeline.run(config)
        assert time.monotonic() - t0 < 5


def test_articles_without_a_valid_answer_are_failed_and_with_some_partial(corpus: Path) -> None:
    """The server passes the check, then answers prose for some windows: never "ok"."""
    long = " ".join(f"Mayor Ana Lind said point {i} of the budget matters." for i in range(12))
    (corpus / "budget.txt").write_text(long + "\n")

    def flaky(messages: Any, model: Any) -> Any:
        if model is WindowExtraction:  # the first request and its re-ask
            text = " ".join(m["content"] for m in messages)
            if "ferry" in text.lower() or "[1] Mayor" in text:
                return "I cannot help with that."
        return keyword_responder(messages, model)

    with FakeServer(flaky) as s:
        r = brief("run", str(corpus), "--json-dir", str(corpus.parent / "out"), *flags(s))
    assert r.exit_code == 1, r.output
    b = Briefing.model_validate_json((corpus.parent / "out" / "briefing.json").read_text())
    status = {x.file: x.status for x in b.sources}
    assert status == {"budget.txt": "partial", "ferry-2.txt": "failed", "ferry.txt": "failed"}, status
    assert "no valid model answer" in next(x.reason for x in b.sources if x.file == "ferry.txt")
    # The failed articles' attempts still count in the ledger (2 articles × a request and its re-ask).
    assert b.run is not None and b.run.failed_usage.attempts == 4 and b.run.failed_usage.prompt_tokens > 0
    assert b.run.usage.attempts >= b.run.failed_usage.attempts + sum(a.usage.attempts for a in b.articles)


# ------------------------------------------------------------------------------ cache


def test_invalid_answers_from_a_remote_server_are_not_cached(tmp_path: Path, corpus: Path) -> None:
    cache = AnswerCache(tmp_path / "a.sqlite")
    fake = FakeLLM(responder=lambda m, r: "not json")
    remote = CachedLLM(fake, cache, remember_invalid=False)
    for _ in range(2):
        with pytest.raises(StructuredOutputError):
            remote.structured([{"role": "user", "content": "x"}], WindowExtraction, Usage())
    assert len(fake.calls) == 2 and cache.count() == 0
    # Through the CLI: a server that broke for one run is asked again by the next.
    env = {"BRIEF_ANSWER_CACHE": str(tmp_path / "cli.sqlite")}
    broken = {"on": True}

    def sometimes(messages: Any, model: Any) -> Any:
        if model is WindowExtraction and broken["on"]:
            return "{ not json"
        return keyword_responder(messages, model)

    with FakeServer(sometimes) as s:
        args = ["run", str(corpus), "--base-url", s.base_url, "--model", "fake", "--quiet"]
        assert brief(*args, env=env).exit_code == 1
        broken["on"] = False
        r = brief(*args, env=env)
        assert r.exit_code == 0, r.output


def test_the_cache_never_answers_for_another_server(tmp_path: Path, corpus: Path) -> None:
    env = {"BRIEF_ANSWER_CACHE": str(tmp_path / "cli.sqlite")}
    with FakeServer(keyword_responder) as a, FakeServer(keyword_responder) as b:
        for s in (a, b):
            r = brief("run", str(corpus), "--base-url", s.base_url, "--model", "fake", "--quiet", env=env)
            assert r.exit_code == 0, r.output
        assert len([q for q in b.requests if q.method == "POST"]) == len([q for q in a.requests if q.method == "POST"])


# ------------------------------------------------------------------------------ the key


def test_openai_key_is_never_sent_to_another_server(corpus: Path) -> None:
    key = "sk-test-openai-0123456789abcdef"
    with FakeServer(keyword_responder) as s:
        r = brief("run", str(corpus), *flags(s), env={"OPENAI_API_KEY": key})
        assert r.exit_code == 0, r.output
        assert s.requests and not any(key in str(q.headers) for q in s.requests)
    with FakeServer(keyword_responder) as s:
        r = brief("run", str(corpus), *flags(s), env={"OPENAI_API_KEY": key, "BRIEF_API_KEY": "server-key-42"})
        assert r.exit_code == 0, r.output
        assert all({k.lower(): v for k, v in q.headers.items()}["authorization"] == "Bearer server-key-42"
                   for q in s.requests)  # fmt: skip
    assert pipeline.api_key_for(None, None, {"OPENAI_API_KEY": key}) == key
    assert pipeline.api_key_for("https://api.openai.com/v1", None, {"OPENAI_API_KEY": key}) == key
    for elsewhere in ("http://api.openai.com/v1", "https://api.openai.com.evil.example/v1", "http://localhost:8080/v1"):
        assert pipeline.api_key_for(elsewhere, None, {"OPENAI_API_KEY": key}) is None
    assert pipeline.api_key_for("http://localhost:8080/v1", "given", {"OPENAI_API_KEY": key}) == "given"


def test_stderr_names_the_server_and_model_before_the_first_request(corpus: Path) -> None:
    seen: list[str] = []

    with FakeServer(keyword_responder) as s:
        r = brief("run", str(corpus), "--base-url", s.base_url, "--model", "fake", "--no-cache")
        seen = r.stderr.splitlines()
        first_request = s.requests[0]
    assert r.exit_code == 0, r.output
    assert seen[0] == f"brief: articles go to {s.base_url}, model fake" and first_request.path == "/v1/models"


def test_concurrent_articles_count_progress_exactly_once(tmp_path: Path) -> None:
    """Eight workers share the progress counter and the results: every article is counted once."""
    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(40):
        (corpus / f"a{i:02d}.txt").write_text(f"Mayor Ana Lind said budget line {i} passed on time.\n")
    seen: list[int] = []
    lock = threading.Lock()

    def progress(file: str, done: int, total: int) -> None:
        with lock:
            if file != "reconciling" and done > 0:
                seen.append(done)

    llm = FakeLLM(responder=keyword_responder, latency_s=0.002)
    b = pipeline.run(pipeline.Config(corpus, concurrency=8, relations=False), llm=llm, progress=progress)
    assert len(b.articles) == 40
    assert sorted(seen) == list(range(1, 41))


def test_two_files_carrying_the_same_copy_count_as_one_source(corpus: Path) -> None:
    b = pipeline.run(pipeline.Config(corpus), llm=FakeLLM(responder=keyword_responder))
    assert b.syndicated == [["ferry-2.txt", "ferry.txt"]]


# ------------------------------------------------------------------------------ the house


def test_a_bug_in_one_article_surfaces_in_tests_and_costs_only_that_article_for_users(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.extract_article

    def buggy(article: Any, *a: Any, **k: Any) -> Any:
        if article.file == "ferry.txt":
            raise TypeError("'NoneType' object is not subscriptable")
        return real(article, *a, **k)

    monkeypatch.setattr(pipeline, "extract_article", buggy)
    llm = FakeLLM(responder=keyword_responder)
    with pytest.raises(TypeError):
        pipeline.run(pipeline.Config(corpus, strict=True), llm=llm)
    b = pipeline.run(pipeline.Config(corpus, strict=False), llm=llm)
    status = {s.file: (s.status, s.reason or "") for s in b.sources}
    assert status["ferry-2.txt"][0] == "ok"
    assert status["ferry.txt"][0] == "failed" and "internal error (TypeError)" in status["ferry.txt"][1]


def test_the_embedded_server_starts_once_under_concurrency(monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.llm import LLMSettings
    from summarizer.local_model import LazyLocalLLM

    starts: list[int] = []

    def slow_start(self: Any) -> Any:
        starts.append(1)
        time.sleep(0.05)
        return FakeLLM(responder=lambda m, r: 0.9)

    monkeypatch.setattr(LazyLocalLLM, "_start", slow_start)
    lazy = LazyLocalLLM(LLMSettings(model="m"))
    threads = [
        threading.Thread(target=lambda: lazy.yes_no([{"role": "user", "content": "q"}], Usage())) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(starts) == 1


def test_public_api() -> None:
    """What `__all__` promises is there (as httpx tests its own), and nothing private leaks into it."""
    import summarizer
    import summarizer.testing

    for module in (summarizer, summarizer.testing):
        assert module.__all__ == sorted(module.__all__)
        for name in module.__all__:
            assert not name.startswith("_") and getattr(module, name) is not None, name
    assert {"run", "Config", "Briefing", "render_markdown", "FatalLLMError", "StructuredOutputError"} <= set(
        summarizer.__all__
    )
