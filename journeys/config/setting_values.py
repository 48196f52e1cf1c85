"""How a setting's value is read and checked (``journeys.config.settings`` says which settings exist).

Each value comes from the process environment first, then the target's
``config/<target>.env``, then its default, like starlette's Config. A wrong
value never raises here: it is added to ``problems``, naming the setting, the
value and where it came from, so one ``ConfigError`` can list them all.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

from ..secrets import Secret
from .urls import is_loopback

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off", "")
_DOMAIN = re.compile(r"^(?=.{4,200}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")


class SettingReader:
    """One target's settings as text, read environment first, then ``config/<target>.env``;
    each typed reader returns a usable value and adds a problem naming the setting, its
    value and where it came from when the value is wrong."""

    def __init__(self, target: str, environ: dict, config_dir: Path) -> None:
        self.target = target
        self.problems: list[str] = []
        path = config_dir / f"{target}.env"
        self.file_values = dotenv_values(path) if path.is_file() else {}
        self.environ = environ
        self.config_dir = config_dir
        if not target or not target.replace("-", "").replace("_", "").isalnum():
            self.problems.append(f"target name {target!r} must be letters, digits, '-' or '_'")

    def raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        if value is None:
            value = self.file_values.get(name)
        return value.strip() if isinstance(value, str) else value

    def source(self, name: str) -> str:
        return ("from the environment" if self.environ.get(name) is not None
                else f"from config/{self.target}.env" if self.file_values.get(name) is not None
                else "the default")

    def said(self, name: str, value: object) -> str:
        """'NAME is 'value' (from the environment)': every wrong value names where it came from."""
        return f"{name} is {value!r} ({self.source(name)})"

    def text(self, name: str, default: str | None = None, *, required: bool = False) -> str | None:
        value = self.raw(name) or default
        if required and not value:
            self.problems.append(f"{name} is missing, and has no default")
        return value

    def choice(self, name: str, options: tuple[str, ...], default: str) -> str:
        value = (self.raw(name) or default).lower()
        if value not in options:
            self.problems.append(f"{self.said(name, value)}; expected one of {', '.join(options)}")
            return default
        return value

    def number(self, name: str, default: float, kind: type = float) -> float:
        raw = self.raw(name)
        if not raw:
            return default
        try:
            value = kind(raw)
        except ValueError:
            self.problems.append(f"{self.said(name, raw)}; expected a {kind.__name__} greater than 0")
            return default
        if value <= 0:
            self.problems.append(f"{self.said(name, raw)}; expected a number greater than 0")
        return value

    def whole(self, name: str, default: int) -> int:
        raw = self.raw(name)
        if not raw:
            return default
        if not raw.isdigit():
            self.problems.append(f"{self.said(name, raw)}; expected a whole number, 0 or more")
            return default
        return int(raw)

    def flag(self, name: str, default: bool) -> bool:
        raw = self.raw(name)
        if raw is None:
            return default
        if raw.lower() in TRUE_WORDS:
            return True
        if raw.lower() in FALSE_WORDS:
            return False
        self.problems.append(f"{self.said(name, raw)}; expected true or false")
        return default

    def url(self, name: str, schemes: tuple[str, ...], remote: bool, *,
            required: bool, default: str | None = None) -> str:
        value = self.text(name, default, required=required)
        if not value:
            return ""
        parts = urlsplit(value)
        if parts.scheme not in schemes or not parts.hostname:
            self.problems.append(
                f"{self.said(name, value)}; expected a URL starting with {' or '.join(s + '://' for s in schemes)}")
        elif remote and is_loopback(parts.hostname):
            self.problems.append(
                f"{self.said(name, value)}, a loopback address, but E2E_REMOTE is true for target "
                f"'{self.target}': the run would test this machine while claiming to test {self.target}")
        return value.rstrip("/")

    def secret(self, *names: str) -> Secret | None:
        for name in names:
            value = self.raw(name)
            if value:
                return Secret(value)
        return None

    def domain(self, name: str, default: str) -> str:
        """Test people's addresses end here; a malformed domain would make every sign-up fail."""
        value = (self.raw(name) or default).lower()
        if not _DOMAIN.match(value):
            self.problems.append(f"{self.said(name, value)}; expected a domain such as journeys.example.com")
        return value
