"""Masking happens where evidence is recorded: known secrets in every encoding, and token shapes."""

import base64
import urllib.parse

from journeys.evidence import Evidence
from journeys.secrets import Secret, SecretRegistry, registry


def test_secret_never_prints_itself():
    secret = Secret("hunter2-very-secret")
    assert "hunter2" not in f"{secret} {secret!r}"
    assert secret.reveal() == "hunter2-very-secret"


def test_known_secret_is_masked_in_plain_url_and_base64_forms():
    reg = SecretRegistry()
    reg.add("pa55/word+x")
    text = " ".join(["pa55/word+x", urllib.parse.quote("pa55/word+x", safe=""),
                     base64.b64encode(b"pa55/word+x").decode()])
    masked = reg.mask(text)
    assert "pa55" not in masked and "cGE1" not in masked


def test_token_shapes_are_masked_even_when_unknown():
    reg = SecretRegistry()
    text = ('Authorization: Bearer abc.def.ghi {"access_token": "opaque-value"} '
            'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl jwt.ZXlKaGJHY2lPaUpJVXpJMU5pSjk')
    masked = reg.mask(text)
    for leaked in ("abc.def.ghi", "opaque-value", "eyJhbGci", "ZXlKaGJH"):
        assert leaked not in masked


def test_evidence_masks_as_it_records():
    registry.add("correct-horse-battery")
    evidence = Evidence()
    evidence.http("POST", "http://x/auth/login", 200, 0.01, {"Authorization": "Bearer t0ken-value"},
                  '{"email": "a@b.c", "password": "correct-horse-battery"}', None)
    text = evidence.as_text()
    assert "correct-horse-battery" not in text and "t0ken-value" not in text
    assert "a@b.c" in text
