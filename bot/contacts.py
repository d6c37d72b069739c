"""E-mail addresses and phone numbers as customers type them in a chat.

Why here, on the standard library only: the action server reads contacts in answers
(:mod:`bot.actions.handoff`, :mod:`bot.actions.survey`), and Rasa's pipeline reads a message
that gives nothing but a contact (:func:`only_contact`, in
``bot.components.rule_intents``), so both virtualenvs import this module.
"""

from __future__ import annotations

import re
import unicodedata

from bot.corrections import CORRECTION
from bot.message_words import words_in
from bot.order_numbers import order_numbers_in, spoken_digits_in

# Addresses we can write to: a plain local part, a dot-separated domain with a 2+ letter
# top-level label; Unicode letters allowed. Stricter than (so always accepted by) the
# ResponseCreate.email check.
_EMAIL = re.compile(
    r"(?<![\w.@+-])([\w.!#$%&'*+/=?^`{|}~-]{1,64}@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63})(?![\w@-])"
)
_MAX_EMAIL_CHARS = 254
# A Georgian or Armenian case ending written onto an address ("nino@gmail.com-ზე", to
# nino@gmail.com; "...com-ին"): the address is what comes before it.
_CASE_ENDING = re.compile(r"-(?=[\u10a0-\u10ff\u0530-\u058f\u1200-\u137f])")


def parse_email(text: object) -> str | None:
    """The one e-mail address in ``text`` ("sure, it's jane@example.com"), lower-cased.

    ``None`` when there is none, or more than one different address (we would be guessing),
    unless the message corrects one to the other ("it's mark.h@example.co.uk, sorry I mean
    mark.hughes@example.co.uk": the last one).
    """
    if not isinstance(text, str):
        return None
    typed = _CASE_ENDING.sub(" ", text)
    matches = list(_EMAIL.finditer(typed))
    found = {match.group(1).lower().rstrip(".") for match in matches}
    if len(found) > 1 and CORRECTION.search(typed[matches[0].end() : matches[-1].start()].lower()):
        found = {matches[-1].group(1).lower().rstrip(".")}
    if len(found) != 1:
        return None
    (address,) = found
    return address if len(address) <= _MAX_EMAIL_CHARS else None


# A phone number as people type it: an optional "+", digits with spaces, dots, dashes or
# brackets between them. 8-15 digits: E.164 allows at most 15, and a number without its area
# code ("555 0142", "599 12 34") cannot be called back (round 8: stored, and the rest lost).
_PHONE = re.compile(r"(?<![\w+])(\+?\d[\d .()\-]{4,22}\d)(?!\w)")
_SAID_PLUS = re.compile(r"\bplus\s*$", re.IGNORECASE)
_SAID_OH = re.compile(r"\b(?:oh|o)\s*$", re.IGNORECASE)
"""British "oh" for the leading zero ("oh seven seven ..."), which the digit reading keeps
only inside a number."""
_MIN_PHONE_DIGITS = 8
_MAX_PHONE_DIGITS = 15


def parse_phone(text: object) -> str | None:
    """The one phone number in ``text`` ("call me on +995 555 12-34-56"), as "+995555123456",
    also read out to voice typing ("plus nine nine five five five five ...").

    Only the digits (and a leading "+") are kept, so an agent can dial or paste it.
    ``None`` when there is none, or more than one (we would be guessing).
    """
    if not isinstance(text, str):
        return None
    text = unicodedata.normalize("NFKC", text)
    found = set()
    typed = list(_PHONE.finditer(text))
    for match in typed:
        # Any script's decimal digits, as ASCII: the stored answer accepts 0-9 only.
        digits = "".join(
            str(unicodedata.digit(char)) for char in match.group(1) if char.isdecimal()
        )
        if _MIN_PHONE_DIGITS <= len(digits) <= _MAX_PHONE_DIGITS:
            found.add(("+" if match.group(1).startswith("+") else "") + digits)
    for run in spoken_digits_in(text):  # read out to voice typing: "five five five one ..."
        if run.letter or any(m.start() < run.end and run.start < m.end() for m in typed):
            continue  # an order number's letter, or digits the typed pattern has read
        before = text[: run.start]
        digits = ("0" if _SAID_OH.search(before) else "") + run.digits  # "oh seven seven ..."
        if _MIN_PHONE_DIGITS <= len(digits) <= _MAX_PHONE_DIGITS:
            plus = _SAID_PLUS.search(before) is not None
            found.add(("+" if plus else "") + digits)
    if len(found) != 1:
        return None
    (number,) = found
    return number


