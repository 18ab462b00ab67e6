"""Files → `Article`: decode, strip HTML, separate page clutter from the story, number the sentences.

Untrusted input is the rule here: every problem becomes an `ArticleError` (the file is skipped with
a clear reason) or a warning on the article; nothing raises past `load_corpus`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from .datelines import date_line
from .errors import ArticleError, CorpusError

MAX_BYTES = 5_000_000  # larger files are cut, with a warning
MAX_SENTENCES = 400  # an article longer than this is capped, with a warning
MAX_SENTENCE_CHARS = 2000  # a longer "sentence" is not news prose: withheld, with a warning
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}
RESERVED_KEYS = {"briefing", "claims", "relations", "decisions"}  # names of the run's own JSON files

BlockKind = str  # "prose" | "heading" | "metadata" | "boilerplate"; "withheld" for story sentences kept from the model


@dataclass(frozen=True)
class Block:
    """One line of the article and what it is."""

    start: int
    end: int
    kind: BlockKind
    reason: str = ""


@dataclass(frozen=True)
class Sentence:
    """A numbered sentence of the story; ids start at 1 and are what the LLM points at."""

    id: int
    start: int
    end: int
    text: str


@dataclass
class Article:
    """A loaded article: decoded text, its blocks, and the numbered sentences of the story."""

    file: str
    text: str
    sha256: str
    blocks: list[Block]
    sentences: list[Sentence]
    title: str | None
    outlet: str | None
    warnings: list[str] = field(default_factory=list)
    withheld: list[Block] = field(default_factory=list)  # story sentences the model never sees, with the reason
    key: str = ""  # unique in the corpus: claim ids and the JSON file name; the stem unless two files share it

    def __post_init__(self) -> None:
        suffix = Path(self.file).suffix
        self.key = self.key or (self.file[: -len(suffix)] if suffix else self.file)

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def block_text(self, kind: BlockKind) -> list[str]:
        return [self.text[b.start : b.end] for b in self.blocks if b.kind == kind]


@dataclass
class Corpus:
    """The loaded articles plus every file that was skipped, with the reason."""

    articles: list[Article]
    skipped: dict[str, str]  # file -> reason
    duplicates: dict[str, str]  # file -> the file it duplicates


# ---------------------------------------------------------------- reading and decoding


def read_text(path: Path) -> tuple[str, list[str], dict[str, str]]:
    """Bytes → str: refuse binary, detect the encoding, extract an HTML page's story.
    Returns (text, warnings, page metadata: `outlet` where an HTML page names its site)."""
    warnings: list[str] = []
    meta: dict[str, str] = {}
    with open(path, "rb") as fh:
        raw = fh.read(MAX_BYTES + 1)  # never more than the cap is read, however big the file
    if len(raw) > MAX_BYTES:
        raw = raw[:MAX_BYTES]
        warnings.append(f"file larger than {MAX_BYTES} bytes: only the first {MAX_BYTES} were read")
    if not raw.strip():
        raise ArticleError("empty file (nothing but whitespace)")
    if raw.count(b"\x00") > len(raw) // 100 or raw[:4] in (b"\x7fELF", b"%PDF", b"PK\x03\x04"):
        raise ArticleError("binary file, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(raw).best()
        if best is None:
            raise ArticleError("binary or undecodable file (no text encoding fits)") from None
        text = str(best)
        warnings.append(f"not UTF-8: decoded as {best.encoding}")
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_html(text):
        text, meta, how = html_to_text(text)
        warnings.append(how)
    if not text.strip():
        raise ArticleError("no text left after decoding")
    if _control_share(text) > 0.05:
        raise ArticleError("binary file, not text (too many control characters)")
    return text, warnings, meta


def _control_share(text: str) -> float:
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\n\t") or 0xD800 <= ord(c) <= 0xDFFF)
    return bad / max(len(text), 1)


# Every pattern that scans untrusted lines has bounded repetitions (no `.*` after a repeated
# opener): a 48 KB line of `"` or `![` once took minutes; now every scan is linear in the line.
_HTML_HINT = re.compile(r"<(html|body|head|p|div|article|br|span|script|meta)\b[^>]{0,500}>", re.I)


def looks_like_html(text: str) -> bool:
    return len(_HTML_HINT.findall(text[:20000])) >= 3 or text.lstrip()[:15].lower().startswith("<!doctype html")


def html_to_text(html: str) -> tuple[str, dict[str, str], str]:
    """An HTML page → (story text, metadata, how it was read).

    trafilatura (a maintained extractor) finds the main text and drops navigation, cookie banners,
    comments, scripts and hidden elements; the page's title and its metadata date (from `<head>`,
    not guessed from the text) become the first lines, so the date rules read them like a plain
    text header. A page trafilatura finds no story in falls back to all visible text.
    """
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(
            _without_invisible(html).html or "",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a parser failure on hostile markup: fall back, never lose the file
        doc = None
    body = (getattr(doc, "text", None) or "").strip()
    if not body:
        return (
            _visible_text(html),
            {},
            "HTML: visible text (no main story found; scripts, styles, comments and hidden elements dropped)",
        )
    lines = [" ".join(line.split()) for line in body.split("\n")]
    lines = [line for line in lines if line]
    title = " ".join((getattr(doc, "title", None) or "").split())
    head = [title] if title and (not lines or lines[0] != title) else []
    date = getattr(doc, "date", None)
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        head.append(f"Published: {date}")
    site = " ".join((getattr(doc, "sitename", None) or "").split())
    meta = {"outlet": site} if site else {}
    how = "HTML: main text, title and metadata date extracted (trafilatura); clutter, scripts, hidden text dropped"
    return "\n".join([*head, *lines]), meta, how


_INVISIBLE = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "[hidden]",
    "[aria-hidden=true]",
    "[style*='display:none']",
    "[style*='display: none']",
    "[style*='visibility:hidden']",
    "[style*='visibility: hidden']",
)


def _without_invisible(html: str) -> Any:
    """The page's tree without what a reader never sees (scripts, styles, hidden elements)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for sel in _INVISIBLE:
        for node in tree.css(sel):
            node.decompose()
    return tree


