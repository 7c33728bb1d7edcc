"""Small helpers shared by the tests (no fixtures: those live in the conftest files)."""

from __future__ import annotations

import os

PROJECT_FILES = [
    "mkdocs.yml",
    "review.yaml",
    "cases",
    "docs",
    "overrides",
    "hooks",
    "CONTRIBUTING.md",
    "MAINTAINING.md",
]
"""What a copy of the project needs to build its site (``published-ids.txt`` where it exists)."""


def hermetic_git_env(*drop: str) -> dict[str, str]:
    """This process's environment for a throwaway git repository: no user or system git config
    (no signing, hooks or templates), an identity for the commits, no MkDocs 2.0 banner, and
    neither ``GIT_*`` variables nor the names in ``drop``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k not in drop}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.invalid",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.invalid",
        NO_MKDOCS_2_WARNING="1",
    )
    return env