# Words that ask to be called, in our four languages: a bare run of digits in a request for
# a person is a phone number only with one of them ("call me back 0922334455"), or with "my
# number" (:data:`_MY_NUMBER`), since an order number is a bare run of digits too ("a person
# please, order 2000015").
_CALL_WORDS = (
    r"\b(?:call|ring|phone|mobile|cell|whats\s?app|viber|telegram)"
    r"|\bcontact\s+me\b|დამიკავშირდით|damikavshirdit|կապվեք|kapveq|አግኙኝ|agnugn"
    r"|დამირეკ|დარეკ|ტელეფონ|მობილურ|damirek|telefon"
    r"|զանգ|հեռախոս|zang|herakhos|heraxos"
    r"|ደው[ለ-ሎ]|ስል[ከ-ኮ]|dewlu|dewl|silk"  # ደውሉልኝ "call me", ስልኬ "my phone"
)
_MY_NUMBER = r"\bmy\s+number\b|ჩემი\s+ნომერი|ჩემს\s+ნომერზე|chemi\s+nomeri|իմ\s+համարը|համարս|ቁጥሬ"
_CALL_ME = re.compile(f"{_CALL_WORDS}|{_MY_NUMBER}", re.IGNORECASE)
_CALL = re.compile(_CALL_WORDS, re.IGNORECASE)
_SEPARATED = re.compile(r"\d[ .()\-]+\d")


CONTACT_SEPARATOR = " / "
"""Between an e-mail address and a phone number given together: the slot holds both, the
promise names both ("we will contact you at jane@example.com / +995555123456"), and
:func:`email_of` / :func:`phone_of` take them apart to store."""


def _phone_beside(text: str) -> str | None:
    """The phone number in ``text`` once its e-mail addresses are taken out (the digits of
    "5551234567@example.com" are an address, not a phone)."""
    return parse_phone(_EMAIL.sub(" ", _CASE_ENDING.sub(" ", text)))


def _both(email: str | None, phone: str | None) -> str | None:
    return CONTACT_SEPARATOR.join(part for part in (email, phone) if part) or None


def contact_in(text: object) -> str | None:
    """An e-mail address, a phone number, or both ("jane@example.com or 555 201 7788": a
    shopper's phone had been dropped), typed in answer to a question that asks for one."""
    if not isinstance(text, str):
        return None
    return _both(parse_email(text), _phone_beside(text))


_DIGIT_PIECE = re.compile(r"\s*\+?[\d\s().\-]*\d[\d\s().\-]*")
_TRAILING_DIGITS = re.compile(r"\+?[\d\s().\-]*\d[\d\s().\-]*$")


def is_digit_piece(text: object) -> bool:
    """Whether ``text`` is only digits (with a "+", spaces, dashes, dots or brackets): a
    phone number, or a piece of one typed in two messages ("093", then "112233")."""
    return isinstance(text, str) and _DIGIT_PIECE.fullmatch(text) is not None


