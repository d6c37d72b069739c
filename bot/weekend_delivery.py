"""Whether a message asks if we deliver at weekends: "do you deliver on saturday?", "what
about weekends?", "შაბათ-კვირასაც მოგაქვთ?", «իսկ շաբաթ օրերին?», "ቅዳሜስ?".

Read by the NLU's rule classifier (:mod:`bot.components.rule_intents`), which makes such a
message ``delivery_options``; the answer (``action_answer_delivery_options``) says that we
deliver on business days (``utter_weekend_delivery``). Round 20, every language: the
question got the whole list of countries and prices, which says nothing of weekends, or, as
a short follow-up ("ቅዳሜስ?", and Saturday?), was not understood. Plain Python, since it runs
in Rasa's virtualenv.
"""

from __future__ import annotations

import re
from typing import Final

from bot.message_words import normalised, words_in
from bot.order_numbers import find_order_number

_WEEKEND: Final = re.compile(
    r"\b(?:week-?ends?|saturdays?|sundays?|sat\s+or\s+sun)\b"
    # Georgian: Saturday (შაბათი, შაბათს, შაბათ-კვირა: the weekend), a day off
    r"|შაბათ|დასვენების\s+დღე"
    # Armenian: Saturday as a day («շաբաթ» alone is also a week), Sunday, days off
    r"|շաբաթ\s+օր|կիրակի|հանգստյան\s+օր|\b(?:kiraki|hangstyan)"
    # Amharic: Saturday, Sunday, the end of the week
    r"|ቅዳሜ|እሁድ|እሑድ|ሳምንቱ?\s+መጨረሻ|\b(?:kdame|qdame|kidame|ehud|ihud)\b",
    re.IGNORECASE,
)
_DELIVERY: Final = re.compile(
    r"\b(?:deliver\w*|ship\w*|arriv\w*|courier\w*|come|comes|post)\b"
    r"|მიწოდ|მოგაქვთ|მოიტან|აგზავნ|კურიერ|mitan|miwod|kurier"
    r"|առաք|բեր|կգա|կհասն|araq|arak"
    r"|ያደርስ|ይደርሳል|ማድረስ|ይመጣል|ታደርሳላችሁ|ትልካላችሁ|yadersu|yidersal|yimetal",
    re.IGNORECASE,
)
_OTHER_SUBJECT: Final = re.compile(
    r"\b(?:open|support|agents?|call|phone|chat|staff|work|working|store|shop)\b"
    r"|\b(?:service|rain|snow|weather|nice|ashkhat|mushaob|silk|yiseral|yinesal)"
    r"|ღია|მუშაობ|ოპერატორ|დარეკ|ამინდ|გქონდეთ|բաց|աշխատ|օպերատոր|զանգ|եղանակ"
    r"|ክፍት|ትሰራ|ይሰራ|ስልክ|ደውል|ይጫወታል|ዝናብ",
    re.IGNORECASE,
)
"""Another subject at the weekend: our support's hours ("is support open on sunday?"), the
weather, a goodbye ("have a nice weekend"), a match ("ቅዳሜ ከማን ጋር ይጫወታል?")."""
_SHORT: Final = 6
"""A follow-up this short ("what about weekends?", «իսկ շաբաթ օրերին?») needs no delivery
word: it follows a delivery answer."""


def asks_about_weekend_delivery(text: object) -> bool:
    """Whether ``text`` asks if we deliver at weekends (see the module's docstring)."""
    if not isinstance(text, str) or find_order_number(text) is not None:
        return False
    folded = normalised(text)
    if _WEEKEND.search(folded) is None or _OTHER_SUBJECT.search(folded) is not None:
        return False
    return len(words_in(text)) <= _SHORT or _DELIVERY.search(folded) is not None
