import pytest

from journeys.rules.answers import answer_problems, is_cost_question, numbers_in, result_numbers

QUESTION = "How much would 2 million GPT-4o tokens a month cost?"
GOOD = ("You asked how much 2 million GPT-4o tokens a month would cost. At $2.50 per million "
        "input tokens, that volume costs about $5.00 a month, and batching could save 50%.")
RESULTS = [{"model": "gpt-4o", "monthly_cost": 5.0, "tokens": 2_000_000}]


# --- numbers_in ------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("$1,234.50 a month", [1234.5]),
    ("2,000,000 tokens", [2_000_000.0]),
    ("1.5 times", [1.5]),
    ("2 million tokens", [2.0]),
    ("about 2M tokens or 3.5k requests", [2.0, 3.5]),
    ("€12 or £7.25 or ¥300", [12.0, 7.25, 300.0]),
    ("a change of -300 and −4.5", [-300.0, -4.5]),
    ("saves 12.5%.", [12.5]),
    ("It ends here: 42.", [42.0]),
    ("$5/month", [5.0]),
    ("10,20,30", [10.0, 20.0, 30.0]),
    ("1,234,567.891", [1234567.891]),
    ("US$1,000", [1000.0]),
])
def test_numbers_in_reads_figures(text, expected):
    assert numbers_in(text) == expected


@pytest.mark.parametrize("text", ["GPT-4o is good", "claude-3 and llama-2", "the 3rd option",
                                  "version v1.2", "a 10x gain", "two million", ""])
def test_numbers_glued_to_names_or_written_in_words_are_not_figures(text):
    assert numbers_in(text) == []


# --- is_cost_question ------------------------------------------------------------------

@pytest.mark.parametrize("question", [
    QUESTION,
    "What is our monthly AI spend?",
    "How can I reduce my LLM costs?",
    "How much does Claude cost per million tokens?",
    "Which model is cheaper for summarising?",
    "Is $500 a month enough for our chatbot?",
    "Where can we find savings in our OpenAI bill?",
    "How much would 500k tokens a day on Claude be?",
    "Estimate 3 million tokens on GPT-4o for us",
])
def test_cost_questions(question):
    assert is_cost_question(question)


@pytest.mark.parametrize("question", [
    "How much context does GPT-4o have?",
    "What is the capital of France?",
    "How many tokens does GPT-4o support?",
    "Summarise my last conversation please",
])
def test_not_cost_questions(question):
    assert not is_cost_question(question)


# --- answer_problems: the meaningful answer --------------------------------------------

def test_a_good_cost_answer_has_no_problems():
    assert answer_problems(GOOD, QUESTION, cost_question=True, tool_results=RESULTS) == []


def test_cost_question_defaults_to_the_heuristic():
    problems = answer_problems("The assistant looked at your usage and found nothing unusual.",
                               QUESTION)
    assert any("never mentions cost" in p for p in problems)


@pytest.mark.parametrize("answer", ["", "   \n", None])
def test_empty_answer(answer):
    assert answer_problems(answer, QUESTION, cost_question=True, tool_results=RESULTS)[0] \
        .startswith("the answer is empty")


def test_short_answer_fails_the_sentence_rule():
    problems = answer_problems("It costs $5.00 monthly.", "What does it cost?",
                               cost_question=False, tool_results=[])
    assert problems == ["no sentence has 8 or more words (the longest has 4: 'It costs $5.00 monthly.')"]


def test_many_short_sentences_do_not_add_up_to_one():
    answer = "Costs are low. Prices fell. Savings rose. Spend less. Done now."
    assert any(p.startswith("no sentence has 8") for p in
               answer_problems(answer, "Anything?", cost_question=False, tool_results=[]))


def test_decimal_points_in_figures_do_not_end_a_sentence():
    answer = "Your spend is $1,234.57 per month across all of your models."
    assert answer_problems(answer, "x", cost_question=True, tool_results=[]) == []


@pytest.mark.parametrize("answer", [
    f"This is a simulated response to: {QUESTION}",
    f"Agent response for: {QUESTION}",
    f"You said: {QUESTION}",
])
def test_the_contracts_placeholder_phrases(answer):
    problems = answer_problems(answer, QUESTION, cost_question=True, tool_results=[])
    assert len(problems) == 1
    assert problems[0].startswith("the answer is a placeholder: it contains the fixed phrase")


def test_placeholder_is_caught_even_when_the_question_was_cut():
    answer = "Agent response for: How much would 2 million GPT-4o tok..."
    assert any("placeholder" in p for p in
               answer_problems(answer, QUESTION, cost_question=False, tool_results=[]))


def test_echo_in_an_unknown_fixed_phrase():
    answer = f"Thanks, here is my answer: {QUESTION.lower()}"
    problems = answer_problems(answer, QUESTION, cost_question=False, tool_results=[])
    assert problems == ["the answer is the question wrapped in a fixed phrase: "
                        "'thanks here is my answer <question>'"]


