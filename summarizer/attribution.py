"""Who said it — checked in code against the text, not taken from the model on trust.

News prose marks attribution in a few regular ways, and each is checked here, in this order:
1. explicit: "Peskov said", "Zelensky, on the other hand, has emphasized", "said Cruz constituent
   Dan Golvach", "according to Tokayev" in the claim's sentences — a name inside what another
   speaker is reported to have said ("Polyansky said that Moscow had requested …") is content;
2. pronoun: "he noted", "…,” she said" → the person named last before it;
3. subject: "Ryan endorsed Trump in June, telling reporters …"; a subject taking a stance without
   reporting speech ("Sanders also takes aim at …", "Lind did not respond to …") is kept apart as
   "stance" (never enough on its own to add a claim the model skipped);
4. quote context: a sentence inside a quotation opened earlier in the paragraph belongs to that
   paragraph's speaker ("Peskov stated, "A… B… C."");
5. first person: "We now have to …" in a paragraph that ends "…, Rubio said." is Rubio's;
6. intro line: a paragraph that follows "X … offered an assessment:" is X's.
An unnamed group the text gives the statement to ("Senior officials said") is named in the text's
own words (`group_source`), never made an actor. When nothing applies, the model's speaker is kept
only if that actor is named in or just before the claim; otherwise the claim is the outlet's own
voice (narration), and a check records why.
"""

from __future__ import annotations

import re

from . import actors as names
from .corpus import Article, Block, Sentence
from .schemas import Actor

VERBS = (
    r"(?:said|says|stated|states|noted|notes|announced|announces|added|adds|told|warned|argued|argues|"
    r"remarked|explained|affirmed|confirmed|insisted|indicated|emphasized|emphasised|underscored|"
    r"declared|suggested|claimed|stressed|wrote|writes|explains|reiterated|concluded|believes|thinks|"
    r"highlighted|described|criticized|criticised|pointed out|pointed to|raised (?:doubts|concerns|questions)|"
    r"doubts|ruled out|talks about|talked about|spoke of|speaks of|"
    r"rejected|dismissed|called|accused|urged|proposed|requested|offered|expressed|signaled|signalled|"
    r"reported|denied|acknowledged|admitted|promised|vowed|demanded|replied|responded|shot back|"
    r"countered|retorted|quipped|recalled|continued|tweeted|posted|testified|conceded|predicted|asked|"
    r"made clear|makes clear|spoke about|speaks about)"
)
_AUX = r"(?:\s+(?:has|have|had|also|further|repeatedly|again|later|earlier|previously|recently|\w+ly))*"
# A name: up to four capitalised words, joined by "of"/"for" as institutions are ("Bank of England").
_NAME = r"(?P<name>(?:[A-Z][\w'’.\-]+\s(?:(?:of|for)\s(?:the\s)?)?){0,3}[A-Z][\w'’\-]+)"
# A short aside between a name and its verb: "Zelensky, on the other hand, has emphasized",
# "Venn, the club's coach, said" (no quotation or clause punctuation inside it).
_ASIDE = r"(?:,\s+[^,;:“”\"()]{2,60}?,)?"
# Words that describe a speaker named after the verb ("said Cruz constituent Dan Golvach", "said the
# club's coach Mara Venn"), and where such a name ends (punctuation, or a clause: "… when asked").
_DESCRIBED = r"(?:(?!that\b|this\b|it\b|he\b|she\b|they\b|we\b|I\b)[A-Za-z][\w'’\-]*\s+){0,3}?"
_NAME_ENDS = r"(?=[,.;:!?]|\s+(?:when|as|in|on|at|after|during|before|who|while|of)\b|$)"
_EXPLICIT = [
    # "Peskov said", "Rubio also underscored", "Trump has indicated", "Zelensky, for his part, noted"
    re.compile(rf"{_NAME}{_ASIDE},?{_AUX}\s+{VERBS}\b"),
    # "…, said Peskov.", "…, said Cruz constituent Dan Golvach when asked …"
    re.compile(rf"\b(?:said|says|added|noted|stated|wrote|remarked|explained|asked)\s+{_DESCRIBED}{_NAME}{_NAME_ENDS}"),
    re.compile(rf"\b[Aa]ccording to (?:the\s+)?{_NAME}"),
    # "The Ukrainian president reiterated", "the Russian foreign minister criticized"
    re.compile(
        rf"(?P<name>\b[Tt]he (?:[A-Z][\w'’\-]+ ){{0,3}}(?:[a-z]+ )?(?:president|spokes(?:man|woman|person)|"
        rf"minister|leader|aide|chancellor|secretary|envoy|ambassador|premier|ministry|government|department|"
        rf"agency|police|army|military|embassy|court|commission|committee|council|union|company|club|league|board))"
        rf"(?:\s+also|\s+further)?\s+{VERBS}\b"
    ),
]
# The name that opens or closes a quotation: 'Ruiz shot back, “…”', '“…,” Ruiz said', '“…,” said Ruiz'.
_QUOTING = [
    re.compile(rf"{_NAME},?{_AUX}\s+{VERBS},?\s*[“\"]"),
    re.compile(rf"[,.?!][”\"]\s+{_NAME}{_AUX}\s+{VERBS}\b"),
    re.compile(rf"[,.?!][”\"]\s+{VERBS}\s+{_DESCRIBED}{_NAME}{_NAME_ENDS}"),
]
# Sentence-initial "He noted …" / "She further argued …", or a trailing "…,” he said."
_PRONOUN = re.compile(
    rf"^\W*(?:But |And |Yet )?(?:[Hh]e|[Ss]he)\b(?:\s+\w+ly|\s+also|\s+further|\s+has|\s+had)*\s+{VERBS}\b"
    rf"|[,.?!][\"”’]?\s+(?:he|she)\s+{VERBS}\b"
)
_FIRST_PERSON = re.compile(r"\b(I|I'm|I’m|we|We|our|Our|my|My|us)\b")
_INTRO = re.compile(rf"\b{VERBS}|assessment|remarks?|comments?|statement|wrote|argues", re.I)


