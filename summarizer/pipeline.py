"""The core function: a corpus directory in, a `Briefing` out.

load_corpus → extract_article (per article, failures isolated) → reconcile → Briefing
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .cache import AnswerCache, CachedLLM
from .corpus import Article, load_corpus
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

    corpus_dir: Path | list[Path]  # a folder, or several folders and files
    recursive: bool = False  # read sub-folders too
    backend: str | None = None  # "local" | "openai" | None (choose)
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = None
    json_dir: Path | None = None
    threads: int | None = None
    relations: bool = True  # judge cross-source relations with the LLM (False: extraction + actors only)
    cache: bool = True  # answer repeated LLM requests from the per-user cache
    concurrency: int | None = None  # articles in flight at once; None: see workers()
    deadline_s: float | None = 900.0  # per article on a remote server: no new window starts after this
    max_tokens_total: int | None = None  # stop starting articles once this many tokens are spent
    preflight: bool = True  # check a remote server once before the first article
    preflight_timeout_s: float = 10.0  # how long the check waits for GET /models
    settings: dict[str, Any] = field(default_factory=dict)  # LLMSettings overrides

    def workers(self) -> int:
        """Requests in flight (articles while extracting, pairs while judging): 4 for a remote server;
        1 for the embedded model (measured: see README)."""
        return self.concurrency or (4 if self.resolved_backend() == "openai" else 1)

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
    """The configured LLM; the embedded server starts on the first request that the cache cannot
    answer and stops when this block ends (errors and Ctrl-C included)."""
    backend = config.resolved_backend()
    if backend == "openai":
        if config.base_url is None and config.api_key is None:
            raise ConfigError("--backend openai needs OPENAI_API_KEY or --base-url/OPENAI_BASE_URL")
        if config.base_url and not config.base_url.startswith(("http://", "https://")):
            raise ConfigError(f"--base-url must start with http:// or https://, got {config.base_url!r}")
        if config.base_url and not config.model:
            raise ConfigError("--model is required with a custom --base-url (the server's model name)")
        settings = LLMSettings(
            model=config.model or DEFAULT_OPENAI_MODEL,
            base_url=config.base_url,
            api_key=config.api_key,
            **config.settings,
        )
        remote = OpenAICompatible(settings)
        if config.preflight:  # a run that cannot work ends here, with one line
            remote.preflight(config.preflight_timeout_s)
        log.info("articles go to %s, model %s", remote.server, settings.model)
        yield _cached(remote, settings, config, remember_invalid=False)
        return
    from .local_model import DEFAULT_LOCAL_MODEL, LazyLocalLLM

    # One server of our own, deterministic: a request that timed out is never sent again (the same
    # request would only repeat the same work); its limits follow progress (streaming.py).
    settings = LLMSettings(
        model=config.model or DEFAULT_LOCAL_MODEL, api_key="local", **{"http_retries": 0, **config.settings}
    )
    log.info("articles stay on this machine: embedded model %s", settings.model)
    with LazyLocalLLM(settings, threads=config.threads) as llm:
        yield _cached(llm, settings, config, remember_invalid=True)


def _cached(llm: StructuredLLM, settings: LLMSettings, config: Config, remember_invalid: bool) -> StructuredLLM:
    if not config.cache:
        return llm
    from .cache import default_cache

    return CachedLLM(llm, default_cache(), settings, remember_invalid=remember_invalid)


OPENAI_HOSTS = {"api.openai.com"}


def api_key_for(base_url: str | None, explicit: str | None, environ: Mapping[str, str]) -> str | None:
    """The key to send: the one given for this server (--api-key, BRIEF_API_KEY), else OPENAI_API_KEY
    but only to OpenAI itself; a key issued by OpenAI is never sent to another host."""
    if explicit:
        return explicit
    key = environ.get("OPENAI_API_KEY") or None
    if key is None or base_url is None:
        return key
    url = urlsplit(base_url)
    return key if url.scheme == "https" and (url.hostname or "").lower() in OPENAI_HOSTS else None


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same directory and rename: never a half-written file, and
    the file gets the permissions of any new file (umask), not mkstemp's private 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".brief-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def json_path(json_dir: Path, key: str) -> Path:
    """Where an article's JSON goes: `<key>.json`, sub-folders mirrored; a name part too long for
    the file system is shortened, with a hash of the whole so two long names never collide."""
    parts = key.split("/")
    safe = []
    for i, part in enumerate(parts):
        name = part + (".json" if i == len(parts) - 1 else "")
        if len(name.encode("utf-8")) > 200 or part in ("", ".", ".."):
            digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
            name = part.encode("utf-8")[:120].decode("utf-8", "ignore") + f"-{digest}" + name[len(part) :]
        safe.append(name)
    return json_dir.joinpath(*safe)


def run(
    config: Config, llm: StructuredLLM | None = None, progress: Progress | None = None, cache: AnswerCache | None = None
) -> Briefing:
    """Build the briefing for `config.corpus_dir`. Per-article failures are recorded, not raised.

    `llm` replaces the configured backend (tests, benchmarks); it is cached only if `cache` is given.
    """
    started = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    corpus = load_corpus(config.corpus_dir, recursive=config.recursive)
    sources: dict[str, SourceStatus] = {}
    for file, reason in corpus.skipped.items():
        sources[file] = SourceStatus(file=file, status="skipped", reason=reason)
        log.warning("%s: skipped: %s", file, reason)
    for file, original in corpus.duplicates.items():
        sources[file] = SourceStatus(
            file=file, status="skipped", reason=f"byte-identical to {original}", duplicate_of=original
        )
    total = Usage()
    with contextlib.ExitStack() as stack:
        if llm is not None:
            the_llm: StructuredLLM = CachedLLM(llm, cache) if cache is not None else llm
        else:
            the_llm = stack.enter_context(open_llm(config))
        extractions = extract_all(corpus.articles, the_llm, config, sources, progress)
        for ex in extractions:
            total.add(ex.usage)
        model = getattr(the_llm, "model", "unknown")
        if progress:
            progress("reconciling", len(corpus.articles), len(corpus.articles))
        briefing = reconcile(
            extractions,
            [sources[f] for f in sorted(sources)],
            llm=the_llm if config.relations else None,
            workers=config.workers(),
        )
    total.add(briefing.reconcile_usage)
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


def extract_all(
    articles: list[Article],
    llm: StructuredLLM,
    config: Config,
    sources: dict[str, SourceStatus],
    progress: Progress | None,
) -> list[ArticleExtraction]:
    """Extract every article, `config.concurrency` at a time; results keep the corpus order."""
    results: dict[str, ArticleExtraction] = {}
    done = spent = 0

    def one(article: Article) -> None:
        nonlocal done, spent
        if config.max_tokens_total is not None and spent >= config.max_tokens_total:
            sources[article.file] = SourceStatus(
                file=article.file,
                status="skipped",
                title=article.title,
                outlet=article.outlet,
                reason=f"token budget of {config.max_tokens_total} spent ({spent} tokens) before this article",
            )
            done += 1
            return
        ex = extract_one(article, llm, config, sources)
        if ex is not None:
            results[article.file] = ex
            spent += ex.usage.prompt_tokens + ex.usage.completion_tokens
        done += 1
        if progress:
            progress(article.file, done, len(articles))

    if progress:
        progress(articles[0].file if articles else "", 0, len(articles))
    workers = config.workers()
    if workers <= 1:
        for article in articles:
            one(article)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(one, a) for a in articles]:
                future.result()  # re-raises FatalLLMError / UserError from a worker
    return [results[a.file] for a in articles if a.file in results]


def extract_one(
    article: Article, llm: StructuredLLM, config: Config, sources: dict[str, SourceStatus]
) -> ArticleExtraction | None:
    """One article; its failure is recorded in `sources` and costs no other article."""
    try:
        # The embedded model on a busy CPU is slow, not stuck: its requests have progress-based
        # limits instead, and a per-article wall clock would only drop windows it is computing.
        deadline = config.deadline_s if config.resolved_backend() == "openai" else None
        ex, failed = extract_article(article, llm, deadline_s=deadline)
    except FatalLLMError:
        raise
    except (LLMError, ValueError, KeyError, IndexError, TypeError) as e:
        # An unexpected error in one article (a bug, odd model output) must not cost the others.
        reason = str(e) if isinstance(e, LLMError) else f"internal error ({type(e).__name__}): {e}"
        sources[article.file] = SourceStatus(
            file=article.file, status="failed", reason=reason[:500], title=article.title, outlet=article.outlet
        )
        log.warning("%s: failed: %s", article.file, reason)
        return None
    sources[article.file] = SourceStatus(
        file=article.file,
        status="partial" if failed else "ok",
        reason=f"{len(failed)} part(s) not extracted" if failed else None,
        title=ex.title,
        outlet=ex.outlet,
        publication_date=ex.publication_date,
    )
    if config.json_dir:
        write_atomic(json_path(config.json_dir, article.key), render_json(ex))
    return ex


def exit_code(briefing: Briefing) -> int:
    """0 when every file was fully processed (duplicates aside), else 1."""
    bad = [s for s in briefing.sources if s.status != "ok" and not s.duplicate_of]
    return 1 if bad else 0
