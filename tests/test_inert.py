"""Hostile text stays verbatim and inert in every place it is shown: the Markdown (rendered by
GitHub's own renderer, cmark-gfm, and by markdown-it with linkify), the JSON and the terminal."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
from markdown_it import MarkdownIt

from summarizer import pipeline
from summarizer.inert import _INVISIBLE, json_inert, md_inert, visible
from summarizer.render import render_json, render_markdown
from summarizer.schemas import WindowExtraction
from summarizer.testing import FakeLLM, keyword_responder

HOSTILE = [
    "Visit www.evil-login.com/verify to keep your account",
    "see http://evil.example/steal and HTTPS://EVIL.EXAMPLE",
    "write to boss@evil.example today",
    "~~struck~~ and **bold** and _it_ and `code`",
    "&lt;b&gt;bold&lt;/b&gt; &amp; &#x41;",
    "![pixel](http://evil.example/p.png) [click](javascript:alert(1))",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "the file www.evil-files.com.txt and evil-bank.com",
    "report\u202efdp.txt and zero\u200bwidth and \x1b[31mred\x1b[0m",
    "| a | b |\n# heading\n> quote",
]
LINKIFY = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "strikethrough", "table"])


def rendered(markdown: str) -> list[str]:
    """HTML from both renderers, as a newsroom would see it."""
    return [cmarkgfm.github_flavored_markdown_to_html(markdown), LINKIFY.render(markdown)]


def active(html: str) -> list[str]:
    """Everything in rendered HTML that is more than text."""
    tags = re.findall(r"<(a|img|del|s|script|strong|em|code|h\d|table|blockquote|b)\b", html)
    return [t for t in tags if t != "code"]  # an address's @ is shown as code: text, not a link


def text_of(html: str) -> str:
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", "", html)).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_verbatim_and_inert(text: str) -> None:
    for html in rendered(md_inert(text)):
        assert active(html) == [], html
        assert text_of(html) == " ".join(visible(text).split())


def test_invisible_characters_are_shown_not_obeyed() -> None:
    assert visible("report\u202efdp.txt") == "report\\u202efdp.txt"
    assert visible("\x1b[31m") == "\\u001b[31m" and visible("a\nb\tc") == "a\nb\tc"
    missing = [
        hex(c)
        for c in range(0x110000)
        if chr(c) not in "\n\t\u00ad"
        and unicodedata.category(chr(c)) in ("Cc", "Cf", "Zl", "Zp")
        and not _INVISIBLE.match(chr(c))
    ]
    assert missing == []
    data = {"name": "report\u202efdp.txt", "emoji": "\U0001f600 ok"}
    text = json_inert(json.dumps(data, ensure_ascii=False))
    assert "\u202e" not in text and "\\u202e" in text and json.loads(text) == data


def test_ordinary_text_reads_as_before() -> None:
    text = "Peskov said the talks in the U.S. were 3.5 times longer, on 12 Aug. at 10:30."
    assert md_inert(text) == text


def test_the_whole_briefing_has_no_live_link_or_hidden_character(tmp_path: Path) -> None:
    """A hostile corpus and a hostile model: links and markup in article text, file names and
    model-written fields (holders, paraphrases, question names) never become live."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "www.evil-files.com.txt").write_text(
        "Follow the www.evilbank.com Telegram channel\n"
        "Mayor Ana Lind said the plan at www.evil-login.com/verify is ~~final~~ and &lt;b&gt;safe&lt;/b&gt;.\n"
        "Councillor Ben Ode said write to boss@evil.example before the vote.\n"
    )
    (corpus / "report\u202efdp.txt").write_text("Mayor Ana Lind said the plan is not final.\n")

    def hostile(messages: Any, model: Any) -> Any:
        reply = keyword_responder(messages, model)
        if model.__name__ == "WindowExtraction":
            reply["preconditions"] = [
                {
                    "sentence_id": 1,
                    "holder": "**Ana Lind http://evil.example/steal**",
                    "demand": "a vote",
                    "before": "talks",
                },
                {"sentence_id": 1, "holder": "President Biden", "demand": "a vote", "before": "talks"},
                {
                    "sentence_id": 1,
                    "holder": "Ana Lind",
                    "demand": "see [this](http://evil.example)",
                    "before": "~~zz~~",
                },
            ]
            for c in reply["claims"]:
                c["statement"] = "read more at http://evil.example/x ![i](http://evil.example/i.png)"
        if model.__name__ == "QuestionLabel":
            return {"question": "What does www.evil.example say?"}
        return reply

    b = pipeline.run(pipeline.Config(corpus, strict=True), llm=FakeLLM(responder=hostile))
    markdown = render_markdown(b)
    for html in rendered(markdown):
        links = re.findall(r"<(a|img|del|s)\b[^>]*>", html)
        assert links == [], links
        assert "\u202e" not in html and "\u200b" not in html
    assert "Biden" not in markdown and "evil.example/steal" not in text_of(rendered(markdown)[0])
    holders = {p.holder for ex in b.articles for p in ex.preconditions}
    assert holders <= {"Ana Lind"}
    assert any("holder is not an actor" in w for ex in b.articles for w in ex.warnings)
    assert "\u202e" not in render_json(b)