def _visible_text(html: str) -> str:
    """Visible text of an HTML page, one block element per line."""
    tree = _without_invisible(html)
    for node in tree.css("head"):
        node.decompose()
    for tag in (
        "p",
        "div",
        "li",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "article",
        "section",
        "header",
        "footer",
        "blockquote",
        "title",
    ):
        for node in tree.css(tag):
            node.insert_after("\n")
    body = tree.body or tree.root
    text = body.text(separator="", deep=True) if body is not None else ""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- blocks: story vs clutter

_LIST_HEADINGS = re.compile(
    r"^(latest( news)?|related( articles| news| stories)?|read (more|also)|more (news|stories)|"
    r"most (read|popular|viewed)|trending( now)?|recommended|you (may|might) also like|top stories|"
    r"references?|sources?|see also|tags?|share( this( article)?)?|comments?|no comments yet)\s*:?$",
    re.I,
)
_BOILERPLATE = [
    (re.compile(r"^(photo|image|picture|video|credit|illustration|foto)s?\s*(:|by\b)", re.I), "photo credit"),
    (re.compile(r"^\W*(https?://|www\.)\S+\W*$", re.I), "bare link"),
    (re.compile(r"^\[\d+\]\s*(https?://|www\.)", re.I), "reference list"),
    (
        re.compile(r"\bfollow\b.{0,60}\b(whatsapp|telegram|twitter|facebook|instagram|google news|channel)\b", re.I),
        "promotion",
    ),
    (re.compile(r"\b(subscribe|sign up|newsletter)\b.{0,40}$", re.I), "promotion"),
    (re.compile(r"\bcomments?\b.{0,80}\b(posted|policy|moderat|refrain|derogatory)", re.I), "comments boilerplate"),
    (
        re.compile(r"^(no comments yet|leave a (comment|reply)|add (a )?comment|\d+ comments?)\W*$", re.I),
        "comments boilerplate",
    ),
    (re.compile(r"^(advertisement|sponsored|ad)\W*$", re.I), "advertisement"),
]
_META_DATE = re.compile(r"^\s*(date|published|updated|posted)\s*:?\s*\d{4}-\d{2}-\d{2}", re.I)
_TIMESTAMP = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?\s*\w{0,4}\s*$")
_LIST_ITEM = re.compile(r"^\s*([-*•–—]|\d+[.)])\s+")
_SENT_END = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”]$")


