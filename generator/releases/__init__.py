"""Citation and releases: the citation formats (:mod:`.cite`), the citation metadata files
(:mod:`.citation_meta`), the versions and their deployment, the rebuild of old tags, the build
information from the locks, the release commands and the search updates."""
