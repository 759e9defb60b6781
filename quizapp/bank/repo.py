"""Repository functions: each takes the caller's session and returns core dataclasses."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from quizapp.bank.models import (
    Base,
    ChoiceRow,
    CitationRow,
    FactRow,
    ImageRow,
    PackRow,
    QuestionRow,
    SettingRow,
    SourceRow,
    TagRow,
    question_tags,
)
from quizapp.core.model import (
    Choice,
    Citation,
    Fact,
    Image,
    Pack,
    PackInfo,
    Question,
    QuestionType,
    Source,
    SourceKind,
)
from quizapp.core.summaries import ImportResult, ImportStatus
from quizapp.core.versions import compare_versions

_T: dict[str, Any] = {
    "packs": PackRow.__table__,
    "sources": SourceRow.__table__,
    "facts": FactRow.__table__,
    "questions": QuestionRow.__table__,
    "choices": ChoiceRow.__table__,
    "citations": CitationRow.__table__,
    "tags": TagRow.__table__,
}


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def question_hash(question: Question) -> str:
    """A fingerprint of everything a question says, to tell changed questions apart."""
    return hashlib.sha256(repr(question).encode()).hexdigest()


class _Ids:
    """Hands out primary keys so that rows can be inserted in bulk without RETURNING."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.next: dict[str, int] = {}

    def take(self, table: str, n: int = 1) -> int:
        if table not in self.next:
            t: Any = _T[table]
            self.next[table] = (self.session.scalar(select(func.max(t.c.id))) or 0) + 1
        first = self.next[table]
        self.next[table] = first + n
        return first


def _bulk(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(table), rows)


@dataclass
class _Writer:
    """Writes the rows of one pack; shared by a first import and an update."""

    session: Session
    pack_row_id: int
    ids: _Ids

    def tag_ids(self, names: Iterable[str]) -> dict[str, int]:
        wanted = set(names)
        if not wanted:
            return {}
        known: dict[str, int] = {}
        query = select(TagRow.id, TagRow.name)
        # SQLite limits the number of bound parameters; ask in chunks.
        names_list = sorted(wanted)
        for i in range(0, len(names_list), 500):
            chunk = names_list[i : i + 500]
            for tid, name in self.session.execute(query.where(TagRow.name.in_(chunk))):
                known[name] = tid
        missing = sorted(wanted - known.keys())
        if missing:
            first = self.ids.take("tags", len(missing))
            new = {name: first + i for i, name in enumerate(missing)}
            _bulk(self.session, _T["tags"], [{"id": i, "name": n} for n, i in new.items()])
            known.update(new)
        return known

    def citation_rows(
        self,
        citations: Sequence[Citation],
        source_ids: dict[str, int],
        *,
        question_id: int | None = None,
        fact_id: int | None = None,
    ) -> list[dict[str, Any]]:
        return [
            {
                "question_id": question_id,
                "fact_id": fact_id,
                "source_id": source_ids[c.source],
                "position": i,
                "locator": c.locator,
                "quote": c.quote,
            }
            for i, c in enumerate(citations)
        ]

    def questions(
        self,
        items: list[tuple[int, int, Question]],
        source_ids: dict[str, int],
        fact_ids: dict[str, int],
        new_ids: set[int],
    ) -> None:
        """Write questions given as (row id, position, question); ``new_ids`` are inserts."""
        question_rows: list[dict[str, Any]] = []
        update_rows: list[dict[str, Any]] = []
        choice_rows: list[dict[str, Any]] = []
        citation_rows: list[dict[str, Any]] = []
        tag_links: list[tuple[int, int, str]] = []
        for qid, position, q in items:
            row = {
                "key": q.id,
                "type": str(q.type),
                "prompt": q.prompt,
                "explanation": q.explanation,
                "fact_id": fact_ids.get(q.fact) if q.fact else None,
                "difficulty": q.difficulty,
                "shuffle": q.shuffle,
                "position": position,
                "retired": False,
                "content_hash": question_hash(q),
                "image_path": q.image.path if q.image else None,
                "image_alt": q.image.alt if q.image else None,
            }
            if qid in new_ids:
                question_rows.append({"id": qid, "pack_id": self.pack_row_id, **row})
            else:
                update_rows.append({"id": qid, **row})
            choice_rows.extend(
                {
                    "question_id": qid,
                    "position": i,
                    "text": c.text,
                    "correct": c.correct,
                    "feedback": c.feedback,
                    "image_path": c.image.path if c.image else None,
                    "image_alt": c.image.alt if c.image else None,
                }
                for i, c in enumerate(q.choices)
            )
            citation_rows.extend(self.citation_rows(q.citations, source_ids, question_id=qid))
            tag_links.extend((qid, i, t) for i, t in enumerate(q.tags))
        if update_rows:
            changed = [r["id"] for r in update_rows]
            for i in range(0, len(changed), 500):
                chunk = changed[i : i + 500]
                self.session.execute(delete(ChoiceRow).where(ChoiceRow.question_id.in_(chunk)))
                self.session.execute(delete(CitationRow).where(CitationRow.question_id.in_(chunk)))
                self.session.execute(
                    delete(question_tags).where(question_tags.c.question_id.in_(chunk))
                )
            self.session.execute(update(QuestionRow), update_rows)
        _bulk(self.session, _T["questions"], question_rows)
        first = self.ids.take("choices", len(choice_rows))
        for i, r in enumerate(choice_rows):
            r["id"] = first + i
        _bulk(self.session, _T["choices"], choice_rows)
        _bulk(self.session, _T["citations"], citation_rows)
        tags = self.tag_ids(t for _, _, t in tag_links)
        _bulk(
            self.session,
            question_tags,
            [{"question_id": q, "tag_id": tags[t], "position": i} for q, i, t in tag_links],
        )


