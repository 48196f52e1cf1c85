@journey @session-security @critical
Feature: Only signed-in people can chat
  A chat that answers anyone leaks every customer's conversations: the platform must turn
  away anyone without a valid pass, the same way every time.

  Example: someone without a pass is turned away from the chat
    When someone opens the chat without a pass
    Then the chat turns them away

  Example: a pass with a forged signature is turned away from the chat
    Given Mia is logged in
    When someone opens the chat with a pass forged from Mia's
    Then the chat turns them away
