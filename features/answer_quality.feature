@journey @answer-quality @critical @owner:agent-team
Feature: Answers good enough, time after time
  The assistant's answers come from a model and vary from one asking to the next, so one good
  answer proves little: the same question, asked again and again, must be answered well often enough.

  Rule: a question asked again and again is answered well at least as often as promised

    Example: Sam's cost question gets the right figures at least 9 times in 10
      Given Sam is logged in
      When Sam asks "What would 5 million Claude 3.5 Sonnet tokens a month cost us?" 10 times, each in a new conversation
      Then at least 9 of them get a meaningful answer with the right figures

    Example: Lena's follow-up is understood at least 4 times in 5
      Given Lena is logged in
      When Lena asks "How much would 2 million Claude 3.5 Sonnet tokens a month cost?" and follows up with "And for 10 million?", 5 times, each in a new conversation
      Then at least 4 of the follow-ups are answered for Claude 3.5 Sonnet, for 10 million tokens a month

    Example: Priya's question the assistant is not for is turned back at least 90% of the time
      Given Priya is logged in
      When Priya asks "What is a good recipe for a vegetable lasagne?" 10 times, each in a new conversation
      Then at least 90% of them are told what the assistant can help with, and no cost it made up
