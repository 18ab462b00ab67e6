"""Names: transliteration variants merge, different people never do, titles resolve to holders."""

from __future__ import annotations

import pytest

from summarizer.actors import cluster, core_tokens, display_name, find_actor, same_entity, same_person, to_actor
from summarizer.schemas import Actor


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zelensky", "Zelenskyy"),
        ("Zelenskiy", "Volodymyr Zelensky"),
        ("Ukrainian President Volodymyr Zelensky", "Zelenskyy"),
        ("Kremlin spokesman Dmitry Peskov", "Peskov"),
        ("Secretary of State Marco Rubio", "Rubio"),
        ("Kazakhstan's President Kassym-Jomart Tokayev", "Tokayev"),
        ("Lech Wałęsa", "Lech Walesa"),
        ("Владимир Путин", "Vladimir Putin"),
        ("Serbian President Aleksandar Vučić", "Vucic"),
        ("Novak Đoković", "Novak Djokovic"),
        ("Recep Tayyip Erdoğan", "Erdogan"),
        ("Dmitry Peskov", "Dmitri Peskov"),
        ("J. Biden", "Joe Biden"),
        ("Alex Salmond", "Alexander Salmond"),
        ("Sean Fein", "Fein"),
    ],
)
def test_same_person(a: str, b: str) -> None:
    assert same_person(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Vladimir Putin", "Dmitry Peskov"),
        ("Dmitry Peskov", "Dmitry Polyansky"),
        ("Vladimir Putin", "Vladimir Medinsky"),
        ("Donald Trump", "Melania Trump"),
        ("Jill Biden", "Joe Biden"),
        ("Eric Trump", "Donald Trump"),
        ("Mike Johnson", "Magic Johnson"),
        ("Aleksandar Vučić", "Nebojša Stefanović"),
        ("Marine Le Pen", "Jean-Marie Le Pen"),
        ("Kim Jong Un", "Kim Yo Jong"),
        ("Raúl Castro", "Fidel Castro"),
        ("Danuta Wałęsa", "Lech Wałęsa"),
        ("Brian Cowen", "Barry Cowen"),
        ("Christian Lindner", "Carsten Lindner"),
        ("Narendra Modi", "Nirav Modi"),
        ("Joel Embiid", "Joe Embiid"),
        ("Andrzej Duda", "Agata Duda"),
        ("Путин", "Путина Мария"),
    ],
)
def test_different_people_never_merge(a: str, b: str) -> None:
    assert not same_person(a, b)


def test_given_names_are_not_titles() -> None:
    for name, core in [("Eric Trump", ("eric", "trump")), ("Sean Penn", ("sean", "penn")),
                       ("Christian Lindner", ("christian", "lindner")), ("Jean Castex", ("jean", "castex")),
                       ("Aleksandar Vučić", ("aleksandar", "vucic")), ("Ukrainian President Zelensky", ("zelensky",)),
                       ("Serbian Aleksandar Vučić", ("aleksandar", "vucic")), ("Wałęsa", ("walesa",))]:  # fmt: skip
        assert core_tokens(name) == core, name


def test_institutions_and_acronyms() -> None:
    assert same_entity("the Kremlin", "Kremlin", "institution", "institution")
    assert not same_entity("the Kremlin", "White House", "institution", "institution")
    assert same_entity("SCO", "Shanghai Cooperation Organization", "organization", "organization")
    assert not same_entity("Putin", "Kremlin", "person", "institution")


def test_a_body_shortened_to_its_leading_words_is_the_same_body() -> None:
    """Stories shorten "Calder Mutual" to "Calder"; a place is not the outlet named after it, and "Bank" is not
    the Bank of England."""
    assert same_entity("Calder", "Calder Mutual", "company", "company")
    assert same_entity("Harbour Line", "Harbour Line Ferries", "company", "organization")
    assert not same_entity("Dover", "Dover Express", "place", "company")
    assert not same_entity("Bank", "Bank of England", "institution", "institution")
    assert not same_entity("Calder Mutual", "Calder Capital", "company", "company")  # two bodies of one family
    (one,) = cluster([("Calder Mutual", "company", None), ("Calder", "company", None)])
    assert one.canonical == "Calder Mutual"


def test_titles_are_not_names() -> None:
    assert core_tokens("Ukrainian President") == ()
    assert display_name("Russian presidential aide Yuri Ushakov") == "Yuri Ushakov"


def test_cluster_keeps_every_spelling_and_picks_the_fullest_name() -> None:
    mentions = [
        ("Zelensky", "person", None),
        ("Ukrainian President Volodymyr Zelensky", "person", "President"),
        ("Zelenskiy", "person", None),
        ("Putin", "person", None),
        ("Vladimir Putin", "person", None),
    ]
    actors = [to_actor(c, set()) for c in cluster(mentions)]
    zel = actors[0]
    assert zel.name == "Volodymyr Zelensky" and set(zel.aliases) >= {"Zelensky", "Zelenskiy"}
    assert [a.name for a in actors] == ["Volodymyr Zelensky", "Vladimir Putin"]


