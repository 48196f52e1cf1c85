"""Chat tickets: coming in with one, and the tickets the chat must turn away."""

from behave import given, then, when

from journeys.capabilities.expect_tickets import (come_in, expect_fresh_ticket_lets_in, expect_ticket_refused,
                                     hold_ticket, let_run_out, skipped_without_tickets, try_expired,
                                     try_made_up, try_used)


@when("{person:Person} comes into the chat with a chat ticket")
def step_comes_in_with_ticket(context, person):
    if not skipped_without_tickets(context.scenario, context.people[person]):
        context.ticket = come_in(context.people[person], stay=True)


@given("{person:Person} has come into the chat with a chat ticket and {leaves_or_stays}")
def step_has_come_in_with_ticket(context, person, leaves_or_stays):
    if not skipped_without_tickets(context.scenario, context.people[person]):
        context.ticket = come_in(context.people[person], stay=leaves_or_stays == "is still there")


@given("{person:Person} holds a chat ticket {pronoun} has not used")
def step_holds_ticket(context, person, pronoun):
    if not skipped_without_tickets(context.scenario, context.people[person]):
        context.ticket = hold_ticket(context.people[person])


@when("{person:Person}'s chat ticket runs out of time")
def step_ticket_runs_out(context, person):
    let_run_out(context.scenario, context.people[person], context.ticket)


@when("{person:Person} tries that chat ticket")
def step_tries_that_ticket(context, person):
    context.ticket_try = try_expired(context.people[person], context.ticket)


@when("{person:Person} tries the same chat ticket again")
def step_tries_same_ticket(context, person):
    context.ticket_try = try_used(context.people[person], context.people[person], context.ticket)


@when("{visitor:Person} tries to come in with {owner:Person}'s used chat ticket")
def step_tries_someone_elses_ticket(context, visitor, owner):
    context.ticket_try = try_used(context.people[visitor], context.people[owner], context.ticket)


@when("{person:Person} tries a chat ticket the platform never issued")
def step_tries_made_up_ticket(context, person):
    if not skipped_without_tickets(context.scenario, context.people[person]):
        context.ticket_try = try_made_up(context.people[person])


@then("the chat turns {person:Person} away")
def step_chat_turns_person_away(context, person):
    expect_ticket_refused(context.ticket_try)


@then("a fresh chat ticket still lets {person:Person} in")
def step_fresh_ticket_lets_in(context, person):
    expect_fresh_ticket_lets_in(context.people[person])
