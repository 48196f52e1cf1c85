@journey @live-events @blocker @owner:chat-team
Feature: Watching the assistant work, live
  People trust an answer they watched being worked out: the chat greets them first, then shows
  each question's work in order, from one start to one finish, and stays ready for the next one.

  Rule: the chat confirms whose it is before anything else

    @issue:contract-7
    Example: Mia's chat greets her own account first
      Given Mia is logged in
      When Mia connects to the chat
      Then Mia's chat first confirms it is connected to the right account

  Rule: each question's work arrives in order, from one start to one finish

    Example: Mia watches her question being worked out step by step
      Given Mia is logged in
      When Mia asks "What would 3 million GPT-4o mini tokens a month cost?"
      Then nothing more arrives for Mia's question after its answer
      And Mia sees one start, the assistant's thinking, every tool step finished and one completion last

    Example: keep-alive signals are never taken for the assistant's work
      Given Mia is logged in
      When Mia asks "How much would 2 million Gemini 1.5 Pro tokens a month cost?"
      Then Mia sees one start, the assistant's thinking, every tool step finished and one completion last
      And the keep-alive signals Mia's chat sent meanwhile belong to no question

  Rule: one open chat serves question after question

    Example: two questions in a row get two separate, complete answers
      Given Mia is logged in
      When Mia asks "What would 1 million Claude 3.5 Sonnet tokens a month cost?"
      And Mia asks "How much would 6 million GPT-4o tokens a month cost?"
      Then Mia's questions were answered separately and completely, one answer each

    Example: the chat answers when Mia checks it is still there
      Given Mia is logged in
      When Mia checks that the chat is still there
      Then the chat answers Mia's check
