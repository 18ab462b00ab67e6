"""The patterns news prose reports speech with, and the word lists they lean on (used by
`speakers` and `mentions`)."""

from __future__ import annotations

import re

VERBS = (
    r"(?:said|says|stated|states|noted|notes|announced|announces|added|adds|told|warned|argued|argues|"
    r"remarked|explained|affirmed|confirmed|insisted|indicated|emphasized|emphasised|underscored|"
    r"declared|suggested|claimed|stressed|wrote|writes|explains|reiterated|concluded|believes|thinks|"
    r"highlighted|described|criticized|criticised|pointed out|pointed to|raised (?:doubts|concerns|questions)|"
    r"doubts|ruled out|talks about|talked about|spoke of|speaks of|"
    r"rejected|dismissed|called|accused|urged|proposed|requested|offered|expressed|signaled|signalled|"
    r"reported|denied|acknowledged|admitted|promised|vowed|demanded|replied|responded|shot back|"
    r"countered|retorted|quipped|recalled|continued|tweeted|posted|testified|conceded|predicted|asked|"
    r"made clear|makes clear|spoke about|speaks about|affirms|opined|observed|cautioned|"
    # The present tense of the same verbs, as analysis and headlines report ("Clinton frequently
    # emphasizes that …", "the ministry insists"); "calls", "claims", "reports" are nouns too, but not
    # between a name and what it says.
    r"remarks|indicates|confirms|insists|emphasizes|emphasises|underscores|declares|suggests|claims|stresses|"
    r"tells|warns|reiterates|concludes|highlights|describes|criticizes|criticises|points out|rejects|dismisses|"
    r"calls|accuses|urges|proposes|expresses|signals|reports|denies|acknowledges|admits|promises|vows|demands|"
    r"replies|responds|counters|recalls|tweets|testifies|concedes|predicts|asks|contends|maintains|observes|"
    r"cautions|estimated|estimates|likened|likens|"
    # "Bystrom agreed. “…”", "Lind disagrees that …", "Venn agreed with him"; not "Moscow agreed to a
    # ceasefire" or "the clubs agreed on a fee" (acts)
    r"(?:dis)?agree[ds](?=\s*[.,:;]|\s+(?:that|with)\b))"
)

AUX = (
    r"(?:\s+(?:has|have|had|also|further|repeatedly|again|later|earlier|previously|recently|\w+ly|"
    r"(?:on|last|this|late|early) (?:[A-Z]\w+day|week|month|year|night|morning|evening)))*"  # "Trump on Friday said"
)

# A name: up to four capitalised words, joined by "of"/"for" as institutions are ("Bank of England").
NAME = r"(?P<name>(?:[A-Z][\w'’.\-]+\s(?:(?:of|for)\s(?:the\s)?)?){0,3}[A-Z][\w'’\-]+(?<!['’]s))"  # not "Clinton’s"

# A short aside between a name and its verb: "Zelensky, on the other hand, has emphasized",
# "Venn, the club's coach, said" (no quotation or clause punctuation inside it).
ASIDE = (  # not "Congress, whom he alienated, …"; a longer one when it describes the speaker ("a senior fellow at …",
    # "Vell Construction, which maintained the bridge until last year, said")
    r"(?:,\s+(?!whom\b|which\b)[^,;:“”\"()]{2,60}?,|,\s+(?:a|an|the|which|who)\s[^,;:“”\"()]{2,120}?,)?"
)

# Words that describe a speaker named after the verb ("said Cruz constituent Dan Golvach", "said the
# club's coach Mara Venn"), and where such a name ends (punctuation, or a clause: "… when asked").
DESCRIBED = (
    r"(?:(?!(?:that|this|it|he|she|they|we|I|to|about|for|with|by|from|into|over|if|whether)\b)"
    r"[A-Za-z][\w'’\-]*\s+){0,3}?"  # not "asked to depose Clinton"
)

NAME_ENDS = r"(?=[,.;:!?]|\s+\(|\s+(?:when|as|in|on|at|after|during|before|who|while|of)\b|$)"

# Reporting verbs that can follow what was said, before the speaker, and take no person as object
# (unlike "warned", "told", "urged": ", warned Trump" may be a warning to Trump).
POSTPOSED = (
    r"predicted|argued|insisted|continued|recalled|opined|declared|replied|responded|countered|quipped|"
    r"observed|cautioned|concluded|acknowledged|admitted|added|wrote|explained|noted|stated|said|says"
)

