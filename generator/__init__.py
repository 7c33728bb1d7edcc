"""Living-review publisher: case files in, validated data and site pages out.

The library never imports MkDocs: ``hooks/cases.py`` is the thin MkDocs adapter and
``generator.cli`` the command line, both over the same functions.
"""

__version__ = "0.1.0"
