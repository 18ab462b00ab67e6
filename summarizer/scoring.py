"""The gold-annotation scorer (format `news-briefing-gold/v1`), used by `brief eval`.

This is the reference scoring recipe shipped with the sample corpus's gold annotations
(shared/eval/score.py), kept verbatim in logic so the figures `brief eval` prints are the same
numbers that scorer prints. Only the packaging differs: `fold` is inlined from goldlib and the
corpus is passed as a {file: text} mapping.
"""
# ruff: noqa
# mypy: ignore-errors

import re
from collections import Counter
from types import SimpleNamespace


FOLD = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2012": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
}


def fold(s: str) -> str:
    return "".join(FOLD.get(c, c) for c in s)


HARD_NOISE = {
    "navigation_header",
    "photo_caption",
    "photo_credit",
    "unrelated_latest_news_list",
    "reference_list",
    "comments_boilerplate",
    "promo_boilerplate",
    "inline_junk",
    "bogus_date",
    "duplicate_header",
}
SEVERITY_W = {"high": 3, "medium": 2, "low": 1}
WORD = re.compile(r"[0-9a-z]+")


def toks(s):
    return WORD.findall(fold(s or "").lower())


def overlap(gold_q, pred_q):
    """(share of gold tokens found in pred, share of pred tokens found in gold)."""
    g, p = Counter(toks(gold_q)), Counter(toks(pred_q))
    if not g or not p:
        return 0.0, 0.0
    inter = sum((g & p).values())
    return inter / sum(g.values()), inter / sum(p.values())


def quote_match(gold_q, pred_q, g_min=0.6, p_min=0.3):
    a, b = overlap(gold_q, pred_q)
    return a >= g_min and b >= p_min


def side_match(gs, ps):
    if gs["file"] != ps.get("file"):
        return False
    a, b = overlap(gs["quote"], ps.get("quote", ""))
    return max(a, b) >= 0.5 and min(a, b) >= 0.25


def norm_name(s):
    return " ".join(toks(s))


def name_matches(pred, aliases):
    """Exact match after normalization, or one name's words are a subset of the
    other's (the shorter side must have at least 4 letters)."""
    p = norm_name(pred)
    if not p:
        return False
    ps = set(p.split())
    for al in aliases:
        a = norm_name(al)
        if not a:
            continue
        if p == a:
            return True
        as_ = set(a.split())
        small, big = (ps, as_) if len(p) <= len(a) else (as_, ps)
        if len(" ".join(sorted(small))) >= 4 and small <= big:
            return True
    return False


def date_score(gold_pd, pred):
    """1.0 exact / null where null is right; 0.8 inside the accept window;
    0.5 right month; 0.0 otherwise."""
    gv = gold_pd.get("value")
    text_only = gold_pd.get("value_from_text_only")
    acc = gold_pd.get("accept") or {}
    if pred in (None, "", "null"):
        if text_only is None and (gold_pd.get("null_acceptable") or gv is None):
            return 1.0
        return 0.0
    pred = str(pred)[:10]
    if gv and pred == gv:
        return 1.0
    if acc and len(pred) == 10 and acc.get("min", "") <= pred <= acc.get("max", ""):
        return 0.8
    if gv and pred[:7] == gv[:7]:
        return 0.5
    return 0.0


def in_regions(text, quote, regions):
    if not quote:
        return False
    i = text.find(quote)
    if i < 0:
        fq, ft = fold(quote), fold(text)
        i = ft.find(fq)
        if i < 0:
            return False
    j = i + len(quote)
    return any(r["start"] <= i and j <= r["end"] for r in regions)


def only_in_regions(text, name, regions):
    """True if `name` occurs in text and every occurrence lies in a noise region."""
    if len(name) < 3:
        return False
    hits = [m.start() for m in re.finditer(re.escape(name), text)]
    if not hits:
        return False
    return all(any(r["start"] <= h < r["end"] for r in regions) for h in hits)


