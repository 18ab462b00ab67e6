"""Every data type brief produces, in one place.

The docstrings and field descriptions double as documentation of the JSON output and, for the
`Window*` models, as the instructions the LLM sees (see `extract.field_guide`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

ActorType = Literal["person", "institution", "country", "group", "organization", "company", "media", "place", "other"]
Stance = Literal["asserts", "denies", "hedged", "conditional", "predicts", "demands", "questions"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------------------------
# What the LLM answers for one window of numbered sentences (the "sentence-pointer" schema).
# Sentence ids are bounded per window (see extract.window_model); quotes are cut by code.
# --------------------------------------------------------------------------------------------


class WindowActor(Strict):
    """A person, organisation, country or group named in the numbered sentences."""

    name: str = Field(
        min_length=2, max_length=60, description="The name exactly as spelled in the text, e.g. 'Peskov'."
    )
    type: ActorType = Field(description="What kind of actor this is.")
    role: str | None = Field(
        default=None, max_length=60, description="Title or role if the text gives one, e.g. 'Kremlin spokesman'."
    )


class WindowClaim(Strict):
    """A statement some actor made (or the outlet asserts), located by sentence ids."""

    sentence_ids: list[int] = Field(
        min_length=1, max_length=3, description="Ids of the consecutive sentence(s) that hold the claim."
    )
    speaker: str = Field(
        min_length=2,
        max_length=60,
        description="Who made the statement: an actor name from `actors`, or 'narration' when the "
        "article states it in its own voice.",
    )
    reported_by: str | None = Field(
        default=None, max_length=60, description="Who relayed it (outlet, agency, channel) if the text says."
    )
    stance: Stance = Field(description="How the speaker puts it.")
    statement: str = Field(
        min_length=3, max_length=80, description="Very short paraphrase in your own words (not a copy)."
    )
    topic: str = Field(min_length=2, max_length=30, description="Short topic label, e.g. 'leaders meeting'.")


class WindowPrecondition(Strict):
    """A demand an actor sets before something else may happen ('no X before Y', 'only if Y')."""

    sentence_id: int = Field(description="Id of the sentence that states the condition.")
    holder: str = Field(min_length=2, max_length=60, description="Who sets the condition (an actor name).")
    demand: str = Field(min_length=3, max_length=100, description="What must happen first.")
    before: str = Field(min_length=2, max_length=60, description="What it is a condition for.")


class WindowExtraction(Strict):
    """Actors, claims and preconditions found in one window of numbered sentences."""

    actors: list[WindowActor] = Field(default_factory=list, max_length=8)
    claims: list[WindowClaim] = Field(default_factory=list, max_length=8)
    preconditions: list[WindowPrecondition] = Field(default_factory=list, max_length=3)


# --------------------------------------------------------------------------------------------
# Per-article output (`<article>.json`).
# --------------------------------------------------------------------------------------------


class Span(Strict):
    """Character offsets [start, end) into the article text as loaded (after decoding)."""

    start: int
    end: int


class PublicationDate(Strict):
    """The article's publication date and how it was determined."""

    value: str | None = Field(description="YYYY-MM-DD, or null when nothing in the text dates the article.")
    basis: Literal["metadata_header", "timestamp_line", "dateline_text", "cited_url", "none"]
    evidence: str | None = Field(default=None, description="The verbatim text the date was read from.")
    rejected: list[str] = Field(
        default_factory=list, description="Other dates found in page clutter and why they were not used."
    )


class Actor(Strict):
    """One real-world actor of an article (or, in the briefing, of the whole corpus)."""

    id: str = Field(description="Stable id, e.g. 'volodymyr-zelensky'.")
    name: str = Field(description="Canonical name: the fullest form seen.")
    type: ActorType
    role: str | None = None
    aliases: list[str] = Field(description="Every spelling seen in the text(s), verbatim.")


