"""Arbitrary input never crashes the validator: it either gives a pack or a clean problem list."""

from __future__ import annotations

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.packs.toml_pack import load_pack_bytes, load_pack_text
from quizapp.packs.toml_positions import key_lines

from ..helpers import gives_pack_or_problems
from .test_toml_validation import GOOD

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(run: object) -> None:
    gives_pack_or_problems(run)  # type: ignore[arg-type]


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_pack_or_problems(data: bytes) -> None:
    _check(lambda: load_pack_bytes(data, "fuzz.toml"))


@FAST
@given(st.text(max_size=2000))
def test_arbitrary_text_gives_a_pack_or_problems(text: str) -> None:
    _check(lambda: load_pack_text(text, "fuzz.toml"))


@FAST
@given(st.integers(0, len(GOOD)), st.integers(0, 40), st.text(max_size=30))
def test_a_damaged_good_pack_gives_a_pack_or_problems(at: int, cut: int, insert: str) -> None:
    text = GOOD[:at] + insert + GOOD[at + cut :]
    _check(lambda: load_pack_text(text, "fuzz.toml"))


toml_values = st.recursive(
    st.none().map(lambda _: "")
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=30,
)


@FAST
@given(
    st.dictionaries(
        st.sampled_from(["format", "pack", "sources", "facts", "questions", "extra"]),
        toml_values,
        max_size=6,
    )
)
def test_well_formed_toml_of_any_shape_gives_a_pack_or_problems(doc: dict[str, object]) -> None:
    text = tomli_w.dumps(doc)
    _check(lambda: load_pack_text(text, "fuzz.toml"))
    assert isinstance(key_lines(text), dict)