def contact_in_pieces(previous: object, latest: object) -> str | None:
    """The contact in ``latest``, completed by the digits the message before ended with when
    those were too few for a phone number: "+374" then "99 887766", "0911" then "234 5678",
    "my number is 0803 456" then "7890" (rounds 7 and 8: the first piece was refused, and
    the second stored without it, looked up as an order number, or taken for a refusal).

    Only a latest message that is digits alone completes a number, and only a first piece
    that was no contact itself (a whole number before is not continued).
    """
    contact = contact_in(latest)
    if not (isinstance(previous, str) and is_digit_piece(latest)) or contact_in(previous):
        return contact
    piece = _TRAILING_DIGITS.search(previous)
    if piece is None or sum(char.isdecimal() for char in piece.group(0)) < _MIN_PIECE_DIGITS:
        return contact  # "2" (a score) is no piece of a phone number
    if (
        piece.start() > 0
        and previous[piece.start() - 1].isalpha()
        and piece.group(0)[0].isdecimal()
    ):
        return contact  # "A1000002" then "2": an order number's digits (round 20: "10000022")
    if contact is not None and not is_digit_piece(previous):
        return contact  # a whole number after a sentence that ended in digits
    joined = contact_in(f"{piece.group(0)} {latest}")
    return joined if joined is not None else contact


_MIN_PIECE_DIGITS = 3


def email_of(contact: str | None) -> str | None:
    """The e-mail address in a contact from :func:`contact_in` or :func:`contact_offered`."""
    return parse_email(contact)


def phone_of(contact: str | None) -> str | None:
    """The phone number in a contact from :func:`contact_in` or :func:`contact_offered`."""
    return _phone_beside(contact) if isinstance(contact, str) else None


_REFUSES = re.compile(
    r"(?<!why\s)\b(?:don'?t|do\s+not|please\s+don'?t)\s+"
    r"(?:contact|call|e-?mail|text|message|phone|ring|reach\s+out\s+to)\s+me\b"
    r"|\bno\s+(?:contact|calls)\b"
    r"|ნუ\s+დამიკავშირდებით|არ\s+დამიკავშირდეთ|ნუ\s+დამირეკავთ|არ\s+დამირეკოთ"
    r"|ნუ\s+მომწერთ|არ\s+მომწეროთ"
    r"|\bnu\s+damikavshirdebit\b|\bar\s+damikavshirdet\b|\bar\s+damirekot\b"
    r"|մի\s+(?:զանգեք|զանգահարեք|կապվեք|գրեք)|կապ\s+մի\s+հաստատեք"
    r"|\bmi\s+(?:zangeq|kapveq|greq)\b"
    r"|አታግኙኝ|አትደውሉልኝ(?!ም)|አትደውሉ(?![ል-ሎ])|አትጻፉልኝ|አትፃፉልኝ|አታነጋግሩኝ"
    r"|\batagnugn\b|\batdewlulgn\b"
    # "I don't want to be contacted", "delete my number", «չեմ ուզում, որ կապվեք», "ቁጥሬን ሰርዙት"
    r"|\b(?:don'?t|do\s+not)\s+want\s+(?:to\s+be\s+(?:contacted|called)|you\s+to\s+(?:contact|call))"
    r"|\b(?:delete|remove|erase)\s+my\s+(?:number|phone)"
    r"|არ\s+მინდა\s+(?:რომ\s+)?დამიკავშირდ|წაშალეთ\s+ჩემი\s+(?:ნომერი|მეილი|იმეილი|ტელეფონი)"
    r"|չեմ\s+ուզում,?\s+(?:որ\s+)?(?:կապվեք|զանգեք)|\bchem\s+uzum\s+(?:vor\s+)?kapveq\b"
    r"|(?:ջնջեք|ջնջել)\s+(?:իմ\s+)?(?:համար|մեյլ|էլ)|(?:համարս|մեյլս)\s+ջնջեք"
    r"|(?:ቁጥሬን|ኢሜይሌን|ስልኬን)\s+(?:ሰርዙት|አጥፉት|ሰርዙልኝ)"
    # "i'd rather you didn't contact me", "እንድታገኙኝ አልፈልግም" (I don't want you to contact me)
    r"|\brather\s+(?:you\s+)?(?:didn'?t|did\s+not|not)\s+(?:contact|call|e-?mail|text|be\s+contacted)"
    r"|(?:እንድታገኙኝ|እንድትደውሉልኝ|እንድትጽፉልኝ|እንድታነጋግሩኝ)\s+አልፈልግም",
    re.IGNORECASE,
)


