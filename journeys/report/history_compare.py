"""What changed: the latest run of a target against a baseline run, or against the runs before it.

    python3 tasks.py history [--baseline RUN_ID | --last N] [--target NAME]

Reads ``journeys.report.history``'s file for the target and shows, for the latest run:

- new failures: failed now, and passed every time it ran in the compared runs (or never ran);
- fixes: passes now, and failed the last time it ran;
- flaky scenarios: pass and fail flipping at least twice across the compared runs and the latest
  (so ``--last 2`` or more); *newly* flaky when the compared runs alone flipped less than twice;
- rate drops: a lower rate now than in the compared runs pooled ("50/50 → 6/10"), with Fisher's
  exact two-sided p; a drop is a regression when p < 0.05, and shown as not significant otherwise
  ("10/10 → 6/10" alone is p = 0.087: ten attempts cannot tell it from chance);
- slower journeys: passed now in more than ``SLOWER_FACTOR`` times and more than ``SLOWER_BY_S``
  seconds over the median of its passing durations in the compared runs (both, so a 0.1 s journey
  taking 0.3 s is not news, nor is a 60 s journey taking 61.5 s).

The default compares with the last ``DEFAULT_WINDOW`` runs before the latest. Exit status: 0 no
regression, 1 a regression (a new failure, a newly flaky scenario, a significant rate drop, a
slower journey), 2 nothing to compare (no history yet, an unknown run id), saying why.
``summary.md`` shows the same deltas under "Since the last run" (``since_last_run``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..config.paths import reports_dir
from ..config.settings import choose_target
from ..rules.rates import SIGNIFICANCE, Rate, pooled, rate_drop_p
from ..secrets import registry
from .history import FAILED, PASSED, RunRecord, history_file, load_runs, read_run, run_target

DEFAULT_WINDOW = 5
SLOWER_FACTOR = 1.5
SLOWER_BY_S = 1.0
BAD_INPUT = 2


@dataclass(frozen=True)
class RateDrop:
    scenario: str
    what: str
    before: Rate
    now: Rate
    p: float

    @property
    def significant(self) -> bool:
        return self.p < SIGNIFICANCE


@dataclass
class Comparison:
    latest: RunRecord
    compared: list[RunRecord]
    new_failures: list[tuple[str, str]] = field(default_factory=list)    # (scenario, category)
    fixes: list[str] = field(default_factory=list)
    flaky: list[tuple[str, list[str], bool]] = field(default_factory=list)   # (scenario, verdicts, new)
    rate_drops: list[RateDrop] = field(default_factory=list)
    slower: list[tuple[str, float, float]] = field(default_factory=list)     # (scenario, now, median)

    @property
    def regressions(self) -> int:
        return (len(self.new_failures) + sum(1 for *_, new in self.flaky if new)
                + sum(1 for d in self.rate_drops if d.significant) + len(self.slower))


def flips(verdicts: list[str]) -> int:
    return sum(1 for before, after in zip(verdicts, verdicts[1:]) if before != after)


def compare(latest: RunRecord, compared: list[RunRecord]) -> Comparison:
    """``compared``: oldest first, the latest run not among them."""
    result = Comparison(latest, compared)
    for name, now in latest.scenarios.items():
        earlier = [run.scenarios[name] for run in compared if name in run.scenarios]
        verdicts = [s.verdict for s in earlier if s.verdict in (PASSED, FAILED)]
        if now.verdict in (PASSED, FAILED):
            if flips(verdicts + [now.verdict]) >= 2:
                result.flaky.append((name, verdicts + [now.verdict], flips(verdicts) < 2))
            elif now.verdict == FAILED and FAILED not in verdicts:
                result.new_failures.append((name, now.category or "failed"))
            elif now.verdict == PASSED and verdicts and verdicts[-1] == FAILED:
                result.fixes.append(name)
        for what, rate in now.rates.items():
            before = pooled([s.rates[what] for s in earlier if what in s.rates])
            if before and before.attempts and rate.attempts and \
                    rate.successes * before.attempts < before.successes * rate.attempts:
                result.rate_drops.append(RateDrop(name, what, before, rate, rate_drop_p(before, rate)))
        durations = [s.duration_s for s in earlier if s.verdict == PASSED]
        if now.verdict == PASSED and durations:
            median = statistics.median(durations)
            if now.duration_s > SLOWER_FACTOR * median and now.duration_s - median > SLOWER_BY_S:
                result.slower.append((name, now.duration_s, median))
    return result


def describe(comparison: Comparison, markdown: bool = False) -> list[str]:
    """The deltas as lines; ``markdown`` for ``summary.md`` (only what changed, bold headings)."""
    c = comparison
    runs = len(c.compared)
    against = f"run {c.compared[0].run_id}" if runs == 1 else \
        f"the {runs} runs from {c.compared[0].run_id} to {c.compared[-1].run_id}"
    lines = [f"Run {c.latest.run_id} of target '{c.latest.target}' compared with {against}."]
    sections = [
        ("New failures", [f"{name}: {category}" for name, category in c.new_failures]),
        ("Fixes", list(c.fixes)),
        ("Flaky: pass and fail flipping", [f"{name}: {', '.join(verdicts)}{' (newly flaky)' if new else ''}"
                                          for name, verdicts, new in c.flaky]),
        ("Rate drops (Fisher's exact test, two-sided)", [
            f"{d.scenario}, {d.what}: {d.before.counts()} → {d.now.counts()} (p = {d.p:.3g}, "
            f"{'significant' if d.significant else f'not significant at {SIGNIFICANCE:g}'})"
            for d in c.rate_drops]),
        (f"Slower (over {SLOWER_FACTOR:g}x and {SLOWER_BY_S:g} s over the median)", [
            f"{name}: {now:.2f} s, median {median:.2f} s" for name, now, median in c.slower]),
    ]
    for title, items in sections:
        if markdown and not items:
            continue
        lines += ["", f"**{title}**" if markdown else f"{title}:"]
        lines += [f"- {item}" for item in items] or ["- none"]
    count = c.regressions
    lines += ["", f"{count} regression{'s' if count != 1 else ''}." if count else "No regression."]
    return [registry.mask(line) for line in lines]


def this_run_compared(reports: Path, junit: Path, window: int = DEFAULT_WINDOW) -> Comparison | None:
    """This run (read from its JUnit) against the runs recorded before it; None when its target
    has no history yet. This run is found in the history by its results. Read by the summary and
    by the Allure report (``journeys.report.allure_deltas``)."""
    target = run_target(reports)
    runs, _ = load_runs(history_file(target, reports))
    this = read_run(junit, target)
    if runs and runs[-1].same_results(this):
        this, runs = runs[-1], runs[:-1]
    if not runs or not this.ran:
        return None
    return compare(this, runs[-window:])


def since_last_run(reports: Path, junit: Path, window: int = DEFAULT_WINDOW) -> str:
    """``summary.md``'s section (``this_run_compared``); "" when its target has no history yet."""
    comparison = this_run_compared(reports, junit, window)
    if comparison is None:
        return ""
    lines = describe(comparison, markdown=True)
    return "\n### Since the last run\n\n" + "\n".join(lines) + "\n"


