"""Importing packs into the bank: atomic per file, versions, updates that keep history."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank import pack_import
from quizapp.core.summaries import ImportStatus
from quizapp.packs.toml_pack import load_pack_file
from quizapp.services import Bank, PackNotFound
from quizapp.services import packs as services

from ..helpers import mini_text, row_counts, write


def _question_rows(bank: Bank) -> dict[str, tuple[int, bool]]:
    with bank.read() as db:
        return {
            key: (qid, bool(retired))
            for key, qid, retired in db.rows("SELECT key, id, retired FROM questions")
        }


def test_import_adds_the_pack_with_its_counts(bank: Bank, mini_pack_path: Path) -> None:
    [result] = services.import_files(bank, [str(mini_pack_path)])
    assert result.status is ImportStatus.ADDED
    assert result.added == 3
    [summary] = services.list_packs(bank)
    assert (summary.id, summary.questions, summary.multiple_choice, summary.true_false) == (
        "mini-geo",
        3,
        1,
        2,
    )
    counts = row_counts(bank)
    assert counts["choices"] == 3 + 2 + 2
    assert counts["citations"] == 1 + 1 + 1  # two question citations and one fact citation


def test_the_pack_reads_back_exactly_as_imported(bank: Bank, mini_pack_path: Path) -> None:
    services.import_files(bank, [str(mini_pack_path)])
    assert services.load_pack(bank, "mini-geo") == load_pack_file(mini_pack_path)


def test_the_same_version_again_changes_nothing(bank: Bank, mini_pack_path: Path) -> None:
    services.import_files(bank, [str(mini_pack_path)])
    before = row_counts(bank)
    [result] = services.import_files(bank, [str(mini_pack_path)])
    assert result.status is ImportStatus.UNCHANGED
    assert row_counts(bank) == before


def test_a_newer_version_updates_by_id_and_retires_without_deleting(
    bank: Bank, mini_pack_path: Path, tmp_path: Path
) -> None:
    services.import_files(bank, [str(mini_pack_path)])
    ids_before = _question_rows(bank)
    text = (
        mini_text()
        .replace('version = "1.0.0"', 'version = "1.1.0"')
        .replace("What is the capital of France?", "Which city is the capital of France?")
    )
    # Drop the "treaty-signed" question and add a new one.
    text = text[: text.index('[[questions]]\nid = "treaty-signed"')] + (
        '[[questions]]\nid = "lyon-capital"\ntype = "true_false"\n'
        'prompt = "Lyon is the capital of France."\nanswer = false\nfact = "capitals"\n'
    )
    [result] = services.import_files(bank, [str(write(tmp_path, "v2.toml", text))])
    assert result.status is ImportStatus.UPDATED
    assert (result.previous_version, result.version) == ("1.0.0", "1.1.0")
    assert (result.added, result.changed, result.retired, result.unchanged) == (1, 1, 1, 1)

    after = _question_rows(bank)
    # Changed and unchanged questions keep their rows, so history recorded against them stays.
    assert after["capital-france"] == (ids_before["capital-france"][0], False)
    assert after["paris-is-capital"] == (ids_before["paris-is-capital"][0], False)
    # The removed question is retired, not deleted.
    assert after["treaty-signed"] == (ids_before["treaty-signed"][0], True)
    pack = services.load_pack(bank, "mini-geo")
    assert [q.id for q in pack.questions] == ["capital-france", "paris-is-capital", "lyon-capital"]
    assert pack.questions[0].prompt == "Which city is the capital of France?"
    assert [s.id for s in pack.sources] == ["atlas", "treaty"]
    [summary] = services.list_packs(bank)
    assert summary.questions == 3


def test_a_retired_question_comes_back_when_a_later_version_has_it(
    bank: Bank, mini_pack_path: Path, tmp_path: Path
) -> None:
    services.import_files(bank, [str(mini_pack_path)])
    text = mini_text().replace('version = "1.0.0"', 'version = "1.1.0"')
    v2 = text[: text.index('[[questions]]\nid = "treaty-signed"')]
    services.import_files(bank, [str(write(tmp_path, "v2.toml", v2))])
    v3 = text.replace('version = "1.1.0"', 'version = "1.2.0"')
    [result] = services.import_files(bank, [str(write(tmp_path, "v3.toml", v3))])
    assert result.changed == 1
    assert _question_rows(bank)["treaty-signed"][1] is False


def test_an_older_version_is_refused_unless_forced(
    bank: Bank, mini_pack_path: Path, tmp_path: Path
) -> None:
    newer = write(
        tmp_path, "new.toml", mini_text().replace('version = "1.0.0"', 'version = "2.0.0"')
    )
    services.import_files(bank, [str(newer)])
    [refused] = services.import_files(bank, [str(mini_pack_path)])
    assert refused.status is ImportStatus.REFUSED
    assert "newer version 2.0.0" in refused.message
    assert services.list_packs(bank)[0].version == "2.0.0"
    [forced] = services.import_files(bank, [str(mini_pack_path)], force=True)
    assert forced.status is ImportStatus.UPDATED
    assert services.list_packs(bank)[0].version == "1.0.0"


def test_an_invalid_file_imports_nothing(bank: Bank, tmp_path: Path) -> None:
    before = row_counts(bank)
    bad = write(tmp_path, "bad.toml", mini_text().replace("answer = false", 'answer = "no"'))
    [result] = services.import_files(bank, [str(bad)])
    assert result.status is ImportStatus.FAILED
    assert "bad.toml:" in str(result.problems[0])
    assert row_counts(bank) == before


def test_a_failure_while_writing_leaves_the_bank_unchanged(
    bank: Bank, mini_pack_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = row_counts(bank)
    original = pack_import._Writer.questions

    def questions_then_fail(self: pack_import._Writer, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        raise OSError("disk full")

    monkeypatch.setattr(pack_import._Writer, "questions", questions_then_fail)
    with pytest.raises(OSError, match="disk full"):
        services.import_files(bank, [str(mini_pack_path)])
    assert row_counts(bank) == before


def test_each_file_is_atomic_on_its_own(bank: Bank, mini_pack_path: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.toml", "format = 1\n[pack]\n")
    results = services.import_files(bank, [str(bad), str(mini_pack_path)])
    assert [r.status for r in results] == [ImportStatus.FAILED, ImportStatus.ADDED]
    assert [p.id for p in services.list_packs(bank)] == ["mini-geo"]


def test_export_then_import_gives_the_same_pack(
    bank: Bank, mini_pack_path: Path, tmp_path: Path
) -> None:
    services.import_files(bank, [str(mini_pack_path)])
    out = tmp_path / "out" / "mini.toml"
    services.export_pack(bank, "mini-geo", out)
    original = services.load_pack(bank, "mini-geo")
    services.remove_pack(bank, "mini-geo")
    assert services.list_packs(bank) == []
    services.import_files(bank, [str(out)])
    assert services.load_pack(bank, "mini-geo") == original


def test_removing_a_pack_removes_its_rows(bank: Bank, mini_pack_path: Path) -> None:
    services.import_files(bank, [str(mini_pack_path)])
    services.remove_pack(bank, "mini-geo")
    counts = row_counts(bank)
    assert counts["questions"] == counts["choices"] == counts["citations"] == counts["sources"] == 0
    with pytest.raises(PackNotFound):
        services.remove_pack(bank, "mini-geo")


def test_bundled_packs_are_imported_once_and_not_brought_back_after_removal(
    bank: Bank, mini_pack_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "bundled"
    folder.mkdir()
    (folder / "mini.toml").write_text(mini_text(), encoding="utf-8")
    [result] = services.ensure_bundled_packs(bank, folder)
    assert result.status is ImportStatus.ADDED
    assert services.ensure_bundled_packs(bank, folder) == []
    services.remove_pack(bank, "mini-geo")
    assert services.ensure_bundled_packs(bank, folder) == []
    assert services.list_packs(bank) == []
    # A newer bundled version is offered again.
    (folder / "mini.toml").write_text(
        mini_text().replace('version = "1.0.0"', 'version = "1.0.1"'), encoding="utf-8"
    )
    [result] = services.ensure_bundled_packs(bank, folder)
    assert result.status is ImportStatus.ADDED
    assert services.list_packs(bank)[0].bundled is True


@pytest.mark.parametrize("count", [1, 2, 3, 5, None])
def test_a_seeded_draw_is_the_same_whether_few_or_all_ids_are_fetched(
    bank: Bank, tmp_path: Path, count: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    from quizapp.bank import questions

    from ..helpers import numbers_pack

    services.import_files(bank, [str(write(tmp_path, "n.toml", numbers_pack(60)))])
    with bank.read() as db:
        few = [questions.draw_ids(db, "numbers", count, random.Random(s)) for s in range(8)]
        monkeypatch.setattr(questions, "FEW_OF_MANY", 0)  # always fetch every id
        every = [questions.draw_ids(db, "numbers", count, random.Random(s)) for s in range(8)]
        ids = questions.candidate_ids(db, "numbers")
    assert few == every
    assert few == [random.Random(s).sample(ids, count or len(ids)) for s in range(8)]
