"""Words that correct what was just typed, in the four languages.

A customer who mistypes does not start again, they correct themselves in the same message
or the next: "sorry I meant 6", "A1000001, oops, A1000002", "10 მინდოდა" (I wanted 10),
"9 იყოს" (let it be 9), «8 նկատի ունեի» (I meant 8), "2 ልበል" (let me say 2), "no wait, 1".
Both the action server (a corrected score, :mod:`bot.actions.parsing`) and the order-number reading
(:mod:`bot.order_numbers`, also imported by Rasa's pipeline) need the same words, so they live
here, on the standard library only.
"""

from __future__ import annotations

import re
import unicodedata

CORRECTION = re.compile(
    r"(?<!\w)(?:meant|mean|actually|sorry|oops|mistake|typo|wrong|instead|correction|change"
    r"|misclicked|mistyped|pressed|tapped|clicked|accidentally"
    r"|მინდოდა|ვიგულისხმე|შემეშალა|იყოს|ბოდიში|უკაცრავად|შევცვლი|შემთხვევით|არასწორად"
    r"|დავაჭირე|shemeshala|bodishi|ukacravad|mindoda"
    r"|ուզում\s+էի|էի\s+ուզում|նկատի\s+ունեի|սխալվեցի|սխալմամբ|սխալ|կներեք|ներեցեք|ներողություն|մտածեցի"
    r"|թող\s+լինի|փոխեմ|սեղմեցի|sxal|skhal|sxalvetsi|sxalveci|skhalvetsi|uzum\s+ei|ei\s+uzum"
    r"|neroxutyun|nerogutyun"
    r"|ማለቴ|ተሳስቼ|ይቅርታ|ልበል|ልቀይር|በስህተት|ይሁን|እንደውም|ቀየርኩ|ቀይሬአለሁ|ቀይሬያለሁ|malet(?:ea|e)?|yi[kq]irta"
    r"|changed\s+my\s+mind|მოიცა|მგონი|ვგულისხმობდი|მქონდა\s+მხედველობაში"
    # "no wait, 1", «չէ, ավելի ճիշտ 8» (no, more exactly 8), «չէ, 5 գրեք» (no, write 5),
    # "არა, 9 უფრო" (no, 9 rather), "አይ 4 ልበለው" (no, let me call it 4): round 12, stored as
    # the reason while the old score stayed
    r"|no\W+wait|^\W*wait|ավելի\s+ճիշտ|\d+\s+(?:գրեք|grek|უფრო)|ልበለው|ላድርገው"
    # "9 დამიწერეთ" (write me down a 9), "შეიძლება 9 დავწერო?" (may I put 9?): round 17. (Not
    # "wait" alone, «սպասեք», "ቆይ": "ቆይ አንድ ደቂቃ" is "wait a minute", and አንድ is one.)
    r"|\d+\s+(?:დამიწერეთ|ჩამიწერეთ|დაწერეთ|დავწერო|damiweret))(?!\w)"
)
"""A word of correcting, searched in NFKC-normalised lower-case text."""


_MISUNDERSTOOD = re.compile(
    r"\bnot\s+what\s+i\s+(?:asked|meant|wanted|said)|\bi\s+didn'?t\s+ask\b|\bi\s+did\s+not\s+ask\b"
    r"|^\W*no\W+not\s+(?:that|this)\b|\bthat'?s\s+not\s+(?:it|my\s+question)\b|\bi\s+meant\b"
    r"|\bi\s+asked\s+(?:if|whether|how|what|when|where|why|about\s+(?:the|my))\b"
    r"|(?<!\w)(?:ეგ|ეს)\s+არა(?!\w)|არ\s+მიკითხავს|(?:ვიგულისხმე|ვგულისხმობდი)|\bki\s+ara\b"
    r"|(?<!\w)კი\s+არა(?!\w)|\b(?:eg|es)\s+ara\b|\bvgulisxm"
    r"|(?<!\w)(?:դա|այդ)\s+չէ(?!\w)|չեմ\s+հարցրել|նկատի\s+ունեի|ոչ\s+թե|\bda\s+che\b|\bnkati\s+uneyi"
    r"|(?<!\w)(?:ያ|ይህ|ይሄ)\s+አይደለም|አልጠየቅኩም|አልጠየቅሁም|(?<!\w)ማለቴ|\bmalete\b|\bya\s+aydelem\b",
    re.IGNORECASE,
)
"""Saying the answer was to something else: "no, that's not what I asked", "no not that",
"I meant ...", "ეგ არა" (not that), "X კი არა" (not X), «դա չէ» (that's not it), «նկատի
ունեի» (I meant), "ያ አይደለም" (that's not it), "ማለቴ" (I mean)."""


def says_misunderstood(text: object) -> bool:
    """Whether ``text`` says the bot's answer was to something the customer did not ask.

    Why: round 23, every language: under "Did that solve your problem?", "No, that's not what
    I asked. I want to RETURN something." (after how to order) and "არა, ეგ არა, A1000007
    ვიგულისხმე" (no, not that, I meant A1000007) were stored as a "no", answered "we'll look
    into it", and what they asked was never answered."""
    if not isinstance(text, str):
        return False
    return _MISUNDERSTOOD.search(unicodedata.normalize("NFKC", text).lower()) is not None
