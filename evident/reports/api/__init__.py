"""Report downloads under /api/orgs/<org_slug>/reports/."""
