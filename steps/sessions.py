"""Passes: missing, forged, expired, revoked, and what the platform does with them."""

from behave import then, when

from journeys.capabilities.expect_security import (expect_doors_closed, expect_pass_lasts_as_told,
                                      expect_plain_refusal,
                                      expect_refused_everywhere, expect_renewal_works,
                                      expect_same_sign_in_refusal, expect_second_renewal_refused)
from journeys.capabilities.expectations import expect_turned_away
from journeys.capabilities.garbled import send_garbled
from journeys.capabilities.premises import pass_life_unknown
from journeys.rules.unchecked import skipped_because
from journeys.capabilities.sessions import (log_out, no_pass, old_pass, pass_from_session, present,
                               renew_twice, sign_in_as_nobody, sign_in_with_wrong_password,
                               skipped_for_missing_secret)


@when("someone tries to come in without a pass")
def step_without_pass(context):
    context.presented = present(context.people["Someone"], no_pass())


@when("someone tries to come in with {kind} from {person:Person}'s session")
def step_with_pass_from_session(context, kind, person):
    if skipped_for_missing_secret(context.scenario, context.people[person], kind):
        return
    context.presented = present(context.people["Someone"],
                                pass_from_session(context.people[person], kind))


@when("someone tries to come in with {person:Person}'s pass from before the logout")
def step_with_old_pass(context, person):
    context.presented = present(context.people["Someone"], old_pass(context.people[person]))


@when("{person:Person} logs out")
def step_logs_out(context, person):
    log_out(context.people[person])


@then("the chat turns them away")
def step_turned_away(context):
    shown = context.presented
    expect_turned_away(shown.attempt, shown.who, shown.presented.kind)


@then("the conversations stay closed to them")
def step_conversations_closed(context):
    expect_doors_closed(context.presented)


@then("that pass is refused everywhere")
def step_refused_everywhere(context):
    expect_refused_everywhere(context.presented)


@when("{person:Person} uses {whose} pass for staying signed in twice")
def step_renews_twice(context, person, whose):
    context.renewals = renew_twice(context.people[person])


@then("the first use gives {person:Person} a fresh session that works")
def step_first_renewal_works(context, person):
    expect_renewal_works(context.people[person], context.renewals)


@then("the second use is refused")
def step_second_renewal_refused(context):
    expect_second_renewal_refused(context.renewals)


@then("{person:Person}'s pass lasts as long as the platform said it would")
def step_pass_lasts_as_told(context, person):
    if not skipped_because(context.scenario, context.evidence, pass_life_unknown(context.people[person])):
        expect_pass_lasts_as_told(context.people[person])


@when("{person:Person} signs in with a wrong password")
def step_wrong_password(context, person):
    reply = sign_in_with_wrong_password(context.people[person])
    context.sign_ins = {**getattr(context, "sign_ins", {}), "a wrong password": reply}


@when("{person:Person} signs in although {pronoun} has never signed up")
def step_unknown_address(context, person, pronoun):
    reply = sign_in_as_nobody(context.people[person])
    context.sign_ins = {**getattr(context, "sign_ins", {}), "an address nobody registered": reply}


@then("both sign-ins are refused with the same message")
def step_same_refusal(context):
    expect_same_sign_in_refusal(context.sign_ins)


@when("{person:Person} sends a garbled request to {place}")
def step_garbled(context, person, place):
    context.garbled = send_garbled(context.people[person], place)


@then("the request is refused with a plain reason and no internals")
def step_plain_refusal(context):
    expect_plain_refusal(context.garbled)
