"""The JSON Schema of a case file, generated from the pydantic models and committed as
``schema/case.schema.json`` so that editors with the YAML language server can use it."""

from __future__ import annotations

import json
from pathlib import Path

from .schema import Case

SCHEMA_PATH = Path("schema") / "case.schema.json"


def case_schema_text() -> str:
    """The schema as the exact text committed (sorted keys, 2-space indent, final newline)."""
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "case.schema.json"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
