#!/usr/bin/env bash
# Post reports/summary.md as a note on the merge request that triggered the pipeline, if any.
# Needs JOURNEYS_NOTE_TOKEN (a project access token with the api scope); without it, says so and
# posts nothing. Never fails the job: the verdict is ci/verdict.sh's.
# Usage: ci/gitlab/post-summary.sh SUMMARY_FILE
set -uo pipefail
summary="${1:?usage: ci/gitlab/post-summary.sh SUMMARY_FILE}"
if [ -z "${CI_MERGE_REQUEST_IID:-}" ]; then
    exit 0
fi
if [ -z "${JOURNEYS_NOTE_TOKEN:-}" ] || [ ! -f "$summary" ]; then
    echo "Not posting the summary on the merge request: JOURNEYS_NOTE_TOKEN is not set or $summary is missing."
    exit 0
fi
curl --silent --show-error --fail --max-time 30 \
    --header "PRIVATE-TOKEN: $JOURNEYS_NOTE_TOKEN" \
    --data-urlencode "body@$summary" \
    "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes" > /dev/null \
    || echo "Could not post the summary on the merge request (see curl's message above)."
exit 0
