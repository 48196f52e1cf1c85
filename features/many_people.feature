@journey @many-people @blocker @owner:platform-team
Feature: Many people at once
  A team uses the assistant at the same time: each person must get their own answer, and
  nobody may see a colleague's questions, answers or conversations, however busy it gets.

  Rule: everyone asking at once gets their own answer, and only their own

    Example: Ana's team all ask at the same moment and each gets their own answer
      Given Ana and her 9 colleagues are each logged in with the chat open
      When they all ask a different cost question at the same moment
      Then none of them sees anything of a colleague's question or answer
      And each of them gets a complete, meaningful answer in their own conversation

  Rule: a conversation belongs to the person who had it

    Example: no one can open or list a colleague's conversation
      Given Ana and her colleagues each have a conversation
      When each of them tries to open the next colleague's conversation
      Then each of them is told that conversation does not exist
      And no one's list of conversations shows a colleague's conversation

  @slow @serial
  Rule: a whole company at once still gets complete answers in time

    Example: Ana's company asks at once and every one gets a complete answer in time
      Given Ana and 99 colleagues have each signed in
      When they all ask a cost question within 2 seconds
      Then every one of them gets a complete answer, kept in their history
      And their answers arrive within the service objectives
