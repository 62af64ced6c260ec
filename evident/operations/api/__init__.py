"""REST API for changes, problems, incidents and service requests."""
