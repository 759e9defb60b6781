"""The quiz's hot path in plain ``sqlite3``: start screen, drawing questions, recording answers.

Importing SQLAlchemy alone takes about 0.17 s here, longer than a bare Qt window takes to
appear, so the paths a learner waits on (opening the app, starting a quiz, answering) use
the standard library's sqlite3 against the same schema, which the SQLAlchemy models define
and Alembic migrates. Pack management (import, export, removal) stays on the ORM. The
tests run both against one bank, so the two cannot drift apart unnoticed.

Every function takes an open connection; the caller owns the transaction
(``with bank.connection() as conn``).
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from quizapp.core.model import Choice, Image, QuestionType, Source, SourceKind
from quizapp.core.quiz import Answer, CitedSource, QuizQuestion
from quizapp.core.summaries import AttemptSummary, FilterOption, PackStats, PackSummary

_CHUNK = 500


def stamp(moment: datetime) -> str:
    """A datetime in the text form SQLAlchemy uses for SQLite."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def parse_stamp(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


# -- settings -----------------------------------------------------------------------------------


def get_setting(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


# -- packs --------------------------------------------------------------------------------------


def list_packs(conn: sqlite3.Connection) -> list[PackSummary]:
    """Every pack in the bank, by title, with its stored question counts."""
    out = []
    for row in conn.execute(
        "SELECT slug, title, version, language, question_count, type_counts, authors, license, "
        "description, origin, source_format, bundled, imported_at, updated_at "
        "FROM packs ORDER BY lower(title), slug"
    ):
        counts = json.loads(row[5] or "{}")
        out.append(
            PackSummary(
                id=row[0],
                title=row[1],
                version=row[2],
                language=row[3],
                questions=row[4],
                multiple_choice=counts.get(QuestionType.MULTIPLE_CHOICE.value, 0),
                true_false=counts.get(QuestionType.TRUE_FALSE.value, 0),
                multiple_response=counts.get(QuestionType.MULTIPLE_RESPONSE.value, 0),
                missing_explanations=counts.get("no_explanation", 0),
                authors=tuple(a for a in row[6].split("\n") if a),
                license=row[7],
                description=row[8],
                origin=row[9],
                source_format=row[10],
                bundled=bool(row[11]),
                imported_at=parse_stamp(row[12]),
                updated_at=parse_stamp(row[13]),
            )
        )
    return out


def pack_header(conn: sqlite3.Connection, slug: str) -> tuple[int, str, str] | None:
    """(row id, title, version) of the pack ``slug``."""
    row = conn.execute("SELECT id, title, version FROM packs WHERE slug = ?", (slug,)).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def filter_options(conn: sqlite3.Connection, slug: str) -> list[FilterOption]:
    """The tags and facts of a pack's active questions, with their question counts."""
    pack = pack_header(conn, slug)
    if pack is None:
        return []
    tags = [
        FilterOption("tag", name, name, n)
        for name, n in conn.execute(
            "SELECT t.name, count(*) FROM question_tags qt JOIN tags t ON t.id = qt.tag_id "
            "JOIN questions q ON q.id = qt.question_id WHERE q.pack_id = ? AND NOT q.retired "
            "GROUP BY t.name ORDER BY t.name",
            (pack[0],),
        )
    ]
    facts = [
        FilterOption("fact", key, statement, n)
        for key, statement, n in conn.execute(
            "SELECT f.key, f.statement, count(q.id) FROM facts f "
            "JOIN questions q ON q.fact_id = f.id AND NOT q.retired "
            "WHERE f.pack_id = ? GROUP BY f.id ORDER BY f.position",
            (pack[0],),
        )
    ]
    return facts + tags


# -- drawing questions ------------------------------------------------------------------------


def _candidates_sql(
    what: str, slug: str | None, tags: Sequence[str], facts: Sequence[str]
) -> tuple[str, list[Any]]:
    sql = f"SELECT {what} FROM questions q"
    where = ["NOT q.retired"]
    params: list[Any] = []
    if slug is not None:
        sql += " JOIN packs p ON p.id = q.pack_id"
        where.append("p.slug = ?")
        params.append(slug)
    if tags:
        where.append(
            "q.id IN (SELECT qt.question_id FROM question_tags qt JOIN tags t ON t.id = qt.tag_id "
            f"WHERE t.name IN ({_marks(len(tags))}))"
        )
        params.extend(tags)
    if facts:
        where.append(f"q.fact_id IN (SELECT id FROM facts WHERE key IN ({_marks(len(facts))}))")
        params.extend(facts)
    return sql + " WHERE " + " AND ".join(where), params


def candidate_ids(
    conn: sqlite3.Connection,
    slug: str | None,
    tags: Sequence[str] = (),
    facts: Sequence[str] = (),
) -> list[int]:
    """Active question ids of pack ``slug`` having any of ``tags`` and any of ``facts``."""
    sql, params = _candidates_sql("q.id", slug, tags, facts)
    return [r[0] for r in conn.execute(sql + " ORDER BY q.id", params)]


def count_candidates(
    conn: sqlite3.Connection,
    slug: str | None,
    tags: Sequence[str] = (),
    facts: Sequence[str] = (),
) -> int:
    """How many questions ``candidate_ids`` would give."""
    sql, params = _candidates_sql("count(*)", slug, tags, facts)
    return int(conn.execute(sql, params).fetchone()[0])


def draw_ids(
    conn: sqlite3.Connection,
    slug: str | None,
    count: int | None,
    rng: random.Random,
    tags: Sequence[str] = (),
    facts: Sequence[str] = (),
) -> list[int]:
    """``count`` random question ids (all of them, shuffled, if ``count`` is None).

    Depends only on ``rng`` and the bank's contents, so a seed reproduces the draw.
    """
    ids = candidate_ids(conn, slug, tags, facts)
    return rng.sample(ids, len(ids) if count is None else min(count, len(ids)))


def _sources(conn: sqlite3.Connection, source_ids: set[int]) -> dict[int, Source]:
    out: dict[int, Source] = {}
    ordered = sorted(source_ids)
    for chunk in _chunks(ordered):
        for row in conn.execute(
            "SELECT id, key, title, author, publisher, date, url, kind, note FROM sources "
            f"WHERE id IN ({_marks(len(chunk))})",
            chunk,
        ):
            out[row[0]] = Source(
                id=row[1],
                title=row[2],
                author=row[3],
                publisher=row[4],
                date=row[5],
                url=row[6],
                kind=SourceKind(row[7]),
                note=row[8],
            )
    return out


def load_questions(
    conn: sqlite3.Connection, question_ids: Sequence[int]
) -> dict[int, dict[str, Any]]:
    """Question rows with choices, explanation, fact and resolved sources, by row id.

    Each value has: key, type, prompt, explanation, shuffle, fact (key), choices (tuple of
    Choice in pack order), sources (own CitedSources) and fact_sources (the fact's others).
    """
    rows: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(list(question_ids)):
        for row in conn.execute(
            "SELECT q.id, q.key, q.type, q.prompt, q.explanation, q.shuffle, q.fact_id, f.key, "
            "q.image_path, q.image_alt "
            "FROM questions q LEFT JOIN facts f ON f.id = q.fact_id "
            f"WHERE q.id IN ({_marks(len(chunk))})",
            chunk,
        ):
            rows[row[0]] = {
                "key": row[1],
                "type": QuestionType(row[2]),
                "prompt": row[3],
                "explanation": row[4],
                "shuffle": bool(row[5]),
                "fact_id": row[6],
                "fact": row[7] or "",
                "image": None if row[8] is None else Image(row[8], row[9] or ""),
                "choices": [],
                "citations": [],
            }
    if not rows:
        return {}
    ids = list(rows)
    fact_citations: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for chunk in _chunks(ids):
        marks = _marks(len(chunk))
        for qid, text, correct, feedback, path, alt in conn.execute(
            "SELECT question_id, text, correct, feedback, image_path, image_alt FROM choices "
            f"WHERE question_id IN ({marks}) ORDER BY question_id, position",
            chunk,
        ):
            image = None if path is None else Image(path, alt or "")
            rows[qid]["choices"].append(Choice(text, bool(correct), feedback, image))
        for qid, sid, locator, quote in conn.execute(
            "SELECT question_id, source_id, locator, quote FROM citations "
            f"WHERE question_id IN ({marks}) ORDER BY question_id, position",
            chunk,
        ):
            rows[qid]["citations"].append((sid, locator, quote))
    fact_ids = sorted({r["fact_id"] for r in rows.values() if r["fact_id"] is not None})
    for chunk in _chunks(fact_ids):
        for fid, sid, locator, quote in conn.execute(
            "SELECT fact_id, source_id, locator, quote FROM citations "
            f"WHERE fact_id IN ({_marks(len(chunk))}) ORDER BY fact_id, position",
            chunk,
        ):
            fact_citations[fid].append((sid, locator, quote))
    source_ids = {c[0] for r in rows.values() for c in r["citations"]}
    source_ids |= {c[0] for cs in fact_citations.values() for c in cs}
    sources = _sources(conn, source_ids)
    for r in rows.values():
        own = r["citations"]
        r["sources"] = tuple(CitedSource(sources[c[0]], c[1], c[2]) for c in own)
        r["fact_sources"] = tuple(
            CitedSource(sources[c[0]], c[1], c[2])
            for c in fact_citations.get(r["fact_id"], [])
            if c not in own
        )
        r["choices"] = tuple(r["choices"])
    return rows


# -- learners -----------------------------------------------------------------------------------


def learner_names(conn: sqlite3.Connection) -> list[str]:
    """Learners on this computer, most recent first."""
    return [
        r[0] for r in conn.execute("SELECT name FROM learners ORDER BY last_seen_at DESC, name")
    ]


def learner_id(conn: sqlite3.Connection, name: str) -> int | None:
    row = conn.execute("SELECT id FROM learners WHERE name = ?", (name,)).fetchone()
    return None if row is None else int(row[0])


def ensure_learner(conn: sqlite3.Connection, name: str, now: datetime) -> int:
    """The id of learner ``name`` (case-insensitive), created if new; marks them as seen."""
    found = learner_id(conn, name)
    if found is not None:
        conn.execute("UPDATE learners SET last_seen_at = ? WHERE id = ?", (stamp(now), found))
        return found
    cur = conn.execute(
        "INSERT INTO learners (name, created_at, last_seen_at) VALUES (?, ?, ?)",
        (name, stamp(now), stamp(now)),
    )
    return int(cur.lastrowid or 0)


def pack_stats(conn: sqlite3.Connection, learner: int) -> dict[str, PackStats]:
    """Best and last score of a learner on each pack they finished."""
    out: dict[str, PackStats] = {}
    rows = conn.execute(
        "SELECT pack_slug, points, total FROM attempts "
        "WHERE learner_id = ? AND status IN ('finished', 'expired') AND total > 0 "
        "AND kind = 'quiz' "
        "ORDER BY pack_slug, finished_at",
        (learner,),
    ).fetchall()
    by_pack: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for slug, score, total in rows:
        by_pack[slug].append((score, total))
    for slug, results in by_pack.items():
        percents = [100.0 * s / t for s, t in results]
        last_score, last_total = results[-1]
        out[slug] = PackStats(max(percents), percents[-1], last_score, last_total, len(results))
    return out


# -- attempts -----------------------------------------------------------------------------------

_ATTEMPT_COLUMNS = (
    "a.id, l.name, a.pack_slug, a.pack_title, a.mode, a.kind, a.status, a.started_at, "
    "a.finished_at, a.points, a.total, "
    "(SELECT count(*) FROM responses r WHERE r.attempt_id = a.id AND r.outcome IN "
    "('correct', 'partial', 'wrong')), a.seconds"
)


def _attempt(row: Sequence[Any]) -> AttemptSummary:
    return AttemptSummary(
        id=row[0],
        learner=row[1],
        pack_id=row[2],
        pack_title=row[3],
        mode=row[4],
        kind=row[5],
        status=row[6],
        started_at=datetime.fromisoformat(row[7]),
        finished_at=parse_stamp(row[8]),
        score=row[9],
        total=row[10],
        answered=row[11],
        seconds=row[12],
    )


def create_attempt(
    conn: sqlite3.Connection,
    *,
    learner: int,
    pack_row_id: int | None,
    pack_slug: str,
    pack_title: str,
    pack_version: str,
    mode: str,
    kind: str,
    settings: dict[str, Any],
    time_limit_seconds: int | None,
    started_at: datetime,
    deadline_at: datetime | None,
    questions: Sequence[QuizQuestion],
) -> int:
    """Record a new attempt and one response row per question, with what will be shown."""
    cur = conn.execute(
        "INSERT INTO attempts (learner_id, pack_id, pack_slug, pack_title, pack_version, mode, "
        "kind, settings, time_limit_seconds, started_at, deadline_at, finished_at, status, "
        "total, score, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'in_progress', "
        "?, 0, 0)",
        (
            learner,
            pack_row_id,
            pack_slug,
            pack_title,
            pack_version,
            mode,
            kind,
            json.dumps(settings),
            time_limit_seconds,
            stamp(started_at),
            None if deadline_at is None else stamp(deadline_at),
            len(questions),
        ),
    )
    attempt = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT INTO responses (attempt_id, position, question_id, question_key, question_type, "
        "prompt, choices) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                attempt,
                q.position,
                q.question_id,
                q.key,
                q.type.value,
                q.prompt,
                json.dumps(
                    [
                        {"text": c.text, "correct": c.correct, "feedback": c.feedback}
                        for c in q.choices
                    ]
                ),
            )
            for q in questions
        ],
    )
    return attempt


