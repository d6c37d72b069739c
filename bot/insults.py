"""Whether a message calls the bot names ("you are useless you stupid bot", "იდიოტო",
«դու ապուշ բոտ ես», "ደደብ ነህ ምንም አትጠቅምም").

Read by the answer to ``bot_challenge`` (``bot.actions.greeting``): the NLU reads such
messages as asking whether it is a bot, since they name the bot, and the answer was the
cheerful "I'm a bot, the Acme Shop virtual assistant..." (round 16, every language). A
customer who insults the bot is telling us it has not helped: the answer is an apology and
the offer of a person. Plain Python, like the other word lists.
"""

from __future__ import annotations

from typing import Final

from bot.message_words import words_in

_INSULTS: Final = (
    "stupid", "idiot", "dumb", "useless", "moron", "trash", "garbage", "worthless", "pathetic",
    "suck", "sucks", "crap", "crappy", "rubbish",
    "იდიოტ", "სულელ", "ტუპო", "უვარგის", "დებილ", "ნაგავ", "ვირო", "idiot", "tupo", "debil",
    "sulel", "uvargis",
    "ապուշ", "հիմար", "անպետք", "դեբիլ", "տուպո", "ոչնչություն", "apush", "himar", "anpetq",
    "ደደብ", "ሞኝ", "የማትረባ", "የማይረባ", "ጅል", "ከንቱ", "dedeb", "jil",
)  # fmt: skip
"""The beginnings of words that insult (a case ending may follow: "იდიოტო", "ապուշի")."""


def insults_the_bot(text: object) -> bool:
    """Whether ``text`` holds a word that insults (module docstring)."""
    if not isinstance(text, str):
        return False
    return any(word.startswith(_INSULTS) for word in words_in(text))


MAX_INSULT_WORDS: Final = 5
"""A longer message says more than the names it calls ("your courier was rude and useless,
where is my refund"): a complaint, with a case for a person."""


MAX_INSULT_TO_THE_BOT_WORDS: Final = 10
"""Named as the bot ("you are a completely useless piece of junk bot": round 18, an urgent
case), a longer message still only calls it names."""
_THE_SHOP: Final = (
    "support", "service", "company", "shop", "store", "deliver", "courier", "product", "order",
    "staff", "website", "site", "app",
    "მხარდაჭერ", "მომსახურ", "კომპანი", "მაღაზი", "მიწოდებ", "კურიერ", "შეკვეთ", "საიტ",
    "սպասարկ", "ընկերությ", "խանութ", "առաքում", "առաքիչ", "պատվեր", "կայք",
    "አገልግሎ", "ድርጅት", "ሱቅ", "መልእክተኛ", "ትዕዛዝ", "ድረ",
)  # fmt: skip
"""The beginnings of words that name the shop or its service: names called at them are a
complaint about us, with a case for a person, not names called at the bot."""
_THE_BOT: Final = ("bot", "ბოტ", "բոտ", "ቦት", "robot", "რობოტ", "ռոբոտ", "ሮቦት")


def only_insults(text: object) -> bool:
    """Whether ``text`` calls the bot names and says nothing else: a few words, no order
    number or other figure ("lol ur useless", "სულელი ბოტი ხარ").

    Why: round 17: "lol ur useless", read as a complaint, was "passed to our support team as
    urgent" with a priority-1 case; the answer to an insult is an apology and the offer of a
    person (``action_answer_bot_challenge``), and a case only if the customer takes it."""
    if not isinstance(text, str) or any(char.isdigit() for char in text):
        return False
    words = words_in(text)
    if any(word.startswith(_THE_SHOP) for word in words):
        return False  # "your support is useless", "ur company sucks": a complaint about us
    named = any(word.startswith(_THE_BOT) for word in words)
    limit = MAX_INSULT_TO_THE_BOT_WORDS if named else MAX_INSULT_WORDS
    return insults_the_bot(text) and len(words) <= limit
