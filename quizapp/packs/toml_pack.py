"""Reading, validating and writing TOML packs (format 1), with every problem tied to a line."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel, ValidationError

from quizapp.core.model import (
    Choice,
    Citation,
    Fact,
    Image,
    Pack,
    PackInfo,
    Question,
    QuestionType,
    Source,
    SourceKind,
    true_false_choices,
)
from quizapp.core.problems import PackInvalid, Problem
from quizapp.packs import schema
from quizapp.packs.textfile import decode_text, read_bytes
from quizapp.packs.toml_positions import Path as KeyPath
from quizapp.packs.toml_positions import key_lines, line_for

_TOML_ERROR_AT = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_TOML_ERROR_END = re.compile(r"^(?P<msg>.*?)\s*\(at end of document\)$")

_QUESTION_MODELS: dict[str, type[BaseModel]] = {
    "multiple_choice": schema.MultipleChoiceModel,
    "true_false": schema.TrueFalseModel,
    "multiple_response": schema.MultipleResponseModel,
}
_TYPE_NAMES = '"multiple_choice", "true_false" or "multiple_response"'


# -- reading -------------------------------------------------------------------------------


def load_pack_file(path: Path | str, name: str | None = None) -> Pack:
    """Read and validate a TOML pack file. Raises PackInvalid listing every problem."""
    path = Path(path)
    name = name or str(path)
    data = read_bytes(path, name, schema.MAX_FILE_BYTES)
    return load_pack_bytes(data, name)


def load_pack_bytes(data: bytes, name: str) -> Pack:
    """Validate the bytes of a TOML pack. Raises PackInvalid listing every problem."""
    text = decode_text(data, name, schema.MAX_FILE_BYTES)
    return load_pack_text(text, name)


def load_pack_text(text: str, name: str, *, require_explanations: bool = True) -> Pack:
    """Validate the text of a TOML pack. Raises PackInvalid listing every problem.

    ``require_explanations=False`` lets questions lack an explanation (the editor saves packs
    imported from formats without explanations while the teacher completes them); every
    other rule holds.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise PackInvalid([_syntax_problem(str(e), name, text)]) from None
    _check_format_version(raw, name, text)
    _check_count(raw, name)
    problems: list[Problem] = []
    model: schema.PackFile | None = None
    try:
        model = schema.PackFile.model_validate(raw)
    except ValidationError as e:
        problems.extend(_Reporter(name, text, raw).validation(e))
    except RecursionError:
        raise PackInvalid([Problem(name, None, "is nested too deeply to be a pack")]) from None
    problems.extend(_Reporter(name, text, raw).cross_references(require_explanations))
    if problems or model is None:
        raise PackInvalid(_sorted_unique(problems))
    return to_core(model)


def too_many_questions(count: int, name: str) -> PackInvalid | None:
    """The refusal of a pack with more questions than a pack may hold, before any other check
    (validating 100,000 questions only to refuse them took 27 s)."""
    if count <= schema.MAX_QUESTIONS:
        return None
    return PackInvalid(
        [
            Problem(
                name,
                None,
                f"has {count:,} questions; a pack holds at most {schema.MAX_QUESTIONS:,}: "
                "split it into several packs",
            )
        ]
    )


def _check_count(raw: dict[str, Any], name: str) -> None:
    questions = raw.get("questions")
    refusal = too_many_questions(len(questions), name) if isinstance(questions, list) else None
    if refusal is not None:
        raise refusal


def rules_broken(pack: Pack) -> list[tuple[KeyPath, str]]:
    """Every rule of the pack format that ``pack`` (read from any format) breaks, as (where in
    the TOML shape, what is wrong): the same validation and limits as a TOML file. Questions
    need no explanation here (imported formats often have none; the editor asks for them)."""
    raw = pack_to_dict(pack)
    collector = _Collector(raw)
    try:
        schema.PackFile.model_validate(raw)
    except ValidationError as e:
        for _ in collector.validation(e):
            pass
    for _ in collector.cross_references(require_explanations=False):
        pass
    return collector.found


def _syntax_problem(message: str, name: str, text: str) -> Problem:
    m = _TOML_ERROR_AT.match(message)
    if m:
        return Problem(
            name,
            int(m["line"]),
            f"TOML syntax error: {m['msg']}",
            column=int(m["col"]),
        )
    m = _TOML_ERROR_END.match(message)
    if m:
        return Problem(
            name, text.count("\n") + 1, f"TOML syntax error at the end of the file: {m['msg']}"
        )
    return Problem(name, None, f"TOML syntax error: {message}")


