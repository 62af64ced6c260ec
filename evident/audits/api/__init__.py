"""REST API for audits, reviews, nonconformities and the audit engine's evaluations."""
