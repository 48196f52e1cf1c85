"""A latency-distribution chart as a small, self-contained SVG.

The report shows service levels as a picture a product owner reads at a
glance: how the measured durations spread, where p50, p95 and the slowest
fall, and where the objective is. Plain SVG text, no plotting library: it has
no fonts or scripts to fetch, opens offline inside the single-file report,
and is easy to check in a test (it parses as XML; bars and marks are
elements with ``data-*`` attributes naming what they show).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

from ..errors import SuiteError
from ..rules.slo import percentile

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 40, 48
OBJECTIVE_REACH = 3.0
MARK_COLOURS = {"p50": "#2b7bb9", "p95": "#d9822b", "max": "#7a3e9d", "objective": "#c23030"}


def bins_for(values: Sequence[float], upper: float, count: int | None = None) -> list[int]:
    """How many values fall in each of ``count`` equal bins on [0, upper]; the last bin is closed."""
    if upper <= 0:
        raise SuiteError(f"a chart's upper bound must be above 0, got {upper!r}")
    count = count or max(5, min(20, math.ceil(math.sqrt(len(values))) * 2))
    bins = [0] * count
    for value in values:
        index = min(count - 1, max(0, int(value / upper * count)))
        bins[index] += 1
    return bins


def latency_chart(title: str, values_s: Sequence[float], objective_s: float | None = None) -> str:
    """An SVG histogram of ``values_s`` (seconds) with p50, p95, max and the objective marked."""
    values = list(values_s)
    if not values:
        raise SuiteError(f"no measurements to chart for {title!r}")
    marks = {"p50": percentile(values, 50), "p95": percentile(values, 95), "max": max(values)}
    if objective_s is not None:
        marks["objective"] = objective_s
    # The axis spans what was measured; the objective widens it only when it is near, so a
    # distribution far under its objective is still seen (the objective is then marked at the edge).
    upper = _nice_ceiling(max(values) * 1.05)
    if objective_s is not None and objective_s <= upper * OBJECTIVE_REACH:
        upper = _nice_ceiling(max(objective_s, max(values)) * 1.05)
    bins = bins_for(values, upper)
    tallest = max(bins)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(seconds: float) -> float:
        return LEFT + min(seconds, upper) / upper * plot_w

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11">',
             f'<title>{escape(title)}</title>',
             f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
             f'<text x="{LEFT}" y="20" font-size="14" font-weight="bold">{escape(title)}: '
             f'{len(values)} measured</text>']
    bar_w = plot_w / len(bins)
    for index, count in enumerate(bins):
        height = count / tallest * plot_h if tallest else 0
        parts.append(
            f'<rect class="bar" data-count="{count}" data-from-s="{index * upper / len(bins):.4f}" '
            f'x="{LEFT + index * bar_w + 1:.1f}" y="{TOP + plot_h - height:.1f}" '
            f'width="{max(bar_w - 2, 1):.1f}" height="{height:.1f}" fill="#9fc5e8"/>')
    parts += _axes(upper, tallest, plot_w, plot_h)
    for row, (name, seconds) in enumerate(marks.items()):
        colour = MARK_COLOURS[name]
        dash = ' stroke-dasharray="6 3"' if name == "objective" else ""
        parts.append(f'<line class="mark" data-mark="{name}" data-seconds="{seconds:.4f}" '
                     f'x1="{x(seconds):.1f}" x2="{x(seconds):.1f}" y1="{TOP}" y2="{TOP + plot_h}" '
                     f'stroke="{colour}" stroke-width="2"{dash}/>')
        beyond = " (beyond the axis)" if seconds > upper else ""
        parts.append(f'<text x="{WIDTH - RIGHT}" y="{TOP + 12 + row * 14}" text-anchor="end" '
                     f'fill="{colour}">{name} {seconds:.3f} s{beyond}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _axes(upper: float, tallest: int, plot_w: float, plot_h: float) -> list[str]:
    base = TOP + plot_h
    parts = [f'<line x1="{LEFT}" y1="{base}" x2="{LEFT + plot_w}" y2="{base}" stroke="#333"/>',
             f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base}" stroke="#333"/>']
    for tick in range(5):
        seconds = upper * tick / 4
        px = LEFT + plot_w * tick / 4
        parts.append(f'<text x="{px:.1f}" y="{base + 16}" text-anchor="middle">{seconds:.2f} s</text>')
    parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle">'
                 f'seconds from the person\'s message</text>')
    parts.append(f'<text x="{LEFT - 8}" y="{TOP + 4}" text-anchor="end">{tallest}</text>')
    parts.append(f'<text x="{LEFT - 8}" y="{base}" text-anchor="end">0</text>')
    parts.append(f'<text x="14" y="{TOP + plot_h / 2:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 14 {TOP + plot_h / 2:.1f})">how many</text>')
    return parts


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power
