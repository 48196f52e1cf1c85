"""How both HTTP apps read request bodies and answer errors.

The contract says a malformed or wrongly typed body gets 422 with a JSON error
body on every call, never a 500. Putting the parsing and the error shape in one
place makes that true everywhere at once, and lets the
``traceback-on-malformed-json`` defect break it everywhere at once too.
"""

from __future__ import annotations

import json
import sys
import traceback

from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from .switches import Switches
from .tokens import Claims, TokenRefused, TokenService


class ApiError(Exception):
    """An error the platform answers on purpose: status, a stable code, a sentence."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


class LeakedTraceback(Exception):
    """Carries the traceback text the ``traceback-on-malformed-json`` defect exposes."""

    def __init__(self, text: str) -> None:
        super().__init__("leaked traceback")
        self.text = text


class LeakedFrames(Exception):
    """The ``leak-source-line`` defect: a plain refusal that carries its stack frames."""

    def __init__(self, frames: list[str]) -> None:
        super().__init__("leaked stack frames")
        self.frames = frames


def unauthorized(message: str) -> ApiError:
    return ApiError(401, "unauthorized", message, {"WWW-Authenticate": "Bearer"})


async def read_object(request: Request, switches: Switches) -> dict:
    """The body as a JSON object, or a 422 that says what was wrong with it."""
    raw = await request.body()
    try:
        data = strict_json(raw)
    except ValueError:
        if switches.defect("traceback-on-malformed-json"):
            raise LeakedTraceback(traceback.format_exc()) from None
        if switches.defect("leak-source-line"):
            frames = traceback.extract_tb(sys.exc_info()[2])
            raise LeakedFrames([f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} in {f.name}"
                                for f in frames]) from None
        raise ApiError(422, "invalid_json", "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ApiError(422, "invalid_body", "The request body must be a JSON object.")
    return data


def strict_json(raw: bytes | str) -> object:
    """``json.loads``, refusing what Python accepts but JSON and the store cannot hold.

    ``NaN``/``Infinity`` are not JSON (and a response carrying them cannot be rendered), and
    a lone surrogate escape such as ``"\\ud800"`` decodes to text SQLite cannot store: both
    raise ``ValueError`` here, so they are bad input (422), never a 500 or a crashed socket.
    """
    data = json.loads(raw, parse_constant=_not_json)
    json.dumps(data, ensure_ascii=False).encode("utf-8")   # UnicodeEncodeError is a ValueError
    return data


def _not_json(constant: str) -> object:
    raise ValueError(f"{constant} is not JSON")


def text_field(body: dict, name: str, *, required: bool = True) -> str | None:
    """A string field; absent or null is allowed only when not required."""
    value = body.get(name)
    if value is None:
        if required:
            raise ApiError(422, "missing_field", f"The field '{name}' is required.")
        return None
    if not isinstance(value, str):
        raise ApiError(422, "invalid_field", f"The field '{name}' must be a string.")
    return value


def object_field(body: dict, name: str) -> dict | None:
    value = body.get(name)
    if value is not None and not isinstance(value, dict):
        raise ApiError(422, "invalid_field", f"The field '{name}' must be an object.")
    return value


def text_list_field(body: dict, name: str) -> list[str] | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ApiError(422, "invalid_field", f"The field '{name}' must be a list of strings.")
    return value


def bearer_token(connection: HTTPConnection) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if there is one."""
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def error_body(status: int, code: str, message: str,
               headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": message, "error_code": code}, status_code=status,
                        headers=headers)


async def _api_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    return error_body(error.status, error.code, error.message, error.headers)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
    return error_body(error.status_code, code, str(error.detail), error.headers)


async def _leaked_traceback(request: Request, error: Exception) -> Response:
    assert isinstance(error, LeakedTraceback)
    return PlainTextResponse(error.text, status_code=500)


async def _leaked_frames(request: Request, error: Exception) -> Response:
    assert isinstance(error, LeakedFrames)
    return JSONResponse({"detail": "The request body is not valid JSON.", "error_code": "invalid_json",
                         "debug": {"stack_trace": error.frames, "source_file": "bodies.py"}},
                        status_code=422)


async def _unexpected(request: Request, error: Exception) -> Response:
    # Starlette re-raises after this answer, so the traceback reaches the log, not the client.
    return error_body(500, "internal_error", "Something went wrong on our side; please retry.")


EXCEPTION_HANDLERS = {
    ApiError: _api_error,
    HTTPException: _http_error,
    LeakedTraceback: _leaked_traceback,
    LeakedFrames: _leaked_frames,
    Exception: _unexpected,
}


def caller_claims(request: Request, tokens: TokenService) -> Claims:
    """The caller's access token, checked, or 401 saying why: the one check of both services."""
    token = bearer_token(request)
    if token is None:
        raise unauthorized("A Bearer token is required.")
    try:
        return tokens.check_access(token)
    except TokenRefused as refused:
        raise unauthorized(f"The token was refused: {refused}.") from None
