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
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .cache import AnswerCache, CachedLLM
from .corpus import Article, load_corpus
from .dates import publication_date
from .decisions import Review, load_decisions
from .errors import ConfigError, LLMError
from .extract import extract_article
from .llm import FatalLLMError, LLMSettings, OpenAICompatible, StructuredLLM
from .reconcile import reconcile
from .render import render_json, render_tables
from .schemas import ArticleExtraction, Briefing, PublicationDate, RunInfo, SourceStatus, Usage

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
    run_deadline_s: float | None = None  # no request starts after this many seconds (--deadline)
    decisions: Path | None = None  # an editor's decisions.json from the review page (decisions.py)
    preflight: bool = True  # check a remote server once before the first article
    preflight_timeout_s: float = 10.0  # how long the check waits for GET /models
    # A bug (TypeError, KeyError, …) in one article: recorded as that article's failure, or raised
    # when strict (BRIEF_STRICT=1; the test suite sets it, so bugs surface in tests).
    strict: bool = field(default_factory=lambda: os.environ.get("BRIEF_STRICT") == "1")
    settings: dict[str, Any] = field(default_factory=dict)  # LLMSettings overrides
    batch: Any = None  # a batch.Session: requests wait for batch jobs (batch/, `--batch`)
    embedder: Any = None  # sentence embeddings for reconciling (None: the MiniLM model)

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
    if config.batch is not None:  # no server to check: the requests go into batch jobs
        settings = LLMSettings(
            model=config.model or DEFAULT_OPENAI_MODEL, base_url=config.base_url, api_key=None, **config.settings
        )
        yield _cached(config.batch.new_llm(settings), settings, config, remember_invalid=False)
        return
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
    import sqlite3

    from .cache import default_cache

    try:
        cache = default_cache()
    except (sqlite3.Error, OSError) as e:  # corrupt file, read-only or full disk: no cache, one warning
        log.warning("answer cache unusable (%s): going on without it; `brief cache clear` resets it", e)
        return llm
    return CachedLLM(llm, cache, settings, remember_invalid=remember_invalid)


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


class RunDeadline:
    """The run's deadline: no request starts after it. What was not asked is reported like any
    failed request (windows "not extracted", pairs "could not be judged"), and the briefing is
    built from what was answered; a request in flight keeps its own bound."""

    def __init__(self, inner: StructuredLLM, deadline_s: float, clock: Callable[[], float] = time.monotonic):
        self.inner = inner
        self.model = inner.model
        self.deadline_s = deadline_s
        self.clock = clock
        self.until = clock() + deadline_s

    def _check(self) -> None:
        if self.clock() > self.until:
            raise LLMError(f"the run's deadline of {self.deadline_s:g} s passed: not asked")

    def structured(self, messages: Any, response_model: Any, usage: Usage) -> Any:
        self._check()
        return self.inner.structured(messages, response_model, usage)

    def yes_no(self, messages: Any, usage: Usage) -> Any:
        self._check()
        return self.inner.yes_no(messages, usage)


class TokenBudget:
    """`--max-tokens-total` as a promise: no request starts once the budget is spent (extraction and
    relations alike), so it is exceeded by at most the requests already in flight."""

    def __init__(self, inner: StructuredLLM, limit: int):
        self.inner = inner
        self.model = inner.model
        self.limit = limit
        self.spent = 0
        self._lock = threading.Lock()

    def _call(self, usage: Usage, ask: Callable[[Usage], Any]) -> Any:
        with self._lock:
            if self.spent >= self.limit:
                raise LLMError(f"the token budget of {self.limit} is spent ({self.spent} tokens): not asked")
        own = Usage()
        try:
            return ask(own)
        finally:
            usage.add(own)
            with self._lock:
                self.spent += own.prompt_tokens + own.completion_tokens

    def structured(self, messages: Any, response_model: Any, usage: Usage) -> Any:
        return self._call(usage, lambda own: self.inner.structured(messages, response_model, own))

    def yes_no(self, messages: Any, usage: Usage) -> Any:
        return self._call(usage, lambda own: self.inner.yes_no(messages, own))


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
    run_id = f"{started:%Y%m%dT%H%M%S}-{os.urandom(3).hex()}"
    review = Review(load_decisions(config.decisions), str(config.decisions)) if config.decisions else None
    corpus = load_corpus(config.corpus_dir, recursive=config.recursive)
    if config.json_dir is not None:
        # briefing.json is written last: while it is missing, the folder holds no finished run, and
        # every article file names its run, so an interrupted run can never pass for a finished one.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(config.json_dir / "briefing.json")
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
        if config.run_deadline_s is not None:
            the_llm = RunDeadline(the_llm, config.run_deadline_s)
        budget = TokenBudget(the_llm, config.max_tokens_total) if config.max_tokens_total is not None else None
        the_llm = budget or the_llm
        failed_usage = Usage()
        extractions = extract_all(corpus.articles, the_llm, config, sources, progress, budget, run_id, failed_usage)
        if config.batch is not None:
            config.batch.checkpoint()  # the extraction stage must be answered before anything builds on it
        for ex in extractions:
            total.add(ex.usage)
        total.add(failed_usage)  # failed articles' attempts cost tokens too
        model = getattr(the_llm, "model", "unknown")
        if progress:
            progress("reconciling", len(corpus.articles), len(corpus.articles))
        if review is not None:
            review.apply_speakers(extractions)
        briefing = reconcile(
            extractions,
            [sources[f] for f in sorted(sources)],
            llm=the_llm if config.relations else None,
            workers=config.workers(),
            embedder=config.embedder,
            review=review,
        )
    total.add(briefing.reconcile_usage)
    briefing.run = RunInfo(
        model=model,
        backend="injected" if llm else "batch" if config.batch is not None else config.resolved_backend(),
        started=started.isoformat(timespec="seconds"),
        seconds=round(time.perf_counter() - t0, 2),
        usage=total,
        run_id=run_id,
        failed_usage=failed_usage,
    )
    if review is not None:
        briefing.review = review.report
        for line in review.report.stale:
            log.warning("stale decision, not applied: %s", line)
    if config.json_dir:
        for name, text in render_tables(briefing).items():
            write_atomic(config.json_dir / name, text)
        write_atomic(config.json_dir / "briefing.json", render_json(briefing))
    return briefing