def refuses_contact(text: object) -> bool:
    """Whether the customer says not to contact them ("please don't contact me", "ნუ
    დამიკავშირდებით", «մի զանգեք», "አታግኙኝ").

    Why: "my email is selam.g@example.com but please don't contact me" had been stored as a
    contact with consent and promised a reply, and "please do not contact me" after the
    survey's promise read as asking for a person (a second case). Only the forms that tell
    someone not to: "nobody contacted me" («ինձ հետ չեն կապվել», "არ დამიკავშირდნენ") is a
    complaint, and "why don't you call me?" asks to be called.
    """
    return isinstance(text, str) and _REFUSES.search(text) is not None


def contact_offered(text: object) -> str | None:
    """An e-mail address, a phone number or both given with a request ("a person please, my
    email is bob@example.com", "call me back on 555 201 7788"), else ``None``.

    A phone number must look like one (a "+", or digits in groups) or come with a word
    asking to be called: "a person please, order 2000015" offers no phone. A contact named
    while saying not to use it (:func:`refuses_contact`) is not offered.
    """
    if not isinstance(text, str) or refuses_contact(text):
        return None
    return _both(parse_email(text), _phone_offered(text))


_OFFERS_OWN = re.compile(
    r"\b(?:my|me\s+(?:at|on))\b|\b(?:e-?mail|write\s+to|contact|reach|text|message)\s+me\b"
    r"|ჩემი|ჩემს|მომწერეთ|დამიკავშირდით|chemi|momweret|damikavshirdit"
    r"|իմ\b|մեյլս|հասցես|համարս|գրեք|կապվեք|grek|greq|kapveq"
    r"|ኢሜይሌ|ስልኬ|ቁጥሬ|ጻፉልኝ|ፃፉልኝ|አግኙኝ|emailie|silke",
    re.IGNORECASE,
)
"""Words that make a contact in a sentence the customer's own, given to be used: "my",
"email me", "ჩემი", «գրեք» (write), "ኢሜይሌ" (my email), or a word asking to be called."""


def contact_volunteered(text: object) -> str | None:
    """The customer's own contact, offered inside an answer ("late again, email me at
    kim@example.net", "ჩემი ნომერია 599 12 34 56"), else ``None``.

    Why: a survey's "why?" or a CSAT comment often names an address that is not the
    customer's to be contacted at ("you kept sending spam to old@example.com", "the invoice
    went to my husband at mark@example.org" is his, «նրա մեյլը՝ gohar.k@mail.am», his
    e-mail): it had been stored as their contact, with consent never asked. Such an address
    stays in the comment; the consent question is asked as usual.
    """
    if not isinstance(text, str):
        return None
    if only_contact(text) is not None:
        return contact_offered(text)
    if not (_OFFERS_OWN.search(_EMAIL.sub(" ", text)) or _CALL_ME.search(text)):
        return None
    if re.search(r"\b(?:husband|wife|friend|brother|sister|his|her|their)\b", text, re.I):
        return None
    return contact_offered(text)


def _phone_offered(text: str) -> str | None:
    """The phone number of :func:`contact_offered`: one that looks like one, or asked to be
    called on."""
    phone = _phone_beside(text)
    if phone is None:
        return None
    return phone if _looks_like_phone(phone, text) or _CALL_ME.search(text) else None


def _looks_like_phone(phone: str, text: str) -> bool:
    """Whether the number is written as phones are (a "+", digits in groups), unlike an
    order number."""
    return phone.startswith("+") or any(
        _SEPARATED.search(match.group(1)) for match in _PHONE.finditer(text)
    )


