#!/usr/bin/env bash
# The container's entry point: the journeys (the README command; E2E_TARGET chooses the target,
# staging in the image), then the HTML report. Everything lands in reports/ (E2E_REPORTS_DIR),
# the folder to mount: summary.md, junit/, allure-report/index.html, transcripts/.
# Exits with the journeys' own status (0 passed, 1 a journey failed or none ran, 3 environment
# down); ci/verdict.sh turns that into a pipeline's verdict. Extra arguments go to behave.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
python3 tasks.py journeys --no-color "$@" || status=$?
python3 tasks.py report || echo "WARNING: no HTML report was made; see above."
exit "$status"
