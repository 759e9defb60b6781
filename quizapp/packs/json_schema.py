"""A JSON Schema of the TOML pack format, for editors that check and complete packs."""

from __future__ import annotations

import json
from typing import Any

from quizapp.core.versions import SEMVER_RE
from quizapp.packs import schema

SCHEMA_ID = "https://quizapp.example/schemas/pack-format-1.json"


def _set(defs: dict[str, Any], model: str, field: str, **extra: Any) -> None:
    prop = defs[model]["properties"][field]
    # Optional fields are "anyOf: [{...}, {type: null}]" in pydantic's output.
    target = next((p for p in prop.get("anyOf", []) if p.get("type") == "string"), prop)
    target.update(extra)


def pack_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that a format-1 pack file, read as TOML, must match.

    It is generated from the same pydantic models that ``quizapp pack validate`` uses, with
    the patterns that those models check in code added for editors. Rules across the file
    (unique ids, citations of declared sources) are only checked by quizapp itself.
    """
    out = schema.PackFile.model_json_schema(mode="validation")
    defs = out["$defs"]
    id_pattern = schema.ID_RE.pattern
    for model in ("SourceModel", "FactModel", "MultipleChoiceModel", "TrueFalseModel",
                  "MultipleResponseModel"):  # fmt: skip
        _set(defs, model, "id", pattern=id_pattern)
    for model in ("MultipleChoiceModel", "TrueFalseModel", "MultipleResponseModel"):
        _set(defs, model, "fact", pattern=id_pattern)
    _set(defs, "CitationModel", "source", pattern=id_pattern)
    _set(defs, "PackMeta", "id", pattern=schema.SLUG_RE.pattern)
    _set(defs, "PackMeta", "version", pattern=SEMVER_RE.pattern)
    _set(defs, "PackMeta", "language", pattern=schema.LANGUAGE_RE.pattern)
    _set(defs, "SourceModel", "date", pattern=schema.PARTIAL_DATE_RE.pattern)
    _set(defs, "SourceModel", "url", pattern=schema.URL_RE.pattern, format="uri")
    _set(defs, "ImageModel", "path", pattern=schema.IMAGE_PATH_RE.pattern)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **out,
        "title": "quizapp pack, format 1",
        "description": "A quizapp question pack (TOML). See docs/pack-format.md.",
    }


def pack_json_schema() -> str:
    return json.dumps(pack_schema(), indent=2, ensure_ascii=False) + "\n"
