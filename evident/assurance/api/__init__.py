"""REST API for service continuity plans and their tests."""
