"""The reference platform varies like a model (``--vary SEED:BAD_SHARE``): other wordings, other
tool routes, a set share of answers with no figure or a wrong one, all reproducible by seed."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from journeys.config.settings import load_settings
from journeys.errors import ConfigError
from journeys.rules.answers import answer_problems, numbers_in
from reference_platform.__main__ import parser
from reference_platform.runs import agent_steps, attempt_of, final_response
from reference_platform.store import Store
from reference_platform.switches import Switches
from reference_platform.variance import NO_FIGURE, WRONG_FIGURE, Variance

COST = "What would 5 million Claude 3.5 Sonnet tokens a month cost us?"
COMPARISON = "Compare 3 million GPT-4o and Claude 3.5 Sonnet tokens a month"
OFF_TOPIC = "What is a good recipe for a vegetable lasagne?"
RIGHT_COST = "$30.00"      # 5 million Claude 3.5 Sonnet tokens a month on the reference price list


def answers(vary: str, question: str, attempts: int) -> list[str]:
    switches = Switches(vary=vary)
    return [final_response(agent_steps(question, switches, "run", (), n)) for n in range(attempts)]


def tools_of(steps) -> tuple[str, ...]:
    return tuple(fields["tool_name"] for event, fields in steps if event == "tool_executing")


def results_of(steps) -> list:
    return [fields["results"] for event, fields in steps if event == "tool_completed"]


@pytest.mark.parametrize("text, seed, share", [("7:0.2", 7, 0.2), ("7:20%", 7, 0.2),
                                                ("seed=3,bad=0.05", 3, 0.05), (" 0:1 ", 0, 1.0)])
def test_the_switch_reads_a_seed_and_a_share(text, seed, share):
    assert Variance.parse(text) == Variance(seed, share)


@pytest.mark.parametrize("text", ["7", "7:1.5", "7:150%", "seven:0.2", "7:-0.1"])
def test_a_switch_that_is_not_a_seed_and_a_share_is_refused_with_the_form_expected(text):
    with pytest.raises(ValueError, match="SEED:BAD_SHARE|0 to 1"):
        Variance.parse(text)
    with pytest.raises(SystemExit):
        parser().parse_args(["--vary", text])


def test_the_same_seed_gives_the_same_answers_and_another_seed_others():
    assert answers("7:0.3", COST, 20) == answers("7:0.3", COST, 20)
    assert answers("7:0.3", COST, 20) != answers("8:0.3", COST, 20)


def test_an_answer_depends_on_its_attempt_not_on_what_was_asked_before_it():
    switches = Switches(vary="5:0.3")
    alone = final_response(agent_steps(COST, switches, "run", (), 6))
    for n in (3, 0, 9):                        # other attempts, in any order, change nothing
        agent_steps(COST, switches, "run", (), n)
    assert final_response(agent_steps(COST, switches, "run", (), 6)) == alone


@pytest.mark.parametrize("share", [0.05, 0.2, 0.5])
def test_the_share_of_bad_answers_is_the_share_set(share):
    variance = Variance(11, share)
    for count in (10, 100, 1000):              # any run of attempts at one question: floor or ceil
        bad = sum(variance.draw(COST, n).flaw is not None for n in range(count))
        assert abs(bad - share * count) <= 1, (count, bad)
    questions = [f"What would {n} million GPT-4o tokens a month cost?" for n in range(1, 401)]
    bad = sum(variance.draw(q, n).flaw is not None for q in questions for n in range(10))
    assert abs(bad / 4000 - share) < 0.02, bad


def test_no_share_means_no_bad_answer_and_a_share_of_one_means_all_bad():
    assert all(a.count(RIGHT_COST) for a in answers("4:0", COST, 30))
    assert not any(RIGHT_COST in a for a in answers("4:1", COST, 30))


def test_good_answers_are_said_in_several_wordings_each_meaningful_with_the_right_cost():
    good = [a for a in answers("2:0", COST, 30)]
    assert len(set(good)) >= 3, good[:5]
    switches = Switches(vary="2:0")
    for n in range(30):
        steps = agent_steps(COST, switches, "run", (), n)
        answer = final_response(steps)
        assert RIGHT_COST in answer and answer_problems(answer, COST, tool_results=results_of(steps)) == []


def test_answers_take_different_valid_routes_through_the_tools():
    switches = Switches(vary="2:0")
    routes = {tools_of(agent_steps(COST, switches, "run", (), n)) for n in range(20)}
    assert routes == {("monthly_cost_calculator",), ("model_price_lookup", "monthly_cost_calculator")}
    orders = set()
    for n in range(20):
        steps = agent_steps(COMPARISON, switches, "run", (), n)
        orders.add(tools_of(steps))
        answer = final_response(steps)
        assert "GPT-4o would cost" in answer and "Claude 3.5 Sonnet would cost" in answer, answer
    assert orders == {("monthly_cost_calculator", "monthly_cost_calculator")}   # each model priced either way
    firsts = {tuple(f["parameters"]["model"] for e, f in agent_steps(COMPARISON, switches, "run", (), n)
                    if e == "tool_executing") for n in range(20)}
    assert len(firsts) == 2, firsts


def test_a_bad_answer_has_no_figure_or_a_wrong_one_and_an_answer_without_tools_a_made_up_cost():
    variance, switches = Variance(9, 1.0), Switches(vary="9:1")
    flaws = {variance.draw(COST, n).flaw for n in range(20)}
    assert flaws == {NO_FIGURE, WRONG_FIGURE}
    for n in range(20):
        answer = final_response(agent_steps(COST, switches, "run", (), n))
        if variance.draw(COST, n).flaw == NO_FIGURE:
            assert numbers_in(answer) == [] and "cost" in answer
        else:
            assert RIGHT_COST not in answer and "$" in answer
        off_topic = final_response(agent_steps(OFF_TOPIC, switches, "run", (), n))
        assert "$" in off_topic and tools_of(agent_steps(OFF_TOPIC, switches, "run", (), n)) == ()


def test_without_the_switch_nothing_varies():
    plain = Switches()
    assert len({final_response(agent_steps(COST, plain, "run", (), n)) for n in range(10)}) == 1
    assert final_response(agent_steps(COST, plain, "run")) == final_response(agent_steps(COST, plain, "run", (), 3))


def test_an_attempt_is_its_conversation_s_place_among_its_owner_s_oldest_first(tmp_path):
    store = Store(str(tmp_path / "db.sqlite"))
    store.ensure_user("u1", "sam@example.com", [])
    store.ensure_user("u2", "lena@example.com", [])
    sams = [store.create_thread("u1", f"t{n}", {}).id for n in range(4)]
    lenas = store.create_thread("u2", "t", {}).id
    state = SimpleNamespace(store=store)
    assert [attempt_of(state, t) for t in reversed(sams)] == [3, 2, 1, 0]
    assert attempt_of(state, lenas) == 0 and attempt_of(state, "thread_unknown") is None
    store.close()


def test_the_switch_reaches_the_platform_and_the_suite_passes_it_on():
    assert parser().parse_args(["--vary", "7:20%"]).vary == "7:0.2"
    assert parser().parse_args([]).vary == ""
    with pytest.raises(ValueError):
        Switches(vary="nonsense")
    assert load_settings("local", {"E2E_LOCAL_VARY": "7:20%"}).local.vary == "7:0.2"
    assert load_settings("local", {}).local.vary == ""
    with pytest.raises(ConfigError, match="E2E_LOCAL_VARY"):
        load_settings("local", {"E2E_LOCAL_VARY": "often"})
