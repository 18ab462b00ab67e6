"""Polls and studies as the source of a statement ("A new CNN/ORC poll shows …"): the poll speaks, not the
candidate it is about, named in the text's own words where the text says which poll."""

from __future__ import annotations

import re

from .. import actors as names
from ..schemas import Actor
from . import rules
from .mentions import mention_positions


def data_source(text: str) -> re.Match[str] | None:
    """Where the text names a poll or study as what says it: "a new poll finds …", or a poll's share of
    its voters ("Fewer than half of the voters surveyed in a new poll support …", "In the new Morning
    Consult poll, 40 percent of likely voters back …")."""
    if m := _DATA_SOURCE.search(text):
        return m
    m = _POLL.search(text)
    return m if m and _SHARE.search(text) else None


def data_source_name(text: str) -> str | None:
    """The poll or study the text cites, named in its own words: "a new CNN/ORC poll", "a poll conducted
    by the New York Times and ABC News", "Tom Ruiz's own campaign survey", "a new poll released Monday";
    None where the text does not say which ("polls show …", "the poll", "a new citywide poll")."""
    m = _DATA_NOUN.search(text)
    if m is None:
        return None
    words: list[str] = []
    for w in reversed(re.findall(r"\S+", text[: m.start()])[-5:]):
        if not _NAME_WORD.fullmatch(w) or names.fold(w) in _NOT_IN_A_NAME:
            break
        words.insert(0, w)
        if names.fold(w) in _DETERMINERS:
            break
    owned = any(_OWNER.search(w) for w in words)
    if not words or not (names.fold(words[0]) in _DETERMINERS or owned):
        return None  # "Polls show …", "voters surveyed …": no one poll the text names
    tail = _DATA_TAIL.match(text, m.end())
    if not (tail or owned or any(w[:1].isupper() for w in words[1:])):
        return None  # "the poll", "a new citywide poll": which poll, the text does not say here
    return " ".join([*words, text[m.start() : tail.end() if tail else m.end()]])


_DATA_NOUN = re.compile(r"\b(?:poll|survey|study|report|analysis|census)\b", re.I)
_NAME_WORD = re.compile(r"[\w/&'’.\-]+")
_DETERMINERS = {"a", "an", "the", "this", "its", "their", "his", "her", "our", "another"}
_NOT_IN_A_NAME = {"in", "of", "from", "by", "on", "at", "with", "to", "for", "and", "or", "but", "that", "which", "as"}
_OWNER = re.compile(r"['’]s\b")
# What names a poll after the word: who conducted it, when it came out ("conducted by the New York Times
# and ABC News", "released Monday", "by the Daily Post").
_WHEN = (
    r"(?i:(?:(?:on|last|this|in)\s+)?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|week|month|year)\b)"
)
_BY = (  # names: case matters ("the Royal College of Nursing and Unison")
    r"(?:by|for|from)\s+(?:the\s+)?[A-Z][\w/&'’.\-]*(?:\s+(?:and\s+|&\s+|of\s+(?:the\s+)?)?[A-Z][\w/&'’.\-]*)*"
)
_DATA_TAIL = re.compile(
    rf"(?:\s+(?i:conducted|released|published|commissioned|carried\s+out|taken)\s+(?:{_BY}|{_WHEN})|\s+{_BY})"
)
_POLL = re.compile(r"\b(?:poll|polls|polling|survey|surveys|surveyed)\b", re.I)
_SHARE = re.compile(r"\b(?:percent|per cent|half|majority|third|quarter)\b|%", re.I)
_DATA_SOURCE = re.compile(
    r"\b(?:poll|polls|survey|surveys|study|studies|report|analysis|data|figures|census|index|average)\b"
    r"(?:\s+(?:\w+\s+){0,2}?)?\s*(?:finds|found|shows|showed|suggests|suggested|indicates|indicated|reveals|revealed)\b",
    re.I,
)


def mention_before(actor: Actor, text: str, m: re.Match[str]) -> bool:
    """Is the actor named before the data source, other than as its owner ("Smith said a poll shows …",
    not "Smith's own campaign survey shows …": there the survey speaks)?"""
    return any(p < m.end() and not _OWNED.match(text, p) for p in mention_positions(actor, text))


_OWNED = re.compile(rf"{rules.POSSESSIVE}\s+(?:own\s+)?(?:\w+\s+){{0,2}}?(?:poll|survey|study|report)")