class Claim(Strict):
    """A grounded claim: the quote is cut from the article by code, never written by the model."""

    id: str = Field(
        description="'<article key>#c<n>': the key is the file's stem, or its whole name where two files share a stem."
    )
    article: str = Field(description="Source file name.")
    speaker: str = Field(description="Canonical actor name, or 'narration' for the outlet's own voice.")
    speaker_actor_id: str | None = None
    reported_by: str | None = None
    stance: Stance
    statement: str = Field(description="The model's paraphrase (not evidence; the quote is).")
    topic: str
    quote: str = Field(description="Verbatim text of the cited sentence(s).")
    span: Span
    sentence_ids: list[int]
    checks: list[str] = Field(
        default_factory=list, description="What code verified or corrected, e.g. 'speaker_from_rule'."
    )


class Precondition(Strict):
    """Who demands what before what, grounded in one sentence."""

    holder: str
    demand: str
    before: str
    quote: str
    span: Span
    basis: Literal["model", "text"] = Field(
        default="model",
        description="'model': demand and before are the model's reading; 'text': both cut verbatim from the "
        "sentence by a conditional construction found in code ('only after', 'provided that', …).",
    )


class DatedEvent(Strict):
    """A date expression in the article, resolved in code against the publication date."""

    date_text: str = Field(description="The expression as written, e.g. 'on Thursday'.")
    resolved: str | None = Field(description="YYYY-MM-DD, YYYY-MM or YYYY; null when it cannot be resolved.")
    basis: str = Field(description="How it was resolved (absolute, relative to publication date, ...).")
    quote: str = Field(description="The sentence that carries the date.")
    span: Span


class Usage(Strict):
    """LLM cost of one article, counted over every attempt including failed ones."""

    calls: int = 0
    attempts: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0

    def add(self, other: Usage) -> None:
        self.calls += other.calls
        self.attempts += other.attempts
        self.cache_hits += other.cache_hits
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.seconds = round(self.seconds + other.seconds, 3)


class Region(Strict):
    """Text of the article that is not read as story, or story the model never saw, and why."""

    start: int
    end: int
    kind: Literal["heading", "metadata", "boilerplate", "withheld"]
    reason: str


class ArticleExtraction(Strict):
    """Everything brief extracted from one article."""

    schema_version: str = SCHEMA_VERSION
    file: str
    sha256: str
    title: str | None
    outlet: str | None = Field(description="The outlet when the text names itself, else null.")
    publication_date: PublicationDate
    actors: list[Actor]
    claims: list[Claim]
    preconditions: list[Precondition]
    events: list[DatedEvent]
    warnings: list[str] = Field(default_factory=list, description="Problems that did not stop the article.")
    usage: Usage = Field(default_factory=Usage)
    run_id: str | None = Field(
        default=None,
        description="The run that wrote this file (--json-dir); briefing.json's run.run_id names its run.",
    )
    text: str | None = Field(
        default=None, description="The article text as loaded (every span points into it): the review page shows it."
    )
    regions: list[Region] = Field(
        default_factory=list, description="Headings, date lines, page clutter and withheld sentences, with the reason."
    )


# --------------------------------------------------------------------------------------------
# The briefing (`briefing.json`; the Markdown is rendered from it).
# --------------------------------------------------------------------------------------------


RelationType = Literal[
    "agreement", "contradiction", "change_of_position", "conditional_compatibility", "scope_difference", "compare"
]
RelationKind = Literal[
    "figure",
    "denial",
    "opposed",
    "order",
    "disputed",
    "rejected",
    "framed",
    "positional",
    "tone",
    "condition",
    "status",
    "same",
    "none",
]


class YesNo(Strict):
    """A one-token yes/no answer and, when the server returns log-probabilities, P(yes)."""

    answer: Literal["yes", "no"]
    p_yes: float | None = Field(default=None, description="P(yes) among yes/no tokens; null without logprobs.")


class QuestionLabel(Strict):
    """The question that a group of quotes answers."""

    question: str = Field(
        min_length=8,
        max_length=140,
        description="One short question (at most 12 words) in plain English that every quote answers, using "
        "their words, e.g. 'How many jobs will the plant cut?'",
    )


class ActorChoice(Strict):
    """Which known actor an ambiguous name refers to."""

    rationale: str = Field(min_length=10, max_length=160, description="Why, from the sentence.")
    choice: int = Field(ge=-1, le=20, description="The number of the matching actor, or -1 if none matches.")