# A name followed by "'s": "Varga's appeal", "Trump's campaign said" (the campaign speaks).
POSSESSIVE = r"[\w.\-]+(?:\s+[A-Z][\w.\-]+)*['’]s\b"

# The first NAMED of these name the speaker directly (the rest describe one: "the foreign minister").
NAMED = 8
# What a body is called by its kind ("the federation said"): the one body of that kind the story names.
BODIES = frozenset(
    [
        "ministry",
        "department",
        "agency",
        "embassy",
        "court",
        "commission",
        "committee",
        "council",
        "union",
        "company",
        "club",
        "league",
        "board",
        "federation",
        "association",
        "organisation",
        "organization",
        "team",
        "firm",
        "bank",
        "authority",
        "regulator",
        "institute",
        "foundation",
        "university",
        "hospital",
        "bureau",
        "office",
        "airline",
    ]
)
GENERIC_BODIES = frozenset({"government", "police", "army", "military"})  # speak, but name no one body
EXPLICIT = [
    # "Peskov said", "Rubio also underscored", "Trump has indicated", "Zelensky, for his part, noted"
    re.compile(rf"{NAME}{ASIDE}{AUX}\s+{VERBS}\b"),
    # "her lawyer, David E. Kendall, wrote": a name set off by commas (but "… for Clinton, said Kunin" is Kunin's)
    re.compile(rf"(?<=,\s){NAME},{AUX}\s+{VERBS}\b"),
    # "…, said Peskov.", "…, said Cruz constituent Dan Golvach when asked …"
    # (after a comma or a quotation: in "Kennedy wrote Linick." Linick is whom Kennedy wrote to)
    re.compile(
        rf"(?:^|[,;:”\"]\s*)(?:said|says|added|noted|stated|wrote|remarked|explained|asked)\s+{DESCRIBED}{NAME}{NAME_ENDS}"
    ),
    # "…, predicted Madeleine Kunin, the former governor": a comma, then a verb that takes no person as
    # its object, then the speaker
    re.compile(rf",\s+(?:{POSTPOSED})\s+{DESCRIBED}{NAME}{NAME_ENDS}"),
    # "Sullivan put off deciding whether the group could question Clinton but said it could come back": the
    # name that opens the sentence is the subject of a second predicate that reports speech
    re.compile(
        rf"^(?!\W*[“\"‘'])\W*(?!(?:One|The|A|An|This|That|These|Those|It|He|She|They|We|I|But|And)\b){NAME}\s+"
        rf"(?:(?!\b(?:who|whom|which|that|whose)\b)[^.;:“\"()])*?\b(?:but|and)\s+"
        rf"(?:also\s+|then\s+|later\s+)?(?:said|says|added|told|noted|insisted|warned|argued|stated)\b"
    ),
    # "Kasich resisted: “Ohio governors do not have the power …”": a name, one verb, a colon, a quotation
    re.compile(rf"{NAME}\s+(?:[a-z]+ed|[a-z]+s|shot back|hit back)\s*:\s*[“\"]"),
    # "according to the Center for Responsive Politics"
    re.compile(rf"\b[Aa]ccording to (?:the\s+)?{NAME}"),
    # "As the Daily Post noted, …" opening the sentence: the source of what follows
    re.compile(rf"^\W*As (?:the\s+)?{NAME}\s+{VERBS},"),
    # "The Ukrainian president reiterated", "the Russian foreign minister criticized"
    re.compile(
        rf"(?P<name>\b[Tt]he (?:[A-Z][\w'’\-]+ ){{0,3}}(?:[a-z]+ )?(?:president|spokes(?:man|woman|person)|"
        rf"minister|leader|aide|chancellor|secretary|envoy|ambassador|premier|prosecutors?|"
        rf"{'|'.join(sorted(BODIES | GENERIC_BODIES))}))"
        rf"(?:\s+also|\s+further)?\s+{VERBS}\b"
    ),
]

# The name that opens or closes a quotation: 'Ruiz shot back, “…”', '“…,” Ruiz said', '“…,” said Ruiz'.
QUOTING = [
    re.compile(rf"{NAME},?{AUX}\s+{VERBS},?\s*[“\"]"),
    re.compile(rf"[,.?!][”\"]\s+{NAME}{ASIDE},?{AUX}\s+{VERBS}\b"),  # '“…,” Jeff Weaver, her aide, said'
    re.compile(rf"[,.?!][”\"]\s+{VERBS}\s+{DESCRIBED}{NAME}{NAME_ENDS}"),
]

