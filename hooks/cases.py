"""MkDocs hook (listed in mkdocs.yml; kept outside the package because MkDocs puts a hook's folder
on sys.path): a thin adapter from MkDocs events to ``generator.pipeline.build_parts``.

Listed under ``hooks:`` in mkdocs.yml. It validates the cases (an invalid case fails
``mkdocs build`` with the validator's messages; ``mkdocs serve`` shows them), adds the generated
pages to MkDocs' file collection in memory (nothing is written into docs/), and makes
``mkdocs serve`` watch the case files and the review metadata.

Every build starts from nothing (``on_config``): ``mkdocs serve`` runs the events again for each
rebuild, with this module's state left from the one before. Under ``mkdocs serve`` the site is
built in this process (``generator.preview``), and invalid input gives a site whose pages list
the errors (MkDocs' server would block every request while a build is failing); the next save
that fixes it serves the site again. Under ``mkdocs build`` invalid input fails the build, and
the library starts in a forked process at ``on_config`` (``generator.background``) and sends its
steps back as it goes; this process never imports pandas or Altair. The events, in MkDocs' order:

* ``on_files``: the list of generated pages (each a :class:`StreamedPage`, whose Markdown MkDocs
  reads when it reaches it: the case pages come first, while pandas and Altair are imported);
* ``on_post_page``: each chart's drawing in place of its slot (``generator.chart_slots``): pages
  are written while the charts are drawn, and only a page that shows one waits for them;
* ``on_post_build``: the data files (the chart files among them), written into the site.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

import generator
from generator.background import Pending
from generator.chart_slots import SLOT, fill
from generator.diagnostics import ValidationFailed
from generator.engines import review_extra
from generator.review import REVIEW_FILE, load_review
from generator.vocabulary import VOCABULARY_FILE

log = logging.getLogger("mkdocs.hooks.cases")
_command: dict[str, str] = {}  # from on_startup, once per `mkdocs` command
# this build's state, emptied by on_config at the start of every build
_generated: set[str] = set()
_pending: dict[str, Pending] = {}  # mkdocs build: the build started by on_config
_preview: dict[str, dict[str, bytes]] = {}  # mkdocs serve: the data files of this build
_docs: dict[str, Files] = {}  # MkDocs' files, for on_post_build's check
# generator.pipeline.TEMPLATES, without importing the pipeline (Jinja, the citations) here
TEMPLATES = Path(generator.__file__).with_name("templates")


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_startup(command, dirty):
    _command["name"] = command


def on_config(config):
    root = _root(config)
    for state in (_generated, _pending, _preview, _docs):
        state.clear()
    if _command.get("name") in ("build", "gh-deploy"):
        _pending["build"] = Pending(root)  # forked now if it is safe, else built at on_files
    review, _ = load_review(root)  # errors are reported by on_files, with the cases'
    if review is not None:
        config.extra["review"] = review_extra(review.short_title, review.version, review.released)
    for path in (
        root / "cases",
        root / REVIEW_FILE,
        root / "searches",  # the screening logs
        root / "CONTRIBUTING.md",
        root / "MAINTAINING.md",
        TEMPLATES,
        VOCABULARY_FILE,
    ):
        if path.exists() and str(path) not in config.watch:
            config.watch.append(str(path))
    return config


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


def _failed(exc: ValidationFailed) -> PluginError:
    for d in exc.diagnostics:
        log.error(d.format())
    errors = len([d for d in exc.diagnostics if d.severity == "error"])
    return PluginError(f"{errors} error(s) in the case files: the site was not built")


def _refuse_clash(docs: Files, uri: str) -> None:
    """A generated page or data file must not hide a file of docs/ at the same path."""
    if docs.get_file_from_path(uri) is not None:
        raise PluginError(f"{uri} is generated from the case files but also exists in docs/")


def on_files(files: Files, config) -> Files:
    """The generated pages (under ``mkdocs build`` their Markdown arrives as MkDocs reads them;
    see StreamedPage)."""
    root = _root(config)
    _docs["files"] = files
    if _command.get("name") == "serve":
        pages = _serve(root)
        for uri, text in pages.items():
            _refuse_clash(files, uri)
            files.append(File.generated(config, uri, content=text))
            _generated.add(uri)
        return files
    if "build" not in _pending:
        _pending["build"] = Pending(root, fork=False)
    pending = _pending["build"]
    try:
        uris = pending.pages()
    except ValidationFailed as exc:
        raise _failed(exc) from None
    for uri in uris:
        _refuse_clash(files, uri)
        page = StreamedPage.generated(config, uri, content="")
        page.pending = pending
        files.append(page)
        _generated.add(uri)
    return files


def _serve(root: Path) -> dict[str, str]:
    """This rebuild's pages under ``mkdocs serve``; if the input is invalid, its errors in the
    terminal and pages that list them."""
    from generator.preview import preview  # pandas and Altair, in this process

    built = preview(root)
    for d in built.diagnostics:
        log.error(d.format())
    if built.failed:
        errors = sum(d.severity == "error" for d in built.diagnostics)
        log.error(f"{errors} error(s) in the input: the preview shows them until they are fixed")
    _preview["files"] = built.files
    return built.pages


def on_post_page(output: str, page, config) -> str:
    """The charts' drawings, in place of their slots: MkDocs reads and converts the pages while
    the charts are drawn, and waits, if at all, only when it writes a page that shows them."""
    pending = _pending.get("build")
    if pending is not None and page.file.src_uri in _generated and SLOT.search(output):
        return fill(output, pending.views())
    return output


def on_post_build(config):
    """The data files, chart drawings included, written into the site once every page is: the
    PNGs are drawn while MkDocs writes the pages. Links to them are HTML, which MkDocs does not
    check, so they need no place in MkDocs' file collection."""
    pending = _pending.pop("build", None)
    data = pending.files() if pending is not None else _preview.pop("files")
    docs = _docs.pop("files")
    for uri in data:
        _refuse_clash(docs, uri)
    for uri, content in data.items():
        path = Path(config.site_dir) / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


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
