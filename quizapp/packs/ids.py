"""Ids and tags for questions read from formats that have none of their own (GIFT, Aiken,
Moodle XML): the one owner of slugging, of making ids unique and of Moodle's category paths."""

from __future__ import annotations

import re
import unicodedata

from quizapp.packs import schema

ID_LIMIT = schema.LIMITS["id"]
TAG_LIMIT = schema.LIMITS["tag"]
_CATEGORY_CONTEXT = re.compile(r"^\$[a-z0-9]+\$(?:/|$)")
_TOP = re.compile(r"^top(?:/|$)", re.IGNORECASE)


def ascii_fold(text: str) -> str:
    """``Wörner`` -> ``Worner``: accents dropped, other non-ASCII letters too."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slug(text: str) -> str:
    """A question's text or name as an id: lowercase ASCII words joined by "-" (may be "")."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")[:ID_LIMIT].strip("-")


class UniqueIds:
    """Hands out ids unique in one pack: a repeat of ``base`` gets the next number after the
    last one it got ("-2", "-3"…), so thousands of repeats cost no more than different ids."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self._next: dict[str, int] = {}

    def take(self, base: str) -> str:
        ident = base
        if ident in self.taken:
            n = self._next.get(base, 2)
            while True:
                suffix = f"-{n}"
                ident = base[: ID_LIMIT - len(suffix)].rstrip("-") + suffix
                if ident not in self.taken:
                    break
                n += 1
            self._next[base] = n + 1
        self.taken.add(ident)
        return ident


def category_tag(path: str) -> str:
    """``$course$/top/Unit 1/Week 2`` -> ``Unit 1/Week 2``, dropping leading folders (then
    cutting) if it is longer than a tag may be."""
    path = " ".join(path.split())
    path = _TOP.sub("", _CATEGORY_CONTEXT.sub("", path))
    parts = [p.strip() for p in path.split("/") if p.strip()]
    while len(parts) > 1 and len("/".join(parts)) > TAG_LIMIT:
        parts.pop(0)
    return "/".join(parts)[:TAG_LIMIT].strip()


def tags(*given: str) -> tuple[str, ...]:
    """A question's tags: spaces tidied, empty ones and repeats left out, in order."""
    out: list[str] = []
    for tag in given:
        tag = " ".join(tag.split())
        if tag and tag not in out:
            out.append(tag)
    return tuple(out)
