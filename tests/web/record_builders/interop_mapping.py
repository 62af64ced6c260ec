"""A saved column mapping, as the pages list and show it."""

from evident.interop.models import ImportMapping

ORDER = 91


def build(r, add):
    add(
        ImportMapping,
        name="Risk register",
        record_type="governance.risk",
        columns={"Risk": "title", "Owner": "owner"},
        key_column="Risk ID",
    )
