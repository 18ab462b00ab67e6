"""`Briefing` → Markdown and JSON. Pure functions: the same briefing always renders to the same bytes.

Every line that states something cites its source ([S2] → the Sources table) and shows the
verbatim quote it rests on. Text written by the model (paraphrases, topic labels) is shown as such,
stripped of links and markup, so that nothing in the briefing can smuggle content in.
"""

from __future__ import annotations

import json
import re

from .schemas import ArticleExtraction, Briefing, Claim

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_LINK = re.compile(r"(!?\[[^\]]*\]\([^)]*\))|(https?://\S+)|(www\.\S+)", re.I)


def md_escape(text: str) -> str:
    """Escape Markdown so verbatim text renders verbatim (and cannot inject links or HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def model_text(text: str) -> str:
    """Model-written text: links and images removed, then escaped."""
    return md_escape(_LINK.sub("[link removed]", text))


def quote(text: str) -> str:
    return f"“{md_escape(text)}”"


def source_labels(briefing: Briefing) -> dict[str, str]:
    """Stable short labels S1..Sn in publication order (failed files after)."""
    order = [ex.file for ex in briefing.articles]
    order += sorted(s.file for s in briefing.sources if s.file not in order)
    return {f: f"S{i}" for i, f in enumerate(order, 1)}


def render_markdown(briefing: Briefing) -> str:
    """The editor's briefing. Deterministic: no timings, no run dates."""
    labels = source_labels(briefing)
    out: list[str] = []
    n_ok = sum(1 for s in briefing.sources if s.status == "ok")
    out += [f"# Briefing: {len(briefing.articles)} article(s)", ""]
    out += [f"{n_ok} of {len(briefing.sources)} file(s) fully processed. Every item below cites its source "
            "label (see Sources) and the verbatim sentence it rests on; paraphrases are the model's words.", ""]
    out += _sources(briefing, labels)
    out += _actors(briefing)
    for ex in briefing.articles:
        out += _article(ex, labels[ex.file])
    return "\n".join(out).rstrip() + "\n"


def _sources(briefing: Briefing, labels: dict[str, str]) -> list[str]:
    out = ["## Sources", "", "| | File | Title | Outlet | Published | Status |", "|---|---|---|---|---|---|"]
    for s in sorted(briefing.sources, key=lambda s: int(labels[s.file][1:])):
        pd = s.publication_date
        date = f"{pd.value} ({pd.basis.replace('_', ' ')})" if pd and pd.value else "unknown (no date in text)"
        status = s.status + (f": {md_escape(s.reason)}" if s.reason else "")
        if s.duplicate_of:
            status = f"duplicate of {md_escape(s.duplicate_of)}"
        out.append(f"| {labels[s.file]} | {md_escape(s.file)} | {md_escape(s.title or '')} | "
                   f"{md_escape(s.outlet or '')} | {date} | {status} |")
    return [*out, ""]


def _actors(briefing: Briefing) -> list[str]:
    out = ["## Actors", ""]
    for a in briefing.actors:
        aliases = [al for al in a.aliases if al != a.name]
        role = f", {model_text(a.role)}" if a.role else ""
        also = f" — also written: {', '.join(md_escape(x) for x in aliases)}" if aliases else ""
        out.append(f"- **{md_escape(a.name)}** ({a.type}{role}){also}")
    return [*out, ""]


def _claim_line(c: Claim, label: str) -> str:
    who = "narration (the outlet's own voice)" if c.speaker == "narration" else md_escape(c.speaker)
    via = f", via {model_text(c.reported_by)}" if c.reported_by else ""
    return f"- **{who}**{via} ({c.stance}): {quote(c.quote)} [{label}]  \n  _paraphrase: {model_text(c.statement)}_"


def _article(ex: ArticleExtraction, label: str) -> list[str]:
    date = ex.publication_date.value or "undated"
    out = [f"## [{label}] {md_escape(ex.title or ex.file)}", "", f"{md_escape(ex.file)} · {date}", ""]
    if ex.claims:
        out += ["### Claims", ""] + [_claim_line(c, label) for c in ex.claims] + [""]
    if ex.preconditions:
        out += ["### Preconditions", ""]
        out += [f"- **{md_escape(p.holder)}** demands _{model_text(p.demand)}_ before _{model_text(p.before)}_: "
                f"{quote(p.quote)} [{label}]" for p in ex.preconditions]
        out.append("")
    if ex.events:
        out += ["### Dated events", ""]
        out += [f"- {e.resolved or 'unresolved'} (“{md_escape(e.date_text)}”, {md_escape(e.basis)}): "
                f"{quote(e.quote)} [{label}]" for e in ex.events]
        out.append("")
    if ex.warnings:
        out += ["### Warnings", ""] + [f"- {md_escape(w)}" for w in ex.warnings] + [""]
    return out


def render_json(model: object) -> str:
    """Stable JSON (sorted keys are not used: field order is the schema's)."""
    dump = model.model_dump(mode="json")  # type: ignore[attr-defined]
    return json.dumps(dump, ensure_ascii=False, indent=2) + "\n"