# An attempt at an address or a number that is not (yet) a readable one: an "@", an address
# spelled out ("jane at gmail dot com", "jane(at)gmail.com"), a mail provider's name, or
# "my email is" / "phone number:".
_CONTACT_ATTEMPT = re.compile(
    r"@|\((?:at|dot)\)|\[(?:at|dot)\]|\bat\b.*\bdot\b"
    r"|\b(?:gmail|googlemail|yahoo|hotmail|outlook|icloud|proton(?:mail)?|yandex)\b"
    r"|\b(?:e-?mail|phone|mobile|cell|number)(?:\s+(?:address|number))?\s*(?:is\b|:)",
    re.IGNORECASE,
)


def tries_contact(text: object) -> bool:
    """Whether ``text`` gives, or tries to give, an e-mail address or a phone number.

    "my email is jane at gmail" answers "may we contact you?" badly, but it answers it: the
    NLU read it as a question about editing the account, and the customer got that answer
    instead of being asked to type the address again.
    """
    if not isinstance(text, str):
        return False
    return (
        parse_email(text) is not None
        or parse_phone(text) is not None
        or bool(_CONTACT_ATTEMPT.search(text))
    )


_AROUND_A_CONTACT = frozenset({
    # English: "my email is ...", "sorry, wrong number, it's ...", "you can reach me at ...".
    "my", "email", "e", "mail", "address", "is", "it's", "its", "it", "phone", "number", "mobile",
    "cell", "call", "me", "on", "at", "reach", "you", "can", "here", "here's", "the", "new",
    "correct", "right", "sorry", "wrong", "actually", "instead", "use", "please", "pls", "plz",
    "contact", "via", "or", "to", "this", "a", "an", "and", "ok", "okay", "thanks", "thank",
    "try", "back", "text", "write", "just", "i", "meant", "mean", "that", "one", "was", "typo",
    "oops", "better", "rather", "whatsapp", "viber", "telegram", "by", "would", "be", "no",
    "should", "mistake", "wait", "work", "yes", "yeah", "sure", "go", "ahead",
    # Georgian: "ჩემი მეილია ...", "ბოდიში, სწორი ნომერია ...", "დამირეკეთ ...".
    "ჩემი", "ჩემს", "აი", "ეს", "არის", "ბოდიში", "უკაცრავად", "სწორი", "ახალი", "გთხოვთ", "ან",
    "და", "კი", "მადლობა", "chemi", "es", "aris", "bodishi", "sworia", "swori", "axali",
    "შეცდომით", "დავწერე", "სწორია", "შევცდი", "უი", "მოიცა", "თუმცა", "ukacravad",
    "shevcdi", "shecdomit", "davwere", "moica", "არასწორად", "არასწორი", "arasworad",
    # Armenian: «իմ էլ. փոստը ...», «ներողություն, ճիշտ համարը ...», «զանգեք ...».
    "իմ", "էլ", "սա", "է", "ներողություն", "կներեք", "ճիշտ", "նոր", "խնդրում", "եմ", "կամ",
    "և", "ու", "այո", "շնորհակալություն", "im", "nerecek", "chisht", "սխալ", "գրեցի", "գրել",
    "ճիշտը", "սխալվեցի", "վայ", "sxal", "grel", "em", "chishty", "սպասեք", "կարող", "եք",
    "գրեք", "ինձ", "չէ", "ներեցեք", "nereceq",
    "lav", "mtapoxvel", "grek", "inz", "karox", "eq", "ayo", "spaseq",
    # Amharic: "ኢሜይሌ ... ነው", "ይቅርታ፣ ትክክለኛው ስልኬ ... ነው", "ደውሉልኝ".
    "ነው", "ይህ", "ይሄ", "እባክዎ", "እባካችሁ", "ይቅርታ", "አዲሱ", "ትክክለኛው", "ወይም", "እና", "አመሰግናለሁ",
    "ተሳሳትኩ", "ቆይ", "አይ", "አዎ", "ተሳስቼ", "ተሳስቷል", "ቀይሩት", "ቀይሩልኝ", "ትክክለኛ",
    "yihe", "yikirta",
    # Round 8's corrections after a handoff: "ბოდიში მეილი შემეშალა, სწორია ...", "არასწორი
    # ნომერი მივეცი, აი სწორი: ...", «ներեցեք, մեյլս սխալ գրեցի, ...», «ուղղում՝ ...».
    "შემეშალა", "მივეცი", "მოგეცით", "shemeshala", "ա", "ուղղում", "մեյլս", "մեյլը",
    # Round 10's changes of mind after a contact was taken: "fine, email me then: ...",
    # "სჯობს იმეილზე მომწეროთ: ..." (better write to my e-mail), «ավելի լավ է մեյլով
    # գրեք՝ ...», "ኢሜይሌንም ልጨምር: ..." (let me add my e-mail too), "email ደግሞ ...".
    "fine", "then", "too", "also", "add", "let", "prefer",
    "სჯობს", "ჯობია", "უკეთესი", "იქნება", "ასევე", "sjobs", "jobia",
    "ավելի", "լավ", "նաև", "aveli",
    "ልጨምር", "ደግሞ", "ይሻላል", "degmo",
})  # fmt: skip
"""Words that only say what the contact is, in the four languages; any other word makes the
message something else (a request, a story), read by the NLU."""
_CONTACT_WORD_STEMS = (
    "mail", "email", "phone", "number", "mobile",
    "მეილ", "იმეილ", "ელფოსტ", "ფოსტ", "ტელეფონ", "ნომერ", "დამირეკ", "დარეკ", "დამიკავშირდ",
    "მომწერ", "შემეხმიან", "meil", "nomer", "telefon", "damirek",
    "փոստ", "հասցե", "հեռախոս", "համար", "զանգ", "գրեք", "heraxos", "hamar", "zangeq", "մեյլ",
    "ኢሜይ", "ኢሜል", "ስል", "ቁጥ", "ደው", "ይጻፉ", "ይፃፉ", "imeil", "silk", "dewl",
)  # fmt: skip
"""Beginnings of the words for e-mail, phone, number, calling and writing, whatever their
case ending ("ნომერზე", on the number; «հեռախոսահամարս», my phone number; "ስልኬ", my phone)."""


