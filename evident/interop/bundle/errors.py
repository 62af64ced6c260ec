"""Problems with a bundle, each named by the JSON path of the value at fault."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

Path = tuple[str | int, ...]


class BundleError(Exception):
    """A bundle that cannot be imported.

    ``errors`` lists every problem found, in document order, as
    ``"records.operations.incident[3].opened_at: not a valid date-time"``.
    """

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        count = len(self.errors)
        heading = f"{count} problem{'' if count == 1 else 's'} in the bundle"
        super().__init__("\n".join([heading, *self.errors]))


class BundleSpecError(ImproperlyConfigured):
    """A record model has a field the bundle cannot carry; the model needs attention."""


def format_path(path: Path) -> str:
    """A path as people read it: ``records.operations.incident[3].opened_at``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "bundle"


def _sort_key(path: Path) -> tuple:
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, part) for part in path)


class Problems:
    """Collects problems as they are found; each (path, message) is kept once."""

    def __init__(self):
        self._found: dict[tuple[Path, str], None] = {}

    def add(self, path: Path, message: str) -> None:
        self._found[(tuple(path), message)] = None

    def __bool__(self) -> bool:
        return bool(self._found)

    def __len__(self) -> int:
        return len(self._found)

    def paths(self) -> set[Path]:
        return {path for path, _message in self._found}

    def messages(self) -> list[str]:
        ordered = sorted(self._found, key=lambda item: (_sort_key(item[0]), item[1]))
        return [f"{format_path(path)}: {message}" for path, message in ordered]

    def raise_if_any(self) -> None:
        if self._found:
            raise BundleError(self.messages())
