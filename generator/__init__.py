"""Living-review publisher: case files in, validated data and site pages out.

One subpackage per layer, each importing only the layers before it (no import circle):
``generator.model`` (the model and its checks), ``generator.pages`` (the review's pages and
data), ``generator.charts``, ``generator.releases`` (citation and releases) and
``generator.engines``. The library never imports MkDocs: the MkDocs plugin ``living-review``
(``generator/engines/mkdocs_plugin.py`` over ``generator/engines/mkdocs_support.py``, the only
modules that do, loaded by MkDocs alone) is the thin MkDocs adapter and ``generator.cli`` the
command line, both over the same functions. What every review's site shares (the theme
overrides, the scripts and stylesheets, the vendored Vega and Ajv) ships in the package:
``generator.engines.packaged``.
"""

__version__ = "0.1.0"
