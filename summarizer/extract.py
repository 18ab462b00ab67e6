"""Article → `ArticleExtraction`, grounded by construction.

Code numbers the story's sentences (clutter never gets a number), the model answers per window of
numbered sentences with ids + speaker + paraphrase, and code cuts every quote from the article.
Validation happens in code and is fed back to the model as a re-ask: ids outside the window,
speakers that are not actors, actor names that are not in the text. What still fails after the
re-asks is salvaged item by item, and every dropped item is recorded as a warning.
"""

from __future__ import annotations

import string
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError, model_validator

from . import actors as names
from .attribution import attribute, named_speakers, supported
from .corpus import Article, Sentence
from .dates import dated_events, publication_date
from .errors import LLMError
from .llm import StructuredLLM, StructuredOutputError
from .schemas import (
    Actor,
    ArticleExtraction,
    Claim,
    Precondition,
    Span,
    Usage,
    WindowActor,
    WindowClaim,
    WindowExtraction,
    WindowPrecondition,
)

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
PROMPT_VERSION = "extract-v1"
WINDOW = 8  # numbered sentences per call (at most 8 claims come back per call)
CONTEXT = 2  # preceding sentences shown (unnumbered) for who-is-speaking context


@cache
def prompt(name: str) -> string.Template:
    """A prompt file from prompts/, as a `$name` template (one mechanism for every prompt)."""
    return string.Template((PROMPTS_DIR / f"{name}.md").read_text(encoding="utf-8"))


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
    """Everything in a window answer that is not grounded. Empty list = valid."""
    problems = []
    folded_text = names.fold(text)
    for a in result.actors:
        if names.fold(a.name) not in folded_text:
            problems.append(f"actor {a.name!r} is not spelled like that in the text; copy the name as written")
    for c in result.claims:
        problems += _id_problems(c.sentence_ids, ids)
        if c.speaker.lower() != "narration" and not _known(c.speaker, result.actors):
            problems.append(f"claim speaker {c.speaker!r} is not in actors; add the actor or use 'narration'")
    for p in result.preconditions:
        problems += _id_problems([p.sentence_id], ids)
        if not _known(p.holder, result.actors):
            problems.append(f"precondition holder {p.holder!r} is not in actors")
    return problems


def _id_problems(sentence_ids: list[int], ids: range) -> list[str]:
    bad = [i for i in sentence_ids if i not in ids]
    if bad:
        return [f"sentence ids {bad} are not in this window; use ids {ids.start} to {ids.stop - 1}"]
    if sorted(sentence_ids) != list(range(min(sentence_ids), max(sentence_ids) + 1)):
        return [f"sentence ids {sentence_ids} must be consecutive"]
    return []


def _known(name: str, window_actors: list[WindowActor]) -> bool:
    """Is `name` one of the window's actors (by any spelling, or by a title the actor holds)?"""
    as_actors = [
        Actor(id=str(i), name=a.name, type=a.type, role=a.role, aliases=[a.name]) for i, a in enumerate(window_actors)
    ]
    return names.find_actor(name, as_actors) is not None


def window_model(ids: range, text: str) -> type[WindowExtraction]:
    """WindowExtraction bound to one window: validators know the ids and the text.

    The binding lives in the class (not in instructor's `context=`, which would render the
    messages as Jinja templates), so re-asks carry our grounding errors back to the model.
    """

    class BoundWindowExtraction(WindowExtraction):
        window_ids: ClassVar[range] = ids
        window_text: ClassVar[str] = text

        @model_validator(mode="after")
        def grounded(self) -> BoundWindowExtraction:
            problems = window_problems(self, self.window_ids, self.window_text)
            if problems:
                raise ValueError("; ".join(problems))
            return self

    BoundWindowExtraction.__name__ = "WindowExtraction"
    return BoundWindowExtraction


def salvage(texts: list[str], ids: range, window_text: str) -> tuple[WindowExtraction, list[str]]:
    """Keep the grounded items of answers that failed as a whole (every attempt, first wins);
    report what was dropped."""
    kept = WindowExtraction()
    dropped: list[str] = []
    answers = []
    for text in texts:
        try:
            answers.append(WindowExtraction.model_validate_json(text))
        except ValidationError:
            dropped.append("an unparseable answer")
    for raw in answers:
        for a in raw.actors:
            if window_problems(WindowExtraction(actors=[a]), ids, window_text):
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
    return kept, sorted(set(dropped))


