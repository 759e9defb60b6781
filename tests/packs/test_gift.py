"""The GIFT parser reads every case of the shared cases.md (A-D) exactly as Moodle does."""

from __future__ import annotations

from typing import Any, Final

import pytest

from quizapp.packs.gift import (
    BAD_MATCHING,
    BRACE_ERROR,
    NO_NUMERICAL_ANSWERS,
    NOT_ENOUGH_ANSWERS,
    NOT_NUMBERS,
    GiftAnswer,
    GiftError,
    GiftItem,
    parse_gift,
)

A = GiftAnswer


def mc(text: str, *answers: GiftAnswer, single: bool = True, line: int = 1, **kw: Any) -> GiftItem:
    return GiftItem(line, "multichoice", text=text, answers=answers, single=single, **kw)


def tf(text: str, correct: bool, line: int = 1, **kw: Any) -> GiftItem:
    return GiftItem(line, "truefalse", text=text, correct=correct, **kw)


def item(kind: Any, text: str, *answers: GiftAnswer, line: int = 1, **kw: Any) -> GiftItem:
    return GiftItem(line, kind, text=text, answers=answers, **kw)


HTML: Final = "html"
Q2_TEXT = "What's between orange and green in the spectrum?"

# (source, expected items, expected errors); every item is at line 1 unless it says otherwise.
CASES = [
    pytest.param(
        "// multiple choice with specified feedback for right and wrong answers\n"
        f"::Q2:: {Q2_TEXT}\n"
        "{\n"
        "    =yellow # right; good!\n"
        "    ~red # [html]wrong, it's yellow\n"
        "    ~[plain]blue # wrong, it's yellow\n"
        "}\n",
        [
            mc(
                Q2_TEXT,
                A("yellow", fraction=1.0, feedback="right; good!"),
                A("red", feedback="wrong, it's yellow", feedback_format=HTML),
                A("blue", "plain", feedback="wrong, it's yellow"),
                line=2,
                name="Q2",
            )
        ],
        [],
        id="A1-single-answer-with-format-tags",
    ),
    pytest.param(
        f"::colours:: {Q2_TEXT}\n"
        "{\n"
        "    ~%50%yellow # right; good!\n"
        "    ~%-100%red # [html]wrong\n"
        "    ~%50%off-beige # right; good!\n"
        "    ~%-100%[plain]blue # wrong\n"
        "}\n",
        [
            mc(
                Q2_TEXT,
                A("yellow", fraction=0.5, feedback="right; good!"),
                A("red", fraction=-1.0, feedback="wrong", feedback_format=HTML),
                A("off-beige", fraction=0.5, feedback="right; good!"),
                A("blue", "plain", fraction=-1.0, feedback="wrong"),
                single=False,
                name="colours",
            )
        ],
        [],
        id="A2-weights-make-multiple-response",
    ),
    pytest.param(
        f"::colours:: {Q2_TEXT}{{ ~%100%yellow # right; good! ~%-50%red # wrong "
        "~%-50%blue # wrong }",
        [
            mc(
                Q2_TEXT,
                A("yellow", fraction=1.0, feedback="right; good!"),
                A("red", fraction=-0.5, feedback="wrong"),
                A("blue", fraction=-0.5, feedback="wrong"),
                single=False,
                name="colours",
            )
        ],
        [],
        id="A3-100-percent-weight-stays-multiple-response",
    ),
    pytest.param(
        "Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}",
        [
            mc(
                "Who's buried in Grant's tomb?",
                A("Grant"),
                A("Jefferson"),
                A("no one", fraction=1.0),
            )
        ],
        [],
        id="A4-basic",
    ),
    pytest.param(
        "Grant is {~buried =entombed ~living} in Grant's tomb.",
        [
            mc(
                "Grant is _____ in Grant's tomb.",
                A("buried"),
                A("entombed", fraction=1.0),
                A("living"),
            )
        ],
        [],
        id="A5-missing-word",
    ),
    pytest.param(
        "Since {\n  ~495 AD\n  =1066 AD\n  ~1215 AD\n  ~ 43 AD\n}\n"
        'the town of Hastings England has been "famous with visitors".',
        [
            mc(
                'Since _____\nthe town of Hastings England has been "famous with visitors".',
                A("495 AD"),
                A("1066 AD", fraction=1.0),
                A("1215 AD"),
                A("43 AD"),
            )
        ],
        [],
        id="A6-multi-line-missing-word",
    ),
    pytest.param(
        "::Jesus' hometown::Jesus Christ was from {\n"
        "    ~Jerusalem#This was an important city, but the wrong answer.\n"
        "    ~%25%Bethlehem#He was born here, but not raised here.\n"
        "    ~%50%Galilee#You need to be more specific.\n"
        "    =Nazareth#Yes! That's right!}.",
        [
            mc(
                "Jesus Christ was from _____.",
                A("Jerusalem", feedback="This was an important city, but the wrong answer."),
                A("Bethlehem", fraction=0.25, feedback="He was born here, but not raised here."),
                A("Galilee", fraction=0.5, feedback="You need to be more specific."),
                A("Nazareth", fraction=1.0, feedback="Yes! That's right!"),
                name="Jesus' hometown",
            )
        ],
        [],
        id="A7-partial-credit-with-a-right-answer",
    ),
    pytest.param(
        "What two people are entombed in Grant's tomb? "
        "{ ~%-50%No one ~%50%Grant ~%50%Grant's wife ~%-50%Grant's father }",
        [
            mc(
                "What two people are entombed in Grant's tomb?",
                A("No one", fraction=-0.5),
                A("Grant", fraction=0.5),
                A("Grant's wife", fraction=0.5),
                A("Grant's father", fraction=-0.5),
                single=False,
            )
        ],
        [],
        id="A8-negative-weights",
    ),
    pytest.param(
        "Select all of the options below which name a continent\\:{\n"
        "    ~%33.33333%Africa\n    ~%33.33333%Asia\n    ~%-100%China\n"
        "    ~%33.33333%Antarctica\n    ~%-100%America\n}",
        [
            mc(
                "Select all of the options below which name a continent:",
                A("Africa", fraction=33.33333 / 100),
                A("Asia", fraction=33.33333 / 100),
                A("China", fraction=-1.0),
                A("Antarctica", fraction=33.33333 / 100),
                A("America", fraction=-1.0),
                single=False,
            )
        ],
        [],
        id="A9-decimal-weights-and-escaped-colon",
    ),
    pytest.param(
        "[html]<p>The sun rises in which direction?</p> {=<p>The east.</p>#<b>Awesome!</b> "
        "~<p>The west.</p>#What planet did <em>you</em> grow up on?}",
        [
            mc(
                "<p>The sun rises in which direction?</p>",
                A("<p>The east.</p>", HTML, 1.0, "<b>Awesome!</b>", HTML),
                A("<p>The west.</p>", HTML, 0.0, "What planet did <em>you</em> grow up on?", HTML),
                text_format=HTML,
                general_feedback_format=HTML,
            )
        ],
        [],
        id="A10-html-inherited-by-answers-and-feedback",
    ),
    pytest.param(
        "Which answer equals 5? {\n   ~ \\= 2 + 2\n   = \\= 2 + 3\n   ~ \\= 2 + 4\n}",
        [mc("Which answer equals 5?", A("= 2 + 2"), A("= 2 + 3", fraction=1.0), A("= 2 + 4"))],
        [],
        id="A13-escaped-equals-in-answers",
    ),
    pytest.param(
        "::GIFT Control Characters::\n"
        "Which of the following is NOT a control character for the GIFT import format? {\n"
        "   ~ \\~     # \\~ is a control character.\n"
        "   ~ \\=     # \\= is a control character.\n"
        "   ~ \\#     # \\# is a control character.\n"
        "   ~ \\{     # \\{ is a control character.\n"
        "   ~ \\}     # \\} is a control character.\n"
        "   = \\\\     # Correct! \\\\ (backslash) is not a control character. BUT,\n"
        "              it is used to escape the control characters. So, to specify\n"
        "              a literal backslash, you must escape it with a backslash\n"
        "              (as shown in this example).\n"
        "}",
        [
            mc(
                "Which of the following is NOT a control character for the GIFT import format?",
                *(A(c, feedback=f"{c} is a control character.") for c in "~=#{}"),
                A(
                    "\\",
                    fraction=1.0,
                    feedback="Correct! \\ (backslash) is not a control character. BUT,\n"
                    "it is used to escape the control characters. So, to specify\n"
                    "a literal backslash, you must escape it with a backslash\n"
                    "(as shown in this example).",
                ),
                name="GIFT Control Characters",
            )
        ],
        [],
        id="A14-every-control-character-escaped",
    ),
    pytest.param(
        "How to make coffee?{~go to starbucks -> order a coffee =get coffee powder -> add water}",
        [
            mc(
                "How to make coffee?",
                A("go to starbucks -> order a coffee"),
                A("get coffee powder -> add water", fraction=1.0),
            )
        ],
        [],
        id="A15-arrow-in-multichoice-is-not-matching",
    ),
    pytest.param(
        "Specify the seasons\\: {= spring = summer = winter = autumn ~ easter}",
        [
            mc(
                "Specify the seasons:",
                *(A(s, fraction=1.0) for s in ("spring", "summer", "winter", "autumn")),
                A("easter"),
            )
        ],
        [],
        id="A16-several-right-answers-in-single-select",
    ),
    pytest.param(
        "// true/false\n::Q1:: 42 is the Absolute Answer to everything.{\n"
        "FALSE#42 is the Ultimate Answer.#You gave the right answer.}",
        [
            tf(
                "42 is the Absolute Answer to everything.",
                False,
                line=2,
                name="Q1",
                feedback_true="42 is the Ultimate Answer.",
                feedback_false="You gave the right answer.",
            )
        ],
        [],
        id="B1-false-with-both-feedbacks",
    ),
    pytest.param(
        "// name 0-11\n::2-08 TSL::TSL is blablabla.{T}\n\n"
        "// name 0-11\n::2-08 TSL::TSL is blablabla.{TRUE}",
        [
            tf("TSL is blablabla.", True, line=2, name="2-08 TSL"),
            tf("TSL is blablabla.", True, line=5, name="2-08 TSL"),
        ],
        [],
        id="B2-T-and-TRUE",
    ),
    pytest.param(
        "Grant is buried in Grant's tomb.{F}\n\nThe sun rises in the east.{T}\n\n"
        "Grant is buried in Grant's tomb.{FALSE}",
        [
            tf("Grant is buried in Grant's tomb.", False),
            tf("The sun rises in the east.", True, line=3),
            tf("Grant is buried in Grant's tomb.", False, line=5),
        ],
        [],
        id="B3-F-T-FALSE",
    ),
    pytest.param(
        "Grant is buried in Grant's tomb.{FALSE#No one is buried in Grant's tomb.}",
        [
            tf(
                "Grant is buried in Grant's tomb.",
                False,
                feedback_true="No one is buried in Grant's tomb.",
            )
        ],
        [],
        id="B4-false-with-one-feedback-is-for-answering-true",
    ),
    pytest.param(
        "Grant is buried in Grant's tomb.{TRUE#feedback for true}",
        [tf("Grant is buried in Grant's tomb.", True, feedback_false="feedback for true")],
        [],
        id="B5-first-feedback-is-for-the-wrong-answer",
    ),
    pytest.param(
        "Grant is buried in Grant's tomb.{TRUE# #feedback for false}",
        [tf("Grant is buried in Grant's tomb.", True, feedback_true="feedback for false")],
        [],
        id="B7-true-with-an-empty-first-feedback",
    ),
    pytest.param(
        "Grant is buried in Grant's tomb.{FALSE#feedback for true #feedback for false}",
        [
            tf(
                "Grant is buried in Grant's tomb.",
                False,
                feedback_true="feedback for true",
                feedback_false="feedback for false",
            )
        ],
        [],
        id="B8-false-with-two-feedbacks",
    ),
    pytest.param(
        "::True/false question::[html]The answer is true.{TRUE#This is the wrong answer."
        "#This is the right answer.####You should have selected true.}",
        [
            tf(
                "The answer is true.",
                True,
                name="True/false question",
                text_format=HTML,
                feedback_true="This is the right answer.",
                feedback_true_format=HTML,
                feedback_false="This is the wrong answer.",
                feedback_false_format=HTML,
                general_feedback="You should have selected true.",
                general_feedback_format=HTML,
            )
        ],
        [],
        id="B9-feedbacks-and-general-feedback",
    ),
    pytest.param(
        "Según el sistema de cableado estructurado: las redes deben adaptarse { TRUE }",
        [tf("Según el sistema de cableado estructurado: las redes deben adaptarse", True)],
        [],
        id="B11-spaces-inside-the-braces",
    ),
    pytest.param(
        "Grant was buried in a tomb in New York City.{t}\n\nSolo con un feedback.{t#bien}",
        [
            item(
                "shortanswer",
                "Grant was buried in a tomb in New York City.",
                A("t", fraction=1.0),
            ),
            item(
                "shortanswer",
                "Solo con un feedback.",
                A("t", fraction=1.0, feedback="bien"),
                line=3,
            ),
        ],
        [],
        id="B12-lowercase-t-is-short-answer",
    ),
    pytest.param(
        "[html]<p>Grant is buried in Grant's tomb.</p>{FALSE}\n\n"
        "[markdown]Grant is buried in Grant's _tomb_.{FALSE}",
        [
            tf(
                "<p>Grant is buried in Grant's tomb.</p>",
                False,
                text_format=HTML,
                feedback_true_format=HTML,
                feedback_false_format=HTML,
                general_feedback_format=HTML,
            ),
            tf(
                "Grant is buried in Grant's _tomb_.",
                False,
                line=3,
                text_format="markdown",
                feedback_true_format="markdown",
                feedback_false_format="markdown",
                general_feedback_format="markdown",
            ),
        ],
        [],
        id="B13-html-and-markdown",
    ),
    pytest.param(
        "// true/false\n::Q1:: 1+1=2 {T}",
        [tf("1+1=2", True, line=2, name="Q1")],
        [],
        id="B14-unescaped-equals-in-the-text",
    ),
    pytest.param(
        "::GIFT range of non-escaped symbols::\n"
        "Here's a question that has symbols inside, \n"
        "such as `-\\=[];',./\\~!@\\#$%^&*()_+\\{\\}|\\:\"<>?{TRUE}",
        [
            tf(
                "Here's a question that has symbols inside,\n"
                "such as `-=[];',./~!@#$%^&*()_+{}|:\"<>?",
                True,
                name="GIFT range of non-escaped symbols",
            )
        ],
        [],
        id="B15-symbols-and-escapes-in-the-text",
    ),
    pytest.param(
        "::Shortanswer::Which is the best animal?{\n    =Frog#Good!\n"
        "    =%50%Cat#What is it with Moodlers and cats?\n    =%0%*#Completely wrong\n}",
        [
            item(
                "shortanswer",
                "Which is the best animal?",
                A("Frog", fraction=1.0, feedback="Good!"),
                A("Cat", fraction=0.5, feedback="What is it with Moodlers and cats?"),
                A("*", fraction=0.0, feedback="Completely wrong"),
                name="Shortanswer",
            )
        ],
        [],
        id="C1-short-answer-weights-and-star",
    ),
    pytest.param(
        "::Shortanswer::Which is the best animal?{\n    =Frog#Good!\n"
        "    ####[html]Here is some general feedback!\n}",
        [
            item(
                "shortanswer",
                "Which is the best animal?",
                A("Frog", fraction=1.0, feedback="Good!"),
                name="Shortanswer",
                general_feedback="Here is some general feedback!",
                general_feedback_format=HTML,
            )
        ],
        [],
        id="C2-general-feedback-with-its-own-format",
    ),
    pytest.param(
        "How do you write the word for the number 1? {One}",
        [
            item(
                "shortanswer", "How do you write the word for the number 1?", A("One", fraction=1.0)
            )
        ],
        [],
        id="C3-short-answer-without-equals",
    ),
    pytest.param(
        "::Continents:: { =Asia } is the largest continent in the world.",
        [
            item(
                "shortanswer",
                "_____ is the largest continent in the world.",
                A("Asia", fraction=1.0),
                name="Continents",
            )
        ],
        [],
        id="C4-missing-word-at-the-start",
    ),
    pytest.param(
        "::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}",
        [
            item(
                "numerical",
                "What is a number from 1 to 5?",
                A("3", fraction=1.0, tolerance=2.0),
                A("*", fraction=0.0, feedback="Completely wrong"),
                name="Q5",
            )
        ],
        [],
        id="C5-numerical-tolerance-and-wrong-answer-feedback",
    ),
    pytest.param(
        "a{#1822}\n\nb{#3.1415:0.0005}\n\nc{#3.141..3.142}\n\nd{#1..5}\n\ne{#-5..5}\n\n"
        "f{#-1}\n\ng{#3.1415:0.0005}.",
        [
            item("numerical", "a", A("1822", fraction=1.0, tolerance=0.0)),
            item("numerical", "b", A("3.1415", fraction=1.0, tolerance=0.0005), line=3),
            item(
                "numerical",
                "c",
                A("3.1415", fraction=1.0, tolerance=pytest.approx(0.0005)),  # type: ignore[arg-type]
                line=5,
            ),
            item("numerical", "d", A("3", fraction=1.0, tolerance=2.0), line=7),
            item("numerical", "e", A("0", fraction=1.0, tolerance=5.0), line=9),
            item("numerical", "f", A("-1", fraction=1.0, tolerance=0.0), line=11),
            item("numerical", "g_____.", A("3.1415", fraction=1.0, tolerance=0.0005), line=13),
        ],
        [],
        id="C6-numerical-forms",
    ),
    pytest.param(
        "::Numerical example::\nWhen was Ulysses S. Grant born? {#\n"
        "     =1822:0      #Correct! 100% credit\n"
        "     =%50%1822:2  #He was born in 1822.\n"
        "                  You get 50% credit for being close.\n}\n\n"
        "Q{#\n=1821..1823\n=%50%1824..1825\n}",
        [
            item(
                "numerical",
                "When was Ulysses S. Grant born?",
                A("1822", fraction=1.0, feedback="Correct! 100% credit", tolerance=0.0),
                A(
                    "1822",
                    fraction=0.5,
                    feedback="He was born in 1822.\nYou get 50% credit for being close.",
                    tolerance=2.0,
                ),
                name="Numerical example",
            ),
            item(
                "numerical",
                "Q",
                A("1822", fraction=1.0, tolerance=1.0),
                A("1824.5", fraction=0.5, tolerance=0.5),
                line=8,
            ),
        ],
        [],
        id="C7-numerical-weights-ranges-multi-line-feedback",
    ),
    pytest.param(
        "::Moodle activities::[html]Match the <b>activity</b> to the description.{\n"
        "    =[html]An activity supporting asynchronous discussions. -> Forum\n"
        "    =[moodle]A teacher asks a question and specifies a choice of multiple "
        "responses. -> Choice\n"
        "    =[plain]A bank of record entries which participants can add to. -> Database\n"
        "    =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki\n"
        "    = -> Chat\n}",
        [
            item(
                "match",
                "Match the <b>activity</b> to the description.",
                A("An activity supporting asynchronous discussions.", HTML, match="Forum"),
                A(
                    "A teacher asks a question and specifies a choice of multiple responses.",
                    match="Choice",
                ),
                A(
                    "A bank of record entries which participants can add to.",
                    "plain",
                    match="Database",
                ),
                A(
                    "A collection of web pages that anyone can add to or edit.",
                    "markdown",
                    match="Wiki",
                ),
                A("", HTML, match="Chat"),
                name="Moodle activities",
                text_format=HTML,
                general_feedback_format=HTML,
            )
        ],
        [],
        id="C8-matching-with-formats-and-a-distractor",
    ),
    pytest.param(
        "// essay\n::Q8:: How are you? {}\n\nHow are you? {\n####We hope you're feeling well.\n}",
        [
            item("essay", "How are you?", line=2, name="Q8"),
            item("essay", "How are you?", line=4, general_feedback="We hope you're feeling well."),
        ],
        [],
        id="C10-essay",
    ),
    pytest.param(
        "::Q001::[html]<p>What would running the test method print?</p>\n<pre>\n"
        "    public void test() \\{\n        method1();\n    \\}\n</pre>\n{}",
        [
            item(
                "essay",
                "<p>What would running the test method print?</p>\n<pre>\n"
                "public void test() {\nmethod1();\n}\n</pre>",
                name="Q001",
                text_format=HTML,
                general_feedback_format=HTML,
            )
        ],
        [],
        id="C11-essay-with-escaped-braces",
    ),
    pytest.param(
        "::Description Title::You can use your pencil and paper for these next questions.\n\n"
        "::Description Title\\:::You can use your pencil.",
        [
            item(
                "description",
                "You can use your pencil and paper for these next questions.",
                name="Description Title",
            ),
            item("description", "You can use your pencil.", name="Description Title:", line=3),
        ],
        [],
        id="C12-description",
    ),
    pytest.param(
        "// question: 0  name: switch category to $course$/Default for New Features\n"
        "$CATEGORY: $course$/Default for New Features\n\n"
        "// test 123\n$CATEGORY: qas editor/Essays\n\n"
        "$CATEGORY: $course$/top/Default for Unit 1: Topic",
        [
            GiftItem(2, "category", category="$course$/Default for New Features"),
            GiftItem(5, "category", category="qas editor/Essays"),
            GiftItem(7, "category", category="$course$/top/Default for Unit 1: Topic"),
        ],
        [],
        id="C13-categories",
    ),
    pytest.param(
        "// This question is to test importing tags: [tag:tag] [tag:other-tag].\n"
        "// And an idnumber: [id:myid].\n::Question name:: How are you? {}\n\n"
        "// [tag:add] [tag:basic] [id:four]\nQ{}\n\n"
        "// [tag:  basic] Here is  \n// a [id:   four   ] que[tag:add   ]stion.\nQ{}\n\n"
        "// Ceci n'est pas une [tag:\n// \\ frog].\nQ{}\n\n"
        "// [id:i\\]d]. [tag:t\\]ag].\nQ{}",
        [
            item(
                "essay",
                "How are you?",
                line=3,
                name="Question name",
                idnumber="myid",
                tags=("tag", "other-tag"),
            ),
            item("essay", "Q", line=6, idnumber="four", tags=("add", "basic")),
            item("essay", "Q", line=10, idnumber="four", tags=("basic", "add")),
            item("essay", "Q", line=14),
            item("essay", "Q", line=17, idnumber="i]d", tags=("t]ag",)),
        ],
        [],
        id="C14-tags-and-idnumber-in-comments",
    ),
    pytest.param(
        "::double backslash:: A \\\\ B \\\\\\\\ C{}",
        [item("essay", "A \\ B \\\\ C", name="double backslash")],
        [],
        id="C15-backslashes",
    ),
    pytest.param(
        "[html]Blah\\nblah $ 1 \\\\neq 0 $ {}\n\nSee $\\nabla$ {}",
        [
            item(
                "essay",
                "Blah\nblah $ 1 \\neq 0 $",
                text_format=HTML,
                general_feedback_format=HTML,
            ),
            item("essay", "See $\nabla$", line=3),
        ],
        [],
        id="C16-newline-escape-and-latex",
    ),
    pytest.param(
        "Who's buried in Grant's tomb?\n{\n\n    =Grant\n\n    ~no one\n}\n",
        [item("description", "=Grant", line=4)],
        [GiftError(1, BRACE_ERROR), GiftError(6, BRACE_ERROR)],
        id="D1-blank-line-inside-the-braces-splits-the-question",
    ),
    pytest.param(
        "::This is the name::Grant was buried in a tomb in New York City.{f\n\n"
        "::This is the name::Grant was buried in a tomb in New York City.f}",
        [],
        [GiftError(1, BRACE_ERROR), GiftError(3, BRACE_ERROR)],
        id="D2-missing-brace",
    ),
    pytest.param(
        "::Question 1::Quelle est la couleur du ciel ? {\n=Bleu#Bonne réponse\n~Rouge\n~Vert\n}\n"
        "::Question 2::La Terre est-elle ronde ? {\nTRUE#Bonne réponse\n}\n"
        "::Question 6::Décrivez l'importance de la photosynthèse dans la nature.",
        [
            mc(
                "Quelle est la couleur du ciel ? _____\n"
                "::Question 2::La Terre est-elle ronde ? {\nTRUE#Bonne réponse\n}\n"
                "::Question 6::Décrivez l'importance de la photosynthèse dans la nature.",
                A("Bleu", fraction=1.0, feedback="Bonne réponse"),
                A("Rouge"),
                A("Vert"),
                name="Question 1",
            )
        ],
        [],
        id="D3-questions-without-blank-lines-are-one-block",
    ),
    pytest.param(
        "Who's buried in Grant's tomb?{=Grant =Ulysses S. Grant =Ulysses Grant}\n"
        "Which of these are primary colors?{ ~%33%Blue ~%33%Red}",
        [
            item(
                "shortanswer",
                "Who's buried in Grant's tomb?\n"
                "Which of these are primary colors?{ ~%33%Blue ~%33%Red}",
                A("Grant", fraction=1.0),
                A("Ulysses S. Grant", fraction=1.0),
                A("Ulysses Grant", fraction=1.0),
            )
        ],
        [],
        id="D3-second-question-absorbed-into-a-short-answer",
    ),
    pytest.param(
        "$CATEGORY: tom/dick\n::Q1::Is it?{T}\n\n$CATEGORY=something",
        [
            GiftItem(1, "category", category="tom/dick\n::Q1::Is it?{T}"),
            item("description", "$CATEGORY=something", line=4),
        ],
        [],
        id="D4-category-swallows-the-rest-of-its-block",
    ),
    pytest.param(
        "What is 2+2?{=4} // easy",
        [item("shortanswer", "What is 2+2?_____ // easy", A("4", fraction=1.0))],
        [],
        id="D5-comment-after-the-brace-is-text",
    ),
    pytest.param(
        '::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}";',
        [
            item(
                "numerical",
                'What is a number from 1 to 5? _____";',
                A("3", fraction=1.0, tolerance=2.0),
                A("*", fraction=0.0, feedback="Completely wrong"),
                name="Q5",
            )
        ],
        [],
        id="D6-stray-characters-after-the-brace",
    ),
    pytest.param(
        "::Kanji Origins Japanese characters came from what country? {=China}",
        [
            item(
                "shortanswer",
                "Kanji Origins Japanese characters came from what country?",
                A("China", fraction=1.0),
            )
        ],
        [],
        id="D7-unclosed-name",
    ),
    pytest.param(
        '[html]Pick the red one {=<span style="color:red">red</span> '
        '~<span style="color:blue">blue</span>}',
        [
            mc(
                "Pick the red one",
                A("<span style", HTML, 1.0, "", HTML),
                A('"color:red">red</span>', HTML, 1.0, "", HTML),
                A("<span style", HTML, 0.0, "", HTML),
                A('"color:blue">blue</span>', HTML, 1.0, "", HTML),
                text_format=HTML,
                general_feedback_format=HTML,
            )
        ],
        [],
        id="D8-unescaped-equals-in-html-splits-answers",
    ),
    pytest.param(
        "Jesus Christ was from {=Nazareth =%50%Galilee ~Jerusalem}",
        [
            mc(
                "Jesus Christ was from",
                A("Nazareth", fraction=1.0),
                A("%50%Galilee", fraction=1.0),
                A("Jerusalem"),
            )
        ],
        [],
        id="D9-no-weight-after-equals",
    ),
    pytest.param(
        "Pick {~%abc%x ~% 50%y ~%150%z}",
        [mc("Pick", A("%abc%x"), A("% 50%y"), A("z", fraction=1.5), single=False)],
        [GiftError(1, "Grades (1.5) do not match grade options - question 'Pick' skipped.")],
        id="D10-malformed-weights",
    ),
    pytest.param(
        "Which of these are primary colors?{ ~%33%Blue ~%33%Yellow ~Beige ~%33.3%Red}",
        [
            mc(
                "Which of these are primary colors?",
                A("Blue", fraction=0.33),
                A("Yellow", fraction=0.33),
                A("Beige"),
                A("Red", fraction=33.3 / 100),
                single=False,
            )
        ],
        [
            GiftError(
                1,
                "Grades (0.33, 0.33, 0.333) do not match grade options - question "
                "'Which of these are primary colors?' skipped.",
            )
        ],
        id="D11-weights-outside-moodles-grade-list",
    ),
    pytest.param(
        "Pick {~only}\n\nPick {=only}",
        [item("shortanswer", "Pick", A("only", fraction=1.0), line=3)],
        [GiftError(1, NOT_ENOUGH_ANSWERS)],
        id="D12-one-multichoice-answer",
    ),
    pytest.param(
        "Pick {~a ~b ~c}",
        [mc("Pick", A("a"), A("b"), A("c"), single=False)],
        [],
        id="D13-no-correct-answer-parses",
    ),
    pytest.param(
        "Name a cat {=%50%Tom =%0%*}",
        [item("shortanswer", "Name a cat", A("Tom", fraction=0.5), A("*"))],
        [],
        id="D14-short-answer-without-full-marks-parses",
    ),
    pytest.param(
        "Q {#}\n\nQ {#5:x}\n\nQ {#abc}",
        [item("numerical", "Q", A("*", fraction=1.0, tolerance=0.0), line=5)],
        [GiftError(1, NO_NUMERICAL_ANSWERS), GiftError(3, NOT_NUMBERS)],
        id="D15-numerical-errors",
    ),
    pytest.param(
        "Match {=Canada -> Ottawa =Italy}\n\nMatch {=a -> b}",
        [],
        [GiftError(1, BAD_MATCHING), GiftError(3, NOT_ENOUGH_ANSWERS)],
        id="D16-matching-errors",
    ),
    pytest.param(
        "[HTML]<p>Hi</p>{T}\n\n[1] What …{T}",
        [tf("[HTML]<p>Hi</p>", True), tf("[1] What …", True, line=3)],
        [],
        id="D17-unknown-format-tags-are-text",
    ),
    pytest.param(
        "What is 5-5? {#\n0\n}",
        [],
        [GiftError(1, BRACE_ERROR), GiftError(3, BRACE_ERROR)],
        id="D18-a-line-0-ends-the-question",
    ),
    pytest.param(
        "Can we have DOS style line breaks?{\r\n=yes \r\n~no}\r\n \r\n"
        " And is it seen as a line_break?{TRUE}",
        [
            mc("Can we have DOS style line breaks?", A("yes", fraction=1.0), A("no")),
            tf("And is it seen as a line_break?", True, line=5),
        ],
        [],
        id="D20-crlf-line-ends",
    ),
]


