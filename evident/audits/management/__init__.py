"""Management commands of the audits app."""