def test_names_are_never_matched_through_markup_or_invisible_characters() -> None:
    from summarizer.extract import window_problems

    for name in ("Vladimir Putin\u202e", "**Vladimir Putin**", "Vladimir\u200b Putin", "Putin http://evil.example"):
        answer = WindowExtraction(actors=[{"name": name, "type": "person", "role": None}])
        assert any("not a plain name" in p for p in window_problems(answer, range(1, 2), "Vladimir Putin said so."))
    ok = WindowExtraction(actors=[{"name": "Vladimir Putin", "type": "person", "role": None}])
    assert window_problems(ok, range(1, 2), "Vladimir Putin said so.") == []


def test_a_hostile_server_through_the_cli_puts_nothing_live_in_the_briefing(tmp_path: Path) -> None:
    """The same attack over HTTP, through the real client and the CLI: model fields carrying links,
    markup, control characters and unknown actors."""
    from typer.testing import CliRunner

    from summarizer import cli
    from summarizer.testing import FakeServer

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "vote.txt").write_text(
        "Mayor Ana Lind said the vote is on Friday.\nCouncillor Ben Ode said the vote must wait.\n"
    )

    def hostile(messages: Any, model: Any) -> Any:
        reply = keyword_responder(messages, model)
        if model.__name__ == "WindowExtraction":
            reply["actors"].append(
                {"name": "**Ana Lind** \u202e", "type": "person", "role": "[x](http://evil.example)"}
            )
            reply["preconditions"] = [
                {"sentence_id": 1, "holder": "Joe Biden", "demand": "wire money", "before": "the vote"},
            ]
            for c in reply["claims"]:
                c["statement"] = "\x1b[2J see http://evil.example/x"
                c["reported_by"] = "www.evil.example"
        if model.__name__ == "QuestionLabel":
            return {"question": "Is <script>alert(1)</script> on www.evil.example?"}
        return reply

    with FakeServer(hostile) as server:
        r = CliRunner().invoke(
            cli.app,
            ["run", str(corpus), "--base-url", server.base_url, "--model", "fake", "--no-cache"],
            env={"NO_COLOR": "1"},
        )
    assert r.exit_code == 0, r.output
    for html in rendered(r.stdout):
        assert re.findall(r"<(a|img|del|s|script)\b", html) == []
    assert "Biden" not in r.stdout and "\x1b" not in r.stdout + r.stderr and "\u202e" not in r.stdout


def test_a_precondition_without_a_condition_reads_plainly(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    # no conditional wording: the model's reading is what the briefing shows
    (corpus / "vote.txt").write_text("Mayor Ana Lind said the council should publish the budget.\n")

    def answer(messages: Any, model: Any) -> Any:
        reply = keyword_responder(messages, model)
        if model.__name__ == "WindowExtraction":
            reply["preconditions"] = [
                {"sentence_id": 1, "holder": "Ana Lind", "demand": "publish the budget", "before": "none"}
            ]
        return reply

    markdown = render_markdown(pipeline.run(pipeline.Config(corpus), llm=FakeLLM(responder=answer)))
    assert "_the model's reading: demands publish the budget_" in markdown and "before none" not in markdown
