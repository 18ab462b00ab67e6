"""Run by .ci/wheel-smoke inside a clean venv holding only the built wheel: `brief` end to end
against the fake OpenAI-compatible server (the package's own `summarizer.testing`) on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import summarizer
from summarizer.testing import FakeServer, keyword_responder


def main(corpus: str, brief: str) -> None:
    here = Path(summarizer.__file__).resolve()
    assert "site-packages" in here.parts, f"imported from the source tree, not the wheel: {here}"
    version = subprocess.run([brief, "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("brief "), version
    out = Path(tempfile.mkdtemp())
    with FakeServer(keyword_responder) as server:
        run = subprocess.run(
            [brief, corpus, "--base-url", server.base_url, "--model", "fake", "--no-cache",
             "-o", str(out / "briefing.md"), "--json-dir", str(out / "json"), "--html", str(out / "review.html")],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout == "", "with -o nothing goes to stdout"
    assert run.stderr.startswith(f"brief: articles go to {server.base_url}, model fake"), run.stderr
    markdown = (out / "briefing.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Briefing: 5 article(s)"), markdown[:200]
    briefing = json.loads((out / "json" / "briefing.json").read_text(encoding="utf-8"))
    claims = sum(len(a["claims"]) for a in briefing["articles"])
    assert claims > 0 and all(s["status"] == "ok" for s in briefing["sources"]), briefing["sources"]
    page = (out / "review.html").read_text(encoding="utf-8")  # the page's script and style ship in the wheel
    assert page.startswith("<!DOCTYPE html>") and "brief-data" in page and len(page) > 20_000, page[:200]
    posts = [r for r in server.requests if r.method == "POST"]
    print(f"wheel: {here.parent}; {len(posts)} requests, {claims} claims, briefing {len(markdown)} chars")
    batch_run(corpus, brief, markdown, out)


def batch_run(corpus: str, brief: str, online: str, out: Path) -> None:
    """`brief --batch` through the fake Batch API: the same briefing as the online run, byte for byte."""
    import os

    from summarizer.batch.fake import FakeBatchServer

    env = {**os.environ, "BRIEF_CACHE_DIR": str(out / "cache"), "BRIEF_BATCH_POLL_S": "0"}
    with FakeBatchServer(keyword_responder) as server:
        run = subprocess.run(
            [brief, corpus, "--batch", "--base-url", server.base_url, "--api-key", "x", "--model", "fake",
             "--no-cache", "-q"],
            capture_output=True, text=True, timeout=600, env=env,
        )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout == online, "a batch run must give the online run's briefing"
    print(f"wheel: --batch gave the same briefing through {len(server.batches)} batch jobs")


if __name__ == "__main__":
    main(*sys.argv[1:])