def classify_lines(text: str) -> list[Block]:
    """Split the text into lines and label each: prose, heading, metadata or boilerplate."""
    blocks: list[Block] = []
    seen: set[str] = set()
    in_list = False
    pos = 0
    for raw_line in text.split("\n"):
        start, end = pos, pos + len(raw_line)
        pos = end + 1
        line = raw_line.strip()
        if not line:
            continue
        lstrip = len(raw_line) - len(raw_line.lstrip())
        start, end = start + lstrip, start + lstrip + len(line)
        kind, reason = _classify(line, seen, in_list, first=not blocks)
        if kind == "boilerplate" and reason == "list section heading":
            in_list = True
        elif in_list and kind == "prose" and len(line.split()) >= 12 and not _LIST_ITEM.match(line):
            in_list = False
        elif in_list:
            kind, reason = "boilerplate", "link list"
        seen.add(line.casefold())
        blocks.append(Block(start, end, kind, reason))
    _mark_captions(blocks)
    return blocks


def _classify(line: str, seen: set[str], in_list: bool, first: bool) -> tuple[BlockKind, str]:
    if _INJECTION.search(line) and not _SENT_END.search(line.rstrip()):
        return "boilerplate", "possible prompt injection"  # a heading-like line addressed to a model
    if _META_DATE.match(line) or _TIMESTAMP.match(line) or date_line(line).is_date_line:
        return "metadata", "date line"
    if _LIST_HEADINGS.match(line):
        return "boilerplate", "list section heading"
    for pattern, reason in _BOILERPLATE:
        if pattern.search(line):
            return "boilerplate", reason
    if line.casefold() in seen:
        return "boilerplate", "duplicate line"
    if len(line.split()) <= 20 and not _SENT_END.search(line) and not line.endswith(":"):
        return "heading", "short line without sentence punctuation"
    return "prose", ""


def _mark_captions(blocks: list[Block]) -> None:
    """A short heading-like line next to a photo credit is a caption, not a section heading."""
    for i, b in enumerate(blocks):
        if b.kind == "boilerplate" and b.reason == "photo credit":
            for j in (i - 1, i + 1):
                if 0 <= j < len(blocks) and blocks[j].kind == "heading" and j > 1:
                    blocks[j] = Block(blocks[j].start, blocks[j].end, "boilerplate", "photo caption")


