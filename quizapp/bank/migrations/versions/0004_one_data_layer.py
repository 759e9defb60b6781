"""one data layer: pack ids as keys, shown questions apart, answers only added, logins

Revision ID: 0004_one_data_layer
Revises: 0003_images
Create Date: 2026-12-01 23:30:00

- ``packs`` is keyed by the pack's own id (was: an integer row id beside a ``slug``), so
  ``pack_id`` means the same thing in every table and in the code.
- What a learner was shown moves from ``responses`` to ``attempt_questions``, written once
  when the attempt starts, with the pictures of the question and of every choice (old
  attempts get them from the bank, where the question still exists).
- ``responses`` holds answers only, one per question, never changed; unanswered questions
  have none.
- ``attempts`` loses ``score``/``points``/``seconds``: one query sums the answers instead.
- ``learners`` gets ``name_key`` (the same learner whatever the case, on every engine; SQLite's
  NOCASE collation does not exist in PostgreSQL), ``login`` and ``class_name`` for schools.

On PostgreSQL, revisions 0001-0003 do nothing (they predate PostgreSQL support), and this
one creates the whole schema.
"""

import json
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_one_data_layer"
down_revision: str | None = "0003_images"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PACK_ID = sa.String(length=64)


def _packs(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", PACK_ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=False),
        sa.Column("authors", sa.Text(), nullable=False),
        sa.Column("license", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("source_format", sa.String(length=16), nullable=False),
        sa.Column("bundled", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("question_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("type_counts", sa.Text(), server_default="{}", nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def _sources(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", PACK_ID, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["pack_id"], ["packs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pack_id", "key"),
    )


def _facts(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", PACK_ID, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["pack_id"], ["packs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pack_id", "key"),
    )


def _questions(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", PACK_ID, nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=True),
        sa.Column("difficulty", sa.Integer(), nullable=True),
        sa.Column("shuffle", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("image_path", sa.String(length=200), nullable=True),
        sa.Column("image_alt", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "difficulty IS NULL OR difficulty BETWEEN 1 AND 5", name="difficulty_range"
        ),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["pack_id"], ["packs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pack_id", "key"),
    )


def _images(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", PACK_ID, nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["pack_id"], ["packs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pack_id", "path"),
    )


def _learners(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("login", sa.String(length=63), nullable=True),
        sa.Column("class_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name_key"),
        sa.UniqueConstraint("login"),
    )


def _attempts(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("pack_id", PACK_ID, nullable=False),
        sa.Column("pack_title", sa.Text(), nullable=False),
        sa.Column("pack_version", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("time_limit_seconds", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("deadline_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('quiz', 'mistakes')", name="attempt_kind"),
        sa.CheckConstraint("mode IN ('practice', 'exam')", name="attempt_mode"),
        sa.CheckConstraint(
            "status IN ('in_progress', 'finished', 'expired', 'abandoned')", name="attempt_status"
        ),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )


def _attempt_questions(name: str) -> None:
    op.create_table(
        name,
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("question_key", sa.String(length=64), nullable=False),
        sa.Column("question_type", sa.String(length=32), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("image_path", sa.String(length=200), nullable=True),
        sa.Column("image_alt", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("attempt_id", "position"),
    )


def _responses(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("chosen_index", sa.Integer(), nullable=True),
        sa.Column("picks", sa.Text(), nullable=True),
        sa.Column("credit", sa.Double(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.CheckConstraint("outcome IN ('correct', 'partial', 'wrong')", name="response_outcome"),
        sa.CheckConstraint("credit >= 0 AND credit <= 1", name="response_credit"),
        sa.CheckConstraint("seconds >= 0", name="response_seconds"),
        sa.CheckConstraint("chosen_index IS NULL OR chosen_index >= 0", name="response_chosen"),
        sa.UniqueConstraint("attempt_id", "position"),
        sa.ForeignKeyConstraint(
            ["attempt_id", "position"],
            ["attempt_questions.attempt_id", "attempt_questions.position"],
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id"),
    )


def _indexes() -> None:
    op.create_index("ix_questions_pack_active", "questions", ["pack_id", "retired"])
    op.create_index("ix_questions_fact", "questions", ["fact_id"])
    op.create_index("ix_attempts_learner_status", "attempts", ["learner_id", "status"])
    op.create_index(
        "ix_attempts_learner_pack", "attempts", ["learner_id", "pack_id", "finished_at"]
    )
    op.create_index("ix_attempt_questions_question", "attempt_questions", ["question_id"])


def _unchanged_tables() -> None:
    """The tables this revision leaves as they are on SQLite (created here on PostgreSQL)."""
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "choices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=False),
        sa.Column("image_path", sa.String(length=200), nullable=True),
        sa.Column("image_alt", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("question_id", "position"),
    )
    op.create_table(
        "citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("fact_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("locator", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "(question_id IS NULL) <> (fact_id IS NULL)", name="citation_has_one_owner"
        ),
        sa.ForeignKeyConstraint(["fact_id"], ["facts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_citations_fact", "citations", ["fact_id"])
    op.create_index("ix_citations_question", "citations", ["question_id"])
    op.create_index("ix_citations_source", "citations", ["source_id"])
    op.create_table(
        "question_tags",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["questions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("question_id", "tag_id"),
    )
    op.create_index("ix_question_tags_tag_id", "question_tags", ["tag_id", "question_id"])


# Tables rebuilt on SQLite, in an order where every table's references exist before it.
REBUILT: dict[str, Callable[[str], None]] = {
    "packs": _packs,
    "sources": _sources,
    "facts": _facts,
    "questions": _questions,
    "images": _images,
    "learners": _learners,
    "attempts": _attempts,
}

COPY = {
    "packs": (
        "id, title, version, language, authors, license, description, origin, source_format, "
        "bundled, imported_at, updated_at, question_count, type_counts",
        "SELECT slug, title, version, language, authors, license, description, origin, "
        "source_format, bundled, imported_at, updated_at, question_count, type_counts FROM packs",
    ),
    "sources": (
        "id, pack_id, key, title, author, publisher, date, url, kind, note, position",
        "SELECT s.id, p.slug, s.key, s.title, s.author, s.publisher, s.date, s.url, s.kind, "
        "s.note, s.position FROM sources s JOIN packs p ON p.id = s.pack_id",
    ),
    "facts": (
        "id, pack_id, key, statement, position",
        "SELECT f.id, p.slug, f.key, f.statement, f.position FROM facts f "
        "JOIN packs p ON p.id = f.pack_id",
    ),
    "questions": (
        "id, pack_id, key, type, prompt, explanation, fact_id, difficulty, shuffle, position, "
        "retired, content_hash, image_path, image_alt",
        "SELECT q.id, p.slug, q.key, q.type, q.prompt, q.explanation, q.fact_id, q.difficulty, "
        "q.shuffle, q.position, q.retired, q.content_hash, q.image_path, q.image_alt "
        "FROM questions q JOIN packs p ON p.id = q.pack_id",
    ),
    "images": (
        "id, pack_id, path, data, sha256",
        "SELECT i.id, p.slug, i.path, i.data, i.sha256 FROM images i "
        "JOIN packs p ON p.id = i.pack_id",
    ),
    "attempts": (
        "id, learner_id, pack_id, pack_title, pack_version, mode, kind, settings, "
        "time_limit_seconds, started_at, deadline_at, finished_at, status, total",
        "SELECT id, learner_id, pack_slug, pack_title, pack_version, mode, kind, settings, "
        "time_limit_seconds, started_at, deadline_at, finished_at, status, total FROM attempts",
    ),
}


def _name_key(name: str) -> str:
    # The rule of core.summaries.learner_key, frozen here as it was at this revision.
    return " ".join(name.split()).casefold()


def _copy_learners(conn: sa.Connection) -> None:
    taken: set[str] = set()
    rows = conn.exec_driver_sql(
        "SELECT id, name, created_at, last_seen_at FROM learners ORDER BY id"
    ).fetchall()
    for learner_id, original, created, seen in rows:
        name, key, n = original, _name_key(original), 1
        while key in taken:  # "STRASSE" and "straße" were two learners under NOCASE
            n += 1
            suffix = f" ({n})"
            name = original[: 100 - len(suffix)] + suffix
            key = _name_key(name)
        taken.add(key)
        conn.exec_driver_sql(
            "INSERT INTO learners_new (id, name, name_key, login, class_name, created_at, "
            "last_seen_at) VALUES (?, ?, ?, NULL, '', ?, ?)",
            (learner_id, name, key, created, seen),
        )


def _copy_shown_questions(conn: sa.Connection) -> None:
    """Old attempts kept their choices without pictures: take them from the bank."""
    images: dict[tuple[int, str], dict[str, str]] = {
        (qid, text): {"path": path, "alt": alt or ""}
        for qid, text, path, alt in conn.exec_driver_sql(
            "SELECT question_id, text, image_path, image_alt FROM choices "
            "WHERE image_path IS NOT NULL"
        )
    }
    rows = conn.exec_driver_sql(
        "SELECT r.attempt_id, r.position, r.question_id, r.question_key, r.question_type, "
        "r.prompt, r.choices, q.image_path, q.image_alt FROM responses r "
        "LEFT JOIN questions q ON q.id = r.question_id"
    ).fetchall()
    out = []
    for attempt, position, qid, key, qtype, prompt, choices, path, alt in rows:
        shown = json.loads(choices)
        for choice in shown:
            found = images.get((qid, choice.get("text")))
            if found and "image" not in choice:
                choice["image"] = found
        out.append((attempt, position, qid, key, qtype, prompt, json.dumps(shown), path, alt))
    if out:
        conn.exec_driver_sql(
            "INSERT INTO attempt_questions (attempt_id, position, question_id, question_key, "
            "question_type, prompt, choices, image_path, image_alt) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            out,
        )


def _upgrade_sqlite() -> None:
    conn = op.get_bind()
    for table, create in REBUILT.items():
        create(f"{table}_new")
    _attempt_questions("attempt_questions")
    _responses("responses_new")
    for table, (columns, select) in COPY.items():
        op.execute(f"INSERT INTO {table}_new ({columns}) {select}")
    _copy_learners(conn)
    _copy_shown_questions(conn)
    op.execute(
        "INSERT INTO responses_new (id, attempt_id, position, chosen_index, picks, credit, "
        "outcome, answered_at, seconds) SELECT id, attempt_id, position, chosen_index, picks, "
        "coalesce(credit, 0), outcome, coalesce(answered_at, "
        "(SELECT started_at FROM attempts a WHERE a.id = attempt_id)), coalesce(seconds, 0) "
        "FROM responses WHERE outcome IN ('correct', 'partial', 'wrong')"
    )
    # Foreign keys are off while migrating (bank.schema): dropping a table does not touch the
    # rows that refer to it, and the rebuilt table takes its place under the same name.
    for table in ("responses", *reversed(REBUILT)):
        op.drop_table(table)
    for table in (*REBUILT, "responses"):
        op.rename_table(f"{table}_new", table)
    _indexes()


def _upgrade_postgresql() -> None:
    # Every table is new here; each is created after the tables it refers to.
    for table, create in REBUILT.items():
        create(table)
    _attempt_questions("attempt_questions")
    _responses("responses")
    _unchanged_tables()
    _indexes()


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _upgrade_sqlite()
    else:
        _upgrade_postgresql()


def downgrade() -> None:
    raise NotImplementedError("a bank cannot go back to before revision 0004; restore a backup")
