"""``python -m reference_platform``: start the embedded reference platform.

Every switch is a flag, except the secrets: they come from the environment
(``REFPLATFORM_JWT_SECRET``, ``REFPLATFORM_BYPASS_KEY``) because flags show in
``ps``. Run by hand, it prints a block to paste into ``config/<name>.env``; run by
the suite (``--ready-file``), it writes the URLs to that file and prints no secret.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import secrets as random
import sys

from .context import PlatformContext
from .netra import DIALECTS
from .server import Secrets, ServeOptions, StartupError, serve
from .variance import Variance
from .switches import DEFECTS, SHAPES, VARIANTS, Switches, unknown_name_message

EXIT_USAGE = 2


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m reference_platform",
        description="The embedded reference platform: auth service + backend + WebSocket.",
        epilog="Secrets: REFPLATFORM_JWT_SECRET and REFPLATFORM_BYPASS_KEY from the "
               "environment; generated (and printed when run by hand) if absent.")
    p.add_argument("--defect", action="append", default=[], metavar="NAME",
                   help="switch a known defect on (repeatable; see --list-defects)")
    p.add_argument("--list-defects", action="store_true", help="list defect switches and exit")
    p.add_argument("--variant", action="append", default=[], metavar="NAME",
                   help=f"contract-allowed variant (repeatable): {', '.join(VARIANTS)}")
    p.add_argument("--list-variants", action="store_true", help="list variants and exit")
    p.add_argument("--shape", choices=SHAPES, default="flat", help="run event shape")
    p.add_argument("--dialect", choices=tuple(DIALECTS), default=None,
                   help="speak a real platform's dialect (orthogonal to --shape): "
                        + "; ".join(f"{n}: {d}" for n, d in DIALECTS.items())
                        + ". A target declares it with E2E_DIALECT=netra (see config/netra.env.example)")
    p.add_argument("--chatter", action="store_true",
                   help="interleave frames of kinds the contract does not name (typing, status, "
                        "metrics, connection_error, untyped ...) at any time; part of no dialect")
    p.add_argument("--vary", metavar="SEED:BAD_SHARE", default="", type=_variance,
                   help="the agent varies like a model, reproducibly: other wordings, other tool "
                        "routes, and BAD_SHARE of the attempts at a question (0.2 or 20%%) with no "
                        "figure or a wrong one (e.g. 7:0.2)")
    p.add_argument("--pause-ms", type=_non_negative, default=30,
                   help="pause between consecutive run events (default 30)")
    p.add_argument("--heartbeat-ms", type=_non_negative, default=0,
                   help="heartbeat interval on every connection; 0 = off (default)")
    p.add_argument("--db", metavar="PATH", help="SQLite file to keep (default: a temporary one)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--auth-port", type=_port, default=0, help="0 = a free port (default)")
    p.add_argument("--backend-port", type=_port, default=0, help="0 = a free port (default)")
    p.add_argument("--ready-file", metavar="PATH",
                   help="write the URLs here as JSON once serving (no secrets)")
    p.add_argument("--production", action="store_true",
                   help="run as production: test sign-in answers 403")
    p.add_argument("--access-ttl-s", type=_positive, default=900)
    p.add_argument("--refresh-ttl-s", type=_positive, default=86400)
    p.add_argument("--ticket-ttl-s", type=_positive, default=300,
                   help="how long a chat ticket lasts (default 300, as the real platform's)")
    p.add_argument("--rate-limit", type=_non_negative, default=0,
                   help="questions a person may ask per --rate-window-s; 0 = no limit (default)")
    p.add_argument("--rate-window-s", type=_positive, default=1,
                   help="the rate limit's window in seconds (default 1)")
    p.add_argument("--hash-cost", type=_power_of_two, default=2**14,
                   help="scrypt cost n, a power of two (default 16384)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.list_defects:
        _print_table(DEFECTS)
        return 0
    if args.list_variants:
        _print_table(VARIANTS)
        return 0
    for kind, names, valid in (("defect", args.defect, DEFECTS), ("variant", args.variant, VARIANTS)):
        for name in names:
            if name not in valid:
                print(f"reference_platform: {unknown_name_message(kind, name, valid)}",
                      file=sys.stderr)
                return EXIT_USAGE
    switches = Switches(defects=frozenset(args.defect), variants=frozenset(args.variant),
                        shape=args.shape, pause_ms=args.pause_ms, heartbeat_ms=args.heartbeat_ms,
                        production=args.production, access_ttl_s=args.access_ttl_s,
                        refresh_ttl_s=args.refresh_ttl_s, hash_cost=args.hash_cost,
                        ticket_ttl_s=args.ticket_ttl_s,
                        dialect=args.dialect or "", chatter=args.chatter,
                        rate_limit=args.rate_limit, rate_window_s=args.rate_window_s,
                        vary=args.vary)
    secrets = _secrets()
    options = ServeOptions(host=args.host, auth_port=args.auth_port,
                           backend_port=args.backend_port, db_path=args.db,
                           ready_file=args.ready_file)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    def announce(ctx: PlatformContext) -> None:
        if args.ready_file:
            print(f"Reference platform ready: auth {ctx.urls.auth_url}, backend "
                  f"{ctx.urls.backend_url}, websocket {ctx.urls.websocket_url} (pid {os.getpid()})",
                  flush=True)
        else:
            print(paste_block(ctx, secrets, args.dialect), flush=True)

    try:
        asyncio.run(serve(switches, secrets, options, announce))
    except StartupError as error:
        print(f"reference_platform: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:     # Ctrl-C before the signal handlers were installed
        return 130
    if not args.ready_file:
        print("Reference platform stopped.", flush=True)
    return 0


def paste_block(ctx: PlatformContext, secrets: Secrets, dialect: str | None = None) -> str:
    """What a person pastes into config/<name>.env; secrets only if we made them up."""
    lines = ["Reference platform running (Ctrl-C to stop). Paste into config/<name>.env:",
             f"AUTH_SERVICE_URL={ctx.urls.auth_url}",
             f"BACKEND_URL={ctx.urls.backend_url}",
             f"WEBSOCKET_URL={ctx.urls.websocket_url}",
             "E2E_REMOTE=false"]
    if dialect:
        lines.append(f"E2E_DIALECT={dialect}")
    if secrets.jwt_generated:
        lines.append(f"JWT_SECRET_KEY={secrets.jwt_secret}")
    if secrets.bypass_generated:
        lines.append(f"E2E_OAUTH_SIMULATION_KEY={secrets.bypass_key}")
    return "\n".join(lines)


def _secrets() -> Secrets:
    jwt_secret = os.environ.get("REFPLATFORM_JWT_SECRET") or ""
    bypass_key = os.environ.get("REFPLATFORM_BYPASS_KEY") or ""
    return Secrets(jwt_secret or random.token_urlsafe(32), bypass_key or random.token_urlsafe(24),
                   jwt_generated=not jwt_secret, bypass_generated=not bypass_key)


def _print_table(entries: dict[str, str]) -> None:
    width = max(len(name) for name in entries)
    for name, description in entries.items():
        print(f"{name.ljust(width)}  {description}")


def _variance(text: str) -> str:
    if text == "":            # argparse passes the default through here too: never varying
        return ""
    try:
        return Variance.parse(text).describe()
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number 0-65535, got {value}")
    return value


def _power_of_two(text: str) -> int:
    value = int(text)
    if value < 2 or value & (value - 1):
        raise argparse.ArgumentTypeError(f"must be a power of two >= 2, got {value}")
    return value


if __name__ == "__main__":
    sys.exit(main())