class ClaimRef(Strict):
    """One side of a relation or one point of a timeline: enough to cite it without looking it up."""

    claim_id: str
    article: str
    speaker: str
    date: str | None = Field(description="Publication date of the article (YYYY-MM-DD) or null.")
    quote: str = Field(description="Verbatim: the sentence of the claim that bears on the question, or a part of it.")
    span: Span | None = Field(default=None, description="Where `quote` sits in the article.")


class ModelAnswer(Strict):
    """One narrow yes/no question put to the model about two quotes, asked in both orders."""

    question: Literal["same_issue", "same_point"]
    p_yes: list[float | None] = Field(description="P(yes) with A first, then with B first (null: no logprobs).")
    answers: list[Literal["yes", "no"]]


class Relation(Strict):
    """A relation between two claims (two sources, or two parties in one source). Both sides are kept."""

    id: str
    question_id: str | None = Field(default=None, description="The question both claims answer.")
    relation: RelationType = Field(
        description="'compare': same question, but neither code nor model can say more (the design abstains)."
    )
    kind: RelationKind
    sides: list[ClaimRef] = Field(
        min_length=2,
        description="The two statements judged; a contradiction may add the same party's other statements in the "
        "same source that contradict the other side alike (one entry for one conflict).",
    )
    context: ClaimRef | None = Field(
        default=None,
        description="The whole sentence both sides come from, when one sentence reports them (kind 'disputed').",
    )
    basis: Literal["code+model", "code", "model", "none"] = Field(
        description="What the label rests on: code checks, the model's answers, both, or neither (compare)."
    )
    evidence: list[str] = Field(default_factory=list, description="What code found and the model answered, in words.")
    model_answers: list[ModelAnswer] = Field(default_factory=list)
    key: str = Field(default="", description="Content key of the two sides (article hashes, quotes): stable.")
    review: Literal["accepted"] | None = Field(
        default=None, description="'accepted': an editor's decision (--decisions) confirmed it."
    )


class Position(Strict):
    """What one party said on one question, in time order."""

    party: str = Field(description="Canonical actor name, or 'narration' (the outlet's own voice).")
    actor_id: str | None = None
    points: list[ClaimRef]


class Question(Strict):
    """Claims from several sources or parties that answer the same question (grouped by meaning)."""

    id: str
    label: str = Field(description="A readable question or topic phrase (see label_source).")
    label_source: Literal["model", "claim_topic", "speakers"] = Field(
        description="'model': named by the LLM and checked against the quotes; 'claim_topic': the claims' topic "
        "label; 'speakers': neither could be had, so the label names who speaks."
    )
    claim_ids: list[str]
    articles: list[str]
    positions: list[Position]


class Timeline(Strict):
    """What one actor said on one question, in date order, and whether the position moved."""

    actor: str
    actor_id: str
    topic: str
    question_id: str | None = None
    points: list[ClaimRef]
    change: Literal["changed", "tone_only", "conditional", "unchanged", "unclassified"]
    evidence: list[str] = Field(default_factory=list, description="Why code classified the change so.")


class SourceStatus(Strict):
    """One input file and what happened to it."""

    file: str
    status: Literal["ok", "partial", "failed", "skipped"]
    reason: str | None = None
    title: str | None = None
    outlet: str | None = None
    publication_date: PublicationDate | None = None
    duplicate_of: str | None = None


class RunInfo(Strict):
    """Run metadata: kept out of the Markdown so two briefings of the same corpus diff cleanly."""

    model: str
    backend: str
    started: str
    seconds: float
    usage: Usage
    run_id: str = Field(
        default="",
        description="Written into every file of the run; briefing.json is written last, after the article files.",
    )
    failed_usage: Usage = Field(
        default_factory=Usage, description="What the attempts for failed articles cost (included in usage)."
    )


# --------------------------------------------------------------------------------------------
# An editor's decisions (`decisions.json`, exported by the review page; `brief --decisions`).
# Keyed by content, never by list position: an article by its SHA-256, a quote by its text.
# --------------------------------------------------------------------------------------------


