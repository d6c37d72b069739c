"""Short refund questions about a named order are told by rule (bot/refund_questions.py)."""

from __future__ import annotations

import pytest

from bot.refund_questions import refund_question_intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("refund A1000008", "get_refund"),  # the classifier: not understood (0.40)
        ("money back A1000008 please", "get_refund"),
        ("ანაზღაურება A1000007", "get_refund"),
        ("A1000008 ተመላሽ", "get_refund"),
        ("A1000008 վերադարձ", "get_refund"),
        ("refund A1000009?", "track_refund"),  # asked: its status
        ("A1000007 refund status", "track_refund"),
        ("A1000016 tanxis dabruneba?", "track_refund"),
        ("ተመላሽ የA1000013?", "track_refund"),  # Amharic "of" written onto the number
        ("A1000009 ինչու մերժեցիք", "track_refund"),  # the classifier: a complaint (0.85)
        ("why was A1000009 rejected", "track_refund"),  # the classifier: a payment problem
        ("why did you decline my refund for A1000009?", "track_refund"),
        ("A1000009 რატომ უარყავით", "track_refund"),
        ("A1000009 ratom uaryavit", "track_refund"),
        ("A1000009 ለምን ውድቅ ተደረገ", "track_refund"),
    ],
)
def test_short_refund_questions_about_one_order(text: str, intent: str) -> None:
    assert refund_question_intent(text) == intent


@pytest.mark.parametrize(
    "text",
    [
        "A1000008",  # the bare number is the order rule's
        "where is my refund A1000008",  # more than a refund word: the classifier's
        "refund A1000008 and A1000009",  # two orders
        "refund please",  # no order
        "refund 2 items from A1000008",  # another number
        "why was my card declined for A1000003?",  # a payment problem
        "A1000008 back",
        # a complaint that says more than why
        "I have a complaint, you rejected A1000009 without a reason and I want a person now",
        None,
    ],
)
def test_other_messages_keep_the_classifiers_intent(text: str | None) -> None:
    assert refund_question_intent(text) is None
