"""Which way of paying a payment question names, and whether the shop takes it.

Why: round 12 and 13, every language: "can i pay cash on delivery?", "ნაღდით გადახდა
შეიძლება?", «կանխիկ կարելի՞ է», "በጥሬ ገንዘብ መክፈል ይቻላል?" got the list of accepted
methods, word for word the answer to "how can I pay?", and customers asked again because
the list does not say no. A question that names one way of paying gets a yes or a no first
(``utter_payment_method_accepted`` / ``utter_payment_method_not_accepted``), then the list.

The shop's methods are free names in ``bot/company.yml`` ("Visa", "PayPal", perhaps "Cash
on delivery"); each way of paying a customer may name has the words that find it in a
message, in our four languages and Latin letters, and the words that find it among the
shop's names. A method we do not know ("can I pay with my grandmother's ring?") or two at
once ("visa or cash?") get the plain list. A gift card is its own way, not a card: round 17,
"do you have gift cards?" had been told "Yes, you can pay that way"; so is store credit
(round 22: "can I pay with store credit?" was a yes, read as a credit card).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bot.message_words import without_in_word_marks


@dataclass(frozen=True, slots=True)
class _Way:
    """A way of paying: ``said`` finds it in a message, ``named`` among the shop's names."""

    said: re.Pattern[str]
    named: tuple[str, ...]


def _way(said: str, *named: str) -> _Way:
    return _Way(re.compile(said, re.IGNORECASE), named)


_CARD_BRANDS: Final = ("visa", "master", "american express", "amex", "maestro", "card")

_WAYS: Final = (
    _way(
        r"\bcash\b|\bcod\b|on\s+delivery|upon\s+delivery|наличн|ნაღდ|\bnagd|მიტანისას"
        r"|\bmitanisas|კურიერთან\s+გადა|ადგილზე\s+გადა|կանխիկ|\bkanxik|առաքման\s+ժամանակ|ստանալիս"
        r"|ጥሬ\s*ገንዘብ|ካሽ|ሲደርስ|ሲደርሰኝ|ሲመጣ",
        "cash",
    ),
    _way(
        r"transfer|\bwire\b|გადარიცხ|\bgadaricx|փոխանցում|\bpoxancum|ባንክ\s*(?:ማስተላለፍ|ማዘዋወር)"
        r"|በባንክ",
        "transfer",
    ),
    _way(
        r"instal+ment|pay\s+later|klarna|განვადებ|\bganvadeb|ապառիկ|\baparik|በከፊል|በረጅም\s+ጊዜ",
        "instal",
        "later",
        "klarna",
    ),
    _way(r"crypto|bitcoin|\bbtc\b|კრიპტო|կրիպտո|ክሪፕቶ|ቢትኮይን", "crypto", "bitcoin"),
    _way(r"\bvisa\b|ვიზა|վիզա|ቪዛ", "visa"),
    _way(r"master\s*card|\bmaster\b|მასტერ|մաստեր|ማስተር", "master"),
    _way(r"\bamex\b|american\s+express", "american express", "amex"),
    _way(r"pay\s*pal|პეიპალ|փեյփալ|ፔይፓል", "paypal"),
    _way(r"apple\s*pay|ეფლ\s*ფეი|էփլ\s*փեյ", "apple"),
    _way(r"google\s*pay|\bgpay\b|გუგლ\s*ფეი|գուգլ\s*փեյ", "google"),
    _way(r"tele\s*birr|ቴሌብር", "telebirr"),
    _way(r"\bidram|իդրամ", "idram"),
    _way(r"telcell|տելսել", "telcell"),
    _way(
        r"gift\s*cards?|gift\s*certificate|voucher|store\s+credit|shop\s+credit"
        r"|account\s+credit|სასაჩუქრე|ვაუჩერ|նվեր\w*[\s-]+քարտ|վաուչեր"
        r"|նվեր\w*\s+վկայական|սերտիֆիկատ|სერტიფიკატ"
        r"|የስጦታ\s*ካርድ|ቫውቸር",
        "gift",
        "voucher",
    ),
    _way(r"\b(?:credit|debit)\b|\bcards?\b|ბარათ|\bbarat|քարտ|\bqart|ካርድ", *_CARD_BRANDS),
)


def methods_taken(text: str, methods: tuple[str, ...]) -> tuple[str, ...] | None:
    """The shop's ``methods`` that are the one way of paying ``text`` names ("PayPal"; for
    "card", the card brands); ``()`` when the shop does not take it; ``None`` when it names
    none we know, or more than one (module docstring)."""
    text = without_in_word_marks(text)
    named = [way for way in _WAYS if way.said.search(text)]
    if len(named) > 1 and named[-1] is _WAYS[-1]:
        named.pop()  # "visa card", "credit card via paypal": the card is the brand's
    if len(named) != 1:
        return None
    (way,) = named
    return tuple(
        method for method in methods if any(word in method.casefold() for word in way.named)
    )


def takes_method_asked(text: str, methods: tuple[str, ...]) -> bool | None:
    """Whether the shop (its ``methods``) takes the one way of paying ``text`` names; ``None``
    when it names none we know, or more than one (module docstring)."""
    taken = methods_taken(text, methods)
    return None if taken is None else bool(taken)
