"""``living-review init DIR``: a new, empty review that builds at once.

It writes what a review folder holds and nothing of the generator (the theme, scripts and pages
come from the installed package): ``review.yaml`` with TODOs that ``validate`` points at,
``model.yaml`` with a few example fields, an empty ``cases/``, a short ``mkdocs.yml``, a README
with the two commands and their Makefile, a workflow that checks pull requests, and the JSON
Schema of its case files.
"""

from __future__ import annotations

import datetime
import json
import re
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path

import jinja2

from .model import load_domain
from .model.review import load_review
from .model.schema_file import SCHEMA_PATH, case_schema_text
from .pages.issue_forms import NEW_CASE_FORM, new_case_form

INIT = files("generator") / "templates" / "init"

# template in the package -> file of the new review (.j2: rendered with the review's names)
FILES = {
    "review.yaml.j2": "review.yaml",
    "model.yaml": "model.yaml",
    "mkdocs.yml.j2": "mkdocs.yml",
    "README.md.j2": "README.md",
    "Makefile.j2": "Makefile",
    "gitignore": ".gitignore",
    "github/pr.yml": ".github/workflows/pr.yml",
}


class InitError(Exception):
    """Why a review cannot be started in that folder."""


def slug(text: str) -> str:
    """A lowercase slug of ``text`` (for the default repository and address)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "review"


def init_review(
    dest: Path,
    title: str,
    *,
    url: str | None = None,
    repository: str | None = None,
    today: datetime.date | None = None,
) -> list[Path]:
    """Write a new review into ``dest`` (absent or empty); return the files written."""
    if dest.exists() and any(dest.iterdir()):
        raise InitError(f"{dest} is not empty: choose a new folder")
    name = slug(title)
    values = {
        "title": title,
        "short_title": title,
        "url": url or f"https://example.org/{name}/",
        "repository": repository or f"https://github.com/TODO/{name}",
        "today": (today or datetime.date.today()).isoformat(),
        "generator": _this_generator(),
    }
    env = jinja2.Environment(autoescape=False, keep_trailing_newline=True)
    env.filters["tojson"] = _yaml_string
    written = []
    for source, target in FILES.items():
        text = (INIT / source).read_text(encoding="utf-8")
        if source.endswith(".j2"):
            text = env.from_string(text).render(**values)
        path = dest / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    for folder in ("cases", "docs"):  # the case files; the review's own extra pages, if any
        (dest / folder).mkdir(parents=True, exist_ok=True)
        (dest / folder / ".gitkeep").write_text("", encoding="utf-8")
    written.append(_write_schema(dest))
    written.append(_write_issue_form(dest))
    return written


def _this_generator() -> str:
    """What the new review's Makefile installs: this very version of the generator (pinned, so
    that the review builds the same next year), or its bare name when it runs uninstalled."""
    try:
        return f"living-review-generator=={version('living-review-generator')}"
    except PackageNotFoundError:
        return "living-review-generator"


def _write_issue_form(dest: Path) -> Path:
    """The issue form for proposing a case, from the new review's files."""
    review, _ = load_review(dest)
    domain, _ = load_domain(dest)
    path = dest / NEW_CASE_FORM
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_case_form(review, domain.model), encoding="utf-8")
    return path


def _write_schema(dest: Path) -> Path:
    """The JSON Schema of the new review's case files (editors read it: each case file's first
    line points at it); ``living-review schema`` writes it again after ``model.yaml`` changes."""
    domain, diagnostics = load_domain(dest)
    if domain is None:  # the packaged example model is tested: this is a broken installation
        raise InitError("; ".join(d.format() for d in diagnostics))
    path = dest / SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(case_schema_text(domain.case), encoding="utf-8")
    return path


def _yaml_string(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's): quotes and colons stay text."""
    return json.dumps(value, ensure_ascii=False)
