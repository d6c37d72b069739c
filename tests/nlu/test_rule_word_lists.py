"""The word lists the NLU's rule classifier reads (bot/components/rule_intents.py) take no
training or held-out sentence written for another intent.

A rule overrides the classifier whatever it read, so a list that is too wide turns ordinary
requests into the wrong intent: the first draft of ``ask_if_late`` took «եթե չեղարկեմ» (if I
cancel) and "if I don't like it", the first delivery option rule "I'm unhappy with your
shop" and "fast delivery" given as a survey's reason (docs/nlu.md, seventeenth round).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.delivery_option_questions import asks_about_an_option
from bot.exchanges import asks_to_exchange
from bot.hold_on import asks_to_wait
from bot.invoice_details import asks_about_invoice_details
from bot.late_questions import asks_if_damaged, asks_if_late
from bot.parcel_contents import says_contents_wrong
from bot.privacy_questions import asks_about_privacy
from bot.return_questions import asks_about_the_label, asks_return_cost
from bot.sarcasm import sounds_sarcastic
from bot.weekend_delivery import asks_about_weekend_delivery
from tests.nlu.test_nlu_data import ROOT, _examples

SENTENCES = sorted((ROOT / "bot" / "data" / "nlu").glob("*.yml")) + sorted(
    (ROOT / "tests" / "nlu").glob("*.yml")
)
RULES: dict[str, tuple[Callable[[object], bool], frozenset[str]]] = {
    # the rule, and the intents whose sentences it may take (its own, or one it leaves alone)
    "ask_if_late": (asks_if_late, frozenset()),
    # read only when the classifier did not read the refund policy or delivery options
    "ask_if_damaged": (asks_if_damaged, frozenset({"check_refund_policy"})),
    "delivery_options": (asks_about_an_option, frozenset({"delivery_options", "delivery_period"})),
    "check_refund_policy": (asks_return_cost, frozenset({"check_refund_policy"})),
    "return_label": (asks_about_the_label, frozenset({"check_refund_policy"})),
    "invoice_details": (asks_about_invoice_details, frozenset({"get_invoice"})),
    "hold_on": (asks_to_wait, frozenset()),
    "ask_privacy": (asks_about_privacy, frozenset()),
    "weekend_delivery": (
        asks_about_weekend_delivery,
        frozenset({"delivery_options", "delivery_period"}),
    ),
    # read only when the classifier read thanks or a yes ("Goodbye and thanks for nothing")
    "sarcasm": (sounds_sarcastic, frozenset({"goodbye"})),
    # read only when the classifier missed it (exchanges.ELSEWHERE_INTENTS): a refund, a
    # complaint, a return or a cancellation asked with it keeps its intent
    "change_order": (
        asks_to_exchange,
        frozenset(
            {"change_order", "get_refund", "complaint", "check_refund_policy", "cancel_order"}
        ),
    ),
    # read only when the classifier chose an unrelated intent (parcel_contents.ELSEWHERE_INTENTS)
    "track_order": (
        says_contents_wrong,
        frozenset({"get_refund", "complaint", "change_order", "check_refund_policy"}),
    ),
}


@pytest.fixture(scope="module")
def sentences() -> list[tuple[str, str, str]]:
    """(file, intent, sentence) of every training and held-out file."""
    found = []
    for path in SENTENCES:
        for intent, texts in _examples(Path(path)).items():
            found.extend((path.name, intent, text) for text in texts)
    return found


@pytest.mark.parametrize("rule", sorted(RULES))
def test_a_rule_takes_no_sentence_of_another_intent(
    rule: str, sentences: list[tuple[str, str, str]]
) -> None:
    reads, allowed = RULES[rule]
    taken = [
        (name, intent, text)
        for name, intent, text in sentences
        if intent not in allowed and reads(text)
    ]
    assert taken == []