def _choice_json(choice: Choice) -> dict[str, Any]:
    out: dict[str, Any] = {
        "text": choice.text,
        "correct": choice.correct,
        "feedback": choice.feedback,
    }
    if choice.image is not None:
        out["image"] = {"path": choice.image.path, "alt": choice.image.alt}
    return out


_TOTALS = (
    "score = (SELECT count(*) FROM responses WHERE attempt_id = :a AND outcome = 'correct'), "
    "points = (SELECT coalesce(sum(credit), 0) FROM responses WHERE attempt_id = :a), "
    "seconds = (SELECT coalesce(sum(seconds), 0) FROM responses WHERE attempt_id = :a)"
)


def record_answer(
    conn: sqlite3.Connection,
    attempt: int,
    answer: Answer,
    answered_at: datetime,
) -> None:
    """Store one answer and keep the attempt's score, points and time up to date."""
    conn.execute(
        "UPDATE responses SET chosen_index = ?, picks = ?, credit = ?, outcome = ?, "
        "answered_at = ?, seconds = ? WHERE attempt_id = ? AND position = ? AND outcome IS NULL",
        (
            answer.chosen,
            json.dumps(list(answer.picks)) if answer.chosen is None else None,
            answer.credit,
            answer.outcome.value,
            stamp(answered_at),
            answer.seconds,
            attempt,
            answer.position,
        ),
    )
    conn.execute(f"UPDATE attempts SET {_TOTALS} WHERE id = :a", {"a": attempt})