def only_contact(text: object) -> str | None:
    """The contact in a message that gives nothing else ("bob@example.com", "my number is
    +995 555 12 34 56", "ბოდიში, სწორი მეილია nino@gmail.com", "ስልኬ 0911 22 33 44 ነው"),
    else ``None``.

    Such a message asks to be contacted there: before a person was asked for, or after, to
    correct the address just given. A request with a contact in it ("please delete the
    account of bob@example.com") has other words and stays the NLU's. Digits that also read
    as an order number count only as a phone that looks like one (a "+", digits in groups)
    or with a word of calling, never by "my number is" alone.
    """
    contact = contact_offered(text)
    if contact is None or not isinstance(text, str):
        return None
    rest = _EMAIL.sub(" ", _CASE_ENDING.sub(" ", text))
    phone = phone_of(contact)
    if phone is not None:
        rest = _PHONE.sub(" ", rest)
        for run in reversed(spoken_digits_in(rest)):  # read out: "oh seven seven ..."
            rest = _SAID_OH.sub(" ", rest[: run.start]) + " " + rest[run.end :]
        as_order = phone in {number.number for number in order_numbers_in(text)}
        if as_order and not (_looks_like_phone(phone, text) or _CALL.search(text)):
            return None  # "my number is 2000015": an order number, as likely
    words = words_in(rest)
    around = all(
        word in _AROUND_A_CONTACT or word.startswith(_CONTACT_WORD_STEMS) for word in words
    )
    return contact if around else None