def explicit_speaker(text: str, actors: list[Actor]) -> Actor | None:
    """The one actor the text attributes itself to by name ('X said', 'according to X'), if unique.
    A name that introduces or closes a quotation ('Hillary shot back, “…”', '“…,” said Ruiz') wins
    over other names with reporting verbs ('After Jerry Brown criticized Bill Clinton, Hillary …')."""
    if "“" in text or '"' in text:
        quoting = _names(text, _QUOTING, actors)
        if len(quoting) == 1:
            return next(iter(quoting.values()))
    found = _names(text, _EXPLICIT, actors, outermost=True)
    return next(iter(found.values())) if len(found) == 1 else None


# What opens the reported content after a reporting verb: "said that …", "said on Monday that …",
# "said: …", "said, “…".
_CONTENT = re.compile(r"\s*,?\s*(?:(?:(?!and\b|but\b|or\b)[\w’'\-]+\s+){0,5}?that\b|:|[“\"])")


def _names(text: str, rules: list[re.Pattern[str]], actors: list[Actor], outermost: bool = False) -> dict[str, Actor]:
    """The actors the rules find named as speakers. With `outermost`, a name inside what another
    speaker is reported to have said ("Polyansky said that Moscow had requested …") is content, not
    a second speaker."""
    hits: list[tuple[int, int, Actor]] = []
    for rule in rules:
        for m in rule.finditer(text):
            words = m.group("name").split()
            # "Meanwhile, Andriy Hnatov" / "Earlier, Zelensky": try the name and its shorter tails.
            for i in range(len(words)):
                actor = names.find_actor(" ".join(words[i:]), actors)
                if actor is None and i == 0 and words[0].lower() == "the":  # "the ministry said": the one ministry
                    actor = names.find_by_title(m.group("name"), actors)
                if actor:
                    hits.append((m.start("name"), m.end(), actor))
                    break
    if outermost and hits:
        hits.sort(key=lambda h: h[0])
        first = hits[0]
        if _CONTENT.match(text, first[1]):
            hits = [h for h in hits if h[0] < first[1]]
    return {actor.id: actor for _, _, actor in hits}


