"""Answers to "How likely are you to recommend us?" given in words, not numbers.

Round 14, every language: the scale's own labels, printed in the question ("0 = not at all
likely, 10 = extremely likely", "0 = არავითარ შემთხვევაში, 10 = აუცილებლად", «բոլորովին
հավանական չէ», "በእርግጠኝነት እመክራለሁ"), were "not understood", and after a second try the
survey ended with nothing stored. Two readings, and no guessing beyond them:

- :func:`nps_in_words`: a message that *is* one end of the scale (its label, or a word as
  sure: "definitely", "never", "no way") is that end's score, 10 or 0;
- :func:`nps_leaning`: a hedge ("probably not", "ალბათ კი", «երևի ոչ», "50/50") leans one
  way without naming a number, so the customer is asked to pick one in that part of the
  scale (0-6 for a no, 7-10 for a yes, the whole scale when it leans nowhere).

Only a whole message counts (punctuation and a "well", "honestly" or "I think" around it
aside), so "definitely late again" stays a reason, not a 10. Plain Python, no Rasa.
"""

from __future__ import annotations

import re
import unicodedata

_TOP = 10
_BOTTOM = 0

_AT_THE_ENDS: dict[str, int] = {
    # English: the labels, and answers as sure as they are
    "extremely likely": _TOP, "very likely": _TOP, "definitely": _TOP, "absolutely": _TOP,
    "for sure": _TOP, "definitely would": _TOP, "definitely yes": _TOP,
    "i would definitely recommend": _TOP, "definitely recommend": _TOP, "100%": _TOP,
    "not at all likely": _BOTTOM, "not at all": _BOTTOM, "never": _BOTTOM, "no way": _BOTTOM,
    "definitely not": _BOTTOM, "absolutely not": _BOTTOM, "never ever": _BOTTOM,
    "i would never recommend": _BOTTOM, "never recommend": _BOTTOM, "not likely at all": _BOTTOM,
    # Georgian: "definitely", "I'll definitely recommend", "by no means", "never"
    "აუცილებლად": _TOP, "აუცილებლად ვურჩევ": _TOP, "აუცილებლად ვურჩევდი": _TOP,
    "ნამდვილად ვურჩევ": _TOP, "ausileblad": _TOP, "aucileblad": _TOP,
    "არავითარ შემთხვევაში": _BOTTOM, "არასდროს": _BOTTOM, "არასოდეს": _BOTTOM,
    "არასდროს ვურჩევ": _BOTTOM, "არასოდეს ვურჩევ": _BOTTOM,
    "არავითარ შემთხვევაში არ ვურჩევ": _BOTTOM,
    "aravitar shemtxvevashi": _BOTTOM, "arasdros": _BOTTOM,
    # Armenian: "very likely", "definitely (I'll recommend)", "not at all likely", "never"
    "շատ հավանական է": _TOP, "անպայման": _TOP, "անպայման կխորհրդեմ": _TOP,
    "հաստատ կխորհրդեմ": _TOP, "հաստատ այո": _TOP, "իհարկե կխորհրդեմ": _TOP,
    "բոլորովին հավանական չէ": _BOTTOM, "երբեք": _BOTTOM, "հաստատ ոչ": _BOTTOM,
    "հաստատ չէ": _BOTTOM, "ոչ մի դեպքում": _BOTTOM, "երբեք չեմ խորհրդի": _BOTTOM,
    "anpayman": _TOP, "erbeq": _BOTTOM,
    # Amharic: "I'll certainly recommend", "certainly", "I won't recommend at all", "never"
    "በእርግጠኝነት እመክራለሁ": _TOP, "በእርግጠኝነት": _TOP, "በእርግጥ እመክራለሁ": _TOP,
    "በፍጹም አልመክርም": _BOTTOM, "በፍጹም": _BOTTOM, "ፈጽሞ": _BOTTOM, "ፈጽሞ አልመክርም": _BOTTOM,
    "በጭራሽ": _BOTTOM, "በጭራሽ አልመክርም": _BOTTOM,
    # the same with ፀ-row letters for ጸ, as many write them (round 15: "በፍፁም አልመክርም" was
    # asked again twice and the survey ended with nothing stored)
    "በፍፁም አልመክርም": _BOTTOM, "በፍፁም": _BOTTOM, "ፈፅሞ": _BOTTOM, "ፈፅሞ አልመክርም": _BOTTOM,
}  # fmt: skip

NO_SIDE = (0, 6)
YES_SIDE = (7, 10)
WHOLE_SCALE = (0, 10)

