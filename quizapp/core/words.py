"""Counting in words: the one place that writes "1 fact" and "2 facts"."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word``, with an s (or ``many``) unless n is 1; thousands separated."""
    return f"{n:,} {word}" if n == 1 else f"{n:,} {many or word + 's'}"