_ORG_WORDS = {
    "administration",
    "government",
    "ministry",
    "council",
    "committee",
    "agency",
    "office",
    "house",
    "times",
    "post",
    "news",
    "party",
    "side",
    "union",
    "forces",
    "army",
    "department",
    "bank",
    "group",
    "nations",
    "kremlin",
    "parliament",
    "court",
    "commission",
    "fund",
    "foundation",
    "institute",
    "center",
    "centre",
    "university",
    "association",
    "company",
    "corporation",
    "network",
    "press",
    "service",
    "organization",
    "organisation",
    "federation",
    "league",
    "club",
    "board",
    "authority",
    "police",
    "command",
    "bureau",
    "coalition",
    "alliance",
}


def named_speakers(article: Article) -> list[tuple[str, str]]:
    """(name, type) of every multi-word name the story attributes statements to ("Donald Trump" from
    "Trump has indicated", expanded to its fullest capitalised form in the text)."""
    found: dict[str, str] = {}
    # Names are spelled out from the story only: a Title Case headline ("Cruz Refuses to Disavow
    # Lindsey Graham Endorsement") would make "Disavow Lindsey Graham" of Graham.
    story = "\n".join(s.text for s in article.sentences)
    for s in article.sentences:
        for rule in _EXPLICIT[:3]:
            for m in rule.finditer(s.text):
                bare = strip_leading(m.group("name"))  # "If Hillary said" is Hillary
                name = _fullest_form(bare, story) if bare else ""
                if not name or names.is_title_only(name) or names.fold(name) in _NOT_NAMES:
                    continue
                words = names.fold(name).split()
                cut = max((i for i, w in enumerate(words) if w in _ORG_WORDS), default=-1)
                if 0 <= cut < len(words) - 2:  # "… to the United Nations Dmitry Polyansky" → the person
                    name = " ".join(name.split()[-(len(words) - cut - 1) :])
                    words = words[cut + 1 :]
                # One bare word ("Moscow", "Trump") has no known kind until the model or another
                # article types it.
                kind = "other" if len(words) == 1 else "organization" if set(words) & _ORG_WORDS else "person"
                found.setdefault(names.display_name(name) if kind == "person" else name, kind)
    return sorted(found.items())


# Capitalised at the start of a sentence, never part of a name.
_LEADING = frozenset(
    [
        "if",
        "when",
        "but",
        "and",
        "as",
        "after",
        "before",
        "while",
        "although",
        "though",
        "so",
        "then",
        "now",
        "yet",
        "still",
        "also",
        "meanwhile",
        "earlier",
        "later",
        "however",
        "indeed",
        "instead",
        "here",
        "there",
        "today",
        "tonight",
        "yesterday",
        "on",
        "in",
        "at",
        "for",
        "with",
        "by",
        "from",
        "since",
        "until",
        "because",
        "once",
        "unless",
        "where",
        "what",
        "why",
        "how",
        "that",
        "this",
        "these",
        "those",
        "his",
        "her",
        "their",
        "our",
        "my",
        "its",
    ]
)


def strip_leading(name: str) -> str:
    """A name without the capitalised sentence-opening words before it ("If Hillary" → "Hillary")."""
    words = name.split()
    while len(words) > 1 and names.fold(words[0]) in _LEADING:
        words = words[1:]
    return " ".join(words)


_NOT_NAMES = {
    "the",
    "this",
    "that",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "but",
    "and",
    "meanwhile",
    "earlier",
    "later",
    "previously",
    "incidentally",
    "however",
    "obviously",
    "officials",
    "analysts",
    "experts",
    "sources",
    "critics",
    "observers",
    "both",
    "some",
    "many",
    "others",
}