# ------------------------------------------------------------------------------- the article


def extract_article(
    article: Article,
    llm: StructuredLLM,
    deadline_s: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[ArticleExtraction, list[str]]:
    """Extract one article. Returns the extraction and the windows that failed (empty = complete).

    After `deadline_s` no further window is started (a running request is bounded by the client's
    timeout); the windows left are reported as failed. Raises LLMError when no window succeeded.
    """
    started = clock()
    usage = Usage()
    pub = publication_date(article)
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
            result: WindowExtraction = llm.structured(messages(article, w), window_model(w.ids, text), usage)
        except StructuredOutputError as e:
            result, dropped = salvage(e.texts, w.ids, text)
            warnings.append(
                f"sentences {w.ids.start}-{w.ids.stop - 1}: {e}; kept the grounded items"
                + (f", dropped {len(dropped)}: {'; '.join(dropped)[:300]}" if dropped else "")
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
        raise LLMError(failed[0] if len(failed) == 1 else f"all {len(wins)} windows failed; first: {failed[0]}")
    warnings += [f"not extracted: {f}" for f in failed]
    actor_list = build_actors(article, mentions)
    extraction = ArticleExtraction(
        file=article.file,
        sha256=article.sha256,
        title=article.title,
        outlet=article.outlet,
        publication_date=pub,
        actors=actor_list,
        claims=build_claims(article, raw_claims, actor_list),
        preconditions=build_preconditions(article, raw_pre, actor_list),
        events=dated_events(article, pub),
        warnings=warnings,
        usage=usage,
    )
    return extraction, failed


def build_actors(article: Article, mentions: list[tuple[str, str, str | None]]) -> list[Actor]:
    """Merge the spellings of one article; keep only names that occur in the story itself."""
    story = names.fold(" ".join(s.text for s in article.sentences))
    typed = {names.fold(n): t for n, t, _ in mentions if t != "person"}
    mentions = [(n, typed.get(names.fold(n), t), r) for n, t, r in mentions]  # a speaker keeps its listed type
    mentions += [(n, t, None) for n, t in named_speakers(article)]  # "Trump has indicated" → Donald Trump
    grounded = [(n, t, r) for n, t, r in mentions if names.fold(n) in story]
    people_titles = [m for m in grounded if m[1] in ("person", "other") and names.is_title_only(m[0])]
    clusters = names.cluster(m for m in grounded if m not in people_titles)
    ids: set[str] = set()
    actors = [names.to_actor(c, ids) for c in clusters]
    for title, _, _ in people_titles:  # "the Ukrainian president" joins Zelensky when the text says so
        actor = names.find_by_title(title, actors)
        if actor is not None and title not in actor.aliases:
            actor.aliases.append(title)
    story_words = set(story.split())
    for a in actors:  # a role is model-written: kept only when the article's own words carry it
        if a.role and not set(names.fold(a.role).split()) <= story_words:
            a.role = None
    return actors


_STOPWORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "that",
        "this",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "should",
        "can",
        "may",
        "might",
        "it",
        "its",
        "as",
        "he",
        "she",
        "they",
        "we",
        "you",
        "his",
        "her",
        "their",
        "our",
        "not",
        "no",
        "also",
        "said",
        "says",
        "stated",
        "about",
        "into",
        "over",
        "after",
        "before",
        "than",
        "then",
        "there",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "while",
    }
)


def content_words(text: str) -> set[str]:
    return {w for w in names.fold(text).split() if len(w) > 2 and w not in _STOPWORDS}


def support(statement: str, quote: str) -> float:
    """Share of the paraphrase's content words that occur in the quote."""
    words = content_words(statement)
    return len(words & content_words(quote)) / len(words) if words else 0.0


