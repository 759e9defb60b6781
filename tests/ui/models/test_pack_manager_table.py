"""The pack manager's table model: what each column says, how it sorts, and Qt's checks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from quizapp.core.summaries import PackSummary
from quizapp.ui.models.pack_manager_table import SORT_ROLE, PackManagerModel

M = PackManagerModel


def summary(pack_id: str = "p", **changes: object) -> PackSummary:
    fields: dict[str, object] = {
        "id": pack_id,
        "title": f"Pack {pack_id}",
        "version": "1.0.0",
        "language": "en",
        "questions": 6,
        "multiple_choice": 3,
        "true_false": 2,
        "multiple_response": 1,
        "origin": f"/home/teacher/packs/{pack_id}.toml",
        "source_format": "toml",
    }
    fields.update(changes)
    return PackSummary(**fields)  # type: ignore[arg-type]


def row_texts(model: PackManagerModel, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_the_model_passes_qts_model_checks(qtmodeltester: ModelTester) -> None:
    model = PackManagerModel()
    model.set_rows([summary("a"), summary("b", missing_explanations=2, bundled=True)])
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_a_row_shows_version_authors_language_counts_and_origin() -> None:
    model = PackManagerModel()
    model.set_rows(
        [
            summary(
                "gift-quiz",
                authors=("Ada", "Grace"),
                source_format="gift",
                origin="/tmp/x/quiz.gift",
                language="fr",
            )
        ]
    )
    assert row_texts(model, 0) == [
        "Pack gift-quiz",
        "1.0.0",
        "Ada, Grace",
        "fr",
        "6",
        "3",
        "2",
        "1",
        "quiz.gift (GIFT)",
        "",
    ]
    assert model.index(0, M.ORIGIN).data(Qt.ItemDataRole.ToolTipRole).startswith("/tmp/x/quiz.gift")


def test_a_bundled_pack_says_where_it_came_from() -> None:
    model = PackManagerModel()
    model.set_rows([summary("nato", bundled=True, origin="bundled:nato.toml")])
    assert model.index(0, M.ORIGIN).data() == "bundled with quizapp"


@pytest.mark.parametrize(
    ("missing", "flag"), [(0, ""), (1, "⚠ 1 needs an explanation"), (3, "⚠ 3 need an explanation")]
)
def test_questions_without_an_explanation_are_flagged_in_words(missing: int, flag: str) -> None:
    model = PackManagerModel()
    model.set_rows([summary(missing_explanations=missing)])
    index = model.index(0, M.TO_COMPLETE)
    assert index.data() == flag
    assert ("warning" in index.data(Qt.ItemDataRole.AccessibleTextRole)) == bool(missing)
    if missing:
        assert "no explanation" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_counts_sort_as_numbers_and_titles_ignore_case() -> None:
    model = PackManagerModel()
    model.set_rows(
        [summary("a", title="beta", questions=9), summary("b", title="Alpha", questions=10)]
    )
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(M.QUESTIONS, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, M.QUESTIONS).data() for r in range(2)] == ["10", "9"]
    proxy.sort(M.TITLE, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, M.TITLE).data() for r in range(2)] == ["Alpha", "beta"]


def test_set_rows_resets_the_model(qtbot: QtBot) -> None:
    model = PackManagerModel()
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset]):
        model.set_rows([summary("a"), summary("b")])
    assert model.rowCount() == 2
    assert model.row_of("b") == 1 and model.row_of("zzz") == -1
    assert model.pack_at(1).id == "b"


def test_headers_have_titles_and_tips() -> None:
    model = PackManagerModel()
    horizontal = Qt.Orientation.Horizontal
    assert model.headerData(M.TO_COMPLETE, horizontal) == "To complete"
    assert model.headerData(M.SELECT_ALL, horizontal, Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(0, Qt.Orientation.Vertical) is None
