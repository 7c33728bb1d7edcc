"""Validation of case files: every problem in every file, reported at once.

The public entry of the validator; the work is split by what it checks:

* :mod:`generator.model.validate_messages`: each model error as a plain-language message;
* :mod:`generator.model.validate_file`: one case file, alone (:func:`validate_text`);
* :mod:`generator.model.validate_ids`: checks across cases (ids, successors, likely duplicates);
* :mod:`generator.model.validate_set`: a set of files, each checked once per content (:func:`validate_paths`).

Cases are validated against the review's own case model, built from its ``model.yaml``
(:func:`generator.model.load_domain`): pass it as ``case=``.
"""

from __future__ import annotations

from pathlib import Path

from . import validate_set
from .case_model import CaseBase
from .validate_file import (
    CASE_SUFFIX,
    CROSS_FILE_FIELDS,
    LINK_RULE,
    TODO,
    FileResult,
    ModelUnreadable,
    Positions,
    _check,
    _check_file,
    _link_problem,
    _todo_paths,
    review_case,
    validate_text,
)
from .validate_ids import _patient_key, likely_duplicates
from .validate_messages import (
    _BOUNDS,
    _OCTAL,
    _PATTERNS,
    _PREFIXED,
    _TYPES,
    _message,
    _model_at,
    _read_as_numbers,
    _required,
    _yaml_hint,
    shown,
)
from .validate_set import Result, case_files, display, gc_paused

"""From this many files on, validation is spread over the machine's cores (2 processes here)."""

__all__ = [
    "CASE_SUFFIX",
    "CROSS_FILE_FIELDS",
    "LINK_RULE",
    "TODO",
    "_BOUNDS",
    "_OCTAL",
    "_PATTERNS",
    "_PREFIXED",
    "_TYPES",
    "FileResult",
    "ModelUnreadable",
    "Positions",
    "Result",
    "_check",
    "_check_file",
    "_link_problem",
    "_message",
    "_model_at",
    "_patient_key",
    "_read_as_numbers",
    "_required",
    "_todo_paths",
    "_yaml_hint",
    "case_files",
    "display",
    "gc_paused",
    "likely_duplicates",
    "review_case",
    "shown",
    "validate_paths",
    "validate_text",
]


def validate_paths(paths: list[Path], *, case: type[CaseBase] | None = None) -> Result:
    """Validate every case file under ``paths`` against the review's case model ``case``, with
    the checks that span files. The library passes the review's own model
    (``load_domain(root)``); without it, the model is that of the review in the working
    directory (:func:`review_case`), for scripts and tests run from a review's folder."""
    return validate_set.validate_paths(paths, case=case)
