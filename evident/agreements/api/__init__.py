"""REST API for service level agreements and suppliers."""
