"""What a secure platform does with bad passes, spent sessions and garbled requests.

Each ``expect_*`` raises from the error tree with who, what was expected, what
was observed, and where the evidence is. A bad pass accepted anywhere is a
``SecurityBreach`` that lists every door that let it in, so one failure tells
whether the HTTP API, the chat, or both are at fault. A refusal only counts when
the same door let the pass's genuine twin in (see ``sessions.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..wire.auth import LIFETIME_CAUSE, TokenPair
from ..rules.contract import check_body
from ..errors import ApiError, AuthRefused, ContractViolation, SecurityBreach, SuiteError
from ..evidence import HTTP, pointer, transcript
from ..wire.http import Reply
from ..wire.tokens import lifetime_mismatch
from ..rules.leaks import leaks_in
from .expectations import wrong_close
from .garbled import Garbled
from .sessions import (EVIDENCE, SECRET_SETTING, Presented, Renewals,
                       expect_pass_opens_conversations)

if TYPE_CHECKING:
    from .people import Person

NOT_SIGNED_IN = 401
PLAIN_REFUSALS = (422, 400)
ERROR_KINDS = {"the conversations list": "backend.error", "the account details": "auth.error"}
REASON_FIELDS = ("detail", "error", "message", "error_code", "code")
_SENT = pointer(HTTP, step="the step that sent the request")


def expect_doors_closed(result: Presented) -> None:
    """The HTTP doors (conversations, account) refuse the pass as 'not signed in'."""
    let_in = _http_let_in(result)
    if let_in:
        raise _breach(result, let_in)
    _expect_proper_refusals(result)
    _expect_twin_let_in(result)


def expect_refused_everywhere(result: Presented) -> None:
    """Every door (HTTP and chat) refuses; all that let the pass in are named at once."""
    let_in = _http_let_in(result)
    attempt = result.attempt
    if attempt is not None and not attempt.properly_refused:
        wrong = wrong_close(attempt)
        note = f" ({wrong})" if wrong else ""
        let_in.append(f"the chat did not turn them away: {attempt.describe()}{note}")
    if let_in:
        raise _breach(result, let_in)
    _expect_proper_refusals(result)
    _expect_twin_let_in(result)


def _http_let_in(result: Presented) -> list[str]:
    return [f"{door} let them in ({reply.status})"
            for door, reply in result.replies.items() if reply.ok]


def _breach(result: Presented, let_in: list[str]) -> SecurityBreach:
    shown = result.presented
    return SecurityBreach(
        f"{result.who} came in with {shown.kind} and " + "; ".join(let_in)
        + f". It must be refused everywhere because {shown.why}",
        evidence=f"{EVIDENCE}, and \"{transcript(f'{result.who} (refusal check)')}\"")


def _expect_proper_refusals(result: Presented) -> None:
    for door, reply in result.replies.items():
        if reply.status != NOT_SIGNED_IN or not isinstance(reply.body, dict):
            raise ApiError(
                f"{result.who} came in with {result.presented.kind}: {door} answered "
                f"{reply.describe()} after {reply.elapsed_s * 1000:.0f} ms; expected a refusal as "
                f"not signed in ({NOT_SIGNED_IN}) with a JSON reason", status=reply.status,
                evidence=EVIDENCE)
        check_body(ERROR_KINDS.get(door, "backend.error"), reply.body)


def _expect_twin_let_in(result: Presented) -> None:
    twin, shown = result.twin_reply, result.presented
    if twin is None:
        return
    if twin.ok:
        check_body("backend.thread_list", twin.body)
        return
    if shown.twin_is_ours:
        raise SuiteError(
            f"{shown.twin_kind} was refused too ({twin.describe()}), so refusing {shown.kind} "
            f"proves nothing: {SECRET_SETTING} does not seem to be the secret this platform "
            f"signs with; check JWT_SECRET_KEY (or JWT_SECRET_<TARGET>) for this target")
    raise AuthRefused(
        f"{shown.twin_kind} did not open the conversations list either ({twin.describe()}), so "
        f"refusing {shown.kind} proves nothing", status=twin.status, evidence=EVIDENCE)


def expect_renewal_works(person: Person, renewals: Renewals) -> None:
    """The first renewal gives a new pair whose access pass opens the conversations."""
    pair = TokenPair.from_reply(renewals.first, person.name,
                                "renew the session with the refresh pass")
    expect_pass_opens_conversations(person, pair.access_token, "after renewing the session")


def expect_pass_lasts_as_told(person: Person) -> None:
    """The pass lasts as long as the pair said (``expires_in``): the journey whose promise it is.

    Signing in went on past a disagreement (a finding on the evidence, ``TokenPair.from_reply``);
    here the pass the person holds is measured again, and fails with the words the finding
    recorded (the words the sign-in would have failed with)."""
    if person.session is None:
        raise SuiteError(f"{person.name} has no pass yet; sign them up or log them in first")
    told, signed_in = person.session.expires_in, pointer(HTTP, step=f"the step that signed "
                                                                    f"{person.name} in")
    if not isinstance(told, (int, float)) or isinstance(told, bool):
        raise ContractViolation(f"{person.name}'s token pair says nothing usable about how long the "
                                f"pass lasts: expires_in is {told!r}, where the contract asks for "
                                f"a number of seconds", evidence=signed_in, cause=LIFETIME_CAUSE)
    mismatch = lifetime_mismatch(person.session.access_token, told)
    if mismatch:
        said = [f for f in person.evidence.findings
                if f.who == person.name and f.headline.endswith(": " + LIFETIME_CAUSE)]
        if said:
            raise ContractViolation(said[-1].detail, evidence=said[-1].evidence, cause=LIFETIME_CAUSE)
        raise ContractViolation(f"{person.name} holds a pass; yet {mismatch}", evidence=signed_in,
                                cause=LIFETIME_CAUSE)


def expect_second_renewal_refused(renewals: Renewals) -> None:
    who, second = renewals.who, renewals.second
    if second.ok:
        raise SecurityBreach(
            f"{who}'s refresh pass renewed the session a second time ({second.status} after "
            f"{second.elapsed_s * 1000:.0f} ms); a refresh pass must work once, so that a stolen "
            f"one cannot keep a session alive", evidence=_SENT)
    if second.status != NOT_SIGNED_IN or not isinstance(second.body, dict):
        raise ApiError(
            f"{who} renewed the session a second time with the same refresh pass: expected a "
            f"refusal ({NOT_SIGNED_IN}) with a JSON reason, got {second.describe()}",
            status=second.status, evidence=_SENT)
    check_body("auth.error", second.body)


def expect_same_sign_in_refusal(refusals: dict[str, Reply]) -> None:
    """A wrong password and an unknown address: refused alike, so addresses stay private."""
    for how, reply in refusals.items():
        if reply.ok:
            raise SecurityBreach(f"signing in with {how} succeeded ({reply.status}); it must be "
                                 f"refused", evidence=_SENT)
        if reply.status != NOT_SIGNED_IN or not isinstance(reply.body, dict):
            raise ApiError(f"signing in with {how}: expected a refusal ({NOT_SIGNED_IN}) with a "
                           f"JSON reason, got {reply.describe()}", status=reply.status,
                           evidence=_SENT)
        check_body("auth.error", reply.body)
    reasons = {how: _reason(reply.body) for how, reply in refusals.items()}
    if len({repr(r) for r in reasons.values()}) > 1:
        shown = " but ".join(f"{how} got {reason!r}" for how, reason in reasons.items())
        raise SecurityBreach(
            f"signing in is refused with different messages: {shown}. The same message for both "
            f"keeps anyone from learning which addresses have an account", evidence=_SENT)


def _reason(body: dict) -> dict:
    return {name: body[name] for name in REASON_FIELDS if name in body}


def expect_plain_refusal(garbled: Garbled) -> None:
    """A garbled body: refused with 422 or 400 and a JSON reason, never a crash or a trace."""
    reply = garbled.reply
    what = f"{garbled.who} sent a garbled request to {garbled.place}"
    expected = (f"expected a refusal ({' or '.join(map(str, PLAIN_REFUSALS))}) with a JSON reason "
                f"and no internals")
    leaks = leaks_in(reply.text, reply.body)
    if leaks or reply.status >= 500:
        trace = f" and the answer shows {', '.join(leaks)}" if leaks else ""
        raise ApiError(f"{what} and the platform answered {reply.status}{trace}: "
                       f"{reply.text[:240]!r}; {expected}", status=reply.status, evidence=_SENT)
    if reply.status not in PLAIN_REFUSALS or not isinstance(reply.body, dict):
        raise ApiError(f"{what}: {expected}, got {reply.describe()}", status=reply.status,
                       evidence=_SENT)
    check_body(garbled.error_kind, reply.body)
