"""The question editor's use cases: open a pack as an editable document, check it, save it.

A document is the pack in the shape of the TOML format (plain dicts and lists, as
``toml_pack.pack_to_dict`` gives), so that checking it runs exactly the validator that
``quizapp pack validate`` runs, with the same messages.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w

from quizapp.bank import images as image_rows
from quizapp.bank import pack_import
from quizapp.bank import packs as pack_rows
from quizapp.bank.database import Bank
from quizapp.core.model import Pack
from quizapp.core.problems import PackInvalid, Problem
from quizapp.core.summaries import ImportResult
from quizapp.core.versions import is_semver
from quizapp.packs import hints, toml_pack
from quizapp.packs.starter import starter_pack
from quizapp.services import ServiceError
from quizapp.services.packs import load_pack_and_images, write_bytes_file, write_text_file

Document = dict[str, Any]
KINDS = ("pack", "sources", "facts", "questions")
_INDEX = re.compile(r"^(sources|facts|questions)\[(\d+)\]")


@dataclass
class Draft:
    """A pack being edited: the document, its pictures, and where it came from.

    Attributes:
        doc: the pack in the TOML format's shape.
        images: picture bytes by their path in the pack.
        pack_id: the id the pack had when it was opened ("" for a new pack).
    """

    doc: Document
    images: dict[str, bytes] = field(default_factory=dict)
    pack_id: str = ""


def open_pack(bank: Bank, pack_id: str) -> Draft:
    """A pack from the bank, ready to edit."""
    pack, images = load_pack_and_images(bank, pack_id)
    return Draft(toml_pack.pack_to_dict(pack), images, pack_id)


def new_pack(pack_id: str = "my-pack") -> Draft:
    """A new pack, from the commented starter (its examples show every question type)."""
    return Draft(tomllib.loads(starter_pack(pack_id)))


def open_file(path: Path) -> Draft:
    """A TOML pack file as a document, even one with problems (it is a draft)."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ServiceError(f"cannot open {path}: {e}") from None
    return Draft(doc)


def blank_item(kind: str, doc: Document) -> dict[str, Any]:
    """A new source, fact or question with a fresh id, to be filled in."""
    taken = {str(item.get("id")) for item in doc.get(kind, []) if isinstance(item, dict)}
    stem = {"sources": "source", "facts": "fact", "questions": "question"}[kind]
    n = len(taken) + 1
    while f"{stem}-{n}" in taken:
        n += 1
    ident = f"{stem}-{n}"
    if kind == "sources":
        return {"id": ident, "title": "", "kind": "other"}
    if kind == "facts":
        return {"id": ident, "statement": "", "sources": []}
    source = next((s.get("id") for s in doc.get("sources", []) if isinstance(s, dict)), None)
    return {
        "id": ident,
        "type": "multiple_choice",
        "prompt": "",
        "choices": [
            {"text": "", "correct": True},
            {"text": "", "correct": False},
        ],
        "explanation": "",
        "sources": [{"source": source}] if source else [],
    }


def _clean(value: Any) -> Any:
    """The document without empty optional values (what the TOML file would contain)."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v not in ("", None, [])}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def to_toml(doc: Document) -> str:
    """The document as TOML text (a draft may still have problems)."""
    return tomli_w.dumps(_clean(doc), multiline_strings=True, indent=2)


def check(doc: Document, name: str = "editor") -> list[Problem]:
    """Every problem and hint in the whole document, with the validator's messages."""
    try:
        pack = toml_pack.load_pack_text(to_toml(doc), name)
    except PackInvalid as e:
        return e.problems
    return hints.pack_hints(pack, name)


def item_of_path(path: str) -> tuple[str, int] | None:
    """The part of the pack a problem's path is about: ("questions", 2) for questions[3]...,
    ("pack", 0) for the pack details, None otherwise."""
    m = _INDEX.match(path)
    if m:
        return m.group(1), int(m.group(2)) - 1
    return ("pack", 0) if path.startswith("pack") else None


def _cited_ids(items: list[Any]) -> set[str]:
    out: set[str] = set()
    for item in items:
        citations = item.get("sources") if isinstance(item, dict) else None
        if isinstance(citations, list):
            out.update(str(c.get("source")) for c in citations if isinstance(c, dict))
    return out


def _small_pack(doc: Document, kind: str, index: int) -> Document:
    """The item at ``kind``/``index`` with just what it refers to, as a pack of its own."""
    sources = [s for s in doc.get("sources", []) if isinstance(s, dict)]
    facts = [f for f in doc.get("facts", []) if isinstance(f, dict)]
    if kind == "questions":
        question = doc["questions"][index]
        fact_id = question.get("fact") if isinstance(question, dict) else None
        facts = [f for f in facts if f.get("id") == fact_id][:1]
        questions = [question]
    else:
        if kind == "facts":
            facts = [doc["facts"][index]]
        elif kind == "sources":
            sources = [doc["sources"][index]]
            facts = []
        else:
            facts = []
        questions = [blank_item("questions", {"sources": sources})]
        questions[0] |= {"prompt": "?", "explanation": "."}
        questions[0]["choices"] = [{"text": "a", "correct": True}, {"text": "b", "correct": False}]
    wanted = _cited_ids(questions) | _cited_ids(facts)
    if kind != "sources":
        sources = [s for s in sources if s.get("id") in wanted]
    small = {k: v for k, v in doc.items() if k not in ("sources", "facts", "questions")}
    return {**small, "sources": sources, "facts": facts, "questions": questions}


