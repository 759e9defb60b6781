"""A commented starter pack that `quizapp pack new ID` writes for a teacher to fill in."""

from __future__ import annotations

from quizapp.packs.schema import SLUG_RE

STARTER = """\
# {id}: a quizapp question pack (format 1). The format: docs/pack-format.md
# Check it as you write:  quizapp pack validate {id}.toml
# Then load it:           quizapp pack import {id}.toml
format = 1

[pack]
id = "{id}"                      # lowercase letters, digits and hyphens; keep it when you update
title = "My first pack"          # what learners see
version = "1.0.0"                # raise it (1.1.0, 2.0.0) each time you share a new edition
language = "en"
authors = ["Your Name"]
license = "CC-BY-4.0"
description = "What this pack is about, for whom, and where its facts come from."

# Every document your questions rely on, once. Questions cite them by id.
[[sources]]
id = "textbook"
title = "The title of the book, article or web page"
author = "Who wrote it"
publisher = "Who published it"
date = "2020"                    # "2020", "2020-05" or "2020-05-17"
url = "https://example.org/where-to-find-it"
kind = "book"                    # article treaty speech interview letter book report dataset other

# Optional: a sourced statement that several questions can share.
[[facts]]
id = "main-fact"
statement = "One sentence that your sources support."
sources = [{{ source = "textbook", locator = "p. 12", quote = "the exact words of the source" }}]

[[questions]]
id = "first-question"            # unique; keep it when you correct the question
type = "multiple_choice"         # exactly one correct choice, 2 to 8 choices
prompt = "Write the question here?"
choices = [
  {{ text = "The right answer", correct = true, feedback = "Why this is right." }},
  {{ text = "A plausible wrong answer", correct = false, feedback = "Why this is wrong." }},
  {{ text = "Another plausible wrong answer", correct = false, feedback = "Why this is wrong." }},
]
explanation = "Two to five sentences a learner understands, saying why."
sources = [{{ source = "textbook", locator = "p. 12", quote = "the exact words of the source" }}]
fact = "main-fact"
tags = ["topic"]
difficulty = 2                   # 1 (easy) to 5 (hard)

[[questions]]
id = "second-question"
type = "true_false"
prompt = "A statement that is either true or false."
answer = true
feedback_true = "Shown to a learner who answered True."
feedback_false = "Shown to a learner who answered False."
fact = "main-fact"               # the fact's statement and sources count for this question

[[questions]]
id = "third-question"
type = "multiple_response"       # select all that apply: one or more correct
prompt = "Which of these are true? (Select all that apply.)"
choices = [
  {{ text = "A true statement", correct = true }},
  {{ text = "Another true statement", correct = true }},
  {{ text = "A false statement", correct = false, feedback = "Why it is false." }},
]
explanation = "Say why each true statement is true."
sources = [{{ source = "textbook", locator = "p. 13" }}]
"""


class InvalidPackId(ValueError):
    """The id given for a new pack is not a lowercase slug."""


def starter_pack(pack_id: str) -> str:
    """The starter pack's text with ``pack_id`` filled in."""
    if not SLUG_RE.match(pack_id) or len(pack_id) > 64:
        raise InvalidPackId(
            f'"{pack_id}" is not a valid pack id: use lowercase letters a-z, digits and single '
            'hyphens, like "world-history-1"'
        )
    return STARTER.format(id=pack_id)
