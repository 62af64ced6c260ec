"""Commands: audit (run an evaluation), checks_doc (the check catalogue), load_clauses."""
