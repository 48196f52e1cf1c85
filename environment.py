"""behave's hooks: choose the target, give each scenario fresh people, keep the evidence.

Set-up that can fail for product reasons happens in Given steps, not here:
allure-behave shows hook errors badly. The hooks only call the library.
"""

from behave.fixture import use_fixture

from journeys.parallel.claims import run_elsewhere
from journeys.run.console_noise import quiet_console
from journeys.errors import SuiteError
from journeys.evidence import Evidence
from journeys.records import RunTally
from journeys.run.interrupts import cancel_deadline, stop_at_deadline, treat_sigterm_as_interrupt
from journeys.capabilities.people import cast_fixture
from journeys.run.run_order import golden_path_first
from journeys.report.hooks import attach_step, finish_scenario
from journeys.report.run_files import describe_run, finish_run, junit_directory, prepare_reports, stop_run
from journeys.report.summary import summarise_run
from journeys.run.target import end_scenario, open_target, target_settings


def before_all(context):
    treat_sigterm_as_interrupt()
    golden_path_first(context._runner.features)   # the golden path runs and reports first
    quiet_console(context.config)
    prepare_reports()
    context.run_record = RunTally()   # what the whole run records, beside each scenario's evidence
    junit_directory(context.config)
    settings = None
    try:
        settings = target_settings(context.config.userdata)
        context.target = open_target(settings=settings)
    except SuiteError as error:
        stop_run(context, error, settings)
        return
    context.settings = context.target.settings
    stop_at_deadline(context.settings.run_deadline_s)
    describe_run(context.settings, context.target.versions)
    print(f"Journeys against {context.settings.describe()}")


def before_scenario(context, scenario):
    context.run_elsewhere = run_elsewhere(scenario)   # another parallel worker took it
    reason = context.target.skip_reason(scenario.effective_tags)
    if context.run_elsewhere or reason:
        scenario.skip(None if context.run_elsewhere else reason)
    context.evidence = Evidence()
    use_fixture(cast_fixture, context, context.settings, context.evidence)


def after_step(context, step):
    attach_step(context, step)


def after_scenario(context, scenario):
    if context.run_elsewhere:
        return
    finish_scenario(context, scenario)
    end_scenario(context, scenario)


def after_all(context):
    cancel_deadline()
    target = getattr(context, "target", None)
    if target is not None:
        target.close()
    finish_run(context.config, getattr(context, "run_record", None), context._runner.features,
               getattr(context, "settings", None))
    summarise_run(context)
