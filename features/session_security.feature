@journey @session-security @critical
Feature: Only signed-in people can chat
  A chat that answers anyone leaks every customer's conversations: the platform must turn
  away anyone without a valid pass, the same way every time.

  Rule: without a pass, nothing opens

    Example: someone without a pass is turned away from the chat
      When someone tries to come in without a pass
      Then the chat turns them away
      And the conversations stay closed to them

    Example: a pass with a forged signature is turned away from the chat
      Given Mia is logged in
      When someone tries to come in with a pass with a forged signature from Mia's session
      Then the chat turns them away
      And the conversations stay closed to them

  Rule: only a current access pass, as the platform issued it, opens anything

    Scenario Outline: <pass> opens neither the conversations nor the chat
      Given Mia has signed up with her work email
      When someone tries to come in with <pass> from Mia's session
      Then that pass is refused everywhere

      # Only the platform's secret can sign an expired pass: on a target without JWT_SECRET_KEY
      # (or JWT_SECRET_<TARGET>) that row is skipped with the reason "needs JWT_SECRET_KEY to
      # sign an expired pass". The other rows need no secret and run everywhere.
      Examples: passes a thief could hold
        | pass                           |
        | a pass with a forged signature |
        | an unsigned pass               |
        | an altered pass                |
        | an expired pass                |
        | the refresh pass               |

    Example: logging out ends the pass everywhere
      Given Mia is logged in
      When Mia logs out
      And someone tries to come in with Mia's pass from before the logout
      Then that pass is refused everywhere

  Rule: a refresh pass renews a session once, and only once

    Example: the same refresh pass cannot renew a session twice
      Given Mia has signed up with her work email
      When Mia uses her refresh pass twice to stay signed in
      Then the first use gives Mia a fresh session that works
      And the second use is refused

  Rule: signing in gives nothing away

    Example: a wrong password and an unknown address get the same answer
      Given Mia has signed up with her work email
      When Mia signs in with a wrong password
      And Noah signs in although he has never signed up
      Then both sign-ins are refused with the same message

  Rule: a garbled request gets a plain refusal, never a crash

    Scenario Outline: a garbled request to <place> is refused without internals
      Given Mia is logged in
      When Mia sends a garbled request to <place>
      Then the request is refused with a plain reason and no internals

      Examples: places people send their data
        | place                |
        | sign in              |
        | sign up              |
        | renew a session      |
        | start a conversation |
        | ask the assistant    |
