"""Authoring hints: things that are allowed but usually make a question worse (warnings)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from quizapp.core.model import Pack, Question, QuestionType
from quizapp.core.problems import Problem

LONG_QUOTE = 600
# Absolute words make true/false statements easy to guess (they are usually false).
ABSOLUTE_WORDS = re.compile(
    r"\b(always|never|all|none|every|everyone|nobody|nothing|only|completely|entirely)\b",
    re.IGNORECASE,
)
ALL_OR_NONE = re.compile(r"\b(all|none|both|neither) of the (above|below)\b", re.IGNORECASE)

LineOf = Callable[[tuple[str | int, ...]], int | None]


def question_hints(question: Question) -> Iterator[tuple[str, str]]:
    """(field, message) for each hint about one question."""
    choices = question.choices
    if question.type is not QuestionType.TRUE_FALSE:
        right = [c for c in choices if c.correct]
        others = [c for c in choices if not c.correct]
        if len(right) == 1 and others:
            longest_other = max(len(c.text) for c in others)
            if len(right[0].text) >= 2 * longest_other and len(right[0].text) - longest_other >= 20:
                yield (
                    "choices",
                    "the correct choice is much longer than the others, which gives it away",
                )
        if question.shuffle and any(ALL_OR_NONE.search(c.text) for c in choices):
            yield (
                "shuffle",
                '"all/none of the above" needs a fixed order: set shuffle = false',
            )
        seen: set[str] = set()
        for c in choices:
            key = " ".join(c.text.lower().split())
            if key in seen:
                yield ("choices", f'two choices say the same thing ("{c.text}")')
            seen.add(key)
    else:
        word = ABSOLUTE_WORDS.search(question.prompt)
        if word:
            yield (
                "prompt",
                f'"{word.group(0)}" makes a true/false statement easy to guess; '
                "qualify it or ask another way",
            )
    for i, citation in enumerate(question.citations):
        if len(citation.quote) > LONG_QUOTE:
            yield (
                f"sources[{i + 1}].quote",
                f"the quote is {len(citation.quote)} characters long; "
                "quote the sentence that matters",
            )


def pack_hints(pack: Pack, name: str, line_of: LineOf | None = None) -> list[Problem]:
    """Every hint about a pack, as warnings (with lines when ``line_of`` can tell them)."""

    def where(path: tuple[str | int, ...]) -> int | None:
        return line_of(path) if line_of is not None else None

    out: list[Problem] = []
    for i, source in enumerate(pack.sources):
        if source.id == "imported-file":
            continue
        missing = [
            what for what, value in (("date", source.date), ("URL", source.url)) if not value
        ]
        if missing:
            out.append(
                Problem(
                    name,
                    where(("sources", i)),
                    f'sources[{i + 1}] "{source.id}": hint: no {" and no ".join(missing)}; '
                    "learners trust a source they can find",
                    f"sources[{i + 1}]",
                    severity="warning",
                )
            )
    for i, question in enumerate(pack.questions):
        if not question.explanation.strip():
            out.append(
                Problem(
                    name,
                    where(("questions", i)),
                    f'questions[{i + 1}] "{question.id}": needs an explanation before learners '
                    "can be told why",
                    f"questions[{i + 1}].explanation",
                    severity="warning",
                )
            )
        for field, message in question_hints(question):
            path = f"questions[{i + 1}].{field}"
            out.append(
                Problem(
                    name,
                    where(("questions", i, field.split("[")[0])),
                    f'questions[{i + 1}] "{question.id}": hint: {message}',
                    path,
                    severity="warning",
                )
            )
    return out
