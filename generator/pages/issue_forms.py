"""The GitHub issue form for proposing a case (``.github/ISSUE_TEMPLATE/new-case.yml``), written
from the case-report core and the review's declared fields, their help and their codes."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from ..model import FieldSpec, ModelDeclaration, Vocabulary
from ..model.review import Review

NEW_CASE_FORM = Path(".github") / "ISSUE_TEMPLATE" / "new-case.yml"
TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "issue-new-case.yml.j2"


def new_case_form(review: Review, model: ModelDeclaration) -> str:
    """The issue form's text (YAML; every value from the review is written as a JSON string)."""
    env = jinja2.Environment(
        autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=False)

    def vocab(spec: FieldSpec) -> Vocabulary:
        return model.vocabulary_of(spec.name)

    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    return template.render(review=review, fields=model.fields, vocab=vocab)
