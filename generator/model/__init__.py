"""The domain a review declares in ``model.yaml``, and the case model built from it.

* :func:`read_model` reads and checks ``model.yaml`` (every problem at its line and column);
* :class:`ModelDeclaration` is the declaration: fields, vocabularies, summary figures, charts;
* :func:`case_model` builds the review's pydantic case model from it;
* :func:`load_domain` gives both, read once per content of ``model.yaml`` (:class:`Domain`);
* :mod:`.locations` holds the location schemes (``vertebral``, ``sites``) behind one interface.
"""

from __future__ import annotations

from .case_model import CaseBase, VertebralCase, case_model
from .declaration import Chart, Count, FieldSpec, Figure, ModelDeclaration
from .domain import Domain, load_domain
from .locations import (
    LocationError,
    LocationScheme,
    Place,
    SitesScheme,
    VertebralScheme,
    make_scheme,
)
from .reading import MODEL_FILE, ModelFile, read_model
from .vocabularies import Term, Vocabulary

__all__ = [
    "MODEL_FILE",
    "CaseBase",
    "Chart",
    "Count",
    "Domain",
    "FieldSpec",
    "Figure",
    "LocationError",
    "LocationScheme",
    "ModelDeclaration",
    "ModelFile",
    "Place",
    "SitesScheme",
    "Term",
    "VertebralCase",
    "VertebralScheme",
    "Vocabulary",
    "case_model",
    "load_domain",
    "make_scheme",
    "read_model",
]
