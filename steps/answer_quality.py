"""Answer quality as a rate: the same question asked again and again, held to "at least 9 of 10"."""

import parse
from behave import register_type, then, when

from journeys.capabilities.attempt_judges import (categorise, right_figures, turned_back,
                                                  understood_follow_up)
from journeys.capabilities.repeats import ask_repeatedly, expect_rate


@parse.with_pattern(r"\d+(?:\.\d+)? ?%|\d+")
def parse_at_least(text):
    return text


register_type(AtLeast=parse_at_least)


@when('{person:Person} asks "{question}" {count:d} times, each in a new conversation')
def step_asks_repeatedly(context, person, question, count):
    context.repeats = ask_repeatedly(context.people[person], [question], count)


@when('{person:Person} asks "{first}" and follows up with "{follow_up}", {count:d} times, '
      'each in a new conversation')
def step_follows_up_repeatedly(context, person, first, follow_up, count):
    context.repeats = ask_repeatedly(context.people[person], [first, follow_up], count)


@then("at least {share:AtLeast} of them get a meaningful answer with the right figures")
def step_rate_right_figures(context, share):
    expect_rate(context.repeats, share, "meaningful answers with the right figures", right_figures, categorise)


@then("at least {share:AtLeast} of the follow-ups are answered for {model}, for {volume} tokens a month")
def step_rate_follow_ups(context, share, model, volume):
    expect_rate(context.repeats, share, "follow-ups understood in their conversation",
                understood_follow_up(model, volume), categorise)


@then("at least {share:AtLeast} of them are told what the assistant can help with, and no cost it made up")
def step_rate_turned_back(context, share):
    expect_rate(context.repeats, share, "off-topic questions turned back with no made-up cost",
                turned_back, categorise)
