"""Speakers checked against the text: explicit, pronoun, quote context, first person, intro line."""

from __future__ import annotations

from summarizer.attribution import attribute
from summarizer.corpus import build_article
from summarizer.schemas import Actor

PESKOV = Actor(id="peskov", name="Dmitry Peskov", type="person", role="Kremlin spokesman", aliases=["Peskov"])
ZEL = Actor(id="zel", name="Volodymyr Zelensky", type="person", role=None, aliases=["Zelensky"])
RUBIO = Actor(id="rubio", name="Marco Rubio", type="person", role=None, aliases=["Rubio"])
STAN = Actor(id="stan", name="Tatiana Stanovaya", type="person", role=None, aliases=["Stanovaya"])
WITKOFF = Actor(id="wit", name="Steve Witkoff", type="person", role=None, aliases=["Witkoff"])
ACTORS = [PESKOV, ZEL, RUBIO, STAN, WITKOFF]
# Made-up people of other domains, for the rules that read sentences about anyone.
VENN = Actor(id="c", name="Mara Venn", type="person", aliases=["Mara Venn", "Venn"])
RUIZ = Actor(id="o", name="Tom Ruiz", type="person", aliases=["Tom Ruiz", "Ruiz"])
LIND = Actor(id="l", name="Ana Lind", type="person", aliases=["Ana Lind", "Lind"])


def who(text: str, sentence_no: int) -> tuple[str | None, str]:
    a = build_article("t.txt", text)
    actor, how = attribute(a, [a.sentences[sentence_no - 1]], ACTORS)
    return (actor.name if actor else None), how


def test_explicit() -> None:
    assert who("Peskov said the summit is impossible.", 1) == ("Dmitry Peskov", "explicit")
    assert who("“It is impossible,” said Peskov.", 1) == ("Dmitry Peskov", "explicit")
    assert who("According to Zelensky, the war must end.", 1) == ("Volodymyr Zelensky", "explicit")


def test_pronoun_refers_to_the_last_named_speaker_not_the_last_name() -> None:
    text = (
        "According to Stanovaya, Putin floated the idea again. “Witkoff travelled to Moscow and heard it.” "
        "These conditions, she argues, demand surrender."
    )
    assert who(text, 3) == ("Tatiana Stanovaya", "pronoun")


def test_quote_context_gives_the_whole_quotation_to_its_speaker() -> None:
    text = 'Peskov stated, "A summit can end the settlement. It is impossible to do the opposite. It is unlikely."'
    assert who(text, 2) == ("Dmitry Peskov", "quote_context")


def test_first_person_sentence_in_a_paragraph_ending_with_attribution() -> None:
    text = "Well, I don’t know about timing. We now have to compare that, Rubio said."
    assert who(text, 1) == ("Marco Rubio", "paragraph_speaker")


def test_intro_line_paragraph() -> None:
    text = (
        "Expert Tatiana Stanovaya has offered a cautious assessment:\n"
        "Breaking news is emerging. I do not observe any change in tactics."
    )
    assert who(text, 2) == ("Tatiana Stanovaya", "intro_line")


def test_no_attribution_means_none() -> None:
    assert who("A meeting on Wednesday lasted just 40 minutes.", 1) == (None, "")
    assert who("It is conceivable that Zelensky would agree, as he has said repeatedly.", 1)[1] != "pronoun"


def test_a_poll_is_not_the_candidate_it_is_about() -> None:
    from summarizer.ground import resolve_speaker

    people = [
        Actor(id="ana-smith", name="Ana Smith", type="person", aliases=["Ana Smith", "Smith"]),
        Actor(id="tom-ruiz", name="Tom Ruiz", type="person", aliases=["Tom Ruiz", "Ruiz"]),
    ]
    text = (
        "Ana Smith leads the race for mayor.\n"
        "A new citywide poll finds only half of voters trust Smith on housing.\n"
        "Tom Ruiz's own campaign survey shows him ahead by two points.\n"
    )
    a = build_article("poll.txt", text)
    s2, s3 = a.sentences[1], a.sentences[2]
    assert resolve_speaker(a, [s2], "Ana Smith", people) == (
        None,
        "narration",
        ["speaker_is_a_poll_or_study (model said 'Ana Smith'): narration"],
    )
    # A poll's share of its voters is the poll's, named in the text's words where the text says which poll.
    c = build_article(
        "share.txt", "Ana Smith leads.\nIn a poll by the Daily Post, just 28 percent of voters trust Smith.\n"
    )
    assert resolve_speaker(c, [c.sentences[1]], "Ana Smith", people) == (
        None,
        "a poll by the Daily Post",
        ["speaker_is_a_poll_or_study (model said 'Ana Smith')"],
    )
    # Named only as an owner ("Tom Ruiz's own campaign survey shows …"): the survey speaks, not Ruiz.
    assert resolve_speaker(a, [s3], "Tom Ruiz", people).name == "Tom Ruiz's own campaign survey"
    b = build_article("own.txt", "Tom Ruiz's lawyer said the ban was unfair.\nRuiz said he will appeal.\n")
    assert resolve_speaker(b, [b.sentences[1]], "Tom Ruiz", people).actor == people[1]