def _fullest_form(name: str, text: str) -> str:
    """'Trump' → 'Donald Trump' when the text spells it out somewhere; else the name as given."""
    words = name.split()
    if len(words) > 1:
        return name
    longer = [
        n
        for n in re.findall(rf"((?:[A-Z][\w'’\-]+ ){{1,3}}{re.escape(words[0])})\b", text)
        if len(names.core_tokens(n)) >= 2
    ]
    return max(longer, key=lambda n: len(names.core_tokens(n)), default=name)


def mention_positions(actor: Actor, text: str) -> list[int]:
    """Where the actor is named in text (any alias, or a person's surname)."""
    forms = {a for a in [actor.name, *actor.aliases] if len(a) >= 3}
    if actor.type == "person":
        forms |= {a.split()[-1] for a in forms}
    elif actor.type == "other":  # kind unknown ("Ted Cruz" typed other): a person-shaped name's surname counts
        forms |= {
            a.split()[-1]
            for a in forms
            if len(a.split()) >= 2
            and all(w[:1].isupper() for w in a.split())
            and names.fold(a.split()[-1]) not in _ORG_WORDS
        }
    return [m.start() for f in forms for m in re.finditer(rf"\b{re.escape(f)}\b", text)]


def antecedent(article: Article, pos: int, actors: list[Actor], lookback: int = 3) -> Actor | None:
    """Who 'he'/'she' at `pos` refers to: the nearest earlier sentence's named speaker, else the
    subject (first-named person) of the sentence just before."""
    before = [s for s in article.sentences if s.end <= pos][-lookback:]
    for s in reversed(before):
        actor = explicit_speaker(s.text, actors)
        if actor is not None and actor.type == "person":
            return actor
    for s in reversed(before):
        first: tuple[int, Actor] | None = None
        for a in actors:
            hits = mention_positions(a, s.text) if a.type == "person" else []
            if hits and (first is None or min(hits) < first[0]):
                first = (min(hits), a)
        if first:
            return first[1]
    return None


def _block_of(article: Article, s: Sentence) -> tuple[int, Block]:
    for i, b in enumerate(article.blocks):
        if b.start <= s.start < b.end or (b.start <= s.start and s.end <= b.end):
            return i, b
    raise ValueError("sentence outside every block")


def _inside_quote(prefix: str) -> bool:
    opened = prefix.count("“") - prefix.count("”")
    return opened > 0 or prefix.count('"') % 2 == 1


def _speaker_of(article: Article, text: str, pos: int, actors: list[Actor]) -> tuple[Actor | None, str]:
    actor = explicit_speaker(text, actors)
    if actor:
        return actor, "explicit"
    if _PRONOUN.search(text):
        actor = antecedent(article, pos, actors)
        if actor:
            return actor, "pronoun"
    if _PARTICIPLE.search(text) and (actor := _subject(text, actors)):
        return actor, "subject"  # "Ryan endorsed Trump in June, telling reporters …" is Ryan's
    if actor := _stance_subject(text, actors):
        return actor, "stance"  # "Ryan endorsed Trump in June": Ryan's position
    return None, ""


