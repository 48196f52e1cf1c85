"""Sessions and their passes: the ones a platform must honour and the ones it must refuse.

The security journeys speak of "an expired pass" or "the refresh pass from Mia's
session". This module turns those words into tokens (CONTRACT section 2), each
with the reason it must be refused, and presents a pass everywhere a pass opens
something: the conversations list, the account details, and the chat.

A refusal proves something only if the platform would have said yes to a good
pass at the same door. So every bad pass made from a session carries a genuine
*twin* (Mia's own pass, or a fresh pass signed with the same secret as the
expired one), presented at the same time; ``expect_security`` checks that the
twin was let in. Without that, a platform that refused everything would pass.
"""

from __future__ import annotations

import secrets as random_secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..rules.contract import check_body
from ..rules.unchecked import skipped_because
from ..errors import ApiError, AuthRefused, SuiteError
from ..evidence import HTTP, pointer
from ..wire.handshake import Attempt
from ..wire.http import Reply
from ..secrets import Secret, registry
from ..wire.tokens import claims_of, forge, mint, mint_expired

if TYPE_CHECKING:
    from .people import Person

SECRET_SETTING = "JWT_SECRET_KEY"
NEEDS_SECRET = f"needs {SECRET_SETTING} to sign an expired pass"
EVIDENCE = pointer(HTTP, step="the step that presented the pass")


@dataclass(frozen=True)
class Pass:
    """A pass as a journey names it, and why the platform must refuse it."""

    kind: str                     # "an expired pass", "no pass"
    token: str | None
    why: str                      # "the pass has expired"
    twin: str | None = None       # a genuine pass that must open the same door
    twin_kind: str = ""           # "Mia's own pass"
    twin_is_ours: bool = False    # signed by the suite: a refused twin means a wrong secret


@dataclass
class Presented:
    """What every door did with one pass (and with its genuine twin)."""

    who: str
    presented: Pass
    replies: dict[str, Reply] = field(default_factory=dict)   # door -> reply
    attempt: Attempt | None = None
    twin_reply: Reply | None = None


# -- the kinds of pass a journey can name ------------------------------------------------

def _forged(person: Person, secret) -> Pass:
    return Pass("a pass with a forged signature", forge("wrong-secret", person.token),
                "its signature was not made with the platform's key", person.token,
                f"{person.name}'s own pass")


def _unsigned(person: Person, secret) -> Pass:
    return Pass("an unsigned pass", forge("alg-none", person.token),
                "it carries no signature at all (algorithm 'none')", person.token,
                f"{person.name}'s own pass")


def _altered(person: Person, secret) -> Pass:
    return Pass("an altered pass", forge("tampered", person.token),
                "its details (who it is for, what it allows) were changed after it was signed",
                person.token, f"{person.name}'s own pass")


def _expired(person: Person, secret) -> Pass:
    claims = claims_of(person.token)
    user_id, email = str(claims.get("sub")), str(claims.get("email") or person.email)
    return Pass("an expired pass", mint_expired(secret, user_id, email),
                "its time ran out an hour ago", mint(secret, user_id, email),
                f"a current pass signed with {SECRET_SETTING}", twin_is_ours=True)


def _refresh(person: Person, secret) -> Pass:
    session = person.session
    if session is None or not session.refresh_token:
        raise SuiteError(
            f"{person.name} has no refresh pass: sign-in by {person.settings.auth_mode} gives "
            f"none; start the scenario with a sign-up, which always returns one")
    return Pass("the pass for staying signed in", session.refresh_token,
                "the pass for staying signed in only renews a session; it is not an access pass",
                session.access_token, f"{person.name}'s own access pass")


KINDS = {
    "a pass with a forged signature": _forged,
    "an unsigned pass": _unsigned,
    "an altered pass": _altered,
    "an expired pass": _expired,
    "the pass for staying signed in": _refresh,
}
NEEDS_THE_SECRET = ("an expired pass",)


