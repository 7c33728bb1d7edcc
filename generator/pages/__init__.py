"""The review's pages and data: the build (:mod:`.pipeline`), the pages every build shares and the
case pages (:mod:`.common`), the summary pages (:mod:`.site`), the dataset and its exports, Table 1,
the PRISMA counts, the submission form and the preview the MkDocs plugin shows of invalid input."""