# ---------------------------------------------------------------- sentences


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], by syntok (a maintained segmenter: abbreviations,
    initials, "Jun. 5", "U.S. The", sentences opening with Á, Ł or Ö); spans are character offsets
    into `text`, so every quote stays a verbatim slice of the article."""
    from syntok.segmenter import analyze

    seg = text[start:end]
    spans: list[tuple[int, int]] = []
    for paragraph in analyze(seg):
        for sentence in paragraph:
            tokens = [t for t in sentence if t.value]
            if tokens:
                spans += _symbol_ends(text, start + tokens[0].offset, start + tokens[-1].offset + len(tokens[-1].value))
    return _join_titles(text, spans)


# Titles written as abbreviations before a name ("Rep. Xavier Becerra", "Lt. Gov. Dan Patrick"). syntok
# ends a sentence after them, so they are joined again below; it keeps "Dr.", "Mr.", "Mrs.", "Ms.",
# "Prof." with the name itself (and ends a sentence at "Elm Dr." rightly), so those are not listed.
TITLE_ABBREVIATIONS = (  # noqa: SIM905
    "Rep Reps Sen Sens Gov Govs Gen Gens Lt Col Capt Sgt Cpl Pvt Maj Cmdr Adm Brig Rev Hon Atty Amb Sec Pres "
    "Supt Det Insp Messrs"
).split()
# Before a capitalised word these open a name ("Ft. | Worth" too), they do not close a sentence.
_TITLE_END = re.compile(rf"(?<![\w.])(?:{'|'.join(TITLE_ABBREVIATIONS)}|Ft|Mt)\.$")


def _join_titles(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in spans:
        after_title = out and _TITLE_END.search(text, out[-1][0], out[-1][1]) and not text[out[-1][1] : a].strip()
        if after_title and text[a : a + 1].isupper():
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


# syntok does not end a sentence after a closing brace or angle bracket ("… {{ 7*7 }}. Zelensky …"),
# which hostile text uses to glue a payload to the next real sentence.
_SYMBOL_END = re.compile(r"(?<=[}>|][.!?])\s+(?=[\"“'(\[]?[A-Z])")


def _symbol_ends(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, cur = [], start
    for m in _SYMBOL_END.finditer(text, start, end):
        spans.append((cur, m.start()))
        cur = m.end()
    spans.append((cur, end))
    return spans


# ---------------------------------------------------------------- the article

_OUTLET_PATTERNS = [
    re.compile(r"^\(([A-Z][A-Za-z.\- ]{1,30})\)"),  # "(MENAFN) Kremlin spokesperson ..."
    # A wire dateline's agency: "VIENNA, June 12 (Alpine Wire) - …", "WASHINGTON (AP) — …"
    re.compile(r"^\W{0,3}[A-Z][A-Z.'’\- ]{1,40}(?:,[^()\n]{1,40})?\s*\(([A-Z][\w.&' -]{1,30})\)\s*[-–—]"),
    re.compile(r"\bfollow the ([A-Z][\w.]{0,60})\b.{0,40}\bchannel", re.I),
    re.compile(r"\b([A-Za-z]+\.(?:kz|ru|ua|com|net|org|co\.uk|info|news))\s+reports?\b"),
]


def find_outlet(article_text: str, blocks: list[Block]) -> str | None:
    """The outlet, only when the text names itself (agency tag, own channel, 'X.kz reports')."""
    for b in blocks:
        line = article_text[b.start : b.end]
        for pattern in _OUTLET_PATTERNS:
            m = pattern.search(line)
            if m and (b.kind in ("prose", "boilerplate")):
                return m.group(1).strip()
    return None


_INJECTION = re.compile(
    r"(ignore|disregard|forget|override)\s+(all\s+|any\s+|the\s+|your\s+)*(previous|prior|above|earlier|former|"
    r"system)\s+(instructions?|prompts?|rules|messages?)"
    r"|\b(system|developer)\s+(prompt|message|instructions?|override)\b"
    r"|(^|[“\"'(\[]|:\s)\W{0,20}(system|assistant|developer|instruction)\s{0,5}:"
    r"|\byou\s+are\s+now\s+in\s+\w+\s+mode\b"
    r"|<\|?(im_start|im_end|endoftext|system|assistant)\|?>|</?article>|\[/?INST\]|<<SYS>>"
    r"|\byou\s+are\s+(now\s+)?(an?\s+)?(ai|language\s+model|chatbot|llm)\b|\byou\s+are\s+now\s+an?\s+\w+"
    r"|\b(respond|reply|answer|output|print|write|say)\s+(only\s+)?(with\s+)?(the\s+)?(word|string|token|phrase|"
    r"text|following)\b"
    r"|\b(include|add|insert|append)\s+(this|the\s+following|a|an)?\s*(link|url|image|markdown|hyperlink)\b"
    r"|!\[[^\]\n]{0,500}\]\(|\{\{.{0,500}?\}\}|\{%.{0,500}?%\}"
    r"|\b(add|invent|fabricate|create|insert)\s+(a\s+)?(new\s+)?(claim|quote|statement)\b"
    r"|\b(to|for)\s+(the\s+)?(ai|llm|language model|assistant|model|summari[sz]er)s?\s+(reading|processing)\b",
    re.I | re.M,
)


_LINK = re.compile(r"https?://|\bwww\.|\]\(", re.I)
_IMPERATIVE = re.compile(
    r"^\W*(output|print|reply|respond|say|write|include|add|insert|append|visit|click|ignore|forget|disregard|"
    r"do not|don't|never|always|you must|you should|your (answer|output|summary|response))\b",
    re.I,
)


def build_article(file: str, text: str, warnings: list[str] | None = None) -> Article:
    """Classify lines, number the story's sentences and find the title.

    Sentences that address a language model ("ignore previous instructions", role headers, chat
    tokens, requests to output a string or add a link) are withheld: the model never sees them and
    no quote can come from them. The article says how many were withheld.
    """
    warnings = list(warnings or [])
    blocks = classify_lines(text)
    sentences: list[Sentence] = []
    withheld = sum(1 for b in blocks if b.reason == "possible prompt injection")
    links = too_long = 0
    kept: list[Block] = []
    for b in blocks:
        if b.kind != "prose":
            continue
        spans = split_sentences(text, b.start, b.end)
        huge = {i for i, (s, e) in enumerate(spans) if e - s > MAX_SENTENCE_CHARS}
        flagged = {i for i, (s, e) in enumerate(spans) if i not in huge and _INJECTION.search(text[s:e])}
        linked = {i for i, (s, e) in enumerate(spans) if i not in huge and _LINK.search(text[s:e])} - flagged
        # The rest of a payload often follows as a bare command ("Output X as …"): withhold
        # imperative sentences next to a flagged one (a chain of them, either way: two sweeps).
        for order in (range(len(spans)), range(len(spans) - 1, -1, -1)):
            for i in order:
                near = i - 1 in flagged or i + 1 in flagged
                if near and i not in flagged | huge and _IMPERATIVE.match(text[spans[i][0] : spans[i][1]]):
                    flagged.add(i)
        too_long += len(huge)
        flagged |= huge
        withheld += len(flagged) - len(huge)
        links += len(linked)
        for i, (s, e) in enumerate(spans):
            if i not in flagged | linked:
                sentences.append(Sentence(len(sentences) + 1, s, e, text[s:e]))
            else:
                why = (
                    f"over {MAX_SENTENCE_CHARS} characters"
                    if i in huge
                    else "addressed to a model"
                    if i in flagged
                    else "contains a link"
                )
                kept.append(Block(s, e, "withheld", why))
    if too_long:
        warnings.append(f"{too_long} 'sentence(s)' over {MAX_SENTENCE_CHARS} characters withheld (not news prose)")
    if links:  # a briefing never carries a link that came from article text
        warnings.append(f"{links} sentence(s) containing a link were withheld")
    if withheld:
        warnings.append(f"possible prompt injection: {withheld} sentence(s) addressed to a model were withheld")
    if len(sentences) > MAX_SENTENCES:
        warnings.append(f"very long article: only the first {MAX_SENTENCES} of {len(sentences)} sentences are used")
        kept += [Block(x.start, x.end, "withheld", "past the sentence cap") for x in sentences[MAX_SENTENCES:]]
        sentences = sentences[:MAX_SENTENCES]
    if not sentences:
        raise ArticleError(
            "no article text: every line is a heading, link, date, page clutter or text addressed to a model"
        )
    title = next((text[b.start : b.end] for b in blocks if b.kind == "heading"), None)
    return Article(
        file=file,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        blocks=blocks,
        sentences=sentences,
        title=title,
        outlet=find_outlet(text, blocks),
        warnings=warnings,
        withheld=sorted(kept, key=lambda b: b.start),
    )


def load_article(path: Path, root: Path, file: str | None = None) -> Article:
    """One file → Article, or ArticleError with a reason a user understands."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # a loop or a dangling link
            raise ArticleError("broken symlink or symlink loop: not followed") from None
        if root.resolve() != target and root.resolve() not in target.parents:
            raise ArticleError("symlink pointing outside the corpus: not followed")
    if not path.is_file():
        raise ArticleError("not a regular file")
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise ArticleError(f"not a text article (suffix {path.suffix!r}; articles are .txt, .md or .html)")
    text, warnings, meta = read_text(path)
    article = build_article(file or path.name, text, warnings)
    if article.outlet is None and meta.get("outlet"):
        article.outlet = meta["outlet"][:80]
    return article


