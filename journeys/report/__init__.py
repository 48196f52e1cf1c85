"""The report wing: what a run leaves for people to read (Allure results, JUnit, the console, the
summary, the single-file HTML report) and the checks on it. The core never reads a report back,
except the parallel runner (``journeys.parallel.runner``), which prepares and finishes the run's reports.

- ``hooks``: a scenario's evidence into the reports, per step and per scenario (environment.py calls it).
- ``run_files``: what a run leaves besides its scenarios: the per-run files, a run stopped before
  any scenario, the count and skip reasons once it is over.
- ``environment_down``: a run the environment let down: what it cut short reads "not run:
  environment down", and environment down anywhere is the run's outcome (summary, outcome, exit agree).
- ``formatters``: the two formatters behave.ini names: the console, and Allure results.
- ``labels``: what a scenario's tags and place in its feature file mean in the Allure report.
- ``run_context``: the run's context for the report: what was tested, with what, by whom; categories.
  It renders the platform's versions the run recorded; the report asks the platform nothing.
- ``charts``: a latency-distribution chart as a small, self-contained SVG.
- ``skip_reasons``: a skipped scenario says why in JUnit too.
- ``rate_properties``: a scenario's measured rates as JUnit properties ``rate: <what>``.
- ``summary``: the run at a glance, ``reports/summary.md`` (``python -m journeys.report.summary``).
- ``known_failures``: failures that are declared known defects, marked in JUnit, Allure, console, summary.
- ``history``: verdicts over time, one history file per target, appended at the end of every run.
- ``history_compare``: the latest run against earlier ones (``python -m journeys.report.history_compare``).
- ``allure_cli``: the run's Allure results as one HTML file (``python -m journeys.report.allure_cli``).
- ``check``: open that HTML file in headless Chromium and check what a reviewer looks for.
- ``secret_scan``: look for secrets that got out, in report files and console output.
- ``read_back``: a run's report files read back (Allure attachments by name, JUnit cases by scenario).
"""
