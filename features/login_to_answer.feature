@journey @golden-path @blocker @owner:chat-team
Feature: From logging in to an AI answer
  The promise of the product: a person logs in, asks about their AI costs, watches the
  assistant work, and gets an answer with real figures that stays in their history.

  Rule: a logged-in person gets a costed answer, streamed as it is worked out

    @issue:contract-7
    Example: Sam logs in and gets a costed answer
      Given Sam has an account
      When Sam logs in
      And Sam asks "What would 5 million Claude 3.5 Sonnet tokens a month cost us?"
      Then Sam sees the assistant start working within 1 second
      And Sam gets an answer that states the monthly cost, all of it within 2 seconds

    Example: Sam watches every step of the assistant's work
      Given Sam is logged in
      When Sam asks "How much could we save on 20 million GPT-4o tokens a month?"
      Then Sam sees every step of the assistant's work in order
      And Sam gets an answer that states the monthly cost

    Example: the conversation stays in Sam's history
      Given Sam is logged in
      When Sam asks "How much would 800,000 Gemini 1.5 Pro tokens a month cost?"
      Then Sam finds the question and the answer in the conversation's history

  Rule: every kind of cost question gets an answer with its own figures

    Scenario Outline: Sam asks about <situation>
      Given Sam is logged in
      When Sam asks "<question>"
      Then Sam gets an answer that states the monthly cost

      Examples: kinds of cost question
        | situation               | question                                                              |
        | a premium model         | What would 2 million Claude 3 Opus tokens a month cost?               |
        | a small model at volume | How much are 300 million GPT-4o mini tokens a month going to cost us? |
        | a monthly budget        | We spend $3,000 a month on GPT-4o. What would a cheaper model cost?   |

    Example: Sam compares two models and gets the cost of each
      Given Sam is logged in
      When Sam asks "Compare the cost of GPT-4o and Claude 3.5 Sonnet for 10 million tokens a month"
      Then Sam gets an answer that states the monthly cost of each of GPT-4o and Claude 3.5 Sonnet

    Example: a general question gets a useful answer
      Given Sam is logged in
      When Sam asks "What can you help my team with?"
      Then Sam gets a meaningful answer

  @local-only
  Rule: on this suite's own platform, the figures are exactly the price list's
    Only this suite's own platform publishes the price list its assistant uses; another
    platform's prices are its own, so its figures are checked for being there, not for their value.

    Example: the quoted cost is the price list's
      Given Sam is logged in
      When Sam asks "How much would 2 million GPT-4o tokens a month cost?"
      Then Sam is quoted exactly what the price list gives for 2 million "GPT-4o" tokens a month
