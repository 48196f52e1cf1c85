@journey @error-recovery @critical @owner:chat-team
Feature: Getting back on track when something goes wrong
  Things go wrong mid-conversation: a garbled message, a dropped chat, a failed answer, a pass
  that runs out, a restart. Each is explained plainly, nothing is lost, and the person carries on.

  Rule: a message the chat cannot use is explained, and the same chat keeps working

    Scenario Outline: Leo's app sends <bad message>
      Given Leo is logged in
      When Leo's app sends <bad message> to the chat
      Then Leo is told what was wrong with it
      And Leo still gets a meaningful answer to "How much would 1 million GPT-4o tokens a month cost?" in the same chat

      Examples: messages the chat cannot read
        | bad message                  |
        | a garbled message            |
        | a message of an unknown kind |
        | an empty message             |

  Rule: nothing is lost when the chat drops mid-answer

    Example: Kai's chat drops while the assistant is answering
      Given Kai is logged in
      When Kai's chat drops while the assistant is answering "How much would 7 million GPT-4o tokens a month cost?"
      And Kai reconnects
      Then Kai finds the answer to that question in the conversation's history

    @slow
    Example: Kai's chat drops in the middle of a long answer
      Given Kai is logged in
      When Kai's chat drops while the assistant is answering "How could we cut our GPT-4o costs at 30 million tokens a month? Explain in detail."
      And Kai reconnects
      Then Kai finds the whole answer in the conversation's history once it is finished, or is told it was lost

  @local-only @own-platform
  Rule: a failed answer is explained plainly, and the next question is answered
    Checked on this suite's own platform only: only there can the next answer be made to fail
    on purpose.

    Example: the assistant fails to answer Noor, then answers her next question
      Given Noor is logged in
      And the assistant's next answer will fail
      When Noor asks "How much would 3 million Claude 3 Opus tokens a month cost?"
      Then Noor is told plainly that the answer failed, without any internal details
      And Noor still gets a meaningful answer to "How much would 3 million Claude 3 Opus tokens a month cost?" in the same chat

  @local-only @slow @own-platform
  Rule: a pass that runs out mid-conversation is renewed, and the conversation carries on
    Checked on this suite's own platform only: only there can a pass be made to last seconds.

    Example: Ava's pass runs out, she renews it and carries on
      Given Ava has signed up, and her passes last only a few seconds
      And Ava has asked "How much would 2 million GPT-4o tokens a month cost?"
      When Ava's pass runs out
      And Ava renews her pass
      And Ava asks "What would 4 million GPT-4o tokens a month cost?" in the same conversation
      Then Ava's conversation holds the questions and the answers in the order asked

  @local-only @slow @own-platform
  Rule: a platform restart loses no conversation
    Checked on this suite's own platform only: the suite restarts no one else's platform.

    Example: after a restart, Omar reconnects and finds his conversation
      Given Omar is logged in
      When Omar asks "What would 9 million Gemini 1.5 Flash tokens a month cost?"
      And the platform restarts
      And Omar reconnects
      Then Omar finds the question and the answer in the conversation's history
