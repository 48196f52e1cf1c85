@journey @stopping @critical @owner:chat-team
Feature: Stopping an answer
  An answer that is not what someone wanted must not hold them up: they stop it, it stops at once,
  and they ask again. Only the person who asked can stop their answer.

  Rule: a person can stop their own answer, and then ask again

    @slow
    Example: Sam stops a long answer and asks something shorter
      Given Sam is logged in
      When Sam asks for a detailed answer to "How could we cut our GPT-4o costs at 20 million tokens a month? Explain in detail."
      And Sam stops the answer while it is being written
      Then the answer stops within 2 seconds and nothing more of it arrives
      And Sam's conversation keeps the question without the unfinished answer
      And Sam still gets a meaningful answer to "How much would 1 million GPT-4o tokens a month cost?" in the same chat

  Rule: nobody else can stop a person's answer

    @slow
    Example: Lena cannot stop Sam's answer
      Given Sam is logged in
      And Lena is logged in with the chat open
      When Sam asks for a detailed answer to "How could we cut our Claude 3 Opus costs at 10 million tokens a month? Explain in detail."
      And Lena tries to stop Sam's answer while it is being written
      Then Sam's answer arrives whole all the same
