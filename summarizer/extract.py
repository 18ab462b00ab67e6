"""Article → `ArticleExtraction`, grounded by construction.

Code numbers the story's sentences (clutter never gets a number), the model answers per window of
numbered sentences with ids + speaker + paraphrase, and code cuts every quote from the article.
Validation happens in code and is fed back to the model as a re-ask: ids outside the window,
speakers that are not actors, actor names that are not in the text. What still fails after the
re-asks is salvaged item by item, and every dropped item is recorded as a warning.
"""

from __future__ import annotations

import logging
import string
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from . import actors as names
from .conditions import conditions_from_text, in_own_words
from .corpus import Article, Sentence
from .dates import dated_events, publication_date
from .errors import LLMError
from .ground import build_actors, build_claims, build_preconditions
from .llm import StructuredLLM, StructuredOutputError
from .schemas import (
    ArticleExtraction,
    PublicationDate,
    Region,
    Usage,
    WindowClaim,
    WindowExtraction,
    WindowPrecondition,
)

log = logging.getLogger(__name__)
PROMPT_VERSION = "extract-v1"
WINDOW = 8  # numbered sentences per call (at most 8 claims come back per call)
CONTEXT = 2  # preceding sentences shown (unnumbered) for who-is-speaking context


@cache
def prompt(name: str) -> string.Template:
    """A prompt file from the package's prompts/ (read as package data, so a wheel install works),
    as a `$name` template (one mechanism for every prompt)."""
    return string.Template((resources.files("summarizer") / "prompts" / f"{name}.md").read_text(encoding="utf-8"))


def field_guide(model: type[BaseModel], indent: str = "") -> str:
    """The schema as the model reads it: one line per field, from the Pydantic descriptions."""
    lines = []
    for fname, f in model.model_fields.items():
        sub = _submodel(f.annotation)
        lines.append(f"{indent}- {fname}: {f.description or (sub.__doc__ or '').strip()}")
        if sub is not None:
            lines.append(field_guide(sub, indent + "  "))
    return "\n".join(lines)


def _submodel(annotation: Any) -> type[BaseModel] | None:
    for arg in getattr(annotation, "__args__", ()) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


# ------------------------------------------------------------------------------- windows


@dataclass(frozen=True)
class Window:
    """The sentences one call may cite, plus unnumbered context before them."""

    sentences: list[Sentence]
    context: list[Sentence]

    @property
    def ids(self) -> range:
        return range(self.sentences[0].id, self.sentences[-1].id + 1)


def windows(article: Article, size: int = WINDOW, context: int = CONTEXT) -> list[Window]:
    """Consecutive windows of `size` sentences, balanced so the last one is not a stub."""
    sents = article.sentences
    n = max(1, round(len(sents) / size))
    bounds = [round(i * len(sents) / n) for i in range(n + 1)]
    return [Window(sents[a:b], sents[max(0, a - context) : a]) for a, b in zip(bounds, bounds[1:], strict=False)]


_UNSAFE = str.maketrans({"<": "‹", ">": "›", "{": "(", "}": ")"})


def safe(text: str) -> str:
    """Article text as shown to the model: no tag, delimiter or chat-template token can survive."""
    return " ".join(text.translate(_UNSAFE).split())


def render_window(article: Article, w: Window) -> str:
    headings = {b.start: article.text[b.start : b.end] for b in article.blocks if b.kind == "heading"}
    lines = [f"(context) {safe(s.text)}" for s in w.context]
    last = w.context[-1].end if w.context else 0
    for s in w.sentences:
        for start in sorted(h for h in headings if last <= h < s.start and headings[h] != article.title):
            lines.append(f"## {safe(headings[start])}")
        lines.append(f"[{s.id}] {safe(s.text)}")
        last = s.end
    return "\n".join(lines)


