"""What a rate journey costs in wall time against a single answer (``python3 bench/rates.py``).

A rate journey ("at least 9 of 10") asks the same question in ten conversations of its own, at
the same time (``journeys.capabilities.repeats``). It must cost far less than ten single
answers. Against a fresh platform at the default pace (30 ms between events), alternating so
drift hits both alike, this prints the median wall time of:

- one answer: a logged-in person asks once and the answer is judged (``right_figures``);
- one rate of N: the same question asked N times at once and the rate judged (``expect_rate``);
- N answers one after the other, the cost a rate journey would have without its parallel chats.

Each side uses its own person, logged in before the clock starts. Figures only; nothing asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import local_platform, machine

from journeys.capabilities.attempt_judges import categorise, right_figures
from journeys.capabilities.people import Cast
from journeys.capabilities.repeats import Attempt, ask_repeatedly, expect_rate
from journeys.evidence import Evidence

QUESTION = "What would 5 million Claude 3.5 Sonnet tokens a month cost us?"


def one_answer(cast: Cast, name: str) -> float:
    person = cast[name]
    person.ensure_account()
    person.log_in()
    started = time.monotonic()
    turn = person.ask(QUESTION)
    right_figures(Attempt(1, person.name, turns=[turn]))
    return time.monotonic() - started


def one_after_another(cast: Cast, name: str, count: int) -> float:
    person = cast[name]
    person.ensure_account()
    person.log_in()
    started = time.monotonic()
    for n in range(count):
        right_figures(Attempt(n + 1, person.name, turns=[person.ask(QUESTION)]))
    return time.monotonic() - started


def one_rate(cast: Cast, name: str, count: int) -> float:
    person = cast[name]
    person.ensure_account()
    person.log_in()
    started = time.monotonic()
    repeats = ask_repeatedly(person, [QUESTION], count)
    expect_rate(repeats, str(count), "meaningful answers with the right figures", right_figures, categorise)
    return time.monotonic() - started


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--attempts", type=int, default=10)
    options.add_argument("--rounds", type=int, default=5)
    args = options.parse_args()
    print(machine())
    single, rate, serial = [], [], []
    with local_platform() as (settings, _):
        for round_ in range(args.rounds):
            cast = Cast(settings, Evidence())
            try:
                single.append(one_answer(cast, f"Solo{round_}"))
                rate.append(one_rate(cast, f"Rate{round_}", args.attempts))
                serial.append(one_after_another(cast, f"Serial{round_}", args.attempts))
            finally:
                cast.close()
    one, many, row = statistics.median(single), statistics.median(rate), statistics.median(serial)
    print(f"one answer:                         {one:.3f} s (median of {args.rounds})")
    print(f"one rate of {args.attempts}, at once:             {many:.3f} s = {many / one:.1f} times one answer")
    print(f"{args.attempts} answers one after the other:     {row:.3f} s = {row / one:.1f} times one answer")


if __name__ == "__main__":
    main()
