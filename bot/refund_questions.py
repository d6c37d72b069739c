"""Short refund questions about a named order, told by rule: "refund A1000008", "ანაზღაურება
A1000007", "A1000008 ተመላሽ?", and "why was A1000009 rejected?", «A1000009 ինչու մերժեցիք».

Read by the NLU's rule classifier (:mod:`bot.components.rule_intents`). Such a message is the
word "refund" and an order number and nothing else, too little for the classifier:
"refund A1000008" was not understood (0.40), «A1000009 ինչու մերժեցիք» (why did you reject
A1000009?) was a complaint (0.85), "why was A1000009 rejected" a payment problem (0.89) and
"A1000009 ለምን ውድቅ ተደረገ" not understood: the customer was handed over or asked to
rephrase, when the order's refund, and why it was refused, is on file. Plain Python, since
it runs in Rasa's virtualenv.

* The refund word alone with one order number is ``get_refund``: the bot answers with the
  order's refund when one was asked for, and how to ask for one when not
  (``bot.actions.order_answers.refund_messages``). Asked ("refund A1000008?", "refund
  status A1000006") it is ``track_refund``, as the training examples have it: the refund's
  status, or that none was asked for and how to ask.
* "why" and "rejected" (or "refused", "declined") with one order number, in a short message,
  is ``track_refund``: the refund's status, with the reason it was refused. A longer message
  that says more ("I have a complaint, you rejected A1000009 without a reason and I want a
  person") keeps the classifier's intent.
"""

from __future__ import annotations

from bot.message_words import WHY_WORDS, asks_when, words_in
from bot.order_numbers import order_numbers_in

GET_REFUND_INTENT = "get_refund"
TRACK_REFUND_INTENT = "track_refund"

_REFUND_WORDS = frozenset({
    # English
    "refund", "refunds", "refunded", "reimbursement", "money",
    # Georgian, and in Latin letters: refund, the money's return
    "ანაზღაურება", "ანაზღაურების", "ანაზღაურებაზე", "დაბრუნება", "დაბრუნების", "თანხის",
    "თანხა", "რეფანდი", "რეფანდის", "anazgaureba", "anazghaureba", "tanxis", "tankhis",
    "dabruneba",
    # Armenian, and in Latin letters: return, the money's return
    "վերադարձ", "վերադարձը", "վերադարձի", "գումարի", "գումարը", "ռեֆանդ", "ռեֆանդը",
    "veradardz", "gumari",
    # Amharic, and in Latin letters: return (of money)
    "ተመላሽ", "ተመላሹ", "የተመላሽ", "ገንዘብ", "ገንዘቤ", "የገንዘብ", "ሪፈንድ", "ሪፈንዱ", "temelash",
})  # fmt: skip
"""Words that name a refund."""

_AROUND_A_REFUND = frozenset({
    "my", "the", "for", "of", "on", "order", "status", "please", "pls", "plz", "what", "about",
    "back",
    "სტატუსი", "შეკვეთის", "შეკვეთა", "statusi", "ჩემი", "chemi",
    "կարգավիճակ", "կարգավիճակը", "պատվերի", "պատվեր", "իմ", "im",
    "ሁኔታ", "ሁኔታው", "ትዕዛዝ", "የትዕዛዝ", "የኔ", "እባክዎ", "የ", "ለ", "ን",  # affixes of "የA1000003"
})  # fmt: skip
"""Words that may stand beside a refund word without saying more: "my", "status", "order"."""

_STATUS = frozenset({"status", "სტატუსი", "statusi", "კარგავიճակ", "կարգավիճակը", "ሁኔታ", "ሁኔታው"})
"""Asking for a refund's status: ``track_refund``."""


_REJECTED_STEMS = (
    "reject",
    "refus",
    "declin",
    "denied",
    "deny",
    "უარყ",
    "უარი",
    "uary",
    "uari",
    "մերժ",
    "merj",
    "merzh",
    "ውድቅ",
    "ተከለከለ",
    "wdk",
    "wudik",
)
"""The beginnings of words that say a refund was refused ("rejected", "უარყავით", «մերժեցիք»,
"ውድቅ")."""

_PAYMENT_STEMS = ("pay", "card", "transact", "გადახ", "ბარათ", "վճար", "քարտ", "ክፍያ", "ካርድ")
"""A payment or a card refused ("why was my card declined for A1000003?") is a payment
problem, not a refund."""

_MAX_WORDS = 8
"""A question of "why" and "rejected" longer than this says more; the classifier reads it."""


def refund_question_intent(text: object) -> str | None:
    """``get_refund`` or ``track_refund`` for a short refund question about one named order
    (see the module's docstring), else ``None``."""
    if not isinstance(text, str):
        return None
    found = order_numbers_in(text)
    if len({number.number for number in found}) != 1:
        return None
    rest = "".join(
        " " if any(number.start <= index < number.end for number in found) else character
        for index, character in enumerate(text)
    )
    if any(character.isdecimal() for character in rest):
        return None
    words = words_in(rest)
    if not words:
        return None
    if _REFUND_WORDS.intersection(words) and all(
        word in _REFUND_WORDS or word in _AROUND_A_REFUND for word in words
    ):
        asks = "?" in text or "՞" in text or _STATUS.intersection(words)
        return TRACK_REFUND_INTENT if asks else GET_REFUND_INTENT
    rejected = any(word.startswith(_REJECTED_STEMS) for word in words)
    payment = any(word.startswith(_PAYMENT_STEMS) for word in words)
    if rejected and not payment and WHY_WORDS.intersection(words) and len(words) <= _MAX_WORDS:
        return TRACK_REFUND_INTENT
    return None


def asks_when_refunded(text: object) -> bool:
    """Whether ``text`` asks how long a refund takes, or when it comes ("how long do refunds
    take?", "when will I get my money back?", "რამდენ ხანში ბრუნდება თანხა?", «երբ կվերադարձվի
    գումարը», "ገንዘቤ መቼ ይመለሳል?").

    Why: round 20: "how long do refunds take?" was asked for an order number (with an
    apology: its sentiment read angry) and never told the time; without a number the
    customer got nothing. The time is said first (``utter_refund_timeline``), then the number
    is asked for to look the refund up."""
    if not isinstance(text, str):
        return False
    words = set(words_in(text))
    return bool(words & _REFUND_WORDS) and asks_when(text)