def messages(article: Article, w: Window) -> list[dict[str, str]]:
    system = prompt("extract_system").substitute(field_guide=field_guide(WindowExtraction))
    user = prompt("extract_user").substitute(
        file=safe(article.file),
        title=safe(article.title or "(none)"),
        window=render_window(article, w),
        first=w.ids.start,
        last=w.ids.stop - 1,
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


# ------------------------------------------------------------------------------- validation


def window_problems(result: WindowExtraction, ids: range, text: str) -> list[str]:
    """Everything in a window answer that is not grounded: names not in the text, sentence ids
    outside the window. Empty list = valid. (Speakers and holders are checked later, against the text.)"""
    folded_text = names.fold(text)
    problems = [p for a in result.actors if (p := _name_problem(a.name, folded_text))]
    return problems + id_problems(result, ids)


def _name_problem(name: str, folded_text: str) -> str | None:
    if not names.is_clean_name(name):
        return f"actor {name!r} is not a plain name; copy the name as written, without markup"
    if names.fold(name) not in folded_text:
        return f"actor {name!r} is not spelled like that in the text; copy the name as written"
    return None


def repair(result: WindowExtraction, text: str) -> list[str]:
    """Fix in place, by code, what a re-ask would only ask the model to fix: actors not spelled so in
    the text are dropped; speakers and holders that are not in the actor list are left for code to
    settle (build_claims checks every speaker against the text, build_preconditions every holder).
    A re-ask regenerates the whole window (hundreds of tokens) to correct one name. Returns what
    was dropped. Sentence ids are not repaired: a wrong id is a wrong pointer, worth one re-ask."""
    folded_text = names.fold(text)
    problems = [_name_problem(a.name, folded_text) for a in result.actors]
    dropped = [p for p in problems if p]
    result.actors = [a for a, p in zip(result.actors, problems, strict=True) if not p]
    return dropped


def id_problems(result: WindowExtraction, ids: range) -> list[str]:
    """The sentence-id problems of a window answer (what is still re-asked after `repair`)."""
    problems = []
    for c in result.claims:
        problems += _id_problems(c.sentence_ids, ids)
    for p in result.preconditions:
        problems += _id_problems([p.sentence_id], ids)
    return problems


def _id_problems(sentence_ids: list[int], ids: range) -> list[str]:
    bad = [i for i in sentence_ids if i not in ids]
    if bad:
        return [f"sentence ids {bad} are not in this window; use ids {ids.start} to {ids.stop - 1}"]
    if sorted(sentence_ids) != list(range(min(sentence_ids), max(sentence_ids) + 1)):
        return [f"sentence ids {sentence_ids} must be consecutive"]
    return []


_WINDOW: ContextVar[tuple[range, str]] = ContextVar("window")


# WindowExtraction checked against the window it answers (bound with `grounding`): names not in the
# text are repaired by code (`repair`), pointers outside the window are re-asked with the error.
# The window is bound through a context variable (per thread), not instructor's `context=` (which
# would render the messages as Jinja templates), and not a class per window (building a pydantic
# class costs milliseconds: more than everything else an article costs in code). No docstring: it
# would become the schema's description in the request.
class GroundedWindowExtraction(WindowExtraction):
    model_config = ConfigDict(title="WindowExtraction")

    @model_validator(mode="after")
    def grounded(self) -> GroundedWindowExtraction:
        try:
            ids, text = _WINDOW.get()
        except LookupError:
            raise RuntimeError("GroundedWindowExtraction validated outside `grounding(ids, text)`") from None
        if dropped := repair(self, text):
            log.debug("dropped from a window answer: %s", "; ".join(dropped))
        problems = id_problems(self, ids)
        if problems:
            raise ValueError("; ".join(problems))
        return self


GroundedWindowExtraction.__name__ = "WindowExtraction"  # the schema's name in requests


@contextmanager
def grounding(ids: range, text: str) -> Iterator[type[GroundedWindowExtraction]]:
    """Validate window answers against these sentence ids and this text while the block runs."""
    token = _WINDOW.set((ids, text))
    try:
        yield GroundedWindowExtraction
    finally:
        _WINDOW.reset(token)


def salvage(texts: list[str], ids: range, window_text: str) -> tuple[WindowExtraction, list[str], int]:
    """Keep the grounded items of answers that failed as a whole (every attempt, first wins);
    report what was dropped, and how many answers were JSON of the schema at all."""
    kept = WindowExtraction()
    dropped: list[str] = []
    answers = []
    for text in texts:
        try:
            answers.append(WindowExtraction.model_validate_json(text))
        except ValidationError:
            dropped.append("an unparseable answer")
    folded_text = names.fold(window_text)
    for raw in answers:
        for a in raw.actors:
            if _name_problem(a.name, folded_text):
                dropped.append(f"actor {a.name!r}")
            elif all(a.name != k.name for k in kept.actors):
                kept.actors.append(a)
    # Claims and preconditions are kept when their sentence ids are valid: an unknown speaker is
    # then settled by code (build_claims checks every speaker against the text anyway).
    for raw in answers:
        for c in raw.claims:
            if _id_problems(c.sentence_ids, ids):
                dropped.append(f"claim on sentences {c.sentence_ids} by {c.speaker!r}")
            elif all(c.sentence_ids != k.sentence_ids for k in kept.claims):
                kept.claims.append(c)
        for p in raw.preconditions:
            if _id_problems([p.sentence_id], ids):
                dropped.append(f"precondition on sentence {p.sentence_id}")
            elif all(p.sentence_id != k.sentence_id for k in kept.preconditions):
                kept.preconditions.append(p)
    return kept, sorted(set(dropped)), len(answers)


# ------------------------------------------------------------------------------- the article


def extract_article(
    article: Article,
    llm: StructuredLLM,
    deadline_s: float | None = None,
    clock: Callable[[], float] = time.monotonic,
    publication: PublicationDate | None = None,
) -> tuple[ArticleExtraction, list[str]]:
    """Extract one article. Returns the extraction and the windows that failed (empty = complete).
    `publication`: its date as the run already read it (`publication_date` with the other articles'
    dates); by default read from the article alone.

    After `deadline_s` no further window is started (a running request is bounded by the client's
    timeout); the windows left are reported as failed. Raises LLMError when no window succeeded.
    """
    started = clock()
    usage = Usage()
    pub = publication or publication_date(article)
    mentions: list[tuple[str, str, str | None]] = []
    raw_claims: list[WindowClaim] = []
    raw_pre: list[WindowPrecondition] = []
    warnings = list(article.warnings)
    failed: list[str] = []
    wins = windows(article)
    for w in wins:
        if deadline_s is not None and clock() - started > deadline_s:
            failed.append(f"sentences {w.ids.start}-{w.ids.stop - 1}: article deadline of {deadline_s:g} s exceeded")
            continue
        text = " ".join(s.text for s in [*w.context, *w.sentences])
        try:
            with grounding(w.ids, text) as model:
                result: WindowExtraction = llm.structured(messages(article, w), model, usage)
        except StructuredOutputError as e:
            result, dropped, parsed = salvage(e.texts, w.ids, text)
            # The model's own words (its names, its validation errors' input values) stay out of the
            # warnings an editor reads; they go to the debug log.
            log.debug("%s sentences %s-%s: %s; dropped: %s", article.file, w.ids.start, w.ids.stop - 1, e, dropped)
            if not parsed:
                # Not one answer was JSON of the schema (prose, a truncated answer): nothing was extracted.
                failed.append(
                    f"sentences {w.ids.start}-{w.ids.stop - 1}: no valid model answer (not JSON of the schema)"
                )
                continue
            warnings.append(
                f"sentences {w.ids.start}-{w.ids.stop - 1}: the model's answer failed validation; "
                "kept the grounded items" + (f", dropped {len(dropped)} ungrounded item(s)" if dropped else "")
            )
        except LLMError as e:  # FatalLLMError (bad key, unknown model) is a ConfigError and stops the run
            failed.append(f"sentences {w.ids.start}-{w.ids.stop - 1}: {e}")
            continue
        mentions += [(a.name, a.type, a.role) for a in result.actors]
        # A speaker the model names is an actor too, if it is spelled so in the text (checked below).
        mentions += [(c.speaker, "other", None) for c in result.claims if c.speaker.lower() != "narration"]
        raw_claims += result.claims
        raw_pre += result.preconditions
    if len(failed) == len(wins):
        error = LLMError(failed[0] if len(failed) == 1 else f"all {len(wins)} windows failed; first: {failed[0]}")
        error.usage = usage  # what the failed attempts cost still counts in the ledger
        raise error
    warnings += [f"not extracted: {f}" for f in failed]
    actor_list = build_actors(article, mentions)
    preconditions, dropped = build_preconditions(article, raw_pre, actor_list)
    preconditions = [in_own_words(p) for p in preconditions]  # the text's words over the model's reading
    warnings += dropped
    claims, dropped = build_claims(article, raw_claims, actor_list)
    warnings += dropped
    preconditions += conditions_from_text(article, claims, actor_list, preconditions)
    preconditions.sort(key=lambda p: p.span.start)
    extraction = ArticleExtraction(
        file=article.file,
        sha256=article.sha256,
        title=article.title,
        outlet=article.outlet,
        publication_date=pub,
        actors=actor_list,
        claims=claims,
        preconditions=preconditions,
        events=dated_events(article, pub),
        warnings=warnings,
        usage=usage,
        text=article.text,
        regions=regions(article),
    )
    return extraction, failed


def regions(article: Article) -> list[Region]:
    """What the review page greys out: every line not read as story, and withheld story sentences."""
    found = [b for b in article.blocks if b.kind != "prose"] + article.withheld
    return [
        Region(start=b.start, end=b.end, kind=b.kind, reason=b.reason or b.kind)  # type: ignore[arg-type]
        for b in sorted(found, key=lambda b: b.start)
    ]