def test_a_poll_is_named_as_the_text_names_it_or_not_at_all() -> None:
    from summarizer.attribution.polls import data_source_name

    assert (
        data_source_name("Fans rate the coach highly, a new YouGov/Times survey shows.") == "a new YouGov/Times survey"
    )
    assert (
        data_source_name("In a study conducted by the Royal College of Nursing and Unison, 40 percent of nurses …")
        == "a study conducted by the Royal College of Nursing and Unison"
    )
    assert data_source_name("Only a third of members surveyed in a new poll released Friday back the merger.") == (
        "a new poll released Friday"
    )
    assert (
        data_source_name("A study by the Grattan Institute that found rents rose …")
        == "A study by the Grattan Institute"
    )
    assert data_source_name("Polls show the mayor ahead.") is None  # which polls, the text does not say
    assert data_source_name("The league is 5 points clear in the poll.") is None  # "the poll": named earlier, if at all
    assert data_source_name("A new citywide poll finds half of voters trust Smith.") is None


def test_a_headline_never_lends_words_to_a_name() -> None:
    from summarizer.attribution import named_speakers

    text = (
        "Mayor Refuses to Disavow Lindsey Park Endorsement\n"
        "Councillor Lindsey Park praised the mayor on Monday.\n"
        "“He is the best choice,” Park said.\n"
    )
    found = named_speakers(build_article("h.txt", text))
    assert any(n.endswith("Lindsey Park") and kind == "person" for n, kind in found), found
    assert not any("Disavow" in n for n, _ in found), found
    # A bare surname the story speaks with is spelled out from the story, never from the headline.
    text = (
        "Coach Aims Jibe At Moreno, Angers Fans Instead.\n"
        "On Monday the coach mocked club owner Rafael Moreno.\n"
        "“I will not sell the club,” Moreno responded.\n"
    )
    found = named_speakers(build_article("j.txt", text))
    assert ("Rafael Moreno", "person") in found, found


def test_a_person_of_unknown_kind_is_still_found_by_surname() -> None:
    from summarizer.attribution import mention_positions

    cruz = Actor(id="ted-cruz", name="Ted Cruz", type="other", aliases=["Ted Cruz"])
    fund = Actor(id="fund", name="Carnegie Fund", type="other", aliases=["Carnegie Fund"])
    assert mention_positions(cruz, "On Monday, Cruz said the vote was close.") == [11]
    assert mention_positions(fund, "The Fund said so.") == []  # an organisation word alone is not its name


def test_the_name_that_opens_or_closes_the_quotation_wins() -> None:
    from summarizer.attribution import explicit_speaker

    coach, owner = VENN, RUIZ
    cast = [coach, owner]
    text = "After Tom Ruiz criticized the referee, Venn shot back, “We lost because we played badly.”"
    assert explicit_speaker(text, cast) == coach
    assert explicit_speaker("“The deal is done,” Ruiz replied, after Venn had warned the board.", cast) == owner
    assert explicit_speaker("“No comment,” said Venn, as Tom Ruiz noted the score.", cast) == coach
    # Without a quotation the rule does not pick: two names with reporting verbs stay undecided.
    assert explicit_speaker("Tom Ruiz criticized the referee and Venn replied angrily.", cast) is None


def test_a_name_inside_a_relative_clause_does_not_report_the_sentence() -> None:
    from summarizer.attribution import explicit_speaker

    board = Actor(id="b", name="Rovers board", type="organization", aliases=["Rovers board", "board"])
    league = Actor(id="l", name="Premier League", type="organization", aliases=["Premier League", "League"])
    text = (
        "The sticking point is the players' demand for a pay rise, which the board has accepted and the League "
        "has rejected."
    )
    assert explicit_speaker(text, [board, league]) is None  # what happened to the demand, told by the outlet
    assert explicit_speaker("The fee, whom Venn said he would never pay, was dropped.", [VENN]) is None
    # Outside the relative clause the name still reports: "…, which was new, Venn said."
    assert explicit_speaker("The plan, which was new, will cost more, said Venn.", [VENN]) == VENN
    assert explicit_speaker("The League has rejected the demand, which the players made in May.", [league]) == league


