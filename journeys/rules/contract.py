"""Schema checks on every body and event the suite receives (CONTRACT.md sections 3 to 5).

A journey that reads a field the platform never sent fails far from the cause;
checking the shape where the body or event arrives turns that into one line
that names the message, the field and the value seen::

    contract violation: agent_completed without final_response
    contract violation: tool_completed.duration_ms is '12ms' (a string), expected a number

The schemas are data (``journeys/rules/schemas/*.json``, JSON Schema 2020-12): tolerant
of every listed variant and of extra fields, strict on required fields and types.
Each schema's ``description`` records the choices made where the contract is open.
Secrets never reach a message: token fields and anything shaped like a JWT are
shown as ``***``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from ..errors import ContractViolation, SuiteError

__all__ = ["KNOWN_BODIES", "KNOWN_EVENTS", "check_body", "check_event"]

KNOWN_BODIES: tuple[str, ...] = (
    "auth.health", "auth.token_pair", "auth.me", "auth.validate", "auth.error",
    "backend.health", "backend.api_health", "backend.discovery", "backend.mcp_servers",
    "backend.mcp_config", "backend.thread", "backend.thread_list", "backend.messages",
    "backend.execute", "backend.error",
)
KNOWN_EVENTS: tuple[str, ...] = (
    "connection_established", "pong", "heartbeat", "ack", "error_message",
    "agent_started", "agent_thinking", "tool_executing", "tool_completed",
    "agent_completed", "agent_error", "agent_stopped",
)

MAX_PROBLEMS = 3
_MASK = "***"
_MAX_VALUE_CHARS = 80
_SECRET_KEYS = frozenset({"access_token", "refresh_token", "id_token", "token", "password",
                          "secret", "api_key", "jwt", "key"})
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
# Rank of a keyword when several problems sit at the same depth: a missing field first.
_RANK = {"required": 0, "type": 1, "const": 2, "enum": 2}


def check_body(kind: str, body: object, optional: tuple[str, ...] = ()) -> None:
    """Raise ContractViolation when an HTTP body of this kind breaks the contract.

    ``optional``: top-level required fields the target's dialect lets the body leave out.
    """
    if kind not in KNOWN_BODIES:
        raise SuiteError(f"no contract schema for the body kind '{kind}'; "
                         f"known kinds: {', '.join(KNOWN_BODIES)}")
    _check(kind, _validator(kind), body, optional)


def check_event(kind: str, fields: dict, optional: tuple[str, ...] = ()) -> None:
    """Raise ContractViolation when an event's flattened fields break the contract.

    ``fields`` is what ``events.normalise`` produced (any of the three shapes
    already unwrapped), so one schema serves flat, nested and wrapped events.
    ``optional``: required fields the target's dialect lets the event leave out.
    """
    if kind not in KNOWN_EVENTS:
        raise SuiteError(f"no contract schema for the event kind '{kind}'; "
                         f"known kinds: {', '.join(KNOWN_EVENTS)}")
    _check(kind, _validator(f"event.{kind}"), fields, optional)


def problems(kind: str, instance: object) -> list[str]:
    """Every readable problem of ``instance``, most relevant first (for tests and reports)."""
    name = f"event.{kind}" if kind in KNOWN_EVENTS else kind
    return _problems(kind, _validator(name), instance)


def _check(kind: str, validator: Draft202012Validator, instance: object,
           optional: tuple[str, ...] = ()) -> None:
    found = _problems(kind, validator, instance, optional)
    if not found:
        return
    message = "; ".join(found[:MAX_PROBLEMS])
    if len(found) > MAX_PROBLEMS:
        message += f" (and {len(found) - MAX_PROBLEMS} more)"
    error = ContractViolation(message)
    error.kind = kind  # type: ignore[attr-defined]
    error.problems = found  # type: ignore[attr-defined]
    raise error


def _problems(kind: str, validator: Draft202012Validator, instance: object,
              optional: tuple[str, ...] = ()) -> list[str]:
    errors = sorted(validator.iter_errors(instance), key=_order)
    # Several 'required' keywords (a run event's own and the shared run_id/thread_id) may
    # miss fields of the same object: name them together, at the first one's place.
    missing: dict[tuple, list[str]] = {}
    for error in errors:
        if error.validator == "required" and isinstance(error.instance, dict):
            names = missing.setdefault(tuple(error.absolute_path), [])
            names += [n for n in error.validator_value
                      if n not in error.instance and n not in names
                      and not (n in optional and not error.absolute_path)]
    seen: list[str] = []
    for error in errors:
        if error.validator == "required" and isinstance(error.instance, dict):
            names = missing.get(tuple(error.absolute_path))
            found = [_without(kind, list(error.absolute_path), names)] if names else []
        else:
            found = _render(kind, error)
        for text in found:
            if text not in seen:
                seen.append(text)
    return seen


def _order(error: ValidationError) -> tuple[int, int]:
    """Shallow problems first (a missing top-level field explains the rest), then by keyword."""
    return len(error.absolute_path), _RANK.get(str(error.validator), 3)


# --- schemas, loaded once ---------------------------------------------------------------

_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    """ISO 8601 date and time ('Z' accepted); rfc3339-validator is not a dependency."""
    if not isinstance(value, str):
        return True
    if len(value) < 16 or value[10] not in "Tt ":
        raise ValueError(f"{value!r} has no time of day")
    text = value[:-1] + "+00:00" if value[-1] in "Zz" else value
    datetime.fromisoformat(text)
    return True


def _schema_files() -> Iterable[Any]:
    folder = resources.files("journeys.rules").joinpath("schemas")
    return (entry for entry in folder.iterdir() if entry.name.endswith(".json"))


@functools.cache
def _schemas() -> tuple[dict[str, dict], Registry]:
    """Every schema file by name (without .json), and a registry resolving their $refs."""
    by_name: dict[str, dict] = {}
    registry: Registry = Registry()
    for entry in _schema_files():
        contents = json.loads(entry.read_text(encoding="utf-8"))
        by_name[entry.name[: -len(".json")]] = contents
        registry = registry.with_resource(contents["$id"], Resource.from_contents(contents))
    return by_name, registry.crawl()


@functools.cache
def _validator(name: str) -> Draft202012Validator:
    by_name, registry = _schemas()
    if name not in by_name:
        raise SuiteError(f"the schema file journeys/rules/schemas/{name}.json is missing")
    return Draft202012Validator(by_name[name], registry=registry, format_checker=_FORMATS)


# --- readable messages ------------------------------------------------------------------

def _render(kind: str, error: ValidationError) -> list[str]:
    path = list(error.absolute_path)
    keyword = error.validator
    expected = error.schema.get("x-expected") if isinstance(error.schema, dict) else None
    if keyword == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        missing = [name for name in error.validator_value if name not in instance]
        return [_without(kind, path, missing)] if missing else []
    if expected:
        return [f"{_where(kind, path)} is {_shown(error, path)}, expected {expected}"]
    if keyword == "type":
        return [f"{_where(kind, path)} is {_shown(error, path)}, "
                f"expected {_types(error.validator_value)}"]
    if keyword == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value)
        return [f"{_where(kind, path)} is {_shown(error, path, _odd_type(error))}, "
                f"expected one of {choices}"]
    if keyword == "const":
        return [f"{_where(kind, path)} is {_shown(error, path, _odd_type(error))}, "
                f"expected {error.validator_value!r}"]
    if keyword == "anyOf" and _all_required(error.context):
        names = [name for sub in error.validator_value for name in sub["required"]]
        return [_without(kind, path, names, "any of ")]
    if keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        words = {"minimum": "at least", "exclusiveMinimum": "more than",
                 "maximum": "at most", "exclusiveMaximum": "less than"}
        return [f"{_where(kind, path)} is {_shown(error, path, False)}, "
                f"expected {words[keyword]} {error.validator_value}"]
    if keyword == "minLength":
        return [f"{_where(kind, path)} is {_shown(error, path, False)}, expected a non-empty string"]
    if keyword == "format":
        return [f"{_where(kind, path)} is {_shown(error, path)}, expected a {error.validator_value}"]
    if error.context:
        best = min(error.context, key=_order)
        return _render(kind, best)
    return [f"{_where(kind, path)} is {_shown(error, path)}, which breaks its '{keyword}' rule"]


def _without(kind: str, path: Sequence[object], names: Sequence[str], lead: str = "") -> str:
    """'backend.discovery without services.auth.url', 'backend.thread_list[3] without id'."""
    cut = max((i + 1 for i, part in enumerate(path) if isinstance(part, int)), default=0)
    head, tail = path[:cut], list(path[cut:])
    return f"{_where(kind, head)} without {lead}" + ", ".join(_join(tail + [n]) for n in names)


def _all_required(context: Sequence[ValidationError] | None) -> bool:
    return bool(context) and all(sub.validator == "required" for sub in context)


def _join(path: Sequence[object]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _where(kind: str, path: Sequence[object]) -> str:
    rest = _join(path)
    if not rest:
        return kind
    return kind + (rest if rest.startswith("[") else "." + rest)


def _odd_type(error: ValidationError) -> bool:
    """For enum/const: name the value's type only when no allowed value has that type."""
    allowed = error.validator_value if error.validator == "enum" else [error.validator_value]
    return all(_type_word(choice) != _type_word(error.instance) for choice in allowed)


def _shown(error: ValidationError, path: Sequence[object], with_type: bool = True) -> str:
    value = error.instance
    if path and isinstance(path[-1], str) and _is_secret_key(path[-1]):
        text = _MASK
    else:
        text = _JWT.sub(_MASK, repr(_masked(value)))
        if len(text) > _MAX_VALUE_CHARS:
            text = text[: _MAX_VALUE_CHARS - 3] + "..."
    return f"{text} ({_type_word(value)})" if with_type else text


def _is_secret_key(name: str) -> bool:
    lowered = name.lower()
    return lowered in _SECRET_KEYS or lowered.endswith(("_token", "password", "_secret", "_key"))


def _masked(value: object) -> object:
    if isinstance(value, dict):
        return {k: (_MASK if isinstance(k, str) and _is_secret_key(k) else _masked(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(item) for item in value]
    return value


def _type_word(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


_TYPE_WORDS = {"string": "a string", "integer": "an integer", "number": "a number",
               "boolean": "a boolean", "object": "an object", "array": "an array", "null": "null"}


def _types(names: str | Sequence[str]) -> str:
    if isinstance(names, str):
        names = [names]
    return " or ".join(_TYPE_WORDS.get(name, name) for name in names)
