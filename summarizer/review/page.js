"use strict";
// brief's review page. Every node is built with textContent: article text and model words are
// untrusted and are only ever shown as text (control characters as visible escapes).
(function () {
  const D = JSON.parse(document.getElementById("brief-data").textContent);
  const INVISIBLE = new RegExp(D.invisible, "gu");
  const STORE = "brief-review:" + D.digest;
  const byFile = new Map(D.articles.map((a) => [a.file, a]));
  const claimById = new Map();
  const LABEL_SOURCE = {
    model: "named by the model, checked against the quotes",
    claim_topic: "the claims' topic label",
    speakers: "no question or topic could be named: who speaks",
  };
  for (const a of D.articles) for (const c of a.claims) claimById.set(c.id, { claim: c, article: a });
  const actorById = new Map(D.actors.map((a) => [a.id, a]));
  const colour = new Map();
  D.actors.forEach((a, i) => colour.set(a.id, "sp" + (i % 10)));

  // ------------------------------------------------------------------ small helpers

  function txt(s) {
    // Text with invisible characters shown as escapes (a fragment of text nodes and spans).
    const f = document.createDocumentFragment();
    s = String(s == null ? "" : s);
    let last = 0;
    for (const m of s.matchAll(INVISIBLE)) {
      if (m.index > last) f.append(document.createTextNode(s.slice(last, m.index)));
      const e = document.createElement("span");
      e.className = "ctl";
      e.textContent = "\\u" + m[0].codePointAt(0).toString(16).padStart(4, "0");
      e.title = "invisible character, shown not obeyed";
      f.append(e);
      last = m.index + m[0].length;
    }
    if (last < s.length) f.append(document.createTextNode(s.slice(last)));
    return f;
  }
  function el(tag, cls, ...kids) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    for (const k of kids) e.append(k instanceof Node ? k : txt(k));
    return e;
  }
  function button(label, onClick, cls) {
    const b = el("button", cls || "", label);
    b.type = "button";
    b.addEventListener("click", (ev) => { ev.stopPropagation(); onClick(ev); });
    return b;
  }
  const label = (file) => D.labels[file] || "?";
  const who = (speaker) => (speaker === "narration" ? "the outlet (narration)" : speaker);
  const speakerClass = (claimId, speaker) => {
    const id = D.speaker_ids[claimId];
    if (id && colour.has(id)) return colour.get(id);
    return speaker === "narration" ? "spn" : "spu";
  };
  const shaOf = (file) => (byFile.get(file) || {}).sha256 || "";

  // ------------------------------------------------------------------ decisions

  const decisions = new Map();
  const undone = new Set(); // decisions of the last review that the editor took back on this page
  function decisionKey(d) {
    if (d.kind === "relation") return "relation:" + d.sides.map((s) => s.article_sha256 + "\u0000" + s.quote).sort().join("\u0001");
    if (d.kind === "speaker") return "speaker:" + d.claim.article_sha256 + "\u0000" + d.claim.quote;
    if (d.kind === "merge") return "merge:" + d.names.slice().sort().join("\u0001");
    return "split:" + d.actor + "\u0001" + d.names.slice().sort().join("\u0001");
  }
  function loadDecisions() {
    for (const d of (D.review && D.review.decisions) || []) decisions.set(decisionKey(d), d);
    try {
      const saved = JSON.parse(localStorage.getItem(STORE) || "{}");
      for (const k of saved.undone || []) { undone.add(k); decisions.delete(k); }
      for (const d of saved.decisions || []) decisions.set(decisionKey(d), d);
    } catch (e) { /* storage off (private window, file:// policy): decisions live in the page only */ }
  }
  function saveDecisions() {
    try {
      localStorage.setItem(STORE, JSON.stringify({ decisions: [...decisions.values()], undone: [...undone] }));
    } catch (e) { /* see above */ }
    document.getElementById("export").textContent = "Export decisions.json (" + decisions.size + ")";
  }
  function setDecision(d) {
    const k = decisionKey(d);
    const old = decisions.get(k);
    if (old && JSON.stringify(old) === JSON.stringify(d)) { decisions.delete(k); undone.add(k); } // same again: undo
    else { decisions.set(k, d); undone.delete(k); }
    saveDecisions();
    refreshStates();
  }
  const evidence = (file, quote) => ({ file: file, article_sha256: shaOf(file), quote: quote });
  function relationDecision(r, verdict) {
    return { kind: "relation", verdict: verdict, relation: r.relation, sides: r.sides.map((s) => evidence(s.article, s.quote)) };
  }
  function exportDecisions() {
    const body = JSON.stringify({ format: "brief-decisions/v1", decisions: [...decisions.values()] }, null, 2) + "\n";
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([body], { type: "application/json" }));
    a.download = "decisions.json";
    document.body.append(a);
    a.click();
    a.remove();
  }

  // ------------------------------------------------------------------ article panes

  function refsIn(file) {
    const spans = [];
    for (const r of D.relations) for (const s of r.sides) if (s.article === file && s.span) spans.push(s.span);
    for (const t of D.timelines) for (const p of t.points) if (p.article === file && p.span) spans.push(p.span);
    return spans;
  }
  function renderArticle(pane, file) {
    const a = byFile.get(file);
    const body = pane.body;
    body.textContent = "";
    pane.file = file;
    pane.select.value = file;
    if (!a) return;
    const meta = el("div", "meta", "[" + label(file) + "] " + file + " · " + (a.publication_date.value || "undated") +
      (a.outlet ? " · " + a.outlet : "") + " · " + a.claims.length + " claim(s)");
    body.append(meta);
    for (const w of a.warnings) body.append(el("div", "meta", "warning: " + w));
    const text = a.text || "";
    const cuts = new Set([0, text.length]);
    const add = (s, e) => { cuts.add(Math.max(0, Math.min(s, text.length))); cuts.add(Math.max(0, Math.min(e, text.length))); };
    for (const c of a.claims) add(c.span.start, c.span.end);
    for (const g of a.regions) add(g.start, g.end);
    for (const s of refsIn(file)) add(s.start, s.end);
    const points = [...cuts].sort((x, y) => x - y);
    const regionAt = (p) => a.regions.find((g) => g.start <= p && p < g.end);
    let seen = new Set();
    for (let i = 0; i + 1 < points.length; i++) {
      const s = points[i], e = points[i + 1];
      const covering = a.claims.filter((c) => c.span.start <= s && e <= c.span.end);
      const region = regionAt(s);
      let node;
      if (covering.length) {
        node = el("mark", speakerClass(covering[0].id, covering[0].speaker), text.slice(s, e));
        node.dataset.claims = covering.map((c) => c.id).join(" ");
        node.title = covering.map((c) => who(c.speaker) + " (" + c.stance + ")").join("; ");
      } else {
        node = el("span", region ? "grey" : "", text.slice(s, e));
        if (region) {
          node.dataset.why = region.kind === "withheld" ? "withheld: " + region.reason : region.reason;
          node.title = node.dataset.why;
          const k = region.start + ":" + region.end;
          if (!seen.has(k)) { node.classList.add("first"); seen.add(k); }
        }
      }
      node.dataset.s = s;
      node.dataset.e = e;
      body.append(node);
    }
    applyFilters();
  }
  function focusSpan(pane, file, span) {
    if (pane.file !== file) renderArticle(pane, file);
    for (const n of document.querySelectorAll(".focus")) if (pane.body.contains(n)) n.classList.remove("focus");
    if (!span) { pane.body.scrollTop = 0; return; }
    const nodes = [...pane.body.querySelectorAll("[data-s]")].filter((n) => +n.dataset.s >= span.start && +n.dataset.e <= span.end);
    nodes.forEach((n) => n.classList.add("focus"));
    if (nodes.length) nodes[0].scrollIntoView({ block: "center" });
  }
  function makePane(id, name) {
    const pane = { id: id };
    const root = el("section", "pane");
    root.id = id;
    const head = el("div", "phead", el("strong", "", name));
    pane.select = el("select", "");
    pane.select.setAttribute("aria-label", name + ": article");
    for (const a of D.articles) {
      const o = el("option", "", "[" + label(a.file) + "] " + (a.title || a.file));
      o.value = a.file;
      pane.select.append(o);
    }
    pane.select.addEventListener("change", () => renderArticle(pane, pane.select.value));
    head.append(pane.select);
    pane.body = el("div", "pbody");
    pane.foot = el("div", "pfoot card");
    pane.body.addEventListener("click", (ev) => {
      const m = ev.target.closest("mark");
      if (m) showClaim(pane, m.dataset.claims.split(" ")[0]);
    });
    root.append(head, pane.body, pane.foot);
    pane.root = root;
    return pane;
  }

  // ------------------------------------------------------------------ claim card (right pane footer)

  function showClaim(pane, claimId) {
    const hit = claimById.get(claimId);
    if (!hit) return;
    const c = hit.claim, a = hit.article;
    const foot = pane.foot;
    foot.textContent = "";
    foot.dataset.claim = claimId;
    foot.append(el("div", "row", el("strong", "", who(c.speaker)), " (" + c.stance + ")" + (c.reported_by ? ", via " + c.reported_by : "") + " [" + label(a.file) + "] " + c.id));
    foot.append(el("div", "row", el("span", "q", "“" + c.quote + "”")));
    foot.append(el("div", "row model", "the model's paraphrase: " + c.statement));
    if (c.checks.length) foot.append(el("div", "row note", "checks: " + c.checks.join(", ")));
    const key = decisionKey({ kind: "speaker", claim: evidence(a.file, c.quote) });
    const current = decisions.get(key);
    const tools = el("div", "tools");
    const pick = el("select", "");
    pick.setAttribute("aria-label", "right speaker");
    const options = [["", "unattributed (speaker unknown)"], ["narration", "the outlet (narration)"]];
    for (const x of a.actors) if (x.name !== c.speaker) options.push([x.name, x.name]);
    for (const [v, t] of options) { const o = el("option", "", t); o.value = v; pick.append(o); }
    tools.append(button("Speaker wrong", () => {
      setDecision({ kind: "speaker", claim: evidence(a.file, c.quote), was: c.speaker, speaker: pick.value || null });
      showClaim(pane, claimId);
    }), pick);
    if (current) tools.append(el("span", "state", "marked: speaker should be " + (current.speaker || "unattributed")));
    foot.append(tools);
    const rels = D.relations.filter((r) => r.sides.some((s) => s.claim_id === claimId));
    if (rels.length) {
      const row = el("div", "row note", "relations: ");
      for (const r of rels) row.append(button(r.id + " " + (D.relation_titles[r.relation] || r.relation), () => selectItem(itemFor.get(r.id), true)));
      foot.append(row);
    }
  }

  // ------------------------------------------------------------------ the briefing (left)

  const items = [];
  const itemFor = new Map();
  let selected = null;
  function item(kind, sources, actors, ...kids) {
    const e = el("div", "item", ...kids);
    e.tabIndex = -1;
    e.dataset.kind = kind;
    e.dataset.sources = [...new Set(sources)].join("\u0001");
    e.dataset.actors = [...new Set(actors.filter(Boolean))].join(" ");
    e.addEventListener("click", () => selectItem(e, true));
    items.push(e);
    return e;
  }
  function sideLine(s, paneIndex) {
    // A quote of the briefing: a click shows it in its source (a relation's second side in pane B).
    const line = el("div", "side", el("span", "src", "[" + label(s.article) + "] " + (s.date || "undated")), " · " + who(s.speaker) + ": ", el("q", "q", s.quote));
    line.addEventListener("click", (ev) => {
      ev.stopPropagation();
      const pane = panes[paneIndex || 0];
      selectItem(line.closest(".item"), false);
      focusSpan(pane, s.article, s.span);
      showClaim(pane, s.claim_id);
    });
    return line;
  }
  const actorsOf = (refs) => refs.map((s) => D.speaker_ids[s.claim_id]);
  function questionLabel(qid) {
    const q = D.questions.find((x) => x.id === qid);
    return q ? " on “" + q.label + "” (" + q.id + ")" : "";
  }
  function relationItem(r) {
    const kind = D.kind_titles[r.kind] || r.kind;
    const head = el("div", "head", (D.relation_titles[r.relation] || r.relation) + (kind ? " (" + kind + ")" : ""),
      el("span", "state", ""));
    const e = item(r.relation, r.sides.map((s) => s.article), actorsOf(r.sides), head,
      el("div", "note", r.id + questionLabel(r.question_id) + " · rests on: " + r.basis.replace("+", " + ")));
    if (r.context) e.append(el("div", "ev", "one sentence reports both: ", el("q", "q", r.context.quote)));
    // A third side is the first or the second side's party saying it again: its source opens in that party's pane.
    r.sides.forEach((s, i) => e.append(sideLine(s, i < 2 ? i : s.speaker === r.sides[0].speaker ? 0 : 1)));
    for (const x of r.evidence) e.append(el("div", "ev", "check: " + x));
    e.append(el("div", "tools", button("Accept (a)", () => decide(r, "accept")), button("Reject (r)", () => decide(r, "reject"))));
    e.dataset.relation = r.id;
    itemFor.set(r.id, e);
    return e;
  }
  function decide(r, verdict) { setDecision(relationDecision(r, verdict)); }
  function refreshStates() {
    for (const r of D.relations) {
      const e = itemFor.get(r.id);
      if (!e) continue;
      const d = decisions.get(decisionKey(relationDecision(r, "accept")));
      e.classList.toggle("accepted", !!d && d.verdict === "accept");
      e.classList.toggle("rejected", !!d && d.verdict === "reject");
      e.querySelector(".state").textContent = d ? (d.verdict === "accept" ? "✓ accepted" : "✗ rejected") : (r.review === "accepted" ? "accepted earlier" : "");
    }
    for (const e of document.querySelectorAll("[data-actor-tools]")) e.dispatchEvent(new Event("refresh"));
  }
  function section(title, note) {
    const s = el("div", "section", el("h2", "", title));
    if (note) s.append(el("div", "note", note));
    return s;
  }
  function buildBriefing(root) {
    const conflicts = D.relations.filter((r) => r.relation === "contradiction" || r.relation === "change_of_position");
    const s1 = section("Where the sources conflict", "Each side is verbatim; click a relation to see both quotes in their sources.");
    conflicts.forEach((r) => s1.append(relationItem(r)));
    if (!conflicts.length) s1.append(el("div", "note", "None found."));
    const agree = D.relations.filter((r) => r.relation === "agreement");
    const s2 = section("Where the sources agree");
    agree.forEach((r) => s2.append(relationItem(r)));
    if (!agree.length) s2.append(el("div", "note", "None found."));
    const s3 = section("How positions moved over time");
    for (const t of D.timelines) {
      const e = item("timeline", t.points.map((p) => p.article), [t.actor_id], el("div", "head", t.actor + " on “" + t.topic + "”: " + D.change_titles[t.change]));
      t.points.forEach((p) => e.append(sideLine(p)));
      t.evidence.forEach((x) => e.append(el("div", "ev", "check: " + x)));
      s3.append(e);
    }
    if (!D.timelines.length) s3.append(el("div", "note", "No actor is quoted on the same topic at two dates."));
    const s4 = section("Questions and positions", "Claims grouped by the question they answer; question names are the model's words unless marked as a topic label.");
    for (const q of D.questions) {
      const e = item("question", q.articles, q.positions.map((p) => p.actor_id),
        el("div", "head", q.id + ". " + q.label), el("div", "note", (LABEL_SOURCE[q.label_source] || q.label_source) + "; " + q.claim_ids.length + " claim(s) from " + q.articles.length + " source(s)"));
      for (const p of q.positions) {
        e.append(el("div", "", el("strong", "", who(p.party))));
        p.points.forEach((x) => e.append(sideLine(x)));
      }
      s4.append(e);
      D.relations.filter((r) => r.question_id === q.id && r.relation === "compare").forEach((r) => s4.append(relationItem(r)));
    }
    // Pairs code found (a figure, an order of steps) on no question above: unlabelled, still shown.
    const asked = new Set(D.questions.map((q) => q.id));
    const loose = D.relations.filter((r) => r.relation === "compare" && !asked.has(r.question_id));
    if (loose.length) s4.append(el("div", "head", "Other positions to compare"));
    loose.forEach((r) => s4.append(relationItem(r)));
    const compat = D.relations.filter((r) => r.relation === "conditional_compatibility" || r.relation === "scope_difference");
    const s5 = section("Compatible or differently scoped");
    compat.forEach((r) => s5.append(relationItem(r)));
    if (!compat.length) s5.append(el("div", "note", "None found."));
    const s6 = section("Preconditions by party", "Quotes are verbatim; demand and 'before' are the model's reading.");
    for (const a of D.articles) for (const p of a.preconditions) {
      const holder = D.actors.find((x) => x.aliases.includes(p.holder) || x.name === p.holder);
      const e = item("precondition", [a.file], [holder && holder.id], el("div", "head", p.holder),
        el("div", "side", el("span", "src", "[" + label(a.file) + "]"), " ", el("q", "q", p.quote)),
        el("div", "model", p.basis === "text" ? "condition as written: “" + p.demand + "”" : "the model's reading: demands " + p.demand + " before " + p.before));
      e.querySelector(".side").addEventListener("click", (ev) => { ev.stopPropagation(); focusSpan(panes[0], a.file, p.span); });
      s6.append(e);
    }
    root.append(s1, s2, s3, s4, s5, s6, buildActors(), buildSources(), buildReview());
  }
  function buildActors() {
    const s = section("Actors", "Tick two or more and merge them; or tick spellings of one actor that belong to someone else and split them.");
    const ticked = new Set();
    for (const a of D.actors) {
      const e = item("actor", D.actor_sources[a.id] || [], [a.id], el("div", "head", el("mark", colour.get(a.id), a.name), " (" + a.type + ")"));
      const tick = el("input", "");
      tick.type = "checkbox";
      tick.setAttribute("aria-label", "select " + a.name + " to merge");
      tick.addEventListener("click", (ev) => { ev.stopPropagation(); tick.checked ? ticked.add(a) : ticked.delete(a); });
      e.querySelector(".head").prepend(tick);
      const aliasTicks = [];
      const row = el("div", "tools");
      if (a.aliases.length > 1) for (const al of a.aliases) {
        const box = el("input", "");
        box.type = "checkbox";
        box.setAttribute("aria-label", "split off " + al);
        box.addEventListener("click", (ev) => ev.stopPropagation());
        aliasTicks.push([box, al]);
        row.append(el("label", "chip", box, al));
      } else row.append(el("span", "chip", a.aliases[0] || a.name));
      if (a.aliases.length > 1) row.append(button("Split ticked spellings off", () => {
        const names = aliasTicks.filter(([b]) => b.checked).map(([, al]) => al);
        if (names.length && names.length < a.aliases.length) setDecision({ kind: "split", actor: a.name, names: names });
      }));
      const state = el("div", "note", "");
      state.dataset.actorTools = a.id;
      state.addEventListener("refresh", () => {
        const mine = [...decisions.values()].filter((d) => (d.kind === "merge" && d.names.some((n) => a.aliases.includes(n))) || (d.kind === "split" && d.actor === a.name));
        state.textContent = mine.map((d) => d.kind === "merge" ? "to merge: " + d.names.join(" + ") : "to split off: " + d.names.join(", ")).join("; ");
      });
      e.append(row, state);
      s.append(e);
    }
    s.append(el("div", "tools", button("Merge ticked actors", () => {
      if (ticked.size > 1) setDecision({ kind: "merge", names: [...ticked].map((a) => a.name) });
    })));
    return s;
  }
  function buildSources() {
    const s = section("Sources");
    const t = el("table", "sources", el("tr", "", el("th", "", ""), el("th", "", "File"), el("th", "", "Title"), el("th", "", "Published"), el("th", "", "Status")));
    for (const x of D.sources) {
      const row = el("tr", "", el("td", "", label(x.file)), el("td", "", x.file), el("td", "", x.title || ""),
        el("td", "", (x.publication_date && x.publication_date.value) || "unknown"), el("td", "", x.status + (x.reason ? ": " + x.reason : "")));
      if (byFile.has(x.file)) row.addEventListener("click", () => focusSpan(panes[0], x.file, null));
      t.append(row);
    }
    s.append(t);
    return s;
  }
  function buildReview() {
    const r = D.review;
    const s = section("Decisions from the last review");
    if (!r) { s.append(el("div", "note", "None: this run had no --decisions file.")); return s; }
    s.append(el("div", "note", r.file));
    for (const [title, list] of [["applied", r.applied], ["stale (evidence changed: not applied)", r.stale], ["not proposed in this run", r.unused]]) {
      if (!list.length) continue;
      s.append(el("h3", "", title + ": " + list.length));
      for (const x of list) s.append(el("div", "ev", x));
    }
    for (const x of r.rejected_relations) s.append(el("div", "ev", "rejected and kept out: " + x.relation + " " + x.sides.map((y) => "[" + label(y.article) + "] “" + y.quote + "”").join(" / ")));
    return s;
  }

  // ------------------------------------------------------------------ selection, filters, keys

  function selectItem(e, open) {
    if (!e) return;
    if (selected) selected.classList.remove("selected");
    selected = e;
    e.classList.add("selected");
    e.scrollIntoView({ block: "nearest" });
    if (!open) return;
    const r = D.relations.find((x) => x.id === e.dataset.relation);
    if (r) {
      focusSpan(panes[0], r.sides[0].article, r.sides[0].span);
      focusSpan(panes[1], r.sides[1].article, r.sides[1].span);
      showClaim(panes[0], r.sides[0].claim_id);
      showClaim(panes[1], r.sides[1].claim_id);
    }
  }
  const filters = {};
  function applyFilters() {
    const q = (filters.search && filters.search.value.trim().toLowerCase()) || "";
    const actor = filters.actor ? filters.actor.value : "";
    const source = filters.source ? filters.source.value : "";
    const kind = filters.kind ? filters.kind.value : "";
    for (const e of items) {
      const ok = (!q || e.textContent.toLowerCase().includes(q)) &&
        (!actor || e.dataset.actors.split(" ").includes(actor)) &&
        (!source || e.dataset.sources.split("\u0001").includes(source)) &&
        (!kind || e.dataset.kind === kind);
      e.classList.toggle("hidden", !ok);
    }
    for (const m of document.querySelectorAll(".pbody mark")) {
      const ids = m.dataset.claims.split(" ");
      m.classList.toggle("dim", !!actor && !ids.some((id) => D.speaker_ids[id] === actor));
    }
  }
  function choice(name, options) {
    const s = el("select", "");
    s.setAttribute("aria-label", name);
    const all = el("option", "", name + ": all");
    all.value = "";
    s.append(all);
    for (const [v, t] of options) { const o = el("option", "", t); o.value = v; s.append(o); }
    s.addEventListener("change", applyFilters);
    return s;
  }
  function buildBar() {
    const bar = el("header", "bar", el("h1", "", "brief review · " + D.articles.length + " article(s)" + (D.model ? " · " + D.model : "")));
    filters.search = el("input", "");
    filters.search.type = "search";
    filters.search.placeholder = "search (/)";
    filters.search.setAttribute("aria-label", "search");
    filters.search.addEventListener("input", applyFilters);
    filters.actor = choice("actor", D.actors.map((a) => [a.id, a.name]));
    filters.source = choice("source", D.articles.map((a) => [a.file, "[" + label(a.file) + "] " + a.file]));
    const kinds = ["contradiction", "change_of_position", "agreement", "compare", "conditional_compatibility", "scope_difference"];
    filters.kind = choice("kind", [...kinds.map((k) => [k, D.relation_titles[k] || k]), ["timeline", "timeline"], ["question", "question"], ["precondition", "precondition"], ["actor", "actor"]]);
    const exp = button("Export decisions.json (0)", exportDecisions, "primary");
    exp.id = "export";
    bar.append(filters.search, filters.actor, filters.source, filters.kind, exp,
      el("span", "keys", "j/k next/previous · Enter open · a accept · r reject · / search"));
    return bar;
  }
  document.addEventListener("keydown", (ev) => {
    if (ev.target.closest && ev.target.closest("input, select, textarea")) {
      if (ev.key === "Escape") ev.target.blur();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const visible = items.filter((e) => !e.classList.contains("hidden"));
    const at = visible.indexOf(selected);
    if (ev.key === "j" || ev.key === "k") {
      const next = visible[Math.max(0, Math.min(visible.length - 1, at + (ev.key === "j" ? 1 : -1)))];
      selectItem(next, true);
    } else if (ev.key === "Enter" && selected) {
      selectItem(selected, true);
    } else if ((ev.key === "a" || ev.key === "r") && selected && selected.dataset.relation) {
      decide(D.relations.find((x) => x.id === selected.dataset.relation), ev.key === "a" ? "accept" : "reject");
    } else if (ev.key === "/") {
      filters.search.focus();
    } else return;
    ev.preventDefault();
  });

  // ------------------------------------------------------------------ start

  const left = el("main", "");
  left.id = "briefing";
  const panes = [makePane("pane-a", "A"), makePane("pane-b", "B")];
  document.body.append(buildBar(), left, panes[0].root, panes[1].root);
  buildBriefing(left);
  if (D.articles.length) {
    renderArticle(panes[0], D.articles[0].file);
    renderArticle(panes[1], D.articles[Math.min(1, D.articles.length - 1)].file);
  } else {
    panes[0].body.append(el("div", "note", "No article was processed: see Sources."));
  }
  loadDecisions();
  saveDecisions();
  refreshStates();
  document.documentElement.dataset.ready = "1";
})();
