"""What the platform says about itself: its health, its address book, its tools."""

from behave import then, when

from journeys.capabilities.expect_health import (DIRECTORY, HEALTH, TOOLS, expect_directory_lists_services,
                                    expect_directory_points_at, expect_health_report_healthy,
                                    expect_service_healthy, expect_tool_configuration,
                                    expect_tool_servers_listed, read)
from journeys.rules.unchecked import skipped_health_checks


@when("{person:Person} checks the health of the platform")
def step_checks_health(context, person):
    context.readings = read(context.people[person], HEALTH)


@when("{person:Person} reads the platform's address book")
def step_reads_directory(context, person):
    context.readings = read(context.people[person], DIRECTORY)


@when("{person:Person} reads the list of tool providers and the tool configuration")
def step_reads_tools(context, person):
    context.readings = read(context.people[person], TOOLS)


@then("the auth service reports that it is healthy")
def step_auth_healthy(context):
    expect_service_healthy(context.readings, "auth service health")


@then("the backend reports that it is healthy")
def step_backend_healthy(context):
    expect_service_healthy(context.readings, "backend health")


@then("the backend's health report shows each of its checks healthy")
def step_health_report(context):
    if not skipped_health_checks(context.scenario, context.readings, context.settings.dialect,
                                 context.evidence):
        expect_health_report_healthy(context.readings)


@then("the address book lists the backend, the chat and the auth service")
def step_directory_lists(context):
    expect_directory_lists_services(context.readings)


@then("every address in the address book is one being tested")
def step_directory_points_here(context):
    expect_directory_points_at(context.readings, context.settings)


@then("at least one tool provider is listed with the tools it offers")
def step_tool_servers(context):
    expect_tool_servers_listed(context.readings)


@then("the tool configuration describes at least one client")
def step_tool_configuration(context):
    expect_tool_configuration(context.readings)
