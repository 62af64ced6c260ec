"""REST API for service assurance: availability, continuity and information security."""
