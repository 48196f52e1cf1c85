"""Getting back on track: bad messages, lost connections and the answers they cut, failed answers, passes, restarts."""

from behave import given, then, when

from journeys.capabilities.dropped_answers import expect_whole_or_told_lost
from journeys.capabilities.expect_history import await_answer_in_history
from journeys.capabilities.expectations import expect_meaningful_answer
from journeys.run.fault_control import clear_faults, fail_next_answer, restart_platform, sign_up_with_short_passes
from journeys.capabilities.premises import told_nothing
from journeys.rules.unchecked import skipped_because
from journeys.capabilities.recovery import (ask_and_drop, ask_on_same_connection, await_pass_refused,
                               expect_failure_told_plainly, expect_told_clearly, renew_pass,
                               send_bad_message)


@when("{person:Person}'s app sends {what} to the chat")
def step_sends_bad_message(context, person, what):
    context.rebuff = send_bad_message(context.people[person], what)


@then("{person:Person} is told what was wrong with it")
def step_told_what_was_wrong(context, person):
    who = context.people[person]
    if not skipped_because(context.scenario, who.evidence, told_nothing(who, context.rebuff)):
        expect_told_clearly(context.rebuff)


@then('{person:Person} still gets a meaningful answer to "{question}" in the same chat')
def step_still_answered(context, person, question):
    expect_meaningful_answer(ask_on_same_connection(context.people[person], question))


@when('{person:Person}\'s chat drops while the assistant is answering "{question}"')
def step_drops_mid_answer(context, person, question):
    ask_and_drop(context.people[person], question)


@then("{person:Person} finds the answer to that question in the conversation's history")
def step_answer_survived_the_drop(context, person):
    await_answer_in_history(context.people[person], context.people[person].last_turn)


@then("{person:Person} finds the whole answer in the conversation's history once it is finished, or is told it was lost")
def step_whole_or_lost(context, person):
    expect_whole_or_told_lost(context.people[person], context.people[person].last_turn)


@given("the assistant's next answer will fail")
def step_next_answer_fails(context):
    fail_next_answer(context.target, context.evidence)
    context.add_cleanup(clear_faults, context.target)


@then("{person:Person} is told plainly that the answer failed, without any internal details")
def step_failure_told_plainly(context, person):
    expect_failure_told_plainly(context.people[person].last_turn)


@given("{person:Person} has signed up, and {whose} passes last only a few seconds")
def step_short_passes(context, person, whose):
    sign_up_with_short_passes(context.people[person], context.target, context.evidence, ttl_s=3)


@when("{person:Person}'s pass runs out")
def step_pass_runs_out(context, person):
    await_pass_refused(context.people[person])


@when("{person:Person} renews {whose} pass")
def step_renews_pass(context, person, whose):
    renew_pass(context.people[person])


@when("the platform restarts")
def step_platform_restarts(context):
    restart_platform(context.target)
