@journey @agent-tools @critical @owner:agent-team
Feature: The tools behind the assistant's answers
  A figure about money is only as good as the calculation behind it: people see which tools the
  assistant ran, and the answer carries what those tools worked out.

  Rule: a cost question is worked out with a tool, and the answer uses its result

    Example: Omar sees the calculation behind his monthly cost
      Given Omar is logged in
      When Omar asks "What would 4 million GPT-4o tokens a month cost?"
      Then Omar sees the assistant use a tool and finish with it
      And Omar's answer states a figure from the tool's results

  Rule: a savings question shows both calculations behind the estimate
    Only this suite's own platform promises two tools here: the platform contract names no tools,
    and another assistant may work out the same estimate in a single step.

    @local-only
    Example: Omar sees both the current cost and the cheaper option worked out
      Given Omar is logged in
      When Omar asks "How much could we save on 20 million GPT-4o tokens a month?"
      Then Omar sees the assistant use two different tools, finishing with each
      And Omar's answer states a new figure from each tool's results

  Rule: the tools the assistant uses are listed in its published tool catalogue
    Checked on this suite's own platform only: the platform contract publishes a catalogue
    but does not yet promise that it lists the assistant's own tools.

    @local-only
    Example: every tool behind Omar's estimate is in the catalogue
      Given Omar is logged in
      When Omar asks "How much could we save on 20 million GPT-4o tokens a month?"
      And Omar looks at the assistant's tool catalogue
      Then every tool Omar saw at work is listed in the catalogue