def test_relay_chains_are_read_from_the_text() -> None:
    from summarizer.attribution import relay

    assert relay("The mill will close in May, Dagbladet reports, citing the Miners Union.") == (
        "Dagbladet, citing the Miners Union"
    )
    assert relay("The striker will move to Lyon, his agent told Marca.") == "Marca"
    assert relay("Prices rose 3%, Bloomberg reported on Monday.") == "Bloomberg"
    assert relay("He told reporters the vote was close.") is None  # nobody is named


def test_an_institution_named_by_its_kind_is_the_one_of_that_kind() -> None:
    from summarizer.attribution import explicit_speaker

    ministry = Actor(id="m", name="Defence Ministry", type="institution", aliases=["Defence Ministry"])
    court = Actor(id="c", name="Supreme Court", type="institution", aliases=["Supreme Court"])
    mayor = Actor(id="p", name="Ana Lind", type="person", aliases=["Ana Lind"])
    assert explicit_speaker("The ministry said the drills were routine.", [ministry, court, mayor]) == ministry
    assert explicit_speaker("The court ruled, and the court said the law stands.", [ministry, court]) == court
    two = [ministry, Actor(id="m2", name="Finance Ministry", type="institution", aliases=["Finance Ministry"])]
    assert explicit_speaker("The ministry said the drills were routine.", two) is None  # which one: not said


def test_a_capitalised_first_word_is_not_part_of_a_name() -> None:
    from summarizer.attribution import named_speakers

    text = "If Hillary Clinton said so, the vote is lost.\nWhen Tom Ruiz noted the figures, the board agreed.\n"
    found = {n for n, _ in named_speakers(build_article("f.txt", text))}
    assert found == {"Hillary Clinton", "Tom Ruiz"}


def test_sentence_openers_are_stripped_from_model_names_too() -> None:
    from summarizer.attribution import strip_leading

    assert strip_leading("If Hillary") == "Hillary"
    assert strip_leading("When Tom Ruiz") == "Tom Ruiz"
    assert strip_leading("Still") == "Still"  # one word is left as it is (and never a name on its own)


def test_the_subject_of_a_sentence_ending_in_telling_or_saying_speaks() -> None:
    from summarizer.attribution import explicit_speaker

    text = "Mayor Ana Lind backed the stadium plan in June, telling reporters it would pay for itself.\n"
    a = build_article("s.txt", text)
    lind = Actor(id="l", name="Ana Lind", type="person", aliases=["Ana Lind", "Lind"])
    club = Actor(id="c", name="Rovers", type="organization", aliases=["Rovers"])
    assert attribute(a, a.sentences, [lind, club]) == (lind, "subject")
    # "raised" alone is not a reporting verb: "Lind raised $2 million" says nothing.
    assert explicit_speaker("As the Daily Post noted, Lind raised $2 million.", [lind]) is None
    assert explicit_speaker("Lind raised doubts about the plan.", [lind]) == lind


def test_a_possessive_or_an_institution_opening_the_sentence_is_not_its_subject() -> None:
    from summarizer.attribution.speakers import _subject

    trump = Actor(id="t", name="Tom Ruiz", type="person", aliases=["Tom Ruiz", "Ruiz"])
    assert _subject("The Ruiz administration's deadline passed, saying nothing.", [trump]) is None
    assert _subject("Ruiz administration officials met, saying nothing.", [trump]) is None
    assert _subject("Ruiz backed the plan, saying it works.", [trump]) == trump


def test_an_aside_between_the_name_and_its_verb() -> None:
    from summarizer.attribution import explicit_speaker

    coach, owner = VENN, RUIZ
    cast = [coach, owner]
    assert explicit_speaker("Venn, on the other hand, has insisted that the squad is fit.", cast) == coach
    assert explicit_speaker("Ruiz, the club's owner since 2019, said the stadium will be sold.", cast) == owner
    assert explicit_speaker("Ruiz, who has feuded with the fans, on Friday described the plan.", cast) == owner
    assert explicit_speaker("Ruiz, whose family bought the club in 2019, said the stadium stays.", cast) == owner
    # A list of names is not an aside, and a quotation never sits inside one.
    assert explicit_speaker("Venn, Ruiz and the board said nothing.", cast) is None
    assert explicit_speaker("Venn, “we are done,” the fans said.", cast) is None


def test_a_name_inside_what_another_speaker_said_is_content() -> None:
    from summarizer.attribution import explicit_speaker

    judge = Actor(id="j", name="Anne Holt", type="person", aliases=["Anne Holt", "Holt"])
    firm = Actor(id="f", name="Dalton Steel", type="organization", aliases=["Dalton Steel"])
    cast = [judge, firm]
    text = "Judge Anne Holt said on Monday that Dalton Steel had admitted breaching the contract."
    assert explicit_speaker(text, cast) == judge
    assert explicit_speaker("Holt wrote: Dalton Steel argued the fine was too high.", cast) == judge
    # Two speakers side by side, neither inside the other's words: undecided.
    assert explicit_speaker("Dalton Steel denied the claim and Holt replied that it stands.", cast) is None
    assert explicit_speaker("Dalton Steel denied it, and Holt said the case goes on.", cast) is None


