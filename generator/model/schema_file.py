"""The JSON Schema of a case file, generated from the review's case model (built from its
``model.yaml``) and committed as ``schema/case.schema.json`` so that editors with the YAML
language server can use it."""

from __future__ import annotations

import json
from pathlib import Path

from .case_model import CaseBase

SCHEMA_PATH = Path("schema") / "case.schema.json"


def case_schema_text(case: type[CaseBase] | None = None) -> str:
    """The schema of the case model ``case`` as the exact text committed (sorted keys, 2-space
    indent, final newline); by default the model of the review in the working directory."""
    if case is None:
        from .validate_file import review_case

        case = review_case()
    schema = case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "case.schema.json"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
