"""Who the people are: new, signed up, logged in."""

from behave import given, then, when

from journeys.capabilities.expectations import (expect_address_taken, expect_no_conversations,
                                   expect_sign_up_unacceptable, expect_unknown)


@given("{person:Person} has never used the assistant")
def step_never_used(context, person):
    expect_unknown(context.people[person])


@given("{person:Person} has an account")
def step_has_account(context, person):
    context.people[person].ensure_account()


@given("{person:Person} is logged in")
def step_is_logged_in(context, person):
    context.people[person].ensure_account()
    context.people[person].log_in()


@when("{person:Person} logs in")
def step_logs_in(context, person):
    context.people[person].log_in()


@given("{person:Person} has signed up with {whose} work email")
@when("{person:Person} signs up with {whose} work email")
def step_signs_up(context, person, whose):
    context.people[person].sign_up()


@when("someone signs up again with {person:Person}'s work email")
def step_signs_up_again(context, person):
    context.reply = context.people[person].try_sign_up()


@then("that sign-up is refused because the address is already registered")
def step_sign_up_refused(context):
    expect_address_taken(context.reply)


@then("{person:Person} has no conversations yet")
def step_no_conversations(context, person):
    expect_no_conversations(person, context.people[person].conversations())


@when('{person:Person} tries to sign up with the password "{password}"')
def step_sign_up_weak_password(context, person, password):
    context.reply = context.people[person].try_sign_up(password=password)


@when('{person:Person} tries to sign up with the address "{address}"')
def step_sign_up_bad_address(context, person, address):
    context.reply = context.people[person].try_sign_up(email=address)


@then("the sign-up is refused because the {what} is not acceptable")
def step_sign_up_refused_for(context, what):
    expect_sign_up_unacceptable(context.reply, what)