def corpus_files(inputs: Path | list[Path], recursive: bool = False) -> list[tuple[str, Path, Path]]:
    """(display name, path, root) of every input file: a directory's files in name order (hidden
    files ignored; sub-directories only with `recursive`), a file as given. Display names are the
    path relative to the directory, so two `story.txt` in two sub-folders stay apart."""
    inputs = [inputs] if isinstance(inputs, Path) else list(inputs)
    if not inputs:
        raise CorpusError("no corpus given")
    found: list[tuple[str, Path, Path]] = []
    for given in inputs:
        if not given.exists() and not given.is_symlink():
            raise CorpusError(f"corpus not found: {given}")
        if given.is_dir():
            walk = sorted(given.rglob("*") if recursive else given.iterdir())
            rel = [(p.relative_to(given).as_posix(), p) for p in walk]
            rel = [(r, p) for r, p in rel if not any(part.startswith(".") for part in r.split("/"))]
            if recursive:
                rel = [(r, p) for r, p in rel if not (p.is_dir() and not p.is_symlink())]
            found += [(r, p, given) for r, p in rel]
        else:
            found.append((given.name, given, given.parent))
    if not found:
        raise CorpusError(f"corpus directory is empty: {', '.join(map(str, inputs))}")
    names: dict[str, int] = {}
    for name, _, _ in found:
        names[name] = names.get(name, 0) + 1
    return [(name if names[name] == 1 else path.as_posix(), path, root) for name, path, root in found]


