"""Where the real platform puts the texts the contract reads: the answer and an error's words.

Used by ``journeys.config.dialect`` for the ``answer-in-result`` and ``error-frames``
differences (CONTRACT.md section 8), and only once they are declared: the contract
itself wants the answer as the string ``final_response`` and the words in
``error_message``. Netra Apex beta-17 is the authority for the places named here.
"""

from __future__ import annotations

from ..events import error_code, error_text

# Where beta-17 puts the answer inside the completion's object, in the order read:
# response (services/agent_service_core.py:491), report (agents/reporting_sub_agent.py:1279),
# results (agents/supervisor_ssot.py:243), and the plain names a text goes by.
ANSWER_KEYS = ("response", "final_response", "answer", "text", "content", "report", "results", "result")
_ANSWER_DEPTH = 3


def answer_in(value: object, depth: int = 0) -> str | None:
    """The answer text inside the completion's object, looked for under ``ANSWER_KEYS``."""
    if not isinstance(value, dict) or depth >= _ANSWER_DEPTH:
        return None
    for key in ANSWER_KEYS:
        found = value.get(key)
        if isinstance(found, str) and found.strip():
            return found
    for key in ANSWER_KEYS:
        found = answer_in(value.get(key), depth + 1)
        if found is not None:
            return found
    return None


def error_in_contract_terms(fields: dict) -> dict:
    """An error's words and code moved to where the contract reads them; nothing is invented."""
    out = dict(fields)
    text, code = error_text(out), error_code(out)
    if text is not None and not (isinstance(out.get("error_message"), str) and out["error_message"].strip()):
        out["error_message"] = text
    if code is not None and out.get("error_code") is None:
        out["error_code"] = code
    return out
