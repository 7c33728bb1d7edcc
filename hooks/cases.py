"""MkDocs hook (listed in mkdocs.yml; kept outside the package because MkDocs puts a hook's folder
on sys.path): a thin adapter from MkDocs events to ``generator.site.build``.

Listed under ``hooks:`` in mkdocs.yml. It validates the cases (an invalid case fails the build
with the validator's messages), adds the generated pages and data files to MkDocs' file
collection in memory (nothing is written into docs/), and makes ``mkdocs serve`` watch the case
files and the review metadata.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator import chart_worker

chart_worker.prestart()  # the chart converter starts while pandas and Altair are imported

from generator.diagnostics import ValidationFailed  # noqa: E402
from generator.review import REVIEW_FILE, load_review  # noqa: E402
from generator.site import TEMPLATES, build  # noqa: E402
from generator.vocabulary import VOCABULARY_FILE  # noqa: E402

log = logging.getLogger("mkdocs.hooks.cases")
_generated: set[str] = set()


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    root = _root(config)
    review, _ = load_review(root)  # errors are reported by on_files, with the cases'
    if review is not None:
        config.extra["review"] = {
            "title": review.short_title,
            "version": review.version,
            "released": review.released,
        }
    for path in (
        root / "cases",
        root / REVIEW_FILE,
        root / "CONTRIBUTING.md",
        TEMPLATES,
        VOCABULARY_FILE,
    ):
        if path.exists() and str(path) not in config.watch:
            config.watch.append(str(path))
    return config


def on_files(files: Files, config) -> Files:
    try:
        site = build(_root(config))
    except ValidationFailed as exc:
        for d in exc.diagnostics:
            log.error(d.format())
        errors = len([d for d in exc.diagnostics if d.severity == "error"])
        raise PluginError(f"{errors} error(s) in the case files: the site was not built") from None
    _generated.clear()
    for uri, content in [*site.pages.items(), *site.files.items()]:
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"{uri} is generated from the case files but also exists in docs/")
        files.append(File.generated(config, uri, content=content))
        _generated.add(uri)
    return files


def on_page_context(context, page, config, nav):
    """Edit links: a case page edits its YAML file; other generated pages have no source."""
    uri = page.file.src_uri
    if uri in _generated:
        repo = (config.repo_url or "").rstrip("/")
        if uri.startswith("cases/") and repo:
            page.edit_url = f"{repo}/edit/main/cases/{Path(uri).stem}.yaml"
        else:
            page.edit_url = None
    return context
