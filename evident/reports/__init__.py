"""Audit reports: what a report says (``content``), rendered as PDF, XLSX or an evidence pack.

``content.for_engagement`` / ``content.for_evaluation`` read everything a report
needs into a plain dataclass tree; ``render.render_report(content, "pdf"|"xlsx"|"zip")``
turns it into bytes. Reports are generated on request and never stored.
"""
