"""The pipeline's tokenizer on the four languages' scripts (runs in Rasa's virtualenv).

bot.components.tokenizer.WordTokenizer is Rasa's WhitespaceTokenizer that keeps Armenian
words with an in-word question or emphasis mark whole ("Որտե՞ղ" -> "Որտեղ"); Georgian
words must come out as typed, Amharic ones with their homophones written one way, Amharic's
sentence marks dropped. An order number is
the example number A1234567 whatever its digits.
"""

from __future__ import annotations

import pytest

from tests.helpers import run_in_rasa

pytestmark = pytest.mark.slow

SCRIPT = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from bot.components.tokenizer import WordTokenizer
tokenizer = WordTokenizer(WordTokenizer.get_default_config())
out = []
for text in json.loads(sys.argv[1]):
    tokens = tokenizer.tokenize(Message(data={"text": text}), "text")
    out.append([[t.text, t.start, t.end] for t in tokens])
print(json.dumps(out, ensure_ascii=False))
"""

CASES = {
    "Որտե՞ղ է իմ պատվերը": [["Որտեղ", 0, 6], ["է", 7, 8], ["իմ", 9, 11], ["պատվերը", 12, 19]],
    "Որտեղ է իմ պատվերը": [["Որտեղ", 0, 5], ["է", 6, 7], ["իմ", 8, 10], ["պատվերը", 11, 18]],
    "Ինչու՞ չի գալիս": [["Ինչու", 0, 5], ["չի", 7, 9], ["գալիս", 10, 15]],
    "Շատ շնորհակա՜լ եմ": [["Շատ", 0, 3], ["շնորհակալ", 4, 14], ["եմ", 15, 17]],
    "ჩემი შეკვეთა სად არის?": [
        ["ჩემი", 0, 4],
        ["შეკვეთა", 5, 12],
        ["სად", 13, 16],
        ["არის", 17, 21],
    ],
    # Amharic letters that sound alike are written one way: ትዕዛዝ and ትእዛዝ (order) alike.
    "ትዕዛዜ የት ነው፧": [["ትእዛዜ", 0, 4], ["የት", 5, 7], ["ነው", 8, 10]],
    "ትእዛዜ የት ነው": [["ትእዛዜ", 0, 4], ["የት", 5, 7], ["ነው", 8, 10]],
    "ሠዓት": [["ሰኣት", 0, 3]],
    "ገንዘቤን መመለስ እፈልጋለሁ።": [["ገንዘቤን", 0, 5], ["መመለስ", 6, 10], ["እፈልጋለሁ", 11, 17]],
    # An order number is read as the example number, in its own place in the text.
    "where's order A-12345?": [
        ["where", 0, 5],
        ["s", 6, 7],
        ["order", 8, 13],
        ["A1234567", 14, 21],
    ],
    "return order #88120455 pls": [
        ["return", 0, 6],
        ["order", 7, 12],
        ["A1234567", 13, 22],
        ["pls", 23, 26],
    ],
    "A61239-ის სტატუსი": [["A1234567-ის", 0, 9], ["სტატუსი", 10, 17]],
    # Read out to voice typing: one token for the whole number.
    "refund for order A one zero zero zero zero zero eight please": [
        ["refund", 0, 6],
        ["for", 7, 10],
        ["order", 11, 16],
        ["A1234567", 17, 53],
        ["please", 54, 60],
    ],
    "I paid 1500 dollars": [["I", 0, 1], ["paid", 2, 6], ["1500", 7, 11], ["dollars", 12, 19]],
    # A template placeholder is its words: "order number" is what a customer would write.
    "cancel {{Order Number}} now": [
        ["cancel", 0, 6],
        ["Order", 9, 14],
        ["Number", 15, 21],
        ["now", 24, 27],
    ],
}


def test_tokens_of_every_script() -> None:
    found = run_in_rasa(SCRIPT, list(CASES))
    assert dict(zip(CASES, found, strict=True)) == CASES
