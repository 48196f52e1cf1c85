"""The assistant's tools: which ran, whether the answer used them, the published catalogue."""

from behave import then, when

from journeys.capabilities.expect_events import (expect_answer_uses_each_tool, expect_answer_uses_tool_results,
                                    expect_catalogue_lists_used_tools, expect_tools_finished,
                                    expect_tools_seen_at_work,
                                    read_tool_catalogue)
from journeys.rules.unchecked import skipped_unnamed_tools


@then("{person:Person} sees the assistant use a tool and finish with it")
def step_tool_finished(context, person):
    expect_tools_finished(context.people[person].last_turn, at_least=1)


@then("{person:Person} sees the assistant use two different tools, finishing with each")
def step_two_tools_finished(context, person):
    expect_tools_finished(context.people[person].last_turn, at_least=2, different=True)


@then("{person:Person}'s answer states a figure from the tool's results")
def step_answer_uses_results(context, person):
    expect_answer_uses_tool_results(context.people[person].last_turn)


@then("{person:Person}'s answer states a new figure from each tool's results")
def step_answer_uses_each_tool(context, person):
    expect_answer_uses_each_tool(context.people[person].last_turn)


@when("{person:Person} looks at the assistant's tool catalogue")
def step_reads_catalogue(context, person):
    context.catalogue = read_tool_catalogue(context.people[person])


@then("every tool {person:Person} saw at work is listed in the catalogue")
def step_catalogue_lists_used(context, person):
    expect_tools_seen_at_work(person, context.people[person].turns)
    if not skipped_unnamed_tools(context.scenario, context.settings.dialect, context.evidence):
        expect_catalogue_lists_used_tools(person, context.catalogue, context.people[person].turns)
