"""What the MkDocs plugin (``generator/engines/mkdocs_plugin.py``) needs from MkDocs' side: the packaged
theme and assets put into a build, the generated pages as MkDocs files, the validator's messages
as MkDocs errors, the preview under ``mkdocs serve`` (only what changed rebuilt:
:class:`Incremental`), the data files written into the site.

Only the plugin imports this module (and so MkDocs); the rest of the library never does.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import clean_directory

from ..model.diagnostics import ValidationFailed
from ..model.review import REVIEW_FILE, load_review
from ..pages.common import SLOT
from . import forked
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


class GeneratedPage(File):
    """A generated page that says truthfully whether it changed since the last build, so that
    ``mkdocs serve --dirty`` rebuilds only the pages that changed (MkDocs' own generated files
    always say they did)."""

    modified: bool = True

    def is_modified(self) -> bool:
        return self.modified or not os.path.isfile(self.abs_dest_path)


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


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


class Incremental:
    """What the last build wrote, for the next one: each generated page's digest and where it
    went. Under ``mkdocs serve --dirty`` a page is rebuilt only when its Markdown changed (or
    the whole site is, when the settings changed: :meth:`start`), a page no longer generated is
    removed from the site and from Material's search index, and a data file is written only
    when it changed. Under ``mkdocs build`` (or a plain ``mkdocs serve``) every page is new."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}  # page -> digest of its Markdown
        self.dests: dict[str, str] = {}  # page -> its file in the site
        self.files: dict[str, bytes] = {}  # data file -> digest
        self.settings = b""
        self.env = None  # the theme's Jinja environment of the last --dirty build

    def theme_env(self, env, dirty: bool):
        """Under ``--dirty``, the theme's Jinja environment of the last build while the settings
        (the theme's files among them) stay the same, so that its templates are not compiled
        again for every save; else ``env``, MkDocs' new one."""
        if not dirty:
            return env
        if self.env is None or self.env[0] != self.settings:
            self.env = (self.settings, env)
        return self.env[1]

    def start(self, config, dirty: bool) -> None:
        """A new build: everything is rebuilt unless ``dirty`` and the settings are those of the
        last build (:func:`_settings`). When they changed under ``dirty``, the site is emptied
        here, so that MkDocs rebuilds its own pages and files too (it does so without
        ``dirty``)."""
        settings = _digest(_settings(config, dirty))
        if not dirty or settings != self.settings:
            if dirty and self.settings and os.path.isdir(config.site_dir):
                clean_directory(config.site_dir)
            self.pages, self.dests, self.files = {}, {}, {}
            _forget_search(config, None)
        self.settings = settings

    def add(self, files: Files, config, pages: dict[str, str], views: dict[str, str]) -> list[str]:
        """The generated pages, added to ``files``; the ones that changed since the last build
        (their Markdown, or a chart's view in it) are marked modified, and what the last build
        had but this one has not is deleted from the site (and from the search index)."""
        digests = {uri: _digest(text + _views_in(text, views)) for uri, text in pages.items()}
        changed = {uri for uri, d in digests.items() if self.pages.get(uri) != d}
        gone = [uri for uri in self.pages if uri not in digests]
        for uri in gone:
            Path(self.dests.pop(uri)).unlink(missing_ok=True)
        _forget_search(config, [*gone, *changed])
        for uri, text in pages.items():
            refuse_clash(files, uri)
            page = GeneratedPage.generated(config, uri, content=text)
            page.modified = uri in changed
            self.dests[uri] = page.abs_dest_path
            files.append(page)
        self.pages = digests
        return list(pages)

    def write(self, site_dir: str, data: dict[str, bytes], docs: Files) -> None:
        """The data files that changed (all of them after a full build), written into the site."""
        digests = {uri: hashlib.sha256(content).digest() for uri, content in data.items()}
        changed = {uri: data[uri] for uri, d in digests.items() if self.files.get(uri) != d}
        for uri in self.files.keys() - digests.keys():
            (Path(site_dir) / uri).unlink(missing_ok=True)
        write_data(site_dir, changed, docs)
        self.files = digests


POLLING = 0.2
"""Seconds between two looks at the review's files under ``mkdocs serve`` (MkDocs' own: 0.5)."""
SETTLE = 0.05
"""Seconds without a further change before a rebuild starts (MkDocs' own: 0.1)."""


