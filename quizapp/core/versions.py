"""Semantic version strings: checking and ordering."""

from __future__ import annotations

import re

SEMVER_RE = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
)


def is_semver(text: str) -> bool:
    """True when ``text`` is a semantic version such as ``1.2.0`` or ``2.0.0-rc.1``."""
    return SEMVER_RE.match(text) is not None


def _pre_key(pre: str | None) -> tuple[tuple[int, int | str], ...]:
    if pre is None:
        # A release sorts after all of its pre-releases.
        return ((2, 0),)
    parts: list[tuple[int, int | str]] = []
    for ident in pre.split("."):
        parts.append((0, int(ident)) if ident.isdigit() else (1, ident))
    return tuple(parts)


def version_key(text: str) -> tuple[int, int, int, tuple[tuple[int, int | str], ...]]:
    """A key that orders semantic versions by precedence (build metadata is ignored)."""
    m = SEMVER_RE.match(text)
    if m is None:
        raise ValueError(f"not a semantic version: {text!r}")
    return int(m[1]), int(m[2]), int(m[3]), _pre_key(m[4])


def compare_versions(a: str, b: str) -> int:
    """-1, 0 or 1 as ``a`` is older than, the same as, or newer than ``b``."""
    ka, kb = version_key(a), version_key(b)
    return (ka > kb) - (ka < kb)
