"""Cassette hygiene: safe YAML only, no secrets, no cookies, bodies are JSON."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from .conftest import CASSETTES, SCRUB_HEADERS

FILES = sorted(CASSETTES.glob("*.yaml"))
SECRET = re.compile(r"sk-[A-Za-z0-9_\-]{16,}|Bearer\s+[A-Za-z0-9._\-]{8,}|[Ss]et-[Cc]ookie|[Cc]ookie:")


def test_there_are_cassettes() -> None:
    assert FILES, "no cassettes: record them with `make record`"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_cassette_is_safe_yaml_without_secrets(path) -> None:  # type: ignore[no-untyped-def]
    text = path.read_text(encoding="utf-8")
    assert not SECRET.search(text), f"{path.name} holds something that looks like a secret"
    data = yaml.safe_load(text)
    assert data["interactions"]
    for i in data["interactions"]:
        for h in list(i["request"].get("headers", {})) + list(i["response"].get("headers", {})):
            assert h.lower() not in SCRUB_HEADERS, f"{path.name}: header {h} was recorded"
        if i["request"]["method"] == "GET":  # the server check (GET /v1/models) has no body
            assert i["request"]["uri"].endswith("/models") and not i["request"]["body"]
            continue
        body = json.loads(i["request"]["body"])
        assert body["model"] and body["messages"]


def test_stage_table_reads_every_recorded_request() -> None:
    """`make stages` (bench/stages.py): every chat request of the recorded run lands in a stage,
    with the server's own timings, so the table accounts for the whole run."""
    import sys

    sys.path.insert(0, str(CASSETTES.parent))
    from bench.stages import table

    path = CASSETTES / "corpus_embedded.yaml"
    rows = table(path)
    chat = [i for i in yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"] if i["request"]["body"]]
    assert sum(r["calls"] for r in rows.values()) == len(chat)
    assert {"extraction", "question names", "relation yes/no"} <= set(rows)
    assert all(r["prompt_ms"] > 0 and r["prompt_n"] + r["cache_n"] > 0 for r in rows.values())
    assert rows["relation yes/no"]["predicted_n"] == rows["relation yes/no"]["calls"]  # one token each
