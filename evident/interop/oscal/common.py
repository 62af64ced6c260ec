"""What every OSCAL document Evident writes shares: version, namespace, identifiers, metadata."""

from __future__ import annotations

import datetime as dt
import uuid

# The OSCAL release the documents follow; the tests validate against the models of
# compliance-trestle, which implement this release.
OSCAL_VERSION = "1.2.1"
# Our own properties (grades, severities, record refs) live in this namespace, so that
# OSCAL tools can tell them from NIST's.
PROPERTY_NS = "urn:evident:oscal"
# Fixed root for derived identifiers: the same record always gets the same UUID.
_ROOT = uuid.UUID("6f0c1f0e-2b7e-5c55-9d6a-4a1e0c7b3d21")


def derived_uuid(*parts: object) -> str:
    return str(uuid.uuid5(_ROOT, "/".join(str(p) for p in parts)))


def clause_control_id(number: str) -> str:
    """``8.5.1`` -> ``clause-8.5.1``: an OSCAL token (it may not start with a digit)."""
    return f"clause-{number}"


def timestamp(moment: dt.datetime | dt.date) -> str:
    """An OSCAL date-time with a zone; a date is taken at midnight UTC."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(), tzinfo=dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def metadata(title: str, version: str, last_modified: dt.datetime | dt.date, **extra) -> dict:
    return {
        "title": title,
        "last-modified": timestamp(last_modified),
        "version": version,
        "oscal-version": OSCAL_VERSION,
        **extra,
    }


def prop(name: str, value: object) -> dict:
    """A property in our namespace. OSCAL property values are single-line tokens of text."""
    text = " ".join(str(value).split())
    return {"name": name, "ns": PROPERTY_NS, "value": text}


def prose(text: str) -> str:
    """Markup (OSCAL's Markdown subset) from our plain text: empty text is not allowed."""
    return text.strip() or "-"
