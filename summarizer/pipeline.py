"""The core function: a corpus directory in, a `Briefing` out.

load_corpus → extract_article (per article, failures isolated) → reconcile → Briefing
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus import load_corpus
from .errors import ConfigError, LLMError
from .extract import extract_article
from .llm import FatalLLMError, LLMSettings, OpenAICompatible, StructuredLLM
from .reconcile import reconcile
from .render import render_json
from .schemas import ArticleExtraction, Briefing, RunInfo, SourceStatus, Usage

log = logging.getLogger(__name__)
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


@dataclass
class Config:
    """Everything a run needs; built by the CLI from flags and environment."""

    corpus_dir: Path
    backend: str | None = None  # "local" | "openai" | None (choose)
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    json_dir: Path | None = None
    threads: int | None = None
    relations: bool = True  # judge cross-source relations with the LLM (False: extraction + actors only)
    settings: dict[str, Any] = field(default_factory=dict)  # LLMSettings overrides

    def resolved_backend(self) -> str:
        """openai when a key or base URL is configured, else the embedded local model."""
        if self.backend:
            if self.backend not in ("local", "openai"):
                raise ConfigError(f"--backend must be 'local' or 'openai', not {self.backend!r}")
            return self.backend
        return "openai" if (self.base_url or self.api_key) else "local"


Progress = Callable[[str, int, int], None]  # (file, done, total)


@contextlib.contextmanager
def open_llm(config: Config) -> Iterator[StructuredLLM]:
    """The configured LLM; for the local backend, the embedded server lives exactly this long."""
    backend = config.resolved_backend()
    if backend == "openai":
        if config.base_url is None and config.api_key is None:
            raise ConfigError("--backend openai needs OPENAI_API_KEY or --base-url/OPENAI_BASE_URL")
        if config.base_url and not config.base_url.startswith(("http://", "https://")):
            raise ConfigError(f"--base-url must start with http:// or https://, got {config.base_url!r}")
        if config.base_url and not config.model:
            raise ConfigError("--model is required with a custom --base-url (the server's model name)")
        model = config.model or DEFAULT_OPENAI_MODEL
        yield OpenAICompatible(
            LLMSettings(model=model, base_url=config.base_url, api_key=config.api_key, **config.settings)
        )
        return
    from .local_model import DEFAULT_LOCAL_MODEL, EmbeddedServer, model_file

    model = config.model or DEFAULT_LOCAL_MODEL
    path = model_file(model)
    with EmbeddedServer(path, alias=model, threads=config.threads) as server:
        yield OpenAICompatible(LLMSettings(model=model, base_url=server.base_url, api_key="local", **config.settings))


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory and rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def run(config: Config, llm: StructuredLLM | None = None, progress: Progress | None = None) -> Briefing:
    """Build the briefing for `config.corpus_dir`. Per-article failures are recorded, not raised."""
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    corpus = load_corpus(config.corpus_dir)
    sources: dict[str, SourceStatus] = {}
    for file, reason in corpus.skipped.items():
        sources[file] = SourceStatus(file=file, status="skipped", reason=reason)
        log.warning("%s: skipped: %s", file, reason)
    for file, original in corpus.duplicates.items():
        sources[file] = SourceStatus(
            file=file, status="skipped", reason=f"byte-identical to {original}", duplicate_of=original
        )
    extractions: list[ArticleExtraction] = []
    total = Usage()
    with contextlib.ExitStack() as stack:
        the_llm = llm if llm is not None else stack.enter_context(open_llm(config))
        for i, article in enumerate(corpus.articles):
            if progress:
                progress(article.file, i, len(corpus.articles))
            try:
                ex, failed = extract_article(article, the_llm)
            except FatalLLMError:
                raise
            except (LLMError, ValueError, KeyError, IndexError, TypeError) as e:
                # An unexpected error in one article (a bug, odd model output) must not cost the others.
                reason = str(e) if isinstance(e, LLMError) else f"internal error ({type(e).__name__}): {e}"
                sources[article.file] = SourceStatus(
                    file=article.file, status="failed", reason=reason[:500], title=article.title, outlet=article.outlet
                )
                log.warning("%s: failed: %s", article.file, reason)
                continue
            extractions.append(ex)
            _add(total, ex.usage)
            sources[article.file] = SourceStatus(
                file=article.file,
                status="partial" if failed else "ok",
                reason=f"{len(failed)} part(s) not extracted" if failed else None,
                title=ex.title,
                outlet=ex.outlet,
                publication_date=ex.publication_date,
            )
            if config.json_dir:
                write_atomic(config.json_dir / f"{Path(article.file).stem}.json", render_json(ex))
        model = getattr(the_llm, "model", "unknown")
        if progress:
            progress("reconciling", len(corpus.articles), len(corpus.articles))
        briefing = reconcile(
            extractions, [sources[f] for f in sorted(sources)], llm=the_llm if config.relations else None
        )
    _add(total, briefing.reconcile_usage)
    briefing.run = RunInfo(
        model=model,
        backend="injected" if llm else config.resolved_backend(),
        started=started.isoformat(timespec="seconds"),
        seconds=round(time.perf_counter() - t0, 2),
        usage=total,
    )
    if config.json_dir:
        write_atomic(config.json_dir / "briefing.json", render_json(briefing))
    return briefing


def _add(total: Usage, u: Usage) -> None:
    total.calls += u.calls
    total.attempts += u.attempts
    total.prompt_tokens += u.prompt_tokens
    total.completion_tokens += u.completion_tokens
    total.seconds = round(total.seconds + u.seconds, 3)


def exit_code(briefing: Briefing) -> int:
    """0 when every file was fully processed (duplicates aside), else 1."""
    bad = [s for s in briefing.sources if s.status != "ok" and not s.duplicate_of]
    return 1 if bad else 0
