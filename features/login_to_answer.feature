@journey @golden-path @critical
Feature: From logging in to an AI answer
  The promise of the product: a person logs in, asks about their AI costs, watches the
  assistant work, and gets an answer with real figures that stays in their history.

  Example: Sam logs in and gets a costed answer
    Given Sam has an account
    When Sam logs in
    And Sam asks "What would 5 million Claude 3.5 Sonnet tokens a month cost us?"
    Then Sam sees the assistant start working promptly
    And Sam gets an answer that states the monthly cost

  Example: Sam watches every step of the assistant's work
    Given Sam is logged in
    When Sam asks "How much could we save on 20 million GPT-4o tokens a month?"
    Then Sam sees every step of the assistant's work in order
    And Sam gets an answer that states the monthly cost

  Example: the conversation stays in Sam's history
    Given Sam is logged in
    When Sam asks "How much would 800,000 Gemini 1.5 Pro tokens a month cost?"
    Then Sam finds the question and the answer in the conversation's history
