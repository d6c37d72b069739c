"""Whether a message asks what happens if an order or a refund is late: "what if it doesn't
come by then?", "and if the refund doesn't show up in 10 days?", "და თუ არ მოვიდა?", «իսկ եթե
մինչև այդ չհասնի՞», "እስከዚያ ካልደረሰስ?".

Read by the NLU's rule classifier (:mod:`bot.components.rule_intents`), which makes such a
message ``ask_if_late``; ``action_answer_if_late`` says what to do then, for the refund or
the delivery the conversation is about. Rounds 16 and 17, every language: asked right after
an order's estimated delivery or a refund's timeline, it was not understood, or got the
delivery times, the refund policy or the 1-5 scale explained, and one customer's CSAT
answer typed next was lost. Plain Python, since it runs in Rasa's virtualenv.

It takes three things: an "if" (what if, და თუ, եթե, the Amharic conditional ካል-/ባይ-
of the verb itself), a not-arriving (a negated coming, arriving or receiving, or a word of
lateness), and the shape of a question (a question mark, an opening "and"/"so", or "what do
I do"), in a short message: "if it's late again I'll complain" says something else.
"""

from __future__ import annotations

import re
from typing import Final

from bot.message_words import normalised, words_in

LATE_INTENT: Final = "ask_if_late"
MAX_WORDS: Final = 16

_IF: Final = re.compile(
    r"\b(?:what\s+if|and\s+if|so\s+if|if|in\s+case|suppose)\b|(?<!\w)თუ(?!\w)|\btu\b"
    r"|(?<!\w)եթե(?!\w)|\bete\b",
    re.IGNORECASE,
)
_NOT_ARRIVING: Final = re.compile(
    # English: not coming, arriving, showing up, getting here or back; late (not "too late
    # to cancel"), delayed, lost
    r"\b(?:doesn'?t|does\s+not|didn'?t|did\s+not|won'?t|will\s+not|isn'?t|is\s+not|hasn'?t"
    r"|has\s+not|haven'?t|have\s+not|never|still\s+not|not)\b(?:\s+\w+){0,3}?\s+"
    r"(?:come|comes|arrive|arrives|arrived|show|shows|get|gets|turn|received|receive|here"
    r"|there|back|in|delivered)\b|\b(?<!too\s)(?:late|delayed)\b|\blonger\b"
    # lost, said of the parcel ("what if I lost the receipt?" is no such thing: round 18)
    r"|\b(?:it|it's|its|parcel|package|order|shipment|money|refund)\s+(?:is\s+|gets\s+|got\s+"
    r"|was\s+)?lost\b"
    # Georgian: not come, brought, received, returned, credited; late, lost ("თუ არ
    # მომეწონა", if I don't like it, is no such thing)
    r"|(?:არ|ვერ)\s+(?:მოვიდა|მოვა|მოსულა|მომივიდა|მოიტან\w*|მომიტან\w*|მივიღ\w*|მიიღ\w*"
    r"|დამიბრუნდ\w*|დაბრუნდ\w*|ჩაირიცხ\w*|ჩამოვ\w*)|დაიგვიან|დააგვიან|დაგვიანდ|დაიკარგ"
    r"|\bar\s+(?:movida|mova|mosula|mivighe|mivige|damibrund\w*)"
    # Armenian: not arrive, come, bring, receive, return, send; late, lost («եթե չեղարկեմ», if
    # I cancel, and «դուր չգա», if I don't like it, are no such thing)
    r"|(?<!\w)(?:չհասն|չբեր|չստան|չվերադարձ|չուղարկ|չեկ)\w*|(?<!դուր\s)(?<!\w)չգա\w*"
    r"|չի\s+(?:հասել|եկել|գալիս|հասնում)|ուշան|կորչ|կորել"
    r"|\bch(?:has|ber|stan|veradar)\w*|(?<!dur\s)\bchga\b",
    re.IGNORECASE,
)
_IF_NOT: Final = re.compile(
    # "if it does not arrive / come / return / enter", "if it is late / lost": the "if" and
    # the "not" are in the verb (ካልደረሰ, ባይመጣ, ቢዘገይ)
    r"(?<!\w)(?:ካል|ባይ)(?:ደረሰ|ደርሰ|ደርስ|መጣ|ተመለሰ|መለስ|ገባ)\w*|(?<!\w)ቢዘገ\w*|(?<!\w)ቢጠፋ\w*"
    r"|\b(?:kalderese|kaldersegn|kalmeta|kaltemelese|kalgeba|biyzegey|bizegey|baydersegn)\w*"
    # Armenian asks it with the negated subjunctive alone: «լավ, իսկ վաղը չգա՞» (ok, and if it
    # doesn't come tomorrow?: round 18, read as goodbye)
    # (not «դուր չգա», if I don't like it)
    r"|(?<!դուր\s)(?<!\w)(?:չգա|չհասնի|չբերեն|չբերի|չստանամ|չվերադարձվի)(?!\w)",
    re.IGNORECASE,
)
_QUESTION: Final = re.compile(
    r"[?\u055e\u1367;]|^\W*(?:and|so|but|what|ok(?:ay)?)\b|^\W*(?:და|ანუ|მერე|ისე|իսկ|ու|ና|እና)(?!\w)"
    r"|what\s+(?:do|should|can)\s+i\s+do|what\s+happens|what\s+then|what\s+now"
    r"|რა\s+(?:ვქნა|ვაკეთო|ხდება|მოხდება)|ինչ\s+(?:անեմ|կլինի|պետք\s+է\s+անեմ)|inch\s+kanem"
    r"|ምን\s+(?:ላድርግ|ይሆናል|ማድረግ\s+አለብኝ)|ስ\s*$",
    re.IGNORECASE,
)