def test_a_subject_taking_a_stance_holds_the_position() -> None:
    from summarizer.attribution import explicit_speaker

    lind, ruiz = LIND, RUIZ
    cast = [lind, ruiz]

    def subject(text: str) -> Actor | None:
        a = build_article("s.txt", text + "\n")
        actor, how = attribute(a, a.sentences, cast)
        return actor if how == "stance" else None

    assert subject("Lind endorsed Ruiz for the board in early June.") == lind
    assert subject("But Ruiz also takes aim at the stadium plan.") == ruiz
    assert subject("Ruiz has repeatedly refused to sell the club.") == ruiz
    assert explicit_speaker("Ruiz has repeatedly refused to sell the club.", cast) is None  # not speech
    # An event, not a stance; and a possessive is not the subject.
    assert subject("Lind scored twice in the second half.") is None
    assert subject("In March, Lind did not respond to requests for comment.") == lind
    assert subject("Ruiz, the owner, responded to the fire alarm.") is None
    assert subject("Rovers club spokesman Tom Ruiz declined to comment.") == ruiz
    assert subject("Lind is also asking the council to reopen the depot.") == lind
    assert subject("Ruiz's company backed the plan.") is None


def test_an_unnamed_group_speaks_in_the_texts_own_words() -> None:
    from summarizer.attribution import group_source
    from summarizer.ground import resolve_speaker

    assert group_source("Senior officials said the plant would close in March.") == "Senior officials"
    assert (
        group_source("However, officials with the Northern Rail Authority made clear they will not pay.")
        == "officials with the Northern Rail Authority"
    )
    assert group_source("Top league leaders told reporters that the season will start late.") == "Top league leaders"
    assert group_source("The striker, whom officials said was injured, scored twice.") is None  # not the subject
    assert group_source("Analysts expect the shares to fall.") is None  # no reporting verb
    assert (
        group_source("The depot will stay open for years, according to senior rail officials.")
        == "senior rail officials"
    )
    assert (
        group_source(
            "Samples taken from the river contain lead, according to an independent researcher who tested them."
        )
        == "an independent researcher"
    )
    # The named speaker wins over a group; a group wins over a model's guess it cannot ground.
    ruiz = RUIZ
    a = build_article("g.txt", "Ruiz owns the club.\nClub officials said the stadium will be sold.\n")
    spk = resolve_speaker(a, [a.sentences[1]], "Tom Ruiz", [ruiz])
    assert (spk.actor, spk.name) == (None, "Club officials")
    a = build_article("g.txt", "Ruiz said, as officials said before, that the stadium will be sold.\n")
    assert resolve_speaker(a, a.sentences, "narration", [ruiz]).actor == ruiz


def test_a_name_a_verb_and_a_colon_before_a_quotation_name_the_speaker() -> None:
    from summarizer.attribution import explicit_speaker

    keeper = Actor(id="jan-berg", name="Jan Berg", type="person", aliases=["Jan Berg"])
    a = build_article("k.txt", "The club wanted a new deal.\nBerg refused: “I will see out my contract.”\n")
    assert explicit_speaker(a.sentences[1].text, [keeper]) == keeper
    assert explicit_speaker("The plan included: “three new stands”.", [keeper]) is None


def test_the_name_opening_a_sentence_speaks_through_its_second_predicate() -> None:
    from summarizer.attribution import explicit_speaker

    judge = Actor(id="ana-roth", name="Ana Roth", type="person", aliases=["Ana Roth"])
    club = Actor(id="rovers", name="Rovers", type="organization", aliases=["Rovers"])
    text = "Roth put off ruling on whether Rovers could sell the stadium but said the club could apply again."
    assert explicit_speaker(text, [judge, club]) == judge
    assert explicit_speaker("Roth fined Rovers, who said they would appeal.", [judge, club]) != judge
    assert explicit_speaker("“One fan came in and said it was over,” a steward said.", [judge, club]) is None


