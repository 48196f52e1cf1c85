"""A target's known defects, as it declares them: which failures are already known, and where.

A target names a JSON file with ``E2E_KNOWN_DEFECTS`` (environment > ``config/<target>.env``);
without it, ``config/<target>.known-defects.json`` is read when it exists. The file is a list::

    [{"id": "NETRA-1", "link": "https://tracker.example.com/NETRA-1",
      "scenarios": ["Sam logs in and gets a costed answer", "Sam asks about *"],
      "message": "the answer is a placeholder"}]

- ``scenarios``: names or globs (``*``, ``?``, ``[...]``), matched against a scenario's name or
  ``<feature name>: <scenario name>``;
- ``message``: a piece of the failure's message, or ``message_regex``: a regular expression
  searched in it (exactly one of the two): a different failure of the same scenario stays new.

Read and checked with every other setting, before any scenario: a malformed file is a settings
error naming the file and the entry. A link that carries a user or password is refused, so no
secret reaches a report through it. The matching itself is ``journeys.rules.known_defects``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

SETTING = "E2E_KNOWN_DEFECTS"
FIELDS = ("id", "link", "scenarios", "message", "message_regex")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class KnownDefect:
    """One declared defect: its id and link, the scenarios it fails, the message it fails with."""

    id: str
    link: str
    scenarios: tuple[str, ...]
    message: str = ""          # a piece of the failure's message
    message_regex: str = ""    # or a regular expression searched in it

    def describe(self) -> str:
        return f"{self.id} ({self.link})"


def default_file(target: str, config_dir: Path) -> Path:
    return config_dir / f"{target}.known-defects.json"


def read_declaration(path: Path, shown: str) -> tuple[tuple[KnownDefect, ...], list[str]]:
    """The file's defects, and every problem with it (``shown``: how a message names the file)."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        return (), [f"{shown} cannot be read: {error.strerror or error}"]
    except ValueError as error:
        return (), [f"{shown} is not valid JSON: {error}"]
    if not isinstance(entries, list):
        return (), [f"{shown} holds {_json_kind(entries)}; expected a list of known defects "
                    '(objects with "id", "link", "scenarios" and "message"; README, "Known defects")']
    defects, problems, seen = [], [], set()
    for number, entry in enumerate(entries, start=1):
        defect, wrong = _entry(entry)
        name = f"{shown}, entry {number}" + (f" ({entry.get('id')!r})" if isinstance(entry, dict)
                                              and isinstance(entry.get("id"), str) else "")
        if defect is not None and defect.id in seen:
            wrong.append(f"the id {defect.id!r} is declared twice")
        problems += [f"{name}: {problem}" for problem in wrong]
        if defect is not None and not wrong:
            seen.add(defect.id)
            defects.append(defect)
    return tuple(defects), problems


def _entry(entry: object) -> tuple[KnownDefect | None, list[str]]:
    if not isinstance(entry, dict):
        return None, [f"is {_json_kind(entry)}; expected an object with id, link, scenarios and message"]
    problems = [f"unknown field {key!r}; expected {', '.join(FIELDS)}" for key in entry if key not in FIELDS]
    ident, link, scenarios = entry.get("id"), entry.get("link"), entry.get("scenarios")
    if not isinstance(ident, str) or not _ID.match(ident):
        problems.append(f"id is {ident!r}; expected a short name of letters, digits, '.', '_' or '-' "
                        "such as NETRA-1")
    problems += _link_problems(link)
    if (not isinstance(scenarios, list) or not scenarios
            or not all(isinstance(s, str) and s.strip() for s in scenarios)):
        problems.append(f"scenarios is {scenarios!r}; expected a list of scenario names or globs")
    message, pattern = entry.get("message"), entry.get("message_regex")
    problems += _message_problems(message, pattern)
    if problems:
        return None, problems
    return KnownDefect(ident, link, tuple(s.strip() for s in scenarios),
                       message or "", pattern or ""), []


def _link_problems(link: object) -> list[str]:
    try:
        parts = urlsplit(link) if isinstance(link, str) else None
        has_user = parts is not None and bool(parts.username or parts.password)
    except ValueError:
        parts, has_user = None, False
    if has_user:   # said before anything that would show the link
        return ["link carries a user or password; give the address without them "
                "(a report shows it to everyone)"]
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        return [f"link is {link!r}; expected the defect's address, starting with https:// or http://"]
    return []


def _message_problems(message: object, pattern: object) -> list[str]:
    if (message is None) == (pattern is None):
        return ["give exactly one of message (a piece of the failure's message) and "
                "message_regex (a regular expression searched in it)"]
    if message is not None and (not isinstance(message, str) or not message.strip()):
        return [f"message is {message!r}; expected a piece of the failure's message"]
    if pattern is not None:
        if not isinstance(pattern, str) or not pattern.strip():
            return [f"message_regex is {pattern!r}; expected a regular expression"]
        try:
            re.compile(pattern)
        except re.error as error:
            return [f"message_regex {pattern!r} is not a regular expression: {error}"]
    return []


def _json_kind(value: object) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true or false",
             int: "a number", float: "a number", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)
