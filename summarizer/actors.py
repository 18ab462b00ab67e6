"""Actor names in code: normalisation, transliteration-tolerant matching, merging of spellings.

Used inside an article (the model names "Peskov", "Dmitry Peskov", "Kremlin spokesman Dmitry
Peskov") and across articles (Zelensky / Zelenskyy / Zelenskiy). The rule is conservative: two
people merge only when their surnames match (allowing transliteration variants) and their given
names, where both are known, agree. Putin is never Peskov because both speak for the Kremlin.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import cast

from rapidfuzz import fuzz

from .inert import has_invisible
from .schemas import Actor, ActorType

TITLE_WORDS = {
    "president",
    "prime",
    "minister",
    "foreign",
    "secretary",
    "state",
    "of",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "aide",
    "presidential",
    "chancellor",
    "mr",
    "mrs",
    "ms",
    "dr",
    "general",
    "gen",
    "chief",
    "head",
    "deputy",
    "first",
    "senior",
    "former",
    "expert",
    "analyst",
    "leader",
    "king",
    "queen",
    "pope",
    "senator",
    "sen",
    "rep",
    "governor",
    "mayor",
    "ambassador",
    "envoy",
    "special",
    "the",
    "u.s.",
    "us",
    "kremlin",
    "white",
    "house",
    "defence",
    "defense",
    "permanent",
    "representative",
    "official",
    "commander",
    "colonel",
    "admiral",
    "director",
    "chairman",
    "chair",
    "ceo",
    "founder",
    "his",
    "her",
    "counterpart",
    "russian",
    "ukrainian",
    "american",
    "kazakh",
    "chinese",
    "french",
    "german",
    "british",
    # roles written before a name in political and court news ("Democrat Elijah Cummings",
    # "Cruz constituent Dan Golvach"); not party adjectives, which name organisations too
    "democrat",
    "congressman",
    "congresswoman",
    "lawmaker",
    "ranking",
    "candidate",
    "nominee",
    "delegate",
    "constituent",
    "coach",
    "judge",
}


# Nationality and regional adjectives that stand before names ("Serbian President …", "Ukrainian
# Zelensky"). An explicit list: a suffix rule (…ian, …ese, …ic) also eats Eric, Brian, Christian,
# Jean and every -ić surname (Vučić, Stefanović).
def _listed(name: str) -> frozenset[str]:
    """The entries of a word list in summarizer/data (one a line; # starts a comment line)."""
    text = resources.files("summarizer").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


DEMONYMS = _listed("demonyms.txt")
# Country names: one typed as a person is the country ("Ukraine" as a person, summarizer/ground.py).
COUNTRIES = _listed("countries.txt")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
PRONOUNS = frozenset(
    "i you he she it we they me him her us them his hers its our their who which this that".split()  # noqa: SIM905
) | frozenset(  # indefinite pronouns: "None has offered plans.", "Nobody asked …" name no one
    "none nobody everyone everybody someone somebody anyone anybody nothing something".split()  # noqa: SIM905
)


# The name functions below are pure and called with the same few hundred names for every claim:
# they are memoised (bounded), which keeps the per-claim cost of grounding and merging flat.
_MEMO = 1 << 16


@lru_cache(maxsize=_MEMO)
def fold(text: str) -> str:
    """Lower case, ASCII, quotes and dashes folded, punctuation to spaces. Letters of every script are
    transliterated (anyascii: Wałęsa → walesa, Путин → putin, Đoković → dokovic); other symbols go."""
    text = text.translate(_FOLD)
    if not text.isascii():
        text = "".join(_letter(c) if c.isalpha() and not c.isascii() else c for c in text)
    text = text.lower()
    text = re.sub(r"'s\b", "", text)
    return " ".join(re.sub(r"[^a-z0-9.\- ]", " ", text).replace("-", " ").split())


# Markup, links and addresses; invisible characters are inert.has_invisible's (one list for both).
_NOT_IN_NAMES = re.compile(r"[*_#<>\[\]|~`{}\\\t\n]|://|\bwww\.|@")


def is_clean_name(name: str) -> bool:
    """A name as people write names: no markup, link, address or invisible character. A name that
    differs from a real actor's only by `**` or a bidi override is not that actor."""
    return bool(name.strip()) and not _NOT_IN_NAMES.search(name) and not has_invisible(name)


@lru_cache(maxsize=4096)
def _letter(c: str) -> str:
    from anyascii import anyascii

    return anyascii(c)


@lru_cache(maxsize=_MEMO)
def core_tokens(name: str) -> tuple[str, ...]:
    """The name without titles, roles and demonyms: 'Ukrainian President Volodymyr Zelensky' → [volodymyr, zelensky].

    Everything up to the last title word goes ("Kazakhstan's President Kassym-Jomart Tokayev" →
    kassym jomart tokayev). A pure title ("the Ukrainian president") has an empty core.
    """
    name = _after_role(name)
    tokens = [t.strip(".") for t in fold(name).split() if t.strip(".")]
    last_title = max((i for i, t in enumerate(tokens) if t in TITLE_WORDS), default=-1)
    core = tokens[last_title + 1 :]
    while core and core[0] in DEMONYMS:  # "Serbian Aleksandar Vučić": leading adjectives only
        core = core[1:]
    return tuple(t for t in core if t not in TITLE_WORDS)


# Lower-case words that belong to a name ("Ursula von der Leyen") or join a title ("Secretary of State").
_NAME_PARTICLES = frozenset(
    ["von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la", "al", "el", "bin", "ibn", "ben"]
    + ["dos", "das", "do", "ter", "ten", "zu", "y", "of", "the", "for", "and", "at", "on", "in"]
)


def _after_role(name: str) -> str:
    """A name written after a role the title list does not know: what follows the role's last lower-case
    word or possessive ("City engineer Marko Ilic", "Vell Construction's Sara Quint" → the person)."""
    words = name.split()
    cut = max(
        (
            i
            for i, w in enumerate(words[:-1])
            if (w[:1].islower() and w.lower() not in _NAME_PARTICLES) or re.search(r"['’]s$", w)
        ),
        default=-1,
    )
    rest = words[cut + 1 :]
    return " ".join(rest) if cut >= 0 and all(w[:1].isupper() for w in rest) else name


def is_title_only(name: str) -> bool:
    """'the Kremlin spokesman', 'Ukrainian President': a role, not a name."""
    return not core_tokens(name)


def display_name(name: str) -> str:
    """The name as written, without its leading titles: 'Kremlin spokesman Dmitry Peskov' → 'Dmitry Peskov'."""
    core = core_tokens(name)
    words = name.split()
    for i in range(len(words) - 1, -1, -1):
        if len(fold(" ".join(words[i:])).split()) >= len(core):
            # "European leaders" stays whole: what is left after the adjective is no name ("leaders").
            return name if words[i][:1].islower() else " ".join(words[i:])
    return name


@lru_cache(maxsize=_MEMO)
def translit_key(token: str) -> str:
    """Collapse common transliteration variants: zelenskyy/zelenskiy/zelensky → zelenski."""
    t = token.lower()
    t = re.sub(r"(iy|yy|ii|yi|y)$", "i", t)
    t = t.replace("kh", "h").replace("zh", "j").replace("ts", "c").replace("ie", "e")
    return t


@lru_cache(maxsize=_MEMO)
def same_person(a: str, b: str) -> bool:
    """Do two person names denote the same person? Surname must match; given names must agree."""
    ca, cb = core_tokens(a)[-3:], core_tokens(b)[-3:]
    if not ca or not cb:
        return False
    sa, sb = translit_key(ca[-1]), translit_key(cb[-1])
    if sa != sb and not (min(len(sa), len(sb)) >= 5 and fuzz.ratio(sa, sb) >= 88):
        return False
    ga, gb = ca[:-1], cb[:-1]
    short, long_ = sorted((ca, cb), key=len)
    if len(short) >= 2 and [translit_key(t) for t in short] == [translit_key(t) for t in long_[-len(short) :]]:
        return True  # a two-word surname alone: "Wasserman Schultz" is Debbie Wasserman Schultz
    if ga and gb:
        return same_given_name(ga[0], gb[0])
    return True


@lru_cache(maxsize=_MEMO)
def same_given_name(a: str, b: str) -> bool:
    """Given names agree when equal up to transliteration (Dmitry/Dmitri), when one is the other's
    initial (J./Joe), or a short form that begins it (Alex/Alexander). Jill is not Joe, Eric is not
    Donald, Marine is not Jean-Marie, Mike is not Magic."""
    ka, kb = translit_key(a.strip(".")), translit_key(b.strip("."))
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    if len(short) == 1:
        return long_.startswith(short)
    return len(short) >= 3 and long_.startswith(short) and len(long_) - len(short) >= 2


def same_entity(a: str, b: str, type_a: str, type_b: str) -> bool:
    """Do two mentions denote the same actor?"""
    if type_a == "person" and type_b == "person":
        return same_person(a, b)
    if "other" in (type_a, type_b):  # a bare name of unknown kind: same spelling, or the same person
        return entity_key(a) == entity_key(b) or ("person" in (type_a, type_b) and same_person(a, b))
    if {type_a, type_b} & {"person"} and type_a != type_b:
        return False
    if entity_key(a) == entity_key(b):
        return True
    if {type_a, type_b} <= BODY_KINDS and short_form(a, b):
        return True
    # Acronyms: "Shanghai Cooperation Organization" / "SCO"
    short, long_ = sorted((a.strip(), b.strip()), key=len)
    if short.isupper() and 2 <= len(short) <= 6:
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", long_) if w[0].isupper())
        return initials == short
    return False


BODY_KINDS = frozenset({"company", "organization", "institution", "group"})
# Words that say what kind of body a name is: "Bank" alone is no short form of "Bank of England".
ORG_KINDS_WORDS = frozenset(
    ["bank", "university", "ministry", "council", "court", "agency", "commission", "committee", "union", "party"]
)


def short_form(a: str, b: str) -> bool:
    """A body's name and its leading word(s), as a story shortens it: "Meridia" for "Meridia Health",
    "Orvel" for "Orvel Cycling" (a word of four letters or more; not "New York" for "New York Times",
    which is a place, nor "Bank" for "Bank of England")."""
    short, long_ = sorted((entity_key(a).split(), entity_key(b).split()), key=len)
    return (
        0 < len(short) < len(long_)
        and long_[: len(short)] == short
        and len("".join(short)) >= 4
        and long_[len(short)] not in ("of", "for", "and")
        and not set(short) & ORG_KINDS_WORDS
    )


@lru_cache(maxsize=_MEMO)
def entity_key(name: str) -> str:
    """Comparison key of a non-person actor: folded, without articles."""
    return " ".join(w for w in fold(name).split() if w not in ("the", "a", "an"))


def most_common(values: list[str], prefer: str | None = None) -> str:
    """The most frequent value; ties go to `prefer`, then to the first seen (never to hash order)."""
    return max(dict.fromkeys(values), key=lambda v: (values.count(v), v == prefer, -values.index(v)))


def slug(name: str) -> str:
    return "-".join(core_tokens(name) or entity_key(name).split()) or "actor"


@dataclass
class ActorCluster:
    """Mentions that denote one actor, while merging."""

    names: list[str]
    types: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    @property
    def type(self) -> ActorType:
        known = [t for t in self.types if t != "other"] or self.types
        return cast(ActorType, most_common(known, prefer="person"))

    @property
    def canonical(self) -> str:
        """The fullest core name: 'Volodymyr Zelensky' rather than 'Zelensky' or the titled form."""
        named = [n for n in self.names if not is_title_only(n)] or self.names
        best = max(named, key=lambda n: (len(core_tokens(n)), -len(n), n))
        return display_name(best) if self.type == "person" else best

    def matches(self, name: str, type_: str) -> bool:
        return any(same_entity(n, name, t, type_) for n, t in zip(self.names, self.types, strict=True))

    def add(self, name: str, type_: str, role: str | None) -> None:
        self.names.append(name)
        self.types.append(type_)
        if role:
            self.roles.append(role)


def cluster(mentions: Iterable[tuple[str, str, str | None]]) -> list[ActorCluster]:
    """Group (name, type, role) mentions into actors; first match wins, order is kept."""
    clusters: list[ActorCluster] = []
    for name, type_, role in mentions:
        for c in clusters:
            if c.matches(name, type_):
                c.add(name, type_, role)
                break
        else:
            c = ActorCluster([])
            c.add(name, type_, role)
            clusters.append(c)
    return clusters


def to_actor(c: ActorCluster, ids: set[str]) -> Actor:
    """A cluster as an output Actor with a unique id."""
    base = slug(c.canonical)
    aid, n = base, 2
    while aid in ids:
        aid, n = f"{base}-{n}", n + 1
    ids.add(aid)
    aliases = sorted(set(c.names), key=lambda s: (-len(s), s))
    role = most_common(c.roles) if c.roles else None
    return Actor(id=aid, name=c.canonical, type=c.type, role=role, aliases=aliases)


def find_by_title(title: str, actors: list[Actor]) -> Actor | None:
    """'the Ukrainian president' → the one actor whose titled alias or role says so."""
    words = [w for w in fold(title).split() if w not in ("the", "a", "an")]
    if not words:
        return None
    phrase = " ".join(words)
    hits = [a for a in actors if any(phrase in fold(x) for x in [*a.aliases, a.role or ""])]
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=_MEMO)
def block_keys(name: str, body: bool = False) -> frozenset[str]:
    """Keys that two names share whenever `same_entity` can hold for them: the same comparison key;
    surnames (transliteration-folded) with the same first or last three letters — one inserted or
    dropped letter keeps one of the two, two edits at both ends of a long surname would not; the
    same initials (acronyms); for a body, its first word ("Meridia" / "Meridia Health": `short_form`,
    which only bodies meet, so people who share a given name are not each other's candidates)."""
    keys = {"=" + entity_key(name)}
    if body:
        keys.add("1" + entity_key(name).split(" ", 1)[0])
    core = core_tokens(name)
    if core:
        surname = translit_key(core[-1])
        keys |= {"<" + surname[:3], ">" + surname[-3:]}
    stripped = name.strip()
    if stripped.isupper() and 2 <= len(stripped) <= 6:
        keys.add("^" + stripped)
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", stripped) if w[0].isupper())
    if len(initials) >= 2:
        keys.add("^" + initials)
    return frozenset(keys)


