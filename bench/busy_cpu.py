"""The embedded model with and without a CPU hog on the same cores (issue: a laptop is always busy).

    python bench/busy_cpu.py OUT_DIR [--hog N]

Runs `brief corpus/ --no-cache` on the embedded model; with --hog N, N busy-loop processes (nice 0,
one per core) run alongside for the whole run. Prints wall time, article statuses, windows answered
/ total and the token ledger's totals as one JSON line (also written to OUT_DIR/result.json).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _spin() -> None:
    while True:
        pass


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--hog", type=int, default=0, help="busy-loop processes alongside (0: idle)")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    hogs = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(args.hog)]
    for h in hogs:
        h.start()
    t0 = time.perf_counter()
    try:
        run = subprocess.run(
            [sys.executable, "-m", "summarizer", str(args.corpus), "--no-cache", "--json-dir",
             str(args.out / "json"), "-o", str(args.out / "briefing.md")],
            capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home()), "NO_COLOR": "1"},
        )  # fmt: skip
    finally:
        for h in hogs:
            h.terminate()
    wall = time.perf_counter() - t0
    (args.out / "stderr.txt").write_text(run.stderr)
    b = json.loads((args.out / "json" / "briefing.json").read_text())
    failed = sum(1 for a in b["articles"] for w in a["warnings"] if w.startswith("not extracted"))
    windows = sum(_windows(args.corpus / s["file"]) for s in b["sources"] if s["status"] in ("ok", "partial", "failed"))
    result = {
        "hog_processes": args.hog,
        "exit": run.returncode,
        "wall_s": round(wall, 1),
        "statuses": {s["file"]: s["status"] for s in b["sources"]},
        "windows_total": windows,
        "windows_not_answered": failed
        + sum(_windows(args.corpus / s["file"]) for s in b["sources"] if s["status"] == "failed"),
        "usage": b["run"]["usage"],
    }
    (args.out / "result.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result))


def _windows(path: Path) -> int:
    from summarizer.corpus import load_article
    from summarizer.extract import windows

    return len(windows(load_article(path, path.parent)))


if __name__ == "__main__":
    main()
