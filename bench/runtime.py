"""What the embedded runtime itself costs, on the recorded sample requests (issue 15, part 1).

    python bench/runtime.py [--windows 2] [--yes-no 20] [--requant Q8_0 Q4_0]

Replays the first extraction windows and yes/no questions of `cassettes/corpus_embedded.yaml`
against a fresh embedded llama.cpp server and prints milliseconds per prompt token and per
generated token:
- with the JSON-schema grammar (as brief sends them) and without it (the same prompt, free text):
  what constrained decoding costs on top of generation;
- with `--requant TYPE ...`, the shipped GGUF's quantized tensors re-encoded as TYPE (Q8_0, Q4_0;
  the output and embedding tensors kept) and the same requests timed again: whether another
  weight format runs faster on this CPU. Needs `pip install gguf` (not a dependency of brief).
One server at a time (two llama.cpp processes on 2 cores distort each other).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.stages import stage_of  # noqa: E402
from summarizer.local_model import DEFAULT_LOCAL_MODEL, EmbeddedServer, model_file  # noqa: E402


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=1800) as r:
        return json.loads(r.read())  # type: ignore[no-any-return]


def recorded(cassette: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(extraction requests, yes/no requests) in recorded order, told apart as `make stages` does."""
    bodies = [it["request"]["body"] for it in yaml.safe_load(cassette.read_text())["interactions"]]
    bodies = [json.loads(b) for b in bodies if b]
    return [b for b in bodies if stage_of(b) == "extraction"], [b for b in bodies if stage_of(b) == "relation yes/no"]


def timed(gguf: Path, windows: list[dict[str, Any]], yes_no: list[dict[str, Any]], free: bool) -> dict[str, float]:
    """ms per prompt token and per generated token over the requests, on a fresh server."""
    with EmbeddedServer(gguf, alias=DEFAULT_LOCAL_MODEL) as server:
        url = server.base_url + "/chat/completions"
        _post(url, yes_no[0])  # load the weights outside the timing
        sums = dict.fromkeys(("prompt_n", "prompt_ms", "predicted_n", "predicted_ms", "yn_n", "yn_ms"), 0.0)
        start = time.monotonic()
        for body in windows:
            if free:
                body = {k: v for k, v in body.items() if k != "response_format"}
            t = _post(url, body)["timings"]
            for k in ("prompt_n", "prompt_ms", "predicted_n", "predicted_ms"):
                sums[k] += t[k]
        for body in yes_no:
            t = _post(url, body)["timings"]
            sums["yn_n"] += t["prompt_n"]
            sums["yn_ms"] += t["prompt_ms"]
        wall = time.monotonic() - start
    return {
        "extraction prompt ms/token": sums["prompt_ms"] / max(sums["prompt_n"], 1),
        "generated ms/token": sums["predicted_ms"] / max(sums["predicted_n"], 1),
        "generated tokens": sums["predicted_n"],
        "yes/no prompt ms/token": sums["yn_ms"] / max(sums["yn_n"], 1),
        "wall s": wall,
    }


def requantize(src: Path, dst: Path, kind: str) -> None:
    """Re-encode the quantized tensors as `kind`, keeping output/embedding tensors and all metadata."""
    import gguf  # type: ignore[import-not-found]
    import numpy as np

    q = gguf.GGMLQuantizationType
    target = getattr(q, kind)
    reader = gguf.GGUFReader(src)
    writer = gguf.GGUFWriter(dst, reader.fields["general.architecture"].contents())
    for f in reader.fields.values():
        if f.name == "general.architecture" or f.name.startswith("GGUF."):
            continue
        vt = f.types[0]
        value = {"Q8_0": 7, "Q4_0": 2}[kind] if f.name == "general.file_type" else f.contents()
        writer.add_key_value(f.name, value, vt, sub_type=f.types[-1] if vt == gguf.GGUFValueType.ARRAY else None)
    for t in reader.tensors:
        if t.tensor_type in (q.F32, q.F16) or t.name in ("output.weight", "token_embd.weight"):
            writer.add_tensor(t.name, np.asarray(t.data), raw_dtype=t.tensor_type)
        else:
            dense = gguf.quants.dequantize(t.data, t.tensor_type).astype(np.float32)
            writer.add_tensor(t.name, gguf.quants.quantize(dense, target), raw_dtype=target)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cassette", type=Path, default=ROOT / "cassettes" / "corpus_embedded.yaml")
    ap.add_argument("--windows", type=int, default=2)
    ap.add_argument("--yes-no", type=int, default=20)
    ap.add_argument("--requant", nargs="*", default=[], choices=["Q8_0", "Q4_0"])
    a = ap.parse_args()
    windows, yes_no = recorded(a.cassette)
    windows, yes_no = windows[: a.windows], yes_no[: a.yes_no]
    shipped = model_file(DEFAULT_LOCAL_MODEL)
    rows = {
        "shipped, JSON-schema grammar": timed(shipped, windows, yes_no, free=False),
        "shipped, no grammar": timed(shipped, windows, yes_no, free=True),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for kind in a.requant:
            path = Path(tmp) / f"{kind}.gguf"
            requantize(shipped, path, kind)
            rows[f"requantized {kind}, grammar"] = timed(path, windows, yes_no, free=False)
            path.unlink()
    cols = list(next(iter(rows.values())))
    print("| run | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for name, r in rows.items():
        print(f"| {name} | " + " | ".join(f"{r[c]:.1f}" for c in cols) + " |")


if __name__ == "__main__":
    main()
