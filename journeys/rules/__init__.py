"""The rules: what the contract and the features promise, as checks on what was recorded.
Imports only the ground; the wire, the capabilities and the report read it.

- ``contract`` (+ ``schemas/*.json``): JSON Schema checks on every body and event.
- ``run_rules``: the order rules of one run's events.
- ``answers``: what makes an answer meaningful.
- ``leaks``: stack traces and internals in what a person is shown.
- ``refusals``: a refusal in plain words.
- ``promises``: the promise's numbers as the feature states them.
- ``rates``: quality as a rate against its threshold, its Wilson interval, Fisher's test for drops.
- ``known_defects``: which failures are declared known defects, which are new, which did not fail.
- ``slo``: percentiles of measured figures and the one breach sentence.
- ``timestamps``: the contract's two time forms.
- ``unchecked``: a skip with its reason noted (``skipped_because``, for every journey), and
  what a declared difference leaves nothing to check.
"""
