"""The CLI contract: stdout is the briefing only, exit codes, one-line errors, schema sync."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer import cli, pipeline
from summarizer.schemas import json_schemas
from summarizer.testing import FakeLLM, keyword_responder

from .conftest import ROOT

runner = CliRunner()


def test_run_writes_markdown_to_stdout_and_json_atomically(
    tmp_path: Path, corpus_dir: Path, fake_backend: FakeLLM
) -> None:
    r = runner.invoke(cli.app, ["run", str(corpus_dir), "--json-dir", str(tmp_path), "--quiet"])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("# Briefing: 5 article(s)") and "brief:" not in r.stdout
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "000_2b43ea2de8ebe745.json",
        "001_572d365a2980eb71.json",
        "002_09c06db460635499.json",
        "003_f87267bba3d1f508.json",
        "004_4497bfae6842c01d.json",
        "briefing.json",
        "claims.jsonl",
        "relations.jsonl",
    ]
    json.loads((tmp_path / "briefing.json").read_text())


def test_partial_corpus_exits_1_and_lists_the_bad_file(tmp_path: Path, corpus_dir: Path, fake_backend: FakeLLM) -> None:
    for p in corpus_dir.glob("00[01]*.txt"):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    r = runner.invoke(cli.app, ["run", str(tmp_path), "--quiet"])
    assert r.exit_code == 1
    assert "broken.txt" in r.stdout and "binary" in r.stdout


def test_missing_corpus_is_exit_2_with_one_line(tmp_path: Path) -> None:
    r = runner.invoke(cli.app, ["run", str(tmp_path / "nope")])
    assert r.exit_code == 2
    assert r.stderr.strip().count("\n") == 0 and "corpus not found" in r.stderr
    assert "Traceback" not in r.output


def test_bad_backend_and_base_url_are_usage_errors(tmp_path: Path, corpus_dir: Path) -> None:
    r = runner.invoke(cli.app, ["run", str(corpus_dir), "--backend", "cloud"])
    assert r.exit_code == 2 and "--backend" in r.stderr
    r = runner.invoke(cli.app, ["run", str(corpus_dir), "--base-url", "localhost:8080"])
    assert r.exit_code == 2 and "http://" in r.stderr
    r = runner.invoke(cli.app, ["run", str(corpus_dir), "--base-url", "http://127.0.0.1:9/v1"])
    assert r.exit_code == 2 and "--model" in r.stderr


def test_backend_choice_follows_the_environment() -> None:
    assert pipeline.Config(Path(".")).resolved_backend() == "local"
    assert pipeline.Config(Path("."), api_key="sk-x").resolved_backend() == "openai"
    assert pipeline.Config(Path("."), base_url="http://h/v1").resolved_backend() == "openai"
    assert pipeline.Config(Path("."), api_key="sk-x", backend="local").resolved_backend() == "local"


def test_brief_dir_shorthand(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("sys.argv", ["brief", str(tmp_path / "missing")])
    with pytest.raises(SystemExit) as e:
        cli.main()
    assert e.value.code == 2


def test_committed_schemas_are_in_sync() -> None:
    for name, text in json_schemas().items():
        committed = ROOT / "schemas" / name
        assert committed.exists(), f"run `brief schema` ({name} missing)"
        assert committed.read_text() == text, f"schemas/{name} is stale: run `brief schema`"


def test_schema_command_writes_files(tmp_path: Path) -> None:
    r = runner.invoke(cli.app, ["schema", "--out", str(tmp_path)])
    assert r.exit_code == 0 and sorted(p.name for p in tmp_path.iterdir()) == sorted(json_schemas())


def test_concurrent_extraction_gives_the_same_briefing(corpus_dir: Path) -> None:
    from summarizer.render import render_markdown

    one = pipeline.run(pipeline.Config(corpus_dir, concurrency=1), llm=FakeLLM(responder=keyword_responder))
    four = pipeline.run(pipeline.Config(corpus_dir, concurrency=4), llm=FakeLLM(responder=keyword_responder))
    assert render_markdown(one) == render_markdown(four)


def test_token_budget_skips_the_articles_it_cannot_pay_for(corpus_dir: Path, fake_backend: FakeLLM) -> None:
    r = runner.invoke(cli.app, ["run", str(corpus_dir), "--max-tokens-total", "1", "--quiet"])
    assert r.exit_code == 1
    assert r.stdout.count("token budget of 1 spent") == 4


def test_atomic_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "briefing.json"
    target.write_text("old")

    class Boom(Exception):
        pass

    def fail_replace(src: str, dst: str) -> None:
        raise Boom

    monkeypatch.setattr(pipeline.os, "replace", fail_replace)
    with pytest.raises(Boom):
        pipeline.write_atomic(target, "new content")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["briefing.json"]


def test_ctrl_c_exits_130_and_leaves_no_temporary_files(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*a: object, **k: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "extract_article", interrupted)
    monkeypatch.setattr("sys.argv", ["brief", str(corpus_dir), "--json-dir", str(tmp_path), "--quiet"])
    with pytest.raises(SystemExit) as e:
        cli.main()
    assert e.value.code == 130 and list(tmp_path.iterdir()) == []
