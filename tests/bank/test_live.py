"""The plain-sqlite3 hot path reads the same bank as the ORM, and draws reproducibly."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import func, select

from quizapp.bank import live, repo
from quizapp.bank.db import Bank
from quizapp.bank.models import QuestionRow
from quizapp.packs.toml_pack import load_pack_file
from quizapp.services import packs

from ..helpers import mini_text, write


def test_stored_counts_match_a_count_of_the_rows(
    bank: Bank, mini_pack_path: Path, tmp_path: Path
) -> None:
    packs.import_files(bank, [str(mini_pack_path)])
    v2 = mini_text().replace('version = "1.0.0"', 'version = "2.0.0"')
    v2 = v2[: v2.index('[[questions]]\nid = "treaty-signed"')]
    packs.import_files(bank, [str(write(tmp_path, "v2.toml", v2))])
    with bank.transaction() as session:
        active = session.scalar(
            select(func.count()).select_from(QuestionRow).where(QuestionRow.retired.is_(False))
        )
    with bank.connection() as conn:
        [summary] = live.list_packs(conn)
    assert summary.questions == active == 2
    assert (summary.multiple_choice, summary.true_false) == (1, 1)


def test_live_questions_equal_the_orm_pack(bank: Bank, mini_pack_path: Path) -> None:
    packs.import_files(bank, [str(mini_pack_path)])
    with bank.transaction() as session:
        orm = repo.load_pack(session, "mini-geo")
    assert orm is not None
    with bank.connection() as conn:
        ids = live.candidate_ids(conn, "mini-geo")
        rows = live.load_questions(conn, ids)
    by_key = {r["key"]: r for r in rows.values()}
    sources = {s.id: s for s in orm.sources}
    facts = {f.id: f for f in orm.facts}
    for q in orm.questions:
        r = by_key[q.id]
        assert r["choices"] == q.choices
        assert r["prompt"] == q.prompt and r["explanation"] == q.explanation
        assert [(c.source, c.locator, c.quote) for c in r["sources"]] == [
            (sources[c.source], c.locator, c.quote) for c in q.citations
        ]
        if q.fact:
            fact_cites = [c for c in facts[q.fact].citations if c not in q.citations]
            assert [c.source.id for c in r["fact_sources"]] == [c.source for c in fact_cites]


def test_a_seeded_draw_filtered_by_tag_is_reproducible(bank: Bank, mini_pack_path: Path) -> None:
    packs.import_files(bank, [str(mini_pack_path)])
    with bank.connection() as conn:
        first = live.draw_ids(conn, "mini-geo", 2, random.Random(7), tags=["europe"])
        again = live.draw_ids(conn, "mini-geo", 2, random.Random(7), tags=["europe"])
        everything = live.draw_ids(conn, "mini-geo", None, random.Random(1))
        keys = {r["key"] for r in live.load_questions(conn, first).values()}
        by_fact = live.draw_ids(conn, "mini-geo", None, random.Random(1), facts=["capitals"])
    assert first == again
    assert keys == {"capital-france", "paris-is-capital"}
    assert len(everything) == 3
    assert len(by_fact) == 2


def test_filter_options_list_facts_then_tags(bank: Bank, mini_pack_path: Path) -> None:
    packs.import_files(bank, [str(mini_pack_path)])
    with bank.connection() as conn:
        options = live.filter_options(conn, "mini-geo")
    assert [(o.kind, o.value, o.questions) for o in options] == [
        ("fact", "capitals", 2),
        ("tag", "capitals", 1),
        ("tag", "dates", 1),
        ("tag", "europe", 2),
    ]


def test_the_pack_fixture_is_the_one_on_disk(mini_pack_path: Path) -> None:
    assert load_pack_file(mini_pack_path).info.id == "mini-geo"
