"""A fifth corpus: five made-up stories about a hospital group's data breach (bench/breach/, hand-labelled
in bench/breach/gold.json before the tool first read them), replayed from a cassette recorded from the
embedded model. Its first live run (session 13) showed what the other four did not: an outlet's name and
a date after a byline left one article undated; "there is no other way to describe them" and "has not
been verified" were read as denials; "It said it had stolen …" was given to the chief executive named
in the next sentence; "Liam Doyle of the Data Protection Commission" became a body named "Doyle of
…"; the chief executive's own quoted words at two dates ("No medical records were taken." / "Some
medical records were accessed.") were labelled a contradiction between reports. The mends are held in
place end to end: a regression check, not an unbiased measure. Re-record with `make record-new`."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.reconcile import checks
from summarizer.schemas import Briefing

from .conftest import CASSETTES, ROOT, eval_summary, replay_briefing, unanswered

CORPUS = ROOT / "bench" / "breach" / "corpus"
GOLD = ROOT / "bench" / "breach" / "gold.json"
CASSETTE = CASSETTES / "breach_embedded.yaml"


@pytest.fixture(scope="module")
def breach(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Briefing, Path]:
    out = tmp_path_factory.mktemp("breach")
    return replay_briefing(CASSETTE, CORPUS, out, base_url), out


def test_every_request_was_answered_from_the_cassette(breach: tuple[Briefing, Path]) -> None:
    b, _ = breach
    assert not unanswered(b), f"requests not in {CASSETTE.name}: re-record with `make record-new`"
    assert len(b.articles) == 5


def test_dates_speakers_and_actors(breach: tuple[Briefing, Path]) -> None:
    b, out = breach
    s = eval_summary(GOLD, CORPUS, out / "briefing.json", "breach corpus, replayed")
    assert s["date_score_mean"] == 1.0  # "The Portlow Times, 12 March 2026" under "By Daniel Okafor"
    assert s["speaker_accuracy"] >= 0.95
    assert s["claim_recall_weighted"] >= 0.8
    assert s["actor_splits"] == 0  # not "Doyle of the Data Protection Commission" beside Liam Doyle
    names = {a.name for a in b.actors}
    assert "Liam Doyle" in names and not any(" of the " in n for n in names)
    lantern = [c for ex in b.articles for c in ex.claims if c.quote.startswith("It said it had stolen")]
    assert [c.speaker for c in lantern] == ["Black Lantern"]  # not also the chief executive's


def test_no_denial_read_from_emphasis_or_an_unverified_claim(breach: tuple[Briefing, Path]) -> None:
    """Each denial has one negated side: "there is no other way to describe them" and "has not been
    verified" negate nothing (the researcher's "These are medical records" may still answer the chief
    executive's "No medical records were taken.")."""
    b, _ = breach
    denials = [r for r in b.relations if r.kind == "denial"]
    assert denials and all(sum(checks.negative(s.quote) for s in r.sides) == 1 for r in denials)
    lantern = [r for r in denials if any("has not been verified" in s.quote for s in r.sides)]
    assert not lantern


def test_the_chief_executives_own_words_at_two_dates_are_a_change_of_position(breach: tuple[Briefing, Path]) -> None:
    b, out = breach
    (moved,) = [r for r in b.relations if r.relation == "change_of_position"]
    assert [s.speaker for s in moved.sides] == ["Anna Kowalczyk"] * 2
    assert [s.date for s in moved.sides] == ["2026-03-03", "2026-03-12"]
    s = eval_summary(GOLD, CORPUS, out / "briefing.json", "breach corpus, replayed")
    assert s["position_changes"]["matched"] >= 1
    assert "BX02" in s["contradictions"]["gold_matched"]  # 1.2 million patients (the hackers) vs 310,000
