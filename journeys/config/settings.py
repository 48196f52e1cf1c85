"""Which platform the journeys run against, and every knob of the run.

A target is a name: ``local`` (the default: the suite starts the embedded
reference platform), ``staging``, or any name with a ``config/<name>.env``.
Each setting is read from the process environment first, then the target's
file, then its default, like starlette's Config (``journeys.config.setting_values``).
Validation collects every problem before raising one ``ConfigError``, so a
person fixes them all at once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .dialect import DIALECTS, STRICT, Dialect, from_declarations
from .known_defects import KnownDefect, default_file, read_declaration
from .local_options import LOCAL_MAX_QUESTION_CHARS, LocalPlatformOptions, read_local_options
from ..errors import ConfigError
from .paths import CONFIG_DIR
from .policy import RunPolicy
from ..secrets import Secret, registry
from .setting_values import SettingReader
from .target_names import unknown_target_problem
from .urls import default_ws_url

LOCAL = "local"
AUTH_MODES = ("login", "test-auth", "mint")
WS_AUTH_CARRIERS = ("header", "subprotocol", "ticket")
TICKET_PATH = "/api/websocket/ticket"     # CONTRACT section 8; 'none': the target offers no tickets
PRODUCTION = "production"
MAX_CONNECT_RETRIES = 5
HISTORY_DIR = "E2E_HISTORY_DIR"   # where the verdicts over time are kept (journeys.report.history)
GATES = ("any-failure", "new-failures")   # E2E_GATE: what fails the run (journeys.run.outcome)


@dataclass(frozen=True)
class Settings:
    target: str
    auth_url: str
    backend_url: str
    websocket_url: str
    frontend_url: str | None
    jwt_secret: Secret | None
    bypass_key: Secret | None
    auth_mode: str
    ws_auth: str
    slo_answer_p95_s: float
    slo_first_event_p95_s: float
    remote: bool
    wait_s: float
    turn_s: float
    email_domain: str
    people: int
    slo_turns: int
    local: LocalPlatformOptions = field(default_factory=LocalPlatformOptions)
    connect_retries: int = 0          # chat connections only, before they are established
    run_deadline_s: float = 3600.0    # the whole run, hooks included
    production: bool = False          # only @read-only journeys; needs allow_production
    allow_production: bool = False
    ticket_path: str = TICKET_PATH    # where a chat ticket is asked for ('none': no tickets)
    dialect: Dialect = STRICT         # E2E_DIALECT / E2E_ACCEPT: contract differences accepted
    rate_limit: int = 0               # questions a person may ask per rate_window_s; 0: none declared
    rate_window_s: float = 0.0        # how long the rate limit takes to reset, seconds
    max_question_chars: int = 0       # the longest question the target accepts; 0: not declared
    known_defects: tuple[KnownDefect, ...] = ()   # E2E_KNOWN_DEFECTS (journeys.config.known_defects)
    gate: str = GATES[0]              # E2E_GATE: new-failures lets a run whose failures are all known pass

    @property
    def is_local(self) -> bool:
        return self.target == LOCAL

    @property
    def policy(self) -> RunPolicy:
        """The run's rules as one frozen value, handed to every client (``journeys.config.policy``)."""
        return RunPolicy.of(self)

    def for_local_platform(self, auth_url: str, backend_url: str, websocket_url: str,
                           jwt_secret: Secret, bypass_key: Secret) -> "Settings":
        """The local target learns its URLs and secrets only once the platform is up."""
        values = dict(self.__dict__, auth_url=auth_url, backend_url=backend_url,
                      websocket_url=websocket_url, jwt_secret=jwt_secret, bypass_key=bypass_key)
        return Settings(**values)

    def describe(self) -> str:
        """Safe to print: no secret values."""
        text = (f"target '{self.target}': auth {self.auth_url}, backend {self.backend_url}, "
                f"websocket {self.websocket_url}; sign-in by {self.auth_mode}, "
                f"websocket auth by {self.ws_auth}")
        if self.production:
            text += "; PRODUCTION: @read-only journeys only"
        if not self.dialect.strict:
            text += f"; {len(self.dialect.accepted)} contract differences accepted (listed above)"
        if self.connect_retries:
            text += f"; up to {self.connect_retries} chat connection retries (each marks its scenario flaky)"
        return text


def choose_target(userdata: dict | None = None, environ: dict | None = None) -> str:
    """``-D target=NAME`` wins over ``E2E_TARGET``; the default is ``local``."""
    environ = os.environ if environ is None else environ
    return ((userdata or {}).get("target") or environ.get("E2E_TARGET") or LOCAL).strip()


