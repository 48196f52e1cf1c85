"""The parallel runner (``python -m journeys.parallel.runner``, what ``python3 tasks.py journeys``
runs): the catalogue in behave workers as one run. The top of the house: it imports the run and
the report wing; nothing in the library imports it (``environment.py`` reads ``claims``).

- ``runner``: the run itself; ``plan``: which scenarios run where; ``claims``: which worker
  takes a scenario; ``reports``: the workers' reports merged into one; ``behave_cli``: one
  worker, behave minus its console noise.
"""
