@journey @service-levels @high @slow @serial
Feature: Answers arrive quickly enough
  People give up on an assistant that keeps them waiting: over many questions, it must show it
  is at work and finish its answers within the target's objectives, as measured, never assumed.

  Rule: measured over a series of questions, the assistant meets its objectives

    Example: Leo's series of cost questions is answered within the objectives
      Given Leo is logged in
      When Leo asks a series of different cost questions, one after another
      Then the assistant starts on 95% of Leo's questions within the first-event objective
      And Leo gets 95% of the answers within the answer objective
