"""The pages: one module per family (home and dashboard, records, forms, audits)."""