def extract_all(
    articles: list[Article],
    llm: StructuredLLM,
    config: Config,
    sources: dict[str, SourceStatus],
    progress: Progress | None,
    budget: TokenBudget | None = None,
    run_id: str | None = None,
    failed_usage: Usage | None = None,
) -> list[ArticleExtraction]:
    """Extract every article, `config.concurrency` at a time; results keep the corpus order."""
    results: dict[str, ArticleExtraction] = {}
    failed_usage = failed_usage if failed_usage is not None else Usage()
    done = 0
    lock = threading.Lock()  # the counters and dicts are shared by the worker threads
    # What each article's own page says of its date (code only); a dateline without a year takes the
    # year nearest to the others'. Read once here, handed to the extraction.
    own = {a.file: publication_date(a) for a in articles}
    dated = sorted({p.value for p in own.values() if p.value})
    pubs = {a.file: own[a.file] if own[a.file].value else publication_date(a, dated) for a in articles}

    def one(article: Article) -> None:
        nonlocal done
        with lock:
            over = budget is not None and budget.spent >= budget.limit
            if budget is not None and over:
                sources[article.file] = SourceStatus(
                    file=article.file,
                    status="skipped",
                    title=article.title,
                    outlet=article.outlet,
                    reason=f"token budget of {budget.limit} spent ({budget.spent} tokens) before this article",
                )
                done += 1
        if over:
            return
        ex = extract_one(article, llm, config, sources, lock, run_id, failed_usage, pubs[article.file])
        with lock:
            if ex is not None:
                results[article.file] = ex
            done += 1
            finished = done
        if progress:
            progress(article.file, finished, len(articles))

    if progress:
        progress(articles[0].file if articles else "", 0, len(articles))
    workers = config.workers()
    if workers <= 1:
        for article in articles:
            one(article)
    else:
        pool = ThreadPoolExecutor(max_workers=workers)
        try:
            for future in [pool.submit(one, a) for a in articles]:
                future.result()  # re-raises FatalLLMError / UserError from a worker
        finally:
            # Ctrl-C or a fatal error: queued articles are never sent; requests in flight may finish.
            pool.shutdown(wait=True, cancel_futures=True)
    return [results[a.file] for a in articles if a.file in results]


def extract_one(
    article: Article,
    llm: StructuredLLM,
    config: Config,
    sources: dict[str, SourceStatus],
    lock: threading.Lock | None = None,
    run_id: str | None = None,
    failed_usage: Usage | None = None,
    publication: PublicationDate | None = None,
) -> ArticleExtraction | None:
    """One article; its failure is recorded in `sources` and costs no other article; what its
    failed attempts cost is added to `failed_usage`."""
    failed_usage = failed_usage if failed_usage is not None else Usage()
    lock = lock or threading.Lock()
    try:
        # The embedded model on a busy CPU is slow, not stuck: its requests have progress-based
        # limits instead, and a per-article wall clock would only drop windows it is computing.
        deadline = config.deadline_s if config.resolved_backend() == "openai" else None
        ex, failed = extract_article(article, llm, deadline_s=deadline, publication=publication)
    except FatalLLMError:
        raise
    except (LLMError, ValueError, KeyError, IndexError, TypeError, AttributeError) as e:
        # A bug met by one article must not cost the others in a user's run; in tests it surfaces.
        if config.strict and not isinstance(e, LLMError):
            raise
        reason = str(e) if isinstance(e, LLMError) else f"internal error ({type(e).__name__}): {e}; please report"
        with lock:
            sources[article.file] = SourceStatus(
                file=article.file, status="failed", reason=reason[:500], title=article.title, outlet=article.outlet
            )
        if isinstance(e, LLMError) and isinstance(e.usage, Usage):
            with lock:
                failed_usage.add(e.usage)
        if isinstance(e, LLMError):
            log.warning("%s: failed: %s", article.file, reason)
        else:
            log.warning("%s: failed: %s", article.file, reason, exc_info=True)
        return None
    with lock:
        sources[article.file] = SourceStatus(
            file=article.file,
            status="partial" if failed else "ok",
            reason=f"{len(failed)} part(s) not extracted" if failed else None,
            title=ex.title,
            outlet=ex.outlet,
            publication_date=ex.publication_date,
        )
    ex.run_id = run_id
    if config.json_dir:
        write_atomic(json_path(config.json_dir, article.key), render_json(ex))
    return ex


def exit_code(briefing: Briefing) -> int:
    """0 when every file was fully processed (duplicates aside), else 1."""
    bad = [s for s in briefing.sources if s.status != "ok" and not s.duplicate_of]
    return 1 if bad else 0