def test_echo_that_is_mostly_the_question_with_words_dropped():
    answer = "Processing: how much 2 million GPT-4o tokens a month cost. Please hold."
    problems = answer_problems(answer, QUESTION, cost_question=False, tool_results=[])
    assert len(problems) == 1 and problems[0].startswith("the answer is mostly the question")


def test_a_real_answer_that_quotes_the_question_is_not_an_echo():
    answer = (f'You asked: "{QUESTION}" At $2.50 per million input tokens, 2 million tokens '
              f"cost about $5.00 a month; moving half of them to GPT-4o mini would save $2.10.")
    assert answer_problems(answer, QUESTION, cost_question=True, tool_results=RESULTS) == []


def test_short_questions_are_not_checked_for_echo_beyond_the_phrases():
    answer = "Hi there, I can help you understand and reduce your AI costs."
    assert answer_problems(answer, "Hi", cost_question=False, tool_results=[]) == []


def test_cost_answer_without_cost_words():
    answer = "GPT-4o would be about 5.00 dollars for that volume every single month."
    problems = answer_problems(answer, QUESTION, cost_question=True, tool_results=[])
    assert problems == ["the question is about cost but the answer never mentions cost, "
                        "spend or savings"]


def test_cost_answer_without_a_figure():
    answer = "GPT-4o would cost you a moderate amount for that volume each month."
    problems = answer_problems(answer, QUESTION, cost_question=True, tool_results=[])
    assert problems == ["the question is about cost but the answer contains no figure"]


def test_model_names_are_not_figures_for_a_cost_answer():
    answer = "GPT-4o and claude-3 cost more than smaller models for most workloads."
    assert "the question is about cost but the answer contains no figure" in \
        answer_problems(answer, QUESTION, cost_question=True, tool_results=[])


def test_cost_rules_are_skipped_for_other_questions():
    answer = "The capital of France is Paris, a city on the river Seine."
    assert answer_problems(answer, "What is the capital of France?", cost_question=False,
                           tool_results=[]) == []


# --- answer_problems: a tool's numbers -------------------------------------------------

SENTENCE = "Based on your usage, the projected monthly figure for this workload is {}."


@pytest.mark.parametrize("written", ["1,234.57", "$1234.57", "1234.6", "1,235", "$1,234.5678",
                                     "1234.568", "€1,235"])
def test_tool_number_stated_with_separators_currency_or_rounding(written):
    answer = SENTENCE.format(written)
    assert answer_problems(answer, "q", cost_question=False,
                           tool_results=[{"cost": 1234.5678}]) == []


@pytest.mark.parametrize("written", ["1,234", "1234.5", "1,234.60", "1,200", "1,234.56", "0"])
def test_truncations_and_other_roundings_do_not_state_the_number(written):
    problems = answer_problems(SENTENCE.format(written), "q", cost_question=False,
                               tool_results=[{"cost": 1234.5678}])
    assert len(problems) == 1
    assert problems[0].startswith("the answer states none of the numbers in the tool results")
    assert "looked for 1234.5678" in problems[0]


def test_ties_round_either_way():
    for written in ("2.67", "2.68"):
        assert answer_problems(SENTENCE.format(written), "q", cost_question=False,
                               tool_results=[{"x": 2.675}]) == []


def test_nested_results_and_integers_with_separators():
    results = [{"breakdown": [{"model": "gpt-4o", "tokens": 2_000_000, "cached": True}]}]
    answer = SENTENCE.format("2,000,000 tokens")
    assert answer_problems(answer, "q", cost_question=False, tool_results=results) == []


def test_any_tools_number_is_enough():
    results = [{"count": 17}, {"monthly_cost": 88.125}]
    assert answer_problems(SENTENCE.format("$88.13"), "q", cost_question=False,
                           tool_results=results) == []


def test_negative_result_stated_as_a_saving():
    answer = "Switching half of the traffic to a smaller model saves $300 each month."
    assert answer_problems(answer, "q", cost_question=False,
                           tool_results=[{"delta": -300}]) == []


def test_numeric_strings_in_results_count():
    assert answer_problems(SENTENCE.format("1,234.50"), "q", cost_question=False,
                           tool_results=[{"cost": "$1,234.50", "note": "GPT-4o 2024"}]) == []


def test_booleans_and_trivial_numbers_give_nothing_to_look_for():
    answer = "Everything looks fine with your current setup and no change is needed."
    assert answer_problems(answer, "q", cost_question=False,
                           tool_results=[{"ok": True, "count": 1, "page": 0, "items": []}]) == []
    assert result_numbers([{"ok": True, "count": 1, "page": 0, "n": -1.0}]) == []


def test_result_numbers_walks_everything():
    results = [{"a": 2, "b": [3.5, {"c": "4,000"}], "d": "text 5", "e": float("nan")}]
    assert result_numbers(results) == [2.0, 3.5, 4000.0]


