"""First pass of an import: the whole document against the schema, every error kept.

jsonschema's own messages are written for schema authors; these say, in the
terms of the bundle, what is wrong with a value and where it is.
"""

from __future__ import annotations

import json

from jsonschema import ValidationError

from .errors import Path, Problems
from .schema import validator
from .spec import DERIVED_MODELS

_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


def _shown(value) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, dict | list):
        return _TYPE_NAMES["object" if isinstance(value, dict) else "array"]
    return _shown(value)


def _type_message(error: ValidationError) -> str:
    expected = error.validator_value
    expected = expected if isinstance(expected, list) else [expected]
    wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in expected)
    return f"expected {wanted}, got {_json_type(error.instance)}"


def _const_message(error: ValidationError, path: Path) -> str:
    if path == ("version",):
        found, supported = _shown(error.instance), error.validator_value
        return f"unsupported version {found}; this Evident reads version {supported}"
    return f"must be {_shown(error.validator_value)}"


def _enum_message(error: ValidationError) -> str:
    allowed = ", ".join(_shown(v) for v in error.validator_value if v is not None)
    return f"unknown choice {_shown(error.instance)}; expected one of {allowed}"


def _extra_key_message(path: Path) -> str:
    if path == ("records",):
        return "unknown record type"
    if path == ():
        return "not part of the bundle format"
    if path == ("organisation",):
        return "not a field of the organisation"
    return f"not a field of {path[1]}"


def _extra_keys(error: ValidationError, path: Path) -> list[tuple[Path, str]]:
    known = error.schema.get("properties", {})
    extras = [key for key in error.instance if key not in known]
    found = []
    for key in extras:
        message = _extra_key_message(path)
        if path == ("records",) and key in DERIVED_MODELS:
            message = "not a record type of the bundle: the engine recomputes its results"
        found.append(((*path, key), message))
    return found


def _missing_keys(error: ValidationError, path: Path) -> list[tuple[Path, str]]:
    missing = [key for key in error.validator_value if key not in error.instance]
    return [((*path, key), "required field is missing") for key in missing]


def _pattern_message(error: ValidationError) -> str:
    if "format" in error.schema:
        return f"not a valid {error.schema['format']} ({_shown(error.instance)})"
    return f"does not match the pattern {error.validator_value}"


def _simple_message(error: ValidationError, path: Path) -> str:
    kind = error.validator
    value = error.validator_value
    if kind == "type":
        return _type_message(error)
    if kind == "format":
        return str(error.cause) if error.cause else f"not a valid {value}"
    if kind == "const":
        return _const_message(error, path)
    if kind == "enum":
        return _enum_message(error)
    if kind == "pattern":
        return _pattern_message(error)
    if kind == "maxLength":
        return f"longer than {value} characters"
    if kind == "minLength":
        return "must not be empty" if value == 1 else f"shorter than {value} characters"
    if kind == "minimum":
        return f"must be at least {value}"
    if kind == "maximum":
        return f"must be at most {value}"
    if kind == "uniqueItems":
        return "lists the same ref more than once"
    return error.message


def describe(error: ValidationError) -> list[tuple[Path, str]]:
    """The problems one schema error stands for, each with the path of the value at fault."""
    path = tuple(error.absolute_path)
    if error.validator == "additionalProperties":
        return _extra_keys(error, path)
    if error.validator == "required":
        return _missing_keys(error, path)
    return [(path, _simple_message(error, path))]


def record_path(path: Path) -> Path | None:
    """The path of the record a value belongs to, or None for values outside records."""
    if len(path) >= 3 and path[0] == "records" and isinstance(path[2], int):
        return path[:3]
    return None


def check_against_schema(data, problems: Problems) -> set[Path]:
    """Add every schema problem of ``data``; return the paths of records that have one."""
    errors = list(validator().iter_errors(data))
    # A value of the wrong type fails its enum, pattern... too; saying so adds nothing.
    mistyped = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    faulty = set()
    for error in errors:
        if error.validator != "type" and tuple(error.absolute_path) in mistyped:
            continue
        for path, message in describe(error):
            problems.add(path, message)
            if (record := record_path(path)) is not None:
                faulty.add(record)
    return faulty
