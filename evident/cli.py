"""The ``evident`` console script: Django management commands under one name.

``evident audit ...`` runs the ``audit`` management command; hyphenated names
(``verify-ledger``) map to their Python module names (``verify_ledger``).
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evident.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "evident"
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