def test_one_unnamed_person_speaks_in_the_texts_own_words() -> None:
    from summarizer.attribution import group_source

    assert group_source("One fan wrote, “The stadium is a disgrace.”") == "One fan"
    assert group_source("Another passenger said, “We waited four hours.”") == "Another passenger"
    assert group_source("“The ferry will run again on Monday,” a port official said.") == "a port official"
    assert group_source("The plan, an inside source said, is to sell the club.") == "an inside source"
    # A name or an acronym may say whose member: "A Labour member", "An EU diplomat"; "likened" reports a view.
    assert group_source("A Labour member bluntly likened the budget to a tax on the poor.") == "A Labour member"
    assert group_source("An EU diplomat said the talks would resume.") == "An EU diplomat"
    assert group_source("Police arrested a man said to be the gang's leader.") is None  # not a clause's subject
    assert group_source("He spoke to a woman who said the road was closed.") is None


def test_an_institution_named_by_what_it_is_speaks_for_its_sentence() -> None:
    from summarizer.attribution import group_source

    assert group_source("The city hospital said five people were treated for injuries.") == "city hospital"
    assert group_source("The council estimated the repairs at 2 million pounds.") == "council"
    assert group_source("He said the council had agreed.") is None  # not the sentence's subject
    assert group_source("An estimated 5,000 people marched.") is None


def test_a_which_clause_between_a_name_and_its_verb_keeps_the_name_the_speaker() -> None:
    from summarizer.attribution import explicit_speaker

    acme = Actor(id="acme", name="Acme Steel", type="company", aliases=["Acme Steel"])
    text = "Acme Steel, which ran the plant until last year, said it had warned the council twice."
    assert explicit_speaker(text, [acme, VENN]) == acme


def test_the_last_speaker_does_not_carry_over_to_a_sentence_with_its_own_subject() -> None:
    from summarizer.ground import resolve_speaker

    lind = Actor(id="l", name="Ana Lind", type="person", aliases=["Ana Lind", "Lind"])
    a = build_article(
        "c.txt",
        "Minister Ana Lind said the repairs will cost 40 million.\n"
        "The repair bill climbed to 25 million last year.\n"
        "It will take two years, she added.\n"
        "The board estimated the cost at 25 million.\n",
    )
    # The model gives the later sentences to Lind; only the one that goes on from her is hers.
    assert resolve_speaker(a, [a.sentences[1]], "Ana Lind", [lind]).name == "narration"
    assert resolve_speaker(a, [a.sentences[2]], "Ana Lind", [lind]).actor == lind
    assert resolve_speaker(a, [a.sentences[3]], "Ana Lind", [lind]).name == "board"  # the text names its source


def test_a_speaker_named_after_the_quotation_with_a_description() -> None:
    from summarizer.attribution import explicit_speaker

    fan = Actor(id="f", name="Dana Orr", type="person", aliases=["Dana Orr", "Orr"])
    coach = VENN
    cast = [fan, coach]
    text = "“They sold our club,” said season-ticket holder Dana Orr when asked about Venn."
    assert explicit_speaker(text, cast) == fan
    assert explicit_speaker("“We will fight,” said the club's coach Mara Venn, after the vote.", cast) == coach
    # A name inside the reported words is not the one who said them.
    assert explicit_speaker("A steward said that Orr, a fan, had been banned.", cast) is None
    assert explicit_speaker("Venn asked to meet Orr, the fans' chair, on Monday.", cast) == coach
    club = Actor(id="r", name="Rovers", type="organization", aliases=["Rovers"])
    text = "Venn lacks support at Rovers, whom she has alienated, said Dana Orr, a season-ticket holder."
    assert explicit_speaker(text, [*cast, club]) == fan
    # The name after the quotation, with an aside, wins over a name with a verb inside the quotation.
    text = "“Venn believes the club can stay up,” Dana Orr, the supporters’ chair, said in a statement."
    assert explicit_speaker(text, cast) == fan


def test_institution_names_joined_by_of_or_for() -> None:
    from summarizer.attribution import explicit_speaker

    bank = Actor(id="b", name="Bank of England", type="organization", aliases=["Bank of England"])
    centre = Actor(id="c", name="Centre for Rail Safety", type="organization", aliases=["Centre for Rail Safety"])
    cast = [bank, centre]
    assert explicit_speaker("The Bank of England said rates will stay at 4 percent.", cast) == bank
    assert explicit_speaker("Delays doubled last year, according to the Centre for Rail Safety.", cast) == centre


def test_a_source_named_before_the_sentence_or_after_a_description() -> None:
    from summarizer.attribution import explicit_speaker

    owner = RUIZ
    paper = Actor(id="p", name="Daily Post", type="media", aliases=["Daily Post"])
    cast = [owner, paper]
    assert explicit_speaker("As the Daily Post noted, Ruiz raised $2 million.", cast) == paper
    # Reported speech inside a time clause is still that person's: the quote is theirs.
    assert explicit_speaker("The deal came days after Ruiz told the Daily Post he was “not there yet”.", cast) == owner
    cummings = Actor(id="c", name="Eli Cummings", type="person", aliases=["Eli Cummings", "Cummings"])
    assert explicit_speaker("“We are done,” said ranking member Eli Cummings (D-Md.).", [cummings]) == cummings