@pytest.mark.parametrize(("source", "items", "errors"), CASES)
def test_moodle_reads_the_case_so(
    source: str, items: list[GiftItem], errors: list[GiftError]
) -> None:
    parsed = parse_gift(source)
    assert list(parsed.items) == items
    assert list(parsed.errors) == errors


def test_a_name_without_closing_colons_is_made_from_the_text() -> None:
    (parsed,) = parse_gift(
        "::Kanji Origins Japanese characters came from what country? {=China}"
    ).items
    assert parsed.name == ""
    assert parsed.moodle_name == "Kanji Origins Japanese characters came from what country?"


def test_moodle_names_an_unnamed_question_after_80_characters_of_its_text() -> None:
    (parsed,) = parse_gift("[html]<p>" + "word " * 30 + "</p>{T}").items
    assert len(parsed.moodle_name) <= 80
    assert parsed.moodle_name.startswith("word word")
    assert "<p>" not in parsed.moodle_name


def test_a_file_with_cr_only_line_ends_is_split_on_cr() -> None:
    parsed = parse_gift("a{T}\r\rb{F}")
    assert [(i.line, i.text, i.correct) for i in parsed.items] == [(1, "a", True), (3, "b", False)]


def test_a_bom_is_removed() -> None:
    (parsed,) = parse_gift("\ufeff::Q::Is it?{T}").items
    assert parsed.name == "Q"


