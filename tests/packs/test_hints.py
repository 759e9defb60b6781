"""Authoring hints that catch a correct choice given away by its length, its qualifiers, the
prompt's wording, or its place in the file; each next to a close question that is fine."""

from __future__ import annotations

from quizapp.core.model import Choice, Citation, Pack, PackInfo, Question, QuestionType, Source
from quizapp.packs.hints import pack_hints, question_hints


def mc(prompt: str, right: str, *wrong: str, qid: str = "q") -> Question:
    """A multiple-choice question, the correct choice first."""
    choices = (Choice(right, True), *(Choice(w, False) for w in wrong))
    return Question(
        qid, QuestionType.MULTIPLE_CHOICE, prompt, choices, "Because.", (Citation("s"),)
    )


def hints(question: Question) -> list[str]:
    return [message for _, message in question_hints(question)]


def pack(*questions: Question) -> Pack:
    source = Source("s", "S", date="2000", url="https://x.org")
    return Pack(PackInfo("p", "P", "1.0.0"), (source,), (), questions)


LONGER = "the correct choice is much longer than the others, which gives it away"


# -- length --------------------------------------------------------------------------------
def test_a_correct_choice_half_as_long_again_as_every_other_is_hinted() -> None:
    question = mc(
        "Which offices did Gorbachev hold in late 1990?",
        "General Secretary of the Communist Party of the Soviet Union, and President of the USSR",
        "General Secretary of the Soviet Union, a state office",
        "Chairman of the Council of Ministers (Premier) of the USSR",
        "President of the Russian Federation",
    )
    assert hints(question) == [LONGER]


def test_a_correct_choice_a_little_longer_than_the_longest_wrong_one_is_not_hinted() -> None:
    question = mc(
        "Who signed the Belavezha Accords as the leader of Belarus?",
        "Stanislav Shushkevich, Chairman of the Supreme Soviet",
        "Stanislav Shushkevich, President of Belarus",
        "Leonid Kravchuk, President of Belarus",
    )
    assert hints(question) == []


def test_short_choices_are_not_hinted_for_a_few_letters_more() -> None:
    assert hints(mc("Which is the capital of France?", "Paris", "Lyon", "Nice")) == []


# -- qualifiers ----------------------------------------------------------------------------
def test_a_correct_choice_that_alone_hedges_is_hinted() -> None:
    question = mc(
        "What did the 1990 talks cover?",
        "Largely the future of Germany",
        "The Baltic states",
        "Ukraine's borders",
        "Soviet troops in Cuba",
    )
    assert hints(question) == [
        'only the correct choice is qualified ("Largely"), which gives it away: qualify a wrong '
        "choice the same way, or drop it"
    ]


def test_a_hedge_that_a_wrong_choice_shares_is_not_hinted() -> None:
    question = mc("What was the turnout?", "About 37%", "About 56%", "49%")
    assert hints(question) == []


def test_about_counts_as_a_hedge_only_before_an_amount() -> None:
    assert "qualified" in hints(mc("Turnout?", "About 37%", "56%", "60%"))[0]
    assert hints(mc("What was discussed?", "Talks about Germany", "Cuba", "Oil")) == []


def test_the_month_may_is_not_a_hedge() -> None:
    assert hints(mc("When?", "Moscow May 1992", "Warsaw 1993", "Kyiv 1994")) == []


def test_a_correct_choice_that_alone_adds_a_clause_is_hinted() -> None:
    question = mc(
        "Which threat did he name first?",
        "Expansion of NATO, moving closer",
        "Western sanctions on banks",
        "The invasion of Iraq",
        "The ABM Treaty withdrawal",
    )
    assert hints(question) == [
        "only the correct choice is qualified (a second part after a comma), which gives it "
        "away: qualify a wrong choice the same way, or drop it"
    ]


def test_a_remark_in_brackets_is_a_qualifier_but_an_abbreviation_is_not() -> None:
    with_remark = mc("Which office?", "Premier (in name)", "President", "Chancellor")
    assert "(a remark in brackets)" in hints(with_remark)[0]
    assert hints(mc("Which standard?", "Guidelines (WCAG)", "Section 508", "The EN")) == []


def test_choices_that_all_have_a_clause_are_not_hinted() -> None:
    question = mc(
        "Where and when?",
        "Warsaw, 25 August 1993",
        "Moscow, May 1992",
        "Budapest, 5 December 1994",
    )
    assert hints(question) == []


