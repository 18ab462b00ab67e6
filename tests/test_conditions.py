"""Preconditions found in code, on made-up sentences from other domains (sport, business, courts)."""

from __future__ import annotations

from summarizer.conditions import conditions_from_text
from summarizer.corpus import build_article
from summarizer.schemas import Actor, Claim, Precondition, Span

TEXT = (
    "The striker Leo Brandt said he will only sign a new contract after the club clears its debts.\n"
    "Union leader Ina Sol said the strike will end provided that wages rise by five percent.\n"
    "The judge Otto Kranz said the trial could only resume once the witness is found.\n"
    "Mara Venn said the merger is a good idea.\n"
    "Chairman Tom Ruiz insists that the stadium must first be paid for by the city.\n"
    "Analysts said the shares could fall if rates rise.\n"
)


def run(text: str = TEXT) -> list:  # type: ignore[type-arg]
    article = build_article("s.txt", text)
    names = ["Leo Brandt", "Ina Sol", "Otto Kranz", "Mara Venn", "Tom Ruiz"]
    actors = [Actor(id=n.lower().replace(" ", "-"), name=n, type="person", aliases=[n]) for n in names]
    claims = []
    for s in article.sentences:
        speaker = next((n for n in names if n in s.text), "narration")
        claims.append(
            Claim(
                id=f"s#c{s.id}",
                article="s.txt",
                speaker=speaker,
                stance="asserts",
                statement="x",
                topic="t",
                quote=s.text,
                span=Span(start=s.start, end=s.end),
                sentence_ids=[s.id],
            )  # fmt: skip
        )
    return conditions_from_text(article, claims, actors, [])


def test_conditions_of_named_speakers_are_cut_verbatim() -> None:
    found = {(p.holder, p.demand) for p in run()}
    assert found == {
        ("Leo Brandt", "only sign a new contract after the club clears its debts"),
        ("Ina Sol", "provided that wages rise by five percent"),
        ("Otto Kranz", "only resume once the witness is found"),
        ("Tom Ruiz", "insists that the stadium must first be paid for by the city"),
    }
    for p in run():
        assert p.basis == "text" and p.demand in p.quote and TEXT[p.span.start : p.span.end] == p.quote


def test_no_condition_without_a_cue_or_without_a_named_speaker() -> None:
    holders = {p.holder for p in run()}
    assert "Mara Venn" not in holders  # no conditional construction
    assert "narration" not in holders  # "Analysts said … if rates rise": no actor of the article holds it


def test_the_models_reading_of_a_sentence_comes_first() -> None:
    article = build_article("s.txt", TEXT)
    s = article.sentences[1]
    known = [Precondition(holder="Ina Sol", demand="a raise", before="ending the strike", quote=s.text,
                          span=Span(start=s.start, end=s.end))]  # fmt: skip
    assert all(p.span.start != s.start for p in conditions_from_text(article, [], [], known))


def model_read(demand: str, before: str, quote: str) -> Precondition:
    """Ina Sol's condition as the model read it from `quote`."""
    return Precondition(holder="Ina Sol", demand=demand, before=before, quote=quote, span=Span(start=0, end=9))


def test_the_models_precondition_is_worded_as_the_text_words_it() -> None:
    from summarizer.conditions import in_own_words

    quote = "Union leader Ina Sol said the strike will end provided the pay offer reaches five percent."
    garbled = model_read("end strike before reaches five", "offer", quote)
    fixed = in_own_words(garbled)
    assert fixed.demand == "provided the pay offer reaches five percent"
    assert fixed.before == "Union leader Ina Sol said the strike will end"
    assert fixed.basis == "text" and fixed.holder == "Ina Sol" and fixed.quote == quote
    # No conditional construction in the sentence: the model's reading stays, marked as the model's.
    plain = model_read("a pay rise", "the end of the strike", "Sol wants more pay.")
    assert in_own_words(plain) == plain and plain.basis == "model"


def test_a_demand_the_model_copied_short_is_completed_in_the_texts_words() -> None:
    from summarizer.conditions import in_own_words

    quote = "Sol has warned that the board must raise pay by five percent, or face a strike in March."
    cut_short = model_read("raise pay by five percent, or face a", "x", quote)
    fixed = in_own_words(cut_short)
    assert fixed.demand == "raise pay by five percent, or face a strike in March"
    assert fixed.before == "x" and fixed.basis == "model"  # no conditional wording: still the model's reading
    # A demand not copied from the sentence stays the model's reading.
    read = cut_short.model_copy(update={"demand": "a pay rise of five percent"})
    assert in_own_words(read) == read


def test_a_condition_runs_past_an_initials_full_stop_and_a_decimal_point() -> None:
    text = (
        "Exporter Ina Sol said shipments resume only if the U.S. lifts the tariffs on steel.\n"
        "Chairman Tom Ruiz said the bonus is paid provided that growth tops 2.5 percent this year.\n"
    )
    found = {(p.holder, p.demand) for p in run(text)}
    assert found == {
        ("Ina Sol", "only if the U.S. lifts the tariffs on steel"),
        ("Tom Ruiz", "provided that growth tops 2.5 percent this year"),
    }
