"""The capabilities: what a person does in a journey, and what they should observe. Imports the
wire, the rules, the configuration and the ground; the steps call it.

- ``people``: a Person and the scenario's cast; ``questions``: what people ask.
- Doing: ``crowd``, ``devices``, ``overlapping``, ``stopping``, ``recovery``, ``sessions``,
  ``garbled``, ``comebacks``, ``complete_answers``, ``rate_limits``, ``long_questions``,
  ``off_topic``, ``foreign_threads``, ``dropped_answers``, ``follow_ups``, ``measurements``,
  ``reference_prices``, ``premises``, ``repeats`` (the same question asked again and again,
  held to "at least 9 of 10") with ``attempt_judges`` (what makes one attempt a success).
- Observing: ``expectations`` (the golden path) and ``expect_*`` (one area each);
  ``crowd_errors``: a crowd's one error, each person's kind of failure kept.
"""
