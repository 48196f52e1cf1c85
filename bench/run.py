"""Print the four benchmark figures, each with its method (see bench/README.md).

    python3 bench/run.py               # all four (about ten minutes on 2 cores)
    python3 bench/run.py --only 2,4    # some of them
    python3 bench/run.py --quick       # small sizes: checks the benchmarks work, figures not comparable

From a fresh clone this first makes ``.venv`` as ``tasks.py`` does, then runs inside it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _inside_venv() -> None:
    """Re-run with .venv's python (made or refreshed by tasks.py) unless already there."""
    venv_python = ROOT / ".venv" / "bin" / "python"
    if Path(sys.prefix).resolve() == (ROOT / ".venv").resolve():
        return
    sys.path.insert(0, str(ROOT))
    import tasks
    tasks.ensure_environment()
    os.execv(str(venv_python), [str(venv_python), str(Path(__file__).resolve()), *sys.argv[1:]])


def main(argv: list[str]) -> int:
    _inside_venv()
    sys.path.insert(0, str(HERE))
    import capacity
    import catalogue
    import engines
    import overhead
    from common import machine

    args = _parser().parse_args(argv)
    wanted = {int(n) for n in args.only.split(",")} if args.only else {1, 2, 3, 4}
    print(f"Benchmarks, {time.strftime('%Y-%m-%d %H:%M %Z')}, on {machine()}", flush=True)
    print(__doc__.split("\n\n")[0], flush=True)
    figures, lines = {}, []
    if 1 in wanted:
        print("1. catalogue and start-up (method: bench/catalogue.py) ...", flush=True)
        figures["start_up"] = catalogue.start_up()
        figures["catalogue"] = catalogue.catalogue()
        lines.append(catalogue.report(figures))
        print(lines[-1], flush=True)
    if 2 in wanted:
        print("2. harness overhead (method: bench/overhead.py) ...", flush=True)
        if args.quick:
            overhead.JOURNEYS = 6
        figures["overhead"] = overhead.overhead()
        lines.append(overhead.report(figures["overhead"]))
        print(lines[-1], flush=True)
    if 3 in wanted:
        print("3. capacity (method: bench/capacity.py) ...", flush=True)
        sizes = (50, 100) if args.quick else capacity.SIZES
        figures["capacity"] = capacity.capacity(sizes)
        lines.append(capacity.report(figures["capacity"]))
        print(lines[-1], flush=True)
    if 4 in wanted:
        print("4. Locust versus the load mode (method: bench/engines.py) ...", flush=True)
        figures["engines"] = engines.engines(30 if args.quick else engines.PEOPLE)
        lines.append(engines.report(figures["engines"]))
        print(lines[-1], flush=True)
    print("\n== figures" + (" (QUICK: not comparable)" if args.quick else "") + "\n"
          + "\n".join(lines), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, default=str))
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 bench/run.py")
    p.add_argument("--only", help="comma-separated figure numbers, e.g. 2,4")
    p.add_argument("--quick", action="store_true", help="small sizes, to check the benchmarks run")
    p.add_argument("--json", metavar="PATH", help="also write every figure as JSON")
    return p


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
