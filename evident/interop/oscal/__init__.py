"""OSCAL documents: the clause catalogue, an evaluation's results and its action plan.

``catalog_document()``, ``assessment_results_document(evaluation)`` and
``poam_document(evaluation)`` return plain dicts in OSCAL's JSON form (hyphenated
keys, one root object), ready for ``json.dumps``. Identifiers are derived, not
random, so the same data exports to the same document.
"""

from .assessment import NothingToPlan, assessment_results_document, poam_document
from .catalog import catalog_document
from .common import OSCAL_VERSION, PROPERTY_NS

__all__ = [
    "OSCAL_VERSION",
    "NothingToPlan",
    "PROPERTY_NS",
    "assessment_results_document",
    "catalog_document",
    "poam_document",
]
