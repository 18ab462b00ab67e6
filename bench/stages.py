"""Where the embedded model's time goes, stage by stage, from a recorded run (issue 15, part 1).

    python bench/stages.py cassettes/corpus_embedded.yaml [OTHER.yaml ...] [--markdown]

A cassette is the HTTP traffic of one live run against llama.cpp (recorded by `make record`); every
answer carries the server's own `timings` (prompt tokens evaluated, prompt tokens reused from the
prompt cache, generated tokens, milliseconds for each). This prints, per stage, the calls, the
prompt tokens (new / reused), the seconds spent on them, the generated tokens and their seconds.
Stages are told apart by what the request asks for: the extraction schema, a re-ask (the model's
own answer sent back with the errors), a question name, a yes/no read from log-probabilities.
Give two cassettes (e.g. `git show OLD:cassettes/corpus_embedded.yaml > /tmp/old.yaml`) to compare.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

FIELDS = ("calls", "cache_n", "prompt_n", "prompt_ms", "predicted_n", "predicted_ms")
_TIMINGS = re.compile(r'"timings":(\{[^{}]*\})')


def stage_of(body: dict[str, Any]) -> str:
    messages = body.get("messages") or []
    schema = ((body.get("response_format") or {}).get("json_schema") or {}).get("name")
    if body.get("logprobs"):
        name = "relation yes/no"
    elif schema == "WindowExtraction":
        name = "extraction"
    elif schema == "QuestionLabel":
        name = "question names"
    elif schema == "Check":
        name = "server check"
    elif schema:
        name = f"other ({schema})"
    else:
        name = "other"
    return f"{name}, re-ask" if any(m.get("role") == "assistant" for m in messages) else name


def table(cassette: Path) -> dict[str, Counter[str]]:
    rows: dict[str, Counter[str]] = {}
    for it in yaml.safe_load(cassette.read_text(encoding="utf-8"))["interactions"]:
        raw = it["request"].get("body")
        try:
            body = json.loads(raw)
        except (TypeError, ValueError):
            continue  # not a chat request (e.g. a model listing)
        row = rows.setdefault(stage_of(body), Counter())
        row["calls"] += 1
        text = it["response"]["body"].get("string") or ""
        found = _TIMINGS.findall(text if isinstance(text, str) else text.decode("utf-8", "replace"))
        if found:
            t = json.loads(found[-1])
            for k in FIELDS[1:]:
                row[k] += t.get(k, 0)
    return rows


def render(name: str, rows: dict[str, Counter[str]], markdown: bool) -> str:
    total: Counter[str] = Counter()
    for r in rows.values():
        total.update(r)
    head = ["stage", "calls", "prompt tokens new", "reused from cache", "prompt s", "generated tokens", "generation s"]
    lines = []
    for stage, r in [*sorted(rows.items()), ("total", total)]:
        lines.append(
            [
                stage,
                str(r["calls"]),
                f"{r['prompt_n']:,}",
                f"{r['cache_n']:,}",
                f"{r['prompt_ms'] / 1000:.1f}",
                f"{r['predicted_n']:,}",
                f"{r['predicted_ms'] / 1000:.1f}",
            ]
        )
    if markdown:
        out = [f"**{name}** (model seconds {(total['prompt_ms'] + total['predicted_ms']) / 1000:.0f})", ""]
        out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(x) + " |" for x in lines]
        return "\n".join(out)
    widths = [max(len(x[i]) for x in [head, *lines]) for i in range(len(head))]
    fmt = "  ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths))
    return "\n".join([name, fmt.format(*head), *(fmt.format(*x) for x in lines)])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("cassettes", nargs="+", type=Path)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    for c in args.cassettes:
        print(render(str(c), table(c), args.markdown))
        print()


if __name__ == "__main__":
    sys.exit(main())
