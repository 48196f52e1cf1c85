"""The threshold gate of a Locust run, and the watch that ends the run when its journeys are done.

Used by ``locustfile.py`` on the master (or the single local process), where
Locust holds every worker's statistics. It reads Locust's objects by duck
typing and never imports ``locust``, so this module stays importable (and
testable) outside a gevent-patched process.

Locust keeps response times in buckets (to the nearest 10 ms above 100 ms, the
nearest 100 ms above 1 s), so its p95 may differ from the load mode's exact
nearest-rank p95 by up to one bucket; the gate uses Locust's figure, as its
report shows it.
"""

from __future__ import annotations

import os
import time

from ..config.settings import Settings
from ..rules.slo import breach_sentence, percentile_table, unmeasured

STAGE_TYPE = "JOURNEY"
STAGES = ("account", "sign-in", "connect", "first event", "answer", "history", "journey")
QUOTA_POLL_S = 0.5
SHOWN_ERRORS = 3


def watch_quota(environment, journeys_per_user: int) -> None:
    """Quit the run once every user has run its journeys (bounded by ``--run-time`` too)."""
    import gevent

    wanted = (environment.parsed_options.num_users or 0) * journeys_per_user
    started = time.monotonic()
    while environment.runner is not None and environment.runner.state not in ("stopped", "quitting"):
        entry = environment.stats.entries.get(("journey", STAGE_TYPE))
        done = entry.num_requests if entry is not None else 0
        if wanted and done >= wanted:
            print(f"locust gate: all {wanted} journeys done after "
                  f"{time.monotonic() - started:.1f} s; stopping the run", flush=True)
            environment.runner.quit()
            return
        gevent.sleep(QUOTA_POLL_S)


def gate(environment, settings: Settings | None) -> list[str]:
    """Print the stage table and the verdict; set a non-zero exit code on any problem."""
    stats = environment.stats
    wanted = (environment.parsed_options.num_users or 0) * journeys_per_user()
    problems = _problems(stats, settings, wanted)
    print(table(stats), flush=True)
    if problems:
        environment.process_exit_code = 1
        print("locust gate: FAILED: " + "; ".join(problems), flush=True)
        for error in list(stats.errors.values())[:SHOWN_ERRORS]:
            print(f"  {error.occurrences} x {error.name}: {str(error.error)[:500]}", flush=True)
    else:
        print("locust gate: PASSED: every journey passed within the objectives", flush=True)
    return problems


def table(stats) -> str:
    rows = []
    for name in STAGES:
        entry = stats.entries.get((name, STAGE_TYPE))
        if entry is None:
            continue
        ms = [entry.get_response_time_percentile(p) for p in (0.5, 0.95, 0.99)]
        rows.append((name, [str(entry.num_requests), str(entry.num_failures)]
                     + [f"{v:.0f}" for v in ms + [entry.max_response_time or 0]]))
    return percentile_table("stage (ms)", rows, extra=("failed",), width=7)


def _problems(stats, settings: Settings | None, wanted: int) -> list[str]:
    found = []
    journey = stats.entries.get(("journey", STAGE_TYPE))
    done = journey.num_requests if journey is not None else 0
    if done < wanted:
        found.append(f"only {done} of {wanted} journeys finished before the run ended")
    failures = sum(e.num_failures for e in stats.entries.values())
    if failures:
        found.append(f"{failures} stage failures (journeys failed: "
                     f"{journey.num_failures if journey is not None else 0})")
    if settings is None:
        return found + ["no settings were loaded, so no objective could be checked"]
    for name, limit_s in (("answer", settings.slo_answer_p95_s),
                          ("first event", settings.slo_first_event_p95_s)):
        entry = stats.entries.get((name, STAGE_TYPE))
        if entry is None or entry.num_requests == 0:
            found.append(unmeasured(name, limit_s))
            continue
        p95_s = entry.get_response_time_percentile(0.95) / 1000
        if p95_s >= limit_s:
            found.append(breach_sentence(name, p95_s, entry.num_requests, "journeys", limit_s,
                                         "Locust's figure"))
    return found


def journeys_per_user() -> int:
    """``E2E_LOCUST_JOURNEYS``: how many golden-path journeys each Locust user runs (default 1)."""
    return int(os.environ.get("E2E_LOCUST_JOURNEYS", "1"))
