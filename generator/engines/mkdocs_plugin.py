"""The MkDocs plugin ``living-review`` (``plugins: [search, living-review]`` in a review's
``mkdocs.yml``; registered in ``pyproject.toml`` under ``mkdocs.plugins``): a thin adapter from
MkDocs' events to the library (``generator.engines.mkdocs_support``, ``generator.engines.background``).

It puts the packaged theme and assets into the build (``on_config``, ``on_files``), validates
the cases (an invalid case fails ``mkdocs build`` with the validator's messages; ``mkdocs serve``
shows them), adds the generated pages to MkDocs' file collection in memory (nothing is written
into docs/), and makes ``mkdocs serve`` watch the case files and the review metadata.

Every build starts from nothing (``on_config``): ``mkdocs serve`` keeps this plugin (it has
``on_startup``) and runs the events again for each rebuild. Under ``mkdocs serve`` the site is
built in this process (``generator.pages.preview``), and invalid input gives a site whose pages list
the errors (MkDocs' server would block every request while a build is failing); the next save
that fixes it serves the site again. Under ``mkdocs build`` invalid input fails the build, and
the library starts in a forked process at ``on_config`` (``generator.engines.background``) and sends its
steps back as it goes; this process never imports pandas or Altair. The events, in MkDocs' order:

* ``on_files``: the packaged assets, and the list of generated pages (each a ``StreamedPage``,
  whose Markdown MkDocs reads when it reaches it: the case pages come first, while pandas and
  Altair are imported);
* ``on_post_page``: each chart's drawing in place of its slot (``generator.charts.chart_slots``): pages
  are written while the charts are drawn, and only a page that shows one waits for them;
* ``on_post_build``: the data files (the chart files among them), written into the site.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import BasePlugin

from ..charts.chart_slots import SLOT, fill
from . import mkdocs_support as support
from .background import Pending


class LivingReviewPlugin(BasePlugin):
    """Builds a review folder's site: its generated pages, data files and packaged assets."""

    def __init__(self) -> None:
        self.command = ""
        self._reset()

    def _reset(self) -> None:
        self.generated: set[str] = set()
        self.pending: Pending | None = None  # mkdocs build: the build started by on_config
        self.preview: dict[str, bytes] = {}  # mkdocs serve: the data files of this build
        self.docs = None  # MkDocs' files, for on_post_build's check

    def on_startup(self, *, command, dirty) -> None:
        self.command = command

    def on_config(self, config):
        self._reset()
        root = Path(config.config_file_path).resolve().parent
        if self.command in ("build", "gh-deploy"):
            self.pending = Pending(root)  # forked now if it is safe, else built at on_files
        footer = support.review_footer(root)  # errors are reported by on_files, with the cases'
        if footer is not None:
            config.extra["review"] = footer
        config.watch.extend(p for p in support.watched(root) if p not in config.watch)
        support.add_packaged(config)
        return config

    def on_files(self, files, config):
        root = Path(config.config_file_path).resolve().parent
        support.packaged_files(files, config)
        self.docs = files
        if self.command == "serve":
            uris, self.preview = support.served_pages(files, config, root)
        else:
            if self.pending is None:
                self.pending = Pending(root, fork=False)
            uris = support.streamed_pages(files, config, self.pending)
        self.generated.update(uris)
        return files

    def on_post_page(self, output, page, config):
        """The charts' drawings, in place of their slots: MkDocs converts the pages while the
        charts are drawn, and waits, if at all, only when it writes a page that shows them."""
        if self.pending is not None and page.file.src_uri in self.generated and SLOT.search(output):
            return fill(output, self.pending.views())
        return output

    def on_post_build(self, config):
        data = self.pending.files() if self.pending is not None else self.preview
        support.write_data(config.site_dir, data, self.docs)
        self.pending, self.preview = None, {}

    def on_page_context(self, context, page, config, nav):
        if page.file.src_uri in self.generated:
            page.edit_url = support.edit_url(page.file.src_uri, config.repo_url)
        return context
