"""Writing a pack into the bank: adding it, updating it by id, retiring what it dropped.

Owns writing the rows a pack is made of: ``packs``, ``sources``, ``facts``, ``questions``,
``choices``, ``citations``, ``tags`` and ``question_tags`` (``bank.questions`` reads them
back). A pack is written in bulk, one statement per table; an update changes questions by
id, adds new ones and retires those that are gone, so that nothing recorded against them
is lost.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from quizapp.bank import study
from quizapp.bank.engine import Db, chunks
from quizapp.bank.packs import version
from quizapp.core.model import Citation, Fact, Pack, Question, Source
from quizapp.core.summaries import ImportResult, ImportStatus
from quizapp.core.versions import compare_versions


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def question_hash(question: Question) -> str:
    """A fingerprint of everything a question says, to tell changed questions apart."""
    return hashlib.sha256(repr(question).encode()).hexdigest()


# -- writing ----------------------------------------------------------------------------------


def _pack_fields(pack: Pack, origin: str, source_format: str, bundled: bool) -> dict[str, Any]:
    info = pack.info
    return {
        "pack": info.id,
        "title": info.title,
        "version": info.version,
        "language": info.language,
        "authors": "\n".join(info.authors),
        "license": info.license,
        "description": info.description,
        "origin": origin,
        "source_format": source_format,
        "bundled": bundled,
    }


def _source_row(pack_id: str, s: Source, position: int) -> dict[str, Any]:
    return {
        "pack": pack_id,
        "key": s.id,
        "title": s.title,
        "author": s.author,
        "publisher": s.publisher,
        "date": s.date,
        "url": s.url,
        "kind": str(s.kind),
        "note": s.note,
        "position": position,
    }


def _citation_rows(
    citations: Sequence[Citation], source_ids: dict[str, int], *, question: int | None = None,
    fact: int | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    return [
        {
            "question": question,
            "fact": fact,
            "source": source_ids[c.source],
            "position": i,
            "locator": c.locator,
            "quote": c.quote,
        }
        for i, c in enumerate(citations)
    ]


_INSERT_CITATIONS = (
    "INSERT INTO citations (question_id, fact_id, source_id, position, locator, quote) "
    "VALUES (:question, :fact, :source, :position, :locator, :quote)"
)
_QUESTION_FIELDS = (
    "key, type, prompt, explanation, fact_id, difficulty, shuffle, position, retired, "
    "content_hash, image_path, image_alt"
)


def _ids_by_key(db: Db, table: str, pack_id: str) -> dict[str, int]:
    return {
        key: int(i)
        for key, i in db.rows(
            f"SELECT key, id FROM {table} WHERE pack_id = :pack", {"pack": pack_id}
        )
    }


@dataclass
class _Writer:
    """Writes the rows of one pack; shared by a first import and an update."""

    db: Db
    pack_id: str

    def sources(self, sources: Sequence[Source], old: dict[str, int]) -> dict[str, int]:
        """Insert or update sources by key; returns key -> row id."""
        rows = [_source_row(self.pack_id, s, i) for i, s in enumerate(sources)]
        self.db.many(
            "UPDATE sources SET title = :title, author = :author, publisher = :publisher, "
            "date = :date, url = :url, kind = :kind, note = :note, position = :position "
            "WHERE pack_id = :pack AND key = :key",
            [r for r in rows if r["key"] in old],
        )
        self.db.many(
            "INSERT INTO sources (pack_id, key, title, author, publisher, date, url, kind, note, "
            "position) VALUES (:pack, :key, :title, :author, :publisher, :date, :url, :kind, "
            ":note, :position)",
            [r for r in rows if r["key"] not in old],
        )
        return _ids_by_key(self.db, "sources", self.pack_id)

    def facts(
        self, facts: Sequence[Fact], source_ids: dict[str, int], old: dict[str, int]
    ) -> dict[str, int]:
        """Insert or update facts (and replace their citations); returns key -> row id."""
        rows = [
            {"pack": self.pack_id, "key": f.id, "statement": f.statement, "position": i}
            for i, f in enumerate(facts)
        ]
        self.db.many(
            "UPDATE facts SET statement = :statement, position = :position "
            "WHERE pack_id = :pack AND key = :key",
            [r for r in rows if r["key"] in old],
        )
        self.db.many(
            "INSERT INTO facts (pack_id, key, statement, position) "
            "VALUES (:pack, :key, :statement, :position)",
            [r for r in rows if r["key"] not in old],
        )
        for chunk in chunks(list(old.values())):
            self.db.run("DELETE FROM citations WHERE fact_id IN (:ids)", {"ids": list(chunk)})
        fact_ids = _ids_by_key(self.db, "facts", self.pack_id)
        self.db.many(
            _INSERT_CITATIONS,
            [
                row
                for f in facts
                for row in _citation_rows(f.citations, source_ids, fact=fact_ids[f.id])
            ],
        )
        return fact_ids

    def tag_ids(self, names: set[str]) -> dict[str, int]:
        if not names:
            return {}
        self.db.many(
            "INSERT INTO tags (name) VALUES (:name) ON CONFLICT (name) DO NOTHING",
            [{"name": n} for n in sorted(names)],
        )
        found: dict[str, int] = {}
        for chunk in chunks(sorted(names)):
            found.update(
                (name, int(i))
                for name, i in self.db.rows(
                    "SELECT name, id FROM tags WHERE name IN (:names)", {"names": list(chunk)}
                )
            )
        return found

    def questions(
        self,
        items: Sequence[tuple[int, Question]],
        source_ids: dict[str, int],
        fact_ids: dict[str, int],
        changed: dict[str, int],
    ) -> None:
        """Write questions given as (position, question); ``changed`` are updates by key."""
        rows = []
        for position, q in items:
            rows.append(
                {
                    "pack": self.pack_id,
                    "key": q.id,
                    "type": str(q.type),
                    "prompt": q.prompt,
                    "explanation": q.explanation,
                    "fact": fact_ids.get(q.fact) if q.fact else None,
                    "difficulty": q.difficulty,
                    "shuffle": q.shuffle,
                    "position": position,
                    "retired": False,
                    "hash": question_hash(q),
                    "image_path": q.image.path if q.image else None,
                    "image_alt": q.image.alt if q.image else None,
                }
            )
        old_ids = list(changed.values())
        for chunk in chunks(old_ids):
            these = {"ids": list(chunk)}
            self.db.run("DELETE FROM choices WHERE question_id IN (:ids)", these)
            self.db.run("DELETE FROM citations WHERE question_id IN (:ids)", these)
            self.db.run("DELETE FROM question_tags WHERE question_id IN (:ids)", these)
        self.db.many(
            "UPDATE questions SET type = :type, prompt = :prompt, explanation = :explanation, "
            "fact_id = :fact, difficulty = :difficulty, shuffle = :shuffle, position = :position, "
            "retired = :retired, content_hash = :hash, image_path = :image_path, "
            "image_alt = :image_alt WHERE pack_id = :pack AND key = :key",
            [r for r in rows if r["key"] in changed],
        )
        self.db.many(
            f"INSERT INTO questions (pack_id, {_QUESTION_FIELDS}) VALUES (:pack, :key, :type, "
            ":prompt, :explanation, :fact, :difficulty, :shuffle, :position, :retired, :hash, "
            ":image_path, :image_alt)",
            [r for r in rows if r["key"] not in changed],
        )
        written = {q.id for _, q in items}
        ids = {
            k: v for k, v in _ids_by_key(self.db, "questions", self.pack_id).items() if k in written
        }
        self.db.many(
            "INSERT INTO choices (question_id, position, text, correct, feedback, image_path, "
            "image_alt, penalty) VALUES (:question, :position, :text, :correct, :feedback, "
            ":image_path, :image_alt, :penalty)",
            [
                {
                    "question": ids[q.id],
                    "position": i,
                    "text": c.text,
                    "correct": c.correct,
                    "feedback": c.feedback,
                    "image_path": c.image.path if c.image else None,
                    "image_alt": c.image.alt if c.image else None,
                    "penalty": c.penalty,
                }
                for _, q in items
                for i, c in enumerate(q.choices)
            ],
        )
        self.db.many(
            _INSERT_CITATIONS,
            [
                row
                for _, q in items
                for row in _citation_rows(q.citations, source_ids, question=ids[q.id])
            ],
        )
        tags = self.tag_ids({t for _, q in items for t in q.tags})
        self.db.many(
            "INSERT INTO question_tags (question_id, tag_id, position) "
            "VALUES (:question, :tag, :position)",
            [
                {"question": ids[q.id], "tag": tags[t], "position": i}
                for _, q in items
                for i, t in enumerate(q.tags)
            ],
        )

    def counts(self) -> None:
        """Store the pack's active question counts (read by the start screen and pack manager).

        ``type_counts`` holds the count of each question type, and under "no_explanation"
        how many questions still lack an explanation (imported from formats that have none).
        """
        params = {"pack": self.pack_id}
        counts: dict[str, int] = {
            str(t): int(n)
            for t, n in self.db.rows(
                "SELECT type, count(*) FROM questions WHERE pack_id = :pack AND retired = FALSE "
                "GROUP BY type",
                params,
            )
        }
        missing = int(
            self.db.value(
                "SELECT count(*) FROM questions WHERE pack_id = :pack AND retired = FALSE "
                "AND trim(explanation) = ''",
                params,
            )
            or 0
        )
        total = sum(counts.values())
        if missing:
            counts["no_explanation"] = missing
        units = study.sync_units(self.db, self.pack_id)
        self.db.run(
            "UPDATE packs SET question_count = :n, type_counts = :counts, unit_count = :units "
            "WHERE id = :pack",
            {**params, "n": total, "counts": json.dumps(counts, sort_keys=True), "units": units},
        )


def import_pack(
    db: Db,
    pack: Pack,
    *,
    origin: str = "",
    source_format: str = "toml",
    bundled: bool = False,
    force: bool = False,
) -> ImportResult:
    """Add a pack, or update the pack with the same id; the caller's unit of work commits.

    The same version again does nothing; an older version is refused unless ``force``.
    """
    info = pack.info
    db.lock(f"pack:{info.id}")  # two teachers' computers adding it at once: one at a time
    old_version = version(db, info.id)
    if old_version is None:
        return _insert_new(db, pack, origin, source_format, bundled)
    order = compare_versions(info.version, old_version)
    if order == 0 and not force:
        return ImportResult(
            ImportStatus.UNCHANGED, info.id, info.title, info.version, old_version,
            message=f"version {info.version} is already in the bank",
        )  # fmt: skip
    if order < 0 and not force:
        return ImportResult(
            ImportStatus.REFUSED, info.id, info.title, info.version, old_version,
            message=(
                f"the bank already has the newer version {old_version}; "
                "use --force to replace it with this older version"
            ),
        )  # fmt: skip
    return _update(db, old_version, pack, origin, source_format, bundled)


def _insert_new(db: Db, pack: Pack, origin: str, source_format: str, bundled: bool) -> ImportResult:
    now = _now()
    db.run(
        "INSERT INTO packs (id, title, version, language, authors, license, description, origin, "
        "source_format, bundled, imported_at, updated_at) VALUES (:pack, :title, :version, "
        ":language, :authors, :license, :description, :origin, :source_format, :bundled, :now, "
        ":now)",
        {**_pack_fields(pack, origin, source_format, bundled), "now": now},
    )
    writer = _Writer(db, pack.info.id)
    source_ids = writer.sources(pack.sources, {})
    fact_ids = writer.facts(pack.facts, source_ids, {})
    writer.questions(list(enumerate(pack.questions)), source_ids, fact_ids, {})
    writer.counts()
    info = pack.info
    return ImportResult(
        ImportStatus.ADDED, info.id, info.title, info.version, added=len(pack.questions)
    )


def _update(
    db: Db, old_version: str, pack: Pack, origin: str, source_format: str, bundled: bool
) -> ImportResult:
    pack_id = pack.info.id
    db.run(
        "UPDATE packs SET title = :title, version = :version, language = :language, "
        "authors = :authors, license = :license, description = :description, origin = :origin, "
        "source_format = :source_format, bundled = :bundled, updated_at = :now WHERE id = :pack",
        {**_pack_fields(pack, origin, source_format, bundled), "now": _now()},
    )
    writer = _Writer(db, pack_id)
    old_sources = _ids_by_key(db, "sources", pack_id)
    source_ids = writer.sources(pack.sources, old_sources)
    old_facts = _ids_by_key(db, "facts", pack_id)
    fact_ids = writer.facts(pack.facts, source_ids, old_facts)

    old_questions = {
        key: (int(qid), digest, bool(retired))
        for key, qid, digest, retired in db.rows(
            "SELECT key, id, content_hash, retired FROM questions WHERE pack_id = :pack",
            {"pack": pack_id},
        )
    }
    items: list[tuple[int, Question]] = []
    changed: dict[str, int] = {}
    moved: list[dict[str, Any]] = []
    added = unchanged = 0
    for position, q in enumerate(pack.questions):
        old = old_questions.get(q.id)
        if old is None:
            items.append((position, q))
            added += 1
        elif old[1] != question_hash(q) or old[2]:
            items.append((position, q))
            changed[q.id] = old[0]
        else:
            moved.append({"id": old[0], "position": position})
            unchanged += 1
    writer.questions(items, source_ids, fact_ids, changed)
    db.many("UPDATE questions SET position = :position WHERE id = :id", moved)
    keep = {q.id for q in pack.questions}
    gone = [
        qid for key, (qid, _, retired) in old_questions.items() if key not in keep and not retired
    ]
    for chunk in chunks(gone):
        db.run(
            "UPDATE questions SET retired = :yes WHERE id IN (:ids)",
            {"yes": True, "ids": list(chunk)},
        )

    # Facts and sources that the new version dropped go, unless a retired question cites them.
    kept_facts = {f.id for f in pack.facts}
    dropped_facts = [fid for key, fid in old_facts.items() if key not in kept_facts]
    for chunk in chunks(dropped_facts):
        db.run("DELETE FROM facts WHERE id IN (:ids)", {"ids": list(chunk)})
    dropped_sources = [
        sid for key, sid in old_sources.items() if key not in {s.id for s in pack.sources}
    ]
    for chunk in chunks(dropped_sources):
        ids = {"ids": list(chunk)}
        db.run(
            "DELETE FROM sources WHERE id IN (:ids) "
            "AND id NOT IN (SELECT source_id FROM citations WHERE source_id IN (:ids))",
            ids,
        )
        # The ones kept for retired questions are hidden from the pack (position -1).
        db.run("UPDATE sources SET position = -1 WHERE id IN (:ids)", ids)
    writer.counts()
    info = pack.info
    return ImportResult(
        ImportStatus.UPDATED, info.id, info.title, info.version, old_version,
        added=added, changed=len(changed), retired=len(gone), unchanged=unchanged,
    )  # fmt: skip
