"""An editor's decisions (`decisions.json`, exported by the review page) applied to a new run.

    speaker      claims, before reconciling: the right speaker, or "unattributed"
    merge/split  corpus actors, right after code has merged them
    relation     relations: a rejected one leaves the briefing (listed in `review.rejected_relations`),
                 an accepted one is marked

Every decision is keyed by content, never by list position: an article by the SHA-256 of its text, a
claim or a relation side by its verbatim quote, an actor by its names. Re-runs, renamed files and new
articles keep decisions valid; a decision whose evidence changed (the article was edited or is gone,
no claim carries the quote any more, the speaker it corrected has changed) is reported as stale and
never applied.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import ValidationError

from . import actors as names
from .errors import UserError
from .render import opening
from .schemas import (
    Actor,
    ArticleExtraction,
    ClaimRef,
    Decisions,
    Evidence,
    MergeDecision,
    Relation,
    RelationDecision,
    ReviewReport,
    SpeakerDecision,
    SplitDecision,
)

UNATTRIBUTED = "unattributed"


def content_key(article_sha256: str, quote: str) -> str:
    """A quote in one version of one article, by content (16 hex digits)."""
    return hashlib.sha256(f"{article_sha256}\0{quote}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def relation_key(sides: list[ClaimRef], sha_of: dict[str, str]) -> str:
    """The two sides of a relation by content, in either order."""
    keys = sorted(content_key(sha_of.get(s.article, ""), s.quote) for s in sides)
    return hashlib.sha256("\0".join(keys).encode()).hexdigest()[:16]


def load_decisions(path: Path) -> Decisions:
    """decisions.json → Decisions; a file that is missing or not a decisions file is a usage error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UserError(f"cannot read decisions file {path}: {getattr(e, 'strerror', None) or e}") from None
    try:
        return Decisions.model_validate_json(text)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(f"{path} is not a decisions file ({where}: {first['msg']})") from None