class NameIndex:
    """Item numbers by the block keys of their names: the items a name could denote, without a scan."""

    def __init__(self) -> None:
        self._items: dict[str, list[int]] = {}

    def add(self, item: int, name: str, body: bool = False) -> None:
        for k in block_keys(name, body):
            items = self._items.setdefault(k, [])
            if not items or items[-1] != item:
                items.append(item)

    def candidates(self, name: str, body: bool = False) -> list[int]:
        """Items that may denote `name`, in item order (a superset: check each with same_entity); with
        `body`, also the bodies it may be a short form of, or that may be its short form."""
        return sorted({i for k in block_keys(name, body) for i in self._items.get(k, ())})


class ActorFinder:
    """`find_actor` over a fixed list of actors, indexed and memoised: the corpus-wide lookups of
    the reconciler cost the candidates of a name, not the whole actor list (same answers: tested)."""

    def __init__(self, actors: list[Actor]):
        self.actors = actors
        self.exact: dict[str, Actor] = {}
        self.index = NameIndex()
        for i, a in enumerate(actors):
            for al in [a.name, *a.aliases]:
                self.exact.setdefault(entity_key(al), a)  # the first actor with that spelling wins
                self.index.add(i, al, a.type in BODY_KINDS)
        self.memo: dict[str, Actor | None] = {}

    def __call__(self, name: str) -> Actor | None:
        if name not in self.memo:
            self.memo[name] = self._find(name)
        return self.memo[name]

    def _find(self, name: str) -> Actor | None:
        if not name or fold(name) in PRONOUNS:
            return None
        if (a := self.exact.get(entity_key(name))) is not None:
            return a
        if is_title_only(name):
            return find_by_title(name, self.actors)
        hits = [
            a
            for a in (self.actors[i] for i in self.index.candidates(name, body=True))  # of any kind
            if any(same_entity(al, name, a.type, a.type) for al in [a.name, *a.aliases])
        ]
        return hits[0] if len(hits) == 1 else None


def find_actor(name: str, actors: list[Actor]) -> Actor | None:
    """The actor a free-text name refers to (any alias, transliteration-tolerant, or a unique title).
    A scan: for an article's few actors; `ActorFinder` does the same over a corpus."""
    if not name or fold(name) in PRONOUNS:
        return None
    for a in actors:
        if any(entity_key(name) == entity_key(al) for al in [a.name, *a.aliases]):
            return a
    if is_title_only(name):
        return find_by_title(name, actors)
    hits = [a for a in actors if any(same_entity(al, name, a.type, a.type) for al in [a.name, *a.aliases])]
    return hits[0] if len(hits) == 1 else None