def test_find_actor_by_title_only_when_unique() -> None:
    actors = [
        Actor(id="p", name="Dmitry Peskov", type="person", role="Kremlin spokesman", aliases=["Peskov"]),
        Actor(
            id="z",
            name="Volodymyr Zelensky",
            type="person",
            role=None,
            aliases=["Ukrainian President Volodymyr Zelensky"],
        ),
    ]
    assert find_actor("the Kremlin spokesman", actors).id == "p"  # type: ignore[union-attr]
    assert find_actor("The Ukrainian president", actors).id == "z"  # type: ignore[union-attr]
    assert find_actor("he", actors) is None
    assert find_actor("Zelenskyy", actors).id == "z"  # type: ignore[union-attr]


NAMES = [
    "Volodymyr Zelensky",
    "Zelenskyy",
    "Zelenskiy",
    "Ozelensky",
    "Vladimir Putin",
    "Putin",
    "Puttin",
    "Dmitry Peskov",
    "Peskov",
    "Kremlin spokesman Dmitry Peskov",
    "Andriy Yermak",
    "Ermak",
    "Kassym-Jomart Tokayev",
    "Tokaev",
    "Donald Trump",
    "Melania Trump",
    "Trump",
    "Shanghai Cooperation Organization",
    "SCO",
    "the Kremlin",
    "Kremlin",
    "European Union",
    "EU",
    "Recep Tayyip Erdogan",
    "Erdoğan",
    "the Ukrainian president",
    "he",
    "",
]


def test_indexed_lookup_agrees_with_a_full_scan() -> None:
    from summarizer.actors import ActorFinder

    kinds = {"Shanghai Cooperation Organization": "organization", "SCO": "organization", "the Kremlin": "organization"}
    kinds |= {"Kremlin": "organization", "European Union": "organization", "EU": "organization"}
    for n in range(1, len(NAMES)):  # every prefix of the list as the known actors
        actors = [
            Actor(id=str(i), name=x, type=kinds.get(x, "person"), role=None, aliases=[x])  # type: ignore[arg-type]
            for i, x in enumerate(NAMES[:n])
            if x and x != "he"
        ]
        find = ActorFinder(actors)
        for name in NAMES:
            assert find(name) == find_actor(name, actors), (name, [a.name for a in actors])


def test_a_two_word_surname_alone_is_the_full_name() -> None:
    from summarizer.actors import same_person

    assert same_person("Lloyd Webber", "Andrew Lloyd Webber")
    assert same_person("Garcia Marquez", "Gabriel Garcia Marquez")
    assert not same_person("Eric Lloyd Webber", "Andrew Lloyd Webber")  # given names still decide
    assert not same_person("Eric Trump", "Donald Trump")


def test_roles_written_before_a_name_are_not_part_of_it() -> None:
    from summarizer.actors import core_tokens

    assert core_tokens("Democrat Eli Cummings") == ("eli", "cummings")
    assert core_tokens("club constituent Dana Orr") == ("dana", "orr")
    assert core_tokens("Judge Anne Holt") == ("anne", "holt")


def test_a_group_keeps_its_adjective_when_the_rest_is_no_name() -> None:
    from summarizer.actors import display_name

    assert display_name("European leaders") == "European leaders"
    assert display_name("Kremlin spokesman Dmitry Peskov") == "Dmitry Peskov"
    assert display_name("Serbian President Aleksandar Vucic") == "Aleksandar Vucic"


def test_a_country_typed_as_a_person_is_the_country() -> None:
    """The model's "Ukraine (person)" in one story and "Ukraine (country)" in another are one actor; a
    name that is also a person's ("Jordan") keeps the model's type."""
    from summarizer.corpus import build_article
    from summarizer.ground import build_actors

    a = build_article("a.txt", "Ukraine has made clear it wants guarantees. Jordan said the talks went well.\n")
    actors = build_actors(a, [("Ukraine", "person", None), ("Jordan", "person", None)])
    assert {x.name: x.type for x in actors} == {"Ukraine": "country", "Jordan": "person"}


def test_a_role_the_title_list_does_not_know_is_not_part_of_the_name() -> None:
    from summarizer.actors import core_tokens, display_name

    assert display_name("City engineer Marko Ilic") == "Marko Ilic"  # ends at the role's last lower-case word
    assert display_name("Acme Steel's Sara Quint") == "Sara Quint"  # or at a possessive
    assert display_name("Rovers chief scout Tom Ruiz") == "Tom Ruiz"
    assert core_tokens("Ursula von der Leyen") == ("ursula", "von", "der", "leyen")  # particles stay
    assert core_tokens("Secretary of State Ana Lind") == ("ana", "lind")


def test_an_indefinite_pronoun_is_no_actor() -> None:
    from summarizer.actors import PRONOUNS

    # "None has offered plans.", "Nobody asked …": a small model lists them as actors.
    assert {"none", "nobody", "everyone", "someone"} <= PRONOUNS