def test_a_much_longer_and_qualified_choice_gets_one_hint() -> None:
    question = mc(
        "Where did the revelation come from?",
        "Interviews for Oliver Stone's documentary, with clips released in June 2017",
        "A speech in Munich in 2007",
        "A call-in programme in 2014",
    )
    assert hints(question) == [LONGER]


# -- wording -------------------------------------------------------------------------------
def test_a_rare_word_of_the_prompt_in_the_correct_choice_alone_is_hinted() -> None:
    question = mc("Who is buried in Grant's tomb?", "Grant", "Napoleon", "Churchill")
    assert hints(question) == [
        'the prompt and only the correct choice say "Grant", which gives it away: reword one of '
        "them or use the word in a wrong choice too"
    ]


def test_choices_that_all_echo_the_prompt_are_not_hinted() -> None:
    question = mc(
        "Of Hungary, Georgia and Slovenia, which was in the Warsaw Pact?",
        "Hungary",
        "Georgia",
        "Slovenia",
    )
    assert hints(question) == []


def test_common_and_short_words_shared_with_the_prompt_are_not_hinted() -> None:
    question = mc("Which of these cities was the capital?", "Which one: Bonn", "Bremen", "Kiel")
    assert not any("say" in h for h in hints(question))


def test_an_acronym_spelled_out_in_the_prompt_is_hinted() -> None:
    question = mc(
        "Which alliance is the Collective Security Treaty Organization known by?",
        "CSTO",
        "SCO",
        "EAEU",
    )
    assert hints(question) == [
        'the prompt spells out "CSTO" (Collective Security Treaty Organization) and only the '
        "correct choice names it, which gives it away: use the short form in the prompt or in "
        "a wrong choice too"
    ]


def test_an_acronym_with_small_words_inside_its_name_is_found() -> None:
    question = mc(
        "At a summit of the Conference on Security and Co-operation in Europe, who spoke?",
        "Yeltsin, for the CSCE host",
        "Kohl, for Germany",
        "Walesa, for Poland",
    )
    assert any('spells out "CSCE"' in h for h in hints(question))


def test_an_acronym_that_a_wrong_choice_names_too_is_not_hinted() -> None:
    question = mc(
        "When did the Collective Security Treaty Organization take in members?",
        "CSTO in 2002",
        "CSTO in 1992",
        "CSTO in 2012",
    )
    assert hints(question) == []


def test_wording_hints_point_at_the_prompt() -> None:
    question = mc("Who is buried in Grant's tomb?", "Grant", "Napoleon", "Churchill")
    assert [field for field, _ in question_hints(question)] == ["prompt"]


# -- place in the file ---------------------------------------------------------------------
def questions_right_at(*places: int) -> list[Question]:
    out = []
    for i, place in enumerate(places):
        choices = tuple(Choice(f"Choice {n}", n == place) for n in range(4))
        out.append(
            Question(f"q{i}", QuestionType.MULTIPLE_CHOICE, f"Q{i}?", choices, "Because.", ())
        )
    return out


def test_a_correct_choice_first_in_most_questions_is_hinted_once_for_the_pack() -> None:
    found = [p for p in pack_hints(pack(*questions_right_at(0, 0, 0, 0, 1, 2)), "x.toml")]
    assert [(p.line, p.path, p.message) for p in found] == [
        (
            None,
            "questions",
            "questions: hint: the correct choice is the first in 4 of 6 multiple-choice "
            "questions: with shuffling off, learners can guess it; vary its place in the file",
        )
    ]


def test_a_correct_choice_in_the_same_place_in_half_the_questions_is_not_hinted() -> None:
    assert pack_hints(pack(*questions_right_at(0, 0, 0, 1, 2, 3)), "x.toml") == []


def test_too_few_questions_are_not_hinted_for_their_correct_choices_place() -> None:
    assert pack_hints(pack(*questions_right_at(2, 2, 2, 2, 2)), "x.toml") == []


def test_select_all_questions_with_one_correct_choice_are_counted_too() -> None:
    questions = questions_right_at(2, 2, 2, 2, 2, 0)
    select_all = Question(
        "sa", QuestionType.MULTIPLE_RESPONSE, "Pick?", questions[0].choices, "Because.", ()
    )
    found = pack_hints(pack(*questions, select_all), "x.toml")
    assert [p.message for p in found] == [
        "questions: hint: the correct choice is the third in 6 of 7 questions with one correct "
        "choice: with shuffling off, learners can guess it; vary its place in the file"
    ]
