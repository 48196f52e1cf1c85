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

from .settings import Settings

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
    lines = [f"{'stage (ms)':<14} {'count':>6} {'failed':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}"]
    for name in STAGES:
        entry = stats.entries.get((name, STAGE_TYPE))
        if entry is None:
            continue
        ms = [entry.get_response_time_percentile(p) for p in (0.5, 0.95, 0.99)]
        lines.append(f"{name:<14} {entry.num_requests:>6} {entry.num_failures:>6} "
                     + " ".join(f"{v:>7.0f}" for v in ms) + f" {entry.max_response_time or 0:>7.0f}")
    return "\n".join(lines)


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
            found.append(f"no {name} was measured; its objective cannot be met")
            continue
        p95_s = entry.get_response_time_percentile(0.95) / 1000
        if p95_s >= limit_s:
            found.append(f"{name} p95 was {p95_s:.2f} s over {entry.num_requests} journeys "
                         f"(Locust's figure); objective is under {limit_s:.2f} s")
    return found


def journeys_per_user() -> int:
    """``E2E_LOCUST_JOURNEYS``: how many golden-path journeys each Locust user runs (default 1)."""
    return int(os.environ.get("E2E_LOCUST_JOURNEYS", "1"))