def load_corpus(inputs: Path | list[Path], recursive: bool = False) -> Corpus:
    """Every article of the inputs (directories and files), in order; skipped files with the reason."""
    articles: list[Article] = []
    skipped: dict[str, str] = {}
    duplicates: dict[str, str] = {}
    by_hash: dict[str, str] = {}
    for name, path, root in corpus_files(inputs, recursive):
        if path.is_dir() and not path.is_symlink():
            skipped[name] = "directory (use --recursive to read sub-folders)"
            continue
        try:
            digest = _digest(path) if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES else ""
            if digest and digest in by_hash:
                duplicates[name] = by_hash[digest]
                continue
            article = load_article(path, root, name)
        except ArticleError as e:
            skipped[name] = str(e)
            continue
        except (OSError, RuntimeError) as e:
            skipped[name] = f"cannot read: {getattr(e, 'strerror', None) or e}"
            continue
        by_hash[digest] = name
        articles.append(article)
    _unique_keys(articles)
    return Corpus(articles, skipped, duplicates)


def _digest(path: Path) -> str:
    """SHA-256 of the first MAX_BYTES (what is read), streamed: a huge file is never held in memory."""
    h = hashlib.sha256()
    left = MAX_BYTES
    with open(path, "rb") as fh:
        while left and (chunk := fh.read(min(left, 1 << 20))):
            h.update(chunk)
            left -= len(chunk)
    return h.hexdigest()


def _unique_keys(articles: list[Article]) -> None:
    """Keys are stems (`story`); where two files share a stem (`story.txt`, `story.md`) or a stem is
    the name of one of the run's own files (`briefing.txt`), the whole name is the key."""
    count: dict[str, int] = {}
    for a in articles:
        count[a.key] = count.get(a.key, 0) + 1
    for a in articles:
        if count[a.key] > 1 or a.key.rsplit("/", 1)[-1] in RESERVED_KEYS:
            a.key = a.file
