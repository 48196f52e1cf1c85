"""No scenario that asks the assistant can pass when the platform answers nothing.

The whole catalogue runs with the ``no-reply`` switch exactly as
``E2E_LOCAL_DEFECTS=no-reply python3 tasks.py journeys`` runs it (the parallel
runner, default settings). Every scenario whose transcript shows a question sent
over the chat must fail; the ones that pass must be those that never asked
(sign-up, passes, health, the non-streaming answer route), which the transcripts
prove. How long it takes is a benchmark figure (``bench/parallel.py``), not a test.
"""

import re

import pytest

from parallel_runs import run_parallel

pytestmark = [pytest.mark.meta, pytest.mark.slow]   # the whole catalogue: python3 tasks.py tests -m slow

QUESTION_SENT = re.compile(r'\bsent\s+(user_message|chat_message|message|start_agent)\b')


def slug(feature: str, scenario: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", f"{feature} {scenario}".lower()).strip("-")[:120]


def test_the_whole_catalogue_fails_wherever_a_question_goes_unanswered(tmp_path):
    run = run_parallel(tmp_path, env={"E2E_LOCAL_DEFECTS": "no-reply"})
    assert run.exit_code == 1, run.explain()
    transcripts = tmp_path / "transcripts"
    asked_and_failed = 0
    for file in run.junit().values():
        for (classname, name), status in file["cases"].items():
            if status == "skipped":
                continue
            feature = classname.split(".", 1)[1]
            path = transcripts / f"{slug(feature, name.strip())}.txt"
            assert path.exists(), f"no transcript for {name!r}: {sorted(p.name for p in transcripts.iterdir())}"
            if QUESTION_SENT.search(path.read_text()):
                assert status in ("failure", "error"), \
                    f"{name!r} asked and was not answered, yet {status}\n{run.explain()}"
                asked_and_failed += 1
    assert asked_and_failed >= 25, "the catalogue should ask the assistant in most scenarios"