def quicker_polling(server) -> None:
    """Look at the review's files every :data:`POLLING` seconds rather than MkDocs' 0.5, and
    start rebuilding :data:`SETTLE` seconds after the last change: a save shows sooner. MkDocs'
    server polls (``watchdog``'s polling observer) and takes the interval only when it starts;
    the paths it watches after ``on_serve`` (``config.watch``: the cases, the review's
    metadata) take the observer's interval at that moment."""
    observer = getattr(server, "observer", None)
    if observer is not None and hasattr(observer, "_timeout"):
        observer._timeout = POLLING
    if hasattr(server, "build_delay"):
        server.build_delay = SETTLE


def _views_in(text: str, views: dict[str, str]) -> str:
    """The views of the charts whose slots are in ``text``."""
    return "".join(views[slot] for slot in SLOT.findall(text))


def _settings(config, dirty: bool) -> str:
    """What every page of the site is built from besides its own Markdown: ``mkdocs.yml``, the
    review's footer (``config.extra``), the site's folder and address, and the package's theme,
    templates and assets (their times of change: they are edited while a preview runs)."""
    mkdocs_yml = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    stamps = [
        (str(p), p.stat().st_mtime_ns)
        for folder in (theme_dir(), assets_dir(), TEMPLATES)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]
    extra = repr(sorted(dict(config.extra).items(), key=str))
    return repr((dirty, mkdocs_yml, extra, config.site_dir, config.site_url, stamps))


def _forget_search(config, pages: list[str] | None) -> None:
    """Material's search index, kept between ``--dirty`` rebuilds, forgets ``pages`` (every page,
    if None): they are indexed again as they are rebuilt, or are gone."""
    for plugin in config.plugins.values():
        kept = getattr(plugin, "search_index_prev", None)
        if kept is None:
            continue
        if pages is None:
            plugin.search_index_prev = None
            continue
        urls = {_url(uri, config) for uri in pages}
        kept.entries = [e for e in kept.entries if e["location"].split("#")[0] not in urls]


def _url(uri: str, config) -> str:
    """A page's address as Material's search index writes it (relative to the site's root)."""
    return File(uri, "", "", config.use_directory_urls).url


class LaterPage(File):
    """A page that aggregates every case, made beside MkDocs (``forked.beside``): MkDocs reads
    it after the case pages, by when it is ready, or waits for it."""

    started: Any = None

    @property
    def content_string(self) -> str:  # type: ignore[override]
        return self.started.rest(filled=False).pages[self.src_uri]

    @property
    def content_bytes(self) -> bytes:  # type: ignore[override]
        return self.content_string.encode("utf-8")


@dataclass
class Built:
    """A build's generated pages (added to MkDocs' files), and functions that give its data
    files and its charts' views (by slot), waiting for them if they are made beside."""

    uris: list[str]
    files: Callable[[], dict[str, bytes]]
    views: Callable[[], dict[str, str]]


def fill(html: str, built: Built | None) -> str:
    """A page's HTML with each chart's view in place of its slot (``on_post_page``)."""
    if built is None or "<!--chart-view" not in html:
        return html
    views = built.views()
    return SLOT.sub(lambda m: views[m.group(0)], html)


def site_pages(files: Files, config, root: Path, state: Incremental, serve: bool) -> Built:
    """This build's generated pages, added to ``files``, with its data files and views. Under ``mkdocs build`` invalid input fails the build, and the pages that aggregate
    every case are made in a child process while MkDocs converts the case pages. Under ``mkdocs
    serve`` everything is made here, and invalid input gives its errors in the terminal and
    pages that list them (``generator.pages.preview``)."""
    if not serve:
        return _built_pages(files, config, root)
    from ..pages.preview import preview  # pandas and Altair, in this process

    built = preview(root)
    for d in built.diagnostics:
        log.error(d.format())
    if built.failed:
        errors = sum(d.severity == "error" for d in built.diagnostics)
        log.error(f"{errors} error(s) in the input: the preview shows them until they are fixed")
    uris = state.add(files, config, built.pages, built.views)
    return Built(uris, lambda: built.files, lambda: built.views)


def _built_pages(files: Files, config, root: Path):
    from ..pages.pipeline import start

    try:
        started = start(root, beside=forked.beside)
    except ValidationFailed as exc:
        raise failed(exc) from None
    for uri in started.listed:
        refuse_clash(files, uri)
        if uri in started.site.pages:
            files.append(File.generated(config, uri, content=started.site.pages[uri]))
        else:
            page = LaterPage.generated(config, uri, content="")
            page.started = started
            files.append(page)
    site = lambda: started.rest(filled=False)  # noqa: E731
    return Built(started.listed, lambda: site().files, lambda: site().views)


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
