@journey @first-time-user @blocker @owner:accounts-team
Feature: A new user's first answer
  A newcomer should get value in their first minute: sign up, ask, and watch the answer arrive.

  Rule: a newly signed-up user can ask a question straight away

    Example: Priya signs up and gets her first answer
      Given Priya has never used the assistant
      When Priya signs up with her work email
      And Priya asks "How much would 2 million GPT-4o tokens a month cost?"
      Then Priya sees the assistant start working within 1 second
      And Priya gets an answer that states the monthly cost, all of it within 2 seconds

    Example: a new user starts with no conversations
      Given Priya has never used the assistant
      When Priya signs up with her work email
      Then Priya has no conversations yet

    Example: the first question starts the first conversation
      Given Priya has signed up with her work email
      When Priya asks "What would 10 million Gemini 1.5 Flash tokens a month cost?"
      Then Priya's first conversation appears in their list with a title

  Rule: sign-up explains what it cannot accept

    Example: signing up twice with the same address is refused
      Given Priya has signed up with her work email
      When someone signs up again with Priya's work email
      Then that sign-up is refused because the address is already registered

    Example: a password that is too short is refused with the reason
      Given Priya has never used the assistant
      When Priya tries to sign up with the password "abc123"
      Then the sign-up is refused because the password is not acceptable

    Example: an address that is not an email address is refused with the reason
      Given Priya has never used the assistant
      When Priya tries to sign up with the address "priya.at.example.com"
      Then the sign-up is refused because the email is not acceptable
