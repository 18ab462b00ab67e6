"""An editor's decisions (decisions.json) applied to the next run, on made-up stories from other
domains: keyed by content, stale when their evidence changed, never silently applied."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer import pipeline
from summarizer.cli import app
from summarizer.decisions import UNATTRIBUTED, relation_key
from summarizer.schemas import Briefing, Decisions
from summarizer.testing import FakeLLM, keyword_responder

CLUB = (
    "Mara Venn said the club will sign two new defenders before the window closes on Friday.\n"
    "Leo Brandt said the squad needs three new defenders to compete this season.\n"
    "The chairman Otto Kranz said the club will sign no new defenders this month.\n"
)
LEAGUE = (
    "League director Ina Sol said the club will sign two new defenders before the window closes.\n"
    "Mara Venn said the squad is strong enough and the board agrees with her.\n"
)


def corpus(tmp_path: Path, club: str = CLUB) -> Path:
    root = tmp_path / "corpus"
    root.mkdir(exist_ok=True)
    (root / "club.txt").write_text(club, encoding="utf-8")
    (root / "league.txt").write_text(LEAGUE, encoding="utf-8")
    return root


def run(root: Path, decisions: Path | None = None, json_dir: Path | None = None) -> Briefing:
    config = pipeline.Config(root, strict=True, decisions=decisions, json_dir=json_dir)
    return pipeline.run(config, llm=FakeLLM(responder=keyword_responder))


def evidence(b: Briefing, file: str, quote: str) -> dict[str, Any]:
    sha = next(ex.sha256 for ex in b.articles if ex.file == file)
    return {"file": file, "article_sha256": sha, "quote": quote}


def write(tmp_path: Path, *decisions: dict[str, Any]) -> Path:
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps({"format": "brief-decisions/v1", "decisions": list(decisions)}), encoding="utf-8")
    return path


def relation_decision(b: Briefing, r: Any, verdict: str) -> dict[str, Any]:
    return {
        "kind": "relation",
        "verdict": verdict,
        "relation": r.relation,
        "sides": [evidence(b, s.article, s.quote) for s in r.sides],
    }


def test_a_rejected_relation_stays_out_and_an_accepted_one_is_marked(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    first = run(root)
    assert len(first.relations) >= 2, "the made-up stories must give relations to decide on"
    gone, kept = first.relations[0], first.relations[1]
    second = run(
        root, write(tmp_path, relation_decision(first, gone, "reject"), relation_decision(first, kept, "accept"))
    )
    keys = {r.key for r in second.relations}
    assert gone.key not in keys and kept.key in keys
    assert next(r for r in second.relations if r.key == kept.key).review == "accepted"
    assert second.review is not None
    assert [r.key for r in second.review.rejected_relations] == [gone.key]
    assert len(second.review.applied) == 2 and not second.review.stale
    assert len(second.relations) == len(first.relations) - 1


def test_relation_keys_do_not_depend_on_side_order_or_file_names() -> None:
    from summarizer.schemas import ClaimRef

    a = ClaimRef(claim_id="x#c1", article="a.txt", speaker="A", date=None, quote="one")
    b = ClaimRef(claim_id="y#c2", article="b.txt", speaker="B", date=None, quote="two")
    renamed = a.model_copy(update={"article": "renamed.txt", "claim_id": "z#c9"})
    sha = {"a.txt": "1", "b.txt": "2", "renamed.txt": "1"}
    assert relation_key([a, b], sha) == relation_key([b, a], sha) == relation_key([renamed, b], sha)
    assert relation_key([a, b], sha) != relation_key([a, b], {"a.txt": "1", "b.txt": "3"})


def test_a_decision_on_an_edited_article_is_stale_not_applied(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    first = run(root)
    r = next(r for r in first.relations if any(s.article == "club.txt" for s in r.sides))
    path = write(tmp_path, relation_decision(first, r, "reject"))
    (root / "club.txt").write_text(CLUB + "Fans said the decision was a surprise.\n", encoding="utf-8")
    second = run(root, path)
    assert second.review is not None and not second.review.applied
    assert second.review.stale == [
        f"relation decision on {r.relation} {_cite(second, r.sides[0])} / {_cite(second, r.sides[1])}: "
        "club.txt was edited since the decision"
    ]
    assert len(second.relations) >= len(first.relations)  # nothing was taken out


def _cite(b: Briefing, side: Any) -> str:
    words = side.quote.split()
    return f"{side.article} “{' '.join(words[:8])}{' …' if len(words) > 8 else ''}”"


def test_renamed_files_keep_their_decisions(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    first = run(root)
    r = first.relations[0]
    path = write(tmp_path, relation_decision(first, r, "reject"))
    for f in ("club.txt", "league.txt"):
        (root / f).rename(root / f"2026-{f}")
    second = run(root, path)
    assert second.review is not None and len(second.review.applied) == 1, second.review
    assert r.key not in {x.key for x in second.relations}


def test_a_relation_the_new_run_does_not_propose_is_reported_not_stale(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    first = run(root)
    fake = {
        "kind": "relation",
        "verdict": "reject",
        "relation": "contradiction",
        "sides": [
            evidence(first, "club.txt", "Mara Venn said"),
            evidence(first, "league.txt", "League director Ina Sol said"),
        ],
    }
    second = run(root, write(tmp_path, fake))
    assert second.review is not None
    assert not second.review.stale and len(second.review.unused) == 1
    assert [r.key for r in second.relations] == [r.key for r in first.relations]


def test_speaker_corrections_hold_and_go_stale_when_the_claim_changes(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    first = run(root)
    claim = next(c for ex in first.articles for c in ex.claims if c.speaker == "Leo Brandt")
    other = next(c for ex in first.articles for c in ex.claims if c.speaker == "Otto Kranz")
    fix = {"kind": "speaker", "claim": evidence(first, "club.txt", claim.quote), "was": "Leo Brandt", "speaker": None}
    wrong_was = {
        "kind": "speaker",
        "claim": evidence(first, "club.txt", other.quote),
        "was": "Somebody Else",  # the run gives another speaker than the editor saw: no longer the same question
        "speaker": "Mara Venn",
    }
    gone = {"kind": "speaker", "claim": evidence(first, "club.txt", "not a claim of this article"), "was": "X"}
    second = run(root, write(tmp_path, fix, wrong_was, gone))
    fixed = next(c for ex in second.articles for c in ex.claims if c.quote == claim.quote)
    assert fixed.speaker == UNATTRIBUTED and "speaker_from_editor" in fixed.checks
    assert claim.id not in second.speaker_ids
    kept = next(c for ex in second.articles for c in ex.claims if c.quote == other.quote)
    assert kept.speaker == "Otto Kranz"
    assert second.review is not None and len(second.review.stale) == 2
    assert "speaker has changed since the decision" in second.review.stale[0]
    assert "quote is not in the article" in second.review.stale[1]


def test_merges_and_splits_hold_across_runs(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    first = run(root)
    names = {a.name for a in first.actors}
    assert {"Leo Brandt", "Otto Kranz", "Mara Venn"} <= names
    path = write(
        tmp_path,
        {"kind": "merge", "names": ["Leo Brandt", "Otto Kranz"]},  # say the editor knows they are one person
        {"kind": "merge", "names": ["Mara Venn", "Nobody Here"]},
    )
    second = run(root, path)
    merged = [a for a in second.actors if {"Leo Brandt", "Otto Kranz"} <= set(a.aliases)]
    assert len(merged) == 1
    leo = next(c.id for ex in second.articles for c in ex.claims if c.speaker == "Leo Brandt")
    otto = next(c.id for ex in second.articles for c in ex.claims if c.speaker == "Otto Kranz")
    assert second.speaker_ids[leo] == second.speaker_ids[otto] == merged[0].id
    assert second.review is not None and "'Nobody Here'" in second.review.stale[0]

    # The next review splits them again: both decisions in one file, applied in order.
    split = write(
        tmp_path,
        {"kind": "merge", "names": ["Leo Brandt", "Otto Kranz"]},
        {"kind": "split", "actor": merged[0].name, "names": ["Otto Kranz"]},
    )
    fourth = run(root, split)
    assert sum(1 for a in fourth.actors if "Otto Kranz" in a.aliases) == 1
    assert not any({"Leo Brandt", "Otto Kranz"} <= set(a.aliases) for a in fourth.actors)
    assert fourth.speaker_ids[leo] != fourth.speaker_ids[otto]


def test_a_bad_decisions_file_is_a_usage_error_before_any_work(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"decisions": [{"kind": "relation", "verdict": "maybe"}]}', encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["run", str(root), "--decisions", str(bad), "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--quiet"],
    )
    assert result.exit_code == 2
    assert "is not a decisions file" in result.stderr and "Traceback" not in result.output
    missing = CliRunner().invoke(app, ["run", str(root), "--decisions", str(tmp_path / "nope.json"), "--quiet"])
    assert missing.exit_code == 2 and "cannot read decisions file" in missing.stderr


def test_tables_hold_one_flat_object_a_line_with_stable_ids(tmp_path: Path) -> None:
    root = corpus(tmp_path)
    out = tmp_path / "json"
    b = run(root, json_dir=out)
    claims = [json.loads(line) for line in (out / "claims.jsonl").read_text(encoding="utf-8").splitlines()]
    relations = [json.loads(line) for line in (out / "relations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(claims) == sum(len(ex.claims) for ex in b.articles) and len(relations) == len(b.relations)
    assert len({c["id"] for c in claims}) == len(claims) and len({c["key"] for c in claims}) == len(claims)
    for row in claims + relations:  # what sqlite-utils --nl and Datasette take as columns
        assert all(isinstance(v, str | int | float | bool | list) or v is None for v in row.values()), row
    text = {ex.file: ex.text for ex in b.articles}
    for c in claims:
        assert text[c["article"]][c["start"] : c["end"]] == c["quote"]
    again = tmp_path / "again"
    run(root, json_dir=again)
    for name in ("claims.jsonl", "relations.jsonl"):
        assert (again / name).read_bytes() == (out / name).read_bytes()


def test_decisions_schema_is_published() -> None:
    schema = json.loads((Path(__file__).resolve().parent.parent / "schemas" / "Decisions.schema.json").read_text())
    assert schema == Decisions.model_json_schema()


@pytest.mark.parametrize("kind", ["merge", "split"])
def test_actor_decisions_need_names(kind: str) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Decisions.model_validate({"decisions": [{"kind": kind, "actor": "X", "names": []}]})
