"""Untrusted text made inert for each place it is shown: Markdown, JSON, the terminal.

Article text and model answers may carry links, e-mail addresses, Markdown, HTML entities,
bidirectional overrides (U+202E turns `report‮fdp.txt` into "reporttxt.pdf" on screen),
zero-width characters and terminal escape sequences. They are shown, never obeyed:

- `visible(text)`: control and format characters (C0/C1 controls but newline and tab, bidi
  controls, zero-width characters, BOM) become visible `\\u202e`-style escapes.
- `md_inert(text)`: `visible`, then every character Markdown or a linkifier could act on is
  escaped: emphasis, links, images, HTML, entities (`&lt;b&gt;` shows as written), strikethrough
  (`~~`), and autolinks (`www.…`, `http://…`, `name@host`, bare domains) — their dots and colons as
  numeric character references, an address's `@` as code. The rendered text reads exactly as the
  source; no renderer (GitHub's cmark-gfm, markdown-it with linkify) makes a link of it.
- `json_inert(json_text)`: the same characters as `\\uXXXX` escapes in JSON text (the data is
  unchanged; a viewer cannot be fooled).
"""

from __future__ import annotations

import re

# Control characters (Cc) but newline and tab, format characters (Cf: bidi controls, zero-width
# characters, BOM, tags; the harmless soft hyphen U+00AD aside) and the line/paragraph separators
# (Unicode 15; `tests/test_inert.py` checks this list against unicodedata).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&!{}])")
# A token a linkifier could turn into a link: a scheme, www., an address, or a bare domain whose
# last label is one linkify-it recognises without a scheme (its generic TLDs, or any two letters).
_TLDS = "biz|com|edu|gov|net|org|pro|web|xxx|aero|asia|coop|info|museum|name|shop|[a-z]{2}"
_LINKISH = re.compile(
    r"(?i)\b[a-z][a-z0-9+.-]{1,20}:/*[^\s]|\bwww\d{0,3}\.|[^\s@]@[^\s@]+\.[^\s@]"
    rf"|\b[a-z0-9-]+(\.[a-z0-9-]+)*\.({_TLDS})\b(?!\.[a-z])"
)


def visible(text: str) -> str:
    """Control and format characters as visible escapes (`\\u202e`); nothing else changes."""
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def md_inert(text: str) -> str:
    """Verbatim text as Markdown that renders as exactly that text, and as nothing else."""
    text = " ".join(visible(text).split())
    return " ".join(_inert_token(token) for token in text.split(" ")) if text else ""


def _inert_token(token: str) -> str:
    if len(token) <= 200 and not _LINKISH.search(token):  # a longer token is treated as a link: linear
        return _MD_SPECIAL.sub(r"\\\1", token)
    out = []
    for ch in token:
        if ch == ".":
            out.append("&#46;")
        elif ch == ":":
            out.append("&#58;")
        elif ch == "@":
            out.append("`@`")
        else:
            out.append(_MD_SPECIAL.sub(r"\\\1", ch))
    return "".join(out)


def json_inert(json_text: str) -> str:
    """JSON text with control and format characters escaped as \\uXXXX (same data once parsed)."""
    return _INVISIBLE.sub(lambda m: "".join(f"\\u{u:04x}" for u in _utf16(m.group())), json_text)


def _utf16(ch: str) -> list[int]:
    data = ch.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def has_invisible(text: str) -> bool:
    return bool(_INVISIBLE.search(text))
