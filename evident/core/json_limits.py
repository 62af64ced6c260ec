"""Limits on JSON that people and other tools send: depth, and text a database can hold.

A body nested thousands deep would exhaust the parser's stack, and a NUL
character cannot be stored in PostgreSQL text; both are refused up front with
the path of the offending value, so nothing half-written or a traceback follows.
"""

from __future__ import annotations

import json

# Deeper than any record or bundle Evident writes (a bundle is about six levels).
MAX_DEPTH = 32


class UnacceptableJson(ValueError):
    """JSON refused before use; ``problems`` name each path (``records.x[3].title``)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def loads(text: str | bytes, *, max_depth: int = MAX_DEPTH):
    """``json.loads`` that refuses deep nesting and unstorable text (``UnacceptableJson``)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise UnacceptableJson([f"nested more than {max_depth} levels deep"]) from None
    refuse_unacceptable(data, max_depth=max_depth)
    return data


def refuse_unacceptable(data, *, max_depth: int = MAX_DEPTH) -> None:
    problems = list(unacceptable(data, max_depth=max_depth))
    if problems:
        raise UnacceptableJson(problems)


def unacceptable(data, *, max_depth: int = MAX_DEPTH, limit: int = 20):
    """Up to ``limit`` problems: values nested too deep, text or keys holding NUL."""
    found = 0
    stack = [(data, "", 0)]
    while stack and found < limit:
        value, path, depth = stack.pop()
        if depth > max_depth:
            found += 1
            yield f"{path or 'body'}: nested more than {max_depth} levels deep"
            continue
        if isinstance(value, str):
            if "\x00" in value:
                found += 1
                yield f"{path or 'body'}: contains a NUL character, which cannot be stored"
        elif isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    found += 1
                    yield f"{path or 'body'}: a key contains a NUL character"
                    continue
                stack.append((item, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
