"""Calibrate the relation judge: the model's yes/no answers on made-up, labelled pairs from other
domains (bench/relation_pairs.jsonl), asked exactly as the pipeline asks them (judge.messages, both
orders), and the precision/recall of each threshold. This is the measurement behind
judge.SAME_POINT and judge.SAME_ISSUE, and behind questions.GROUP_COSINE (embedding cosine).

    python bench/calibrate.py                       # the embedded model (starts llama.cpp), all three sets
    python bench/calibrate.py --base-url URL --model M   # any OpenAI-compatible server
    python bench/calibrate.py --pairs bench/relation_pairs_long.jsonl   # one set: 30 long, news-style pairs

The sets: relation_pairs.jsonl (98 short pairs), relation_pairs_long.jsonl (30 long, news-style) and
relation_pairs_hard.jsonl (24: one event told twice in other words, and a sentence of the same actor on
another matter). The report pools the pairs given (~8 min for all three on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from summarizer.embed import default_embedder  # noqa: E402
from summarizer.llm import LLMSettings, OpenAICompatible  # noqa: E402
from summarizer.reconcile.judge import QUESTIONS, messages  # noqa: E402
from summarizer.schemas import Usage  # noqa: E402

PAIRS = Path(__file__).with_name("relation_pairs.jsonl")
SETS = [PAIRS, PAIRS.with_name("relation_pairs_long.jsonl"), PAIRS.with_name("relation_pairs_hard.jsonl")]
SAME_QUESTION = {"contradiction", "agreement", "condition", "update"}  # "related": same topic, another event or point


def ask_all(llm: OpenAICompatible, pairs: list[dict]) -> list[dict]:
    rows = []
    usage = Usage()
    for p in pairs:
        row = dict(p)
        for q, text in QUESTIONS.items():
            ps = []
            for a, b in ((p["a"], p["b"]), (p["b"], p["a"])):
                ans = llm.yes_no(messages(a, b, text), usage)
                ps.append(ans.p_yes if ans.p_yes is not None else float(ans.answer == "yes"))
            row[q] = float(np.mean(ps))
        rows.append(row)
    return rows


def table(rows: list[dict], key: str, positive: set[str], thresholds: list[float]) -> list[dict]:
    out = []
    n_pos = sum(r["label"] in positive for r in rows)
    for t in thresholds:
        sel = [r for r in rows if r[key] >= t]
        tp = sum(r["label"] in positive for r in sel)
        out.append(
            {
                "threshold": t,
                "selected": len(sel),
                "precision": round(tp / len(sel), 3) if sel else None,
                "recall": round(tp / n_pos, 3) if n_pos else None,
            }
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-url")
    ap.add_argument("--model")
    ap.add_argument("--pairs", type=Path, nargs="+", default=SETS, help="files of labelled pairs, one JSON a line")
    args = ap.parse_args()
    pairs = [json.loads(line) for f in args.pairs for line in f.read_text().splitlines() if line.strip()]
    emb = default_embedder()
    va, vb = emb.embed([p["a"] for p in pairs]), emb.embed([p["b"] for p in pairs])
    for p, c in zip(pairs, (va * vb).sum(1), strict=True):
        p["cosine"] = float(c)
    t0 = time.perf_counter()
    if args.base_url:
        llm = OpenAICompatible(LLMSettings(model=args.model or "default", base_url=args.base_url, api_key="x"))
        rows = ask_all(llm, pairs)
    else:
        from summarizer.local_model import DEFAULT_LOCAL_MODEL, EmbeddedServer, model_file

        with EmbeddedServer(model_file(DEFAULT_LOCAL_MODEL), alias=DEFAULT_LOCAL_MODEL) as server:
            llm = OpenAICompatible(LLMSettings(model=DEFAULT_LOCAL_MODEL, base_url=server.base_url, api_key="x"))
            rows = ask_all(llm, pairs)
    long = [r for r in rows if len(r["a"].split()) + len(r["b"].split()) >= 40]
    report = {
        "pairs": len(rows),
        "long_pairs": len(long),
        "seconds": round(time.perf_counter() - t0, 1),
        "same_point_vs_agreement": table(rows, "same_point", {"agreement"}, [0.55, 0.6, 0.65, 0.7, 0.75]),
        "same_point_vs_consistent": table(
            rows, "same_point", {"agreement", "condition", "update"}, [0.55, 0.6, 0.65, 0.7, 0.75]
        ),
        "same_issue_vs_same_question": table(rows, "same_issue", SAME_QUESTION, [0.45, 0.5, 0.55, 0.6]),
        "cosine_vs_same_question": table(rows, "cosine", SAME_QUESTION, [0.3, 0.35, 0.4, 0.45, 0.5]),
        "max_same_point_of_a_contradiction": max(
            (r["same_point"] for r in rows if r["label"] == "contradiction"), default=None
        ),
    }
    print(json.dumps(report, indent=1))
    Path("out").mkdir(exist_ok=True)
    name = "calibration" if args.pairs == SETS else "calibration-" + "+".join(f.stem for f in args.pairs)
    Path(f"out/{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


if __name__ == "__main__":
    main()