def test_a_block_of_comments_only_gives_nothing() -> None:
    assert parse_gift("// just a note [id:x]\n// another\n\n   \n") == parse_gift("")
    assert parse_gift("").items == ()


def test_comment_lines_inside_the_answers_are_ignored() -> None:
    (parsed,) = parse_gift("Q{\n=a\n// [tag:inside]\n~b\n}").items
    assert [a.text for a in parsed.answers] == ["a", "b"]
    assert parsed.tags == ("inside",)


def test_a_whole_line_comment_is_taken_from_an_indented_line() -> None:
    (parsed,) = parse_gift("\t// [id:x]\n\t::Q::Is it?{T}").items
    assert (parsed.idnumber, parsed.line) == ("x", 2)


def test_an_empty_first_answer_part_and_a_0_one_are_dropped_as_php_empty_says() -> None:
    (parsed,) = parse_gift("Q{0 ~a ~b}").items
    assert [a.text for a in parsed.answers] == ["a", "b"]


def test_blank_multichoice_answers_are_kept_in_the_parse() -> None:
    (parsed,) = parse_gift("Q{=a ~ ~b}").items
    assert [a.text for a in parsed.answers] == ["a", "", "b"]


def test_general_feedback_is_after_the_last_four_hashes() -> None:
    (parsed,) = parse_gift("Q{T#wrong#right####one####two}").items
    assert parsed.general_feedback == "two"
    assert parsed.feedback_false == "wrong"
    assert parsed.feedback_true == "right####one"


