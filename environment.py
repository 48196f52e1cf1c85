"""behave's hooks: choose the target, give each scenario fresh people, keep the evidence.

Set-up that can fail for product reasons happens in Given steps, not here:
allure-behave shows hook errors badly. The hooks only call the library.
"""

from journeys.errors import SuiteError
from journeys.evidence import Evidence
from journeys.interrupts import treat_sigterm_as_interrupt
from journeys.people import Cast
from journeys.report import attach, prepare_reports, save_transcript, stop_run
from journeys.target import open_target


def before_all(context):
    treat_sigterm_as_interrupt()
    prepare_reports()
    try:
        context.target = open_target(context.config.userdata)
    except SuiteError as error:
        stop_run(context, error)
        return
    context.settings = context.target.settings
    print(f"Journeys against {context.settings.describe()}")


def before_scenario(context, scenario):
    if "local-only" in scenario.effective_tags and not context.settings.is_local:
        scenario.skip(f"needs the reference platform; target is '{context.settings.target}'")
    context.evidence = Evidence()
    context.people = Cast(context.settings, context.evidence)


def after_step(context, step):
    attach(context.evidence.take_new())


def after_scenario(context, scenario):
    context.people.close()
    save_transcript(scenario, context.evidence)


def after_all(context):
    target = getattr(context, "target", None)
    if target is not None:
        target.close()
