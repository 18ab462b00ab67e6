"""Fuzz the loader: any bytes give an Article or a clear ArticleError, never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.corpus import load_article, load_corpus
from summarizer.dates import dated_events, publication_date
from summarizer.errors import ArticleError

HTML = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<div hidden>",
        "<br>",
        "<html>",
        "<body>",
        "<style>",
        "&amp;",
        "&#xD800;",
        "<p style='display:none'>",
    ]
)
WORDS = st.sampled_from(
    [
        "Peskov said",
        "Zelensky",
        "on Thursday",
        "in May 2024",
        " date 2025-08-31",
        "Latest news",
        "\n- item",
        "“quote”",
        "U.S.",
        ".",
        "\n",
        "\x00",
        "\ud800",
        "é",
        "—",
        "<|im_start|>",
    ]
)
TEXT = st.lists(st.one_of(WORDS, HTML, st.text(max_size=20)), max_size=40).map("".join)
BLOB = st.one_of(
    st.binary(max_size=400),
    TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
    TEXT.map(lambda t: t.encode("utf-16", "surrogatepass")),
    TEXT.map(lambda t: t.encode("cp1251", "replace")),
    st.tuples(TEXT, st.binary(max_size=50)).map(lambda p: p[0].encode("utf-8", "replace") + p[1]),
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=BLOB, suffix=st.sampled_from([".txt", ".html", ".md", ""]))
def test_loader_never_raises_anything_but_article_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"a{suffix}"
        path.write_bytes(data)
        try:
            article = load_article(path, Path(d))
        except ArticleError:
            return
        for s in article.sentences:
            assert article.text[s.start : s.end] == s.text
        pub = publication_date(article)
        for e in dated_events(article, pub):
            assert article.text[e.span.start : e.span.end] == e.quote
        corpus = load_corpus(Path(d))
        assert len(corpus.articles) + len(corpus.skipped) == 1