def score(gold, corpus, pred, details=False):
    out = {"per_article": {}, "traps": [], "details": {}}
    tot_w = hit_w = 0.0
    q_total = q_exact = q_folded = 0
    spk_n = spk_ok = 0
    date_scores = []
    act_n = act_hit = 0
    splits = merges = 0
    pre_gold = pre_hit = pre_pred_fp = 0
    trap_checks = trap_fail = 0
    pa = pred.get("articles", {})
    for fname, ga in gold["articles"].items():
        text = corpus.text[fname]
        p = pa.get(fname, {})
        pclaims = p.get("claims", [])
        hard_regions = [n["region"] for n in ga.get("noise", []) if "region" in n and n["kind"] in HARD_NOISE]
        canon_alias = {a["canonical"]: [a["canonical"]] + a.get("aliases", []) for a in ga.get("actors", [])}
        # quote fidelity
        for c in pclaims:
            qq = c.get("quote") or ""
            if not qq:
                continue
            q_total += 1
            if qq in text:
                q_exact += 1
            if fold(" ".join(qq.split())) in fold(" ".join(text.split())):
                q_folded += 1
        # claim recall + speaker accuracy
        art_hits = []
        for gc in ga.get("claims", []):
            w = 1.0 if gc.get("core", True) else 0.5
            tot_w += w
            best, best_s = None, 0.0
            for c in pclaims:
                if quote_match(gc["quote"], c.get("quote", "")):
                    a, b = overlap(gc["quote"], c.get("quote", ""))
                    if a + b > best_s:
                        best, best_s = c, a + b
            if best is None:
                art_hits.append((gc["id"], False, None))
                continue
            hit_w += w
            ok = None
            speakers = [gc["speaker"]] + gc.get("speaker_alternatives", [])
            real = [s for s in speakers if s != "narration"]
            ps = best.get("speaker") or ""
            if real:
                spk_n += 1
                aliases = []
                for s in real:
                    aliases += canon_alias.get(s, [s])
                narr_ok = "narration" in speakers and (
                    not ps or re.search(r"narrat|author|outlet|report|article|unattributed", ps.lower())
                )
                ok = bool(name_matches(ps, aliases) or narr_ok)
                spk_ok += ok
            art_hits.append((gc["id"], True, ok))
        # noise: claims taken from page chrome
        for c in pclaims:
            if hard_regions:
                trap_checks += 1
                if in_regions(text, c.get("quote", ""), hard_regions):
                    trap_fail += 1
                    out["traps"].append(f"{fname}: claim quoted from page chrome: {c.get('quote', '')[:80]!r}")
        # actors
        pactors = p.get("actors", [])
        matched_by = Counter()
        for a in ga.get("actors", []):
            if a.get("type") in ("person", "institution", "country", "group", "organization", "company"):
                act_n += 1
                names = [a["canonical"]] + a.get("aliases", [])
                hit = [
                    i
                    for i, pa_ in enumerate(pactors)
                    if any(name_matches(n, names) for n in [pa_.get("name", "")] + pa_.get("aliases", []))
                ]
                if hit:
                    act_hit += 1
                if a.get("type") == "person":
                    # split/merge checks use name-like aliases only (<= 3 words)
                    short = [n for n in names if len(toks(n)) <= 3 and len(toks(n)) >= 1]
                    hit_s = [
                        i
                        for i, pa_ in enumerate(pactors)
                        if any(name_matches(n, short) for n in [pa_.get("name", "")] + pa_.get("aliases", []))
                    ]
                    if len(hit_s) > 1:
                        splits += 1
                    for i in hit_s:
                        matched_by[i] += 1
        merges += sum(1 for v in matched_by.values() if v > 1)
        for pa_ in pactors:
            all_regions = [n["region"] for n in ga.get("noise", []) if "region" in n]
            if all_regions:
                trap_checks += 1
                if only_in_regions(text, pa_.get("name", ""), all_regions):
                    trap_fail += 1
                    out["traps"].append(f"{fname}: actor taken from page chrome: {pa_.get('name')!r}")
        # dates
        ds = date_score(ga["publication_date"], p.get("publication_date"))
        date_scores.append(ds)
        pdv = str(p.get("publication_date") or "")
        for n in ga.get("noise", []):
            if n["kind"] == "bogus_date":
                trap_checks += 1
                if pdv.startswith("2024-01-02"):
                    trap_fail += 1
                    out["traps"].append(f"{fname}: bogus header date used")
        # preconditions
        gp = ga.get("preconditions", [])
        pp = p.get("preconditions", [])
        pre_gold += len(gp)
        for g in gp:
            if any(quote_match(g["quote"], x.get("quote", ""), 0.5, 0.2) for x in pp):
                pre_hit += 1
        if not gp:
            pre_pred_fp += len(pp)
        out["per_article"][fname] = {
            "claims_found": sum(1 for _, h, _ in art_hits if h),
            "claims_gold": len(art_hits),
            "date_score": ds,
            "predicted_date": p.get("publication_date"),
            "gold_date": ga["publication_date"].get("value"),
        }
        if details:
            out["details"][fname] = {"claims": art_hits}

    # contradictions
    cross = gold.get("cross_article", {})
    pcs = pred.get("contradictions", [])
    gx = cross.get("contradictions", [])
    fx = cross.get("apparent_contradictions", [])
    matched_gold = set()
    tp = fp_trap = unverified = 0
    for pc in pcs:
        sides = pc.get("sides", [])
        hit = None
        best = (1, False)
        for x in gx:
            n = sum(1 for gs in x["sides"] if any(side_match(gs, ps) for ps in sides))
            key = (n, x["id"] not in matched_gold)
            if n >= 2 and key > best:
                best, hit = key, x["id"]
        if hit:
            tp += 1
            matched_gold.add(hit)
            continue
        trap = any(sum(1 for gs in f["sides"] if any(side_match(gs, ps) for ps in sides)) >= 2 for f in fx)
        if trap:
            fp_trap += 1
            out["traps"].append(f"reported a non-contradiction: {pc.get('topic', '')!r}")
        else:
            unverified += 1
    gw = sum(SEVERITY_W.get(x.get("severity"), 1) for x in gx)
    rw = sum(SEVERITY_W.get(x.get("severity"), 1) for x in gx if x["id"] in matched_gold)
    c_prec = tp / len(pcs) if pcs else 0.0
    c_prec_lenient = tp / (tp + fp_trap) if (tp + fp_trap) else 0.0
    c_rec = rw / gw if gw else 0.0
    c_f1 = 2 * c_prec * c_rec / (c_prec + c_rec) if (c_prec + c_rec) else 0.0
    trap_checks += len(fx)
    trap_fail += fp_trap

    # agreements (recall only)
    ga_ = cross.get("agreements", [])
    pag = pred.get("agreements", [])
    ag_hit = 0
    for a in ga_:
        if any(
            sum(1 for gs in a["evidence"] if any(side_match(gs, ps) for ps in pa_.get("evidence", []))) >= 2
            for pa_ in pag
        ):
            ag_hit += 1

    # position changes
    gpc = cross.get("position_changes", [])
    ppc = pred.get("position_changes", [])
    pc_hit = pc_order_ok = 0
    for g in gpc:
        best = None
        for pp_ in ppc:
            pts = []
            for gi, gs in enumerate(g["timeline"]):
                for ps in pp_.get("timeline", []):
                    if side_match(gs, ps):
                        pts.append((gi, ps.get("date") or ""))
                        break
            if len(pts) >= 2 and (best is None or len(pts) > len(best)):
                best = pts
        if best:
            pc_hit += 1
            dated = [d for _, d in sorted(best)]
            if all(dated[i] <= dated[i + 1] for i in range(len(dated) - 1) if dated[i] and dated[i + 1]):
                pc_order_ok += 1

    res = {
        "claim_recall_weighted": round(hit_w / tot_w, 3) if tot_w else 0.0,
        "quote_exact_rate": round(q_exact / q_total, 3) if q_total else None,
        "quote_folded_rate": round(q_folded / q_total, 3) if q_total else None,
        "speaker_accuracy": round(spk_ok / spk_n, 3) if spk_n else None,
        "actor_recall": round(act_hit / act_n, 3) if act_n else None,
        "actor_splits": splits,
        "actor_merges": merges,
        "date_score_mean": round(sum(date_scores) / len(date_scores), 3) if date_scores else None,
        "precondition_recall": round(pre_hit / pre_gold, 3) if pre_gold else None,
        "preconditions_invented_where_none": pre_pred_fp,
        "contradictions": {
            "predicted": len(pcs),
            "matched": tp,
            "trap_false_positives": fp_trap,
            "unverified": unverified,
            "precision_strict": round(c_prec, 3),
            "precision_lenient": round(c_prec_lenient, 3),
            "recall_severity_weighted": round(c_rec, 3),
            "f1": round(c_f1, 3),
            "gold_matched": sorted(matched_gold),
        },
        "agreement_recall": round(ag_hit / len(ga_), 3) if ga_ else None,
        "position_changes": {"gold": len(gpc), "matched": pc_hit, "order_ok": pc_order_ok},
        "noise_trap_pass_rate": round(1 - trap_fail / trap_checks, 3) if trap_checks else None,
    }
    parts = [
        (0.25, res["claim_recall_weighted"]),
        (0.10, res["quote_exact_rate"] or 0.0),
        (0.10, res["speaker_accuracy"] or 0.0),
        (0.20, c_f1),
        (0.10, (pc_hit / len(gpc)) if gpc else 0.0),
        (0.10, res["date_score_mean"] or 0.0),
        (0.05, res["actor_recall"] or 0.0),
        (0.10, res["noise_trap_pass_rate"] if res["noise_trap_pass_rate"] is not None else 1.0),
    ]
    res["overall"] = round(sum(w * v for w, v in parts), 3)
    out["summary"] = res
    return out


def corpus_texts(texts: dict) -> SimpleNamespace:
    """The scorer reads `corpus.text[file]`."""
    return SimpleNamespace(text=texts)
