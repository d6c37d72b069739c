"""Two requests about an order that the classifier answers with a neighbour's steps:
taking back a cancellation, and moving a delivery to another day.

Round 14, every language: "actually wait, I changed my mind, I don't want to cancel it",
"მოიცა, გადავიფიქრე, არ მინდა გაუქმება" and "I cancelled my order by mistake, how do I
reactivate it?" got the steps to cancel an order; "can u deliver A1000003 on monday
instead, nobody home thursday", «Կարո՞ղ եմ առաքման օրը փոխել» and "የማድረሻ ቀኑን መቀየር
እችላለሁ?" got the steps to change the address or the items. Neither has an intent of its
own in the support taxonomy: they are ``cancel_order`` and ``change_order`` by rule
(:mod:`bot.components.rule_intents`), and those intents' answers say what applies
(``bot.actions.cancel_order``, ``bot.actions.follow_up_questions``). Plain Python, since
it runs in Rasa's virtualenv too.
"""

from __future__ import annotations

import re

from bot.message_words import normalised

_CANCELLING = re.compile(
    r"cancel|გაუქმ|გავაუქმ|გააუქმ|gauqm|gavauqm|չեղարկ|cheghark|chexark|ሰርዝ|ሰረዝ|ስረዛ|መሰረዝ|አትሰርዘ|አትሰርዙ",
    re.IGNORECASE,
)
_CANCELLED = re.compile(
    r"cancell?ed|clicked\s+cancel|გავაუქმე|gavauqme|չեղարկեցի|չեղարկել\s+եմ|chegharkeci"
    r"|ሰርዣለሁ|ሰረዝኩ|የሰረዝኩት|ሰርዤ|aderku",
    re.IGNORECASE,
)
"""Cancelling done: a change of mind or a mistake about it takes it back."""
_UNDOING = re.compile(
    r"\bundo\b|reactivate|restore|un-?cancel|(?:don'?t|do\s+not|no\s+longer)\s+want\s+to\s+cancel"
    r"|not\s+to\s+cancel"
    r"|აღვადგინო|აღდგენა|აღადგინეთ|არ\s+მინდა\s+გაუქმება|ar\s+minda\s+gauqmeba|დავტოვოთ|დატოვეთ"
    r"|վերականգն|չեմ\s+ուզում\s+չեղարկ|մի\s+չեղարկեք"
    r"|ስረዛውን\s+መሰረዝ|እንደገና\s+ማስጀመር|እንዲቀጥል|ይቀጥል|ይመለስ|አትሰርዘ|አትሰርዙ",
    re.IGNORECASE,
)
"""Words that undo cancelling whatever its tense ("can I undo it?", "restore")."""
_SECOND_THOUGHTS = re.compile(
    r"changed?\s+my\s+mind|by\s+mistake|accident(?:ally)?|გადავიფიქრე|gadavifiqre|შემთხვევით"
    r"|մտափոխվ|մտքափոխ|սխալմամբ|պատահաբար|ሃሳቤን|ሀሳቤን|hasabe|በስህተት",
    re.IGNORECASE,
)


def takes_back_cancelling(text: object) -> bool:
    """Whether ``text`` takes back cancelling an order: a wish to undo or restore it said
    about cancelling, or a change of mind or a mistake about a cancelling already done ("i
    cancelled my order by mistake", "გავაუქმე, მაგრამ გადავიფიქრე", «սխալմամբ չեղարկեցի»,
    "በስህተት ነው የሰረዝኩት"). "I changed my mind, cancel it" is a request to cancel."""
    if not isinstance(text, str):
        return False
    said = normalised(text)
    if _CANCELLING.search(said) is None and _CANCELLED.search(said) is None:
        return False
    return _UNDOING.search(said) is not None or (
        _CANCELLED.search(said) is not None and _SECOND_THOUGHTS.search(said) is not None
    )


_DAY = (
    r"(?:delivery|deliver|shipping|arrival)\s+(?:day|date)|(?:day|date)\s+of\s+(?:the\s+)?delivery"
    r"|deliver(?:ed)?\b.{0,40}\b(?:on|next)\s+(?:a\s+)?(?:different|another|other|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:different|another|other)\s+day|reschedule"
    r"|მიწოდების\s+(?:დღ|თარიღ)|მიტანის\s+(?:დღ|თარიღ)|mitanis\s+dRe|mitanis\s+dge|miwodebis\s+dRe"
    r"|სხვა\s+დღეს|სხვა\s+დღეზე"
    r"|առաքման\s+(?:օր|ամսաթ)|այլ\s+օր|ուրիշ\s+օր|день\s+доставки|дату\s+доставки"
    r"|(?:የማድረሻ|የመድረሻ|የሚደርስበት|የሚደርስበትን|delivery)\s+ቀ|ቀኑን"
)
_CHANGE = (
    r"chang|move|moving|reschedul|different|another|other|instead|shift|postpone"
    r"|შევცვალ|შეცვლ|შეიცვალ|გადავიტან|გადატან|შეიძლება|shevcval|gadatan"
    r"|փոխ|տեղափոխ|հետաձգ|поменя|перенес|изменить"
    r"|መቀየር|ማዛወር|ማስቀየር|ቀይሩ|ይቀየር|ላዛውር|እንዲቀየር|ይዛወር|ማስተላለፍ"
)
_MOVES_THE_DAY = re.compile(
    f"(?:{_DAY}).*(?:{_CHANGE})|(?:{_CHANGE}).*(?:{_DAY})|reschedul",
    re.IGNORECASE | re.DOTALL,
)


def asks_to_change_delivery_day(text: object) -> bool:
    """Whether ``text`` asks to have an order delivered on another day ("how do i change
    the delivery date of my order", "can u deliver A1000003 on monday instead",
    "მიწოდების დღის შეცვლა შეიძლება?", «առաքման օրը փոխել», "የማድረሻ ቀኑን መቀየር
    እችላለሁ?"); an address alone is not a day."""
    if not isinstance(text, str):
        return False
    return _MOVES_THE_DAY.search(normalised(text)) is not None