def _source_row(s: Source, position: int) -> dict[str, Any]:
    return {
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


def _pack_fields(pack: Pack, origin: str, source_format: str, bundled: bool) -> dict[str, Any]:
    info = pack.info
    return {
        "slug": info.id,
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


def _update_counts(session: Session, pack_row_id: int) -> None:
    """Store the pack's active question counts (read by the start screen and pack manager).

    ``type_counts`` holds the count of each question type, and under "no_explanation" how
    many questions still lack an explanation (imported from formats that have none).
    """
    active = (QuestionRow.pack_id == pack_row_id, QuestionRow.retired.is_(False))
    counts: dict[str, int] = dict(
        session.execute(
            select(QuestionRow.type, func.count()).where(*active).group_by(QuestionRow.type)
        ).all()
    )
    total = sum(counts.values())
    missing = session.scalar(
        select(func.count()).where(*active, func.trim(QuestionRow.explanation) == "")
    )
    if missing:
        counts["no_explanation"] = missing
    session.execute(
        update(PackRow)
        .where(PackRow.id == pack_row_id)
        .values(question_count=total, type_counts=json.dumps(counts, sort_keys=True))
    )


def import_pack(
    session: Session,
    pack: Pack,
    *,
    origin: str = "",
    source_format: str = "toml",
    bundled: bool = False,
    force: bool = False,
) -> ImportResult:
    """Add a pack, or update the pack with the same id; the caller commits.

    The same version again does nothing; an older version is refused unless ``force``.
    An update changes questions by id, adds new ones and retires the ones that are gone,
    so nothing recorded against them is lost.
    """
    info = pack.info
    existing = session.execute(
        select(PackRow.id, PackRow.version).where(PackRow.slug == info.id)
    ).first()
    if existing is None:
        return _insert_new(session, pack, origin, source_format, bundled)
    pack_row_id, old_version = existing
    order = compare_versions(info.version, old_version)
    if order == 0 and not force:
        return ImportResult(
            ImportStatus.UNCHANGED,
            info.id,
            info.title,
            info.version,
            old_version,
            message=f"version {info.version} is already in the bank",
        )
    if order < 0 and not force:
        return ImportResult(
            ImportStatus.REFUSED,
            info.id,
            info.title,
            info.version,
            old_version,
            message=(
                f"the bank already has the newer version {old_version}; "
                "use --force to replace it with this older version"
            ),
        )
    return _update(session, pack_row_id, old_version, pack, origin, source_format, bundled)


def _insert_new(
    session: Session, pack: Pack, origin: str, source_format: str, bundled: bool
) -> ImportResult:
    ids = _Ids(session)
    now = _now()
    pack_row_id = ids.take("packs")
    session.execute(
        insert(_T["packs"]),
        [
            {
                "id": pack_row_id,
                **_pack_fields(pack, origin, source_format, bundled),
                "imported_at": now,
                "updated_at": now,
            }
        ],
    )
    writer = _Writer(session, pack_row_id, ids)
    first = ids.take("sources", len(pack.sources))
    source_ids = {s.id: first + i for i, s in enumerate(pack.sources)}
    _bulk(
        session,
        _T["sources"],
        [
            {"id": source_ids[s.id], "pack_id": pack_row_id, **_source_row(s, i)}
            for i, s in enumerate(pack.sources)
        ],
    )
    fact_ids = _write_facts(session, writer, pack.facts, source_ids, {})
    first = ids.take("questions", len(pack.questions))
    items = [(first + i, i, q) for i, q in enumerate(pack.questions)]
    writer.questions(items, source_ids, fact_ids, {qid for qid, _, _ in items})
    _update_counts(session, pack_row_id)
    return ImportResult(
        ImportStatus.ADDED,
        pack.info.id,
        pack.info.title,
        pack.info.version,
        added=len(pack.questions),
    )


def _write_facts(
    session: Session,
    writer: _Writer,
    facts: Sequence[Fact],
    source_ids: dict[str, int],
    existing: dict[str, int],
) -> dict[str, int]:
    """Insert or update facts (and replace their citations); returns key -> row id."""
    fact_ids: dict[str, int] = {}
    new_rows, update_rows = [], []
    for i, f in enumerate(facts):
        if f.id in existing:
            fact_ids[f.id] = existing[f.id]
            update_rows.append({"id": existing[f.id], "statement": f.statement, "position": i})
        else:
            fid = writer.ids.take("facts")
            fact_ids[f.id] = fid
            new_rows.append(
                {
                    "id": fid,
                    "pack_id": writer.pack_row_id,
                    "key": f.id,
                    "statement": f.statement,
                    "position": i,
                }
            )
    if update_rows:
        session.execute(update(FactRow), update_rows)
    _bulk(session, _T["facts"], new_rows)
    if existing:
        session.execute(delete(CitationRow).where(CitationRow.fact_id.in_(list(existing.values()))))
    rows: list[dict[str, Any]] = []
    for f in facts:
        rows.extend(writer.citation_rows(f.citations, source_ids, fact_id=fact_ids[f.id]))
    _bulk(session, _T["citations"], rows)
    return fact_ids


def _update(
    session: Session,
    pack_row_id: int,
    old_version: str,
    pack: Pack,
    origin: str,
    source_format: str,
    bundled: bool,
) -> ImportResult:
    ids = _Ids(session)
    session.execute(
        update(PackRow)
        .where(PackRow.id == pack_row_id)
        .values(**_pack_fields(pack, origin, source_format, bundled), updated_at=_now())
    )
    writer = _Writer(session, pack_row_id, ids)

    # Sources: update by id, add new ones; unused old ones are removed at the end.
    old_sources = dict(
        session.execute(
            select(SourceRow.key, SourceRow.id).where(SourceRow.pack_id == pack_row_id)
        ).all()
    )
    source_ids: dict[str, int] = {}
    new_rows, update_rows = [], []
    for i, s in enumerate(pack.sources):
        if s.id in old_sources:
            source_ids[s.id] = old_sources[s.id]
            update_rows.append({"id": old_sources[s.id], **_source_row(s, i)})
        else:
            sid = ids.take("sources")
            source_ids[s.id] = sid
            new_rows.append({"id": sid, "pack_id": pack_row_id, **_source_row(s, i)})
    if update_rows:
        session.execute(update(SourceRow), update_rows)
    _bulk(session, _T["sources"], new_rows)

    old_facts = dict(
        session.execute(select(FactRow.key, FactRow.id).where(FactRow.pack_id == pack_row_id)).all()
    )
    fact_ids = _write_facts(session, writer, pack.facts, source_ids, old_facts)

    old_questions = {
        key: (qid, digest, retired)
        for key, qid, digest, retired in session.execute(
            select(
                QuestionRow.key, QuestionRow.id, QuestionRow.content_hash, QuestionRow.retired
            ).where(QuestionRow.pack_id == pack_row_id)
        )
    }
    items: list[tuple[int, int, Question]] = []
    new_ids: set[int] = set()
    positions: list[dict[str, Any]] = []
    added = changed = unchanged = 0
    for position, q in enumerate(pack.questions):
        old = old_questions.get(q.id)
        if old is None:
            qid = ids.take("questions")
            new_ids.add(qid)
            items.append((qid, position, q))
            added += 1
        elif old[1] != question_hash(q) or old[2]:
            items.append((old[0], position, q))
            changed += 1
        else:
            positions.append({"id": old[0], "position": position})
            unchanged += 1
    writer.questions(items, source_ids, fact_ids, new_ids)
    if positions:
        session.execute(update(QuestionRow), positions)
    keep = {q.id for q in pack.questions}
    gone = [
        qid for key, (qid, _, retired) in old_questions.items() if key not in keep and not retired
    ]
    for i in range(0, len(gone), 500):
        session.execute(
            update(QuestionRow).where(QuestionRow.id.in_(gone[i : i + 500])).values(retired=True)
        )

    # Facts and sources that the new version dropped go, unless a retired question cites them.
    dropped_facts = [fid for key, fid in old_facts.items() if key not in fact_ids]
    if dropped_facts:
        session.execute(delete(FactRow).where(FactRow.id.in_(dropped_facts)))
    dropped_sources = [sid for key, sid in old_sources.items() if key not in source_ids]
    if dropped_sources:
        cited = select(CitationRow.source_id).where(CitationRow.source_id.in_(dropped_sources))
        session.execute(
            delete(SourceRow).where(SourceRow.id.in_(dropped_sources), SourceRow.id.not_in(cited))
        )
        # The ones kept for retired questions are hidden from the pack (position -1).
        session.execute(
            update(SourceRow).where(SourceRow.id.in_(dropped_sources)).values(position=-1)
        )
    _update_counts(session, pack_row_id)
    return ImportResult(
        ImportStatus.UPDATED,
        pack.info.id,
        pack.info.title,
        pack.info.version,
        old_version,
        added=added,
        changed=changed,
        retired=len(gone),
        unchanged=unchanged,
    )


# -- reading ---------------------------------------------------------------------------------


def pack_version(session: Session, slug: str) -> str | None:
    """The version of the pack ``slug`` in the bank, or None."""
    return session.scalar(select(PackRow.version).where(PackRow.slug == slug))


def _citations_by_owner(
    session: Session, column: Any, owner_ids: Sequence[int], source_keys: dict[int, str]
) -> dict[int, list[Citation]]:
    out: dict[int, list[Citation]] = defaultdict(list)
    for i in range(0, len(owner_ids), 500):
        chunk = owner_ids[i : i + 500]
        for owner, source_id, locator, quote in session.execute(
            select(column, CitationRow.source_id, CitationRow.locator, CitationRow.quote)
            .where(column.in_(chunk))
            .order_by(column, CitationRow.position)
        ):
            out[owner].append(Citation(source_keys[source_id], locator, quote))
    return out


def _questions_from_rows(session: Session, rows: Sequence[Any]) -> list[Question]:
    """Build core questions (with choices, citations and tags) from question rows."""
    if not rows:
        return []
    qids = [r.id for r in rows]
    choices: dict[int, list[Choice]] = defaultdict(list)
    tags: dict[int, list[str]] = defaultdict(list)
    pack_ids = sorted({r.pack_id for r in rows})
    source_keys = dict(
        session.execute(
            select(SourceRow.id, SourceRow.key).where(SourceRow.pack_id.in_(pack_ids))
        ).all()
    )
    fact_keys = dict(
        session.execute(select(FactRow.id, FactRow.key).where(FactRow.pack_id.in_(pack_ids))).all()
    )
    for i in range(0, len(qids), 500):
        chunk = qids[i : i + 500]
        for qid, text, correct, feedback, path, alt in session.execute(
            select(
                ChoiceRow.question_id,
                ChoiceRow.text,
                ChoiceRow.correct,
                ChoiceRow.feedback,
                ChoiceRow.image_path,
                ChoiceRow.image_alt,
            )
            .where(ChoiceRow.question_id.in_(chunk))
            .order_by(ChoiceRow.question_id, ChoiceRow.position)
        ):
            choices[qid].append(Choice(text, correct, feedback, _image(path, alt)))
        for qid, name in session.execute(
            select(question_tags.c.question_id, TagRow.name)
            .join(TagRow, TagRow.id == question_tags.c.tag_id)
            .where(question_tags.c.question_id.in_(chunk))
            .order_by(question_tags.c.question_id, question_tags.c.position)
        ):
            tags[qid].append(name)
    citations = _citations_by_owner(session, CitationRow.question_id, qids, source_keys)
    return [
        Question(
            id=r.key,
            type=QuestionType(r.type),
            prompt=r.prompt,
            choices=tuple(choices[r.id]),
            explanation=r.explanation,
            citations=tuple(citations[r.id]),
            fact=fact_keys.get(r.fact_id) if r.fact_id is not None else None,
            tags=tuple(tags[r.id]),
            difficulty=r.difficulty,
            shuffle=r.shuffle,
            image=_image(r.image_path, r.image_alt),
        )
        for r in rows
    ]


def _image(path: str | None, alt: str | None) -> Image | None:
    return None if path is None else Image(path, alt or "")


_QUESTION_COLUMNS = (
    QuestionRow.id,
    QuestionRow.pack_id,
    QuestionRow.key,
    QuestionRow.type,
    QuestionRow.prompt,
    QuestionRow.explanation,
    QuestionRow.fact_id,
    QuestionRow.difficulty,
    QuestionRow.shuffle,
    QuestionRow.image_path,
    QuestionRow.image_alt,
)


def load_pack(session: Session, slug: str) -> Pack | None:
    """The pack ``slug`` as core objects (its active questions only), or None."""
    row = session.scalar(select(PackRow).where(PackRow.slug == slug))
    if row is None:
        return None
    info = PackInfo(
        id=row.slug,
        title=row.title,
        version=row.version,
        language=row.language,
        authors=tuple(a for a in row.authors.split("\n") if a),
        license=row.license,
        description=row.description,
    )
    source_rows = session.scalars(
        select(SourceRow)
        .where(SourceRow.pack_id == row.id, SourceRow.position >= 0)
        .order_by(SourceRow.position)
    ).all()
    source_keys = {s.id: s.key for s in source_rows}
    fact_rows = session.scalars(
        select(FactRow).where(FactRow.pack_id == row.id).order_by(FactRow.position)
    ).all()
    fact_citations = _citations_by_owner(
        session, CitationRow.fact_id, [f.id for f in fact_rows], source_keys
    )
    question_rows = session.execute(
        select(*_QUESTION_COLUMNS)
        .where(QuestionRow.pack_id == row.id, QuestionRow.retired.is_(False))
        .order_by(QuestionRow.position)
    ).all()
    return Pack(
        info,
        tuple(
            Source(
                id=s.key,
                title=s.title,
                author=s.author,
                publisher=s.publisher,
                date=s.date,
                url=s.url,
                kind=SourceKind(s.kind),
                note=s.note,
            )
            for s in source_rows
        ),
        tuple(Fact(f.key, f.statement, tuple(fact_citations[f.id])) for f in fact_rows),
        tuple(_questions_from_rows(session, question_rows)),
    )


def remove_pack(session: Session, slug: str) -> bool:
    """Delete the pack ``slug`` and its questions; True if it existed."""
    result = session.execute(delete(PackRow).where(PackRow.slug == slug))
    return bool(getattr(result, "rowcount", 0))


def used_images(pack: Pack) -> set[str]:
    """Paths of the images the pack's questions and choices show."""
    paths = {q.image.path for q in pack.questions if q.image}
    paths |= {c.image.path for q in pack.questions for c in q.choices if c.image}
    return paths


def replace_images(session: Session, slug: str, images: dict[str, bytes]) -> None:
    """Store the pack's images (only those its questions use), replacing the old ones."""
    pack_row_id = session.scalar(select(PackRow.id).where(PackRow.slug == slug))
    if pack_row_id is None:
        return
    session.execute(delete(ImageRow).where(ImageRow.pack_id == pack_row_id))
    _bulk(
        session,
        ImageRow.__table__,
        [
            {
                "pack_id": pack_row_id,
                "path": path,
                "data": data,
                "sha256": hashlib.sha256(data).hexdigest(),
            }
            for path, data in sorted(images.items())
        ],
    )


def load_images(session: Session, slug: str) -> dict[str, bytes]:
    """The images stored with pack ``slug``, by path."""
    return {
        path: data
        for path, data in session.execute(
            select(ImageRow.path, ImageRow.data)
            .join(PackRow, PackRow.id == ImageRow.pack_id)
            .where(PackRow.slug == slug)
        )
    }


def get_setting(session: Session, key: str) -> str | None:
    """A value kept in the bank's settings, or None."""
    row = session.get(SettingRow, key)
    return None if row is None else row.value


def set_setting(session: Session, key: str, value: str) -> None:
    """Keep ``value`` under ``key`` in the bank's settings."""
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value


def all_tables() -> list[Table]:
    """Every table of the bank (for tests and maintenance)."""
    return list(Base.metadata.sorted_tables)
