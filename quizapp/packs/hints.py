"""Authoring hints: things that are allowed but usually make a question worse (warnings)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

from quizapp.core.model import Choice, Pack, Question, QuestionType
from quizapp.core.problems import Problem

LONG_QUOTE = 600
# Absolute words make true/false statements easy to guess (they are usually false).
ABSOLUTE_WORDS = re.compile(
    r"\b(always|never|all|none|every|everyone|nobody|nothing|only|completely|entirely)\b",
    re.IGNORECASE,
)
ALL_OR_NONE = re.compile(r"\b(all|none|both|neither) of the (above|below)\b", re.IGNORECASE)

# A correct choice gives itself away by length when it is at least LONG_RATIO times as long as
# the longest wrong choice and LONG_MARGIN characters longer (so "Paris" against "Lyon" is fine).
LONG_RATIO = 1.5
LONG_MARGIN = 20
# Words that hedge a statement; a correct choice that alone hedges stands out. "about" and
# "around" count only before an amount ("about 56%"), lowercase "may" only as a verb.
HEDGES = re.compile(
    r"\b(?:largely|mostly|mainly|partly|partially|chiefly|broadly|generally|usually|often"
    r"|typically|sometimes|arguably|probably|possibly|perhaps|likely|roughly|approximately"
    r"|nearly|almost|might|could|in part|according to|to (?:some|a (?:large|certain)) "
    r"(?:extent|degree)|in (?:some|most|many) (?:cases|ways|respects)|more or less|at least"
    r"|not necessarily|tends? to|more widely|or more|or so|(?-i:may))\b"
    r"|\b(?:about|around|some) (?:\d|(?:half|a (?:third|quarter|fifth|tenth|dozen)|one|two"
    r"|three|four|five|six|seven|eight|nine|ten|twenty|a hundred|a thousand)\b)",
    re.IGNORECASE,
)
# What adds a second part to a choice: brackets, or a clause after a comma, semicolon, colon
# or a spaced dash ("1,000", "US-led" and an abbreviation in brackets, "(WCAG)", do not count).
ASIDE = re.compile(r"\((?![A-Z.]{2,10}\))[^)]*\)|[,;:] | [-–—] ")
_ASIDE_NAMES = {
    "(": "a remark in brackets",
    ",": "a second part after a comma",
    ";": "a second part after a semicolon",
    ":": "a second part after a colon",
}
# Words of a prompt that may be shared with a choice without giving anything away: common
# words of five letters or more, and the words questions are asked with.
_STOP_WORDS = """
    about above according across actually after again against along already although always
    among another answer answers anything around article because become became before behind
    being below beside besides between beyond called cannot choice choices choose correct
    could describe described describes during either every first following former further
    given having however indeed instead itself known later latter least might named neither
    never nothing often other others otherwise perhaps question questions rather really
    right second select should shown since source sources statement statements still their
    theirs there therefore these thing things third those though three through throughout
    together toward towards under unless until using usually whatever where whereas whether
    which while whilst whose within without would wrong
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")
# A name in capitals, with the small words that may sit inside it ("Conference on Security and
# Co-operation in Europe"), whose initials an acronym may be made of.
_NAME = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|on|and|for|in|the|to|de|&)\s+)*[A-Z][\w’'-]*)+")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
# The pack-level hint on where the correct choice sits needs this many questions with one
# correct choice, and that share of them with it in the same place.
SAME_PLACE_MIN_QUESTIONS = 6
SAME_PLACE_SHARE = 0.6

LineOf = Callable[[tuple[str | int, ...]], int | None]


def _much_longer(right: Choice, wrong: Sequence[Choice]) -> bool:
    longest = max(len(c.text) for c in wrong)
    size = len(right.text)
    return size >= LONG_RATIO * longest and size - longest >= LONG_MARGIN


def _only_right_is_qualified(right: Choice, wrong: Sequence[Choice]) -> str | None:
    """The correct choice's qualifier when no wrong choice has one of the same kind."""
    hedge = HEDGES.search(right.text)
    if hedge and not any(HEDGES.search(c.text) for c in wrong):
        return f'"{hedge.group(0)}"'
    aside = ASIDE.search(right.text)
    if aside and not any(ASIDE.search(c.text) for c in wrong):
        mark = aside.group(0).strip()[0]
        return _ASIDE_NAMES.get(mark, "a second part after a dash")
    return None


def _key(word: str) -> str:
    """A word as compared between prompt and choices: lowercase, no "'s", no plural "s"."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 5 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def _words(text: str) -> dict[str, str]:
    """The distinctive words of a text (five letters or more, not a stop word), by key."""
    out: dict[str, str] = {}
    for w in _WORD.findall(text):
        if len(w) >= 5 or (w.isupper() and len(w) >= 3):
            key = _key(w)
            if key not in STOP_WORDS and w.lower() not in STOP_WORDS:
                out.setdefault(key, w)
    return out


def _initials(name: str) -> str:
    """The capitals that start the words of a name ("Anti-Ballistic Missile Treaty": ABMT)."""
    return "".join(part[0] for part in re.split(r"[\s-]+", name) if part[:1].isupper())


def _spelled_out(acronym: str, prompt: str) -> str | None:
    """The name in the prompt whose initials make ``acronym``, if there is one."""
    for m in _NAME.finditer(prompt):
        if acronym in _initials(m.group(0)):
            return m.group(0)
    return None


def _give_away_wording(question: Question, right: Choice, wrong: Sequence[Choice]) -> str | None:
    """A hint when the prompt shares a word or an acronym with the correct choice alone.

    A shared word counts only when no wrong choice shares a word with the prompt: choices
    that all echo it (the prompt names four countries, each choice is one of them) give
    nothing away.
    """
    prompt_words = _words(question.prompt)
    if not any(prompt_words.keys() & _words(c.text).keys() for c in wrong):
        for key, word in _words(right.text).items():
            if key in prompt_words:
                return (
                    f'the prompt and only the correct choice say "{word}", which gives it '
                    "away: reword one of them or use the word in a wrong choice too"
                )
    for acronym in dict.fromkeys(_ACRONYM.findall(right.text)):
        if any(acronym in c.text for c in wrong):
            continue
        name = _spelled_out(acronym, question.prompt)
        if name:
            return (
                f'the prompt spells out "{acronym}" ({name}) and only the correct choice '
                "names it, which gives it away: use the short form in the prompt or in a "
                "wrong choice too"
            )
    return None


def question_hints(question: Question) -> Iterator[tuple[str, str]]:
    """(field, message) for each hint about one question."""
    choices = question.choices
    if question.type is not QuestionType.TRUE_FALSE:
        right = [c for c in choices if c.correct]
        others = [c for c in choices if not c.correct]
        if len(right) == 1 and others:
            if _much_longer(right[0], others):
                yield (
                    "choices",
                    "the correct choice is much longer than the others, which gives it away",
                )
            else:
                # Not repeated for a choice already hinted as longer: shortening it fixes both.
                qualifier = _only_right_is_qualified(right[0], others)
                if qualifier:
                    yield (
                        "choices",
                        f"only the correct choice is qualified ({qualifier}), which gives it "
                        "away: qualify a wrong choice the same way, or drop it",
                    )
            wording = _give_away_wording(question, right[0], others)
            if wording:
                yield ("prompt", wording)
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


def same_place_hint(questions: Sequence[Question]) -> str | None:
    """A hint when the correct choice sits in the same place in most questions of a pack.

    Counted over the questions with choices to pick from and exactly one correct choice.
    """
    places: Counter[int] = Counter()
    kinds: set[QuestionType] = set()
    for q in questions:
        if q.type is QuestionType.TRUE_FALSE:
            continue
        right = q.correct_indexes
        if len(right) == 1 and len(q.choices) > 1:
            places[right[0]] += 1
            kinds.add(q.type)
    total = places.total()
    if total < SAME_PLACE_MIN_QUESTIONS:
        return None
    place, count = places.most_common(1)[0]
    if count < SAME_PLACE_SHARE * total:
        return None
    ordinal = _ORDINALS[place] if place < len(_ORDINALS) else f"number {place + 1}"
    questions_named = (
        "multiple-choice questions"
        if kinds == {QuestionType.MULTIPLE_CHOICE}
        else "questions with one correct choice"
    )
    return (
        f"the correct choice is the {ordinal} in {count} of {total} {questions_named}: with "
        "shuffling off, learners can guess it; vary its place in the file"
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
    place = same_place_hint(pack.questions)
    if place:
        out.append(
            Problem(name, None, f"questions: hint: {place}", "questions", severity="warning")
        )
    return out
