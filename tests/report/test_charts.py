"""The latency chart is valid SVG that shows what was measured, and only that."""

import xml.etree.ElementTree as ElementTree

import pytest

from journeys.report.charts import bins_for, latency_chart
from journeys.errors import SuiteError

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str):
    return ElementTree.fromstring(svg)


def test_every_measurement_is_in_exactly_one_bar():
    values = [0.1, 0.2, 0.2, 0.3, 0.9, 1.4, 1.5]
    root = parse(latency_chart("time to the answer", values, objective_s=2.0))
    counts = [int(bar.get("data-count")) for bar in root.iter(f"{SVG}rect") if bar.get("class") == "bar"]
    assert sum(counts) == len(values)


def test_marks_are_the_measured_percentiles_and_the_objective():
    values = [float(n) / 10 for n in range(1, 21)]          # 0.1 .. 2.0
    root = parse(latency_chart("t", values, objective_s=2.5))
    marks = {line.get("data-mark"): float(line.get("data-seconds"))
             for line in root.iter(f"{SVG}line") if line.get("class") == "mark"}
    assert marks == {"p50": 1.0, "p95": 1.9, "max": 2.0, "objective": 2.5}
    xs = {name: float(line.get("x1")) for line in root.iter(f"{SVG}line")
          if (name := line.get("data-mark"))}
    assert xs["p50"] < xs["p95"] < xs["max"] < xs["objective"]


def test_no_objective_means_no_objective_mark_and_titles_are_escaped():
    svg = latency_chart("<Sam & Leo>", [0.5])
    root = parse(svg)
    assert "objective" not in {line.get("data-mark") for line in root.iter(f"{SVG}line")}
    assert root.find(f"{SVG}title").text == "<Sam & Leo>"


def test_bins_close_the_last_bin_and_refuse_nonsense():
    assert bins_for([0.0, 1.0, 0.5], 1.0, 2) == [1, 2]
    with pytest.raises(SuiteError):
        bins_for([1.0], 0)
    with pytest.raises(SuiteError):
        latency_chart("nothing measured", [])


def test_a_far_objective_does_not_squash_the_distribution():
    values = [0.002, 0.003, 0.004, 0.005, 0.02]
    root = parse(latency_chart("t", values, objective_s=1.0))
    counts = [int(bar.get("data-count")) for bar in root.iter(f"{SVG}rect") if bar.get("class") == "bar"]
    assert sum(1 for c in counts if c) >= 2, counts
    objective = next(line for line in root.iter(f"{SVG}line") if line.get("data-mark") == "objective")
    assert float(objective.get("data-seconds")) == 1.0
    assert "beyond the axis" in "".join(root.itertext())
