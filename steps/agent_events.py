"""The assistant's live events: the greeting, the order of a run, keep-alives, pings."""

from behave import then, when

from journeys.capabilities.expect_events import (expect_greeted_as, expect_keepalives_apart,
                                    expect_nothing_after_answer, expect_pong, expect_run_in_order,
                                    expect_separate_complete_runs)
from journeys.capabilities.premises import no_keepalive
from journeys.rules.unchecked import skipped_because


@when("{person:Person} connects to the chat")
def step_connects(context, person):
    context.people[person].chat()


@then("{person:Person}'s chat first confirms it is connected to the right account")
def step_greeted_first(context, person):
    who = context.people[person]
    expect_greeted_as(person, who.chat().established, who.token, who.settings.dialect)


@then("{person:Person} sees one start, the assistant's thinking, every tool step finished and one completion last")
def step_run_in_order(context, person):
    expect_run_in_order(context.people[person].last_turn)


@then("nothing more arrives for {person:Person}'s question after its answer")
def step_nothing_after(context, person):
    expect_nothing_after_answer(context.people[person].last_turn)


@then("the keep-alive signals {person:Person}'s chat sent meanwhile belong to no question")
def step_keepalives_apart(context, person):
    who = context.people[person]
    if not skipped_because(context.scenario, who.evidence, no_keepalive(who)):
        expect_keepalives_apart(who.last_turn)


@then("{person:Person}'s questions were answered separately and completely, one answer each")
def step_separate_runs(context, person):
    expect_separate_complete_runs(context.people[person].turns)


@when("{person:Person} checks that the chat is still there")
def step_pings(context, person):
    context.pong, context.ping_waited_s = context.people[person].chat().ping()


@then("the chat answers {person:Person}'s check")
def step_pong(context, person):
    expect_pong(person, context.pong, context.ping_waited_s)