def missing_secret(settings, kind: str) -> str | None:
    """Why this pass cannot be made for this target (a skip reason), or None.

    Only an expired pass needs the shared secret: nobody else can sign one. The
    local target always has it; another target has it when JWT_SECRET_KEY (or
    JWT_SECRET_<TARGET>) is set. Without it the scenario is skipped with this
    reason, which names the missing setting: it is not an environment-down skip.
    """
    if kind in NEEDS_THE_SECRET and not settings.jwt_secret:
        return f"{NEEDS_SECRET} for target '{settings.target}'"
    return None


def skipped_for_missing_secret(scenario, person: Person, kind: str) -> bool:
    """Skip ``scenario`` when this pass cannot be made here; the reason goes to its notes too."""
    return skipped_because(scenario, person.evidence, missing_secret(person.settings, kind))


def pass_from_session(person: Person, kind: str) -> Pass:
    if kind not in KINDS:
        raise SuiteError(f"no pass called {kind!r}; the journeys know: {', '.join(KINDS)}")
    secret = person.settings.jwt_secret
    return KINDS[kind](person, secret.reveal() if secret else "")


def no_pass() -> Pass:
    return Pass("no pass", None, "nobody may come in without a pass")


def old_pass(person: Person) -> Pass:
    """The access pass a person held before logging out (see ``log_out``)."""
    return Pass(f"{person.name}'s pass from before the logout", person.token,
                f"{person.name} logged out, which must end that pass everywhere")


# -- presenting a pass -------------------------------------------------------------------

def present(visitor, presented: Pass) -> Presented:
    """Try the pass at every door, as ``visitor``; nothing is judged here."""
    token = presented.token
    result = Presented(visitor.name, presented)
    result.replies["the conversations list"] = visitor.api.threads(token)
    result.replies["the account details"] = visitor.auth.me(token)
    if presented.twin is not None:
        result.twin_reply = visitor.api.threads(presented.twin)
    result.attempt = visitor.try_chat(token)
    return result


# -- the session's own life: renewal, logout, sign-in -----------------------------------

def expect_pass_opens_conversations(person: Person, token: str, when: str) -> None:
    """A genuine pass must work, or a later refusal of a bad one proves nothing."""
    reply = person.api.threads(token)
    if not reply.ok:
        raise AuthRefused(f"{person.name}'s pass did not open the conversations list {when}: "
                          f"{reply.describe()}", status=reply.status,
                          evidence=pointer(HTTP))
    check_body("backend.thread_list", reply.body)


def log_out(person: Person) -> None:
    """Log out, having first shown that the pass worked (or the later refusal proves nothing)."""
    here = pointer(HTTP)
    expect_pass_opens_conversations(person, person.token, "even before logging out")
    reply = person.auth.logout(person.token)
    if not reply.ok:
        raise ApiError(f"{person.name} could not log out: {reply.describe()}", status=reply.status,
                       evidence=here)


@dataclass(frozen=True)
class Renewals:
    who: str
    first: Reply
    second: Reply


def renew_twice(person: Person) -> Renewals:
    """Use the session's refresh pass two times; the contract lets only the first work."""
    refresh_token = person.session.refresh_token if person.session else ""
    if not refresh_token:
        raise SuiteError(f"{person.name} has no refresh pass; start the scenario with a sign-up")
    first = person.auth.refresh(refresh_token)
    return Renewals(person.name, first, person.auth.refresh(refresh_token))


def sign_in_with_wrong_password(person: Person) -> Reply:
    wrong = Secret("Wrong-" + random_secrets.token_urlsafe(12))
    registry.add(wrong)
    return person.auth.login(person.email, wrong.reveal())


def sign_in_as_nobody(person: Person) -> Reply:
    """``person`` has never signed up: their address is unknown to the platform."""
    return person.auth.login(person.email, person.password.reveal())