def finish_attempt(
    conn: sqlite3.Connection, attempt: int, status: str, finished_at: datetime
) -> None:
    """Close an attempt still in progress; its unanswered questions are recorded as such."""
    conn.execute(
        "UPDATE responses SET outcome = 'unanswered', credit = 0 "
        "WHERE attempt_id = ? AND outcome IS NULL",
        (attempt,),
    )
    conn.execute(
        f"UPDATE attempts SET status = :status, finished_at = :at, {_TOTALS} "
        "WHERE id = :a AND status = 'in_progress'",
        {"status": status, "at": stamp(finished_at), "a": attempt},
    )


def attempt_summary(conn: sqlite3.Connection, attempt: int) -> AttemptSummary | None:
    row = conn.execute(
        f"SELECT {_ATTEMPT_COLUMNS} FROM attempts a JOIN learners l ON l.id = a.learner_id "
        "WHERE a.id = ?",
        (attempt,),
    ).fetchone()
    return None if row is None else _attempt(row)


def attempt_detail(conn: sqlite3.Connection, attempt: int) -> dict[str, Any] | None:
    """Everything needed to resume or review an attempt."""
    row = conn.execute(
        "SELECT mode, deadline_at, started_at, status, settings FROM attempts WHERE id = ?",
        (attempt,),
    ).fetchone()
    if row is None:
        return None
    responses = [
        {
            "position": r[0],
            "question_id": r[1],
            "key": r[2],
            "type": QuestionType(r[3]),
            "prompt": r[4],
            "choices": json.loads(r[5]),
            "chosen": r[6],
            "outcome": r[7],
            "seconds": r[8] or 0.0,
            "picks": tuple(json.loads(r[9])) if r[9] else (),
            "credit": r[10] or 0.0,
        }
        for r in conn.execute(
            "SELECT position, question_id, question_key, question_type, prompt, choices, "
            "chosen_index, outcome, seconds, picks, credit FROM responses WHERE attempt_id = ? "
            "ORDER BY position",
            (attempt,),
        )
    ]
    return {
        "mode": row[0],
        "deadline_at": parse_stamp(row[1]),
        "started_at": datetime.fromisoformat(row[2]),
        "status": row[3],
        "settings": json.loads(row[4]),
        "responses": responses,
    }


