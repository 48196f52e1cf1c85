"""Figure 3: the most people whose golden paths all pass at once, and journeys per second.

For each size N (ascending), a fresh platform and one load-mode run (``journeys.load.run``, in
this process): N people sign in, connect over RAMP_S seconds, and once all N chats are open
each asks over RAMP_S seconds. A size passes when every journey passed its checks (valid
run with all five golden-path kinds, meaningful costed answer, exchange in the history), no
run lost an event, and the answer p95 (nearest rank) is under 2 s. The figure is the largest
N that passed with every smaller size passing too; the probe stops at the first failure.
Journeys per second: passed journeys / (last passed journey's end - start of the measured
phase), so the connect ramp is counted in.
"""

from __future__ import annotations

from common import local_platform

from journeys.load.run import LoadPlan, run_load

SIZES = (100, 200, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000)
RAMP_S = 1.0
ANSWER_P95_S = 2.0
FIRST_EVENT_P95_S = 1.0      # not part of the figure's test; reported beside it


def capacity(sizes: tuple[int, ...] = SIZES, echo=print) -> dict:
    rows, best, best_both, both_so_far = [], None, None, True
    for size in sizes:
        with local_platform() as (settings, _platform):
            report = run_load(settings, LoadPlan(size, RAMP_S), out=None)
        answer = report.stats.get("answer")
        first = report.stats.get("first event")
        ok = (not report.failed and not report.lost_event_runs and answer is not None
              and answer.p95 < ANSWER_P95_S)
        row = {"people": size, "passed": ok, "failed_journeys": len(report.failed),
               "lost_event_runs": report.lost_event_runs,
               "answer_p95_s": answer.p95 if answer else None,
               "first_event_p95_s": first.p95 if first else None,
               "journeys_per_s": report.journeys_per_s, "peak_in_flight": report.peak_in_flight}
        rows.append(row)
        echo(f"    {size:5d} people: {'pass' if ok else 'FAIL'}  answer p95 "
             f"{_s(row['answer_p95_s'])}  first event p95 {_s(row['first_event_p95_s'])}  "
             f"{row['journeys_per_s']:.1f} journeys/s  failed {row['failed_journeys']}  "
             f"lost {row['lost_event_runs']}  peak {row['peak_in_flight']} in flight")
        if not ok:
            break
        best = row
        both_so_far = both_so_far and row["first_event_p95_s"] < FIRST_EVENT_P95_S
        if both_so_far:
            best_both = row
    return {"ramp_s": RAMP_S, "rows": rows, "best": best, "best_both": best_both}


def report(f: dict) -> str:
    best = f["best"]
    if best is None:
        return "3.  capacity: not even the smallest size passed (see the rows above)"
    stopped = f["rows"][-1]
    limit = ("" if stopped["passed"] else
             f"; {stopped['people']} people failed (answer p95 {_s(stopped['answer_p95_s'])}, "
             f"{stopped['failed_journeys']} failed journeys, {stopped['lost_event_runs']} lost)")
    goal = "meets" if best["people"] >= 500 else "misses"
    both = f["best_both"]
    both_text = (f"\n    largest size also meeting the first-event objective (p95 under "
                 f"{FIRST_EVENT_P95_S:.0f} s, as the load mode's verdict requires): "
                 + (f"{both['people']} people ({both['journeys_per_s']:.1f} journeys/s)" if both else "none"))
    return (f"3.  capacity: {best['people']} concurrent golden-path journeys passed with no lost "
            f"event, answer p95 {best['answer_p95_s']:.2f} s (first event p95 "
            f"{best['first_event_p95_s']:.2f} s), {best['journeys_per_s']:.1f} journeys/s "
            f"(ramp {f['ramp_s']:.0f} s to connect, {f['ramp_s']:.0f} s to ask){limit}; {goal} the "
            f"goal of 500 people" + both_text)


def _s(value) -> str:
    return "-" if value is None else f"{value:.2f} s"