def test_a_day_is_never_a_speaker() -> None:
    from summarizer.attribution import named_speakers

    text = "Also Monday, officials said the bridge will close.\nOn Tuesday Lind said it would not.\n"
    assert {n for n, _ in named_speakers(build_article("d.txt", text))} == {"Lind"}


def test_the_speaker_named_after_the_verb_and_a_name_set_off_by_commas() -> None:
    """ "… for the club, said Venn": the club's name before the comma is not who speaks. A verb placed
    before its speaker ("…, predicted Mara Venn, the former coach") names the speaker; a name set off by
    commas ("the club's lawyer, Tom Ruiz, wrote") and a long description of the speaker as an aside do too."""
    from summarizer.attribution import explicit_speaker

    club = Actor(id="k", name="Leeds United", type="organization", aliases=["Leeds United", "Leeds"])
    cast = [VENN, RUIZ, club]
    assert explicit_speaker("“This will be a hard season” for Leeds, said Venn.", cast) == VENN
    assert explicit_speaker("He will leave in the summer, predicted Mara Venn, the former coach.", cast) == VENN
    assert explicit_speaker("The club's lawyer, Tom Ruiz, wrote that the sale was lawful.", cast) == RUIZ
    assert (
        explicit_speaker(
            "Meanwhile, analyst Mara Venn, a senior fellow at the Institute for Sport Finance and founder of "
            "a consultancy, has offered a cautious assessment of the sale.",
            cast,
        )
        == VENN
    )
    # A verb that takes a person as its object is never read as placed before its speaker.
    assert explicit_speaker("The report, sent on Friday, warned Ruiz.", cast) is None


def test_a_speaker_the_text_itself_has_speak_is_kept_though_no_actor() -> None:
    """The model's "Union chief" is no actor, but the text says "Union chief says …": the speaker in the
    text's spelling. Where the text does not have it speak, the claim stays the outlet's."""
    from summarizer.ground import resolve_speaker

    a = build_article("u.txt", "Rail union chief says the strike will go ahead.\nThe union chief is worried.\n")
    spk = resolve_speaker(a, [a.sentences[0]], "rail Union chief", [RUIZ])
    assert (spk.actor, spk.name) == (None, "Rail union chief")
    assert resolve_speaker(a, [a.sentences[1]], "union chief", [RUIZ]).name == "narration"  # worried: no speech
    assert resolve_speaker(a, [a.sentences[0]], "He", [RUIZ]).name == "narration"  # a pronoun is no speaker


def test_a_quote_that_is_only_a_name_is_no_claim() -> None:
    """List entries and credit lines ("Rep. Tom Ruiz, R-York.", "[AP.]") are dropped with a warning; a
    short real statement ("“No,” Venn said.") stays."""
    from summarizer.ground import build_claims
    from summarizer.schemas import WindowClaim

    text = (
        "The line-up, out on Friday, includes Rep. Mara Venn, R-Leeds; Rep. Tom Ruiz, R-York.\n[AP.]\n"
        "“No,” Venn said.\n"
    )
    a = build_article("l.txt", text)
    assert [s.text for s in a.sentences] == [
        "The line-up, out on Friday, includes Rep. Mara Venn, R-Leeds;",
        "Rep. Tom Ruiz, R-York.",
        "[AP.]",
        "“No,” Venn said.",
    ]
    raw = [
        WindowClaim(sentence_ids=[s.id], speaker=speaker, stance="asserts", statement="x x x", topic="tt")
        for s, speaker in zip(a.sentences[1:], ["Tom Ruiz", "AP", "Mara Venn"], strict=True)
    ]
    claims, dropped = build_claims(a, raw, [VENN, RUIZ])
    assert [c.quote for c in claims] == ["“No,” Venn said."]
    assert len(dropped) == 2 and all("its quote is a name, not a statement" in d for d in dropped)


def test_a_quotation_that_goes_on_in_the_next_sentence_is_its_speakers() -> None:
    """'“…,” Venn said. “…”': the second quotation is Venn's, whether the model skipped it or gave it to
    no one; a quotation in its own paragraph, or after a sentence quoting no one, is left alone."""
    from summarizer.ground import build_claims
    from summarizer.schemas import WindowClaim

    text = (
        "Coach Mara Venn spoke after the defeat. “We never found our rhythm,” she said. “But this squad will "
        "come back stronger.”\nThe club has lost four games in a row.\n“Nobody is safe in this league.”\n"
    )
    a = build_article("q.txt", text)
    quotes = [a.sentences[2], a.sentences[4]]
    claims, _ = build_claims(a, [], [VENN, RUIZ])
    by_quote = {c.quote: c.speaker for c in claims}
    assert by_quote[quotes[0].text] == "Mara Venn"
    assert quotes[1].text not in by_quote  # its own paragraph, after a sentence that quotes no one
    model = [WindowClaim(sentence_ids=[3], speaker="narration", stance="asserts", statement="x x x", topic="tt")]
    claims, _ = build_claims(a, model, [VENN, RUIZ])
    assert {c.quote: c.speaker for c in claims}[quotes[0].text] == "Mara Venn"


