"""Select-all-that-apply questions with partial credit, and pictures, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.quiz import Outcome, partial_credit
from quizapp.services import Bank, packs
from quizapp.services import results as results_service
from quizapp.services.quiz import QuizRequest, QuizSession, review

from ..helpers import tiny_png, write_select_all


@pytest.mark.parametrize(
    ("picks", "credit"),
    [({0, 2}, 1.0), ({0}, 0.5), ({0, 1}, 0.0), ({0, 1, 2}, 0.5), ({0, 1, 2, 3}, 0.0), ({1}, 0.0)],
)
def test_partial_credit_is_right_picks_minus_wrong_picks(picks: set[int], credit: float) -> None:
    assert partial_credit(picks, {0, 2}) == credit


def test_a_partly_right_answer_scores_part_of_a_point(bank: Bank, tmp_path: Path) -> None:
    [result] = packs.import_files(bank, [str(write_select_all(tmp_path))])
    assert result.status.value == "added"
    session = QuizSession.start(bank, QuizRequest("select", "Ada", count=None, shuffle=False))
    order = [q.key for q in session.run.questions]
    while (q := session.current) is not None:
        if q.key == "primes":
            answer = session.choose_many([0])  # "2" only: half the correct choices
            assert (answer.outcome, answer.credit) == (Outcome.PARTIAL, 0.5)
        else:
            session.choose(q.correct_index)
        session.next()
    results = session.finish()
    assert results.attempt.score == 1.5 and results.attempt.total == 2
    rows = results_service.export_results(bank, fmt="csv").splitlines()
    primes = rows[1 + order.index("primes")]
    assert ",2,2; 5,False,0.5," in primes  # chose "2"; correct "2; 5"; credit 0.5


def test_pictures_are_stored_and_shown_with_their_questions(bank: Bank, tmp_path: Path) -> None:
    packs.import_files(bank, [str(write_select_all(tmp_path))])
    session = QuizSession.start(bank, QuizRequest("select", "Ada", count=None, shuffle=False))
    by_key = {q.key: q for q in session.run.questions}
    primes, flag = by_key["primes"], by_key["flag"]
    assert primes.image is not None and primes.image.alt == "The numbers 2, 4, 5 and 9"
    assert session.image(primes, primes.image.path) == tiny_png(8, 6)
    assert flag.choices[0].image is not None
    assert session.image(flag, flag.choices[0].image.path) == tiny_png(6, 4)


def test_a_missing_picture_is_a_problem_and_nothing_imports(bank: Bank, tmp_path: Path) -> None:
    path = write_select_all(tmp_path)
    (tmp_path / "images" / "fr.png").unlink()
    [result] = packs.import_files(bank, [str(path)])
    assert result.status.value == "failed"
    assert 'image "images/fr.png" was not found' in str(result.problems[0])
    assert packs.list_packs(bank) == []


def test_exporting_a_pack_with_pictures_as_toml_keeps_the_references(
    bank: Bank, tmp_path: Path
) -> None:
    packs.import_files(bank, [str(write_select_all(tmp_path))])
    out = tmp_path / "out" / "select.toml"
    done = packs.export_pack(bank, "select", out)
    assert done.format == "toml"
    assert 'path = "images/numbers.png"' in out.read_text()


def test_a_choices_picture_is_still_shown_after_a_resume_and_in_the_review(
    bank: Bank, tmp_path: Path
) -> None:
    """Reported: pictures on choices vanished once a quiz was resumed or reviewed, because
    the snapshot of what was shown was written without them."""
    packs.import_files(bank, [str(write_select_all(tmp_path))])
    session = QuizSession.start(bank, QuizRequest("select", "Ada", count=None, shuffle=False))
    shown = {q.key: q for q in session.run.questions}
    flag_image = shown["flag"].choices[0].image
    assert flag_image is not None
    first = session.current
    assert first is not None
    session.choose_many([0]) if first.key == "primes" else session.choose(0)
    session.next()

    resumed = QuizSession.resume(bank, session.run.attempt_id)  # as after a crash
    again = {q.key: q for q in resumed.run.questions}
    assert again["flag"].choices[0].image == flag_image
    assert again["primes"].image == shown["primes"].image
    assert resumed.image(again["flag"], flag_image.path) == tiny_png(6, 4)

    while (q := resumed.current) is not None:
        resumed.choose(0) if q.key == "flag" else resumed.choose_many([0])
        resumed.next()
    resumed.finish()
    reviewed = {q.key: q for q in review(bank, session.run.attempt_id).questions}
    assert reviewed["flag"].choices[0].image == flag_image
    assert reviewed["flag"].choices == shown["flag"].choices
