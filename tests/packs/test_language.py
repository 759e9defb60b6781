"""The language of a file that cannot say it: given, or told from the text when clear;
never a silent "en" for a Russian or Spanish file."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.problems import PackInvalid
from quizapp.packs import language, registry

REAL = Path(__file__).parents[1] / "data" / "real"  # copies of ../shared/formats/real


def gift_of(*prompts: str) -> bytes:
    return "\n\n".join(f"{p} {{=A ~B}}" for p in prompts).encode()


@pytest.mark.parametrize(
    ("prompts", "code"),
    [
        (["¿Cuál es la capital de España?", "¿Qué río pasa por Sevilla y por Córdoba?",
          "¿Quién escribió el Quijote y cuándo se publicó la primera parte?"], "es"),
        (["Какая столица России?", "Кто написал роман «Война и мир»?",
          "В каком году была основана Москва?"], "ru"),
        (["Cal é a capital de Galicia e cando se fundou a cidade?",
          "Que río pasa por Ourense? Non é o Miño nin o Sil?", "Quen escribiu Cantares gallegos?"],
         "gl"),
        (["Quelle est la capitale de la France et depuis quand?",
          "Qui a écrit Les Misérables?", "Dans quelle ville se trouve la tour Eiffel?"], "fr"),
        (["Qual è la capitale d'Italia e da quando lo è?", "Chi ha scritto la Divina Commedia?",
          "In quale città si trova il Colosseo?"], "it"),
        (["中国的首都是哪个城市？", "长城有多长？", "谁发明了造纸术？"], "zh"),
        (["What is the capital of France, and since when has it been the capital?",
          "Who wrote the novel War and Peace?", "In which city is the Colosseum?"], "en"),
    ],
)  # fmt: skip
def test_a_file_in_a_language_is_told_it(prompts: list[str], code: str) -> None:
    result = registry.read(gift_of(*prompts), "quiz.gift")
    assert result.pack.info.language == code
    assert result.language == "detected"
    assert language.report_line(code, "detected").startswith(
        f"language: {language.describe(code)} ({code}), told from the text"
    )


def test_a_file_too_short_to_tell_is_undetermined_and_says_so() -> None:
    result = registry.read(gift_of("2+2?", "3+3?"), "sums.gift")
    assert result.pack.info.language == "und"
    assert result.language == "undetermined"
    assert "--language" in language.report_line("und", result.language)


def test_the_language_given_wins() -> None:
    result = registry.read(gift_of("2+2?"), "sums.gift", language="ES")
    assert (result.pack.info.language, result.language) == ("es", "given")


def test_a_language_that_is_not_a_code_is_refused_in_plain_words() -> None:
    with pytest.raises(PackInvalid) as info:
        registry.read(gift_of("2+2?"), "sums.gift", language="Spanish!")
    assert info.value.problems[0].message == (
        '"Spanish!" is not a language code like "en", "es" or "zh"'
    )


def test_a_toml_pack_keeps_the_language_it_says() -> None:
    toml = (
        'format = 1\n[pack]\nid = "p"\ntitle = "P"\nversion = "1.0.0"\nlanguage = "de"\n'
        '[[questions]]\nid = "q"\ntype = "true_false"\nprompt = "The sky is blue."\n'
        'answer = true\nexplanation = "Rayleigh."\nsources = [{ source = "s" }]\n'
        '[[sources]]\nid = "s"\ntitle = "Optics"\n'
    )
    result = registry.read(toml.encode(), "p.toml")
    assert (result.pack.info.language, result.language) == ("de", "")


@pytest.mark.parametrize(
    ("file", "code"),
    [
        ("giftplay_ejemplo-basico.gift", "es"),
        ("giftplay_ejemplo-matematicas.gift", "es"),
        ("giftplay_ejemplo-gift.txt", "es"),
        ("yohanes_example.gift", "en"),
        ("kabanowa47_sample_quiz.txt", "en"),
        ("hunterhqm_sampleMultichoice.csv", "zh"),
        ("dirtylittledata_quiz_questions.csv", "en"),
    ],
)
def test_the_real_teachers_files_are_told_their_language(file: str, code: str) -> None:
    assert language.detect([(REAL / file).read_text(encoding="utf-8-sig")]) == code


def test_mixed_or_tiny_texts_are_not_guessed() -> None:
    assert language.detect(["OK"]) is None
    assert language.detect(["The cat. El gato. Le chat. Il gatto. Die Katze. De kat."]) is None
