"""The editor's review page: ONE self-contained HTML file built from a `Briefing`.

No server, no network: the CSS and the script are inline (allowed by their SHA-256 in a strict
Content-Security-Policy; nothing else may load or run), the data rides in a JSON block, and the
script builds every node with `textContent`, so article text (untrusted: it may hold `<script>`,
Markdown, bidi overrides) is only ever shown as text. The same briefing gives the same bytes.

    page.css, page.js   the page (package data)
    build_page()        Briefing → HTML
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from functools import cache
from importlib import resources
from typing import Any

from ..inert import _INVISIBLE
from ..render import CHANGE_TITLES, KIND_TITLES, RELATION_TITLES, source_labels
from ..schemas import Briefing


@cache
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _js_char_class() -> str:
    """inert._INVISIBLE as a JavaScript character class: one list of invisible characters."""
    out = []
    for ch in _INVISIBLE.pattern:
        out.append(ch if 0x20 < ord(ch) < 0x7F else f"\\u{{{ord(ch):x}}}")
    return "".join(out)


def page_data(briefing: Briefing) -> dict[str, Any]:
    """What the page shows: the briefing without run timings (so the page is deterministic)."""
    data = briefing.model_dump(mode="json", exclude={"run": True})
    data["labels"] = source_labels(briefing)
    data["model"] = briefing.run.model if briefing.run else None
    data["relation_titles"] = RELATION_TITLES
    data["kind_titles"] = KIND_TITLES
    data["change_titles"] = CHANGE_TITLES
    data["invisible"] = _js_char_class()
    for ex in data["articles"]:
        ex.pop("usage", None)
        ex.pop("run_id", None)
    data["reconcile_usage"] = None
    data["digest"] = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
    return data


def _json_block(data: dict[str, Any]) -> str:
    """JSON that cannot end its <script> element early or be read as markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def build_page(briefing: Briefing) -> str:
    """The review page for `briefing` as one HTML document."""
    css, js = _asset("page.css"), _asset("page.js")
    csp = (
        f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; img-src 'none'; "
        "connect-src 'none'; font-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    n = len(briefing.articles)
    title = html.escape(f"brief review: {n} article{'s' if n != 1 else ''}")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        '<noscript><p class="noscript">This review page needs JavaScript (inline, no network); the same briefing '
        "is in briefing.md and briefing.json.</p></noscript>\n"
        f'<script type="application/json" id="brief-data">{_json_block(page_data(briefing))}</script>\n'
        f"<script>{js}</script>\n</body>\n</html>\n"
    )
