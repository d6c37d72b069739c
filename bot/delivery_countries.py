"""Whether a message asks where we deliver: a country, abroad, which countries ("do you ship
to spain", "do u deliver internationally", "თურქეთში აგზავნით?", «Ռուսաստան առաքում եք»,
"ወደ ውጭ አገር ትልካላችሁ?").

Read by the delivery options' answer (``bot.actions.delivery_options``), which then says
where we deliver, and that nowhere else yet, instead of the whole list of delivery options.
Round 15: "do you ship to Turkey?" after the options got the same options again and
"that's all I can tell you". A place in the customer's own country ("deliver to my office",
"სახლში მომიტანთ?", "ወደ ቤቴ") is no such question. Plain Python, like the other word lists.
"""

from __future__ import annotations

import re
from typing import Final

from bot.message_words import normalised, without_in_word_marks

_NOT_A_COUNTRY: Final = (
    r"my|me|a|an|the|another|different|your|our|his|her|their|this|that|other|work|home"
    r"|office|parcel|pick|pickup|po|address|same|multiple|several|two|door|lockers?|store|shop"
)
_WHERE_WE_DELIVER: Final = re.compile(
    r"\b(?:countr(?:y|ies)|international(?:ly)?|abroad|overseas|world\s*wide"
    r"|outside\s+(?:the\s+)?(?:us|usa|united\s+states|states|country))\b"
    rf"|\b(?:ship|deliver|send|post)(?:s|ping|ing|y)?\s+(?:to|into)\s+(?:the\s+)?"
    rf"(?!(?:{_NOT_A_COUNTRY})\b)[a-z]"
    r"|ქვეყ(?:ან|ნ)|საზღვარგარეთ|უცხოეთ"
    r"|\w+(?:ეთ|ია|ა)ში(?:\W+\w+){0,4}?\W+(?:ა?გზავნ|გაუგზავნ|მიწოდ|მიგაქვთ|მიიტან|აწვდ)"
    r"|\b(?:qveyn|qveqn|sazgvargaret|ucxoet)|\w+(?:et|ia|a)shi\s+(?:a?gzavn|miwod|mitan)"
    r"|երկ(?:իր|րներ|րի)|արտասահման|արտերկ|միջազգային"
    r"|\w+(?:իա|աստան)(?:յում|ում)?\s+(?:էլ\s+)?(?:եք\s+)?(?:առաքում|ուղարկում|առաքմ)"
    r"|\b(?:erkir|erkrner|artasahman)"
    r"|(?<!ክፍለ )(?:አገር|ሀገር)"
    r"|ወደ\s+(?!ቤ)\S+\s+(?:ትልካላችሁ|ታደርሳላችሁ|ትልካላቹ|ታደርሳላቹ|ትልኩ|ታደርሱ|ይላካል)",
    re.IGNORECASE,
)


def asks_where_we_deliver(text: object) -> bool:
    """Whether ``text`` asks about delivering to a country or abroad (module docstring)."""
    if not isinstance(text, str):
        return False
    return _WHERE_WE_DELIVER.search(without_in_word_marks(normalised(text))) is not None


MAX_PLACE_WORDS: Final = 4
"""A follow-up naming a place is short: "and what about to Kenya?" has five words, too many."""
_A_PLACE_ALONE: Final = re.compile(
    rf"^(?:and\s+|so\s+|what\s+about\s+|how\s+about\s+)*(?:to|into)\s+(?!(?:{_NOT_A_COUNTRY}|you|u|us|them|it)\b)"
    r"[a-z]+(?:\s+[a-z]+)?$"
    r"|^(?:და\s+|ან\s+|da\s+)?\w+(?:ეთ|ია|ა|ი)ში$|^(?:da\s+)?\w+(?:et|ia|a|i)shi$"
    r"|^(?:իսկ\s+)?\w+(?:իա|աստան|իայում|աստանում|իա\w?)$|^isk\s+\w+(?:ia|astan)\w?$"
    r"|^(?:እና\s+)?ወደ\s+\S+$|^(?:ena\s+)?wede\s+\w+(?:\s+sa)?$",
    re.IGNORECASE,
)
"""A place named alone, as a follow-up: "and to Switzerland?", "შვეიცარიაში?" (to
Switzerland?), «իսկ Շվեյցարիա՞» (and Switzerland?), "ወደ ኬንያስ?" (and to Kenya?)."""


def names_a_place_alone(text: object) -> bool:
    """Whether ``text`` only names a place to deliver to, without asking anything else: a
    follow-up to an answer about delivery, which it asks about that place (round 22, every
    language: "and to Switzerland?" after the delivery countries got the options again and
    "that is all I can tell you", or "Sorry, I can't help with that")."""
    if not isinstance(text, str):
        return False
    said = without_in_word_marks(normalised(text)).strip(" ?!.\u055e\u1367").casefold()
    return len(said.split()) <= MAX_PLACE_WORDS and _A_PLACE_ALONE.match(said) is not None