def choose_runs(runs: list[RunRecord], baseline: str | None, last: int) -> tuple[RunRecord, list[RunRecord]]:
    """The latest run and the ones it is compared with; ValueError saying why there are none."""
    if len(runs) < 2:
        raise ValueError(f"only one run is recorded ({runs[0].run_id}): nothing to compare it with "
                         f"yet; the next run adds another")
    latest, earlier = runs[-1], runs[:-1]
    if baseline is None:
        return latest, earlier[-last:]
    if baseline == latest.run_id:
        raise ValueError(f"run {baseline} is the latest run itself; choose an earlier one: "
                         f"{', '.join(r.run_id for r in earlier[-10:])}")
    for run in earlier:
        if run.run_id == baseline:
            return latest, [run]
    raise ValueError(f"no run {baseline!r} is recorded; the last ones are: "
                     f"{', '.join(r.run_id for r in earlier[-10:])}")


def positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number of runs, 1 or more")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 tasks.py history", description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--baseline", metavar="RUN_ID", help="compare the latest run with this run")
    group.add_argument("--last", metavar="N", type=positive, default=DEFAULT_WINDOW,
                       help="compare the latest run with the N runs before it (default: %(default)s)")
    parser.add_argument("--target", metavar="NAME", default=None,
                        help="whose history (default: E2E_TARGET, else local)")
    args = parser.parse_args(argv)
    target = args.target or choose_target()
    path = history_file(target, reports_dir())
    try:
        runs, unreadable = load_runs(path)
        if not runs:
            raise ValueError(f"no history for target '{target}' yet: {path} "
                             f"{'holds no readable run' if path.exists() else 'does not exist'}; every "
                             f"run of python3 tasks.py journeys adds to it (E2E_HISTORY_DIR says where)")
        latest, compared = choose_runs(runs, args.baseline, args.last)
    except (ValueError, OSError) as error:
        print(f"Nothing to compare: {error}", file=sys.stderr)
        return BAD_INPUT
    comparison = compare(latest, compared)
    print("\n".join(describe(comparison)))
    if unreadable:
        print(f"({unreadable} unreadable line{'s' if unreadable != 1 else ''} of {path} left out)")
    return 1 if comparison.regressions else 0


if __name__ == "__main__":
    sys.exit(main())
