#!/usr/bin/env bash
# The pipeline's verdict from the exit status of `python3 tasks.py journeys` (README, "Exit status"):
#   0  every journey passed                          -> the job passes
#   3  the environment was down (no journey tried)   -> a warning, not a product failure:
#        GitHub Actions: a ::warning:: annotation and the job passes;
#        GitLab CI: exit 3, which the job allows (allow_failure: exit_codes: [3]), so it shows amber
#   1  a journey failed, or none ran                 -> the job fails
#   anything else (wrong settings, the suite itself) -> the job fails, with that status
# E2E_ENVIRONMENT_DOWN_EXIT overrides the 3, should tasks.py ever change it.
# Usage: ci/verdict.sh EXIT_STATUS
set -uo pipefail
status="${1:-}"
down="${E2E_ENVIRONMENT_DOWN_EXIT:-3}"
summary="the summary is in reports/summary.md, the report in reports/allure-report/index.html"

say() {  # say warning|error TEXT
    if [ "${GITHUB_ACTIONS:-}" = "true" ]; then echo "::$1::$2"; else echo "${1^^}: $2"; fi
}

case "$status" in
    0)
        echo "Every journey passed; $summary."
        exit 0 ;;
    "$down")
        say warning "The environment was down: no journey was tried, so this says nothing about the product. Check the target's health; $summary."
        if [ "${GITLAB_CI:-}" = "true" ]; then exit "$down"; fi
        exit 0 ;;
    1)
        say error "A journey failed (or none ran); $summary."
        exit 1 ;;
    "")
        say error "The journeys step left no exit status (it was cancelled or never ran); see its log."
        exit 2 ;;
    *[!0-9]*)
        say error "ci/verdict.sh was given '$status', not an exit status; usage: ci/verdict.sh EXIT_STATUS"
        exit 2 ;;
    *)
        say error "The run could not be judged (exit status $status: the settings are wrong or the suite failed); see the journeys step's log."
        exit "$status" ;;
esac
