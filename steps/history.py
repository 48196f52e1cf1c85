"""Conversations and their history: carrying on, listing, paging, reading back."""

from behave import given, then, when

from journeys.capabilities.comebacks import come_back_later
from journeys.capabilities.complete_answers import ask_for_complete_answer, expect_meaningful_complete_answer
from journeys.capabilities.expect_history import (expect_exchange_stored, expect_in_order, expect_newest_first,
                                     expect_pages_add_up)
from journeys.capabilities.expectations import expect_meaningful_answer
from journeys.capabilities.follow_ups import expect_follow_up_understood


@given('{person:Person} has asked "{question}"')
def step_has_asked(context, person, question):
    expect_meaningful_answer(context.people[person].ask(question))


@when('{person:Person} asks "{question}" in the same conversation')
def step_asks_in_same_conversation(context, person, question):
    who = context.people[person]
    who.ask(question, who.last_turn.thread_id)


@when("{person:Person} comes back {pause:Duration} later and signs in again")
def step_comes_back_later(context, person, pause):
    come_back_later(context.people[person], pause)


@then("{person:Person}'s follow-up is answered for {model}, for {volume} tokens a month")
def step_follow_up_understood(context, person, model, volume):
    expect_follow_up_understood(context.people[person], model, volume)


@when("{person:Person} reconnects")
def step_reconnects(context, person):
    context.people[person].reconnect()


@when('{person:Person} asks "{question}" and waits for the complete answer')
def step_asks_for_complete_answer(context, person, question):
    context.complete_answer = ask_for_complete_answer(context.people[person], question)


@then("{person:Person}'s conversations are listed newest first")
def step_newest_first(context, person):
    expect_newest_first(context.people[person], context.people[person].turns)


@then("{person:Person}'s conversation holds the questions and the answers in the order asked")
def step_in_order(context, person):
    expect_in_order(context.people[person], context.people[person].turns)


@then("reading {person:Person}'s conversation {size:d} messages at a time gives all of it, each message once")
def step_pages_add_up(context, person, size):
    expect_pages_add_up(context.people[person], size)


@then("{person:Person}'s complete answer is meaningful")
def step_complete_answer_meaningful(context, person):
    expect_meaningful_complete_answer(context.complete_answer)


@then("{person:Person} finds that complete answer in the conversation's history")
def step_complete_answer_stored(context, person):
    expect_exchange_stored(context.people[person], context.complete_answer)
