"""More of ``one_of_each``: one module per domain, each adding its record types.

Each module defines ``ORDER`` (modules run in that order, after the base set in
``test_record_pages``) and ``build(r, add)``, where ``r`` maps each model to
the record built so far and ``add(model, **fields)`` creates and keeps one.
"""

import importlib
import pkgutil


def extend(r: dict, add) -> None:
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
    ]
    for module in sorted(modules, key=lambda m: (m.ORDER, m.__name__)):
        module.build(r, add)
