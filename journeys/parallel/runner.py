"""``python3 tasks.py journeys``: the catalogue in parallel behave workers, as one run.

Why not behavex (4.6.8, tried here and dropped from requirements.txt): it runs every
scenario or feature as its own behave run, so each would start its own
reference platform (``before_all``); it does not read ``behave.ini``'s
``default_tags``; it writes its own report format beside behave's JUnit and our
Allure results; and it neither checks the target once before the workers start
nor stops the workers' process groups on SIGTERM. This runner is behave itself,
in several processes (``journeys.parallel.plan`` says which scenarios go where;
``journeys.parallel.reports`` makes their reports one).

Once, before any worker: the settings are read and checked, the local platform
is started (shared by the workers, ``journeys.run.shared_platform``) and the
target's health checked, so a settings error or an environment that is down
stops everything before any scenario, exactly as in a serial run. Each worker
is a process group of its own; Ctrl-C, SIGTERM and the run's deadline stop
every group (SIGTERM, then SIGKILL after ``STOP_DEADLINE_S``) and then the
shared platform.

``E2E_WORKERS`` sets the number of workers; 1 runs plain behave, exactly as
before. By default: on the local target six per core, at most 12 (the workers
mostly wait on answers: with 8 on two cores, a catalogue whose answers never came
took 58 s, with 12 39 s), on any other target eight per core, at most 16 (they
wait on the network).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from behave.configuration import Configuration

from ..run import outcome
from .claims import CLAIMS_ENV, claim, claim_path, latest_claims
from ..errors import SuiteError
from ..run.interrupts import treat_sigterm_as_interrupt
from .plan import (Plan, Unit, make_plan, serial_reason, split_options,
                            without_junit_directory)
from .reports import (cut_short, environment_down, merge_findings, merge_junit, move_results, summary,
                      without_others_scenarios)
from ..config.paths import PROJECT_ROOT, reports_dir
from ..report.run_files import describe_run, finish_run, prepare_reports, record_history, record_stop
from ..report.known_failures import mark_known_defects
from ..report.environment_down import agree
from ..secrets import registry
from ..config.settings import choose_target, LOCAL
from ..run.shared_platform import SHARED_PLATFORM_ENV, environment_for_workers
from ..report.summary import WORKER_ENV, print_findings, write_summary
from ..run.target import open_target, target_settings

WORKERS_ENV = "E2E_WORKERS"
STOP_DEADLINE_S = 15.0
POLL_S = 0.05
SHARED_NICENESS = 10
STALL_S = 2.0                     # a shared worker on one scenario this long is waiting on answers
WAITING_EVERY_S = 0.25            # how often the claims are read to count the waiting workers
NOISE = ("Journeys against ", "USING RUNNER:")   # each worker's first lines; the runner says them once


def worker_count(environ: dict, local: bool) -> int:
    raw = (environ.get(WORKERS_ENV) or "").strip()
    if not raw:
        cores = os.cpu_count() or 1
        return min(12, max(4, 6 * cores)) if local else min(16, max(8, 8 * cores))
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{WORKERS_ENV} is {raw!r}; expected a whole number, 1 or more (1 runs "
                         f"the journeys one after another, in one behave process); set it in the "
                         f"environment, or unset it for a count chosen from the machine and the target")
    return int(raw)


def main(args: list[str]) -> int:
    behave = [sys.executable, "-m", "journeys.parallel.behave_cli"]   # behave, minus its console noise
    reason = serial_reason(args)
    try:
        userdata = Configuration(command_args=list(args), load_config=True).userdata
    except SystemExit:
        reason = "behave did not accept the options"   # behave says why, below
        userdata = {}
    try:
        workers = worker_count(os.environ, choose_target(userdata) == LOCAL)
    except ValueError as error:
        print(f"\nSETTINGS ERROR: {error}\n", file=sys.stderr, flush=True)
        outcome.record_stop("settings error", str(error))
        return outcome.SETTINGS_ERROR_EXIT
    if workers == 1 or reason:
        if reason and workers > 1:
            print(f"Running the journeys in one process: {reason}.", flush=True)
        return _run([*behave, *args])
    args, junit = without_junit_directory(args)
    return ParallelRun(args, behave, workers, dict(userdata), Path(junit) if junit else reports_dir() / "junit").run()


class ParallelRun:
    def __init__(self, args: list[str], behave: list[str], workers: int, userdata: dict, junit: Path) -> None:
        self.args, self.behave, self.workers, self.userdata = args, behave, workers, userdata
        self.junit = junit                # the run's JUnit folder: --junit-directory, else in E2E_REPORTS_DIR
        self.reports = reports_dir()      # the run's reports folder, read once
        self.root = Path(tempfile.mkdtemp(prefix="journeys-workers-"))
        self.running: dict[subprocess.Popen, tuple[Unit | None, Path]] = {}
        self.finished: list[tuple[Unit | None, Path, int]] = []
        self.shared_env: dict[str, str] = {}
        self.started: dict[subprocess.Popen, float] = {}
        self._waiting = (0.0, 0)          # (when counted, shared workers waiting on answers)
        self.claims = self.root / "claims"
        self.paths = Configuration(command_args=list(args), load_config=True).paths or ["features"]
        self.settings = None              # the run's, once read: its known defects are marked once merged

    def run(self) -> int:
        treat_sigterm_as_interrupt()
        started = time.monotonic()
        prepare_reports()
        target, code, settings = None, 0, None
        try:
            settings = target_settings(self.userdata)
            target = open_target(settings=settings)
            self.settings = target.settings
            describe_run(target.settings, target.versions)
            if target.platform is not None:
                self.shared_env = environment_for_workers(target.platform)
            local = target.settings.is_local
            plan = make_plan(self.args, self.behave, self._environ({}), local)
            apart = "on platforms of their own" if local else "alone, after the others"
            print(f"Journeys against {target.settings.describe()}\n{plan.scenario_count} scenarios: "
                  f"{len(plan.shared)} shared out among workers, {len(plan.units)} {apart}; up to "
                  f"{self.workers} behave processes at a time ({WORKERS_ENV})", flush=True)
            code = self._work(plan)
        except SuiteError as error:
            print(f"\n{error.category.upper()}: {registry.mask(error.detail)}\n", file=sys.stderr, flush=True)
            print("0 scenarios passed, 0 failed, 0 skipped: the run stopped before any scenario", flush=True)
            record_stop(error, self.junit, settings)
            write_summary(self.reports, self.junit)
            return outcome.EXIT_BY_CATEGORY.get(error.category, outcome.FAILED)
        except KeyboardInterrupt:
            print("\nInterrupted: stopping every worker and the platform.", file=sys.stderr, flush=True)
            code = 130
        finally:
            self._stop_all()
            if target is not None:
                target.close()
            code = self._report(code, time.monotonic() - started)
            shutil.rmtree(self.root, ignore_errors=True)
        return code

    def _work(self, plan: Plan) -> int:
        """Units first, slowest first: those on platforms of their own on at most a quarter of the
        workers (at least two) while shared scenarios wait; the @slow ones on the shared platform
        at once. Shared workers: a third of the workers at first (each behave process costs its
        start-up CPU), and one more for each shared worker that has been on one scenario for
        ``STALL_S`` (it is waiting on answers, not using the CPU), up to the worker count."""
        pending = [u for u in plan.units if not u.alone]
        alone = [u for u in plan.units if u.alone]
        self.claims.mkdir()
        for unit in plan.units:           # never taken by a shared worker
            for location in unit.locations:
                claim(self.claims, location)
        first_shared = max(2, self.workers // 3)
        while pending or alone or self.running or self._unclaimed(plan):
            unclaimed = self._unclaimed(plan)
            own_limit = max(2, self.workers // 4) if unclaimed else self.workers
            units_running = sum(1 for unit, _ in self.running.values() if unit is not None)
            own_running = sum(1 for unit, _ in self.running.values() if unit and unit.platform == "own")
            for unit in [u for u in pending if u.platform != "own"]:
                if len(self.running) < self.workers:
                    pending.remove(unit)
                    self._start(unit)
                    units_running += 1
            while pending and len(self.running) < self.workers and own_running < own_limit:
                self._start(pending.pop(0))
                own_running += 1
                units_running += 1
            shared_running = len(self.running) - units_running
            wanted = first_shared + self._waiting_shared() if unclaimed else 0
            while unclaimed > shared_running and len(self.running) < self.workers and shared_running < wanted:
                self._start(None)
                shared_running += 1
            if not pending and not self.running and not unclaimed and alone:
                self._start(alone.pop(0))
            for process in [p for p in self.running if p.poll() is not None]:
                unit, folder = self.running.pop(process)
                self.started.pop(process, None)
                self.finished.append((unit, folder, process.returncode))
                self._echo(folder)
                if environment_down([folder]):
                    return outcome.ENVIRONMENT_DOWN_EXIT
            time.sleep(POLL_S)
        return 0

    def _waiting_shared(self) -> int:
        """Shared workers on one scenario (or starting) for ``STALL_S`` or more."""
        now = time.time()
        if now - self._waiting[0] < WAITING_EVERY_S:
            return self._waiting[1]
        taken = latest_claims(self.claims)
        waiting = sum(1 for process, (unit, _) in self.running.items()
                      if unit is None and now - taken.get(process.pid, self.started[process]) >= STALL_S)
        self._waiting = (now, waiting)
        return waiting

    def _unclaimed(self, plan: Plan) -> int:
        return sum(1 for location in plan.shared if not claim_path(self.claims, location).exists())

    def _start(self, unit: Unit | None) -> None:
        """A behave process: ``unit``'s scenarios, or (None) a worker on the shared selection."""
        folder = self.root / f"{len(self.finished) + len(self.running):03d}"
        folder.mkdir()
        if unit is None:
            extra = dict(self.shared_env, **{CLAIMS_ENV: str(self.claims)})
            command = [*self.behave, *self.args]
        else:
            extra = dict(self.shared_env) if unit.platform == "shared" else {}
            command = [*self.behave, *split_options(self.args)[0], *unit.locations]
        command += ["--no-summary", "--junit-directory", str(folder / "junit")]
        with open(folder / "console.txt", "wb") as console:
            process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=self._environ(extra, folder),
                                       stdin=subprocess.DEVNULL, stdout=console,
                                       stderr=subprocess.STDOUT, start_new_session=True,
                                       preexec_fn=None if unit and unit.platform != "shared" else _lower_priority)
        self.running[process] = (unit, folder)
        self.started[process] = time.time()

    def _environ(self, extra: dict, folder: Path | None = None) -> dict:
        environ = {k: v for k, v in os.environ.items() if k not in (SHARED_PLATFORM_ENV, CLAIMS_ENV)}
        environ.update(extra)
        if folder is not None:
            environ["E2E_REPORTS_DIR"] = str(folder)
            environ[WORKER_ENV] = "1"     # the runner writes the run's one summary (journeys.report.summary)
        return environ

    def _echo(self, folder: Path) -> None:
        text = (folder / "console.txt").read_text(errors="replace")
        lines = without_others_scenarios([line for line in text.splitlines() if not line.startswith(NOISE)])
        if lines:
            print(registry.mask("\n".join(lines)), flush=True)

    def _stop_all(self) -> None:
        """Every worker's process group: SIGTERM (behave stops as for Ctrl-C), then SIGKILL."""
        for process in self.running:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + STOP_DEADLINE_S
        for process, (unit, folder) in list(self.running.items()):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
            self.finished.append((unit, folder, process.returncode))
        self.running.clear()

    def _report(self, code: int, wall_s: float) -> int:
        folders = [folder for _, folder, _ in self.finished]
        if not folders:
            return code
        down = environment_down(folders)
        if down is not None:
            shutil.copyfile(down, self.reports / "outcome.json")
            cut_short(folders, down)      # before the merge, which prefers a skip that says why
        tally = merge_junit(folders, self.junit, self.paths)
        move_results(folders, self.reports)
        merge_findings(folders, self.reports)
        finish_run()
        outcome.record_ran(tally.passed + tally.failed)   # this run's count, from every worker
        if agree(self.reports, self.junit) is not None:   # environment down anywhere: status 3
            code = outcome.ENVIRONMENT_DOWN_EXIT
        crashed = sum(1 for _, _, rc in self.finished if rc not in (0, 1))   # behave exits 1 on failures
        mark_known_defects(self.reports, self.junit, self.settings, unexplained=crashed)   # once merged
        record_history(self.reports, self.junit)          # verdicts over time, deltas on the Allure results
        write_summary(self.reports, self.junit)
        print("\n" + summary(tally, wall_s, self.workers, len(self.finished)), flush=True)
        print_findings(self.reports)
        if code == 0 and (tally.failed or any(rc != 0 for _, _, rc in self.finished)):
            code = 1
        return code


def _lower_priority() -> None:
    """Shared workers mostly wait; the CPU goes first to the @serial ones, which measure."""
    os.nice(SHARED_NICENESS)


def _signal_group(process: subprocess.Popen, number: int) -> None:
    try:
        os.killpg(process.pid, number)
        os.killpg(process.pid, signal.SIGCONT)
    except (ProcessLookupError, PermissionError):
        pass


def _run(command: list[str]) -> int:
    try:
        return subprocess.run(command, cwd=PROJECT_ROOT).returncode
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
