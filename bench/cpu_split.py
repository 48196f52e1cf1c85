"""Where the CPU goes in one load-mode run: the driver (this process) and the platform.

    .venv/bin/python bench/cpu_split.py 500        # people; a 1 s ramp as in figure 3

Driver CPU is this process's user + system time (``getrusage``); the platform's is read from
``/proc/<pid>/stat`` (Linux) before and after the measured run. Used to decide whether the
reference platform is the bottleneck (bench/README.md, "The platform must keep up").
"""

from __future__ import annotations

import os
import resource
import sys
import time

from common import local_platform, machine

from journeys.load.run import LoadPlan, run_load


def platform_cpu_s(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(people: int) -> None:
    print(f"CPU split, {time.strftime('%Y-%m-%d %H:%M %Z')}, on {machine()}")
    with local_platform() as (settings, platform):
        pid = platform._process.pid
        before_platform = platform_cpu_s(pid)
        before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.monotonic()
        report = run_load(settings, LoadPlan(people, 1.0), out=None)
        wall = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_SELF)
        platform_s = platform_cpu_s(pid) - before_platform
    driver_s = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(report.table())
    print(f"{people} people (sign-in and measured phase): wall {wall:.1f} s; driver CPU "
          f"{driver_s:.1f} s ({driver_s / people * 1000:.1f} ms a journey); platform CPU "
          f"{platform_s:.1f} s ({platform_s / people * 1000:.1f} ms a journey)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