# A sentence that opens with its subject taking a stance: "Ryan endorsed Trump", "Sanders also takes
# aim at …", "Lind has refused to …" (the verbs that state a position without reporting speech).
_STANCE = re.compile(
    r"^\W*(?:(?:But|And|Yet|Still|Meanwhile|Instead),?\s+|[A-Z][^,;:“”\"]{1,30},\s+)?"  # "In Philadelphia, …"
    r"(?:[A-Z][\w'’.\-]+\s+(?:[a-z]+\s+){1,2}(?=[A-Z]))?"  # "Sanders campaign spokesman Michael Briggs"
    r"(?P<name>(?:[A-Z][\w'’.\-]+\s){0,3}[A-Z][\w'’\-]+)" + _ASIDE + r","
    r"?(?:\s+(?:has|have|had|also|again|now|still|even|\w+ly|is|was|has been|had been|will|would|did not|"
    r"didn[’']t|does not|doesn[’']t))*\s+"
    r"(?:declined?|(?<=not |n’t |n't )respond(?:ed)?|endorse[sd]?|refuse[sd]?|blast(?:s|ed)|rip(?:s|ped)|"
    r"praise[sd]?|slam(?:s|med)|attack(?:s|ed)|back(?:s|ed)|"
    r"supports?|supported|oppose[sd]?|wants?|wanted|hopes?|hoped|fears?|feared|agree[sd]?|welcome[sd]?|"
    r"condemn(?:s|ed)|defend(?:s|ed)|question(?:s|ed)|dispute[sd]?|pledge[sd]?|plans?|planned|intends?|intended|"
    r"maintains?|maintained|takes? aim|took aim|threaten(?:s|ed)|challenge[sd]?|refute[sd]?|rebuff(?:s|ed)|"
    r"lash(?:es|ed) out|hit back|hits back|spoke out|speaks out|is (?:worried|concerned|confident|convinced)|"
    r"was (?:worried|concerned|confident|convinced)|remains (?:confident|convinced|worried|opposed|open))\b"
)


# "…, telling reporters …", "…, saying …": the sentence's subject says it.
_PARTICIPLE = re.compile(r",\s+(?:saying|telling|adding|noting|arguing|insisting|warning|claiming|explaining)\b")


def _subject(text: str, actors: list[Actor]) -> Actor | None:
    """The actor the sentence opens with — its name (after at most two title words) followed by a
    lowercase word, so "Ryan endorsed …" is Ryan but "The Trump administration's deadline …" is nobody."""
    m = _OPENING.match(text)
    if m is None or m.group("name").startswith("The ") or names.fold(m.group("next")) in _ORG_WORDS:
        return None
    hits = [a for a in actors if mention_positions(a, m.group("name"))]
    return hits[0] if len(hits) == 1 else None


def _stance_subject(text: str, actors: list[Actor]) -> Actor | None:
    m = _STANCE.match(text)
    if m is None or m.group("name").startswith("The "):
        return None
    hits = [a for a in actors if mention_positions(a, m.group("name"))]
    return hits[0] if len(hits) == 1 else None


_OPENING = re.compile(r"^\W*(?P<name>(?:[A-Z][\w'’.\-]+\s){0,3}[A-Z][\w\-]+)\s+(?P<next>[a-z]+)")


def attribute(article: Article, sentences: list[Sentence], actors: list[Actor]) -> tuple[Actor | None, str]:
    """(speaker, how) from the text alone; (None, '') when the text does not say."""
    first = sentences[0]
    text = " ".join(s.text for s in sentences)
    actor, how = _speaker_of(article, text, first.start, actors)
    if actor:
        return actor, how
    i, block = _block_of(article, first)
    para = article.text[block.start : block.end]
    if _inside_quote(article.text[block.start : first.start]) or _inside_quote(text):
        actor, how = _speaker_of(article, para, block.start, actors)
        if actor:
            return actor, "quote_context"
    if _FIRST_PERSON.search(text):  # an unmarked quote: "We now have to … , Rubio said."
        actor, how = _speaker_of(article, para, block.start, actors)
        if actor:
            return actor, "paragraph_speaker"
    prev = next((b for b in reversed(article.blocks[:i]) if b.kind in ("prose", "heading")), None)
    if prev is not None and prev.kind == "prose":
        intro = article.text[prev.start : prev.end]
        if intro.rstrip().endswith(":") and _INTRO.search(intro):
            actor, _ = _speaker_of(article, intro, prev.start, actors)
            people = [a for a in actors if a.type == "person" and mention_positions(a, intro)]
            actor = actor or (people[0] if len(people) == 1 else None)
            if actor:
                return actor, "intro_line"
    return None, ""


