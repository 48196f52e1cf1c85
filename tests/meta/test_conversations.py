"""Conversation defects make the conversation journeys fail, and the message says what is wrong."""

import pytest

from defect_runs import expect_defect_caught
from journeys.errors import ApiError
from journeys.events import Event
from journeys.capabilities.expect_history import expect_in_order, expect_newest_first, expect_pages_add_up
from journeys.wire.turns import Turn

pytestmark = pytest.mark.meta

FEATURE = "features/conversations.feature"
NEWEST_FIRST = "Lena's newest conversation is at the top of her list"
FOLLOW_UPS = "Lena asks several questions in one conversation"
CARRIES_ON = "Lena comes back later and carries on the same conversation"
PAGES = "reading a conversation a page at a time gives all of it"
COMPLETE = "Lena asks for a complete answer and finds it in her history"

CASES = [
    ("threads-oldest-first", {NEWEST_FIRST: ["not listed newest first", "an older one is listed "
                                             "before a newer one"]}),
    ("history-not-stored", {FOLLOW_UPS: ["should hold 3 question(s)", "it holds 0 message(s)"],
                            CARRIES_ON: ["should hold 2 question(s)", "it holds 0 message(s)"],
                            PAGES: ["history should hold 4 messages; it holds 0"],
                            COMPLETE: ["does not hold the question", "it holds 0 message(s)"]}),
]


@pytest.mark.parametrize("defect, expected", CASES, ids=[c[0] for c in CASES])
def test_defect_fails_its_journeys_with_a_message_naming_it(journeys, defect, expected):
    expect_defect_caught(journeys, FEATURE, defect, expected)


# CONTRACT section 9: one behave run per defect, limited to the journey it breaks (--name)
PRIVATE_CASES = [
    ("foreign-thread-writable", "Sam cannot send a message into Lena's conversation",
     ["Sam wrote into Lena's conversation: the assistant started answering"]),
    ("follow-up-across-conversations", "Lena's follow-up in a new conversation is not taken for her earlier one",
     ["Lena's question in a new conversation was answered as if it followed the earlier one",
      "got an answer about Claude 3.5 Sonnet"]),
]


@pytest.mark.parametrize("defect, scenario, words", PRIVATE_CASES, ids=[c[0] for c in PRIVATE_CASES])
def test_a_conversation_kept_apart_fails_with_a_headline_naming_what_broke(journeys, defect, scenario, words):
    expect_defect_caught(journeys, FEATURE, defect, {scenario: words}, name=scenario,
                         headline="product defect: ")


def test_the_journeys_pass_in_other_shapes_and_variants(journeys):
    run = journeys(FEATURE, env={"E2E_LOCAL_SHAPE": "wrapped", "E2E_WS_AUTH": "subprotocol",
                                 "E2E_LOCAL_VARIANTS": "iso-timestamps,created-201"})
    assert run.exit_code == 0, run.explain()
    assert run.scenarios and all(s.status == "passed" for s in run.scenarios), run.explain()


# -- the checks themselves, against a platform that is wrong in ways no switch produces ---------


def _turn(question, answer, thread_id):
    turn = Turn("Lena", question, 0.0)
    fields = {"run_id": "r-" + question, "thread_id": thread_id, "final_response": answer,
              "status": "completed"}
    turn.events.append(Event("agent_completed", fields, "flat", {}, 0.1))
    return turn


class FakeLena:
    """Serves a fixed history; ``total_bias`` and ``ignore_offset`` make it wrong."""

    name = "Lena"

    def __init__(self, turns, messages, threads=(), total_bias=0, ignore_offset=False):
        self.turns, self.messages, self.threads = turns, messages, list(threads)
        self.total_bias, self.ignore_offset = total_bias, ignore_offset

    @property
    def last_turn(self):
        return self.turns[-1]

    def history(self, thread_id, limit=None, offset=None):
        start = 0 if self.ignore_offset else (offset or 0)
        page = self.messages[start:start + (limit or 50)]
        return {"messages": page, "thread_id": thread_id, "total": len(self.messages) + self.total_bias,
                "limit": limit or 50, "offset": offset or 0}

    def conversations(self):
        return self.threads


def _messages(pairs):
    return [{"id": f"m{i}", "role": role, "content": content, "created_at": i, "metadata": {}}
            for i, (role, content) in enumerate(pairs)]


TURNS = [_turn("Q1", "A1", "t1"), _turn("Q2", "A2", "t1")]
GOOD = [("user", "Q1"), ("assistant", "A1"), ("user", "Q2"), ("assistant", "A2")]


def test_a_faithful_history_passes_every_check():
    lena = FakeLena(TURNS, _messages(GOOD))
    expect_in_order(lena, TURNS)
    expect_pages_add_up(lena, 3)


@pytest.mark.parametrize("pairs", [
    [GOOD[2], GOOD[3], GOOD[0], GOOD[1]],          # conversations swapped
    [GOOD[0], GOOD[2], GOOD[1], GOOD[3]],          # answers after both questions
    GOOD[:3],                                      # last answer missing
], ids=["swapped", "interleaved", "missing-answer"])
def test_a_history_out_of_order_is_caught(pairs):
    with pytest.raises(ApiError, match="in the order asked"):
        expect_in_order(FakeLena(TURNS, _messages(pairs)), TURNS)


@pytest.mark.parametrize("wrong, words", [
    ({"total_bias": 1}, "its total is 5, the whole history has 4"),
    ({"ignore_offset": True}, "at offset 3 is wrong"),
], ids=["total-off-by-one", "offset-ignored"])
def test_pages_that_do_not_add_up_are_caught(wrong, words):
    with pytest.raises(ApiError, match=words):
        expect_pages_add_up(FakeLena(TURNS, _messages(GOOD), **wrong), 3)


def test_conversations_created_in_the_same_instant_may_be_listed_either_way():
    turns = [_turn("Q1", "A1", "t1"), _turn("Q2", "A2", "t2")]
    same_second = [{"id": "t1", "title": "Q1", "created_at": 1700000000},
                   {"id": "t2", "title": "Q2", "created_at": 1700000000}]
    expect_newest_first(FakeLena(turns, [], same_second), turns)
    later_second = [same_second[0], dict(same_second[1], created_at=1700000001)]
    with pytest.raises(ApiError, match="not listed newest first"):
        expect_newest_first(FakeLena(turns, [], later_second), turns)
