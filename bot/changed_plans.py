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
    r"cancel|cancle|გაუქმ|გავაუქმ|გააუქმ|gauqm|gavauqm|չեղարկ|cheghark|chexark|ሰርዝ|ሰረዝ|ስረዛ|መሰረዝ|አትሰርዘ|አትሰርዙ",
    re.IGNORECASE,
)
_OPENING_NO = re.compile(
    r"\W*(?:no|nope|wait|actually|არა|მოიცა|ara|moica|չէ|ոչ|սպասեք|սպասիր|che|voch|አይ|ቆይ|ay|koy)\b",
    re.IGNORECASE,
)
"""A message opening with "no" or "wait": the change of mind that follows takes something back."""
_DELETING = re.compile(r"delet|remove|წაშ|წავშ|ջնջ|ሰርዝ|ሰረዝ|አጥፋ", re.IGNORECASE)
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
    r"|մտափոխվ|մտքափոխ|սխալմամբ|պատահաբար|\bmtapox|ሃሳቤን|ሀሳቤን|hasabe|በስህተት",
    re.IGNORECASE,
)


_NOT_DOING = re.compile(
    r"(?:won'?t|will\s+not|not\s+going\s+to|don'?t|do\s+not)\s+(?:cancel|delete)"
    r"|ჯობია\s+არ|არ\s+(?:წავშლი|გავაუქმებ)|ნუ\s+(?:წაშლი|გააუქმებ)"
    r"|չեմ\s+(?:ջնջի|չեղարկի)|չեմ\s+ուզում\s+(?:ջնջել|չեղարկել)|մի\s+ջնջեք"
    r"|አልሰርዝም|አልሰርዘውም|አትሰርዙት",
    re.IGNORECASE,
)
"""Not cancelling, not deleting: "I won't cancel", "ჯობია არ წავშალო" (I'd better not
delete it), «չեմ ջնջի», "አልሰርዝም"."""
_KEEPING = re.compile(
    r"never\s*mind|\bnvm\b|forget\s+it|second\s+thoughts?|\bkeep\s+(?:it|my|the)"
    r"|rather\s+(?:keep|not)|better\s+not|let\s+it\s+(?:stay|be)|leave\s+it"
    r"|ჯობია\s+დავტოვ|დავტოვებ|დარჩეს|\bdavtoveb|\bdarches\b"
    r"|թող\s+մնա|կթողնեմ|\bto[xgh]+\s+mna\b"
    r"|ተውው|ተወው|ይቆይ|ይላክልኝ|\btewew\b",
    re.IGNORECASE,
)
"""Keeping what the answer before said how to end: "never mind", "I'll keep it", "ჯობია
დავტოვო" (I'd better keep it), «թող մնա» (let it stay), "ይቆይ" (let it stay)."""


def changes_mind(text: object) -> bool:
    """Whether ``text`` says the customer changed their mind, or keeps what they had (the
    order, the account): "no wait, I changed my mind", "ჯობია დავტოვო" (I'd better keep
    it), «չէ, մտածեցի, թող մնա» (no, I thought it over, let it stay), "አይ ተውው አልሰርዝም"
    (no, leave it, I won't cancel). Read after the answer about cancelling an order or
    deleting the account, where such a "no" takes that back (``bot.actions.survey_csat``)."""
    if not isinstance(text, str):
        return False
    said = normalised(text)
    if _NOT_DOING.search(said) is not None or takes_back_cancelling(said):
        return True
    # "never mind", "no wait, I changed my mind"; not "nvm, kill the order" or "i changed my
    # mind, cancel the order", which ask for it
    if _CANCELLING.search(said) is not None or _DELETING.search(said) is not None:
        return False
    return _KEEPING.search(said) is not None or (
        _OPENING_NO.match(said) is not None and _SECOND_THOUGHTS.search(said) is not None
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