def supported(article: Article, sentences: list[Sentence], actor: Actor, before: int = 1) -> bool:
    """Is the actor named in the claim's sentences or in the `before` sentences just before them?"""
    ids = {s.id for s in sentences}
    lo = min(ids) - before
    text = " ".join(s.text for s in article.sentences if lo <= s.id <= max(ids))
    return bool(mention_positions(actor, text))


# An unnamed group the text gives a statement to: "Senior officials said", "officials with the
# Democratic Congressional Campaign Committee made clear", "Top committee leaders told reporters".
_GROUP_NOUN = (
    r"(?:officials|leaders|lawmakers|legislators|aides|advisers|advisors|spokespeople|sources|analysts|experts|"
    r"economists|diplomats|investigators|prosecutors|executives|staffers|strategists|critics|observers|"
    r"people familiar with the \w+|a person familiar with the \w+)"
)
_MODIFIER = (
    r"(?:(?:[Ss]ome|[Mm]any|[Ss]everal|[Tt]wo|[Tt]hree|[Ss]enior|[Tt]op|[Kk]ey|[Ff]ormer|[Ll]ocal|[Ff]ederal|"
    r"[Ss]tate|[Oo]ther|[A-Z][\w'’.\-]+)\s+)"
)
_GROUP = re.compile(
    rf"(?<![\w’'])(?P<group>{_MODIFIER}{{0,4}}(?:[a-z]+\s+)?{_GROUP_NOUN}"
    rf"(?:\s+(?:with|at|from|of|in|for|close to)\s+(?:the\s+)?(?:[A-Z][\w'’.\-]*\s?){{1,6}})?)"
    rf"{_ASIDE},?{_AUX}\s+{VERBS}\b"
)
_NOT_MODIFIERS = frozenset(
    ["the", "which", "whom", "that", "who", "and", "but", "or", "as", "when", "while", "if", "to", "of"]
)
_SUBORDINATE = frozenset(["which", "whom", "who", "that", "as", "if", "when", "while", "because", "after", "before"])


def group_source(text: str) -> str | None:
    """The unnamed group the text attributes itself to, in the text's own words ("Senior officials",
    "officials with the Democratic Congressional Campaign Committee"); None if none, or several."""
    found = set()
    for m in _GROUP.finditer(text):
        words = m.group("group").split()
        before = text[: m.start("group")].split()[-1:]
        while len(words) > 1 and names.fold(words[0]) in _NOT_MODIFIERS | _LEADING:
            before = words[:1]
            words = words[1:]  # "But senior officials said"
        if before and names.fold(before[0]) in _SUBORDINATE:
            continue  # "the striker, whom officials said was injured, …": not what the sentence reports
        found.add(" ".join(words).rstrip(",. "))
    return found.pop() if len(found) == 1 else None


# Relay chains: "…, Orda.kz reports, citing The Insider", "…, Reuters reported", "… told CNN".
_OUTLET = r"(?P<outlet>(?:[A-Z][\w'’.\-]*\s){0,3}[A-Z][\w'’.\-]*)"
_RELAY = [
    re.compile(
        rf"\b{_OUTLET},?\s+(?:reports|reported|writes|wrote),?\s+citing\s+(?P<source>(?:the\s+)?(?:[A-Z][\w'’.\-]*\s?){{1,4}})"
    ),
    re.compile(rf",\s+{_OUTLET}\s+(?:reports|reported|writes|wrote)\b"),
    re.compile(rf"\b(?:told|said to|in an interview with)\s+(?:the\s+)?{_OUTLET}"),
]


def relay(text: str) -> str | None:
    """Who relayed the statement, as the text says it ("Orda.kz, citing The Insider"); None if it does not."""
    for rule in _RELAY:
        m = rule.search(text)
        if m is None or names.fold(m.group("outlet")) in _NOT_NAMES:
            continue
        source = (m.groupdict().get("source") or "").strip().rstrip(".,;:")
        outlet = m.group("outlet").strip().rstrip(".,;:")
        return f"{outlet}, citing {source}" if source else outlet
    return None
