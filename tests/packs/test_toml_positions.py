"""The position scanner finds the line of tables, keys and array elements."""

from __future__ import annotations

from quizapp.packs.toml_positions import key_lines, line_for

DOC = '''\
format = 1
[pack]
id = "x"   # a comment with a "quote"
[[questions]]
id = "a"
choices = [
  { text = "one, two", correct = true },  # comment
  { text = """multi
line""", correct = false },
]
[[questions]]
"quoted key" = 'literal'
meta.level = 3
[[questions.notes]]
text = """
]"""
[[questions.notes]]
text = "second"
'''


def test_lines_of_tables_keys_and_elements() -> None:
    lines = key_lines(DOC)
    assert lines[("format",)] == 1
    assert lines[("pack",)] == 2
    assert lines[("pack", "id")] == 3
    assert lines[("questions", 0)] == 4
    assert lines[("questions", 0, "choices")] == 6
    assert lines[("questions", 0, "choices", 0, "correct")] == 7
    assert lines[("questions", 0, "choices", 1)] == 8
    assert lines[("questions", 0, "choices", 1, "correct")] == 9
    assert lines[("questions", 1)] == 11
    assert lines[("questions", 1, "quoted key")] == 12
    assert lines[("questions", 1, "meta", "level")] == 13
    assert lines[("questions", 1, "notes", 0)] == 14
    assert lines[("questions", 1, "notes", 1, "text")] == 18


def test_a_missing_key_falls_back_to_its_table() -> None:
    lines = key_lines(DOC)
    assert line_for(lines, ("questions", 1, "prompt")) == 11
    assert line_for(lines, ("nothing",)) is None


def test_garbage_does_not_raise() -> None:
    assert isinstance(key_lines('= = [[ {{ "unterminated'), dict)