def _check_format_version(raw: dict[str, Any], name: str, text: str) -> None:
    fmt = raw.get("format")
    if isinstance(fmt, int) and not isinstance(fmt, bool) and fmt == schema.FORMAT_VERSION:
        return
    line = key_lines(text).get(("format",)) if "format" in raw else None
    if "format" not in raw:
        raise PackInvalid(
            [Problem(name, 1, 'is not a quizapp pack: the first line should be "format = 1"')]
        )
    if isinstance(fmt, bool) or not isinstance(fmt, int):
        raise PackInvalid(
            [
                Problem(
                    name,
                    line,
                    f'"format" must be a whole number, like format = 1 (got {_show(fmt)})',
                    "format",
                )
            ]
        )
    if fmt > schema.FORMAT_VERSION:
        raise PackInvalid(
            [
                Problem(
                    name,
                    line,
                    f"uses pack format {fmt}, which is newer than this quizapp understands "
                    f"(format {schema.FORMAT_VERSION}); update quizapp to use this pack",
                )
            ]
        )
    if fmt < 1:
        raise PackInvalid(
            [Problem(name, line, f"format {fmt} does not exist; write format = 1", "format")]
        )


def _sorted_unique(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return sorted(out, key=lambda p: (p.line or 0, p.column or 0))


def _show(value: Any) -> str:
    """A short rendering of a TOML value for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'"{shown}"'
    if isinstance(value, datetime | date | time):
        return f"the unquoted date {value.isoformat()}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def format_path(path: KeyPath) -> str:
    """``("questions", 2, "choices")`` -> ``questions[3].choices`` (indexes counted from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


class _Reporter:
    """Turns validation errors and cross-reference checks into problems with lines."""

    def __init__(self, name: str, text: str, raw: dict[str, Any]) -> None:
        self.name = name
        self.text = text
        self.raw = raw
        self._positions: dict[KeyPath, int] | None = None

    @property
    def positions(self) -> dict[KeyPath, int]:
        if self._positions is None:
            self._positions = key_lines(self.text)
        return self._positions

    def problem(self, path: KeyPath, message: str, line_path: KeyPath | None = None) -> Problem:
        line = line_for(self.positions, path if line_path is None else line_path)
        label = self.label(path)
        text = f"{label}: {message}" if label else message
        return Problem(self.name, line, text, format_path(path))

    def label(self, path: KeyPath) -> str:
        """``questions[3] "q-slope"`` for anything inside the third question."""
        if not path:
            return ""
        if path[0] == "pack":
            return "[pack]"
        if len(path) >= 2 and isinstance(path[1], int):
            label = f"{path[0]}[{path[1] + 1}]"
            item = self.item(path[:2])
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                label += f' "{item["id"]}"'
            return label
        return ""

    def item(self, path: KeyPath) -> Any:
        node: Any = self.raw
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    # -- pydantic errors ---------------------------------------------------------------
    def validation(self, error: ValidationError) -> Iterator[Problem]:
        for err in error.errors(include_url=False):
            loc = self._strip_tags(tuple(err["loc"]))
            message, path, line_path = self._describe(err, loc)
            yield self.problem(path, message, line_path)

    @staticmethod
    def _strip_tags(loc: tuple[Any, ...]) -> KeyPath:
        # pydantic puts the discriminator value into the location of a union member.
        out: list[str | int] = []
        for i, part in enumerate(loc):
            if (
                i >= 2
                and loc[i - 2] == "questions"
                and isinstance(loc[i - 1], int)
                and part in _QUESTION_MODELS
            ):
                continue
            out.append(part)
        return tuple(out)

    def _allowed_keys(self, parent: KeyPath) -> list[str]:
        if parent == ():
            return list(schema.PackFile.model_fields)
        if parent == ("pack",):
            return list(schema.PackMeta.model_fields)
        if len(parent) == 2 and parent[0] == "sources":
            return list(schema.SourceModel.model_fields)
        if len(parent) == 2 and parent[0] == "facts":
            return list(schema.FactModel.model_fields)
        if len(parent) >= 2 and parent[0] == "questions":
            q = self.item(parent[:2])
            qtype = q.get("type") if isinstance(q, dict) else None
            model = (
                _QUESTION_MODELS.get(qtype, schema.MultipleChoiceModel)
                if isinstance(qtype, str)
                else schema.MultipleChoiceModel
            )
            if len(parent) == 2:
                return list(model.model_fields)
            if len(parent) == 4 and parent[2] == "choices":
                return list(schema.ChoiceModel.model_fields)
            if len(parent) == 3 and parent[2] == "image":
                return list(schema.ImageModel.model_fields)
            if len(parent) == 5 and parent[2] == "choices" and parent[4] == "image":
                return list(schema.ImageModel.model_fields)
        if len(parent) == 4 and parent[2] == "sources":
            return list(schema.CitationModel.model_fields)
        return []

    def _describe(self, err: Any, loc: KeyPath) -> tuple[str, KeyPath, KeyPath | None]:
        kind = err["type"]
        field = next((p for p in reversed(loc) if isinstance(p, str)), "")
        value = err.get("input")
        ctx = err.get("ctx") or {}
        if kind == "quizapp":
            if len(loc) == 2 and loc[0] == "questions":
                # A whole-question rule (the correct choices): point at the choices.
                return err["msg"], (*loc, "choices"), None
            return err["msg"], loc, None
        if kind == "missing":
            return f'missing required field "{field}"', loc, loc[:-1]
        if kind == "extra_forbidden":
            return self._unknown_key(loc, field), loc, None
        if kind == "union_tag_invalid":
            got = ctx.get("tag", value)
            return (
                f'"type" must be {_TYPE_NAMES} (got "{got}")',
                (*loc, "type"),
                None,
            )
        if kind == "union_tag_not_found":
            return f'missing required field "type" ({_TYPE_NAMES})', loc, None
        if kind == "literal_error":
            if loc == ("format",):
                return "format must be 1", loc, None
            options = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
            return f'"{field}" must be one of: {options} (got {_show(value)})', loc, None
        if kind in ("string_type",):
            return f'"{field}" must be text in quotes (got {_show(value)})', loc, None
        if kind == "bool_type":
            return (
                f'"{field}" must be true or false, without quotes (got {_show(value)})',
                loc,
                None,
            )
        if kind in ("float_type", "float_parsing"):
            return (
                f'"{field}" must be a number without quotes, like 0.5 (got {_show(value)})',
                loc,
                None,
            )
        if kind in ("int_type", "int_from_float", "int_parsing"):
            return f'"{field}" must be a whole number (got {_show(value)})', loc, None
        if kind == "list_type":
            return (
                f'"{field}" must be a list in square brackets [ ... ] (got {_show(value)})',
                loc,
                None,
            )
        if kind in ("model_type", "model_attributes_type", "dict_type"):
            what = f"{format_path(loc)}" if loc else "the file"
            return f"{what} must be a table (got {_show(value)})", loc, None
        if kind == "string_too_long":
            limit = ctx.get("max_length")
            limit = f"{limit:,}" if isinstance(limit, int) else limit
            size = f"{len(value):,}" if isinstance(value, str) else "?"
            return (
                f'"{field}" is too long ({size} characters; the limit is {limit})',
                loc,
                None,
            )
        if kind == "too_short":
            actual, minimum = ctx.get("actual_length"), ctx.get("min_length")
            if field == "questions" and len(loc) == 1:
                return "a pack needs at least one [[questions]] entry", loc, None
            return f"needs at least {minimum} {field} (has {actual})", loc, None
        if kind == "too_long":
            actual, maximum = ctx.get("actual_length"), ctx.get("max_length")
            return f"has too many {field} ({actual}; the limit is {maximum})", loc, None
        if kind in ("greater_than_equal", "less_than_equal"):
            if field == "difficulty":
                return f'"difficulty" must be between 1 and 5 (got {_show(value)})', loc, None
            if field == "penalty":
                return (
                    f'"penalty" must be between 0 and 1, a share of a mark (got {_show(value)})',
                    loc,
                    None,
                )
            return f'"{field}" is out of range (got {_show(value)})', loc, None
        return f'"{field}": {err["msg"]}', loc, None

    def _unknown_key(self, loc: KeyPath, key: str) -> str:
        allowed = self._allowed_keys(loc[:-1])
        message = f'unknown key "{key}"'
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            return f'{message} (did you mean "{close[0]}"?)'
        if len(loc) == 3 and loc[0] == "questions":
            for qtype, model in _QUESTION_MODELS.items():
                if key in model.model_fields and key not in allowed:
                    return f'{message}: "{key}" belongs to {qtype} questions'
        return message

    # -- rules across the file -----------------------------------------------------------
    def cross_references(self, require_explanations: bool = True) -> Iterator[Problem]:
        raw = self.raw
        lists: dict[str, list[Any]] = {
            k: raw[k] if isinstance(raw.get(k), list) else []
            for k in ("sources", "facts", "questions")
        }
        ids: dict[str, dict[str, int]] = {}
        for kind, items in lists.items():
            seen: dict[str, int] = {}
            for i, item in enumerate(items):
                if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                    continue
                ident = item["id"]
                if ident in seen:
                    first = seen[ident]
                    yield self.problem(
                        (kind, i, "id"),
                        f'id "{ident}" is used twice in [[{kind}]] (first by {kind}[{first + 1}])',
                    )
                else:
                    seen[ident] = i
            ids[kind] = seen
        declared = ids["sources"]
        facts: dict[str, dict[str, Any]] = {}
        for i, fact in enumerate(lists["facts"]):
            if not isinstance(fact, dict):
                continue
            if isinstance(fact.get("id"), str):
                facts.setdefault(fact["id"], fact)
            yield from self._check_citations(("facts", i), fact.get("sources"), declared)
        for i, q in enumerate(lists["questions"]):
            if not isinstance(q, dict):
                continue
            path: KeyPath = ("questions", i)
            own = q.get("sources")
            yield from self._check_citations(path, own, declared)
            fact_id = q.get("fact")
            fact = None
            if isinstance(fact_id, str):
                fact = facts.get(fact_id)
                if fact is None:
                    yield self.problem(
                        (*path, "fact"),
                        f'refers to fact "{fact_id}", which is not declared in [[facts]]',
                    )
            explanation = q.get("explanation", "")
            statement = fact.get("statement") if fact else None
            if (
                require_explanations
                and isinstance(explanation, str)
                and not explanation.strip()
                and not (isinstance(statement, str) and statement.strip())
            ):
                yield self.problem(
                    path,
                    'needs an explanation: add explanation = "..." '
                    '(or link a fact with fact = "...")',
                )
            n_own = len(own) if isinstance(own, list) else 0
            fact_sources = fact.get("sources") if fact else None
            n_fact = len(fact_sources) if isinstance(fact_sources, list) else 0
            if (own is None or isinstance(own, list)) and n_own + n_fact == 0:
                yield self.problem(
                    path,
                    'needs at least one source: add sources = [{ source = "..." }] '
                    "(or link a fact that has sources)",
                )

    def _check_citations(
        self, owner: KeyPath, citations: Any, declared: dict[str, int]
    ) -> Iterator[Problem]:
        if not isinstance(citations, list):
            return
        for j, c in enumerate(citations):
            if (
                isinstance(c, dict)
                and isinstance(c.get("source"), str)
                and c["source"] not in declared
            ):
                yield self.problem(
                    (*owner, "sources", j, "source"),
                    f'cites source "{c["source"]}", which is not declared in [[sources]]',
                )


# -- model -> core ---------------------------------------------------------------------------


class _Collector(_Reporter):
    """A reporter for a pack that has no TOML text: it keeps where each problem is."""

    def __init__(self, raw: dict[str, Any]) -> None:
        super().__init__("", "", raw)
        self.found: list[tuple[KeyPath, str]] = []

    def problem(self, path: KeyPath, message: str, line_path: KeyPath | None = None) -> Problem:
        self.found.append((path, message))
        return Problem("", None, message, format_path(path))


def _citations(models: Iterable[schema.CitationModel]) -> tuple[Citation, ...]:
    return tuple(Citation(c.source, c.locator, c.quote) for c in models)


def to_core(model: schema.PackFile) -> Pack:
    """Convert a validated pack file into core objects."""
    meta = model.pack
    info = PackInfo(
        id=meta.id,
        title=meta.title,
        version=meta.version,
        language=meta.language,
        authors=tuple(meta.authors),
        license=meta.license,
        description=meta.description,
    )
    sources = tuple(
        Source(
            id=s.id,
            title=s.title,
            author=s.author,
            publisher=s.publisher,
            date=s.date or "",
            url=s.url or "",
            kind=SourceKind(s.kind),
            note=s.note,
        )
        for s in model.sources
    )
    facts = tuple(Fact(f.id, f.statement, _citations(f.sources)) for f in model.facts)
    statements = {f.id: f.statement for f in facts}
    questions = []
    for q in model.questions:
        if isinstance(q, schema.TrueFalseModel):
            qtype = QuestionType.TRUE_FALSE
            choices: tuple[Choice, ...] = true_false_choices(
                q.answer, q.feedback_true, q.feedback_false
            )
        else:
            qtype = QuestionType(q.type)
            choices = tuple(
                Choice(c.text, c.correct, c.feedback, _image(c.image), c.penalty) for c in q.choices
            )
        explanation = q.explanation if q.explanation.strip() else statements.get(q.fact or "", "")
        questions.append(
            Question(
                id=q.id,
                type=qtype,
                prompt=q.prompt,
                choices=choices,
                explanation=explanation,
                citations=_citations(q.sources),
                fact=q.fact,
                tags=tuple(q.tags),
                difficulty=q.difficulty,
                shuffle=q.shuffle,
                image=_image(q.image),
            )
        )
    return Pack(info, sources, facts, tuple(questions))


def _image(model: schema.ImageModel | None) -> Image | None:
    return None if model is None else Image(model.path, model.alt)


def _image_dict(image: Image | None) -> dict[str, str] | None:
    return None if image is None else {"path": image.path, "alt": image.alt}


# -- writing ---------------------------------------------------------------------------------


def _citation_dict(c: Citation) -> dict[str, str]:
    d = {"source": c.source}
    if c.locator:
        d["locator"] = c.locator
    if c.quote:
        d["quote"] = c.quote
    return d


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in ("", None, [], ())}


def pack_to_dict(pack: Pack) -> dict[str, Any]:
    """The pack as plain data in the shape of the TOML format."""
    info = pack.info
    out: dict[str, Any] = {
        "format": schema.FORMAT_VERSION,
        "pack": _drop_empty(
            {
                "id": info.id,
                "title": info.title,
                "version": info.version,
                "language": info.language,
                "authors": list(info.authors),
                "license": info.license,
                "description": info.description,
            }
        ),
    }
    if pack.sources:
        out["sources"] = [
            _drop_empty(
                {
                    "id": s.id,
                    "title": s.title,
                    "author": s.author,
                    "publisher": s.publisher,
                    "date": s.date,
                    "url": s.url,
                    "kind": str(s.kind),
                    "note": s.note,
                }
            )
            for s in pack.sources
        ]
    if pack.facts:
        out["facts"] = [
            _drop_empty(
                {
                    "id": f.id,
                    "statement": f.statement,
                    "sources": [_citation_dict(c) for c in f.citations],
                }
            )
            for f in pack.facts
        ]
    questions = []
    for q in pack.questions:
        d: dict[str, Any] = {"id": q.id, "type": str(q.type), "prompt": q.prompt}
        if q.type is QuestionType.TRUE_FALSE:
            d["answer"] = q.answer
            d["feedback_true"] = q.choices[0].feedback
            d["feedback_false"] = q.choices[1].feedback
        else:
            d["choices"] = [
                _drop_empty(
                    {
                        "text": c.text,
                        "correct": c.correct,
                        "feedback": c.feedback,
                        "image": _image_dict(c.image),
                        "penalty": c.penalty,
                    }
                )
                for c in q.choices
            ]
        d["explanation"] = q.explanation
        d["sources"] = [_citation_dict(c) for c in q.citations]
        d["fact"] = q.fact
        d["tags"] = list(q.tags)
        d["difficulty"] = q.difficulty
        d["image"] = _image_dict(q.image)
        d = _drop_empty(d)
        if not q.shuffle:
            d["shuffle"] = False
        questions.append(d)
    out["questions"] = questions
    return out


def dump_pack(pack: Pack) -> str:
    """The pack as TOML text that ``load_pack_text`` reads back to an equal pack."""
    header = (
        f"# {pack.info.title}\n"
        "# A quizapp pack (format 1). The format is described in docs/pack-format.md.\n\n"
    )
    return header + tomli_w.dumps(pack_to_dict(pack), multiline_strings=True, indent=2)
