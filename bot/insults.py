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