def image_data(conn: sqlite3.Connection, question_id: int, path: str) -> bytes | None:
    """The bytes of the image ``path`` of the pack that question ``question_id`` belongs to."""
    row = conn.execute(
        "SELECT i.data FROM images i JOIN questions q ON q.pack_id = i.pack_id "
        "WHERE q.id = ? AND i.path = ?",
        (question_id, path),
    ).fetchone()
    return None if row is None else bytes(row[0])


def unfinished_attempt(conn: sqlite3.Connection, learner: int) -> AttemptSummary | None:
    """The learner's most recent attempt that is still in progress."""
    row = conn.execute(
        f"SELECT {_ATTEMPT_COLUMNS} FROM attempts a JOIN learners l ON l.id = a.learner_id "
        "WHERE a.learner_id = ? AND a.status = 'in_progress' ORDER BY a.started_at DESC LIMIT 1",
        (learner,),
    ).fetchone()
    return None if row is None else _attempt(row)


def history(conn: sqlite3.Connection, learner: int | None = None) -> list[AttemptSummary]:
    """Past attempts, newest first (all learners, or one)."""
    sql = f"SELECT {_ATTEMPT_COLUMNS} FROM attempts a JOIN learners l ON l.id = a.learner_id"
    params: tuple[Any, ...] = ()
    if learner is not None:
        sql += " WHERE a.learner_id = ?"
        params = (learner,)
    return [
        _attempt(r) for r in conn.execute(sql + " ORDER BY a.started_at DESC, a.id DESC", params)
    ]