# Sentence-initial "He noted …" / "She further argued …", or a trailing "…,” he said."
PRONOUN = re.compile(
    rf"^\W*(?:But |And |Yet )?(?:[Hh]e|[Ss]he)\b(?:\s+\w+ly|\s+also|\s+further|\s+has|\s+had)*\s+{VERBS}\b"
    rf"|[,.?!][\"”’]?\s+(?:he|she)\s+{VERBS}\b"
)

# A sentence that opens a quotation ("“No records were taken," she said.", '"We will not pay.'): the
# speaker's own words.
OPENS_QUOTE = re.compile(r"^\W{0,3}?[“\"‘]")

FIRST_PERSON = re.compile(r"\b(I|I'm|I’m|we|We|our|Our|my|My|us)\b")

INTRO = re.compile(rf"\b{VERBS}|assessment|remarks?|comments?|statement|wrote|argues", re.I)

# What opens the reported content after a reporting verb: "said that …", "said on Monday that …",
# "said: …", "said, “…".
CONTENT = re.compile(r"\s*,?\s*(?:(?:(?!and\b|but\b|or\b)[\w’'\-]+\s+){0,5}?that\b|:|[“\"])")

ORG_WORDS = {
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

# "Also Monday, …", "On Tuesday Lind said": days and months (not those that are also given names).
DAYS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "september",
        "october",
        "november",
        "december",
    ]
)
# Capitalised at the start of a sentence, never part of a name.
LEADING = DAYS | frozenset(
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


def person_of(name: str) -> tuple[str, str] | None:
    """ "Liam Doyle of the Data Protection Commission": (the person, the body), where a name that names
    no body is followed by "of" and a body; None for "Bank of England" (the whole is the body) or
    "Duke of Edinburgh" (no body after "of")."""
    m = re.match(r"^((?:[A-Z][\w'’\-]+\s){0,3}?[A-Z][\w'’\-]+)\s+of\s+(?:the\s+)?(.+)$", name)
    if m is None:
        return None
    person, body = m.group(1), m.group(2)
    if {w.lower() for w in person.split()} & ORG_WORDS or not {w.lower() for w in body.split()} & ORG_WORDS:
        return None
    return person, body


NOT_NAMES = {
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
    *DAYS,
}

# A sentence that opens with its subject taking a stance: "Ryan endorsed Trump", "Sanders also takes
# aim at …", "Lind has refused to …" (the verbs that state a position without reporting speech).
STANCE = re.compile(
    r"^\W*(?:(?:But|And|Yet|Still|Meanwhile|Instead),?\s+|[A-Z][^,;:“”\"]{1,30},\s+)?"  # "In Philadelphia, …"
    r"(?:[A-Z][\w'’.\-]+\s+(?:[a-z]+\s+){1,2}(?=[A-Z]))?"  # "Sanders campaign spokesman Michael Briggs"
    r"(?P<name>(?:[A-Z][\w'’.\-]+\s){0,3}[A-Z][\w'’\-]+)" + ASIDE + r","
    r"?(?:\s+(?:has|have|had|also|again|now|still|even|\w+ly|is|was|has been|had been|will|would|did not|"
    r"didn[’']t|does not|doesn[’']t))*\s+"
    r"(?:declined?|(?<=not |n’t |n't )respond(?:ed)?|endorse[sd]?|refuse[sd]?|blast(?:s|ed)|rip(?:s|ped)|"
    r"praise[sd]?|slam(?:s|med)|attack(?:s|ed)|back(?:s|ed)|"
    r"supports?|supported|oppose[sd]?|wants?|wanted|hopes?|hoped|fears?|feared|agree[sd]?|welcome[sd]?|"
    r"condemn(?:s|ed)|defend(?:s|ed)|question(?:s|ed)|dispute[sd]?|pledge[sd]?|plans?|planned|intends?|intended|"
    r"maintains?|maintained|takes? aim|took aim|threaten(?:s|ed)|challenge[sd]?|refute[sd]?|rebuff(?:s|ed)|"
    r"lash(?:es|ed) out|hit back|hits back|spoke out|speaks out|is (?:worried|concerned|confident|convinced)|"
    r"(?:is|are|was|were) (?:also |now |still )?(?:asking|urging|calling for|demanding|seeking|pushing for)|"
    r"was (?:worried|concerned|confident|convinced)|remains (?:confident|convinced|worried|opposed|open))\b"
)

# "…, telling reporters …", "…, saying …": the sentence's subject says it.
PARTICIPLE = re.compile(r",\s+(?:saying|telling|adding|noting|arguing|insisting|warning|claiming|explaining)\b")

OPENING = re.compile(r"^\W*(?P<name>(?:[A-Z][\w'’.\-]+\s){0,3}[A-Z][\w\-]+)\s+(?P<next>[a-z]+)")

# An unnamed group the text gives a statement to: "Senior officials said", "officials with the
# Democratic Congressional Campaign Committee made clear", "Top committee leaders told reporters".
GROUP_NOUN = (
    r"(?:officials|leaders|lawmakers|legislators|aides|advisers|advisors|spokespeople|sources|analysts|experts|researchers|"
    r"economists|diplomats|investigators|prosecutors|executives|staffers|strategists|critics|observers|"
    r"people familiar with the \w+|a person familiar with the \w+)"
)

MODIFIER = (
    r"(?:(?:[Ss]ome|[Mm]any|[Ss]everal|[Tt]wo|[Tt]hree|[Ss]enior|[Tt]op|[Kk]ey|[Ff]ormer|[Ll]ocal|[Ff]ederal|"
    r"[Ss]tate|[Oo]ther|[A-Z][\w'’.\-]+)\s+)"
)

_GROUP_PHRASE = (
    rf"(?P<group>{MODIFIER}{{0,4}}(?:[a-z]+\s+)?{GROUP_NOUN}"
    rf"(?:\s+(?:with|at|from|of|in|for|close to)\s+(?:the\s+)?(?:[A-Z][\w'’.\-]*\s?){{1,6}})?)"
)
# An institution named by what it is, not by a name: "The city hospital said", "the council denied".
INSTITUTION = (
    r"(?P<group3>\b[Tt]he\s+(?:[a-z]+\s+)?(?:hospital|city|town|council|ministry|police|government|company|club|"
    r"league|court|prosecutors?|regulator|authorities|airline|university|school|inquiry|army|military|embassy|"
    r"commission|committee|union|board|agency|department|firm|bank|federation|association))"
)
# One unnamed person: "One man wrote", "Another commenter said", "A senior official told reporters".
SOMEONE = (
    r"(?P<group4>\b(?:[Oo]ne|[Aa]nother|[Aa]n?)\s+(?:[a-z]+\s+|[A-Z][A-Za-z\-]+\s+){0,2}(?:man|woman|resident|voter|commenter|"
    r"reader|viewer|fan|parent|student|teacher|driver|bystander|onlooker|member|volunteer|employee|staffer|"
    r"officer|lawyer|supporter|protester|demonstrator|witness|neighbou?r|passenger|customer|worker|official|"
    r"source|spokesman|spokeswoman|spokesperson|aide|adviser|advisor|diplomat|analyst|expert|insider|researcher))"
)
GROUP = re.compile(
    rf"(?<![\w’']){_GROUP_PHRASE}{ASIDE},?{AUX}\s+{VERBS}\b"  # "Senior officials said"
    # One person, opening the sentence or a clause: not "police arrested a man said to be …"
    rf"|(?:^\W*|(?<=[,;:”\"]\s)){SOMEONE}{ASIDE},?{AUX}\s+{VERBS}\b"  # "One man wrote", "…,” a senior official said"
    rf"|\b[Aa]ccording to {_GROUP_PHRASE.replace('(?P<group>', '(?P<group2>')}"  # "according to military officials"
    rf"|\b[Aa]ccording to {SOMEONE.replace('(?P<group4>', '(?P<group5>')}"  # "according to an independent researcher"
    rf"|^\W*{INSTITUTION}{ASIDE}{AUX}\s+{VERBS}\b"  # "The city hospital said", opening the sentence
)

NOT_MODIFIERS = frozenset(
    ["the", "which", "whom", "that", "who", "and", "but", "or", "as", "when", "while", "if", "to", "of"]
)

SUBORDINATE = frozenset(["which", "whom", "who", "that", "as", "if", "when", "while", "because", "after", "before"])

# Relay chains: "…, Orda.kz reports, citing The Insider", "…, Reuters reported", "… told CNN".
OUTLET = r"(?P<outlet>(?:[A-Z][\w'’.\-]*\s){0,3}[A-Z][\w'’.\-]*)"

RELAY = [
    re.compile(
        rf"\b{OUTLET},?\s+(?:reports|reported|writes|wrote),?\s+citing\s+(?P<source>(?:the\s+)?(?:[A-Z][\w'’.\-]*\s?){{1,4}})"
    ),
    re.compile(rf",\s+{OUTLET}\s+(?:reports|reported|writes|wrote)\b"),
    re.compile(rf"\b(?:told|said to|in an interview with)\s+(?:the\s+)?{OUTLET}"),
]
