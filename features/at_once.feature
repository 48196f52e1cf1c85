@journey @at-once @critical @owner:chat-team
Feature: More than one thing at once
  People ask from a laptop and a phone at the same time, and ask again before an answer has
  finished. Every answer still arrives whole, where it was asked, and to nobody else.

  Rule: one person on two devices gets each answer where it was asked

    Example: Sam asks on his laptop and on his phone
      Given Sam is logged in on his laptop and his phone
      And Lena is logged in with the chat open
      When Sam asks "How much would 2 million GPT-4o tokens a month cost?" on his laptop
      And Sam asks "What would 3 million Claude 3 Haiku tokens a month cost?" on his phone
      Then each of Sam's answers arrived whole where it was asked
      And Lena saw none of Sam's answers

  Rule: two questions asked before the first is answered both get whole answers

    Example: Sam asks a second question before the first is answered
      Given Sam is logged in
      When Sam asks "How much would 5 million GPT-4o mini tokens a month cost?" and "What would 4 million Gemini 1.5 Pro tokens a month cost?" without waiting in between
      Then Sam gets a whole, meaningful answer to each question, not mixed with the other
