"""Which target names this checkout knows, and the nearest one to a mistyped name.

A target is known when it is ``local`` or ``staging`` or has a ``config/<name>.env`` or a
committed ``config/<name>.env.example``. A name that is neither may still be
used when the environment gives its URLs (a platform started by hand); only
when it cannot be configured at all is it reported as unknown, with the
known names and the nearest one (``difflib``), so ``-D target=stagin`` says
"did you mean 'staging'?" instead of listing missing URLs.
"""

from __future__ import annotations

import difflib
from pathlib import Path

LOCAL = "local"
ALWAYS_KNOWN = (LOCAL, "staging")   # README: local, staging, or any name with a config file
SUFFIXES = (".env.example", ".env")


def known_targets(config_dir: Path) -> list[str]:
    names = set(ALWAYS_KNOWN)
    if config_dir.is_dir():
        for path in config_dir.iterdir():
            for suffix in SUFFIXES:
                if path.name.endswith(suffix) and len(path.name) > len(suffix):
                    names.add(path.name[: -len(suffix)])
                    break
    return sorted(names)


def unknown_target_problem(target: str, config_dir: Path) -> str | None:
    """The problem to report for a target this checkout does not know; None when it knows it."""
    known = known_targets(config_dir)
    if target in known:
        return None
    nearest = difflib.get_close_matches(target, known, n=1, cutoff=0.6)
    hint = f" Did you mean '{nearest[0]}'?" if nearest else ""
    return (f"target '{target}' is unknown: there is no config/{target}.env, and the environment "
            f"does not give its URLs. Known targets: {', '.join(known)}.{hint}")


def unknown_names_problem(setting: str, given: tuple[str, ...], known: dict | tuple,
                          source: str) -> str | None:
    """A defect or variant name the reference platform does not have, with the nearest one."""
    wrong = [name for name in given if name not in known]
    if not wrong:
        return None
    hints = []
    for name in wrong:
        nearest = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
        hints.append(f"'{name}'" + (f" (did you mean '{nearest[0]}'?)" if nearest else ""))
    return (f"{setting} ({source}) names {', '.join(hints)}, which the reference platform does "
            f"not have; known: {', '.join(sorted(known))} (python -m reference_platform --help)")