def check_item(doc: Document, kind: str, index: int, name: str = "editor") -> list[Problem]:
    """Problems and hints about one item, checked on its own so typing stays fast.

    The item is validated in a small pack made of the pack details, the item, and only what
    it refers to (its sources and fact), so the time does not grow with the pack. Paths and
    labels are given back with the item's real index. Rules across the whole pack (unique
    ids of sources and facts) are checked by ``check``.
    """
    found = check(_small_pack(doc, kind, index), name)
    out = []
    for p in found:
        m = _INDEX.match(p.path) or _INDEX.match(p.message)
        if kind == "pack":
            if p.path.startswith("pack") or p.path in ("", "format"):
                out.append(p)
            continue
        if m is None or m.group(1) != kind:
            continue
        out.append(_reindex(p, kind, index))
    found = out
    if kind == "questions":
        ident = doc["questions"][index].get("id")
        clash = next(
            (
                i
                for i, q in enumerate(doc["questions"])
                if i != index and isinstance(q, dict) and q.get("id") == ident
            ),
            None,
        )
        if clash is not None:
            found.append(
                Problem(
                    name,
                    None,
                    f'questions[{index + 1}] "{ident}": id "{ident}" is used twice in '
                    f"[[questions]] (also by questions[{clash + 1}])",
                    f"questions[{index + 1}].id",
                )
            )
    return found


def _reindex(problem: Problem, kind: str, index: int) -> Problem:
    """A problem found in the small pack (where the item is number 1), with the real index."""
    small, real = f"{kind}[1]", f"{kind}[{index + 1}]"
    return Problem(
        problem.file,
        problem.line,
        problem.message.replace(small, real, 1),
        problem.path.replace(small, real, 1),
        problem.column,
        problem.severity,
    )


def validated_pack(draft: Draft, *, allow_missing_explanations: bool = False) -> Pack:
    """The draft as a valid pack; raises PackInvalid listing every problem.

    With ``allow_missing_explanations``, questions may still lack an explanation (packs
    imported from GIFT, Aiken or CSV arrive that way, and the teacher completes them one by
    one); every other rule holds.
    """
    return toml_pack.load_pack_text(
        to_toml(draft.doc), "editor", require_explanations=not allow_missing_explanations
    )


def save_to_bank(bank: Bank, draft: Draft) -> ImportResult:
    """Save the draft into the bank (replacing the pack with the same id) with its pictures.

    An edited pack whose version was not raised gets its patch number raised, so that a
    copy shared earlier is recognised as older. Questions may still lack an explanation (the
    pack manager flags them); every other rule must hold.
    """
    pack = validated_pack(draft, allow_missing_explanations=True)
    with bank.transaction() as db:
        version = pack_rows.version(db, pack.info.id)
        if version == pack.info.version and pack_rows.load(db, pack.info.id) != pack:
            bumped = _bump(pack.info.version)
            draft.doc["pack"]["version"] = bumped
            pack = validated_pack(draft, allow_missing_explanations=True)
        result = pack_import.import_pack(
            db, pack, origin="editor", source_format="toml", force=True
        )
        used = pack.image_paths()
        image_rows.replace(db, pack.info.id, {p: b for p, b in draft.images.items() if p in used})
    draft.pack_id = pack.info.id
    discard_autosave(draft)
    return result


def _bump(version: str) -> str:
    if not is_semver(version):
        return version
    core = version.split("-")[0].split("+")[0]
    major, minor, patch = (int(x) for x in core.split("."))
    return f"{major}.{minor}.{patch + 1}"


def save_to_file(draft: Draft, path: Path) -> None:
    """Write the draft as a TOML pack file (problems and all: a draft can be finished later),
    with its pictures beside it."""
    write_text_file(path, "# A quizapp pack (format 1): docs/pack-format.md\n" + to_toml(draft.doc))
    for image, data in draft.images.items():
        write_bytes_file(path.parent / image, data)


# -- autosave: nothing typed is lost if quizapp or the computer stops ---------------------------


def autosave_dir() -> Path:
    env = os.environ.get("QUIZAPP_AUTOSAVE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return platformdirs.user_data_path("quizapp", appauthor=False) / "autosave"


def _autosave_path(pack_id: str) -> Path:
    safe = re.sub(r"[^a-z0-9-]", "-", pack_id.lower()) or "new-pack"
    return autosave_dir() / f"{safe}.json"


def write_autosave(draft: Draft) -> Path:
    """Keep a copy of the draft (without pictures) until it is saved or discarded."""
    path = _autosave_path(draft.pack_id or "new-pack")
    payload = {"saved_at": datetime.now().isoformat(timespec="seconds"), "doc": draft.doc}
    write_text_file(path, json.dumps(payload, ensure_ascii=False))
    return path


def read_autosave(pack_id: str) -> tuple[Document, str] | None:
    """The autosaved document for ``pack_id`` ("" for a new pack) and when it was saved."""
    path = _autosave_path(pack_id or "new-pack")
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        return dict(payload["doc"]), str(payload.get("saved_at", ""))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def discard_autosave(draft: Draft) -> None:
    for pack_id in {draft.pack_id or "new-pack", str(draft.doc.get("pack", {}).get("id", ""))}:
        if pack_id:
            _autosave_path(pack_id).unlink(missing_ok=True)