def test_a_speaker_who_agrees_speaks_in_the_quotation_that_follows() -> None:
    """'Lund University's Ana Lind agreed. “…”': the quotation is Lind's, and "Lind agreed." alone is no
    claim; "The club agreed to sell" is an act, not speech."""
    from summarizer.attribution import named_speakers
    from summarizer.ground import build_claims

    text = (
        "Tom Ruiz said rates would stay high.\n"
        "Lund University's Ana Lind agreed. “Rates will not fall before the summer. The bank has said as much.”\n"
        "The club agreed to sell its striker.\n"
    )
    a = build_article("agree.txt", text)
    assert ("Ana Lind", "person") in named_speakers(a)
    claims, _ = build_claims(a, [], [RUIZ, LIND])
    by_quote = {c.quote: c.speaker for c in claims}
    assert by_quote["“Rates will not fall before the summer."] == "Ana Lind"
    assert "Lund University's Ana Lind agreed." not in by_quote  # the attribution alone says nothing
    assert who("Peskov agreed to meet Rubio in Geneva.", 1)[1] != "explicit"  # an act ("stance" at most)
    assert who("Peskov and Rubio agreed on a venue for the talks.", 1)[1] != "explicit"
    assert who("Peskov agreed that the talks had stalled.", 1) == ("Dmitry Peskov", "explicit")


def test_the_person_written_to_is_not_the_writer() -> None:
    """ "…, Ruiz wrote Lind.": Ruiz wrote, to Lind; "…,” wrote Lind." is Lind's."""
    from summarizer.attribution import explicit_speaker

    text = "The files are stored safely and there is no need to move them, Ruiz wrote Lind."
    assert explicit_speaker(text, [RUIZ, LIND]) == RUIZ
    assert explicit_speaker("“The files are safe,” wrote Lind.", [RUIZ, LIND]) == LIND
    assert explicit_speaker("The files are safe, wrote Lind in a memo.", [RUIZ, LIND]) == LIND


SEASON = (
    "According to Venn, the squad is worn out.\n"
    "“We play every three days.”\n"
    "The fixture list, she argues, is simply too dense.\n"
    "The league can frame this in a dozen ways.\n"
    "It has done so for years, but nothing has changed.\n"
    "She further noted that the cup run would make it worse.\n"
    "Ruiz challenged the schedule in 2019.\n"
)


def test_a_pronoun_speaker_refers_through_an_earlier_pronoun_speaker_to_the_named_one() -> None:
    a = build_article("season.txt", SEASON)
    s = {x.text[:12]: x for x in a.sentences}
    # "She further noted": no name in the three sentences before it, but "she argues" there is Venn's.
    assert attribute(a, [s["She further "]], [VENN, RUIZ]) == (VENN, "pronoun")
    # A claim the model made of two sentences: the later one says who speaks.
    assert attribute(a, [s["It has done "], s["She further "]], [VENN, RUIZ]) == (VENN, "pronoun")
    # …but a later sentence whose subject only takes a stance speaks for nobody else.
    assert attribute(a, [s["It has done "], s["Ruiz challen"]], [VENN, RUIZ]) == (None, "")


def test_the_present_tense_reports_speech_and_a_possessive_does_not() -> None:
    """Analysis and headlines report in the present ("Venn frequently stresses that …"); "Venn's
    remarks" is what someone else talked about, not Venn speaking."""
    from summarizer.attribution import explicit_speaker

    assert explicit_speaker("Club owner Mara Venn frequently stresses that the stadium will stay.", [VENN]) == VENN
    assert explicit_speaker("The ministry insists the drills are routine.", [VENN]) is None  # no such actor
    assert (
        explicit_speaker("The broadcaster barely mentioned Venn’s remarks and went back to its panel.", [VENN]) is None
    )
    assert (
        explicit_speaker(
            "Reynolds says the bill fails.", [Actor(id="r", name="Reynolds", type="person", aliases=["Reynolds"])]
        )
        is not None
    )


