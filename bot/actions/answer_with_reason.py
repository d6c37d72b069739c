"""A survey answer and its reason in one message: "8, the delivery was slow".

Why: customers often give the score and say why in the same message, "no, the blender was
broken when it arrived" under "Did that solve your problem?", "2 - the page was confusing".
The score was read (or, for a "no" with a sentence after it, the message was refused as
unclear) and then the customer was asked "What was missing?" or "What is the main reason
for your score?" for what they had just written. Only the opening answer of such a message
was ever read, so the reason was lost or had to be typed again.

:func:`answer_and_reason` finds where the answer ends: at the first punctuation mark (in the
four languages' scripts too: "։", "፣", "።") or at a word that starts a reason ("because",
"but", "რადგან", "որովհետև", "ምክንያቱም"), within the first few words. The part before it must
be an answer by itself, as the caller reads answers (a score, a yes or a no), and the part
after it must say something: two words or more that are not only thanks ("yes, thanks a
lot" is a yes, with no reason to store).

Plain functions, no Rasa: the survey forms call them (:mod:`bot.actions.survey`,
:mod:`bot.actions.survey_csat`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Final, TypeVar

from bot.actions.parsing import without_quantities
from bot.corrections import CORRECTION
from bot.message_words import normalised
from bot.volunteered_scores import speaks_of_recommending

Answer = TypeVar("Answer")

MAX_ANSWER_WORDS: Final = 6
"""An answer is short ("8", "no", "8 out of 10", "I'd give it a two"): a longer opening is a
sentence, not an answer followed by its reason."""
MIN_REASON_WORDS: Final = 2
"""A reason has at least two words ("too slow"); one word after a score ("8, thanks",
"no, sorry") is rarely a reason, and the reason question stays to be asked."""

# Punctuation that ends an answer, in Latin, Armenian and Ethiopic script; not between
# digits ("7,5" and "7.5" are numbers, refused as scores). A dash only with spaces round it
# ("A-1" is a word).
_ANSWER_END: Final = re.compile(
    r"\s*(?:[,;:!.?\u0589\u055d\u1361-\u1366]+(?!\d)|\s[-\u2013\u2014]+\s)\s*"
)
_ASKED: Final = re.compile(r"[?\u055e\u1367]")
"""A question mark (Armenian "՞", Ethiopic "፧" too): what it ends is asked, not answered."""
_MIN_QUESTION_WORDS: Final = 2
"""Words before a question mark that make it a question ("0 means what?"), not a hesitant
answer ("8?", "maybe 7?" have fewer once the number is left out... see _split)."""
# A score out of ten or five, which ends where its scale does: "9/10 would recommend".
_OUT_OF: Final = re.compile(
    r"^\s*(?:\d{1,2}|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s*(?:/|\bout\s+of\b)\s*(?:10|ten|5|five)\b",
    re.IGNORECASE,
)
# A score in digits that opens the message, the reason straight after it without a mark:
# "3 the app is buggy", "10 iyo dzalian kargi yvelaferi".
_LEADING_NUMBER: Final = re.compile(
    r"^\s*\d{1,2}\s+stars?\b(?=\W*[^\W\d_])|^\s*\d{1,2}(?=\s+[^\W\d_])", re.IGNORECASE
)
"""A score at the start with words after it; "5 stars" is one ("5 stars but the box was
damaged": round 19, the comment had begun with "stars")."""
_WORD: Final = re.compile(r"[^\W\d_]+|\d+")
# "out of ten" after a score, not counted as words of the answer.
_SCALE_END: Final = re.compile(r"\bout\s+of\s+(?:10|ten|5|five)\b", re.IGNORECASE)
# Words that start a reason right after an answer ("8 because the delivery was slow"); kept
# in the reason, which reads on from them.
_REASON_STARTS: Final = frozenset(
    {
        "because", "cause", "cos", "coz", "cuz", "bc", "since", "as", "but",
        "რადგან", "იმიტომ", "მაგრამ",  # Georgian
        "որովհետև", "որովհետեւ", "քանի", "բայց",  # Armenian
        "ምክንያቱም", "ግን",  # Amharic
    }
)  # fmt: skip
# Words of thanks and politeness: a "reason" made only of them says nothing.
_COURTESY: Final = frozenset(
    {
        "thanks", "thank", "you", "thx", "ty", "tysm", "cheers", "a", "lot", "so", "much",
        "very", "again", "please", "ok", "okay", "bye", "sorry", "for", "the", "asking",
        "question", "survey",
        "მადლობა", "გმადლობთ", "დიდი", "ძალიან", "madloba", "gmadlobt", "didi",
        "շնորհակալություն", "շնորհակալ", "եմ", "մերսի", "շատ", "shnorhakalutyun", "mersi", "shat",
        "አመሰግናለሁ", "እናመሰግናለን", "በጣም", "amesegnalehu", "betam",
    }
)  # fmt: skip


# Words that say no reason after an answer, beside the courtesy above: agreeing ("of
# course", "ok fine", "რა თქმა უნდა", «հա, լավ»), hedging ("I think", «կարծում եմ») and
# the words of giving the score ("ነው የምሰጠው", is what I give; «կդնեմ», I'll put). Round 14,
# every language: "10, რა თქმა უნდა" and "2 ነው የምሰጠው" had been stored with those words as
# the reason, and "why?" never asked.
_NO_REASON: Final = _COURTESY | frozenset(
    {
        "fine", "of", "course", "sure", "yes", "yeah", "yep", "well", "i", "think", "guess",
        "honestly", "tbh", "would", "say", "give", "it", "d", "id", "that", "s", "is", "my",
        "score", "rating", "from", "me", "cool", "alright", "right",
        "რა", "თქმა", "უნდა", "კი", "ხო", "ჰო", "ნუ", "კარგი", "ალბათ", "ვიტყოდი", "ვაძლევ",
        "ვაძლევთ", "დავწერ", "ვუწერ", "ვუწერთ", "მივცემ", "ჩემი", "შეფასება", "ეს", "არის",
        "ra", "tqma", "unda", "ki", "xo", "kho",
        "հա", "այո", "լավ", "կարծում", "կդնեմ", "կտամ", "դնում", "տալիս", "իհարկե", "իմ",
        "գնահատականը", "գնահատականս", "սա", "է", "ha", "lav", "merci", "ihark",
        "ነው", "የምሰጠው", "እሰጣለሁ", "እሰጣችኋለሁ", "አዎ", "እሺ", "እርግጥ", "የኔ", "ነጥብ",
        # "I told you already" ("ხო უკვე გითხარით, 10")
        "told", "already", "said", "უკვე", "გითხარით", "გითხარი", "ვთქვი", "արդեն", "ասացի",
        "ասել", "አልኩ", "አልኩህ", "አልኩሽ", "ብያለሁ",
        # taking the score back ("che che, 3": no no, 3; round 20: stored as the reason)
        "no", "nope", "nah", "wait", "oops", "არა", "ara", "მოიცა", "moica", "չէ", "ոչ", "che",
        "voch", "አይ", "ay", "ቆይ",
    }
)  # fmt: skip


def _says_a_reason(reason: str) -> bool:
    """Whether ``reason`` says something: at least two words, not all of them courtesy,
    agreeing, hedging or giving the score (:data:`_NO_REASON`)."""
    words = [word.casefold() for word in _WORD.findall(reason)]
    return len(words) >= MIN_REASON_WORDS and not all(word in _NO_REASON for word in words)


_GIVING: Final = re.compile(
    r"^\s*(?:կդնեմ|կդնեի|կտամ|kdnem|kdnei|ktam|ვაძლევ|ვუწერ|დავწერ|ነው\s+የምሰጠው|እሰጣለሁ|ነው"
    r"|i'?d\s+give|i\s+give)(?!\w)"
    r"\s*[,;:!.\u0589\u055d\u1361-\u1366]*\s*",
    re.IGNORECASE,
)


def _without_giving(reason: str) -> str:
    """``reason`` without the words of giving the score it may open with ("3 կդնեմ,
    որովհետև ...": the reason is what follows «կդնեմ», I'll put)."""
    return _GIVING.sub("", reason, count=1)


# Words of a goodbye, beside the thanks above: what a farewell says and a reason does not.
_FAREWELL: Final = frozenset(
    {
        "goodbye", "good", "bye", "byee", "have", "nice", "day", "see", "ya", "later", "take",
        "care", "cya", "ciao", "night",
        "ნახვამდის", "კარგად", "nakhvamdis", "naxvamdis", "kargad",
        "ցտեսություն", "հաջող", "հաջողություն", "ctesutyun", "hajox", "hajogh",
        "ደህና", "ሁን", "ሁኚ", "ሁኑ", "ቻው", "ቻዎ", "dehna", "hun", "chaw", "chao",
    }
)  # fmt: skip


# Where a correction and a reason beside it part: the end of a sentence or clause, or
# before a word that starts a reason ("sorry I meant 6 because it came late").
_CLAUSE_END: Final = re.compile(
    r"(\s*[,;!.?\n\u0589\u055d\u1361-\u1367]+(?!\d)\s*"
    r"|\s+(?=(?:because|cause|coz|cuz|since|რადგან|იმიტომ|որովհետև|որովհետեւ|ምክንያቱም)\b))",
    re.IGNORECASE,
)


def reason_beside_correction(text: object, read: Callable[[str], object | None]) -> str | None:
    """The reason a message gives beside a corrected score, else ``None``.

    "customer service never replied. hmm actually change it to 5" under "why?" gives
    "customer service never replied": the clauses with a number, a word of correcting or a
    score as ``read`` reads one ("make it an eight") are the correction, the rest (if it
    says something) the reason. Round 14: the new score was taken and the reason lost, and
    "why?" was asked for what had just been said.
    """
    if not isinstance(text, str):
        return None
    pieces = _CLAUSE_END.split(normalised(text))
    kept = [
        clause + separator
        for clause, separator in zip(pieces[::2], [*pieces[1::2], ""], strict=True)
        if clause.strip()
        and not re.search(r"\d", clause)
        and not CORRECTION.search(clause)
        and read(clause) is None
    ]
    reason = "".join(kept).strip(" ,;:-\n")
    return reason if _says_a_reason(reason) else None


def says_more_than_goodbye(text: object) -> bool:
    """Whether ``text`` says something besides thanks and goodbye: "everything was fine"
    (Georgian "ყველაფერი კარგად იყო", which the NLU reads as goodbye, კარგად being "bye")
    is a reason; "ok bye", "thanks, have a nice day" are not."""
    if not isinstance(text, str):
        return False
    words = [word.casefold() for word in _WORD.findall(unicodedata.normalize("NFKC", text))]
    said = [word for word in words if word not in _COURTESY and word not in _FAREWELL]
    return len(said) >= MIN_REASON_WORDS


def answer_and_reason(
    text: object, read: Callable[[str], Answer | None]
) -> tuple[Answer, str] | None:
    """The answer that opens ``text`` and the reason that follows it, else ``None``.

    ``read`` reads an answer from a piece of text (a score, a yes or a no) and returns
    ``None`` for anything else. "8, the delivery was slow" gives ``(8, "the delivery was
    slow")``; "no because it never came", ``(False, "because it never came")``; "8" alone,
    "8, thanks", "the delivery was slow" and "great service, 10" give ``None``.
    """
    if not isinstance(text, str):
        return None
    # NFC, not NFKC: the reason is stored as typed (NFKC turns the Armenian "և" into "եւ").
    text = unicodedata.normalize("NFC", text).strip()
    leading = None if _OUT_OF.match(text) else _LEADING_NUMBER.match(text)
    if leading is not None:
        score = read(leading.group(0))
        if score is not None and read(text) == score:  # not "5 days late": no score at all
            rest = text[leading.end() :].lstrip(" ,;:.!\u2013\u2014-").strip()
            found = _answer_then_reason(leading.group(0), rest, read)
            if found is not None:
                return found
    split = _split(text)
    if split is None:
        return None
    found = _answer_then_reason(*split, read)
    if found is not None:
        return found
    # A word before the answer with its own mark ("honestly? a 2. your support is useless"):
    # the answer may end at a later mark.
    for mark in list(_ANSWER_END.finditer(text))[1:]:
        found = _answer_then_reason(text[: mark.start()], text[mark.end() :], read)
        if found is not None:
            return found
    return None


# What may stand between a reason and the score it ends with ("prices are too high, so 5",
# "ფასები ძალიან მაღალია, ამიტომ 5", "service is slow but 6"), and the words of giving after
# the score ("... ግን 6 እሰጣለሁ", but I give 6).
_THEREFORE: Final = (
    r"(?:so|therefore|hence|but|that'?s\s+why|ამიტომ|ამიტო|მაგრამ|ուստի|դրա\s+համար|բայց"
    r"|ስለዚህ|ግን)"
)
_SENTENCE_MARKS: Final = frozenset(".!\u0589\u1362")  # the Armenian and Ethiopic full stops too
_REASON_THEN_ANSWER: Final = re.compile(
    r"^(?P<reason>.+?)(?:\s*(?P<mark>[,;:!.\u0589\u055d\u1361-\u1366\u2013\u2014]+)\s*(?P<so>"
    + _THEREFORE
    + r"\s+)?|\s+(?P<so_unmarked>"
    + _THEREFORE
    + r")\s+)(?:(?:only|just|მხოლოდ|միայն)\s+(?:an?\s+)?)?"  # "... so only 4" (round 15)
    r"(?P<answer>\d{1,2}(?:\s*/\s*(?:10|5)|\s+out\s+of\s+(?:10|5))?)"
    r"(?:\s+(?:i\s+give|i'?d\s+give|ვაძლევ|ვაძლევთ|կտամ|տալիս\s+եմ|እሰጣለሁ|ነው|ብቻ))?[\s.!]*$",
    re.IGNORECASE,
)


def reason_then_answer(
    text: object, read: Callable[[str], Answer | None]
) -> tuple[Answer, str] | None:
    """The score a message ends with and the reason before it ("ფასები ძალიან მაღალია,
    ამიტომ 5" (prices are very high, so 5), "kurieri ar pasuxobs telefons, 1", "service is
    slow but 6"), else ``None``.

    Why: round 12, every language: the score was taken and "why?" (or "what was missing?")
    asked for what the customer had just written. The reason must say something (two words
    or more, no number of its own) and not be an answer itself.
    """
    if not isinstance(text, str):
        return None
    found = _REASON_THEN_ANSWER.match(unicodedata.normalize("NFC", text).strip())
    if found is None:
        return None
    answer = read(found.group("answer"))
    reason = found.group("reason").strip()
    words = _WORD.findall(reason)
    # A number of its own is no reason ("I ordered 2 items, 8"), unless it counts something
    # and "so" gives the score ("2 კვირა ველოდი, ამიტომ მხოლოდ 4": round 15, the reason lost)
    # or a sentence ends before it ("i clicked unsubscribe 3 times and you keep spamming me.
    # 1": round 16, the 1 was taken and "what was missing?" asked)
    so = found.group("so") or found.group("so_unmarked")
    ended = any(mark in _SENTENCE_MARKS for mark in found.group("mark") or "")
    counted = _WORD.findall(without_quantities(reason) if so or ended else reason)
    if answer is None or not _says_a_reason(reason) or any(w.isdigit() for w in counted):
        return None
    if _ASKED.search(reason) or read(reason) is not None:
        return None
    if speaks_of_recommending(reason) and len(words) <= _MAX_WORDS_RESTATING:
        return None  # "I'd recommend you, 10": the question restated, no reason
    return answer, reason


_MAX_WORDS_RESTATING: Final = 4


def _answer_then_reason(
    head: str, reason: str, read: Callable[[str], Answer | None]
) -> tuple[Answer, str] | None:
    """``head`` read as a short answer and ``reason`` as its reason, else ``None``."""
    if len(_WORD.findall(_SCALE_END.sub(" ", head))) > MAX_ANSWER_WORDS:
        return None  # "ten out of ten mate" is three words of answer, not six
    reason = _without_giving(reason)
    if not _says_a_reason(reason):
        return None
    answer = read(head)
    return None if answer is None else (answer, reason)


def _split(text: str) -> tuple[str, str] | None:
    """``text`` cut where its answer ends: after a score out of ten or five ("9/10", "4 out
    of 5"), else at the first punctuation mark, or before the first word that starts a
    reason, whichever comes first; ``None`` when it has none of these."""
    scale = _OUT_OF.match(text)
    if scale is not None:
        rest = _ANSWER_END.match(text, scale.end())
        return text[: scale.end()], text[rest.end() if rest else scale.end() :].strip()
    cut: tuple[str, str] | None = None
    mark = _ANSWER_END.search(text)
    if mark is not None and mark.start() > 0:
        head = text[: mark.start()]
        if _ASKED.search(mark.group(0)) and len(_WORD.findall(head)) >= _MIN_QUESTION_WORDS:
            return None  # "0 ማለት ምን ማለት ነው? ዝቅተኛው ነው?": a question, then another
        cut = (head, text[mark.end() :])
    for word in _WORD.finditer(text):
        if cut is not None and word.start() >= len(cut[0]):
            break
        if word.start() > 0 and word.group(0).casefold() in _REASON_STARTS:
            return text[: word.start()].rstrip(), text[word.start() :]
    return cut


_FAILED: Final = frozenset({
    "չօգնեց", "չստացվեց", "չլուծվեց", "አልሰራም", "አልሰራልኝም", "አልረዳኝም", "አልተፈታም", "አልፈታውም",
    "አልፈታም", "አልጠቀመኝም", "አልጠቀመም",
})  # fmt: skip
"""First words that say it did not work, help or solve it: a no that opens the sentence
saying why ("አልሰራም ኢሜይሉ አልመጣልኝም", it didn't work, the e-mail never came)."""
# A yes or a no that can open a sentence and still be the answer: not "ok", "sure", "please"
# ("ok so what I really wanted to know is ..."), nor "not", "never" ("not sure what you
# mean"), which open sentences that answer nothing.
_OPENING_ANSWERS: Final = {
    **dict.fromkeys(
        ("yes", "yeah", "yep", "yup", "დიახ", "კი", "ჰო", "diakh", "diax", "այո", "ayo", "አዎ",
         "አዎን", "awo"),
        True,
    ),
    **dict.fromkeys(("no", "nope", "nah", "არა", "ara", "ვერა", "ոչ", "voch", "չէ", "አይ", "ay",
                     "aydelem"), False),
    **dict.fromkeys(_FAILED, False),
}  # fmt: skip
# Words after a leading "no" that make it no answer: "no problem", "no worries", "no one".
_NO_AS_A_WORD: Final = frozenset({"problem", "problems", "worries", "worry", "one", "way"})
# Words that only restate a yes ("yes it did thank you"): no comment to keep.
_RESTATED: Final = _COURTESY | frozenset(
    {"it", "did", "does", "has", "was", "is", "that", "thats", "all", "i", "got", "helped",
     "worked", "works", "solved", "indeed", "yes", "yeah", "sure"}
)  # fmt: skip


def says_it_failed(text: object) -> bool:
    """Whether ``text`` opens with "it didn't work" ("አልሰራም", "አልፈታውም", «չօգնեց»): a no
    to "Did that solve your problem?", even where the NLU read it as a skip."""
    if not isinstance(text, str):
        return False
    found = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if found and found[0] in _AT_ALL:
        found = found[1:]  # "ምንም አልጠቀመኝም" (it didn't help me at all)
    return bool(found) and found[0] in _FAILED


_AT_ALL: Final = frozenset({"ምንም", "በፍጹም", "ፈጽሞ", "բոլորովին", "ընդհանրապես", "საერთოდ"})
"""Words for "at all" that open the sentence before "it didn't help" in Amharic, Armenian
and Georgian word order."""

_NOT_AT_ALL = re.compile(
    r"^\W*(?:(?:no|nope|არა|ոչ|չէ|አይ)\W+(?:\w{1,3}\W+)?)?(?:"
    r"not\s+at\s+all|(?:it\s+)?(?:didn'?t|did\s+not|doesn'?t|does\s+not)\s+(?:help|work)\s+at\s+all"
    r"|(?:საერთოდ|სულაც)\s+(?:არა|არ\s+(?:დამეხმარა|მიშველა|გამოვიდა|მომიგვარდა|იმუშავა))"
    r"|არ\s+(?:დამეხმარა|მიშველა|გამოვიდა)\s+საერთოდ"
    r"|(?:բոլորովին|ընդհանրապես)\s+(?:ոչ|չ\w+)"
    r"|(?:ምንም|በፍጹም|ፈጽሞ)\s+(?:አልረዳኝም|አልሰራም|አልሰራልኝም|አልተፈታም|አልፈታውም|አልፈታም|አልጠቀመኝም|አልጠቀመም)"
    r")(?!\w)",
    re.IGNORECASE,
)


def says_not_at_all(text: object) -> bool:
    """Whether ``text`` opens by saying it did not help *at all* ("no, not at all. it was
    supposed to come yesterday", "საერთოდ არ დამეხმარა", «բոլորովին չլուծեց», "ምንም
    አልረዳኝም"): the scale's 1, as the question names it, not a no's 2 (round 14, English
    and Georgian; alone, "not at all" had been 1 and in a sentence 2)."""
    if not isinstance(text, str):
        return False
    return _NOT_AT_ALL.search(normalised(text)) is not None


def yes_or_no_then_more(text: object) -> tuple[bool, str | None] | None:
    """A yes or a no that opens a longer message without a mark after it, for a yes/no
    question: "no it still hasn't arrived" gives ``(False, "no it still hasn't arrived")``.

    The whole message is the comment, the "no" included ("no one answered" must not become
    "one answered", so "no one", "no problem" and "no worries" are left alone: no answer).
    A yes whose other words only restate it ("yes it did thank you") has no comment.
    ``None`` when the first word is not a yes or a no, or too little follows it.
    """
    if not isinstance(text, str):
        return None
    found = [word.casefold() for word in _WORD.findall(unicodedata.normalize("NFKC", text))]
    if len(found) < 1 + MIN_REASON_WORDS or found[1] in _NO_AS_A_WORD:
        return None
    answer = _OPENING_ANSWERS.get(found[0])
    if answer is None:
        return None
    if all(word in _RESTATED for word in found[1:]):
        return answer, None
    return answer, " ".join(text.split())
