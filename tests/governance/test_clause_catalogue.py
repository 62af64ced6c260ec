"""Governance holds a milestone's clause to the catalogue through the lookup audits installs."""

from evident.governance.clause_catalogue import is_catalogue_clause


def test_the_catalogue_lookup_is_installed_by_audits(db):
    # Installed in AuditsConfig.ready; before it, any clause number would pass.
    assert is_catalogue_clause("8.5.1")
    assert not is_catalogue_clause("99.9")