def test_an_abbreviated_title_is_no_part_of_a_name() -> None:
    from summarizer.attribution import named_speakers, strip_leading

    assert strip_leading("Pres. Obama") == "Obama"
    assert strip_leading("Gov. Nathan Deal") == "Nathan Deal"
    assert strip_leading("Sen.") == "Sen."
    text = "In a new interview, Sen. Ana Lind admits the plan did not work.\n"
    assert {n for n, _ in named_speakers(build_article("g.txt", text))} == {"Ana Lind"}


def test_the_parties_of_a_reported_dispute_are_not_the_sentences_speaker() -> None:
    """'While X has expressed hope …, Y insists …' is the outlet's report of two positions; in '…, noting
    that …, though Y maintains …' Y is the other side, and the sentence is still its subject's."""
    from summarizer.attribution import explicit_speaker

    league = Actor(id="lg", name="League", type="organization", aliases=["the league", "League"])
    union = Actor(id="un", name="Union", type="organization", aliases=["the union", "Union"])
    text = "While the League has expressed hope that the season will resume, the Union insists that talks must go on."
    assert explicit_speaker(text, [league, union]) is None
    text = (
        "Venn also raised doubts about the deal, noting that the contract ended in May, though Ruiz maintains it holds."
    )
    assert explicit_speaker(text, [VENN, RUIZ]) == VENN
    # "…, the union said, a claim the league rejected": the sentence is the union's; the league is the other side.
    text = "The season will resume in May, the Union said on Friday, a claim the League rejected."
    assert explicit_speaker(text, [league, union]) == union


def test_a_dispute_is_read_in_time_linear_in_the_text() -> None:
    """Hostile text: a 20,000-word paragraph without a comma (this took 37 s a call when the clause
    patterns were unbounded; speakers are looked up in whole paragraphs)."""
    from summarizer.attribution.disputes import disputes

    assert disputes("word " * 20_000) == []


def test_a_name_after_a_preposition_is_not_the_subject() -> None:
    from summarizer.attribution import explicit_speaker

    board = Actor(id="b", name="National Rowing Board", type="organization", aliases=["National Rowing Board"])
    text = "The appeal of Tom Ruiz has confirmed the fears of his club, the National Rowing Board said on Monday."
    assert explicit_speaker(text, [board, RUIZ]) == board
    assert explicit_speaker("A lawyer for Tom Ruiz said the ban was unfair.", [RUIZ]) is None
    town = Actor(id="t", name="Port Aldin", type="place", aliases=["Port Aldin"])
    assert explicit_speaker("The city of Port Aldin denied that it had been warned.", [town]) == town


def test_an_institution_called_by_its_kind_after_the_clause() -> None:
    from summarizer.attribution import explicit_speaker

    fed = Actor(
        id="f", name="European Fencing Federation", type="organization", aliases=["European Fencing Federation"]
    )
    text = "Tom Ruiz has been suspended for two years by the European Fencing Federation, the federation announced."
    assert explicit_speaker(text, [fed, RUIZ]) == fed


def test_a_pronoun_refers_to_the_subject_of_the_sentence_just_before() -> None:
    # "she" after a sentence whose subject is Lind is Lind's, not the older speaker's (Ruiz, two back).
    actors = [RUIZ, LIND]
    a = build_article(
        "s.txt",
        "“The verdict is a scandal,” Tom Ruiz said on Tuesday. Club director Ana Lind welcomed the verdict. "
        "She said the court had applied the rules as written.",
    )
    assert attribute(a, [a.sentences[2]], actors) == (LIND, "pronoun")
    # An actor of unknown kind named like a person ("Venn" typed other) can be "he" too.
    venn = Actor(id="v", name="Venn", type="other", aliases=["Venn"])
    b = build_article("t.txt", "Tom Ruiz said the hearing went well. Venn confirmed that an appeal will follow. "
                      "The hearing is expected in May, he said.")  # fmt: skip
    assert attribute(b, [b.sentences[2]], [RUIZ, venn]) == (venn, "pronoun")


def test_a_sentence_that_opens_with_another_actor_is_not_the_last_speakers() -> None:
    from summarizer.ground import resolve_speaker

    a = build_article(
        "u.txt",
        "“We have zero tolerance,” coach Ana Lind said.\n"
        "Ruiz had been with the club since 2019 and won two titles.\n"
        "That season envisioned Ruiz as captain.\n",
    )
    actors = [LIND, RUIZ]
    assert resolve_speaker(a, [a.sentences[1]], "Ana Lind", actors).name == "narration"
    # "Ruiz" here is no subject: the sentence opens with "That season envisioned".
    from summarizer.attribution.speakers import opening_actor

    assert opening_actor(a.sentences[2].text, actors) is None
    assert opening_actor(a.sentences[1].text, actors) == RUIZ
    assert opening_actor("Ruiz's lawyer said the ban was unfair.", actors) is None  # a possessive
