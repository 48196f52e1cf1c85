"""Python stack frames a platform must never show a person (CONTRACT section 8, "Leaks").

Five forms, each found on its own so a message can name what leaked:
``Traceback (most recent call last)``, ``File "x.py", line N``, ``x.py:123 in name``
(the compact frame many log formatters print), a JavaScript frame
(``    at run (/app/agent.js:12:5)``), and a body holding a
``stack_trace``, ``source_file`` or ``local_variables`` key at any depth (JSON
inside the text is parsed too). Ordinary words that merely mention Python, a
file name without a line, or a line number without a function are not leaks.
"""

from __future__ import annotations

import json
import re

LEAK_KEYS = ("stack_trace", "source_file", "local_variables")
_FORMS = (
    ("a Python traceback", re.compile(r"Traceback \(most recent call last\)")),
    ('a source line (File "x.py", line N)', re.compile(r'File "[^"\n]+\.py", line \d+')),
    ("a stack frame (x.py:123 in name)", re.compile(r"[\w./\\-]+\.py:\d+,? in <?\w+>?")),
    ("a JavaScript stack frame (at name (x.js:1:2))", re.compile(r"^\s+at \S.*:\d+:\d+\)?$", re.MULTILINE)),
)
# The forms that are a pasted stack trace, not just a frame's address in a sentence.
TRACE_FORMS = ("a Python traceback", 'a source line (File "x.py", line N)',
               "a JavaScript stack frame (at name (x.js:1:2))")
_MAX_DEPTH = 20


def leaks_in_text(text: str) -> list[str]:
    """The forms of stack frame ``text`` shows, in a fixed order; empty means none."""
    return [name for name, pattern in _FORMS if pattern.search(text)]


def shows_stack_trace(text: str) -> bool:
    """Whether ``text`` holds a pasted stack trace (the one detector the run rules use too)."""
    return any(form in TRACE_FORMS for form in leaks_in_text(text))


def leak_keys_in(body: object, where: str = "", depth: int = 0) -> list[str]:
    """Paths (``debug.stack_trace``, ``errors[0].source_file``) of the leaking keys in ``body``."""
    if depth > _MAX_DEPTH:
        return []
    found: list[str] = []
    if isinstance(body, dict):
        for key, value in body.items():
            path = f"{where}.{key}" if where else str(key)
            if str(key).lower() in LEAK_KEYS:
                found.append(path)
            found += leak_keys_in(value, path, depth + 1)
    elif isinstance(body, list):
        for index, value in enumerate(body):
            found += leak_keys_in(value, f"{where}[{index}]", depth + 1)
    return found


def leaks_in(text: str, body: object = None) -> list[str]:
    """Everything that leaks in an answer: frames in its text, leaking keys in its body."""
    if body is None:
        try:
            body = json.loads(text)
        except (ValueError, TypeError):
            body = None
    found = leaks_in_text(text)
    found += [f"a {path.rsplit('.', 1)[-1].split('[')[0]} key ({path})" for path in leak_keys_in(body)]
    return found
