"""Writing a pack to TOML and reading it back gives the same pack."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.model import Choice, Citation, Pack, PackInfo, Question, QuestionType, Source
from quizapp.packs.toml_pack import dump_pack, load_pack_file, load_pack_text


def test_a_pack_survives_dump_and_load(mini_pack_path: Path) -> None:
    pack = load_pack_file(mini_pack_path)
    assert load_pack_text(dump_pack(pack), "again.toml") == pack


text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"))
    | st.sampled_from(["\n", "\t", '"', "\\", "'"]),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(
    prompt=text, choice_texts=st.lists(text, min_size=2, max_size=8), explanation=text, quote=text
)
def test_any_text_survives_dump_and_load(
    prompt: str, choice_texts: list[str], explanation: str, quote: str
) -> None:
    choices = tuple(Choice(t, i == 0, f"fb {t}") for i, t in enumerate(choice_texts))
    pack = Pack(
        PackInfo("p", "T", "1.0.0"),
        (Source("s", "Source"),),
        (),
        (
            Question(
                "q",
                QuestionType.MULTIPLE_CHOICE,
                prompt,
                choices,
                explanation,
                (Citation("s", "p. 1", quote),),
            ),
        ),
    )
    assert load_pack_text(dump_pack(pack), "again.toml") == pack
