"""The remaining speaker errors on PolNeAR, by kind (not a test: prints counts and two examples each).

    python bench/speaker_errors.py CORPUS_DIR JSON_DIR [--devsets ../shared/devsets]

A covered gold attribution whose source is a name (the set's scorer decides both) is an error when no
claim overlapping its content has a speaker sharing a name token with the source. The kind comes from
the claim's `speaker_*` check and the shape of the gold source.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("json_dir", type=Path)
    ap.add_argument("--devsets", type=Path, default=ROOT.parent / "shared" / "devsets")
    ap.add_argument("--all", action="store_true", help="every example, not two of each kind")
    a = ap.parse_args()
    sys.path.insert(0, str(a.devsets))
    import score_attrib as score  # the set's own scorer: same coverage and name rules

    ann = a.devsets / "polnear-train60" / "ann"
    kinds: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = {}
    for f in sorted(a.corpus.glob("*.txt")):
        path = a.json_dir / f"{f.stem}.json"
        if not path.exists():
            continue
        text = f.read_text(encoding="utf-8")
        claims = [(c["span"]["start"], c["span"]["end"], c) for c in json.loads(path.read_text())["claims"]]
        for g in score.load_ann(str(ann / f"{f.stem}.ann")):
            if not score.name_tokens(g["source"]) or score.covered(g["content"], [(s, e) for s, e, _ in claims]) < 0.5:
                continue
            near = [c for s, e, c in claims if score.covered(g["content"], [(s, e)]) > 0]
            if any(score.same_source(c["speaker"], g["source"]) for c in near):
                continue
            c = near[0]
            how = next((k.split(" ")[0].split(":")[0] for k in c["checks"] if k.startswith("speaker")), "speaker_?")
            letters = [ch for ch in g["source"] if ch.isalpha()]
            if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8 and len(letters) > 6:
                kind = "a headline annotated as the source (newsletter items)"
            elif c["speaker"] == "narration":
                kind = f"named source, brief says narration ({how})"
            elif re.search(r"[’']s\b", g["source"]):
                kind = "possessive or nominal source, another speaker given"
            elif re.search(r"\b(officials?|leaders|committee|campaign|aides?|staff)\b", g["source"], re.I):
                kind = "group or institution source, a person given"
            else:
                kind = f"another named speaker ({how})"
            kinds[kind] += 1
            content = text[g["content"][0][0] : g["content"][0][1]][:70]
            examples.setdefault(kind, []).append(f"gold {g['source']!r} / brief {c['speaker']!r}: {content!r}")
    print(f"{sum(kinds.values())} errors")
    for kind, n in kinds.most_common():
        print(f"{n:4d}  {kind}")
        for e in examples[kind][: None if a.all else 2]:
            print(f"        {e}")


if __name__ == "__main__":
    main()
