"""From the model's pointers to verified output: actors, claims and preconditions grounded in code.

Every quote is cut from the article by span; every pointer is checked against the model's own
paraphrase; every speaker against the text's attribution; every model-written role or relay
against the article's words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import actors as names
from .attribution import (
    attribute,
    group_source,
    named_speakers,
    relay,
    rules,
    strip_leading,
    supported,
    title_case,
)
from .attribution.disputes import disputes
from .attribution.polls import data_source, data_source_name, mention_before
from .corpus import TITLE_ABBREVIATIONS, Article, Sentence
from .schemas import Actor, Claim, Precondition, Span, WindowClaim, WindowPrecondition


def build_actors(article: Article, mentions: list[tuple[str, str, str | None]]) -> list[Actor]:
    """Merge the spellings of one article; keep only names that occur in the story itself, outside
    Title Case lines ("Ted Cruz Refuses to Disavow Lindsey Graham Endorsement." makes no "Disavow
    Lindsey Graham")."""
    story = names.fold(" ".join(s.text for s in article.sentences if not title_case(s.text)))
    typed = {names.fold(n): t for n, t, _ in mentions if t not in ("person", "other")}
    mentions = [(n, typed.get(names.fold(n), t), r) for n, t, r in mentions]  # a speaker keeps its listed type
    mentions += [(n, t, None) for n, t in named_speakers(article)]  # "Trump has indicated" → Donald Trump
    mentions = [(strip_leading(n), t, r) for n, t, r in mentions]  # "If Hillary" → "Hillary"
    # A person is one human: "European leaders", "NATO countries" typed person are groups, "Ukraine" a country.
    mentions = [(n, "group" if t == "person" and _PLURAL_GROUP.search(n) else t, r) for n, t, r in mentions]
    mentions = [(n, "country" if t == "person" and names.fold(n) in names.COUNTRIES else t, r) for n, t, r in mentions]
    grounded = [
        (n, t, r)
        for n, t, r in mentions
        if names.is_clean_name(n)
        and names.fold(n) in story
        and names.fold(n) not in names.PRONOUNS  # never "She"
        and names.fold(n) not in rules.LEADING  # never "When" ("When asked about …, Peskov said")
        and not _common_word(n, article.text)  # never "Files" ("Files posted by the group …")
    ]
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


def _common_word(name: str, text: str) -> bool:
    """A one-word "name" the text also writes in lower case and capitalises only to open a sentence:
    "Files posted by the group …" beside "2,000 files", "Patients were told …" beside "patients"."""
    word = name.strip()
    if (
        " " in word
        or not word[:1].isupper()
        or not re.search(rf"(?<![\w’'-]){re.escape(word.lower())}(?![\w’'-])", text)
    ):
        return False
    mid = rf"(?<=[a-z,;:] ){re.escape(word)}(?![\w’'-])"  # capitalised inside a sentence: a name ("said Brown")
    return not re.search(mid, text)


_PLURAL_GROUP = re.compile(
    r"\b(?:leaders|officials|countries|allies|nations|states|members|forces|troops|lawmakers|ministers|"
    r"fans|voters|residents|workers|analysts|experts|governments|delegations|parties|companies|investors)$",
    re.I,
)
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


_WHOLE_QUOTE = re.compile(r"^\s*[“\"][^“”\"]{12,}[”\"]\W*$")


def _quote_goes_on(article: Article, before: Sentence, s: Sentence, actors: list[Actor]) -> Actor | None:
    """The speaker of a sentence that is one quotation and nothing else, right after a quotation the
    text attributes in the same paragraph ('“We have every sympathy for her,” she said. “But an athlete
    remains responsible.”'); None otherwise."""
    if not _WHOLE_QUOTE.match(s.text) or "\n" in article.text[before.end : s.start]:
        return None
    if "“" not in before.text and '"' not in before.text:
        return None  # the sentence before quotes no one: nothing goes on
    actor, how = attribute(article, [before], actors)
    return actor if how not in ("", "stance") else None


def contiguous(sents: list[Sentence], text: str) -> list[Sentence]:
    """The first run of sentences with nothing but whitespace between them: a quote never spans
    withheld text (clutter, a payload addressed to a model) that lies between two cited sentences."""
    run = sents[:1]
    for s in sents[1:]:
        if text[run[-1].end : s.start].strip():
            break
        run.append(s)
    return run


def build_claims(article: Article, raw: list[WindowClaim], actors: list[Actor]) -> tuple[list[Claim], list[str]]:
    """Cut quotes by code, verify pointers and speakers, merge duplicates, add explicitly attributed
    sentences the model skipped. Returns the claims and what was dropped (a quote that is only a name)."""
    by_id = {s.id: s for s in article.sentences}
    story = names.fold(" ".join(s.text for s in article.sentences))
    drafts: dict[tuple[int, ...], tuple[WindowClaim, list[str]]] = {}
    for c in raw:
        ids, checks = repoint(sorted(set(c.sentence_ids)), c.statement, by_id)
        key = tuple(ids)
        if key in drafts or any(set(key) <= set(k) for k in drafts):
            continue  # the same sentence(s) cited twice: one claim
        drafts[key] = (c, checks)
    for key in [k for k in drafts if len(k) > 1]:
        runs = speaker_runs(article, [by_id[i] for i in key], actors)
        if len(runs) > 1:  # one claim, one speaker: the text gives its sentences to different people
            c, checks = drafts.pop(key)
            for run in runs:
                if tuple(run) in drafts:
                    continue
                part = c.model_copy(update={"sentence_ids": run, "statement": " ".join(by_id[i].text for i in run)})
                drafts[tuple(run)] = (
                    part,
                    [
                        *checks,
                        "split_by_speaker: the text gives the model's claim to several speakers; statement is the text",
                    ],
                )
    covered = {i for k in drafts for i in k}
    for n, s in enumerate(article.sentences):
        if s.id in covered:
            continue
        # A statement the text attributes; not a stance ("Ryan endorsed Trump"), which may be an event, nor
        # the attribution alone ("Iowa State's Dianne Bystrom agreed."): what she said follows.
        if attribute(article, [s], actors)[1] not in ("", "stance") and not _SAYS_NOTHING.search(s.text):
            why = "attributed in the text"
        elif n and _quote_goes_on(article, article.sentences[n - 1], s, actors):
            why = "continues the quotation of the sentence before"  # its speaker: below
        elif disputes(s.text):  # "…, which Unite has accepted and Acme Steel has rejected": the outlet's report
            why = "reports two parties' opposed positions"
        elif group_source(s.text):  # "The city hospital said five people were treated", "Senior officials said"
            why = "given to a group or an institution in the text"
        else:
            continue
        rule = WindowClaim.model_construct(
            sentence_ids=[s.id],
            speaker="narration",
            reported_by=None,
            stance="asserts",
            statement=s.text,
            topic="unlabelled",
        )
        drafts[(s.id,)] = (rule, [f"found_by_rule: {why}, skipped by the model; statement is the sentence itself"])
    claims: list[Claim] = []
    dropped: list[str] = []
    for key in sorted(drafts):
        c, checks = drafts[key]
        sents = contiguous([by_id[i] for i in key], article.text)
        if len(sents) < len(key):
            checks = [*checks, "quote_cut_at_withheld_text"]
            key = tuple(s.id for s in sents)
        speaker = resolve_speaker(article, sents, c.speaker, actors)
        # A quotation is never the outlet's voice: '“…,” she said. “But an athlete remains …”' is hers.
        if (
            len(key) == 1
            and speaker.name == "narration"
            and key[0] - 1 in by_id
            and (who := _quote_goes_on(article, by_id[key[0] - 1], sents[0], actors))
        ):
            speaker = Speaker(who, who.name, [*speaker.checks, "speaker_from_text:the quotation goes on"])
        speaker_actor, speaker_name, speaker_checks = speaker
        start, end = sents[0].start, sents[-1].end
        if _only_a_name(article.text[start:end], speaker_actor, c.speaker):
            dropped.append(
                f"claim on sentence {key[0]} dropped: its quote is a name, not a statement "
                f"({article.text[start:end][:40]!r})"
            )
            continue
        claim = Claim(
            id=f"{article.key}#c{len(claims) + 1}",
            article=article.file,
            speaker=speaker_name,
            speaker_actor_id=speaker_actor.id if speaker_actor else None,
            reported_by=relay(article.text[start:end])
            or (c.reported_by if c.reported_by and names.fold(c.reported_by) in story else None),
            stance=c.stance,
            statement=c.statement,
            topic=c.topic.strip().lower(),
            quote=article.text[start:end],
            span=Span(start=start, end=end),
            sentence_ids=list(key),
            checks=checks + speaker_checks,
        )
        claims.append(claim)
    return claims, dropped


_WORD = re.compile(r"[^\W_][\w'’\-]*")
# The attribution alone: a few words (a name, a title) and the reporting verb, the sentence ends there.
_SAYS_NOTHING = re.compile(rf"^\W*(?:[\w'’.\-]+\s+){{1,6}}?{rules.VERBS}\s*[.:]?\s*$")
# What a list entry adds to a name: a title ("Rep.", "Gov.", "Dr.") and a party-state tag ("R-Tenn.", "D-Va.").
_NAME_TRIMMINGS = re.compile(
    "(?:" + "|".join(t.lower() for t in [*TITLE_ABBREVIATIONS, "Dr", "Mr", "Mrs", "Ms", "Prof"]) + r"|[rdi]-\w+)"
)


def _only_a_name(quote: str, actor: Actor | None, said: str) -> bool:
    """A list entry or a name line ("Rep. Marsha Blackburn, R-Tenn.;", "Rep.") is no statement: fewer
    than two words besides the speaker's own name, its title and its party-state tag."""
    own = {w for n in ([actor.name, *actor.aliases] if actor else []) + [said] for w in names.fold(n).split()}
    words = [names.fold(w) for w in _WORD.findall(quote)]
    return len([w for w in words if w not in own and not _NAME_TRIMMINGS.fullmatch(w)]) < 2


def speaker_runs(article: Article, sents: list[Sentence], actors: list[Actor]) -> list[list[int]]:
    """The sentence ids cut where the text names a different speaker (an actor, or an unnamed group in
    the text's words: "…, the federation said."); a sentence the text gives to nobody stays with the
    one before it, and with the one after it unless that one names its speaker anew: "Shares closed 9
    percent lower. Analysts at Fenwick estimated …" are two; "“We walked away. The deal is dead,” Ruiz
    said." and "It has been doing so for years. She further noted …" are one."""
    runs: list[list[Sentence]] = []
    current: str | None = None
    people = {a.id for a in actors if a.type == "person"}
    for s in sents:
        actor, how = attribute(article, [s], actors)
        key = actor.id if actor else (f"group:{group}" if (group := group_source(s.text)) else None)
        if key is None and _IT_SAYS.match(s.text):
            key = "it"  # "It said it had stolen …": a body speaks, whichever; no person's sentence
        named = how == "explicit" and not rules.PRONOUN.search(s.text)  # "She further noted …" goes on
        if runs and current is None and named and not rules.OPENS_QUOTE.match(runs[-1][0].text):
            runs.append([s])
            current = key
        elif runs and (key is None or current is None or key == current or _it_and_a_body(key, current, people)):
            runs[-1].append(s)
            current = current or key
        else:
            runs.append([s])
            current = key
    return [[s.id for s in run] for run in runs]


_IT_SAYS = re.compile(rf"^\W*(?:But |And )?It\b{rules.AUX}\s+{rules.VERBS}\b")


def _it_and_a_body(key: str, current: str, people: set[str]) -> bool:
    """ "It said …" goes on with the body before or after it, never with a person."""
    return "it" in (key, current) and ({key, current} - {"it"}).isdisjoint(people)


class Speaker(NamedTuple):
    actor: Actor | None
    name: str  # the actor's name, an unnamed group in the text's words, or "narration"
    checks: list[str]


def resolve_speaker(article: Article, sents: list[Sentence], said: str, actors: list[Actor]) -> Speaker:
    """The claim's speaker: the text's own attribution wins (a named actor, else an unnamed group
    such as "senior officials"); the model's is kept only if grounded."""
    model_actor = None if said.lower() == "narration" else names.find_actor(said, actors)
    text_actor, how = attribute(article, sents, actors)
    if text_actor is not None:
        if model_actor is not None and model_actor.id == text_actor.id:
            return Speaker(text_actor, text_actor.name, [f"speaker_confirmed_by_text:{how}"])
        return Speaker(text_actor, text_actor.name, [f"speaker_from_text:{how} (model said {said!r})"])
    text = " ".join(s.text for s in sents)
    if group := group_source(text):  # not an actor: "officials" in two stories are not one party
        return Speaker(None, group, [f"speaker_group_from_text (model said {said!r})"])
    if model_actor is None and (named := _named_before_verb(said, text)):
        # "SEIU chief says Trump can win": the text itself names the model's speaker as the one speaking.
        return Speaker(None, named, [f"speaker_named_in_text (model said {said!r})"])
    if model_actor is None:
        checks = [] if said.lower() == "narration" else [f"speaker_unresolved (model said {said!r})"]
        return Speaker(None, "narration", checks)
    if model_actor.type == "person" and (m := data_source(text)) and not mention_before(model_actor, text, m):
        # "A new national poll finds only half of voters trust Smith": the poll says it, not Smith; in the
        # text's words ("a new CNN/ORC poll"), as an unnamed group is, never an actor.
        if poll := data_source_name(text):
            return Speaker(None, poll, [f"speaker_is_a_poll_or_study (model said {said!r})"])
        return Speaker(None, "narration", [f"speaker_is_a_poll_or_study (model said {said!r}): narration"])
    if any(not d.attributed_a for d in disputes(text)):
        # "While the White House is optimistic, Moscow insists …": the outlet reports both parties.
        return Speaker(None, "narration", [f"speaker_is_the_outlet_reporting_a_dispute (model said {said!r})"])
    if supported(article, sents, model_actor, actors=actors):
        return Speaker(model_actor, model_actor.name, ["speaker_from_model"])
    return Speaker(None, "narration", [f"speaker_unsupported_by_text (model said {said!r}): narration"])


def _named_before_verb(said: str, text: str) -> str | None:
    """The model's speaker as the text spells it, where the text has it speak ("<said> says …",
    "<said>, her aide, said …"); None for a pronoun, narration, or a name the text does not use so."""
    said = said.strip()
    if len(said) < 3 or names.fold(said) == "narration" or names.fold(said) in names.PRONOUNS:
        return None
    m = re.search(rf"(?<![\w’']){re.escape(said)}{rules.ASIDE}{rules.AUX}\s+{rules.VERBS}\b", text, re.I)
    return m.group(0)[: len(said)] if m else None


def build_preconditions(
    article: Article, raw: list[WindowPrecondition], actors: list[Actor]
) -> tuple[list[Precondition], list[str]]:
    """Preconditions whose holder is an actor of this article (its name, never the model's words);
    the others are dropped and returned as warnings."""
    by_id = {s.id: s for s in article.sentences}
    out: list[Precondition] = []
    dropped: list[str] = []
    seen: set[tuple[int, str]] = set()
    for p in raw:
        s = by_id[p.sentence_id]
        holder = names.find_actor(p.holder, actors) if names.is_clean_name(p.holder) else None
        if holder is None:
            dropped.append(f"precondition on sentence {s.id} dropped: its holder is not an actor of this article")
            continue
        if not _words(p.demand) & _words(s.text):  # "no X before Y": the model echoed a template
            dropped.append(f"precondition on sentence {s.id} dropped: its demand shares no word with the sentence")
            continue
        key = (s.id, holder.id)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Precondition(
                holder=holder.name,
                demand=p.demand,
                before=p.before,
                quote=s.text,
                span=Span(start=s.start, end=s.end),
            )
        )
    return out, dropped


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]{4,}", names.fold(text))}