def test_true_false_feedback_keeps_further_hashes_in_the_last_part() -> None:
    (parsed,) = parse_gift("Q{FALSE#a#b#c}").items
    assert (parsed.feedback_true, parsed.feedback_false) == ("a", "b#c")


def test_a_first_closing_brace_before_the_opening_one_is_refused() -> None:
    assert parse_gift("a } b { c").errors == (GiftError(1, BRACE_ERROR),)


def test_a_weight_php_cannot_read_is_an_error() -> None:
    (error,) = parse_gift("Q{~%--50%a ~b}").errors
    assert "%--50%" in error.message


def test_grade_errors_name_the_question() -> None:
    (error,) = parse_gift("::Colours::Pick{~%12%a ~%30%b ~%33.333%c}").errors
    assert error.message == (
        "Grades (0.12) do not match grade options - question 'Colours' skipped."
    )


MOODLE_GRADES = [
    "100",
    "90",
    "83.33333",
    "80",
    "75",
    "70",
    "66.66667",
    "60",
    "50",
    "40",
    "33.33333",
    "30",
    "25",
    "20",
    "16.66667",
    "14.28571",
    "12.5",
    "11.11111",
    "10",
    "5",
    "0",
    "-50",
    "-100",
    "-33.33333",
    "-14.28571",
]


@pytest.mark.parametrize("weight", MOODLE_GRADES)
def test_every_moodle_grade_passes_the_grade_check(weight: str) -> None:
    assert parse_gift(f"Q{{~%{weight}%a ~b}}").errors == ()


def test_truefalse_is_only_exact_upper_case_words() -> None:
    kinds = [i.kind for i in parse_gift("a{True}\n\nb{FALSE }\n\nc{TRUE#x}\n\nd{T T}").items]
    assert kinds == ["shortanswer", "truefalse", "truefalse", "shortanswer"]
