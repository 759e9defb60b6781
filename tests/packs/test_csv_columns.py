"""Column mappings: written as --columns text, made from the import dialog's choices, and
remembered in the bank for the header they were made for."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.columns import (
    AnswerKey,
    ColumnMapping,
    MappingError,
    Role,
    guess_roles,
    guess_separator,
)
from quizapp.services import Bank
from quizapp.services import columns as column_service

HEADER = ("Nr", "Frage", "Antwort 1", "Antwort 2", "Lösung", "Notiz")


# -- --columns text ---------------------------------------------------------------------------


def test_the_text_of_the_command_line_is_read_into_a_mapping() -> None:
    mapping = ColumnMapping.parse(
        "prompt=question, choices=option_*, correct=correct_answer, explanation=explanation"
    )
    assert mapping == ColumnMapping(
        "question", ("option_*",), ("correct_answer",), explanation="explanation"
    )


def test_repeated_choices_and_correct_add_columns_and_words_name_separators() -> None:
    mapping = ColumnMapping.parse(
        "prompt=q,choices=a,choices=b,correct=k1,correct=k2,separator=comma,keys=numbers,"
        "tags=t,id=n,ignore=notes"
    )
    assert mapping == ColumnMapping(
        "q", ("a", "b"), ("k1", "k2"), ",", tags="t", id="n", keys=AnswerKey.NUMBERS
    )


@pytest.mark.parametrize(
    "mapping",
    [
        ColumnMapping("question", ("option_*",), ("correct_answer",), explanation="why"),
        ColumnMapping("q", ("a", "b"), ("k",), ",", tags="t", id="n", keys=AnswerKey.TEXT),
        ColumnMapping("q", ("all",), ("k",), "\t"),
        ColumnMapping("q", ("all",), ("k",), "|", keys=AnswerKey.LETTERS),
    ],
)
def test_a_mapping_written_as_text_reads_back_the_same(mapping: ColumnMapping) -> None:
    assert ColumnMapping.parse(mapping.spec()) == mapping


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("choices=a,correct=k", "--columns has no prompt=COLUMN: name the column of the question"),
        ("prompt=q,correct=k", "--columns has no choices=COLUMN: name the columns of the choices"),
        ("prompt=q,choices=a", "--columns has no correct=COLUMN: name the column of the answer"),
        ("prompt=q,prompt=r,choices=a,correct=k", '--columns names prompt twice ("q" and "r")'),
        (
            "prompt=q,choices=a,correct=k,answer=z",
            '--columns: unknown role "answer" (use prompt, choices, correct, explanation, '
            "tags, id, ignore, separator or keys)",
        ),
        ("prompt=q,choices,correct=k", '--columns: "choices" needs a column: write choices=COLUMN'),
        (
            "prompt=q,choices=a,correct=k,keys=roman",
            "--columns: keys=roman is not one of auto, letters, numbers, text",
        ),
    ],
)
def test_a_mapping_text_that_cannot_be_used_says_why(spec: str, message: str) -> None:
    with pytest.raises(MappingError) as caught:
        ColumnMapping.parse(spec)
    assert str(caught.value) == message


def test_glob_patterns_pick_columns_in_the_headers_order_and_skip_those_taken() -> None:
    mapping = ColumnMapping.parse("prompt=frage,choices=*,correct=lösung")
    resolved = mapping.resolve(HEADER)
    assert (resolved.prompt, resolved.choices, resolved.correct) == (1, (0, 2, 3, 5), (4,))


def test_one_column_for_two_roles_is_refused() -> None:
    with pytest.raises(MappingError) as caught:
        ColumnMapping.parse("prompt=frage,choices=frage,correct=lösung").resolve(HEADER)
    assert str(caught.value) == '--columns: the column "Frage" is both prompt and choices'


# -- the import dialog's choices --------------------------------------------------------------

ROLES = [Role.ID, Role.PROMPT, Role.CHOICES, Role.CHOICES, Role.CORRECT, Role.IGNORE]


def test_a_role_for_each_column_makes_a_mapping_and_gives_the_roles_back() -> None:
    mapping = ColumnMapping.from_roles(HEADER, ROLES, keys=AnswerKey.NUMBERS)
    assert mapping == ColumnMapping(
        "frage", ("antwort_1", "antwort_2"), ("lösung",), id="nr", keys=AnswerKey.NUMBERS
    )
    assert mapping.roles(HEADER) == ROLES


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        ([Role.IGNORE] * 6, "Choose the column that holds the question (Prompt)."),
        (
            [Role.IGNORE, Role.PROMPT, Role.IGNORE, Role.IGNORE, Role.CORRECT, Role.IGNORE],
            "Choose the columns that hold the choices (Choices).",
        ),
        (
            [Role.IGNORE, Role.PROMPT, Role.CHOICES, Role.CHOICES, Role.IGNORE, Role.IGNORE],
            "Choose the column that says which choices are right (Correct answer).",
        ),
        (
            [Role.PROMPT, Role.PROMPT, Role.CHOICES, Role.CHOICES, Role.CORRECT, Role.IGNORE],
            "Only one column can be Prompt: “Nr” and “Frage” both are.",
        ),
        (
            [Role.IGNORE, Role.PROMPT, Role.CHOICES, Role.IGNORE, Role.CORRECT, Role.IGNORE],
            "One column of choices needs a separator (like | or ;) to split its cells into "
            "choices; or choose more columns of choices.",
        ),
    ],
)
def test_roles_that_do_not_make_a_mapping_say_what_is_missing(
    roles: list[Role], message: str
) -> None:
    with pytest.raises(MappingError) as caught:
        ColumnMapping.from_roles(HEADER, roles)
    assert str(caught.value) == message


def test_one_column_of_choices_with_a_separator_is_a_mapping() -> None:
    roles = [Role.IGNORE, Role.PROMPT, Role.CHOICES, Role.IGNORE, Role.CORRECT, Role.IGNORE]
    mapping = ColumnMapping.from_roles(HEADER, roles, separator="|")
    assert (mapping.choices, mapping.separator) == (("antwort_1",), "|")


def test_a_column_without_a_name_can_only_be_ignored() -> None:
    header = ("question", "", "b", "key")
    roles = [Role.PROMPT, Role.CHOICES, Role.CHOICES, Role.CORRECT]
    with pytest.raises(MappingError) as caught:
        ColumnMapping.from_roles(header, roles)
    assert str(caught.value) == "Column B has no name in the header, so it can only be ignored."


def test_names_quizapp_knows_are_guessed_and_the_rest_ignored() -> None:
    header = ("ID", "Question text", "Option 1", "Option 2", "Answer", "Rationale", "Topic", "x")
    assert guess_roles(header) == [
        Role.ID,
        Role.PROMPT,
        Role.CHOICES,
        Role.CHOICES,
        Role.CORRECT,
        Role.EXPLANATION,
        Role.TAGS,
        Role.IGNORE,
    ]


@pytest.mark.parametrize(
    ("cells", "separator"),
    [
        (["a|b|c", "x; y|z"], "|"),
        (["a;b;c", "d;e"], ";"),
        (["a\nb", "c\nd"], "\n"),
        (["just one", "another"], ""),
    ],
)
def test_the_separator_of_joined_choices_is_guessed_from_the_cells(
    cells: list[str], separator: str
) -> None:
    assert guess_separator(cells) == separator


# -- remembered in the bank -------------------------------------------------------------------


def test_a_mapping_is_remembered_for_its_header_in_the_bank(bank: Bank) -> None:
    mapping = ColumnMapping.from_roles(HEADER, ROLES)
    assert column_service.remembered_columns(bank, HEADER) is None
    column_service.remember_columns(bank, HEADER, mapping)
    assert column_service.remembered_columns(bank, HEADER) == mapping
    # Case and spaces do not make another header; another column does.
    assert column_service.remembered_columns(bank, tuple(h.upper() for h in HEADER)) == mapping
    assert column_service.remembered_columns(bank, (*HEADER, "more")) is None


def test_the_preview_of_a_file_that_is_not_csv_is_none(tmp_path: Path) -> None:
    toml = tmp_path / "pack.toml"
    toml.write_text("[pack]\n", encoding="utf-8")
    assert column_service.preview_csv_file(toml) is None
    csv_file = tmp_path / "quiz.csv"
    csv_file.write_text("Frage,Antwort\nZwei?,2\n", encoding="utf-8")
    preview = column_service.preview_csv_file(csv_file)
    assert preview is not None
    assert (preview.header, preview.rows, preview.layout) == (
        ("Frage", "Antwort"),
        (("Zwei?", "2"),),
        "",
    )
