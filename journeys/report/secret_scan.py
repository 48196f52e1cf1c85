"""Look for secrets that got out: in report files, in console output.

Masking happens where evidence is recorded (``journeys.evidence``); this is
the independent check that it worked, written so that it does not trust the
masking code: it looks for

- known secrets (``known``: e.g. the JWT secret and bypass key a test run was
  given), as written, URL-encoded, and base64-encoded at every alignment (a
  secret inside a base64-encoded file shows up in one of three shifted forms);
- anything shaped like a JWT (every token the platform issues is one), a
  ``Bearer`` credential, a ``jwt.<...>`` WebSocket subprotocol, a chat ticket
  in a URL (``?ticket=...``), and a ``password`` / ``*_token`` / ``secret`` /
  ``key`` / ``ticket_id`` field whose value is not
  the mask, whether written as JSON or as JSON inside a JSON string;
- the suite's own test passwords (``PERSON_PASSWORD``, see ``journeys.capabilities.people``).

Allure's single-file report embeds every file base64-encoded
(``d('data/...','<base64>')``): those are decoded and scanned as text.
A finding says where and what kind, never the secret itself.

    python -m journeys.report.secret_scan reports [--known VALUE ...]
"""

from __future__ import annotations

import argparse
import base64
import re
import sys
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..secrets import MASK

JWT_SHAPE = re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
BEARER = re.compile(r"(?i)bearer\s+(?!\*\*\*)[A-Za-z0-9._~+/=-]{6,}")
SUBPROTOCOL = re.compile(r"jwt\.(?!\*\*\*)[A-Za-z0-9_=-]{8,}")
SECRET_FIELD = re.compile(
    r'(?i)\\?"(password|access_token|refresh_token|token|secret|key|jwt|ticket_id|ticket)\\?"\s*:\s*\\?"(?!\*\*\*\\?")([^"\\]+)')
TICKET_QUERY = re.compile(r"[?&]ticket=(?!\*\*\*)[A-Za-z0-9_~.%-]{8,}")
PERSON_PASSWORD = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{16}-Aa1(?![A-Za-z0-9])")
EMBEDDED = re.compile(r"d\('([^']+)','([A-Za-z0-9+/=]*)'\)")
MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Finding:
    where: str      # file (and embedded name) or "console"
    what: str       # "known secret #1 (base64)", "JWT-shaped token", ...
    offset: int

    def __str__(self) -> str:
        return f"{self.where} at {self.offset}: {self.what}"


def forms(secret: str) -> dict[str, str]:
    """The ways a secret may be written down: plain, URL-encoded, base64 at three alignments."""
    found = {"plain": secret, "url-encoded": urllib.parse.quote(secret, safe=""),
             "url-encoded (+)": urllib.parse.quote_plus(secret)}
    raw = secret.encode()
    for shift in range(3):
        for name, encode in (("base64", base64.b64encode), ("base64url", base64.urlsafe_b64encode)):
            encoded = encode(b"\0" * shift + raw).decode()
            # only the characters made of the secret's bits alone, not of what is around it
            start, end = (shift * 4 + 2) // 3, (4 * (shift + len(raw))) // 3
            body = encoded[start:end]
            if len(body) >= 8:
                found[f"{name}, offset {shift}"] = body
    unique: dict[str, str] = {}
    for name, value in found.items():
        if value not in unique.values():
            unique[name] = value
    return unique


def scan_text(text: str, where: str, known: Iterable[str] = ()) -> list[Finding]:
    findings: list[Finding] = []
    for number, secret in enumerate(known, 1):
        for form_name, form in forms(secret).items():
            for match in re.finditer(re.escape(form), text):
                findings.append(Finding(where, f"known secret #{number} ({form_name})", match.start()))
    for what, pattern in (("JWT-shaped token", JWT_SHAPE), ("Bearer credential", BEARER),
                          ("token in a WebSocket subprotocol", SUBPROTOCOL),
                          ("unmasked secret field", SECRET_FIELD),
                          ("chat ticket in a URL", TICKET_QUERY),
                          ("a test person's password", PERSON_PASSWORD)):
        for match in pattern.finditer(text):
            label = f"{what} ({match.group(1)})" if pattern is SECRET_FIELD else what
            findings.append(Finding(where, label, match.start()))
    return findings


def scan_file(path: Path, known: Iterable[str] = ()) -> list[Finding]:
    known = list(known)
    if path.stat().st_size > MAX_FILE_BYTES:
        return [Finding(str(path), f"too large to scan (over {MAX_FILE_BYTES} bytes)", 0)]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return []        # images: no text to leak (the screenshots show the report's own text)
    findings = scan_text(text, str(path), known)
    for name, encoded in EMBEDDED.findall(text):
        try:
            inner = base64.b64decode(encoded).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            continue
        findings += scan_text(inner, f"{path} [{name}]", known)
    return findings


def scan_tree(root: Path, known: Iterable[str] = ()) -> list[Finding]:
    known = list(known)
    return [finding for path in sorted(root.rglob("*")) if path.is_file()
            for finding in scan_file(path, known)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m journeys.report.secret_scan",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--known", action="append", default=[], help="a secret value to look for")
    args = parser.parse_args(argv)
    findings = scan_tree(args.folder, args.known)
    for finding in findings:
        print(finding)
    print(f"{len(findings)} finding(s) under {args.folder}" + ("" if findings else f"; nothing but {MASK}"))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