def repoint(ids: list[int], statement: str, by_id: dict[int, Sentence]) -> tuple[list[int], list[str]]:
    """Small models often point one sentence off. If the paraphrase clearly describes the sentence
    next to the one cited, cite that one instead (and say so); flag paraphrases the quote does not back."""

    def text(span: list[int]) -> str:
        return " ".join(by_id[i].text for i in span)

    here = support(statement, text(ids))
    best, best_score = ids, here
    for shift in (-1, 1):
        moved = [i + shift for i in ids]
        if all(i in by_id for i in moved):
            score = support(statement, text(moved))
            if score >= 0.5 and score >= best_score + 0.25:
                best, best_score = moved, score
    checks = [f"pointer_shifted_by_{best[0] - ids[0]:+d}"] if best != ids else []
    if best_score < 0.2:
        checks.append("paraphrase_weakly_supported_by_quote")
    return best, checks


def build_claims(article: Article, raw: list[WindowClaim], actors: list[Actor]) -> list[Claim]:
    """Cut quotes by code, verify pointers and speakers, merge duplicates, add explicitly attributed
    sentences the model skipped."""
    by_id = {s.id: s for s in article.sentences}
    stem = Path(article.file).stem
    story = names.fold(" ".join(s.text for s in article.sentences))
    drafts: dict[tuple[int, ...], tuple[WindowClaim, list[str]]] = {}
    for c in raw:
        ids, checks = repoint(sorted(set(c.sentence_ids)), c.statement, by_id)
        key = tuple(ids)
        if key in drafts or any(set(key) <= set(k) for k in drafts):
            continue  # the same sentence(s) cited twice: one claim
        drafts[key] = (c, checks)
    covered = {i for k in drafts for i in k}
    for s in article.sentences:
        if s.id not in covered and attribute(article, [s], actors)[0] is not None:
            rule = WindowClaim.model_construct(
                sentence_ids=[s.id],
                speaker="narration",
                reported_by=None,
                stance="asserts",
                statement=s.text,
                topic="unlabelled",
            )
            drafts[(s.id,)] = (
                rule,
                ["found_by_rule: attributed in the text, skipped by the model; statement is the sentence itself"],
            )
    claims: list[Claim] = []
    for key in sorted(drafts):
        c, checks = drafts[key]
        sents = [by_id[i] for i in key]
        speaker_actor, speaker_checks = resolve_speaker(article, sents, c.speaker, actors)
        start, end = sents[0].start, sents[-1].end
        claim = Claim(
            id=f"{stem}#c{len(claims) + 1}",
            article=article.file,
            speaker=speaker_actor.name if speaker_actor else "narration",
            speaker_actor_id=speaker_actor.id if speaker_actor else None,
            reported_by=c.reported_by if c.reported_by and names.fold(c.reported_by) in story else None,
            stance=c.stance,
            statement=c.statement,
            topic=c.topic.strip().lower(),
            quote=article.text[start:end],
            span=Span(start=start, end=end),
            sentence_ids=list(key),
            checks=checks + speaker_checks,
        )
        claims.append(claim)
    return claims


def resolve_speaker(
    article: Article, sents: list[Sentence], said: str, actors: list[Actor]
) -> tuple[Actor | None, list[str]]:
    """The claim's speaker: the text's own attribution wins; the model's is kept only if grounded."""
    model_actor = None if said.lower() == "narration" else names.find_actor(said, actors)
    text_actor, how = attribute(article, sents, actors)
    if text_actor is not None:
        if model_actor is not None and model_actor.id == text_actor.id:
            return text_actor, [f"speaker_confirmed_by_text:{how}"]
        return text_actor, [f"speaker_from_text:{how} (model said {said!r})"]
    if model_actor is None:
        return None, ([] if said.lower() == "narration" else [f"speaker_unresolved (model said {said!r})"])
    if supported(article, sents, model_actor):
        return model_actor, ["speaker_from_model"]
    return None, [f"speaker_unsupported_by_text (model said {said!r}): narration"]


def build_preconditions(article: Article, raw: list[WindowPrecondition], actors: list[Actor]) -> list[Precondition]:
    by_id = {s.id: s for s in article.sentences}
    out: list[Precondition] = []
    seen: set[tuple[int, str]] = set()
    for p in raw:
        s = by_id[p.sentence_id]
        holder = names.find_actor(p.holder, actors)
        key = (s.id, holder.id if holder else p.holder)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Precondition(
                holder=holder.name if holder else p.holder,
                demand=p.demand,
                before=p.before,
                quote=s.text,
                span=Span(start=s.start, end=s.end),
            )
        )
    return out
