"""The golden path runs, and so reports, first.

behave runs feature files in the order it finds them (alphabetical under
``features/``), which would put the tools journeys before the journey the
product stands on. Before any feature runs (``before_all``), the features of
this run are reordered in place: those tagged ``FIRST_TAGS`` first (the golden
path), then every other one in behave's own order. The same holds for any paths
given on the command line, and for plain ``.venv/bin/behave``; the console, JUnit
and Allure results all follow the run's order.
"""

from __future__ import annotations

FIRST_TAGS = ("golden-path",)


def golden_path_first(features: list) -> None:
    """Reorder behave's list of features in place; a stable sort keeps the rest as found."""
    features.sort(key=lambda feature: 0 if set(map(str, feature.tags)) & set(FIRST_TAGS) else 1)
