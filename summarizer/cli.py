"""`brief`: parse flags, call the core, write the result, map errors to exit codes.

    brief [OPTIONS] CORPUS… [-o FILE] [--json-dir DIR] [--html FILE] [--decisions FILE] [--model M] …
    brief review JSON_DIR -o review.html
    brief schema [--out schemas/ | --out -]
    brief --version
    brief eval GOLD.json CORPUS_DIR [--json-dir DIR]

Exit codes: 0 all articles done; 1 briefing produced but some file failed; 2 usage/config error;
3 batch requests written (--batch-export/--batch-import): run them, then import the results.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .batch.api import BatchWaiting
from .errors import BriefError, UserError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Turn a folder of news articles into one contradiction-aware, source-grounded briefing.",
)
COMMANDS = {"run", "schema", "eval", "cache", "review"}


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"brief: error: {message}", err=True)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("brief")
        except PackageNotFoundError:  # running from a source tree that was never installed
            v = "unknown (not installed)"
        typer.echo(f"brief {v}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", "-V", is_eager=True, callback=_version, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn a folder of news articles into one contradiction-aware, source-grounded briefing."""


@app.command("run")
def run_cmd(
    corpus: Annotated[list[Path], typer.Argument(help="Folders of articles and/or article files (.txt, .md, .html).")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the briefing to FILE (atomically: a failed run keeps the old file)."
        ),
    ] = None,
    json_dir: Annotated[
        Path | None,
        typer.Option(help="Write <article>.json, briefing.json, claims.jsonl and relations.jsonl here."),
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write the editor's review page (one self-contained HTML file).")
    ] = None,
    decisions: Annotated[
        Path | None,
        typer.Option(help="Apply an editor's decisions.json from the review page (stale ones are reported)."),
    ] = None,
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help="Read sub-folders of a corpus folder too.")
    ] = False,
    model: Annotated[str | None, typer.Option(help="Model name (server's name, or an embedded model).")] = None,
    base_url: Annotated[
        str | None, typer.Option(envvar="OPENAI_BASE_URL", help="OpenAI-compatible server URL, ending in /v1.")
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option(
            envvar="BRIEF_API_KEY",
            help="Key for the --base-url server (OPENAI_API_KEY is sent to api.openai.com only).",
            show_envvar=True,
        ),
    ] = None,
    backend: Annotated[
        str | None,
        typer.Option(help="local | openai (default: openai when a key or base URL is configured, else local)."),
    ] = None,
    threads: Annotated[int | None, typer.Option(help="CPU threads for the embedded model.")] = None,
    relations: Annotated[bool, typer.Option(help="Judge cross-source relations with the LLM.")] = True,
    cache: Annotated[bool, typer.Option(help="Reuse cached LLM answers (per-user cache).")] = True,
    max_tokens_total: Annotated[
        int | None, typer.Option(min=1, help="Token budget: articles not started once it is spent are skipped.")
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option(
            min=1, max=64, help="LLM requests in flight: articles, then relation pairs (default: 4 remote, 1 embedded)."
        ),
    ] = None,
    deadline: Annotated[
        float | None,
        typer.Option(min=1, help="Seconds: no model request starts after this; the briefing uses what was answered."),
    ] = None,
    batch: Annotated[
        bool,
        typer.Option(
            "--batch", help="Send each stage as one job to the OpenAI Batch API (resumable: run again to pick it up)."
        ),
    ] = False,
    batch_export: Annotated[
        Path | None,
        typer.Option(help="Write the next stage's requests to DIR as batch JSONL (for vllm run-batch); exit 3."),
    ] = None,
    batch_import: Annotated[
        Path | None,
        typer.Option(help="Read batch result files from DIR and go on; the next stage's requests go to DIR too."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, warnings only on errors.")] = False,
) -> None:
    """Write the Markdown briefing for CORPUS (folders and files) to stdout, or to --output."""
    from .pipeline import exit_code, write_atomic
    from .render import render_markdown

    _logging(quiet)
    try:
        briefing = _briefing(
            quiet,
            corpus_dir=corpus,
            recursive=recursive,
            backend=backend,
            model=model,
            base_url=base_url,
            api_key=api_key,
            json_dir=json_dir,
            threads=threads,
            relations=relations,
            cache=cache,
            concurrency=concurrency,
            max_tokens_total=max_tokens_total,
            run_deadline_s=deadline,
            decisions=decisions,
            batch=(batch, batch_export, batch_import),
        )
    except UserError as e:
        raise _fail(str(e)) from None
    except BatchWaiting as e:
        typer.echo(f"brief: {e}", err=True)
        raise typer.Exit(3) from None
    except BriefError as e:
        raise _fail(str(e), 1) from None
    markdown = render_markdown(briefing)
    if html is not None:
        from .review import build_page

        try:
            write_atomic(html, build_page(briefing))
        except OSError as e:
            raise _fail(f"cannot write {html}: {e.strerror or e}", 1) from None
    if output is None:
        sys.stdout.write(markdown)
        sys.stdout.flush()
    else:
        try:
            write_atomic(output, markdown)
        except OSError as e:
            raise _fail(f"cannot write {output}: {e.strerror or e}", 1) from None
    if briefing.run and not quiet:
        typer.echo(ledger(briefing), err=True)
    raise typer.Exit(exit_code(briefing))


def ledger(briefing: Any) -> str:
    """The token ledger: per article and in total (also stored in briefing.json)."""
    rows = [(ex.file, ex.usage) for ex in briefing.articles] + [("(relations)", briefing.reconcile_usage)]
    if briefing.run.failed_usage.attempts:
        rows.append(("(failed articles)", briefing.run.failed_usage))
    lines = [f"{'article':<34} {'calls':>5} {'tries':>5} {'hits':>5} {'prompt':>8} {'compl.':>7} {'llm s':>7}"]
    for name, u in [*rows, ("TOTAL", briefing.run.usage)]:
        lines.append(
            f"{name[:34]:<34} {u.calls:>5} {u.attempts:>5} {u.cache_hits:>5} {u.prompt_tokens:>8} "
            f"{u.completion_tokens:>7} {u.seconds:>7.1f}"
        )
    lines.append(f"brief: {briefing.run.seconds:.1f} s wall, model {briefing.run.model}")
    from .inert import visible

    return visible("\n".join(lines))


@app.command("review")
def review_cmd(
    json_dir: Annotated[Path, typer.Argument(help="The --json-dir of an earlier run (its briefing.json).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path("review.html"),
) -> None:
    """Write the editor's review page for an earlier run's --json-dir."""
    from pydantic import ValidationError

    from .pipeline import write_atomic
    from .review import build_page
    from .schemas import Briefing

    path = json_dir / "briefing.json" if json_dir.is_dir() else json_dir
    try:
        briefing = Briefing.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise _fail(f"cannot read {path}: {e.strerror or e} (did the run have --json-dir and finish?)") from None
    except ValidationError as e:
        raise _fail(f"{path} is not a briefing.json of this version of brief ({e.error_count()} error(s))") from None
    missing = [ex.file for ex in briefing.articles if ex.text is None]
    if missing:
        raise _fail(f"{path} was written by an older brief without article texts; run brief again with --json-dir")
    try:
        write_atomic(output, build_page(briefing))
    except OSError as e:
        raise _fail(f"cannot write {output}: {e.strerror or e}", 1) from None
    typer.echo(f"brief: review page written to {output}", err=True)


@app.command("cache")
def cache_cmd(action: Annotated[str, typer.Argument(help="info | clear")] = "info") -> None:
    """Show or clear the per-user cache of LLM answers."""
    import sqlite3

    from .cache import AnswerCache, cache_path, clear_cache_file

    if action == "clear":
        typer.echo(f"brief: {clear_cache_file(cache_path())}", err=True)
    elif action == "info":
        try:
            typer.echo(f"{cache_path()}: {AnswerCache(cache_path()).count()} cached answer(s)")
        except (sqlite3.Error, OSError) as e:
            raise _fail(f"{cache_path()} is not a usable cache ({e}): `brief cache clear` removes it", 1) from None
    else:
        raise _fail(f"unknown cache action {action!r} (use info or clear)")


@app.command("schema")
def schema_cmd(
    out: Annotated[Path, typer.Option(help="Directory for the JSON Schemas; - prints them as one JSON object.")] = Path(
        "schemas"
    ),
) -> None:
    """Write the JSON Schema of every output model."""
    import json

    from .pipeline import write_atomic
    from .schemas import json_schemas

    schemas = json_schemas()
    if str(out) == "-":
        bundle = {name: json.loads(text) for name, text in schemas.items()}
        sys.stdout.write(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n")
        return
    for name, text in schemas.items():
        write_atomic(out / name, text)
        typer.echo(str(out / name), err=True)


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Argument(help="Gold annotations (news-briefing-gold/v1).")],
    corpus_dir: Annotated[Path, typer.Argument(help="The corpus the gold describes.")],
    briefing_json: Annotated[Path | None, typer.Option(help="Score this briefing.json instead of running.")] = None,
    json_dir: Annotated[Path | None, typer.Option(help="Also write the run's JSON here.")] = None,
    model: Annotated[str | None, typer.Option()] = None,
    base_url: Annotated[str | None, typer.Option(envvar="OPENAI_BASE_URL")] = None,
    backend: Annotated[str | None, typer.Option()] = None,
    relations: Annotated[bool, typer.Option(help="Judge cross-source relations with the LLM.")] = True,
    details: Annotated[bool, typer.Option(help="Print per-article details too.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Score a briefing of CORPUS_DIR against GOLD and print the metrics as JSON."""
    import json

    from .evaluate import evaluate
    from .schemas import Briefing

    _logging(quiet)
    try:
        if briefing_json is not None:
            briefing = Briefing.model_validate_json(briefing_json.read_text(encoding="utf-8"))
        else:
            briefing = _briefing(
                quiet,
                corpus_dir=corpus_dir,
                backend=backend,
                model=model,
                base_url=base_url,
                json_dir=json_dir,
                relations=relations,
            )
        result = evaluate(gold, corpus_dir, briefing)
    except UserError as e:
        raise _fail(str(e)) from None
    except (OSError, ValueError) as e:
        raise _fail(f"cannot read {gold} or the briefing: {e}") from None
    out = result if details else {k: v for k, v in result.items() if k != "details"}
    sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")


def _briefing(
    quiet: bool,
    api_key: str | None = None,
    batch: tuple[bool, Path | None, Path | None] = (False, None, None),
    **flags: Any,
) -> Any:
    """Flags → Config → run, with a progress bar. The key: --api-key/BRIEF_API_KEY for the server it
    is given with; OPENAI_API_KEY only when the server is OpenAI's."""
    from .pipeline import Config, api_key_for, run

    config = Config(api_key=api_key_for(flags.get("base_url"), api_key, os.environ), **flags)
    service = _batch_service(config, *batch)
    with _progress(quiet) as progress:
        if service is None:
            return run(config, progress=progress)
        from .batch import run_batched

        return run_batched(config, service, progress=progress)


def _batch_service(config: Any, submit: bool, export: Path | None, imported: Path | None) -> Any:
    """The batch service the flags ask for, or None for an online run."""
    from .batch import BatchFiles, OpenAIBatches
    from .errors import ConfigError
    from .pipeline import DEFAULT_OPENAI_MODEL

    if not (submit or export or imported):
        return None
    if submit and (export or imported):
        raise ConfigError("--batch sends jobs to a Batch API; --batch-export/--batch-import use files: pick one")
    if export and imported and export != imported:
        raise ConfigError("--batch-export and --batch-import name two folders: requests and results share one")
    if submit:
        if config.base_url is None and config.api_key is None:
            raise ConfigError("--batch needs the Batch API's server: OPENAI_API_KEY, or --base-url with --api-key")
        poll = float(os.environ.get("BRIEF_BATCH_POLL_S") or 30.0)
        return OpenAIBatches(config.base_url or "https://api.openai.com/v1", config.api_key, poll_s=poll)
    folder = imported or export or Path(".")
    return BatchFiles(folder, config.model or DEFAULT_OPENAI_MODEL, must_exist=imported is not None)


def _logging(quiet: bool) -> None:
    root = logging.getLogger()
    for h in [h for h in root.handlers if isinstance(h, _Stderr)]:
        root.removeHandler(h)
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("brief: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.ERROR if quiet else logging.WARNING)
    logging.getLogger("summarizer").setLevel(logging.ERROR if quiet else logging.INFO)
    for noisy in ("httpx", "httpx2", "openai", "instructor"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (not the stream of the first run in this process),
    with control characters from file names and article text shown, never obeyed (no ANSI escape
    sequence or bidi override reaches the terminal)."""

    def format(self, record: logging.LogRecord) -> str:
        from .inert import visible

        return visible(super().format(record))

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


class _progress:
    """A rich progress bar on stderr (article n/N, elapsed), started once the corpus is loaded;
    nothing when quiet. rich honours NO_COLOR."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Any:
        return None if self.quiet else self.update

    def update(self, file: str, done: int, total: int) -> None:
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
            )
            self.bar.start()
            self.task = self.bar.add_task("articles", total=total)
        from rich.markup import escape

        from .inert import visible

        self.bar.update(self.task, completed=done, total=total, description=escape(visible(file)) or "done")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def main() -> None:
    """Entry point: `brief [OPTIONS] CORPUS…` is short for `brief run [OPTIONS] CORPUS…`."""
    args = sys.argv[1:]
    if args and args[0] not in COMMANDS and not set(args) & {"--help", "--version", "-V"}:
        args = ["run", *args]
    try:
        app(args=args, prog_name="brief")
    except KeyboardInterrupt:
        typer.echo("brief: interrupted", err=True)
        sys.exit(130)