def load_settings(target: str, environ: dict | None = None,
                  config_dir: Path = CONFIG_DIR) -> Settings:
    """Read and validate; raises ``ConfigError`` listing every problem."""
    environ = dict(os.environ if environ is None else environ)
    reader = _Reader(target, environ, config_dir)
    settings = reader.build()
    if reader.problems:
        raise ConfigError(reader.problems, target)
    for secret in (settings.jwt_secret, settings.bypass_key):
        registry.add(secret)
    return settings


def history_dir_setting(target: str, environ: dict | None = None,
                        config_dir: Path = CONFIG_DIR) -> str | None:
    """``E2E_HISTORY_DIR`` as the target's settings give it (environment > ``config/<target>.env``),
    else None (``journeys.report.history`` then keeps it beside the reports). Read alone, so the
    compare command works where the target's other settings (URLs, secrets) are not set."""
    environ = dict(os.environ if environ is None else environ)
    return SettingReader(target, environ, config_dir).text(HISTORY_DIR)


class _Reader(SettingReader):
    """The settings this suite has, read and checked with ``SettingReader``'s typed readers."""

    def build(self) -> Settings:
        is_local = self.target == LOCAL
        remote = self.flag("E2E_REMOTE", False)
        if is_local and remote:
            self.problems.append("E2E_REMOTE is true, but target 'local' is the embedded platform on this machine")
        need_urls = not is_local
        if need_urls and not self.raw("AUTH_SERVICE_URL") and not self.raw("BACKEND_URL"):
            unknown = unknown_target_problem(self.target, self.config_dir)
            if unknown:   # a mistyped name: say so, not "AUTH_SERVICE_URL is missing"
                self.problems.append(unknown)
                need_urls = False
        auth_url = self.url("AUTH_SERVICE_URL", ("http", "https"), remote, required=need_urls)
        backend_url = self.url("BACKEND_URL", ("http", "https"), remote, required=need_urls)
        ws_default = default_ws_url(backend_url) if backend_url else None
        websocket_url = self.url("WEBSOCKET_URL", ("ws", "wss"), remote, required=False, default=ws_default)
        auth_mode = self.choice("E2E_AUTH_MODE", AUTH_MODES, "login")
        jwt_secret = self.secret("JWT_SECRET_KEY", f"JWT_SECRET_{self.target.upper().replace('-', '_')}")
        bypass_key = self.secret("E2E_OAUTH_SIMULATION_KEY")
        if auth_mode == "mint" and not jwt_secret and not is_local:
            self.problems.append(
                f"E2E_AUTH_MODE is 'mint', which signs tokens locally, but neither JWT_SECRET_KEY "
                f"nor JWT_SECRET_{self.target.upper()} is set")
        if auth_mode == "test-auth" and not bypass_key and not is_local:
            self.problems.append(
                "E2E_AUTH_MODE is 'test-auth', but E2E_OAUTH_SIMULATION_KEY (the bypass key) is not set")
        return Settings(
            target=self.target, auth_url=auth_url, backend_url=backend_url,
            websocket_url=websocket_url, frontend_url=self.text("FRONTEND_URL"),
            jwt_secret=jwt_secret, bypass_key=bypass_key, auth_mode=auth_mode,
            ws_auth=self.choice("E2E_WS_AUTH", WS_AUTH_CARRIERS, "header"),
            slo_answer_p95_s=self.number("E2E_SLO_ANSWER_P95_S", 2.0),
            slo_first_event_p95_s=self.number("E2E_SLO_FIRST_EVENT_P95_S", 1.0),
            remote=remote, wait_s=self.number("E2E_WAIT_S", 10.0),
            turn_s=self.number("E2E_TURN_S", 30.0),
            email_domain=self.domain("E2E_EMAIL_DOMAIN", "journeys.example.com"),
            people=int(self.number("E2E_PEOPLE", 10, int)),
            slo_turns=int(self.number("E2E_SLO_TURNS", 20, int)),
            local=self.local_options() if is_local else LocalPlatformOptions(),
            connect_retries=self.retries(),
            run_deadline_s=self.number("E2E_RUN_DEADLINE_S", 3600.0),
            dialect=self.dialect(is_local),
            **self.production_flags(is_local),
            **self.ticket_settings(),
            **self.rate_limit_settings(is_local),
            known_defects=self.known_defects(),
            gate=self.choice("E2E_GATE", GATES, GATES[0]),
        )

    def known_defects(self) -> tuple[KnownDefect, ...]:
        """E2E_KNOWN_DEFECTS names the file; else config/<target>.known-defects.json, if there."""
        named = self.raw("E2E_KNOWN_DEFECTS")
        path = Path(named) if named else default_file(self.target, self.config_dir)
        if named and not path.is_absolute():
            path = self.config_dir.parent / path
        if not named and not path.is_file():
            return ()
        shown = (f"E2E_KNOWN_DEFECTS file {named} ({self.source('E2E_KNOWN_DEFECTS')})" if named
                 else f"the known defects file config/{path.name}")
        if not path.is_file():
            self.problems.append(f"{shown} does not exist")
            return ()
        defects, problems = read_declaration(path, shown)
        self.problems += problems
        return defects

    def rate_limit_settings(self, is_local: bool) -> dict:
        """The target's declared rate limit (CONTRACT section 9); the local platform is started with it."""
        defaults = LocalPlatformOptions()
        limit = self.whole("E2E_RATE_LIMIT", defaults.rate_limit if is_local else 0)
        window = self.number("E2E_RATE_WINDOW_S", defaults.rate_window_s if is_local else 0.0)
        if limit and not window:
            self.problems.append("E2E_RATE_LIMIT is set, but E2E_RATE_WINDOW_S (how long the limit "
                                 "takes to reset, in seconds) is not")
        if is_local and window != int(window):
            self.problems.append(f"E2E_RATE_WINDOW_S is {window:g}; the reference platform needs "
                                 "whole seconds")
        longest = self.whole("E2E_MAX_QUESTION_CHARS", LOCAL_MAX_QUESTION_CHARS if is_local else 0)
        return {"rate_limit": limit, "rate_window_s": window, "max_question_chars": longest}

    def ticket_settings(self) -> dict:
        """Chat tickets (CONTRACT section 8): the path, and a carrier that needs one."""
        path = self.text("E2E_TICKET_PATH", TICKET_PATH)
        if path != "none" and not path.startswith("/"):
            self.problems.append(f"E2E_TICKET_PATH is {path!r}; expected a path starting with '/' "
                                 f"such as {TICKET_PATH}, or 'none' if the target offers no tickets")
        if path == "none" and (self.raw("E2E_WS_AUTH") or "").lower() == "ticket":
            self.problems.append("E2E_WS_AUTH is 'ticket', but E2E_TICKET_PATH is 'none': set the "
                                 "target's ticket path, or choose header or subprotocol")
        return {"ticket_path": path}
    def dialect(self, is_local: bool) -> Dialect:
        """E2E_DIALECT and E2E_ACCEPT; for local, E2E_LOCAL_DIALECT implies its dialect unless
        either is set (even empty: then the contract, strictly, against a platform in dialect)."""
        name, accept = self.raw("E2E_DIALECT"), self.raw("E2E_ACCEPT")
        if is_local and name is None and accept is None:
            spoken = (self.raw("E2E_LOCAL_DIALECT") or "").lower()
            name = spoken if spoken in DIALECTS else None   # a wrong name is reported once, below
        names = tuple(n.strip() for n in (accept or "").split(",") if n.strip())
        dialect, problems = from_declarations((name or "").lower(), names)
        self.problems += problems
        return dialect

    def retries(self) -> int:
        count = self.whole("E2E_CONNECT_RETRIES", 0)
        if count > MAX_CONNECT_RETRIES:
            self.problems.append(
                f"E2E_CONNECT_RETRIES is {count}; at most {MAX_CONNECT_RETRIES}: retries are for "
                f"cold starts, and more would hide a platform that cannot accept connections")
        return min(count, MAX_CONNECT_RETRIES)

    def production_flags(self, is_local: bool) -> dict:
        """Production is never tested by accident: it must be named and allowed on purpose."""
        named = self.target == PRODUCTION
        production = self.flag("E2E_PRODUCTION", named)
        allowed = self.flag("E2E_ALLOW_PRODUCTION", False)
        if named and not production:
            self.problems.append("E2E_PRODUCTION is false, but target 'production' is always production")
        if production and is_local:
            self.problems.append("E2E_PRODUCTION is true, but target 'local' is the embedded platform")
        if production and not allowed:
            self.problems.append(
                f"target '{self.target}' is production: it runs only @read-only journeys, and only "
                f"when E2E_ALLOW_PRODUCTION=true is set on purpose (it is not)")
        return {"production": production, "allow_production": allowed}

    def local_options(self) -> LocalPlatformOptions:
        return read_local_options(self)
