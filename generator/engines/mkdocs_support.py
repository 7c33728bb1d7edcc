"""What the MkDocs plugin (``generator/engines/mkdocs_plugin.py``) needs from MkDocs' side: the packaged
theme and assets put into a build, the generated pages as MkDocs files, the validator's messages
as MkDocs errors, the preview under ``mkdocs serve``, the data files written into the site.

Only the plugin imports this module (and so MkDocs); the rest of the library never does.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from ..model.diagnostics import ValidationFailed
from ..model.review import REVIEW_FILE, load_review
from .background import Pending
from .packaged import asset_uris, assets_dir, theme_dir, with_extra_lists
from .static import review_extra

log = logging.getLogger("mkdocs.plugins.living_review")
# generator.pages.common.TEMPLATES, without importing the pages (Jinja, the citations) here
TEMPLATES = Path(__file__).parent.parent / "templates"


def review_footer(root: Path) -> dict[str, str] | None:
    """``config.extra.review`` (the footer's version line), or None if review.yaml is invalid
    (its errors are reported with the cases')."""
    review, _ = load_review(root)
    if review is None:
        return None
    return review_extra(review.short_title, review.version, review.released)


def watched(root: Path) -> list[str]:
    """What ``mkdocs serve`` watches besides ``docs/`` and ``mkdocs.yml``: the review's input
    (cases, metadata, screening logs, the contributing guides) and the package's templates,
    vocabulary and assets."""
    paths = [root / "cases", root / REVIEW_FILE, root / "searches", root / "CONTRIBUTING.md"]
    paths += [root / "MAINTAINING.md", root / "model.yaml", TEMPLATES, assets_dir()]
    return [str(p) for p in paths if p.exists()]


def add_packaged(config) -> None:
    """The packaged theme on the theme's search path, after the site's own ``custom_dir`` (so a
    review can still override a template), and the packaged stylesheets and scripts first in
    ``extra_css`` and ``extra_javascript``."""
    dirs = config.theme.dirs
    if str(theme_dir()) not in dirs:  # the site's own custom_dir, when set, is dirs[0]
        dirs.insert(1 if config.theme.custom_dir else 0, str(theme_dir()))
    css, js = with_extra_lists(list(config.extra_css), list(config.extra_javascript))
    config.extra_css[:] = css
    config.extra_javascript[:] = js


def packaged_files(files: Files, config) -> list[File]:
    """The packaged assets as MkDocs files read from the installed package, each where the
    review's ``docs/`` has no file at the same address (a review may replace one). A packaged
    page (a vendored README) gets no edit button: its source is not in the review."""
    added = []
    for uri in asset_uris():
        if files.get_file_from_path(uri) is None:
            file = File(uri, str(assets_dir().parent), config.site_dir, config.use_directory_urls)
            file.edit_uri = None
            files.append(file)
            added.append(file)
    return added


class StreamedPage(File):
    """A generated page whose Markdown MkDocs reads when it reaches the page: the build sends
    the pages one by one, so MkDocs works on the first ones while the later ones are written."""

    pending: Pending

    @property
    def content_string(self) -> str:  # type: ignore[override]
        return self.pending.page(self.src_uri)

    @property
    def content_bytes(self) -> bytes:  # type: ignore[override]
        return self.content_string.encode("utf-8")


def failed(exc: ValidationFailed) -> PluginError:
    """The validator's messages logged, one each, and the error that stops the build."""
    for d in exc.diagnostics:
        log.error(d.format())
    errors = len([d for d in exc.diagnostics if d.severity == "error"])
    return PluginError(f"{errors} error(s) in the case files: the site was not built")


def refuse_clash(docs: Files, uri: str) -> None:
    """A generated page or data file must not hide a file of docs/ at the same path."""
    if docs.get_file_from_path(uri) is not None:
        raise PluginError(f"{uri} is generated from the case files but also exists in docs/")


def streamed_pages(files: Files, config, pending: Pending) -> list[str]:
    """The generated pages, added to ``files`` as :class:`StreamedPage` (under ``mkdocs
    build``); their addresses."""
    try:
        uris = pending.pages()
    except ValidationFailed as exc:
        raise failed(exc) from None
    for uri in uris:
        refuse_clash(files, uri)
        page = StreamedPage.generated(config, uri, content="")
        page.pending = pending
        files.append(page)
    return uris


def served_pages(files: Files, config, root: Path) -> tuple[list[str], dict[str, bytes]]:
    """This rebuild's pages under ``mkdocs serve``, added to ``files`` (if the input is invalid,
    its errors in the terminal and pages that list them); their addresses and the data files."""
    from ..pages.preview import preview  # pandas and Altair, in this process

    built = preview(root)
    for d in built.diagnostics:
        log.error(d.format())
    if built.failed:
        errors = sum(d.severity == "error" for d in built.diagnostics)
        log.error(f"{errors} error(s) in the input: the preview shows them until they are fixed")
    for uri, text in built.pages.items():
        refuse_clash(files, uri)
        files.append(File.generated(config, uri, content=text))
    return list(built.pages), built.files


def write_data(site_dir: str, data: dict[str, bytes], docs: Files) -> None:
    """The data files, chart drawings included, written into the site. Links to them are HTML,
    which MkDocs does not check, so they need no place in MkDocs' file collection."""
    for uri in data:
        refuse_clash(docs, uri)
    for uri, content in data.items():
        path = Path(site_dir) / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def edit_url(uri: str, repo_url: str | None) -> str | None:
    """A generated page's edit button: a case page edits its YAML file; others have none."""
    repo = (repo_url or "").rstrip("/")
    if uri.startswith("cases/") and repo:
        return f"{repo}/edit/main/cases/{Path(uri).stem}.yaml"
    return None
