"""`Briefing` → Markdown and JSON. Pure functions: the same briefing always renders to the same bytes.

Every line that states something cites its source ([S2] → the Sources table) and shows the
verbatim quote it rests on. Text written by the model (paraphrases, rationales, topic labels) is
marked as such and stripped of links and markup, so nothing in the briefing can smuggle content in.
Run metadata (timings, run date) stays in briefing.json so two briefings of one corpus diff cleanly.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

from .dates import year_inferred
from .inert import json_inert, md_inert
from .schemas import ArticleExtraction, Briefing, Claim, ClaimRef, Relation

_LINK = re.compile(r"(!?\[[^\]]*\]\([^)]*\))|(https?://\S+)|(www\.\S+)", re.I)
RELATION_TITLES = {
    "contradiction": "contradiction",
    "change_of_position": "change of position over time",
    "conditional_compatibility": "same condition, different tone (compatible)",
    "scope_difference": "different scope (not a contradiction)",
    "agreement": "agreement",
    "compare": "positions to compare",
}
KIND_TITLES = {
    "figure": "figures",  # "figures differ on …" or "same figure for …": the check line says which
    "denial": "one denies the other",
    "opposed": "opposed terms",
    "order": "order of steps differs",
    "disputed": "dispute reported in one sentence",
    "rejected": "the next sentence rejects it",
    "framed": "set against each other by the article",
    "positional": "positions differ",
    "tone": "tone",
    "condition": "conditions",
    "status": "plan, then report",
    "same": "same point",
    "none": "",
}

CHANGE_TITLES = {  # a timeline's verdict, as the briefing and the review page print it
    "changed": "position changed",
    "tone_only": "tone changed, condition the same",
    "conditional": "not a reversal: a condition at both dates, worded differently (compare them)",
    "unchanged": "position unchanged",
    "unclassified": "not classified",
}

_NOTHING = {"", "none", "n/a", "null", "nothing", "unknown"}  # a model's way of saying "no condition"


def md_escape(text: str) -> str:
    """Verbatim text that renders verbatim and inert: no link, image, markup, entity or hidden
    character (see inert.py)."""
    return md_inert(text)


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
    out: list[str] = [f"# Briefing: {len(briefing.articles)} article(s)", ""]
    out += _bottom_line(briefing, labels)
    out += _relations(briefing, labels, "Where the sources conflict", ("contradiction", "change_of_position"))
    out += _relations(briefing, labels, "Where the sources agree", ("agreement",))
    out += _timelines(briefing, labels)
    out += _questions(briefing, labels)
    out += _relations(
        briefing,
        labels,
        "Compatible or differently scoped (kept for review)",
        ("conditional_compatibility", "scope_difference"),
    )
    out += _preconditions(briefing, labels)
    out += _events(briefing, labels)
    out += _actors(briefing, labels)
    out += _sources(briefing, labels)
    out += ["## Claims by source", ""]
    for ex in briefing.articles:
        out += _article(ex, labels[ex.file])
    return "\n".join(out).rstrip() + "\n"


def _bottom_line(b: Briefing, labels: dict[str, str]) -> list[str]:
    dates = sorted(ex.publication_date.value for ex in b.articles if ex.publication_date.value)
    span = f"published {dates[0]} to {dates[-1]}" if dates else "no publication dates in the text"
    count: dict[str, int] = defaultdict(int)
    for r in b.relations:
        count[r.relation] += 1
    bad = [s for s in b.sources if s.status != "ok"]
    n_claims = sum(len(ex.claims) for ex in b.articles)
    lines = [
        "## Bottom line",
        "",
        f"- {len(b.articles)} article(s), {span}; {n_claims} grounded claim(s) from {len(b.actors)} actor(s).",
        f"- {len(b.questions)} question(s) that several sources or parties answer; "
        f"{count['contradiction']} contradiction(s), {count['change_of_position']} change(s) of position and "
        f"{count['agreement']} agreement(s) where code checks and the model agree, {len(b.timelines)} position "
        "timeline(s), "
        f"{count['conditional_compatibility']} same-condition pair(s), {count['scope_difference']} "
        f"different-scope pair(s); {count['compare']} pair(s) left unlabelled as positions to compare "
        "(neither code nor the model could be sure). None is resolved here.",
    ]
    if b.syndicated:
        lines.append(
            "- Same copy in several files, counted as one source: "
            + "; ".join(", ".join(labels.get(f, "?") for f in g) for g in b.syndicated)
            + "."
        )
    if b.reconcile_warnings:
        lines.append(f"- {len(b.reconcile_warnings)} candidate pair(s) could not be judged (listed in briefing.json).")
    if b.review is not None:
        rv = b.review
        lines.append(
            f"- Editor decisions ({md_escape(rv.file)}): {len(rv.applied)} applied, "
            f"{len(rv.rejected_relations)} rejected relation(s) kept out; {len(rv.stale)} stale, not applied "
            f"(their article or quote changed); {len(rv.unused)} about relations this run does not propose."
        )
        lines += [f"  - stale: {md_escape(x)}" for x in rv.stale[:10]]
    if bad:  # summarised, not listed: a folder of 100,000 stray files is one line, not megabytes
        by_status: dict[str, int] = defaultdict(int)
        for s in bad:
            by_status[s.status] += 1
        named = ", ".join(f"{md_escape(s.file)} ({s.status})" for s in bad[:10])
        more = f" and {len(bad) - 10} more" if len(bad) > 10 else ""
        counts = ", ".join(f"{n} {status}" for status, n in sorted(by_status.items()))
        lines.append(f"- {len(bad)} file(s) not fully processed ({counts}): {named}{more} — see Sources.")
    lines.append(
        "- Every quote below is verbatim from the cited source; paraphrases and question names are the "
        "model's words and are marked as such; every label says what it rests on (code check, model answer)."
    )
    return [*lines, ""]


def _label_order(label: str) -> int:
    return int(label[1:]) if label[1:].isdigit() else 10**6


def _who(speaker: str) -> str:
    return "the outlet (narration)" if speaker == "narration" else md_escape(speaker)


def _side(s: ClaimRef, labels: dict[str, str]) -> str:
    return f"  - [{labels.get(s.article, '?')}] {s.date or 'undated'} · {_who(s.speaker)}: {quote(s.quote)}"


def _question_label(b: Briefing, qid: str | None) -> str:
    q = next((x for x in b.questions if x.id == qid), None)
    if q is None:
        return ""
    return f" on _{model_text(q.label)}_ ({q.id})"


def _relations(b: Briefing, labels: dict[str, str], title: str, kinds: tuple[str, ...]) -> list[str]:
    rels = [r for r in b.relations if r.relation in kinds]
    out = [f"## {title}", ""]
    if not rels:
        return [*out, "_None found._", ""]
    for r in rels:
        srcs = sorted({s.article for s in r.sides})
        kind = KIND_TITLES.get(r.kind, r.kind)
        out.append(
            f"- **{RELATION_TITLES[r.relation]}**{f' ({kind})' if kind else ''}{_question_label(b, r.question_id)} — "
            f"{len(srcs)} source(s): {', '.join(sorted((labels.get(f, '?') for f in srcs), key=_label_order))}; "
            f"rests on: {r.basis.replace('+', ' + ')}" + ("; accepted by the editor" if r.review == "accepted" else "")
        )
        if r.context is not None:  # one sentence reports both sides: show it whole, then whose part is which
            c = r.context
            where = f"[{labels.get(c.article, '?')}] {c.date or 'undated'}"
            out.append(f"  - {where} · one sentence reports both: {quote(c.quote)}")
            out += [f"    - {_who(s.speaker)}: {quote(s.quote)}" for s in r.sides]
        else:
            out += [_side(s, labels) for s in r.sides]
        out += [f"  - check: {model_text(e)}" for e in r.evidence]
    return [*out, ""]


_LABEL_SOURCE = {
    "model": "named by the model, checked against the quotes",
    "claim_topic": "the claims' topic label",
    "speakers": "no question or topic could be named: who speaks",
}


def _questions(b: Briefing, labels: dict[str, str]) -> list[str]:
    out = ["## Questions and positions", ""]
    if not b.questions:
        return [*out, "_No question is answered by two sources or two parties._", ""]
    out += [
        "_Claims grouped by the question they answer (by meaning). Each party's position in time order; "
        "pairs that no check could label are listed as positions to compare._",
        "",
    ]
    for q in b.questions:
        how = _LABEL_SOURCE[q.label_source]
        out.append(f"### {q.id}. {model_text(q.label)}")
        out += ["", f"_{how}; {len(q.claim_ids)} claim(s) from {len(q.articles)} source(s)_", ""]
        for pos in q.positions:
            out.append(f"- **{_who(pos.party)}**")
            out += [f"  - [{labels.get(p.article, '?')}] {p.date or 'undated'}: {quote(p.quote)}" for p in pos.points]
        compare = [r for r in b.relations if r.question_id == q.id and r.relation == "compare"]
        if compare:
            out.append(f"- positions to compare (unlabelled: the checks could not decide): {len(compare)}")
            out += [_compare(r, labels) for r in compare]
        out.append("")
    asked = {q.id for q in b.questions}
    loose = [r for r in b.relations if r.relation == "compare" and r.question_id not in asked]
    if loose:  # pairs code found (a figure, an order of steps) on no question the corpus shares
        out += ["### Other positions to compare", "", f"_Pairs on no question above; unlabelled: {len(loose)}_", ""]
        out += [_compare(r, labels).removeprefix("  ") for r in loose]
        out.append("")
    return out


def _compare(r: Relation, labels: dict[str, str]) -> str:
    """One unlabelled pair: who, where, the first words of each quote, and what code found, if anything."""
    a, c = r.sides[0], r.sides[1]
    # Unlabelled with code evidence ("figures differ …"): the model did not see one issue in the pair.
    found = next((e for e in r.evidence if not e.startswith("model,")), None) if r.kind == "none" else None
    return (
        f"  - [{labels.get(a.article, '?')}] {md_escape(a.speaker)} vs "
        f"[{labels.get(c.article, '?')}] {md_escape(c.speaker)}: "
        f"{quote(opening(a.quote))} / {quote(opening(c.quote))}"
        + (f" (code: {model_text(found)}; the model did not confirm one issue)" if found else "")
    )


def opening(text: str, words: int = 14) -> str:
    """The first `words` words of a quote, with "…" where it goes on (to cite it in a line)."""
    w = text.split()
    return " ".join(w[:words]) + (" …" if len(w) > words else "")


def _timelines(b: Briefing, labels: dict[str, str]) -> list[str]:
    out = ["## How positions moved over time", ""]
    if not b.timelines:
        return [*out, "_No actor is quoted on the same topic at two dates._", ""]
    for t in b.timelines:
        qid = f" ({t.question_id})" if t.question_id else ""
        out.append(f"- **{md_escape(t.actor)}** on _{model_text(t.topic)}_{qid}: {CHANGE_TITLES[t.change]}")
        out += [_side(p, labels) for p in t.points]
        out += [f"  - check: {model_text(e)}" for e in t.evidence]
    return [*out, ""]


def _preconditions(b: Briefing, labels: dict[str, str]) -> list[str]:
    out = ["## Preconditions by party", ""]
    # One party under one name: "Volodymyr Zelenskiy" in one article is Volodymyr Zelensky of the corpus
    # (an alias two actors share names neither).
    named: dict[str, set[str]] = defaultdict(set)
    for a in b.actors:
        for alias in {a.name, *a.aliases}:
            named[alias].add(a.name)
    party = {alias: next(iter(ns)) for alias, ns in named.items() if len(ns) == 1}
    by_holder: dict[str, list[str]] = defaultdict(list)
    for ex in b.articles:
        for p in ex.preconditions:
            if p.basis == "text":
                reading = f"    _condition as written: {quote(p.demand)}_"
            else:
                reading = f"    _the model's reading: demands {model_text(p.demand)}" + (
                    f" before {model_text(p.before)}_" if p.before.strip().lower() not in _NOTHING else "_"
                )
            by_holder[party.get(p.holder, p.holder)].append(f"  - {quote(p.quote)} [{labels[ex.file]}]  \n{reading}")
    if not by_holder:
        return [*out, "_None found._", ""]
    for holder in sorted(by_holder):
        out += [f"- **{md_escape(holder)}**", *by_holder[holder]]
    return [*out, ""]


def _events(b: Briefing, labels: dict[str, str]) -> list[str]:
    out = ["## Timeline of dated events", ""]
    rows = [(e.resolved or "", e, ex.file) for ex in b.articles for e in ex.events]
    if not rows:
        return [*out, "_None found._", ""]
    for _, e, file in sorted(rows, key=lambda r: (r[0] == "", r[0], labels[r[2]], r[1].span.start)):
        out.append(
            f"- {e.resolved or 'unresolved'} (“{md_escape(e.date_text)}”, {md_escape(e.basis)}): "
            f"{quote(e.quote)} [{labels[file]}]"
        )
    return [*out, ""]


def _actors(b: Briefing, labels: dict[str, str]) -> list[str]:
    out = ["## Actors", ""]
    for a in b.actors:
        aliases = [al for al in a.aliases if al != a.name]
        role = f", {model_text(a.role)}" if a.role else ""
        also = f" — written: {', '.join(md_escape(x) for x in aliases)}" if aliases else ""
        srcs = ", ".join(labels[f] for f in b.actor_sources.get(a.id, []) if f in labels)
        out.append(f"- **{md_escape(a.name)}** ({a.type}{role}){also}" + (f" [{srcs}]" if srcs else ""))
    return [*out, ""]


def _sources(b: Briefing, labels: dict[str, str]) -> list[str]:
    out = [
        "## Sources",
        "",
        "| | File | Title | Outlet | Published (how known) | Status |",
        "|---|---|---|---|---|---|",
    ]
    for s in sorted(b.sources, key=lambda s: int(labels[s.file][1:])):
        pd = s.publication_date
        date = f"{pd.value} ({pd.basis.replace('_', ' ')})" if pd and pd.value else "unknown (no date in the text)"
        if pd and year_inferred(pd):
            date = f"{pd.value} (dateline text without a year; the year inferred)"
        status = s.status + (f": {md_escape(s.reason)}" if s.reason else "")
        out.append(
            f"| {labels[s.file]} | {md_escape(s.file)} | {md_escape(s.title or '')} | "
            f"{md_escape(s.outlet or '')} | {date} | {status} |"
        )
    rejected = [(s.file, r) for s in b.sources if s.publication_date for r in s.publication_date.rejected]
    out.append("")
    out += [f"- [{labels[f]}] date note: {md_escape(r)}" for f, r in rejected]
    return [*out, ""] if rejected else out


def _claim_line(c: Claim, label: str) -> str:
    who = "narration (the outlet's own voice)" if c.speaker == "narration" else md_escape(c.speaker)
    via = f", via {model_text(c.reported_by)}" if c.reported_by else ""
    if "paraphrase_weakly_supported_by_quote" in c.checks:
        note = "_paraphrase withheld: the quote does not support it_"
    else:
        note = f"_paraphrase: {model_text(c.statement)}_"
    return f"- **{who}**{via} ({c.stance}): {quote(c.quote)} [{label}]  \n  {note}"


def _article(ex: ArticleExtraction, label: str) -> list[str]:
    date = ex.publication_date.value or "undated"
    out = [f"### [{label}] {md_escape(ex.title or ex.file)}", "", f"{md_escape(ex.file)} · {date}", ""]
    out += [_claim_line(c, label) for c in ex.claims] or ["_No claims extracted._"]
    out.append("")
    if ex.warnings:
        out += [f"- warning: {md_escape(w)}" for w in ex.warnings] + [""]
    return out


def render_json(model: object) -> str:
    """JSON in schema field order."""
    dump = model.model_dump(mode="json")  # type: ignore[attr-defined]
    return json_inert(json.dumps(dump, ensure_ascii=False, indent=2)) + "\n"


def render_tables(briefing: Briefing) -> dict[str, str]:
    """claims.jsonl and relations.jsonl: one flat object a line with stable ids, for people who prefer
    tables (`sqlite-utils insert db claims claims.jsonl --nl`, Datasette)."""
    from .decisions import content_key

    question_of = {cid: q.id for q in briefing.questions for cid in q.claim_ids}
    labels = {q.id: q.label for q in briefing.questions}
    claims: list[dict[str, object]] = [
        {
            "id": c.id,
            "key": content_key(ex.sha256, c.quote),
            "article": ex.file,
            "article_sha256": ex.sha256,
            "published": ex.publication_date.value,
            "speaker": c.speaker,
            "speaker_id": briefing.speaker_ids.get(c.id),
            "reported_by": c.reported_by,
            "stance": c.stance,
            "quote": c.quote,
            "start": c.span.start,
            "end": c.span.end,
            "paraphrase": c.statement,
            "topic": c.topic,
            "question_id": question_of.get(c.id),
            "checks": c.checks,
        }
        for ex in briefing.articles
        for c in ex.claims
    ]
    relations: list[dict[str, object]] = []
    for r in briefing.relations:
        row: dict[str, object] = {
            "id": r.id,
            "key": r.key,
            "relation": r.relation,
            "kind": r.kind,
            "basis": r.basis,
            "review": r.review,
            "question_id": r.question_id,
            "question": labels.get(r.question_id or ""),
        }
        for name, side in zip("ab", r.sides[:2], strict=True):
            row |= {
                f"{name}_claim_id": side.claim_id,
                f"{name}_article": side.article,
                f"{name}_date": side.date,
                f"{name}_speaker": side.speaker,
                f"{name}_quote": side.quote,
            }
        more = [
            {"claim_id": s.claim_id, "article": s.article, "speaker": s.speaker, "quote": s.quote} for s in r.sides[2:]
        ]
        relations.append(row | ({"more_sides": more} if more else {}) | {"evidence": r.evidence})

    def lines(rows: list[dict[str, object]]) -> str:
        return "".join(json_inert(json.dumps(row, ensure_ascii=False)) + "\n" for row in rows)

    return {"claims.jsonl": lines(claims), "relations.jsonl": lines(relations)}