_LEANINGS: dict[str, tuple[int, int]] = {
    # English
    "probably not": NO_SIDE, "prob not": NO_SIDE, "unlikely": NO_SIDE, "not likely": NO_SIDE,
    "doubt it": NO_SIDE, "i doubt it": NO_SIDE, "probably wouldn t": NO_SIDE,
    "probably wouldnt": NO_SIDE, "maybe not": NO_SIDE, "not really": NO_SIDE,
    "probably": YES_SIDE, "likely": YES_SIDE, "probably yes": YES_SIDE, "most likely": YES_SIDE,
    "probably would": YES_SIDE, "maybe yes": YES_SIDE,
    "maybe": WHOLE_SCALE, "50 50": WHOLE_SCALE, "maybe 50 50": WHOLE_SCALE,
    "fifty fifty": WHOLE_SCALE,
    "not sure": WHOLE_SCALE, "dunno": WHOLE_SCALE, "don t know": WHOLE_SCALE,
    "dont know": WHOLE_SCALE, "i don t know": WHOLE_SCALE, "i dont know": WHOLE_SCALE,
    "hard to say": WHOLE_SCALE, "it depends": WHOLE_SCALE, "depends": WHOLE_SCALE,
    # round 19: a bare no or yes to "how likely are you to recommend us?" ("nah" had been
    # asked again as no score, twice, and the survey ended with nothing)
    "no": NO_SIDE, "nah": NO_SIDE, "nope": NO_SIDE, "not really no": NO_SIDE,
    "yes": YES_SIDE, "yeah": YES_SIDE, "yep": YES_SIDE, "yes i would": YES_SIDE,
    "არა": NO_SIDE, "კი": YES_SIDE, "ara": NO_SIDE, "ki": YES_SIDE,
    "ոչ": NO_SIDE, "չէ": NO_SIDE, "այո": YES_SIDE, "հա": YES_SIDE, "voch": NO_SIDE,
    "che": NO_SIDE, "ayo": YES_SIDE, "ha": YES_SIDE,
    "አይ": NO_SIDE, "አዎ": YES_SIDE, "ay": NO_SIDE, "awo": YES_SIDE,
    # Georgian: "probably not", "I probably wouldn't recommend", "probably yes", "I don't know"
    "ალბათ არა": NO_SIDE, "ალბათ არ ვურჩევ": NO_SIDE, "ალბათ არ ვურჩევდი": NO_SIDE,
    "არ ვიცი ალბათ არ ვურჩევდი": NO_SIDE, "ნაკლებად სავარაუდოა": NO_SIDE,
    "ალბათ კი": YES_SIDE, "ალბათ ვურჩევ": YES_SIDE, "ალბათ ვურჩევდი": YES_SIDE,
    "alba ki": YES_SIDE, "albat ki": YES_SIDE, "alba ara": NO_SIDE, "albat ara": NO_SIDE,
    "ალბათ": WHOLE_SCALE, "არ ვიცი": WHOLE_SCALE, "ვერ გეტყვით": WHOLE_SCALE,
    "ar vici": WHOLE_SCALE,
    # Armenian: "probably not", "probably yes", "I don't know", "hard to say", "half"
    "երևի ոչ": NO_SIDE, "երևի չէ": NO_SIDE, "հավանաբար ոչ": NO_SIDE, "երևի չեմ խորհրդի": NO_SIDE,
    "երևի այո": YES_SIDE, "հավանաբար այո": YES_SIDE, "երևի կխորհրդեմ": YES_SIDE,
    "երևի հա": YES_SIDE,
    "չգիտեմ": WHOLE_SCALE, "դժվար է ասել": WHOLE_SCALE, "կիսով չափ": WHOLE_SCALE,
    "erevi voch": NO_SIDE, "erevi che": NO_SIDE, "erevi ha": YES_SIDE, "chgitem": WHOLE_SCALE,
    # Amharic: "I probably won't recommend", "probably yes", "dunno", "I don't know"
    "ምናልባት አልመክርም": NO_SIDE, "ምናልባት አይ": NO_SIDE, "እንጃ ምናልባት አልመክርም": NO_SIDE,
    "ምናልባት እመክራለሁ": YES_SIDE, "ምናልባት አዎ": YES_SIDE,
    "እንጃ": WHOLE_SCALE, "አላውቅም": WHOLE_SCALE, "ምናልባት": WHOLE_SCALE,
}  # fmt: skip

_AROUND = frozenset(
    {
        "well", "honestly", "hmm", "um", "umm", "tbh", "i", "think", "guess", "say", "d", "id",
        "would", "ok", "nu", "ნუ", "ისე", "მგონი", "դե", "կարծում", "եմ",
        "ደህና", "እንግዲህ", "ነው", "እኔ",
    }
)  # fmt: skip
"""Words around an answer that change nothing ("well, probably not", "50/50 ነው እንግዲህ")."""

_WORDS = re.compile(r"[^\W_]+%?")


def _phrase(text: str) -> str:
    """``text`` as the tables spell it: lower case, words only, the filler around dropped."""
    normalised = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")
    words = _WORDS.findall(normalised.replace("'", " ").replace("/", " "))
    while words and words[0] in _AROUND:
        words = words[1:]
    while words and words[-1] in _AROUND:
        words = words[:-1]
    return " ".join(words)


# Spelled as messages are read (NFKC turns the Armenian "և" of «երևի» into "եւ").
_AT_THE_ENDS = {_phrase(words): score for words, score in _AT_THE_ENDS.items()}
_LEANINGS = {_phrase(words): side for words, side in _LEANINGS.items()}


def nps_in_words(text: object) -> int | None:
    """The score of a message that names one end of the 0-10 scale in words ("definitely",
    "არავითარ შემთხვევაში", «անպայման», "በፍጹም አልመክርም"), else ``None``."""
    return _AT_THE_ENDS.get(_phrase(text)) if isinstance(text, str) else None


def nps_leaning(text: object) -> tuple[int, int] | None:
    """The part of the 0-10 scale a hedged answer leans to ("probably not": 0-6, "ალბათ კი":
    7-10, "50/50": all of it), to ask for a number in; ``None`` for anything else."""
    return _LEANINGS.get(_phrase(text)) if isinstance(text, str) else None
