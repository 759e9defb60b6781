"""The bundled NATO pack: valid, complete, faithful to its sources, and inside the wheel."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from quizapp.core.model import Pack, QuestionType
from quizapp.packs.toml_pack import load_pack_file
from quizapp.services.bundled import bundled_pack_dir

REPO = Path(__file__).parent.parent
PACK = REPO / "questions" / "nato-eastward-expansion.toml"
ARTICLE = Path(__file__).parent / "data" / "seed" / "nato-eastward-expansion-article.txt"
FACTS = ["claim"] + [f"fact-{n:02d}" for n in range(1, 12)]


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack_file(PACK)


def test_it_validates_and_has_enough_questions_of_each_type(pack: Pack) -> None:
    types = Counter(q.type for q in pack.questions)
    assert len(pack.questions) >= 40
    assert types[QuestionType.MULTIPLE_CHOICE] >= 15
    assert types[QuestionType.TRUE_FALSE] >= 15


def test_true_false_answers_are_not_all_the_same(pack: Pack) -> None:
    answers = Counter(q.answer for q in pack.questions if q.type is QuestionType.TRUE_FALSE)
    assert answers[True] >= 5
    assert answers[False] >= 5


def test_every_article_fact_has_an_entry_and_two_questions(pack: Pack) -> None:
    assert [f.id for f in pack.facts] == FACTS
    per_fact = Counter(q.fact for q in pack.questions)
    assert all(per_fact[f] >= 2 for f in FACTS), per_fact


def _locator(fact: str) -> str:
    return "Claim" if fact == "claim" else f"Fact #{int(fact.split('-')[1])}"


def test_every_question_cites_the_article_at_its_fact_and_a_primary_source(pack: Pack) -> None:
    for q in pack.questions:
        article = [c for c in q.citations if c.source == "S00"]
        assert [c.locator for c in article] == [_locator(q.fact or "")], q.id
        assert any(c.source != "S00" for c in q.citations), q.id


def test_every_quote_attributed_to_the_article_is_verbatim(pack: Pack) -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    quotes = [
        c.quote
        for owner in (*pack.questions, *pack.facts)
        for c in owner.citations
        if c.source == "S00" and c.quote
    ]
    assert len(quotes) >= 40
    missing = [q for q in quotes if q not in article]
    assert missing == []


def test_multiple_choice_questions_explain_every_choice(pack: Pack) -> None:
    for q in pack.questions:
        if q.type is QuestionType.MULTIPLE_CHOICE:
            assert 3 <= len(q.choices) <= 8, q.id
            assert all(c.feedback.strip() for c in q.choices), q.id


def test_explanations_are_two_to_eight_short_sentences(pack: Pack) -> None:
    # Written for 15-year-olds (1.1): short sentences, one idea each, so a few more of them.
    for q in pack.questions:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“(])", q.explanation.strip()) if s]
        assert 2 <= len(sentences) <= 8, (q.id, len(sentences))


@pytest.mark.parametrize(
    "correction",
    ["Bremen", "CSTO", "36.91", "Moscow", "Communist Party", "Shushkevich", "historians"],
)
def test_the_corrections_of_the_fact_check_are_taught(pack: Pack, correction: str) -> None:
    assert any(correction in q.explanation for q in pack.questions)


def test_the_unverified_rasmussen_quote_is_never_cited_as_real(pack: Pack) -> None:
    for q in pack.questions:
        for c in q.citations:
            assert "Once Russia can show" not in c.quote or c.source == "S00", q.id


def test_every_declared_source_has_a_date_or_says_why_not(pack: Pack) -> None:
    for s in pack.sources:
        assert s.date or s.note, s.id


def test_the_installed_location_holds_the_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QUIZAPP_BUNDLED_DIR")
    folder = bundled_pack_dir()
    assert folder is not None
    assert (folder / PACK.name).is_file()


def test_the_wheel_ships_the_bundled_packs(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    wheel = next(
        iter(WheelBuilder(str(REPO)).build(directory=str(tmp_path), versions=["standard"]))
    )
    names = zipfile.ZipFile(wheel).namelist()
    assert "quizapp/questions/nato-eastward-expansion.toml" in names
    assert "quizapp/bank/migrations/versions/0001_initial.py" in names
    assert "quizapp/assets/icons/quizapp.svg" in names
    assert not any("screenshots" in n for n in names)
