"""`make devsets`: brief on the public development sets in ../shared/devsets/ (not tests: prints tables).

    python bench/devsets.py [--timebank] [--polnear [--limit N]] [--devsets DIR]

TimeBank (183 news documents, every date expression normalised by its annotators; code only, ~1 min):
  - publication date: brief's date from the text against the document creation time (DCT);
  - DATE expressions whose value is a day, an ISO week or a month: found (a brief date expression
    overlaps the annotated one) and, of those, right (resolved against the DCT to the annotated
    value; a day inside an annotated week counts for that week).
PolNeAR (59 political news articles, attribution relations hand-annotated): brief runs on the
  articles (the configured model: the embedded one by default, ~2-3 min an article on 2 cores;
  `--limit N` takes the first N) and the set's own scorer prints attribution recall, named-source
  speaker accuracy and precision.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.corpus import ArticleError, build_article  # noqa: E402
from summarizer.dates import dated_events, publication_date  # noqa: E402
from summarizer.schemas import PublicationDate  # noqa: E402

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _kind(value: str) -> str | None:
    return "day" if _DAY.match(value) else "week" if _WEEK.match(value) else "month" if _MONTH.match(value) else None


def _right(ours: str | None, gold: str) -> bool:
    if ours is None:
        return False
    if ours == gold:
        return True
    week = _WEEK.match(gold)
    if week and _DAY.match(ours):  # brief writes a week as the day it starts on
        year, number, _ = dt.date.fromisoformat(ours).isocalendar()
        return (year, number) == (int(week.group(1)), int(week.group(2)))
    return False


def timebank(root: Path, show: int = 0) -> dict[str, object]:
    docs = sorted(p for p in root.iterdir() if (p / "gold.json").exists())
    pub_right = pub_found = 0
    gold_n = found = right = 0
    by_kind: Counter[str] = Counter()
    found_kind: Counter[str] = Counter()
    right_kind: Counter[str] = Counter()
    misses: list[str] = []
    t0 = time.perf_counter()
    for doc in docs:
        gold = json.loads((doc / "gold.json").read_text(encoding="utf-8"))
        text = (doc / "article.txt").read_text(encoding="utf-8")
        try:
            article = build_article(doc.name + ".txt", text)
        except ArticleError:
            continue
        pub = publication_date(article)
        pub_found += pub.value is not None
        pub_right += pub.value == gold["dct"][:10]
        # Resolution is scored given the DCT, as TimeBank's annotators resolved against it.
        dct = gold["dct"][:10]
        events = dated_events(article, PublicationDate(value=dct, basis="metadata_header"))
        spans = []
        for e in events:
            at = e.quote.find(e.date_text)
            spans.append((e.span.start + at, e.span.start + at + len(e.date_text), e))
        for t in gold["timexes"]:
            kind = _kind(t["value"]) if t["type"] == "DATE" else None
            if kind is None:
                continue
            gold_n += 1
            by_kind[kind] += 1
            hit = next((e for s, en, e in spans if s < t["end"] and t["start"] < en), None)
            if hit is None:
                misses.append(f"missed  {t['text']!r} = {t['value']} ({doc.name})")
                continue
            found += 1
            found_kind[kind] += 1
            if _right(hit.resolved, t["value"]):
                right += 1
                right_kind[kind] += 1
            else:
                misses.append(f"wrong   {hit.date_text!r} → {hit.resolved} != {t['value']} ({doc.name}: {hit.basis})")
    for line in misses[:show]:
        print("  " + line)
    return {
        "documents": len(docs),
        "publication date right": f"{pub_right}/{len(docs)} ({pub_found} found)",
        "DATE day/week/month expressions": gold_n,
        "found": f"{found}/{gold_n} = {found / max(gold_n, 1):.3f}",
        "right of found": f"{right}/{found} = {right / max(found, 1):.3f}",
        "by kind (found/right of gold)": {
            k: f"{found_kind[k]}/{right_kind[k]} of {by_kind[k]}" for k in sorted(by_kind)
        },
        "seconds": round(time.perf_counter() - t0, 1),
    }


def polnear(root: Path, limit: int | None, extra: list[str], start: int = 0) -> str:
    corpus = root / "corpus"
    files = sorted(corpus.glob("*.txt"))[start:]
    files = files[:limit] if limit else files
    work = Path(tempfile.mkdtemp(prefix="polnear-"))
    sub = work / "corpus"
    sub.mkdir()
    for f in files:
        (sub / f.name).write_bytes(f.read_bytes())
    out = work / "json"
    t0 = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "summarizer", str(sub), "--json-dir", str(out), "--no-relations", "-q", *extra],
        stdout=subprocess.DEVNULL,
        text=True,
    )
    seconds = time.perf_counter() - t0
    score = subprocess.run(
        [sys.executable, str(root.parent / "score_attrib.py"), str(sub), str(root / "ann"), str(out)],
        capture_output=True,
        text=True,
    )
    return (
        f"{len(files)} article(s), brief exit {run.returncode}, {seconds:.0f} s "
        f"({seconds / max(len(files), 1):.0f} s an article); json in {out}\n{score.stdout}{score.stderr}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--devsets", type=Path, default=ROOT.parent / "shared" / "devsets")
    ap.add_argument("--timebank", action="store_true")
    ap.add_argument("--polnear", action="store_true")
    ap.add_argument("--limit", type=int, default=None, help="PolNeAR: N articles only")
    ap.add_argument("--start", type=int, default=0, help="PolNeAR: skip the first S articles (in name order)")
    ap.add_argument("--show", type=int, default=0, help="TimeBank: print this many misses")
    ap.add_argument("brief_args", nargs="*", help="extra brief flags for PolNeAR (after --)")
    a = ap.parse_args()
    if not (a.timebank or a.polnear):
        a.timebank = a.polnear = True
    if a.timebank:
        print("TimeBank:", json.dumps(timebank(a.devsets / "timebank", a.show), indent=2))
    if a.polnear:
        print("PolNeAR:", polnear(a.devsets / "polnear-train60", a.limit, a.brief_args, a.start))


if __name__ == "__main__":
    main()
