"""Interop's record types: a saved column mapping is a tool setting, not evidence.

It may be deleted (the deletion is in the ledger); import jobs are kept.
"""

from evident.core.records import declare

from .models import ImportMapping

declare(ImportMapping, deletable=True)