class Evidence(Strict):
    """A verbatim quote in one article, identified by content."""

    file: str = Field(description="The article's file name when the decision was made (for people; not a key).")
    article_sha256: str = Field(description="SHA-256 of the article text: an edited article makes the decision stale.")
    quote: str = Field(description="The verbatim quote the decision is about.")


class RelationDecision(Strict):
    """Accept or reject the relation between two quotes."""

    kind: Literal["relation"] = "relation"
    verdict: Literal["accept", "reject"]
    relation: str = Field(description="The label the editor saw, e.g. 'contradiction'.")
    sides: list[Evidence] = Field(min_length=2, max_length=2)


class SpeakerDecision(Strict):
    """The speaker given for a claim is wrong; `speaker` is the right one, or null for unknown."""

    kind: Literal["speaker"] = "speaker"
    claim: Evidence
    was: str = Field(description="The speaker the editor saw.")
    speaker: str | None = Field(
        default=None, max_length=80, description="The right speaker, 'narration', or null: say 'unattributed'."
    )


class MergeDecision(Strict):
    """These names are one actor."""

    kind: Literal["merge"] = "merge"
    names: list[str] = Field(min_length=2, description="Names (any alias) of the actors to merge.")


class SplitDecision(Strict):
    """These aliases are a different actor from the one they were merged into."""

    kind: Literal["split"] = "split"
    actor: str = Field(description="The actor's name when the editor split it.")
    names: list[str] = Field(min_length=1, description="The aliases that belong to someone else.")


Decision = Annotated[RelationDecision | SpeakerDecision | MergeDecision | SplitDecision, Field(discriminator="kind")]


class Decisions(Strict):
    """What an editor decided on the review page (`decisions.json`)."""

    format: Literal["brief-decisions/v1"] = "brief-decisions/v1"
    decisions: list[Decision] = Field(default_factory=list)


class ReviewReport(Strict):
    """The editor's decisions of an earlier review (`--decisions`) and what became of each."""

    file: str = Field(description="The decisions file that was read.")
    applied: list[str] = Field(default_factory=list, description="Decisions applied, in words.")
    stale: list[str] = Field(
        default_factory=list, description="Decisions not applied because their evidence changed, and why."
    )
    unused: list[str] = Field(
        default_factory=list, description="Decisions about a relation this run did not propose (nothing to apply)."
    )
    rejected_relations: list[Relation] = Field(
        default_factory=list, description="Relations an editor rejected: kept out of the briefing, listed here."
    )
    decisions: list[Decision] = Field(
        default_factory=list, description="The decisions as read (the review page starts from them)."
    )


class Briefing(Strict):
    """The whole briefing for a corpus."""

    schema_version: str = SCHEMA_VERSION
    sources: list[SourceStatus]
    actors: list[Actor] = Field(description="Actors merged across articles, with every alias seen.")
    actor_sources: dict[str, list[str]] = Field(
        default_factory=dict, description="Corpus actor id → files it appears in."
    )
    speaker_ids: dict[str, str] = Field(default_factory=dict, description="Claim id → corpus actor id of its speaker.")
    questions: list[Question] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    timelines: list[Timeline] = Field(default_factory=list)
    articles: list[ArticleExtraction]
    reconcile_usage: Usage = Field(default_factory=Usage)
    reconcile_warnings: list[str] = Field(
        default_factory=list, description="Candidate pairs whose relation could not be judged, and why."
    )
    syndicated: list[list[str]] = Field(
        default_factory=list, description="Files that carry the same copy (counted as one source)."
    )
    run: RunInfo | None = None
    review: ReviewReport | None = Field(default=None, description="What --decisions did to this run.")


OUTPUT_MODELS: tuple[type[BaseModel], ...] = (
    ArticleExtraction,
    Briefing,
    Decisions,
    QuestionLabel,
    WindowExtraction,
    YesNo,
)


def json_schemas() -> dict[str, str]:
    """File name → JSON Schema text, for every output model (what `brief schema` writes)."""
    import json

    return {
        f"{m.__name__}.schema.json": json.dumps(m.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
        for m in OUTPUT_MODELS
    }
