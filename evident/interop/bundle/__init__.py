"""The organisation bundle: Evident's one interchange contract.

A versioned JSON document carrying one organisation's records, with a
published JSON Schema. Demo data, tests, backups, moves between databases and
other tools get in and out through it. See ``docs/bundle.md``.
"""

from .errors import BundleError
from .export import bundle_json, export_bundle
from .load import import_bundle, read_bundle
from .schema import bundle_schema, schema_json

__all__ = [
    "BundleError",
    "bundle_json",
    "bundle_schema",
    "export_bundle",
    "import_bundle",
    "read_bundle",
    "schema_json",
]
