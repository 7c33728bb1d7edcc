from __future__ import annotations

import shutil
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


@pytest.fixture
def project(root, tmp_path):
    """A copy of the review (its published ids too) to edit; modules may define their own."""
    from tests.test_site import copy_project

    (tmp_path / "project").mkdir()
    dest = copy_project(root, tmp_path / "project")
    shutil.copy(root / "published-ids.txt", dest / "published-ids.txt")
    return dest
