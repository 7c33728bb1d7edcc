from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REVIEW

ROOT = REVIEW  # this review as the tests know it (tests/helpers.py, reference_review)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def result():
    from generator.model.validate import validate_paths

    return validate_paths([ROOT / "cases"])
