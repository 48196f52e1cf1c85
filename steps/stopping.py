"""Stopping an answer: one's own, and (not) someone else's."""

from behave import then, when

from journeys.capabilities.stopping import (ask_and_await_start, expect_answer_not_stopped, expect_nothing_more,
                               expect_stopped_in_history, expect_stopped_promptly, stop_answer)


@when('{person:Person} asks for a detailed answer to "{question}"')
def step_asks_for_detailed(context, person, question):
    ask_and_await_start(context.people[person], question)


@when("{person:Person} stops the answer while it is being written")
def step_stops_own(context, person):
    context.stop = stop_answer(context.people[person], context.people[person], context.scenario)


@when("{stranger:Person} tries to stop {owner:Person}'s answer while it is being written")
def step_stops_someone_elses(context, stranger, owner):
    context.stop = stop_answer(context.people[stranger], context.people[owner], context.scenario)


@then("the answer stops within {seconds:d} seconds and nothing more of it arrives")
def step_stopped_promptly(context, seconds):
    expect_stopped_promptly(context.stop, seconds)
    expect_nothing_more(context.stop)


@then("{person:Person}'s conversation keeps the question without the unfinished answer")
def step_history_after_stop(context, person):
    expect_stopped_in_history(context.people[person], context.stop)


@then("{person:Person}'s answer arrives whole all the same")
def step_not_stopped(context, person):
    expect_answer_not_stopped(context.stop)
