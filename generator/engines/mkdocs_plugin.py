"""The MkDocs plugin ``living-review`` (``plugins: [search, living-review]`` in a review's
``mkdocs.yml``; registered in ``pyproject.toml`` under ``mkdocs.plugins``): a thin adapter from
MkDocs' events to the library (``generator.engines.mkdocs_support``).

It puts the packaged theme and assets into the build (``on_config``, ``on_files``), validates
the cases and adds the generated pages to MkDocs' file collection in memory (``on_files``:
nothing is written into docs/), writes the data files into the site (``on_post_build``), and
makes ``mkdocs serve`` watch the case files and the review metadata.

``mkdocs build`` fails on invalid input; the pages that aggregate every case (the charts, Table
1, Home...) and the data files are made in a forked child while MkDocs converts the case pages
(``generator.engines.forked``, which falls back to this process). ``mkdocs serve`` keeps this plugin (it has
``on_startup``) between rebuilds: invalid input gives a site whose pages list the errors (MkDocs'
server would block every request while a build is failing), and the next save that fixes it
serves the site again. Under ``mkdocs serve --dirty`` (``make serve``) a rebuild converts only
the pages whose Markdown changed (``mkdocs_support.Incremental``); the library itself re-reads
only the case files that changed, and leaves the charts to the browser (``pages.preview``).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import BasePlugin

from . import mkdocs_support as support


class LivingReviewPlugin(BasePlugin):
    """Builds a review folder's site: its generated pages, data files and packaged assets."""

    def __init__(self) -> None:
        self.command, self.dirty = "", False
        self.state = support.Incremental()  # kept between the rebuilds of mkdocs serve
        self.generated: set[str] = set()
        self.built: support.Built | None = None
        self.docs = None  # MkDocs' files, for on_post_build's check

    def on_startup(self, *, command, dirty) -> None:
        self.command, self.dirty = command, dirty

    def on_config(self, config):
        root = Path(config.config_file_path).resolve().parent
        footer = support.review_footer(root)  # errors are reported by on_files, with the cases'
        if footer is not None:
            config.extra["review"] = footer
        config.watch.extend(p for p in support.watched(root) if p not in config.watch)
        support.add_packaged(config)
        self.state.start(config, self.dirty and self.command == "serve")
        return config

    def on_files(self, files, config):
        root = Path(config.config_file_path).resolve().parent
        support.packaged_files(files, config)
        self.docs = files
        serve = self.command == "serve"
        self.built = support.site_pages(files, config, root, self.state, serve)
        self.generated = set(self.built.uris)
        return files

    def on_env(self, env, config, files):
        return self.state.theme_env(env, self.dirty and self.command == "serve")

    def on_post_build(self, config):
        if self.built is not None:
            self.state.write(config.site_dir, self.built.files(), self.docs)
        self.built = None

    def on_serve(self, server, config, builder):
        support.quicker_polling(server)
        return server

    def on_post_page(self, output, page, config):
        """Each chart's view in place of its slot, after MkDocs has read the page's HTML."""
        if page.file.src_uri in self.generated:
            return support.fill(output, self.built)
        return output

    def on_page_context(self, context, page, config, nav):
        if page.file.src_uri in self.generated:
            page.edit_url = support.edit_url(page.file.src_uri, config.repo_url)
        return context
