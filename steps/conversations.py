"""Asking the assistant and what a person sees come back."""

from behave import then, when

from journeys.capabilities.expect_promises import expect_cost_answer_in_time, expect_start_kept
from journeys.capabilities.expectations import (expect_cost_answer, expect_every_step_shown,
                                   expect_exchange_in_history, expect_first_conversation,
                                   expect_meaningful_answer)
from journeys.capabilities.follow_ups import expect_each_model_priced, expect_not_about, model_list
from journeys.rules.promises import ANSWER, FIRST_EVENT, promise
from journeys.capabilities.reference_prices import expect_quotes_price_list


@when('{person:Person} asks "{question}"')
def step_asks(context, person, question):
    context.people[person].ask(question)


@then("{person:Person} sees the assistant start working within {limit:Duration}")
def step_starts_within(context, person, limit):
    expect_start_kept(context.people[person], promise(context.settings, FIRST_EVENT, limit))


@then("{person:Person} sees every step of the assistant's work in order")
def step_every_step(context, person):
    expect_every_step_shown(context.people[person].last_turn)


@then("{person:Person} gets an answer that states the monthly cost, all of it within {limit:Duration}")
def step_cost_answer_in_time(context, person, limit):
    expect_cost_answer_in_time(context.people[person], promise(context.settings, ANSWER, limit))


@then("{person:Person} gets an answer that states the monthly cost")
def step_cost_answer(context, person):
    expect_cost_answer(context.people[person].last_turn)


@then("{person:Person} gets an answer that states the monthly cost of each of {models}")
def step_each_model_priced(context, person, models):
    expect_each_model_priced(context.people[person], model_list(models))


@then("{person:Person} gets a meaningful answer")
def step_meaningful_answer(context, person):
    expect_meaningful_answer(context.people[person].last_turn)


@then("{person:Person} finds the question and the answer in the conversation's history")
def step_in_history(context, person):
    turn = context.people[person].last_turn
    expect_exchange_in_history(context.people[person].history(turn.thread_id), turn)


@then("{person:Person}'s first conversation appears in their list with a title")
def step_first_conversation(context, person):
    who = context.people[person]
    expect_first_conversation(person, who.conversations(), who.last_turn)


@then('{person:Person} is quoted exactly what the price list gives for {millions:d} million "{model}" tokens a month')
def step_quoted_price_list(context, person, millions, model):
    expect_quotes_price_list(context.people[person].last_turn, model, millions * 1_000_000)


@when('{person:Person} asks "{question}" in a new conversation')
def step_asks_in_new_conversation(context, person, question):
    context.people[person].ask(question)


@then("{person:Person}'s answer is not about {subject}")
def step_answer_not_about(context, person, subject):
    expect_not_about(context.people[person].last_turn, subject)