class Review:
    """Applies one decisions file to one run and reports what became of every decision."""

    def __init__(self, decisions: Decisions, file: str):
        self.decisions = decisions.decisions
        self.report = ReviewReport(file=file, decisions=list(self.decisions))

    # ------------------------------------------------------------------ claims

    def apply_speakers(self, extractions: list[ArticleExtraction]) -> None:
        for d in self.decisions:
            if not isinstance(d, SpeakerDecision):
                continue
            ex, why = _article(d.claim, extractions)
            claim = next((c for c in ex.claims if c.quote == d.claim.quote), None) if ex else None
            if ex is None or claim is None:
                self._stale(d, why or "no claim carries this quote any more")
                continue
            right = (d.speaker or "").strip() or UNATTRIBUTED
            if claim.speaker not in (d.was, right):
                self._stale(d, f"the speaker has changed since the decision (now {claim.speaker!r})")
                continue
            actor = names.find_actor(right, ex.actors) if right not in ("narration", UNATTRIBUTED) else None
            claim.speaker = actor.name if actor else right
            claim.speaker_actor_id = actor.id if actor else None
            if "speaker_from_editor" not in claim.checks:
                claim.checks.append("speaker_from_editor")
            self.report.applied.append(f"speaker of {_cite(d.claim)}: {d.was!r} → {claim.speaker!r}")

    # ------------------------------------------------------------------ actors

    def apply_actors(self, actors: list[Actor], sources: dict[str, list[str]]) -> list[Actor]:
        """Merges and splits on the corpus actors (`sources` is updated in place)."""
        actors = list(actors)
        for d in self.decisions:
            if isinstance(d, MergeDecision):
                actors = self._merge(d, actors, sources)
            elif isinstance(d, SplitDecision):
                actors = self._split(d, actors, sources)
        return actors

    def _merge(self, d: MergeDecision, actors: list[Actor], sources: dict[str, list[str]]) -> list[Actor]:
        found = [_by_name(n, actors) for n in d.names]
        missing = [n for n, a in zip(d.names, found, strict=True) if a is None]
        if missing:
            self._stale(d, f"no actor named {', '.join(map(repr, missing))} in this run")
            return actors
        group = list({a.id: a for a in found if a}.values())
        if len(group) > 1:
            keep = max(group, key=lambda a: (len(sources.get(a.id, [])), len(a.aliases), a.name))
            for other in group:
                if other is not keep:
                    keep.aliases = sorted({*keep.aliases, *other.aliases}, key=lambda x: (-len(x), x))
                    sources[keep.id] = sorted({*sources.get(keep.id, []), *sources.pop(other.id, [])})
            actors = [a for a in actors if a is keep or a not in group]
        self.report.applied.append(f"merged {', '.join(map(repr, d.names))} into {group[0].name!r}")
        return actors

    def _split(self, d: SplitDecision, actors: list[Actor], sources: dict[str, list[str]]) -> list[Actor]:
        owners = {a.id for n in d.names if (a := _by_name(n, actors))}
        if len(owners) != 1:
            self._stale(d, "these names are no longer one actor's" if owners else "no actor carries these names")
            return actors
        actor = next(a for a in actors if a.id in owners)
        moved = [al for al in actor.aliases if any(names.entity_key(al) == names.entity_key(n) for n in d.names)]
        rest = [al for al in actor.aliases if al not in moved]
        if rest:
            new_name = max(moved, key=lambda n: (len(n.split()), len(n)))
            ids = {a.id for a in actors}
            base = names.slug(new_name)
            new_id, n = base, 2
            while new_id in ids:
                new_id, n = f"{base}-{n}", n + 1
            actor.aliases = rest
            if actor.name in moved:
                actor.name = max(rest, key=lambda x: (len(x.split()), len(x)))
            actors = [*actors, Actor(id=new_id, name=new_name, type=actor.type, role=None, aliases=moved)]
            sources[new_id] = list(sources.get(actor.id, []))
        self.report.applied.append(f"split {', '.join(map(repr, d.names))} from {d.actor!r}")
        return actors

    # ------------------------------------------------------------------ relations

    def apply_relations(self, relations: list[Relation], extractions: list[ArticleExtraction]) -> list[Relation]:
        by_key = {r.key: r for r in relations}
        sha_of = {ex.file: ex.sha256 for ex in extractions}
        rejected: set[str] = set()
        for d in self.decisions:
            if not isinstance(d, RelationDecision):
                continue
            found = [_article(s, extractions) for s in d.sides]
            why = next((w for _, w in found if w), None)
            if why:
                self._stale(d, why)
                continue
            refs = [
                ClaimRef(claim_id="", article=ex.file, speaker="", date=None, quote=s.quote)
                for (ex, _), s in zip(found, d.sides, strict=True)
                if ex
            ]
            relation = by_key.get(relation_key(refs, sha_of))
            if relation is None:
                self.report.unused.append(f"{d.verdict} {_subject(d)}: this run does not propose it")
                continue
            if d.verdict == "reject":
                rejected.add(relation.key)
                self.report.rejected_relations.append(relation)
            else:
                relation.review = "accepted"
            self.report.applied.append(f"{d.verdict}ed {relation.relation} {relation.id}")
        return [r for r in relations if r.key not in rejected]

    def _stale(self, d: RelationDecision | SpeakerDecision | MergeDecision | SplitDecision, why: str) -> None:
        self.report.stale.append(f"{d.kind} decision on {_subject(d)}: {why}")


def _article(ev: Evidence, extractions: list[ArticleExtraction]) -> tuple[ArticleExtraction | None, str | None]:
    """The article a quote was judged in, or why it is not in this run."""
    ex = next((x for x in extractions if x.sha256 == ev.article_sha256), None)
    if ex is not None:
        if ex.text is not None and ev.quote not in ex.text:
            return None, "the quote is not in the article"
        return ex, None
    if any(x.file == ev.file for x in extractions):
        return None, f"{ev.file} was edited since the decision"
    return None, f"{ev.file} is not in this run"


def _by_name(name: str, actors: list[Actor]) -> Actor | None:
    key = names.entity_key(name)
    return next((a for a in actors if any(names.entity_key(al) == key for al in [a.name, *a.aliases])), None)


def _cite(ev: Evidence) -> str:
    return f"{ev.file} “{opening(ev.quote, 8)}”"


def _subject(d: RelationDecision | SpeakerDecision | MergeDecision | SplitDecision) -> str:
    if isinstance(d, SpeakerDecision):
        return _cite(d.claim)
    if isinstance(d, RelationDecision):
        return f"{d.relation} {_cite(d.sides[0])} / {_cite(d.sides[1])}"
    return ", ".join(map(repr, d.names))
