"""REST API for scope, objectives, risks, the SMS plan and processes."""
