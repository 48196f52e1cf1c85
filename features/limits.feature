@journey @limits @critical @owner:platform-team
Feature: Limits on what one person can send
  Someone who sends too much, too fast or too long is told so in plain words and can carry on.
  Nobody else is slowed down, and a question cut short is never answered as if it were whole.

  Rule: too many questions too fast are refused in plain words, for a moment, and only for that person

    @slow
    Example: Sam asks too many questions too fast
      Given the assistant limits how many questions one person may ask at once
      And Sam and Lena are logged in
      When Sam asks one question more than the limit allows, all at once
      Then Sam is told plainly to slow down, and his chat still works
      And meanwhile Lena gets a meaningful answer to "How much would 3 million GPT-4o tokens a month cost?"
      And once the limit has reset, Sam gets a meaningful answer to "How much would 6 million GPT-4o tokens a month cost?"

  Rule: a question that is too long is refused in plain words, never cut short and answered

    Example: Sam pastes a question far too long to read
      Given Sam is logged in
      When Sam sends a question far longer than anyone could read
      Then Sam is told plainly that the question is too long
