"""The run: one behave run against one target, from start to outcome. Imports everything below it
(capabilities, wire, rules, configuration, ground); ``environment.py`` and the parallel runner
call it. Importing this package imports nothing (``tasks.py`` reads ``outcome`` with the standard
library only).

- ``target``: the run's target, opened and health-checked, its versions recorded; ``outcome``: ``outcome.json`` and the
  exit statuses.
- ``local_platform``, ``shared_platform``: the embedded reference platform, for one run or shared
  by parallel workers; ``fault_control``: its run-time faults (``@local-only``).
- ``interrupts``: SIGTERM and the whole-run deadline; ``console_noise``: behave's console, quiet;
  ``run_order``: the golden path first; ``readme_figures``: the README's counts and times.
"""
