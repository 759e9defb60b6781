"""The one validation every format's result goes through: the rules and limits of a TOML pack.

A TOML file is validated as it is read (``toml_pack``). Every other reader (GIFT, Aiken, CSV,
Moodle XML, …) turns its file into a core ``Pack``; ``check`` then holds that pack to the very
same rules, in one call: a question that breaks one (a prompt over the limit, a tag too long,
two questions with one id…) is skipped with a warning at its line, and the rest of the file
imports. So what imports from any format can be saved by the editor and exported to TOML and
read back.
"""

from __future__ import annotations

from dataclasses import replace

from quizapp.core.model import Question
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs.formats import ReadResult
from quizapp.packs.toml_pack import format_path, rules_broken, too_many_questions
from quizapp.packs.toml_positions import Path as KeyPath


def line_of(result: ReadResult, question: Question) -> int | None:
    """The line of the file the question starts on, as its reader told (ReadResult.lines)."""
    return result.lines.get(question.id)


def _where(path: KeyPath) -> str:
    """``choice 2``, ``tag 1``, ``its image``…: where inside a question, in words."""
    if len(path) >= 2 and path[0] in ("choices", "tags", "sources") and isinstance(path[1], int):
        noun = {"choices": "choice", "tags": "tag", "sources": "citation"}[str(path[0])]
        return f"{noun} {path[1] + 1}"
    return ""


def check(result: ReadResult, name: str) -> ReadResult:
    """``result`` held to the pack format's rules: the questions that break one are left out,
    each with a warning that names its line; PackInvalid if nothing is left, or if the pack
    itself (not one question) breaks a rule."""
    pack = result.pack
    refusal = too_many_questions(len(pack.questions), name)
    if refusal is not None:
        raise refusal
    broken = rules_broken(pack)
    if not broken:
        return result
    per_question: dict[int, list[str]] = {}
    whole: list[Problem] = []
    for path, message in broken:
        if len(path) >= 2 and path[0] == "questions" and isinstance(path[1], int):
            where = _where(path[2:])
            per_question.setdefault(path[1], []).append(f"{where}: {message}" if where else message)
        else:
            whole.append(Problem(name, None, message, format_path(path)))
    if whole:
        raise PackInvalid(whole)
    keep: list[Question] = []
    warnings: list[Problem] = []
    for i, question in enumerate(pack.questions):
        messages = per_question.get(i)
        if messages is None:
            keep.append(question)
            continue
        unique = list(dict.fromkeys(messages))
        warnings.append(
            Problem(
                name,
                line_of(result, question),
                f'question "{question.id}" skipped: ' + "; ".join(unique),
                severity="warning",
            )
        )
    if not keep:
        raise PackInvalid([replace(w, severity="error") for w in warnings])
    return replace(
        result,
        pack=replace(pack, questions=tuple(keep)),
        warnings=(*result.warnings, *warnings),
    )
