"""The engines that turn the pages into a site: the MkDocs plugin (:mod:`.mkdocs_plugin`, a thin
adapter over :mod:`.mkdocs_support`, which also keeps what a preview needs to rebuild only what
changed), the plugin-free copy for other engines such as Zensical (:mod:`.static`), the build
command (:mod:`.sitebuild`) and the packaged theme and assets (:mod:`.packaged`)."""