def _short_last_question(text: object) -> str | None:
    """The last sentence of ``text`` if it is a short question ("I was asking about my REFUND.
    what if the refund doesn't show up in 10 days": the question is the last sentence)."""
    if not isinstance(text, str):
        return None
    last = _SENTENCE_END.split(normalised(text).strip(" \n"))[-1].strip()
    if not last or len(words_in(last)) > MAX_WORDS or not _QUESTION.search(last):
        return None
    return last


def asks_if_late(text: object) -> bool:
    """Whether ``text`` asks what happens if an order or a refund is late (module docstring)."""
    last = _short_last_question(text)
    if last is None:
        return False
    return bool(_IF_NOT.search(last) or (_IF.search(last) and _NOT_ARRIVING.search(last)))


_SENTENCE_END: Final = re.compile(r"(?<=[.!።։])\s+")
"""Between sentences (a question mark ends the question itself, which is kept whole)."""


_DAMAGED: Final = re.compile(
    r"\b(?:damaged|broken|breaks|cracked|defective|faulty|smashed|ruined)\b"
    r"|დაზიანებ|გატეხ|დამტვრე|\b(?:dazianeb|gatex)\w*"
    r"|վնասված|կոտրված|կոտրվի|փչացած|\b(?:vnasvac|kotrvac)\w*",
    re.IGNORECASE,
)
_IF_DAMAGED: Final = re.compile(
    # Amharic: "if it gets damaged / broken", the "if" in the verb (ቢበላሽ, ከተበላሸ, ቢሰበር)
    r"(?<!\w)(?:ቢበላሽ|ከተበላሸ|ቢሰበር|ከተሰበረ)\w*|\b(?:bibelash|ketebelashe|bisebe?r)\w*",
    re.IGNORECASE,
)


def asks_if_damaged(text: object) -> bool:
    """Whether ``text`` asks what happens if an item arrives damaged, before anything did:
    "what if it's damaged?", "და თუ დაზიანებულია?", «իսկ եթե վնասված է», "ቢበላሽስ?" (and
    if it gets damaged?). Round 22, every language: asked after the steps to return an item,
    it opened an urgent complaint case, was not understood, or was answered "No problem!";
    it gets what to do then (``action_answer_if_late``). "It arrived damaged" says it did
    (:mod:`bot.parcel_contents`)."""
    last = _short_last_question(text)
    if last is None:
        return False
    return bool(_IF_DAMAGED.search(last) or (_IF.search(last) and _DAMAGED.search(last)))
