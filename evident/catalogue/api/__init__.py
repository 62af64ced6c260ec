"""REST API for services and the service catalogue."""
