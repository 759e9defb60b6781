"""What a learner was shown (``attempt_questions``): written once when an attempt starts.

The one owner of that record: the prompt, the choices in their shown order with their
feedback and pictures, and the question's picture. A resumed quiz, a reviewed attempt and
the results export all read it back through ``shown``, so they show exactly what was shown.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from quizapp.bank.engine import Db
from quizapp.bank.questions import image
from quizapp.core.model import Choice, QuestionType
from quizapp.core.quiz import ShownQuestion

# The columns ``shown`` maps, for queries that join the snapshot (alias s) to other tables.
COLUMNS = (
    "s.position, s.question_id, s.question_key, s.question_type, s.prompt, s.choices, "
    "s.image_path, s.image_alt"
)
WIDTH = 8  # how many of a row's columns are the snapshot's


def _choice_json(choice: Choice) -> dict[str, Any]:
    out: dict[str, Any] = {
        "text": choice.text,
        "correct": choice.correct,
        "feedback": choice.feedback,
    }
    if choice.image is not None:
        out["image"] = {"path": choice.image.path, "alt": choice.image.alt}
    if choice.penalty is not None:
        out["penalty"] = choice.penalty
    return out


def _choice(data: dict[str, Any]) -> Choice:
    picture = data.get("image")
    penalty = data.get("penalty")
    return Choice(
        str(data.get("text", "")),
        bool(data.get("correct")),
        str(data.get("feedback", "")),
        image(picture.get("path"), picture.get("alt", "")) if isinstance(picture, dict) else None,
        float(penalty) if isinstance(penalty, int | float) and 0 <= penalty <= 1 else None,
    )


def _choices(text: str) -> tuple[Choice, ...]:
    """The shown choices, from their JSON. On a school bank a learner can write this row
    with psql: anything that is not what ``write`` writes shows as no choices."""
    try:
        data = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(data, list):
        return ()
    return tuple(_choice(c) for c in data if isinstance(c, dict))


def shown(row: Sequence[Any]) -> ShownQuestion:
    """A snapshot row (``COLUMNS``) as it was shown."""
    position, question_id, key, qtype, prompt, choices, path, alt = row[:WIDTH]
    return ShownQuestion(
        position=int(position),
        question_id=None if question_id is None else int(question_id),
        key=key,
        type=QuestionType(qtype) if qtype in set(QuestionType) else QuestionType.MULTIPLE_CHOICE,
        prompt=prompt,
        choices=_choices(choices),
        image=image(path, alt),
    )


def write(db: Db, attempt_id: int, questions: Sequence[ShownQuestion]) -> None:
    """Keep what the attempt will show, question by question."""
    db.many(
        "INSERT INTO attempt_questions (attempt_id, position, question_id, question_key, "
        "question_type, prompt, choices, image_path, image_alt) VALUES (:attempt, :position, "
        ":question, :key, :type, :prompt, :choices, :image_path, :image_alt)",
        [
            {
                "attempt": attempt_id,
                "position": q.position,
                "question": q.question_id,
                "key": q.key,
                "type": q.type.value,
                "prompt": q.prompt,
                "choices": json.dumps([_choice_json(c) for c in q.choices], ensure_ascii=False),
                "image_path": q.image.path if q.image else None,
                "image_alt": q.image.alt if q.image else None,
            }
            for q in questions
        ],
    )