def mistakes(conn: sqlite3.Connection, learner: int, slug: str | None, limit: int) -> list[int]:
    """Questions the learner got wrong: still wrong at the last try first, then most often."""
    sql = (
        "SELECT r.question_id, "
        "sum(r.outcome != 'correct') AS wrong, "
        "max(CASE WHEN r.outcome != 'correct' THEN r.answered_at END) AS last_wrong, "
        "max(r.answered_at) AS last_seen "
        "FROM responses r JOIN attempts a ON a.id = r.attempt_id "
        "JOIN questions q ON q.id = r.question_id AND NOT q.retired "
        "JOIN packs p ON p.id = q.pack_id "
        "WHERE a.learner_id = ? AND r.outcome IS NOT NULL"
    )
    params: list[Any] = [learner]
    if slug is not None:
        sql += " AND p.slug = ?"
        params.append(slug)
    sql += " GROUP BY r.question_id HAVING wrong > 0"
    rows = conn.execute(sql, params).fetchall()
    # Still wrong: the last wrong answer is also the last answer.
    rows.sort(key=lambda r: (r[2] != r[3], -r[1], _neg_stamp(r[2])))
    return [r[0] for r in rows[:limit]]


def _neg_stamp(text: str | None) -> float:
    moment = parse_stamp(text)
    return -moment.timestamp() if moment else 0.0


def export_rows(conn: sqlite3.Connection, learner: str | None = None) -> list[dict[str, Any]]:
    """One row per response of every started attempt, for results export."""
    sql = (
        "SELECT a.id, l.name, a.pack_slug, a.pack_title, a.mode, a.status, a.started_at, "
        "a.finished_at, a.points, a.total, r.position, r.question_key, r.prompt, r.choices, "
        "r.chosen_index, r.outcome, r.seconds, r.picks, r.credit "
        "FROM responses r JOIN attempts a ON a.id = r.attempt_id "
        "JOIN learners l ON l.id = a.learner_id"
    )
    params: tuple[Any, ...] = ()
    if learner is not None:
        sql += " WHERE l.name = ?"
        params = (learner,)
    out = []
    for row in conn.execute(sql + " ORDER BY a.started_at, a.id, r.position", params):
        choices = json.loads(row[13])
        picked = [row[14]] if row[14] is not None else json.loads(row[17] or "[]")
        correct = [c["text"] for c in choices if c["correct"]]
        out.append(
            {
                "attempt": row[0],
                "learner": row[1],
                "pack": row[2],
                "pack_title": row[3],
                "mode": row[4],
                "status": row[5],
                "started": row[6],
                "finished": row[7],
                "score": row[8],
                "total": row[9],
                "position": row[10] + 1,
                "question_id": row[11],
                "prompt": row[12],
                "chosen": "; ".join(choices[i]["text"] for i in picked),
                "correct_answer": "; ".join(correct),
                "is_correct": row[15] == "correct",
                "outcome": row[15] or "",
                "credit": None if row[18] is None else round(row[18], 4),
                "seconds": None if row[16] is None else round(row[16], 1),
            }
        )
    return out
