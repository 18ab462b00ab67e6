"""The same corpus gives byte-identical Markdown in separate processes (no hash-order dependence:
a set iterated in hash order once changed roles, speakers and hence recorded requests)."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import ROOT

SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from summarizer.pipeline import Config, run
from summarizer.render import render_markdown
from summarizer.testing import FakeLLM
from summarizer.testing import keyword_responder
b = run(Config(Path({root!r}) / "corpus"), llm=FakeLLM(responder=keyword_responder))
sys.stdout.write(render_markdown(b))
"""


def render_with_seed(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(root=str(ROOT))],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return out.stdout


def test_markdown_is_identical_across_hash_seeds() -> None:
    first = render_with_seed("1")
    assert first.startswith("# Briefing")
    assert render_with_seed("2") == first
    assert render_with_seed("3") == first
