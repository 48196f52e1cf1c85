"""The README's figures, computed, never typed: how many journeys, and how long the two commands take.

The block between ``<!-- figures -->`` and ``<!-- /figures -->`` at the top of
``README.md`` is this module's output, and ``tests/library/test_readme_figures.py``
fails when the README says anything else:

- scenario counts come from the feature files themselves (behave's parser: each
  Outline example counts once, Rules included), per feature and in all;
- timings come from ``bench/readme-timings.json``, which only ``--measure`` writes,
  by running the command and timing it on this machine. A command never measured
  is said to be so; no figure is made up.

    .venv/bin/python scripts/readme_figures.py                    print the block
    .venv/bin/python scripts/readme_figures.py --write            put it into README.md
    .venv/bin/python scripts/readme_figures.py --measure journeys time `python3 tasks.py journeys`, then --write
    .venv/bin/python scripts/readme_figures.py --measure tests    time `python3 tasks.py tests`, then --write
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

from behave.parser import parse_file

from ..plurals import counted, plural

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
TIMINGS = ROOT / "bench" / "readme-timings.json"
COMMANDS = {"journeys": "python3 tasks.py journeys", "tests": "python3 tasks.py tests"}
START, END = "<!-- figures: scripts/readme_figures.py -->", "<!-- /figures -->"
MEASURE_DEADLINE_S = 3600


def scenarios_by_feature(features: Path = ROOT / "features") -> dict[str, list]:
    """Each feature's title -> its scenarios (Outline examples one by one, Rules included)."""
    found = {}
    for path in sorted(features.glob("*.feature")):
        feature = parse_file(str(path))
        found[feature.name] = list(feature.walk_scenarios())
    return found


def timings(path: Path = TIMINGS) -> dict:
    return json.loads(path.read_text()) if path.is_file() else {}


def render(features: Path = ROOT / "features", measured: dict | None = None) -> str:
    by_feature = scenarios_by_feature(features)
    total = sum(len(s) for s in by_feature.values())
    local = sum(1 for s in by_feature.values() for x in s if "local-only" in x.effective_tags)
    slow = sum(1 for s in by_feature.values() for x in s if "slow" in x.effective_tags)
    measured = timings() if measured is None else measured
    lines = [START, "",
             f"The catalogue holds **{counted(total, 'journey')}** in "
             f"{counted(len(by_feature), 'feature')} ({local} of them "
             f"{plural(local, 'needs', 'need')} the suite's own platform, "
             f"{slow} {plural(slow, 'is', 'are')} slow).", ""]
    for name, command in COMMANDS.items():
        figure = measured.get(name)
        if figure:
            lines.append(f"- `{command}`: {_duration(figure['seconds'])} here, measured "
                         f"{figure['measured_at']} on {figure['machine']} "
                         f"(`.venv` already made; the first run adds its installation).")
        else:
            lines.append(f"- `{command}`: not measured on this machine yet "
                         f"(`.venv/bin/python scripts/readme_figures.py --measure {name}`).")
    return "\n".join(lines + ["", END])


def readme_block(text: str) -> str | None:
    match = re.search(re.escape(START) + r".*?" + re.escape(END), text, re.S)
    return match.group(0) if match else None


def write(readme: Path = README) -> None:
    text = readme.read_text()
    if readme_block(text) is None:
        raise SystemExit(f"{readme} has no figures block ({START} ... {END}); add one where the "
                         f"figures belong, then run this again")
    readme.write_text(text.replace(readme_block(text), render()))


def measure(name: str) -> dict:
    """Run the README's command as a newcomer would (scrubbed environment) and time it."""
    environment = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/tmp")}
    log = ROOT / "reports" / f"readme-measure-{name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log.open("w") as output:
        done = subprocess.run(COMMANDS[name].split(), cwd=ROOT, env=environment, timeout=MEASURE_DEADLINE_S,
                              stdout=output, stderr=subprocess.STDOUT)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"`{COMMANDS[name]}` exited with {done.returncode} after {seconds:.0f} s "
                         f"(its output: {log.relative_to(ROOT)}); a failing run's time is not the "
                         f"README's figure: fix it and measure again")
    figure = {"seconds": round(seconds, 1), "measured_at": time.strftime("%Y-%m-%d", time.gmtime()),
              "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}"}
    TIMINGS.write_text(json.dumps({**timings(), name: figure}, indent=2) + "\n")
    return figure


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/readme_figures.py",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="put the figures into README.md")
    parser.add_argument("--measure", choices=sorted(COMMANDS), help="time that command first")
    args = parser.parse_args(argv)
    if args.measure:
        print(f"{args.measure}: {measure(args.measure)}")
    if args.write or args.measure:
        write()
        print(f"README.md's figures updated from the features and {TIMINGS.relative_to(ROOT)}")
    else:
        print(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
