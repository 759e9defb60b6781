"""Reading what packs hold: questions (with choices, citations, tags), sources, facts; drawing.

The one place where rows of ``questions``, ``choices``, ``citations``, ``tags``, ``sources``
and ``facts`` become core objects, with one mapper per type. A quiz and an export read
questions through the same ``_load``; ``bank.packs`` writes these tables.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from quizapp.bank.engine import Db, chunks
from quizapp.core.model import (
    Choice,
    Citation,
    Fact,
    Image,
    Question,
    QuestionType,
    Source,
    SourceKind,
)
from quizapp.core.quiz import BankQuestion, CitedSource
from quizapp.core.summaries import FilterOption

# Question rows, in pack order. {which} selects them.
_QUESTIONS = (
    "SELECT q.id, q.pack_id, q.key, q.type, q.prompt, q.explanation, q.fact_id, f.key, "
    "q.difficulty, q.shuffle, q.image_path, q.image_alt, f.statement "
    "FROM questions q LEFT JOIN facts f ON f.id = q.fact_id WHERE q.id IN ({which}) "
    "ORDER BY q.pack_id, q.position"
)
_CHOICES = (
    "SELECT question_id, text, correct, feedback, image_path, image_alt, penalty FROM choices "
    "WHERE question_id IN ({which}) ORDER BY question_id, position"
)
_QUESTION_CITATIONS = (
    "SELECT question_id, source_id, locator, quote FROM citations "
    "WHERE question_id IN ({which}) ORDER BY question_id, position"
)
_TAGS = (
    "SELECT qt.question_id, t.name FROM question_tags qt JOIN tags t ON t.id = qt.tag_id "
    "WHERE qt.question_id IN ({which}) ORDER BY qt.question_id, qt.position"
)
_FACT_CITATIONS = (
    "SELECT fact_id, source_id, locator, quote FROM citations "
    "WHERE fact_id IN ({which}) ORDER BY fact_id, position"
)
_SOURCE_COLUMNS = "id, key, title, author, publisher, date, url, kind, note"
_ACTIVE_IN_PACK = "SELECT id FROM questions WHERE pack_id = :pack AND retired = FALSE"


# -- mappers: one per type ---------------------------------------------------------------------


def image(path: str | None, alt: str | None) -> Image | None:
    return None if path is None else Image(path, alt or "")


def _choice(row: Sequence[Any]) -> Choice:
    text, correct, feedback, path, alt, penalty = row
    return Choice(
        text, bool(correct), feedback, image(path, alt), None if penalty is None else float(penalty)
    )


def _source(row: Sequence[Any]) -> Source:
    return Source(
        id=row[1],
        title=row[2],
        author=row[3],
        publisher=row[4],
        date=row[5],
        url=row[6],
        kind=SourceKind(row[7]),
        note=row[8],
    )


def _question(
    row: Sequence[Any],
    choices: Sequence[Choice],
    citations: Sequence[Citation],
    tags: Sequence[str],
) -> Question:
    return Question(
        id=row[2],
        type=QuestionType(row[3]),
        prompt=row[4],
        choices=tuple(choices),
        explanation=row[5],
        citations=tuple(citations),
        fact=row[7],
        tags=tuple(tags),
        difficulty=row[8],
        shuffle=bool(row[9]),
        image=image(row[10], row[11]),
    )


# -- loading ----------------------------------------------------------------------------------

Which = tuple[str, dict[str, Any]]


def _by_ids(ids: Sequence[int]) -> Iterator[Which]:
    for chunk in chunks(list(ids)):
        yield ":ids", {"ids": list(chunk)}


def _grouped(db: Db, sql: str, which: Sequence[Which]) -> dict[int, list[tuple[Any, ...]]]:
    """Rows of ``sql`` grouped by their first column, over every part of ``which``."""
    out: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for fragment, params in which:
        for row in db.rows(sql.format(which=fragment), params):
            out[row[0]].append(row[1:])
    return out


def _sources(db: Db, source_ids: set[int]) -> dict[int, Source]:
    out: dict[int, Source] = {}
    for chunk in chunks(sorted(source_ids)):
        for row in db.rows(
            f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE id IN (:ids)", {"ids": list(chunk)}
        ):
            out[row[0]] = _source(row)
    return out


def _load(db: Db, which: Sequence[Which]) -> list[BankQuestion]:
    """Questions with everything they show, their sources resolved, in pack order."""
    rows = [
        row
        for fragment, params in which
        for row in db.rows(_QUESTIONS.format(which=fragment), params)
    ]
    if not rows:
        return []
    # Every further query takes the same questions; for a whole pack, by its subquery.
    choices = _grouped(db, _CHOICES, which)
    cited = _grouped(db, _QUESTION_CITATIONS, which)
    tags = _grouped(db, _TAGS, which)
    fact_ids = sorted({r[6] for r in rows if r[6] is not None})
    fact_cited = _grouped(db, _FACT_CITATIONS, list(_by_ids(fact_ids)))
    sources = _sources(db, {c[0] for cs in (*cited.values(), *fact_cited.values()) for c in cs})
    out = []
    for row in rows:
        own = cited.get(row[0], [])
        question = _question(
            row,
            [_choice(c) for c in choices.get(row[0], [])],
            [Citation(sources[sid].id, locator, quote) for sid, locator, quote in own],
            [t[0] for t in tags.get(row[0], [])],
        )
        out.append(
            BankQuestion(
                question_id=row[0],
                pack_id=row[1],
                question=question,
                sources=tuple(CitedSource(sources[c[0]], c[1], c[2]) for c in own),
                fact_sources=tuple(
                    CitedSource(sources[c[0]], c[1], c[2])
                    for c in fact_cited.get(row[6], [])
                    if c not in own
                ),
                fact_statement=row[12] or "",
            )
        )
    return out


def by_ids(db: Db, question_ids: Sequence[int]) -> dict[int, BankQuestion]:
    """The questions with these row ids (those that still exist), by row id."""
    return {q.question_id: q for q in _load(db, list(_by_ids(question_ids)))}


def of_pack(db: Db, pack_id: str) -> tuple[Question, ...]:
    """The pack's active questions, in pack order."""
    return tuple(q.question for q in _load(db, [(_ACTIVE_IN_PACK, {"pack": pack_id})]))


