"""Whether a message only asks the bot to wait ("one sec, let me check", "hold on", "ერთი
წუთით", «մի րոպե, հիմա կնայեմ», "ቆይ አንድ ደቂቃ").

Read by the NLU's rule classifier (:mod:`bot.components.rule_intents`), which makes such a
message ``hold_on``; the rules answer "Sure, take your time." and a form waiting for an
answer (the order number, a score) asks its question again. Customers say it while they look
for an order number: the classifier read «մի րոպե, հիմա կնայեմ» (one minute, I'll look now)
as a goodbye (0.78) and "ერთი წუთით, ვნახავ" as one (0.91), so the bot said goodbye and the
order form ended; "hold on" was a yes (0.46) under "may someone contact you?". Plain
Python, since it runs in Rasa's virtualenv.
"""

from __future__ import annotations

from bot.message_words import words_in

HOLD_ON_INTENT = "hold_on"

_WAIT_WORDS = frozenset({
    # English
    "sec", "secs", "second", "minute", "min", "moment", "wait", "hold", "hang", "brb",
    # Georgian, and in Latin letters: one minute/second, wait, I'll look
    "წუთით", "წამით", "მოიცა", "მოიცადეთ", "დამელოდეთ", "wutit", "watit", "moica", "moicadet",
    # Armenian, and in Latin letters: a minute, a second, wait
    "րոպե", "վայրկյան", "սպասեք", "սպասիր", "սպասի", "rope", "vayrkyan", "spaseq", "spasi",
    # Amharic, and in Latin letters: wait, a minute
    "ቆይ", "ቆዩ", "ቆዪ", "ደቂቃ", "koy", "qoy", "deqiqa", "gize",
})  # fmt: skip
"""Words that ask to wait: one of them makes the message a request to wait."""

_AROUND_WAITING = frozenset({
    "one", "a", "just", "please", "pls", "ok", "okay", "on", "let", "me", "check", "look",
    "find", "it", "i", "i'll", "will", "for", "the", "number", "order", "give", "sorry",
    "lemme", "checking", "looking", "my", "email", "emails", "mail", "inbox", "in",
    "ერთი", "ვნახავ", "ვეძებ", "ვიპოვი", "ახლავე", "ახლა", "გთხოვთ", "კარგი", "erti", "vnaxav",
    "ელფოსტაში", "მეილში", "ნომერს",
    "մի", "հիմա", "կնայեմ", "կգտնեմ", "կստուգեմ", "խնդրում", "եմ", "լավ", "mi", "hima",
    "knayem", "kgtnem", "նայեմ", "ստուգեմ", "թող", "nayem",  # let me look (round 18)
    "አንድ", "ትንሽ", "ልፈልገው", "ልየው", "እባክዎ", "እሺ", "and", "tinish", "ቁጥሩን", "ልፈልግ",
    "ande", "lefelgew", "lefelg",
})  # fmt: skip
"""Words that may stand beside the asking to wait ("one sec, let me check")."""

_MAX_WORDS = 7


def asks_to_wait(text: object) -> bool:
    """Whether ``text`` only asks the bot to wait (module docstring): a word of waiting, and
    no word that says more (no digits either: "wait, it's A1000004" gives the number)."""
    if not isinstance(text, str) or any(character.isdigit() for character in text):
        return False
    words = words_in(text)
    if not words or len(words) > _MAX_WORDS or not _WAIT_WORDS.intersection(words):
        return False
    return all(word in _WAIT_WORDS or word in _AROUND_WAITING for word in words)
