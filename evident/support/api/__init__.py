"""REST API for documented information, communication and awareness."""