def sources_of_pack(db: Db, pack_id: str) -> tuple[Source, ...]:
    """The pack's sources in order (not those kept only for retired questions)."""
    return tuple(
        _source(row)
        for row in db.rows(
            f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE pack_id = :pack AND position >= 0 "
            "ORDER BY position",
            {"pack": pack_id},
        )
    )


def facts_of_pack(db: Db, pack_id: str) -> tuple[Fact, ...]:
    """The pack's facts in order, with their citations."""
    rows = db.rows(
        "SELECT id, key, statement FROM facts WHERE pack_id = :pack ORDER BY position",
        {"pack": pack_id},
    )
    cited = _grouped(db, _FACT_CITATIONS, list(_by_ids([r[0] for r in rows])))
    keys = dict(db.rows("SELECT id, key FROM sources WHERE pack_id = :pack", {"pack": pack_id}))
    return tuple(
        Fact(
            key,
            statement,
            tuple(Citation(keys[s], loc, quote) for s, loc, quote in cited.get(fid, [])),
        )
        for fid, key, statement in rows
    )


# -- choosing questions for a quiz --------------------------------------------------------------


def _candidates(
    what: str, pack_id: str, tags: Sequence[str], facts: Sequence[str]
) -> tuple[str, dict[str, Any]]:
    sql = f"SELECT {what} FROM questions q WHERE q.pack_id = :pack AND q.retired = FALSE"
    params: dict[str, Any] = {"pack": pack_id}
    if tags:
        sql += (
            " AND q.id IN (SELECT qt.question_id FROM question_tags qt "
            "JOIN tags t ON t.id = qt.tag_id WHERE t.name IN (:tags))"
        )
        params["tags"] = list(tags)
    if facts:
        sql += " AND q.fact_id IN (SELECT id FROM facts WHERE pack_id = :pack AND key IN (:facts))"
        params["facts"] = list(facts)
    return sql, params