def test_missing_tool_number_names_what_was_looked_for_and_found():
    answer = "Your projected spend is about 12 dollars per month for this workload."
    problems = answer_problems(answer, "q", cost_question=False,
                               tool_results=[{"cost": 1234.5678, "tokens": 2_000_000}])
    assert problems == ["the answer states none of the numbers in the tool results, even rounded "
                        "to two decimals (looked for 1234.5678, 2000000; the answer's figures: 12)"]


def test_wrapper_of_six_words_is_an_echo_and_of_seven_is_not():
    six = f"Sure, here is what you asked: {QUESTION}"
    seven = f"Sure, here is exactly what you asked: {QUESTION}"
    assert any("wrapped in a fixed phrase" in p for p in
               answer_problems(six, QUESTION, cost_question=False, tool_results=[]))
    assert answer_problems(seven, QUESTION, cost_question=False, tool_results=[]) == []


# --- the real platform's own fallback, mock and error texts (Netra Apex beta-17) ----------
# Each is the exact text the platform builds, with the question where it puts it; none is an
# answer, whatever status came with it. "triage" is the agent type the suite names
# (journeys.config.dialect.EXECUTE_AGENT_TYPE); "boom" stands for an exception's text.
PLATFORM_TEXTS = [
    # netra_backend/app/routes/agents_execute.py:147, POST /api/agents/execute, status success
    ("fallback-recovery", f"Fallback triage agent response: Successfully processed '{QUESTION}' "
                          f"using recovery mechanism"),
    # netra_backend/app/routes/agents_execute.py:126, status success
    ("mock-response-for", f"Mock triage agent response for: {QUESTION}"),
    # netra_backend/app/routes/agents_execute.py:142, status success (the agent timed out)
    ("mock-timeout-fallback", f"Mock triage response (timeout fallback): {QUESTION}"),
    # netra_backend/app/routes/agents_execute.py:114, status service_unavailable
    ("degraded-mode", f"Degraded mode triage response: Service unavailable, request acknowledged: "
                      f"{QUESTION}"),
    # netra_backend/app/routes/agents_execute.py:139, status success when the agent gave no response
    ("executed-successfully", "Agent executed successfully"),
    # netra_backend/app/routes/agents_execute.py:654, the execute stream's result
    ("mock-stream-result", f"Mock triage response: {QUESTION}"),
    # netra_backend/app/routes/agents_execute.py:680, the execute stream's fallback result
    ("fallback-stream-result", f"Fallback triage response: {QUESTION}"),
    # netra_backend/app/routes/messages.py:408, the streamed message reply
    ("processed-your-message", f"I've processed your message: '{QUESTION}'. This is a streaming "
                               f"response that demonstrates real-time agent capabilities for "
                               f"investor demos."),
    # netra_backend/app/llm/llm_manager.py:313, the placeholder LLM request
    ("simulated-llm", f"This is a simulated response to: {QUESTION}"),
    # netra_backend/app/services/agent_service_core.py:499, read as the answer at agents_execute.py:139
    ("error-processing", "Error processing message: the supervisor could not be reached in time "
                         "for this request"),
    # netra_backend/app/services/agent_service_core.py:595, read as the answer at agents_execute.py:139
    ("error-executing", "Error executing triage agent: 'NoneType' object has no attribute "
                        "'create_execution_context' in the bridge"),
    # netra_backend/app/services/agent_service_core.py:635, read as the answer at agents_execute.py:139
    ("error-in-fallback", "Error in fallback execution: the supervisor returned nothing for "
                          "this request at all"),
    # netra_backend/app/websocket_core/unified_manager.py:823, agent_completed's final_response
    # when the run's data holds no final_response, response or result
    ("task-completed", "Task completed"),
]


@pytest.mark.parametrize("answer", [t for _, t in PLATFORM_TEXTS], ids=[i for i, _ in PLATFORM_TEXTS])
def test_the_real_platforms_own_texts_are_placeholders(answer):
    problems = answer_problems(answer, QUESTION, cost_question=False, tool_results=[])
    assert any(p.startswith("the answer is a placeholder: it contains the fixed phrase")
               for p in problems), problems


def test_a_fallback_is_a_placeholder_even_for_a_question_too_short_to_echo():
    # netra_backend/app/routes/agents_execute.py:147 with a two-word question
    answer = "Fallback triage agent response: Successfully processed 'Hello there' using recovery mechanism"
    assert any("placeholder" in p for p in answer_problems(answer, "Hello there", cost_question=False))


@pytest.mark.parametrize("answer", [
    "Fallback models are cheaper: routing a quarter of your traffic to GPT-4o mini saves about $1.20 "
    "a month.",
    "The task completed in 3 seconds and cost $0.02, which is well within your monthly budget.",
    "Your mock test run used 2,000 tokens and the agent executed successfully within the budget.",
])
def test_real_answers_that_use_the_same_words_are_not_placeholders(answer):
    assert not any("placeholder" in p for p in answer_problems(answer, QUESTION, cost_question=False))
