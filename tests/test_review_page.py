"""The editor's review page (`brief --html`, `brief review`): one self-contained, inert, deterministic
HTML file — checked as a file here and in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer import pipeline
from summarizer.cli import app
from summarizer.review import build_page
from summarizer.schemas import Briefing, Decisions
from summarizer.testing import FakeLLM, keyword_responder

from .conftest import CASSETTES, CORPUS, ROOT, run_recorded

HOSTILE = (
    "Minister Ana Lind said the budget <script>window.__pwned = 1; alert(1)</script> passed on Monday.\n"
    'Councillor Ben Ode said the vote <img src=x onerror="window.__pwned = 2"> must wait.\n'
    "Mayor Ana Lind said the report\u202efdp.txt is final and [click](javascript:window.__pwned=3) is not.\n"
    "Auditor Kim Ro said the plan </script><script>window.__pwned = 4</script> was late.\n"
)
STORY = "Minister Ana Lind said the budget passed on Tuesday.\nAuditor Kim Ro said the budget did not pass.\n"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in ("script", "style") else None
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts[-1] += data


def hostile_briefing(tmp_path: Path) -> Briefing:
    root = tmp_path / "hostile"
    root.mkdir(exist_ok=True)
    (root / "council.txt").write_text(HOSTILE, encoding="utf-8")
    (root / "budget.txt").write_text(STORY, encoding="utf-8")
    return pipeline.run(pipeline.Config(root, strict=True), llm=FakeLLM(responder=keyword_responder))


# ---------------------------------------------------------------------------------- as a file


def test_the_page_is_one_inert_file_with_a_strict_policy(tmp_path: Path) -> None:
    page = build_page(hostile_briefing(tmp_path))
    parsed = _Tags()
    parsed.feed(page)
    scripts = [a for t, a in parsed.tags if t == "script"]
    assert scripts == [{"type": "application/json", "id": "brief-data"}, {}]  # the data block and the page's code
    assert not any(k in ("src", "href", "srcset", "action") for _, a in parsed.tags for k in a)  # nothing to load
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and csp.startswith("default-src 'none'; script-src 'sha256-")
    code = parsed.scripts[1]
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert style is not None
    for text, directive in ((code, "script-src"), (style.group(1), "style-src")):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in csp
    data = json.loads(parsed.scripts[0])  # the article text is data: `</script>` inside it ends nothing
    council = next(a for a in data["articles"] if a["file"] == "council.txt")
    assert council["text"] == HOSTILE
    assert "</script><script>" not in parsed.scripts[0] and "<img" not in parsed.scripts[0]


def test_the_same_corpus_gives_the_same_page_bytes(tmp_path: Path) -> None:
    first, second = hostile_briefing(tmp_path), hostile_briefing(tmp_path)
    assert first.run and second.run and first.run.run_id != second.run.run_id
    assert build_page(first) == build_page(second)


def test_review_rebuilds_the_page_from_a_json_dir(tmp_path: Path, fake_backend: FakeLLM) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "budget.txt").write_text(STORY, encoding="utf-8")
    out, html = tmp_path / "json", tmp_path / "run.html"
    r = CliRunner().invoke(app, ["run", str(root), "--json-dir", str(out), "--html", str(html), "--quiet"])
    assert r.exit_code == 0, r.output
    again = tmp_path / "again.html"
    r = CliRunner().invoke(app, ["review", str(out), "-o", str(again)])
    assert r.exit_code == 0, r.output
    assert again.read_bytes() == html.read_bytes()
    r = CliRunner().invoke(app, ["review", str(tmp_path / "nothing"), "-o", str(again)])
    assert r.exit_code == 2 and "cannot read" in r.stderr and "Traceback" not in r.output
    old = json.loads((out / "briefing.json").read_text())
    for ex in old["articles"]:
        ex.pop("text")
    (out / "briefing.json").write_text(json.dumps(old))
    r = CliRunner().invoke(app, ["review", str(out), "-o", str(again)])
    assert r.exit_code == 2 and "older brief without article texts" in r.stderr


# ---------------------------------------------------------------------------------- in a browser

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no Chromium on this machine: `apt-get install chromium` (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test extra: pip install -e '.[test]'")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS)
        yield b
        b.close()


class Page:
    """A page in a fresh context, with everything it tried recorded."""

    def __init__(self, browser: Any, path: Path):
        self.context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("html[data-ready='1']", timeout=10_000)

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def recorded(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Briefing, Path]:
    tmp = tmp_path_factory.mktemp("review")
    html = tmp / "review.html"
    r = run_recorded(CASSETTES / "corpus_embedded.yaml", CORPUS, tmp / "json", base_url, "--html", str(html))
    assert r.exit_code == 0, r.output
    return html, Briefing.model_validate_json((tmp / "json" / "briefing.json").read_text()), tmp


def claim_texts(page: Any) -> dict[str, str]:
    """Claim id → the text of every highlight that carries it, in pane A."""
    return page.evaluate(
        """() => {
        const out = {};
        for (const m of document.querySelectorAll('#pane-a mark[data-claims]'))
          for (const id of m.dataset.claims.split(' ')) out[id] = (out[id] || '') + m.textContent;
        return out; }"""
    )


def test_every_claim_is_highlighted_at_its_quote(browser: Any, recorded: tuple[Path, Briefing, Path]) -> None:
    html, briefing, _ = recorded
    p = Page(browser, html)
    n = 0
    for ex in briefing.articles:
        p.page.select_option("#pane-a select", ex.file)
        texts = claim_texts(p.page)
        assert set(texts) == {c.id for c in ex.claims}, ex.file
        for c in ex.claims:
            assert texts[c.id] == c.quote
            n += 1
        greyed = p.page.locator("#pane-a .grey.first").count()
        assert greyed == sum(1 for _ in ex.regions), ex.file  # every region shown once, with its reason
    assert n == sum(len(ex.claims) for ex in briefing.articles) > 50
    assert not p.errors and p.requests == [html.as_uri()] and not p.dialogs
    p.close()


def test_a_relation_shows_both_quotes_side_by_side(browser: Any, recorded: tuple[Path, Briefing, Path]) -> None:
    html, briefing, _ = recorded
    r = next(
        r for r in briefing.relations if r.relation == "contradiction" and r.sides[0].article != r.sides[1].article
    )
    p = Page(browser, html)
    p.page.click(f".item[data-relation='{r.id}'] .head")
    for pane, side in (("#pane-a", r.sides[0]), ("#pane-b", r.sides[1])):
        assert p.page.input_value(f"{pane} select") == side.article
        focus = p.page.locator(f"{pane} .pbody .focus")
        assert "".join(focus.all_text_contents()) == side.quote
        body = p.page.locator(f"{pane} .pbody").bounding_box()
        box = focus.first.bounding_box()
        assert body and box and body["y"] <= box["y"] and box["y"] + box["height"] <= body["y"] + body["height"]
    assert p.page.locator(".item.selected").get_attribute("data-relation") == r.id
    p.close()


def test_a_third_side_opens_in_its_partys_pane(browser: Any, recorded: tuple[Path, Briefing, Path]) -> None:
    """A contradiction with one party's second statement as a third side: a click on that side shows
    it in the pane of the party's first statement, beside the other party's."""
    html, briefing, _ = recorded
    r = next(r for r in briefing.relations if len(r.sides) > 2)
    third = r.sides[2]
    pane = "#pane-a" if third.speaker == r.sides[0].speaker else "#pane-b"
    p = Page(browser, html)
    p.page.click(f".item[data-relation='{r.id}'] .side >> nth=2")
    assert p.page.input_value(f"{pane} select") == third.article
    assert "".join(p.page.locator(f"{pane} .pbody .focus").all_text_contents()) == third.quote
    assert not p.errors
    p.close()


def test_filters_search_and_keys(browser: Any, recorded: tuple[Path, Briefing, Path]) -> None:
    html, briefing, _ = recorded
    p = Page(browser, html)
    page = p.page
    total = page.locator(".item").count()
    page.keyboard.press("j")
    first = page.locator(".item.selected")
    assert first.count() == 1
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.locator(".item.selected").inner_text() == first.inner_text()
    page.keyboard.press("/")
    page.keyboard.type("no such words anywhere")
    assert page.locator(".item:not(.hidden)").count() == 0
    page.fill("header input[type=search]", "")
    assert page.locator(".item:not(.hidden)").count() == total
    actor = next(a for a in briefing.actors if len(briefing.actor_sources.get(a.id, [])) >= 2)
    page.select_option("header select[aria-label=actor]", actor.id)
    shown = page.locator(".item:not(.hidden)")
    assert 0 < shown.count() < total
    assert all(actor.id in (e.get_attribute("data-actors") or "").split() for e in shown.all())
    page.select_option("header select[aria-label=actor]", "")
    page.select_option("header select[aria-label=kind]", "contradiction")
    n = sum(1 for r in briefing.relations if r.relation == "contradiction")
    assert page.locator(".item:not(.hidden)").count() == n
    p.close()


def test_reject_export_and_the_next_run_drops_it(
    browser: Any, recorded: tuple[Path, Briefing, Path], base_url: str
) -> None:
    html, briefing, tmp = recorded
    r = next(r for r in briefing.relations if r.relation == "contradiction")
    claim = next(c for ex in briefing.articles for c in ex.claims if c.speaker != "narration")
    p = Page(browser, html)
    page = p.page
    page.click(f".item[data-relation='{r.id}'] .head")
    page.keyboard.press("r")
    assert "rejected" in (page.locator(f".item[data-relation='{r.id}']").get_attribute("class") or "")
    # The editor marks a speaker wrong from the highlight in the source.
    page.select_option("#pane-a select", claim.article)
    page.locator(f"#pane-a mark[data-claims~='{claim.id}']").first.click()
    page.select_option("#pane-a .pfoot select", "narration")
    page.click("#pane-a .pfoot button:has-text('Speaker wrong')")
    with page.expect_download() as info:
        page.click("#export")
    path = tmp / "decisions.json"
    info.value.save_as(path)
    decisions = Decisions.model_validate_json(path.read_text())
    assert [d.kind for d in decisions.decisions] == ["relation", "speaker"]
    assert not p.errors and p.requests == [html.as_uri()]
    p.close()

    again = tmp / "again"
    result = run_recorded(
        CASSETTES / "corpus_embedded.yaml",
        CORPUS,
        again,
        base_url,
        "--decisions",
        str(path),
        "--html",
        str(tmp / "2.html"),
    )
    assert result.exit_code == 0, result.output
    second = Briefing.model_validate_json((again / "briefing.json").read_text())
    assert r.key not in {x.key for x in second.relations}
    assert second.review is not None and [x.key for x in second.review.rejected_relations] == [r.key]
    fixed = next(
        c for ex in second.articles for c in ex.claims if c.quote == claim.quote and c.article == claim.article
    )
    assert fixed.speaker == "narration" and "speaker_from_editor" in fixed.checks
    assert "Editor decisions" in result.stdout and "2 applied" in result.stdout
    # The next page starts from those decisions: the editor's work is not lost.
    q = Page(browser, tmp / "2.html")
    assert q.page.inner_text("#export") == "Export decisions.json (2)"
    # Decisions made on the page survive a reload (the browser's storage), and so does taking one back.
    other = next(x for x in second.relations if x.relation == "contradiction")
    q.page.click(f".item[data-relation='{other.id}'] .head")
    q.page.keyboard.press("a")
    assert q.page.inner_text("#export") == "Export decisions.json (3)"
    q.page.reload()
    q.page.wait_for_selector("html[data-ready='1']")
    assert q.page.inner_text("#export") == "Export decisions.json (3)"
    q.page.click(f".item[data-relation='{other.id}'] .head")
    q.page.keyboard.press("a")  # the same decision again takes it back
    q.page.reload()
    q.page.wait_for_selector("html[data-ready='1']")
    assert q.page.inner_text("#export") == "Export decisions.json (2)"
    q.close()


def test_hostile_article_is_inert_in_the_browser(browser: Any, tmp_path: Path) -> None:
    html = tmp_path / "hostile.html"
    html.write_text(build_page(hostile_briefing(tmp_path)), encoding="utf-8")
    p = Page(browser, html)
    page = p.page
    page.select_option("#pane-a select", "council.txt")
    text = page.inner_text("#pane-a .pbody")
    assert "<script>window.__pwned = 1; alert(1)</script>" in text and "<img src=x onerror=" in text
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("script").count() == 2 and page.locator("img, iframe, object, embed").count() == 0
    assert page.locator("a[href]").count() == 0
    assert "\\u202e" in page.locator("#pane-a .ctl").all_inner_texts()
    assert "\u202e" not in text
    page.click(".item .head")  # clicking around runs nothing either
    page.keyboard.press("j")
    assert page.evaluate("() => window.__pwned") is None
    assert not p.dialogs and not p.errors and p.requests == [html.as_uri()]
    p.close()


def test_merge_and_split_from_the_actor_list(browser: Any, recorded: tuple[Path, Briefing, Path]) -> None:
    html, briefing, tmp = recorded
    persons = [a for a in briefing.actors if a.type == "person"]
    a, b = persons[0], persons[1]
    several = next(x for x in briefing.actors if len(x.aliases) >= 2)
    p = Page(browser, html)
    page = p.page
    page.check(f"input[aria-label='select {a.name} to merge']")
    page.check(f"input[aria-label='select {b.name} to merge']")
    page.click("button:has-text('Merge ticked actors')")
    item = page.locator(".item[data-kind=actor]").filter(
        has=page.locator(f"input[aria-label='split off {several.aliases[-1]}']")
    )
    item.locator(f"input[aria-label='split off {several.aliases[-1]}']").check()
    item.locator("button:has-text('Split ticked spellings off')").click()
    assert "to split off" in item.inner_text()
    with page.expect_download() as info:
        page.click("#export")
    path = tmp / "actors.json"
    info.value.save_as(path)
    got = [d.model_dump() for d in Decisions.model_validate_json(path.read_text()).decisions]
    assert got == [
        {"kind": "merge", "names": [a.name, b.name]},
        {"kind": "split", "actor": several.name, "names": [several.aliases[-1]]},
    ]
    assert not p.errors
    p.close()


def test_a_pair_on_no_question_is_listed_to_compare(browser: Any, base_url: str, tmp_path: Path) -> None:
    """The plant corpus: the spokeswoman's "had not received any offer" against the union's "Kovix made an
    offer" (code: a negation; the model unsure they are one issue), taken off its question as a pair across
    questions is: the page still lists it with what code found."""
    plant = ROOT / "bench" / "plant" / "corpus"
    r = run_recorded(CASSETTES / "plant_embedded.yaml", plant, tmp_path / "json", base_url)
    assert r.exit_code == 0, r.output
    b = Briefing.model_validate_json((tmp_path / "json" / "briefing.json").read_text())
    loose = next(
        x
        for x in b.relations
        if x.relation == "compare" and any("negates" in e for e in x.evidence) and x.sides[1].speaker == "Leon Hartmann"
    )
    loose.question_id = None
    html = tmp_path / "review.html"
    html.write_text(build_page(b), encoding="utf-8")
    p = Page(browser, html)
    text = p.page.inner_text("body")
    assert "Other positions to compare" in text
    assert "one side negates the other" in text
    assert "Pieter Vos on “brackley plant sale”: tone changed, condition the same" in text  # as the briefing
    assert not p.errors and not p.dialogs
    p.close()