def candidate_ids(
    db: Db, pack_id: str, tags: Sequence[str] = (), facts: Sequence[str] = ()
) -> list[int]:
    """Active question ids of the pack having any of ``tags`` and any of ``facts``."""
    sql, params = _candidates("q.id", pack_id, tags, facts)
    return [r[0] for r in db.rows(sql + " ORDER BY q.id", params)]


def candidates_by_key(
    db: Db, pack_id: str, tags: Sequence[str] = (), facts: Sequence[str] = ()
) -> list[int]:
    """``candidate_ids`` in the order of the questions' keys (their ids in the pack).

    Row ids differ from bank to bank; keys do not. A class code draws from this order, so
    that every learner's bank draws the same questions. Sorted here, not by the database,
    whose collation may differ (PostgreSQL's follows the server's locale).
    """
    sql, params = _candidates("q.id, q.key", pack_id, tags, facts)
    return [qid for qid, _ in sorted(db.rows(sql, params), key=lambda row: row[1])]


def count_candidates(
    db: Db, pack_id: str, tags: Sequence[str] = (), facts: Sequence[str] = ()
) -> int:
    """How many questions ``candidate_ids`` would give."""
    sql, params = _candidates("count(*)", pack_id, tags, facts)
    return int(db.value(sql, params) or 0)


def draw_ids(
    db: Db,
    pack_id: str,
    count: int | None,
    rng: random.Random,
    tags: Sequence[str] = (),
    facts: Sequence[str] = (),
) -> list[int]:
    """``count`` random question ids (all of them, shuffled, if ``count`` is None).

    Depends only on ``rng`` and the bank's contents, so a seed reproduces the draw: it is
    ``rng.sample`` of the candidates in id order. For a few questions out of a whole pack,
    only the drawn positions are fetched (``rng.sample`` picks the same positions from a
    range as from a list of that length), not every id of a 10,000-question pack.
    """
    if tags or facts:  # a filter leaves few candidates, and each positioned fetch repeats it
        ids = candidate_ids(db, pack_id, tags, facts)
        return rng.sample(ids, len(ids) if count is None else min(count, len(ids)))
    available = count_candidates(db, pack_id)
    wanted = available if count is None else min(count, available)
    if wanted * FEW_OF_MANY < available:
        sql, params = _candidates("q.id", pack_id, (), ())
        sql += " ORDER BY q.id LIMIT 1 OFFSET :at"
        drawn = [db.value(sql, {**params, "at": at}) for at in rng.sample(range(available), wanted)]
        if None not in drawn:
            return [int(i) for i in drawn]
        # The pack changed between the count and the draw (a teacher saved it): draw again.
    ids = candidate_ids(db, pack_id, tags, facts)
    return rng.sample(ids, min(wanted, len(ids)))


# Fetching one id by its position costs about 1/24 of fetching every id (SQLite, measured in
# benchmarks/bench_draw.py), so below that share only the drawn positions are fetched.
FEW_OF_MANY = 24


def filter_options(db: Db, pack_id: str) -> list[FilterOption]:
    """The facts and tags of a pack's active questions, with their question counts."""
    params: Mapping[str, Any] = {"pack": pack_id}
    facts = [
        FilterOption("fact", key, statement, int(n))
        for key, statement, n in db.rows(
            "SELECT f.key, f.statement, count(q.id) FROM facts f "
            "JOIN questions q ON q.fact_id = f.id AND q.retired = FALSE "
            "WHERE f.pack_id = :pack GROUP BY f.id, f.key, f.statement, f.position "
            "ORDER BY f.position",
            params,
        )
    ]
    tags = [
        FilterOption("tag", name, name, int(n))
        for name, n in db.rows(
            "SELECT t.name, count(*) FROM question_tags qt JOIN tags t ON t.id = qt.tag_id "
            "JOIN questions q ON q.id = qt.question_id "
            "WHERE q.pack_id = :pack AND q.retired = FALSE GROUP BY t.name ORDER BY t.name",
            params,
        )
    ]
    return facts + tags
