"""REST API for audit engagements: the records, and the verbs that move an audit along."""
