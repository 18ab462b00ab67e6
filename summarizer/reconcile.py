"""Extractions → `Briefing`: actors resolved across articles, sources listed with their status."""

from __future__ import annotations

from . import actors as names
from .schemas import Actor, ArticleExtraction, Briefing, SourceStatus


def merge_actors(extractions: list[ArticleExtraction]) -> list[Actor]:
    """One actor per real entity across the corpus, every spelling kept as an alias."""
    mentions = [
        (alias, a.type, a.role)
        for ex in extractions
        for a in ex.actors
        for alias in [a.name, *a.aliases]
    ]
    ids: set[str] = set()
    merged = [names.to_actor(c, ids) for c in names.cluster(mentions)]
    return sorted(merged, key=lambda a: (a.type != "person", a.name))


def pub_key(ex: ArticleExtraction) -> tuple[int, str, str]:
    """Order articles by publication date; undated ones last, then by file name."""
    value = ex.publication_date.value
    return (0 if value else 1, value or "", ex.file)


def reconcile(extractions: list[ArticleExtraction], sources: list[SourceStatus]) -> Briefing:
    """Assemble the briefing from the per-article extractions."""
    ordered = sorted(extractions, key=pub_key)
    return Briefing(sources=sources, actors=merge_actors(ordered), articles=ordered)
