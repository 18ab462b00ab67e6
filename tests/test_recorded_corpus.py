"""The whole sample corpus through the CLI, replayed from a cassette recorded from the embedded
model over HTTP (llama.cpp on loopback). Re-record with `make record` (BRIEF_RECORD=1)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.schemas import ArticleExtraction, Briefing

from .conftest import CASSETTES, CORPUS, RECORD, ROOT, run_recorded

CASSETTE = CASSETTES / "corpus_embedded.yaml"
GOLD = CORPUS.parent.parent / "shared" / "eval" / "seeds.json"


def run_cli(base_url: str, out: Path) -> Any:
    return run_recorded(CASSETTE, CORPUS, out, base_url)


@pytest.fixture(scope="module")
def recorded(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    out = tmp_path_factory.mktemp("json")
    return run_cli(base_url, out), out


def test_cli_exits_zero_and_writes_markdown_only_on_stdout(recorded: tuple[Any, Path]) -> None:
    result, _ = recorded
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Briefing: 5 article(s)")
    assert "Traceback" not in result.output


def test_every_quote_is_an_exact_substring_of_its_article(recorded: tuple[Any, Path]) -> None:
    _, out = recorded
    briefing = Briefing.model_validate_json((out / "briefing.json").read_text())
    n = 0
    for ex in briefing.articles:
        text = (CORPUS / ex.file).read_text(encoding="utf-8")
        for item in [*ex.claims, *ex.preconditions, *ex.events]:
            assert text[item.span.start : item.span.end] == item.quote
            n += 1
    assert n > 50


def test_per_article_json_matches_the_briefing(recorded: tuple[Any, Path]) -> None:
    _, out = recorded
    briefing = Briefing.model_validate_json((out / "briefing.json").read_text())
    for ex in briefing.articles:
        assert ArticleExtraction.model_validate_json((out / f"{Path(ex.file).stem}.json").read_text()) == ex


def test_no_claim_or_actor_from_page_clutter(recorded: tuple[Any, Path]) -> None:
    _, out = recorded
    briefing = Briefing.model_validate_json((out / "briefing.json").read_text())
    clutter = [
        "Khmeimim",
        "Gunvor",
        "Tashiev",
        "Kozhamzharov",
        "Flickr",
        "WhatsApp",
        "washingtonpost",
        "No comments yet",
        "Cnews Live",
        "World Russia Society",
    ]
    for ex in briefing.articles:
        for c in ex.claims:
            assert not any(x in c.quote for x in clutter), c.quote
        for a in ex.actors:
            assert not any(x in " ".join(a.aliases) for x in clutter), a


def test_markdown_is_deterministic_across_runs(recorded: tuple[Any, Path], base_url: str, tmp_path: Path) -> None:
    """A second run, answered from the cassette again (not from the answer cache), is byte-identical."""
    if RECORD:
        pytest.skip("determinism is checked on replay")
    first, first_out = recorded
    second = run_recorded(CASSETTE, CORPUS, tmp_path, base_url, "--no-cache")
    again = Briefing.model_validate_json((tmp_path / "briefing.json").read_text())
    assert again.run is not None and again.run.usage.cache_hits == 0 and again.run.usage.calls > 50
    assert second.stdout == first.stdout


def test_markdown_cites_only_text_from_the_articles(recorded: tuple[Any, Path]) -> None:
    result, _ = recorded
    corpus = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in CORPUS.glob("*.txt"))
    quotes = re.findall(r"“((?:[^“”\\]|\\.)+?)”\s*\[S\d\]", result.stdout)
    assert quotes
    for q in quotes:  # the Markdown escapes, entities and code marks of inert text undone
        q = q.replace("&#46;", ".").replace("&#58;", ":").replace("`@`", "@")
        assert re.sub(r"\\(.)", r"\1", q) in corpus


def test_brief_eval_figures_do_not_regress(recorded: tuple[Any, Path]) -> None:
    """`brief eval` on the replayed run; a figure below the recorded floor fails the build."""
    if not GOLD.exists():
        if os.environ.get("CI"):
            pytest.fail(f"gold annotations missing at {GOLD}: CI expects shared/ beside the checkout")
        pytest.skip("gold annotations not available next to the checkout")
    _, out = recorded
    r = CliRunner().invoke(app, ["eval", str(GOLD), str(CORPUS), "--briefing-json", str(out / "briefing.json")])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)["summary"]
    print("\nbrief eval (sample corpus, replayed embedded-model run):\n" + json.dumps(summary, indent=1))
    floor = json.loads((CASSETTES / "eval_floor.json").read_text())
    assert summary["quote_exact_rate"] == 1.0
    assert summary["contradictions"]["trap_false_positives"] <= floor.pop("trap_false_positives_max", 0)
    for key, minimum in floor.items():
        value = summary[key] if "." not in key else summary[key.split(".")[0]][key.split(".")[1]]
        assert value >= minimum, f"{key} fell to {value} (recorded floor {minimum})"


def test_the_candidate_bench_reads_the_replayed_briefing(recorded: tuple[Any, Path]) -> None:
    """bench/candidates.py stays runnable; pairs across questions only add to those inside them."""
    if not GOLD.exists():
        pytest.skip("gold annotations not available next to the checkout")
    import subprocess
    import sys

    _, out = recorded
    r = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "candidates.py"), str(out / "briefing.json"), "--gold", str(GOLD)],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = {line.split("|")[1].strip(): [int(x) for x in line.split("|")[2:-1]] for line in r.stdout.splitlines()[2:]}
    assert set(rows) == {"agreements", "contradictions"}
    for total, extracted, inside, anywhere in rows.values():
        assert total >= extracted and anywhere >= inside


def test_every_request_was_answered_from_the_cassette(recorded: tuple[Any, Path]) -> None:
    """A request missing from the cassette surfaces as a connection error: fail loudly, with the fix."""
    _, out = recorded
    briefing = Briefing.model_validate_json((out / "briefing.json").read_text())
    unanswered = [w for w in briefing.reconcile_warnings if "cannot connect" in w]
    unanswered += [w for ex in briefing.articles for w in ex.warnings if "cannot connect" in w]
    # An article all of whose requests went unanswered is not among the articles at all: its source says so.
    unanswered += [f"{s.file}: {s.reason}" for s in briefing.sources if s.status != "ok"]
    assert not unanswered, f"requests not in {CASSETTE.name} (prompts changed?): re-record with `make record`"
    assert len(briefing.articles) == len(list(CORPUS.glob("*.txt")))
