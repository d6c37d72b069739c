"""Pure helpers that turn what a customer typed into survey values.

Kept free of Rasa and database imports so they can be tested exhaustively and reused by any
channel. The NLU model may or may not tag a ``score`` entity; these functions are the single
place that decides what counts as a valid answer.

Words are read in all four of our languages at once (English, Georgian, Armenian, Amharic,
native script and as people type them in Latin letters): a number or a yes means the same
whatever the conversation's language, and a customer who switched language mid-survey is
still understood.
"""

from __future__ import annotations

import re
import unicodedata

from bot.corrections import CORRECTION
from bot.message_words import normalised
from bot.non_answers import only_punctuation

NPS_MIN = 0
NPS_MAX = 10
_FIVE = 5  # the top of the CSAT scale, whose "out of 5" is taken out of a score

_NUMBER_WORDS: dict[str, int] = {
    # English
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
    # Georgian, and in Latin letters (both the "kh/ts" and the "x/c" spellings)
    "ნული": 0, "ერთი": 1, "ორი": 2, "სამი": 3, "ოთხი": 4, "ხუთი": 5, "ექვსი": 6,
    "შვიდი": 7, "რვა": 8, "ცხრა": 9, "ათი": 10, "ნოლი": 0, "noli": 0,  # ნოლი: spoken zero
    "nuli": 0, "erti": 1, "ori": 2, "sami": 3, "otkhi": 4, "otxi": 4, "khuti": 5, "xuti": 5,
    "ekvsi": 6, "eqvsi": 6, "shvidi": 7, "rva": 8, "tskhra": 9, "cxra": 9, "ati": 10,
    # a grade as Georgian names it ("ხუთიანი", a five; "ათიანი", a ten)
    "ერთიანი": 1, "ორიანი": 2, "სამიანი": 3, "ოთხიანი": 4, "ხუთიანი": 5, "ექვსიანი": 6,
    "შვიდიანი": 7, "რვიანი": 8, "ცხრიანი": 9, "ათიანი": 10, "otkhiani": 4, "otxiani": 4,
    "khutiani": 5, "xutiani": 5, "rviani": 8, "tskhriani": 9, "cxriani": 9, "atiani": 10,
    # the same given to someone (dative, "I'll give you seven": "შვიდს მოგცემთ", "რვიანს")
    # the short forms before a noun ("ოთხ ქულას დაგიწერთ", I'll give you four points:
    # round 16, stored as a no's 2)
    "ერთ": 1, "ორ": 2, "სამ": 3, "ოთხ": 4, "ხუთ": 5, "ექვს": 6, "შვიდ": 7, "ათ": 10,
    "ნულს": 0, "ნოლს": 0, "ერთს": 1, "ორს": 2, "სამს": 3, "ოთხს": 4, "ხუთს": 5, "ექვსს": 6,
    "შვიდს": 7,
    "რვას": 8, "ცხრას": 9, "ათს": 10, "ერთიანს": 1, "ორიანს": 2, "სამიანს": 3,
    "ოთხიანს": 4, "ხუთიანს": 5, "ექვსიანს": 6, "შვიდიანს": 7, "რვიანს": 8, "ცხრიანს": 9,
    "ათიანს": 10, "shvids": 7, "rvas": 8, "cxras": 9, "tskhras": 9, "xuts": 5, "khuts": 5,
    "ekvss": 6, "eqvss": 6, "ats": 10, "rvians": 8, "cxrians": 9, "atians": 10, "xutians": 5,
    # Armenian ("տասը"/"տաս", "ինը"), and in Latin letters
    "զրո": 0, "մեկ": 1, "երկու": 2, "երեք": 3, "չորս": 4, "հինգ": 5, "վեց": 6, "յոթ": 7,
    "յոթը": 7, "ութ": 8, "ութը": 8, "ինը": 9, "իննը": 9, "տասը": 10, "տաս": 10,
    # with the article ("հինգը", the five) and "երկուս", two said alone
    "զրոն": 0, "մեկը": 1, "երկուս": 2, "երկուսը": 2, "երեքը": 3, "չորսը": 4, "հինգը": 5,
    "վեցը": 6, "erkus": 2, "yerkus": 2,
    "zro": 0, "mek": 1, "erku": 2, "yerku": 2, "ereq": 3, "yereq": 3, "erek": 3, "yerek": 3,
    "chors": 4, "hing": 5, "vec": 6, "vets": 6, "yot": 7, "yoth": 7, "ut": 8, "uth": 8,
    "iny": 9, "ine": 9, "tas": 10, "tasy": 10,
    # Amharic (both spellings of 3 and 10; Ethiopic numerals, which are not decimal digits),
    # and in Latin letters ("and", one, is left out: it is an English word)
    "ዜሮ": 0, "አንድ": 1, "ሁለት": 2, "ሶስት": 3, "ሦስት": 3, "አራት": 4, "አምስት": 5,
    "ስድስት": 6, "ሰባት": 7, "ስምንት": 8, "ዘጠኝ": 9, "አስር": 10, "አሥር": 10,
    "፩": 1, "፪": 2, "፫": 3, "፬": 4, "፭": 5, "፮": 6, "፯": 7, "፰": 8, "፱": 9, "፲": 10,
    "hulet": 2, "sost": 3, "arat": 4, "amist": 5, "sidist": 6, "sebat": 7, "simint": 8,
    "siment": 8, "zetegn": 9, "zetegna": 9, "asir": 10, "assir": 10,
    # other spellings: ዐ/ዓ for አ, ሠ for ሰ (round 15: "ዐሥር" was not understood), and
    # Latin ones without the vowels ("asr", "amst") or with others ("sement", "aser")
    "ዐሥር": 10, "ዐስር": 10, "ዓሥር": 10, "ዓስር": 10, "ኣስር": 10, "ሠባት": 7, "ስድሥት": 6,
    "asr": 10, "aser": 10, "sement": 8, "semint": 8, "amst": 5, "sidst": 6, "sebet": 7,
}  # fmt: skip
# Words like "one" also occur in sentences ("no one answered"), so a spelled-out number only
# counts in a short answer such as "a solid eight", when followed by "out of ten", or as the
# last word of an answer of a few words ("hmm I would say an eight": voice typing writes
# the number as a word, with what the customer said before it). In that last case the word
# before the number must be one that introduces a score ("a", "say", "probably"): "no
# one", "for two" and "that one" end sentences that give none.
_MAX_WORDS_FOR_SPELLED_SCORE = 4
_MAX_WORDS_ENDING_IN_SCORE = 8
_BEFORE_A_SCORE = frozenset(
    {
        "a", "an", "say", "maybe", "probably", "prolly", "like", "solid", "strong", "easy",
        "give", "giving", "rate", "its", "is", "be", "about", "around", "roughly",
        "think", "guess", "reckon", "hmm", "um", "umm", "uh", "eh", "honestly", "definitely",
        "just", "only", "you", "it", "us",
    }
)  # fmt: skip
# What voice typing leaves of punctuation said aloud, at the end of a message: "an eight
# period". Dropped before the last word is looked at.
_SAID_PUNCTUATION = re.compile(
    r"(?:\s+(?:period|full\s+stop|(?:exclamation|question)\s+(?:mark|point)))+$"
)

_KEYCAP_TEN = "\N{KEYCAP TEN}"
_EMOJI_JOINERS = re.compile("[\N{VARIATION SELECTOR-16}\N{COMBINING ENCLOSING KEYCAP}]")
# "8/10", "8 / 10", "8 out of 10", "eight out of ten": keep the numerator only. Georgian,
# Armenian and Amharic say "out of ten" before the number: "ათიდან რვა", "10-დან 8",
# "տասից ութ", "10-ից 8", "ከአስር ስምንት", "ከ10 8" (and "atidan", "tasic" in Latin letters).
_OUT_OF_TEN = re.compile(
    r"\s*(?:/|\bout\s+of\b)\s*(?:10|ten)\b"
    r"|(?<!\w)(?:ათიდან|10-დან|atidan|10-dan|տասից|տասի\s+միջից|10-ից|tasic|tasits|10-ic"
    r"|ከአስር|ከአሥር|ከ10|keasir|ke10)(?!\w)\s*"
)


def only_the_scale(text: str) -> bool:
    """Whether ``text`` says nothing but "out of 10" ("ከ10" after "8": an Amharic "8 out of
    10", which had been stored as the reason, and "why?" never asked)."""
    rest = _OUT_OF_TEN.sub(" ", unicodedata.normalize("NFKC", text).lower())
    return not rest.strip(" .,!?;:-")


# "Out of 5" on the CSAT scale ("4 out of 5", "4/5", "5-დან 4", "5-ից 4", "ከ5 4"): taken
# out when the scale ends at 5, as "out of 10" is; "4/5" had been refused as two numbers.
_OUT_OF_FIVE = re.compile(
    r"\s*(?:/|\bout\s+of\b)\s*(?:5|five)\b"
    r"|(?<!\w)(?:ხუთიდან|5-დან|xutidan|khutidan|5-dan|հինգից|5-ից|hingic|hingits|5-ic"
    r"|ከአምስት|ከ5|keamist|ke5)(?!\w)\s*"
)
# A number, with its sign and any decimal part, so "-1" and "7.5" are seen whole and refused.
_NUMBER = re.compile(r"(?<![\w.])([-+]?)(\d+(?:[.,]\d+)?)(?!\w)")
# A number with what it counts is a quantity, not a score: "waiting 5 days", "tried 3
# times", "charged 20 dollars"; Georgian "5 დღეა", "3-ჯერ", Armenian "5 օր", "3 անգամ",
# Amharic "5 ቀን", "3 ጊዜ" (the native stems take any ending: "დღის", "օրից", "ቀናት").
_MONTH_WORDS = (
    "january|february|march|april|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_STEMS = (
    "იანვარ|თებერვალ|მარტ|აპრილ|მაის|ივნის|ივლის|აგვისტო|სექტემბერ|ოქტომბერ|ნოემბერ|დეკემბერ"
    "|հունվար|փետրվար|մարտ|ապրիլ|մայիս|հունիս|հուլիս|օգոստոս|սեպտեմբեր|հոկտեմբեր|նոյեմբեր"
    "|դեկտեմբեր|ጥር|የካቲት|መጋቢት|ሚያዝያ|ግንቦት|ሰኔ|ሐምሌ|ነሐሴ|መስከረም|ጥቅምት|ኅዳር|ህዳር|ታኅሣሥ|ታህሳስ"
    "|ጃንዋሪ|ፌብሩዋሪ|ማርች|ኤፕሪል|ጁን|ጁላይ|ኦገስት|ሴፕቴምበር|ኦክቶበር|ኖቬምበር|ዲሴምበር"
)
"""Month names (English whole words; our languages' stems take any ending): a number beside
one is a date ("10 December", "დეკემბრის 10"), never a score (round 13: «Դեկտեմբերի 8-ին
տանը չեմ լինի», I won't be home on December 8, had been read as a CSAT score). "May" is
left out: "5 may be right"."""
_MONTH = f"(?:(?:{_MONTH_WORDS})(?!\\w)|(?:{_MONTH_STEMS})\\w*)"
_QUANTITY = re.compile(
    r"(?<![\w.])\d+(?:[.,]\d+)?\s*-?\s*(?:"
    r"(?:days?|hours?|hrs?|weeks?|wks?|months?|mins?|minutes?|secs?|seconds?|times?|items?"
    r"|pieces?|pcs|orders?|dollars?|usd|eur|euros?|gbp|pounds?|quid|bucks|years?|yrs?"
    r"|emails?|calls?|attempts?|tries|am|pm|percent|x|%"
    r"|products?|parcels?|packages?|pairs?|boxes)(?!\w)"
    r"|(?:დღ|საათ|კვირ|თვ[ეი]|წუთ|ჯერ|ლარ|დოლარ|წელ|ცალ|შეკვეთ|ნივთ|ამანათ"
    r"|օր|անգամ|ժամ|շաբաթ|ամս|ամիս|րոպե|դրամ|դոլար|հատ|տարի|պատվեր|ապրանք|ծանրոց"
    r"|ቀን|ቀና|ጊዜ|ሰዓት|ሳምንት|ወር|ደቂቃ|ብር|ዶላር|ዓመት|አመት|ትዕዛዝ|ትእዛዝ|እቃ|ዕቃ)\w*"
    r"|(?:th|st|nd|rd)(?!\w)|-(?:ին|in|ში|ე)(?!\w)"  # "the 9th", «9-ին», "9-in": a date
    f"|{_MONTH})"
    f"|{_MONTH}\\s+\\d+(?:-\\w+)?"  # "December 10", «դեկտեմբերի 8-ին»
)


def without_quantities(text: str) -> str:
    """``text`` without its quantities and dates ("2 კვირა", "5 days", «դեկտեմբերի 8-ին»):
    numbers that count something are never a score."""
    return _QUANTITY.sub(" ", text)


_TEXTESE = re.compile(r"(?<![\w.])([a-z']+)\s+([24])\s+(?=([a-z']+))")
_BEFORE_TEXTESE = frozenset(
    "cost costs price prices fee fees charge charges charged pay paying paid thanks thx ty"
    " thank wait waiting waited look looking ask asking option options available avail eta"
    " much extra long ready enough anything something nothing what whats".split()
)
_AFTER_TEXTESE = frozenset(
    "the u ur you your my me this that express shipping delivery standard next real sure"
    " free now ever know cancel return refund track change get see go be".split()
)
_SCORE_BEFORE = frozenset(
    "a give gave rate rated score scored its it's is was be maybe probably honestly solid"
    " only just like say said put got about".split()
)


_ORDERED_COUNT = re.compile(
    r"\b(?:ordered|bought|purchased|received|want|wanted|need|needed)\s+(?:only\s+)?\d+\b"
    r"(?!\s*(?:/|out\s+of))"
)
"""A number the customer ordered or wants ("i ordered 2 but want 4 now"): how many, not a
score (round 19: stored as CSAT 2)."""


def _without_textese(text: str) -> str:
    """``text`` without the "4" and "2" of texting ("n whats the cost 4 express", "thanks 4
    the help", "need 2 know"): words, not scores. Round 18: the first, under the CSAT
    question, was stored as a 4. A number after a word that gives a score ("a 4 the
    delivery was slow", "give 2 the driver was rude") stays one."""

    def replace(match: re.Match[str]) -> str:
        before, number, after = match.groups()
        if before in _SCORE_BEFORE or not (before in _BEFORE_TEXTESE or after in _AFTER_TEXTESE):
            return match.group(0)
        return f"{before} {'for' if number == '4' else 'to'} "

    return _TEXTESE.sub(replace, text)


_ADDRESS = re.compile(
    r"\b(?:address|street|st|str|ave|avenue|apt|apartment|flat|building|house\s+number)\b"
    r"|მისამართ|ქუჩ|გამზირ|ბინა|კორპუს|\bmisamart|\bquch"
    r"|հասցե|փողոց|պողոտա|բնակարան|շենք|\bhasce|\bpoxoc"
    r"|አድራሻ|ሰፈር|መንገድ|ቤት\s+ቁጥር",
    re.IGNORECASE,
)
"""Words of an address: its numbers are house and flat numbers, never a score (round 13:
«նոր հասցեն՝ Աբովյան 3, Երևան», the new address, under the CSAT question, stored as a 3)."""
_WORD = re.compile(r"[^\W\d_]+")  # letters of any script
_COUNTED = (
    "question", "sec", "second", "minute", "min", "moment", "more", "thing", "day", "hour",
    "week", "time", "item",
    "კითხვ", "წამ", "წუთ", "დღ", "საათ", "კვირ", "ჯერ", "რამ", "ნივთ",
    "հարց", "վայրկյան", "րոպե", "օր", "ժամ", "շաբաթ", "անգամ", "բան", "հատ",
    "ጥያቄ", "ሰከንድ", "ደቂቃ", "ቀን", "ሰዓት", "ሳምንት", "ጊዜ", "ነገር",
    # round 16: "i have two accounts, can i merge them" had been a CSAT of 2, with a case
    "account", "order", "email", "parcel", "package", "product", "card", "month", "year",
    "ანგარიშ", "შეკვეთ", "ამანათ", "ბარათ", "თვ", "წელ",
    "հաշիվ", "պատվեր", "ծանրոց", "քարտ", "ամիս", "տարի",
    "መለያ", "አካውንት", "ትዕዛዝ", "ትእዛዝ", "ዕቃ", "ካርድ", "ወር", "ዓመት",
)  # fmt: skip
"""The beginnings of words a spelled number counts ("one question", "ერთი კითხვა მაქვს", "ერთი
წამით", one second, "አንድ ደቂቃ", one minute): with one after it, the number is no score
(round 11: they had been stored as a CSAT of 1 and 2, with a case)."""
_PAYLOAD = re.compile(r"^/\w+")

# Yes/no words for the consent and CSAT questions, when the NLU's affirm/deny did not decide.
_YES = frozenset(
    {
        "yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "please", "absolutely",
        "certainly", "definitely", "ofc",
        "დიახ", "კი", "ჰო", "ხო", "ხოო", "ხოოო",  # Georgian
        "diakh", "diax", "ki", "kho", "xo", "xoo",
        "այո", "հա", "ayo", "ha",  # Armenian ("ha, lav, merci": round 14)
        "անշուշտ", "anshusht",  # of course (round 21: read as thanks, the answer lost)
        "አዎ", "አዎን", "እሺ", "awo", "ishi", "eshi",  # Amharic
    }
)  # fmt: skip
# A thumb on its own is a yes or a no on every phone keyboard ("👍", "👎🏽", "👍👍"): its skin
# tones and emoji selectors are dropped before the message is compared.
_THUMB_DECORATIONS = re.compile(r"[\s\U0001F3FB-\U0001F3FF\uFE0F]")
_THUMBS = {"\N{THUMBS UP SIGN}": True, "\N{THUMBS DOWN SIGN}": False}
_NO = frozenset(
    {
        "no", "n", "nope", "nah", "never", "not",
        "არა", "ara",  # Georgian
        "ոչ", "չէ", "voch", "che",  # Armenian
        "አይ", "አይደለም", "ay", "aydelem",  # Amharic
    }
)  # fmt: skip
# "I don't know", "not sure", "maybe" in our four languages (native script and Latin
# letters): a customer who says it has answered neither yes nor no, whatever the first word
# ("not sure" opens with "not"). The NLU read "idk" and "maybe" as a sure "affirm" and "not
# sure", "არ ვიცი", "չգիտեմ", "አላውቅም" as a "deny", and they were stored as CSAT 4 and 2.
_UNSURE = re.compile(
    r"(?<!\w)(?:idk|idek|dunno|donno|i\s+don'?t\s+know|don'?t\s+know|dont\s+know|not\s+sure"
    r"|unsure|maybe|perhaps|possibly|no\s+idea|hard\s+to\s+say|can'?t\s+say|who\s+knows"
    r"|არ\s+ვიცი|ar\s+vici|ar\s+vitsi|ალბათ|albat|არ\s+ვარ\s+დარწმუნებული|ვინ\s+იცის"
    r"|չգիտեմ|chgitem|գուցե|երևի|երեւի|\berevi\b|միգուցե|guce|gutse|miguce|migutse"
    r"|վստահ\s+չեմ|vstah\s+chem"
    r"|አላውቅም|alawkm|alawqm|alawkim|ምናልባት|minalbat|mnalbat|እርግጠኛ\s+አይደለሁም)(?!\w)"
)
_MAX_WORDS_UNSURE = 6
# Answers to "Did that solve your problem?" in words: the ends of the scale as the question
# itself names them (1 = not at all, 5 = completely) and "partly" in between, in our four
# languages. Whole messages only (without punctuation, "yes"/"it" and the like around them).
_CSAT_WORDS: dict[str, int] = {
    "completely": 5, "fully": 5, "totally": 5, "entirely": 5, "completely solved": 5,
    "სრულად": 5, "სრულიად": 5, "sruliad": 5, "srulad": 5, "ամբողջությամբ": 5,
    "ሙሉ በሙሉ": 5, "ሙሉ በሙሉ ፈትቷል": 5, "ሙሉ በሙሉ ፈትቶታል": 5,
    "not at all": 1, "სულაც არა": 1, "sulac ara": 1, "բոլորովին ոչ": 1, "bolorovin voch": 1,
    "በፍጹም": 1, "በፍጹም አልፈታም": 1, "በፍጹም አልተፈታም": 1, "ፈጽሞ": 1, "ፈጽሞ አልፈታውም": 1,
    "ሙሉ በሙሉ ተፈቷል": 5, "საერთოდ არა": 1, "saertod ara": 1,
    # round 20: "not at all" in Latin-letter Georgian had been asked again, then dismissed
    "არანაირად": 1, "aranairad": 1, "aranairi": 1, "არანაირი": 1, "sul ara": 1, "სულ არა": 1,
    "լրիվ": 5, "lriv": 5, "բոլորովին": 1, "bolorovin": 1,  # alone, «բոլորովին» is "not at all"
    "საშუალოდ": 3, "sashualod": 3,  # "on average"
    "partly": 3, "partially": 3, "kinda": 3, "kind of": 3, "sort of": 3, "sorta": 3,
    "somewhat": 3, "half": 3, "halfway": 3, "more or less": 3, "so so": 3,
    "ნაწილობრივ": 3, "natsilobriv": 3, "nawilobriv": 3, "մասամբ": 3,
    # round 13: "კი, სრულად მომიგვარდა" (yes, fully solved) had been a yes's 4, "ისე რა"
    # (so-so) a 4 as well
    "სრულად მომიგვარდა": 5, "სრულად მოგვარდა": 5, "ბოლომდე მოგვარდა": 5,
    "ամբողջությամբ լուծվեց": 5, "լրիվ լուծվեց": 5,
    "ისე რა": 3, "ise ra": 3,
    "masamb": 3, "մասնակի": 3, "մասնակիորեն": 3, "በከፊል": 3, "bekefil": 3,
    # round 14: halfway, not fully, not much (had been a no's 2, or dismissed)
    "ნახევრად": 3, "ნახევრად დამეხმარა": 3, "ნახევრად მომიგვარდა": 3, "naxevrad": 3,
    "არა სრულად": 3, "ბოლომდე არა": 3, "կիսով չափ": 3, "կիսով": 3, "ոչ ամբողջությամբ": 3,
    "բայց ոչ ամբողջությամբ": 3, "ոչ լրիվ": 3, "ሙሉ በሙሉ አይደለም": 3, "በግማሽ": 3,
    "not fully": 3, "not completely": 3, "but not fully": 3, "but not completely": 3,
    "not really": 2, "not much": 2, "didn t help much": 2, "didnt help much": 2,
    "ብዙም አልረዳኝም": 2, "ብዙም": 2, "არც ისე": 2, "ոչ այնքան": 2,
    # round 16: "በከፊል ነው የረዳኝ" (it helped only partly) had been refused
    "በከፊል ነው የረዳኝ": 3, "በከፊል ረድቶኛል": 3, "በከፊል ነው": 3,
}  # fmt: skip
_HUNDRED_PERCENT = re.compile(r"(?<![\d.,])100\s*(?:%|percent|პროცენტ|տոկոս|ፐርሰንት)")
"""A hundred per cent: completely."""
_AROUND_CSAT_WORDS = frozenset(
    {
        "yes", "yeah", "it", "did", "well", "i", "guess", "only", "just", "thanks", "thank",
        "you", "კი", "დიახ", "მადლობა", "გმადლობთ", "այո", "շնորհակալություն", "አዎ",
        "አመሰግናለሁ", "ნუ", "think", "i think", "կարծում", "եմ", "հա", "ha",
    }
)  # fmt: skip
# Whole messages that end a survey ("skip", "no thanks", "stop") in our four languages, in
# native script and in Latin letters, written without punctuation (the text is compared
# without it: "No, thanks!" is "no thanks"). The NLU's `skip` intent covers more wordings;
# these are the ones that must never be missed, whatever the model. Only a whole message
# counts: "stop the delays" or "skip the small talk and fix my order" stay answers.
_SKIP_PHRASES = frozenset(
    {
        # English
        "skip", "skip it", "skip this", "skip this question", "skip the question",
        "skip please", "please skip", "no thanks", "no thank you", "no thanks skip",
        "stop", "stop it", "stop please", "please stop", "not now", "maybe later",
        "pass", "i pass", "i ll pass", "no comment", "skip the survey", "stop the survey",
        # Georgian ("skip", "skip it", "no, thank you", "stop", "not now"), and in Latin letters
        "გამოტოვება", "გამოტოვე", "გამოტოვეთ", "გამოვტოვებ", "არა მადლობა", "არა გმადლობთ",
        "შეწყვიტე", "შეწყვიტეთ", "გაჩერდი", "ახლა არა", "გამოკითხვის შეწყვეტა",
        "gamotoveba", "gamotove", "gamotovet", "ara madloba", "ara gmadlobt", "akhla ara",
        "axla ara", "shetsyvite", "shewyvite", "gacherdi",
        # Armenian ("skip", "no, thank you", "stop", "enough", "not now"), and in Latin letters
        "բաց թողնել", "բաց թողեք", "բաց թող", "ոչ շնորհակալություն", "ոչ շնորհակալ եմ",
        "կանգնեցրեք", "կանգնիր", "դադարեցրեք", "հերիք է", "ոչ հիմա",
        "bac toxnel", "bats toghnel", "bac toghnel", "bac toxeq", "voch shnorhakalutyun",
        "voch shnorhakal em", "che shnorhakalutyun", "herik e", "voch hima",
        # Amharic ("skip", "skip it", "no, thank you", "stop", "enough", "not now"), and in
        # Latin letters
        "ዝለል", "ዝለለው", "እለፈው", "እለፍ", "አይ አመሰግናለሁ", "አይ አመሰግናለው", "አቁም", "አቁሙ",
        "በቃ", "በቃ አቁም", "አሁን አይሆንም",
        # "maybe later" (round 13: «ምናልባት በኋላ» under "why?" was stored as the reason)
        "ምናልባት በኋላ", "በኋላ", "ሌላ ጊዜ", "ምናልባት ሌላ ጊዜ", "იქნებ მოგვიანებით", "მოგვიანებით",
        "ალბათ მოგვიანებით", "հետո", "գուցե հետո", "միգուցե հետո", "ավելի ուշ",
        "later", "maybe another time", "another time",
        "zlel", "zilel", "zlelew", "elefew", "ay amesegnalehu", "ay ameseginalehu",
        "akum", "aqum", "beka", "beqa", "beka akum", "ahun ayhonm",
    }
)  # fmt: skip
# Whole messages that answer "why?" or "what was missing?" with nothing: a bare "no" or
# "nothing" in our four languages (Georgian "no", "nothing"; Armenian "no", "nothing";
# Amharic "no", "there is none", "nothing"). Only in answer to a free-text question: to a
# yes/no question "no" is the answer.
_NO_ANSWER_PHRASES = frozenset(
    {
        "no", "nope", "nah", "nothing", "none", "no reason", "nothing to add", "nothing else",
        "not really", "n a", "na", "no particular reason", "nothing special",
        "nothing in particular", "nothing really", "just because",
        "არა", "არაფერი", "ara", "araferi", "განსაკუთრებული არაფერი", "არაფერი განსაკუთრებული",
        "ոչ", "ոչինչ", "չէ", "voch", "vochinch", "che", "առանձնապես ոչինչ",
        "አይ", "የለም", "ምንም", "ay", "yelem", "minim", "ምንም የለም", "minim yelem",
        "ምንም ልዩ ነገር የለም",
    }
)  # fmt: skip
_SKIP_BUTTON = re.compile(r"^/skip(?:\{.*\})?$", re.DOTALL)
# What a question to the bot starts with; used to tell "what is your refund policy?" (a
# question in the middle of a survey) from "your refund policy is unfair" (an answer).
_QUESTION_WORDS = frozenset(
    {
        "what", "whats", "how", "when", "where", "why", "who", "which", "can", "could",
        "do", "does", "did", "is", "are", "will", "would", "should", "may", "have", "has",
        "რა", "როგორ", "როდის", "სად", "რატომ", "რატო", "ვინ", "რომელი", "შეიძლება",  # Georgian
        "ինչ", "ինչպես", "երբ", "որտեղ", "ինչու", "ով", "որ", "որն",  # Armenian
        "ምን", "እንዴት", "መቼ", "የት", "ለምን", "ማን", "የትኛው",  # Amharic
    }
)  # fmt: skip
# What a question about the scale opens with ("what does 0 mean", "ինչ է նշանակում 0-ը"):
# a number in it is the customer's question, not their score.
_SCALE_QUESTION_WORDS = frozenset(
    {"what", "whats", "why", "which", "რა", "რატომ", "რომელი", "ինչ", "ինչու", "որն", "ምን", "ለምን"}
)  # fmt: skip
# ASCII, full-width, Arabic, Armenian (also written on the stressed word: "Կարո՞ղ եք"),
# Ethiopic.
_QUESTION_MARKS = ("?", "\uff1f", "\u061f", "\u055e", "\u1367")
_ARMENIAN_QUESTION = "\u055e"


CSAT_MIN = 1
CSAT_MAX = 5


# "Six and a half" is between two scores, as "6.5" is: asked again, never rounded down
# ("վեց ու կես" had been stored as 6). "Half" alone is the CSAT scale's "partly"
# (parse_csat_words), not a number.
_HALF = re.compile(
    r"(?:\d|\w\s)\s*(?:and\s+a\s+half|\+?\s*½)|½"
    r"|\s(?:ու|և)\s+կես|\sდა\s+ნახევარ|\sተኩል|(?<=\w)-ნახევარ"
)


def parse_score(text: object, *, low: int = NPS_MIN, high: int = NPS_MAX) -> int | None:
    """The one score in ``text`` if it lies in ``low..high``, else ``None``.

    Accepts digits ("9", "10/10", "a solid 8", "9 out of 10", "9 ქულა"), spelled-out numbers
    in short answers in any of our languages ("nine", "ცხრა", "ինը", "ዘጠኝ", "cxra",
    "ათიდან რვა", "ከአስር ስምንት"), Ethiopic numerals ("፱"), keycap emoji ("9️⃣", "🔟") and
    full-width digits. Anything ambiguous is
    refused rather than guessed: two different numbers ("7 or 8"), decimals ("7.5"), negative
    or out-of-range numbers ("-1", "11"). The caller re-asks politely on ``None``.
    """
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, int):
        return text if low <= text <= high else None
    if isinstance(text, float):
        return int(text) if text.is_integer() and low <= text <= high else None
    if not isinstance(text, str):
        return None

    lowered = unicodedata.normalize("NFKC", text).lower()
    if (_OUT_OF_TEN if high == _FIVE else _OUT_OF_FIVE).search(lowered):
        return None  # "4 out of 10" on the 1-5 scale, "4/5" on the 0-10 one: not its score
    folded = _without_textese(_ORDERED_COUNT.sub(" ", _QUANTITY.sub(" ", _normalise(text))))
    if high == _FIVE:
        folded = _OUT_OF_FIVE.sub(" ", folded)
    if not folded.strip() or asks_about_the_scale(text) or _HALF.search(folded):
        return None
    if _ADDRESS.search(folded):
        return None  # «նոր հասցեն՝ Աբովյան 3»: a house number

    candidates: set[int] = set()
    for sign, number in _NUMBER.findall(folded):
        if sign == "-" or not number.isdigit():
            return None
        candidates.add(int(number))
    if not candidates:
        words = _WORD.findall(_SAID_PUNCTUATION.sub("", folded.rstrip(" .!?")))
        spelled = {
            _NUMBER_WORDS[word]
            for word, after in zip(words, [*words[1:], ""][: len(words)], strict=True)
            if word in _NUMBER_WORDS and not after.startswith(_COUNTED)
        }
        ends_in_score = (
            1 < len(words) <= _MAX_WORDS_ENDING_IN_SCORE
            and words[-1] in _NUMBER_WORDS
            and words[-2] in _BEFORE_A_SCORE
        )
        if (
            len(words) <= _MAX_WORDS_FOR_SPELLED_SCORE
            or ends_in_score
            or _OUT_OF_TEN.search(unicodedata.normalize("NFKC", text).lower())
        ):
            candidates = spelled
    if len(candidates) != 1:
        return None
    (score,) = candidates
    return score if low <= score <= high else None


# A score, then a mark, then more: "9, where is my order?" answers, then asks. Not a hyphen
# before a case ending: "0-ն ամենավատն է?" (is the 0 the worst?) asks about the 0.
_SCORE_THEN_MORE = re.compile(
    r"\s*\d+\s*(?:[,.;:!\u2013\u2014\u0589\u1363\u1361\u1362\u060c]|-(?![\u0531-\u0587\u10d0-\u10ff]))"
)
_FIRST_SENTENCE = re.compile(r"(?<=[.!?\u0589\u1362\u1367])\s+")


def asks_about_the_scale(text: str) -> bool:
    """Whether a message with a number in it asks about that number rather than gives it:
    "what does 1 mean?", "is 10 good?", "ինչ է նշանակում 0-ը", "რას ნიშნავს 1?". A question
    (a question mark, or a first word such as "what") with two or more words besides the
    number; "10?" or "maybe 7?" stay hesitant answers, and "9, where is my order?" a score
    with a question after it."""
    every_word = _WORD.findall(_OUT_OF_TEN.sub(" ", unicodedata.normalize("NFKC", text).lower()))
    words = [word for word in every_word if word not in _NUMBER_WORDS]
    numbered = len(words) < len(every_word) or any(character.isdigit() for character in text)
    if not numbered or len(words) < 2 or _SCORE_THEN_MORE.match(text):
        return False  # no number: "why do you ask?" is no question about the scale
    stripped = text.strip()
    # "5 is the middle? not sure": the sentence with the number asks; "honestly? a 2." not
    first = _FIRST_SENTENCE.split(stripped, maxsplit=1)[0]
    number_asked = first.endswith(_QUESTION_MARKS) and any(
        character.isdigit() for character in first
    )
    asked = stripped.endswith(_QUESTION_MARKS) or number_asked or _ARMENIAN_QUESTION in stripped
    georgian_what = words[0].startswith("რა") and not words[0].startswith("რადგან")  # because
    return asked or words[0] in _SCALE_QUESTION_WORDS or georgian_what


def _normalise(text: str) -> str:
    """Lower-case, NFKC (full-width digits), keycap emoji as digits, "out of 10" removed."""
    folded = unicodedata.normalize("NFKC", text.replace(_KEYCAP_TEN, " 10 "))
    folded = _EMOJI_JOINERS.sub("", folded).lower().strip()
    return _OUT_OF_TEN.sub(" ", folded).strip()


# "or" between two scores ("seven or eight", "ალბათ რვა ან ცხრა", "յոթ կամ ութ",
# "ሰባት ወይም ስምንት").
_OR_WORDS = frozenset({"or", "ან", "anu", "an", "կամ", "kam", "ወይም", "weyim", "woyim"})


def offers_two_scores(text: str) -> bool:
    """Whether ``text`` names two spelled-out scores as a choice ("probably 8 or 9" in
    words) or one and a half ("վեց ու կես"): the NLU tags one of them, and that one must
    not be taken."""
    folded = _normalise(text)
    if _HALF.search(folded):
        return True
    words = _WORD.findall(folded)
    return any(
        first in _NUMBER_WORDS and middle in _OR_WORDS and last in _NUMBER_WORDS
        for first, middle, last in zip(words, words[1:], words[2:], strict=False)
    )


# What stands between two scores offered as a choice: "or" (_OR_WORDS), "7-8", "7 to 8".
_CHOICE_TOKEN = re.compile(r"\d+|[^\W\d_]+|[-\u2013\u2014~]")
_CHOICE_JOINERS = _OR_WORDS | {"-", "\u2013", "\u2014", "~", "to", "maybe"}
_MAX_WORDS_OFFERING_TWO = 8


def offered_scores(text: str, *, low: int, high: int) -> tuple[int, int] | None:
    """The two scores a short answer offers as a choice ("7 or 8", "7-8", "seven or eight",
    "ალბათ რვა ან ცხრა", «յոթ կամ ութ», "ሰባት ወይም ስምንት"), the lower first; ``None``
    for anything else.

    Why: such an answer is refused (no score is guessed), and a shopper's "7 or 8" was met
    with "Sorry, I didn't catch a score", as if they had said nothing; they are asked to
    pick one of the two they named, with a button for each.
    """
    folded = _normalise(text)
    tokens = _CHOICE_TOKEN.findall(folded)
    if not tokens or len(_WORD.findall(folded)) > _MAX_WORDS_OFFERING_TWO:
        return None
    if _OUT_OF_FIVE.search(folded) or "/" in folded or "." in folded:
        return None  # "4/5" is a score on another scale, "7.5" half way: not two scores

    def number(token: str) -> int | None:
        return int(token) if token.isdigit() else _NUMBER_WORDS.get(token)

    values = [number(token) for token in tokens]
    if sum(value is not None for value in values) != 2:  # the two offered, nothing more
        return None
    for index in range(len(tokens) - 2):
        first, joiner, second = values[index], tokens[index + 1], values[index + 2]
        if first is None or second is None or joiner not in _CHOICE_JOINERS:
            continue
        if first != second and low <= first <= high and low <= second <= high:
            return min(first, second), max(first, second)
    return None


def has_digits(text: str) -> bool:
    """Whether ``text`` writes a number in digits (an "out of 10" aside).

    When it does and :func:`parse_score` still finds no score ("7 or 8", "7.5", "11"), the
    answer is ambiguous or out of range, and no other reading (the NLU's entities) may
    overrule that.
    """
    return any(character.isdecimal() for character in _normalise(text))  # "ለ5 ቀን" too


def clean_reason(text: object, *, max_chars: int) -> str | None:
    """A free-text reason ready to store, or ``None`` when there is nothing to keep.

    Whitespace runs are collapsed (chat widgets send stray newlines and tabs) and the text is
    cut to ``max_chars`` so one pasted essay cannot be refused by the storage validation and
    lose the score with it. Button payloads ("/inform_score{...}") are not reasons.
    """
    if not isinstance(text, str):
        return None
    collapsed = " ".join(text.split())
    if not collapsed or _PAYLOAD.match(collapsed):
        return None
    if len(collapsed) > max_chars:
        collapsed = collapsed[: max_chars - 1].rstrip() + "…"
    return collapsed


_REPLACED = re.compile(
    r"\bnot\s+(?:an?\s+)?(?P<en>\d{1,2}|[^\W\d_]+)\b|(?P<ka>\d{1,2}|[^\W\d_]+)\s+კი\s+არა\b"
    r"|ոչ\s+թե\s+(?P<hy>\d{1,2}|[^\W\d_]+)|(?P<am>\d{1,2}|[^\W\d_]+)\s+ሳይሆን"
    r"|(?P<am2>\d{1,2}|[^\W\d_]+)\s+አይደለም|(?P<ka2>\d{1,2})-?ის\s+(?:მაგივრად|ნაცვლად)"
)
"""The score taken back in a correction: "6 not 8", "8 კი არა 6", «ոչ թե 8, այլ 9», "8 ሳይሆን 9",
"8 አይደለም 9 ነው" (it's not 8, it's 9: round 16, the 8 had stayed), "9 დამიწერეთ 8-ის მაგივრად"
(write 9 instead of 8: round 17)."""


def _without_replaced(text: str) -> tuple[str, bool]:
    """``text`` without the scores it takes back, and whether it took one back."""
    replaced = False

    def drop(match: re.Match[str]) -> str:
        nonlocal replaced
        word = next(group for group in match.groups() if group is not None)
        if word.isdigit() or word in _NUMBER_WORDS:
            replaced = True
            return " "
        return match.group(0)

    return _REPLACED.sub(drop, text), replaced


_CHANGE_TO = (
    re.compile(
        r"\b(?:(?:change|put|set|update)\s+(?:my|the|that|it)\s*(?:score|rating)?\s*(?:to|into)"
        r"|make\s+(?:it|that))\s+(?:an?\s+)?(\d{1,2}|[^\W\d_]+)\b"
    ),
    # "oh no i meant 1, i thought 10 was worst": the score meant, whatever else is said
    re.compile(
        r"\bi\s+meant\s+(?:to\s+(?:put|give|say|press|click|choose)\s+)?(?:an?\s+)?"
        r"(\d{1,2}|[^\W\d_]+)\b"
    ),
    # «9 եմ դնում» (I'm putting 9), «ես 10 եմ տալիս», «տասն եմ ուզում դնել» (I want to put ten)
    re.compile(
        r"(\d{1,2}|[^\W\d_]+?)(?:-?ն|-?ը)?\s+(?:եմ|em)\s+(?:դնում|տալիս|ուզում\s+(?:դնել|տալ|գրել)"
        r"|dnum|talis|uzum\s+(?:dnel|tal))"
    ),
    # "9 დამიწერეთ" (write me down a 9), "შეიძლება 9 დავწერო?" (may I put 9?): round 17
    re.compile(r"(\d{1,2})\s+(?:დამიწერეთ|ჩამიწერეთ|დაწერეთ|დავწერო|დავწერ|damiweret|davwero)"),
    # «իրականում 4 դրեք» (actually put 4), "9 ነው የሰጠሁት" (it's 9 I gave), "ere 9 new
    # yeseTehut" (no, it's 9 I gave): round 22, the old score had stayed
    re.compile(r"(\d{1,2})\s+(?:դրեք|գրեք|դնեք|(?:ነው\s+)?የሰጠሁት|new\s+yese[t])"),
)
"""Asking to change the score ("can I change my score to 7?", "make it an eight"), or saying
which one was meant or is given now (round 16: "i meant 1, i thought 10 was worst" kept the
10; «չէ սպասեք, 9 եմ դնում», no wait, I'm putting 9, kept the 8)."""


_SENTENCE_END = re.compile(r"(?<!\d)[.!?;։።]+\s+|\n+")
"""The end of a sentence (not "8.5"), Armenian and Ethiopic full stops included."""


def _spelled_at_the_end(text: str, *, low: int, high: int) -> int | None:
    """A score in words near the end of a longer correction ("I changed my mind, let it be
    eight": "ስምንት ይሁን"), where :func:`parse_score` reads no words in a sentence. Only the
    last two words count, so "no one answered, sorry" names none."""
    words = _WORD.findall(text)
    spelled = [
        _NUMBER_WORDS[word] for word in words[-2:] if word in _NUMBER_WORDS and word != "one"
    ]  # "one" ends English sentences that give no score ("the blue one")
    return spelled[0] if len(spelled) == 1 and low <= spelled[0] <= high else None


def without_taken_back(text: str) -> str:
    """``text`` without the scores it takes back ("8, not 10" -> "8, ")."""
    return _without_replaced(unicodedata.normalize("NFKC", text).lower())[0]


_MAX_WORDS_TAKING_BACK = 5  # "no wait, make it a 6"
TAKING_BACK = frozenset({
    "no", "nope", "or", "rather", "actually", "sorry", "sori", "wait", "make", "it", "that",
    "i", "mean", "meant",
    "არა", "ara", "ბოდიში", "bodishi", "მოიცა", "moica", "ან", "an",
    "չէ", "che", "ոչ", "voch", "ավելի", "aveli", "շուտ", "ճիշտ", "ներողություն", "կամ",
    "አይ", "ay", "ይቅርታ", "ወይም", "ይሁን", "ማለቴ", "ነው",
    # round 15: "five... no, more like three" in Georgian ("ხუთი... არა, უფრო სამი"),
    # Amharic ("ስድስት፣ እንዲያውም ዘጠኝ", six, actually nine) and Armenian (write, put)
    "more", "like", "უფრო", "ufro", "იყოს", "iyos",
    "እንደውም", "እንዲያውም", "endewum", "endiyawum", "ይልቅ",
    "գրեք", "գրիր", "դրեք", "դիր", "greq", "grek", "grir", "dreq", "drek", "dir",
    # round 17: «8, չէ, սպասեք, 6» (no, wait), "8፣ አይ ቆይ 6 ይሁን" (no wait, let it be 6), "9
    # დამიწერეთ" (write me down 9)
    "սպասեք", "սպասիր", "spaseq", "ቆይ", "koy", "დამიწერეთ", "ჩამიწერეთ", "damiweret",
    # round 18: "8, no wait, make it a 6", "7. sorry, typo, I meant 3", "ცხრა... თუმცა არა,
    # შვიდი" (nine... though no, seven), "8... ոչ, մի րոպե, 6 դրեք" (no, one minute, put 6),
    # "8፣ አይ ቆይ፣ 6 አድርገው" (make it 6), "አምስት... አይ አራት ይሻላል" (no, four is better)
    "a", "typo", "oops", "mistake", "my", "bad", "thumb", "thumbs",
    "თუმცა", "tumca", "մի", "րոպե", "mi", "rope", "አድርገው", "ይሻላል", "ይሻላል።",
    # round 19: "7, ներողություն, 9 նկատի ունեի" (sorry, I meant 9), «2, ներողություն, 4 էի
    # ուզում գրել» (I wanted to write 4), "2, sorry, I wanted to write 4"
    "նկատի", "ունեի", "nkati", "uneyi", "unei", "էի", "ուզում", "գրել", "ei", "uzum", "grel",
    "wanted", "to", "write", "put", "მინდოდა", "ვგულისხმობდი", "mindoda", "ፈልጌ", "ነበር",
})  # fmt: skip
"""Words that put a second score in the place of the first: no, rather, sorry, wait."""


def score_taken_back(tail: str, *, low: int = NPS_MIN, high: int = NPS_MAX) -> int | None:
    """The score a few words right after a score put in its place: "no, 7" after "8", "ara
    sori, eqvsi" (no sorry, six), «չէ, ավելի շուտ վեց» (no, rather six); ``None`` for a
    reason ("magram 1 nivti gvian movida", but 1 item came late) or a score taken back
    ("not 10")."""
    kept, _replaced = _without_replaced(unicodedata.normalize("NFKC", tail).lower())
    words = [word for word in _WORD.findall(kept) if word not in _NUMBER_WORDS]
    if len(words) > _MAX_WORDS_TAKING_BACK or not set(words) <= TAKING_BACK:
        return None
    return parse_score(kept, low=low, high=high)


def corrected_score(text: object, *, low: int = NPS_MIN, high: int = NPS_MAX) -> int | None:
    """The score a message gives in place of the one just given, else ``None``: a score
    alone ("6", "six": no reason says only that), or with a word that corrects ("sorry I
    meant 6", "უკაცრავად, შემეშალა, 10 მინდოდა", "አይ ይቅርታ 2 ልበል") or takes the old one back
    ("6 not 8", "8 კი არა 6"). Read in answer to
    "why?" and "what was missing?", where it was stored as the reason."""
    if not isinstance(text, str):
        return None
    folded = unicodedata.normalize("NFKC", text).lower()
    for pattern in _CHANGE_TO:  # "can I change my score to 7?", "I meant 1"
        asked = pattern.search(folded)
        meant = None if asked is None else parse_score(asked.group(1), low=low, high=high)
        if meant is not None:
            return meant
    first, *more = _SENTENCE_END.split(folded.strip(), maxsplit=1)
    if more and CORRECTION.search(first):
        # "უი არა, შვიდი იყოს. მიწოდება..." (oops no, let it be seven. Delivery...): the
        # correction opens the message, the reason follows (round 16: the 8 had stayed)
        opening = corrected_score(first, low=low, high=high)
        if opening is not None:
            return opening
    kept, replaced = _without_replaced(folded)
    score = parse_score(kept, low=low, high=high)
    if score is None:
        score = _spelled_at_the_end(kept, low=low, high=high)
        if score is None or not CORRECTION.search(folded):
            return None
    # "no, 9", "არა, 9", «ոչ, գնահատականս 6 ա» (no, my score is 6): a no before a score
    # alone, or with words that only name it, takes the old one back
    others = [
        word
        for word in _WORD.findall(folded)
        if word not in _NUMBER_WORDS and word not in _NO and word not in _NAMING_A_SCORE
    ]
    return score if not others or replaced or CORRECTION.search(folded) else None


_NAMING_A_SCORE = frozenset({
    "my", "score", "rating", "is", "it", "its", "s", "make",
    "ჩემი", "შეფასება", "შეფასებაა", "არის", "ქულა",
    "իմ", "գնահատականս", "գնահատականը", "գնահատական", "ա", "է", "միավոր",
    "ነጥቤ", "ነጥብ", "ነው", "ይሁን",
    # "no wait, 7", «սպասեք, ոչ, 7», «ոչ, ոչ, 7 եմ ուզում դնել» (no, no, I want to put 7)
    "wait", "i", "want", "to", "give", "put", "მოიცა", "მინდა", "սպասեք", "եմ",
    "ուզում", "դնել", "տալ", "ቆይ",
    # "I told you 10", "10 አልኩህ እኮ", «ասացի 10», "ხომ გითხარი 10": the score said again
    "said", "told", "you", "already", "ვთქვი", "გითხარი", "ხომ", "უკვე", "ասացի", "ասել",
    "արդեն", "አልኩ", "አልኩህ", "አልኩሽ", "አልኩዎት", "ብያለሁ", "እኮ", "አስቀድሜ",
    # "չէ չէ, 9 գրիր" (no no, write 9), «չէ, ավելի շուտ 4» (no, rather 4), "ara, ufro 3":
    # round 15, the old score had stayed and the correction was stored as the reason
    "գրեք", "գրիր", "դրեք", "դիր", "greq", "grek", "grir", "dreq", "drek", "dir",
    "ավելի", "շուտ", "aveli", "shut", "უფრო", "ufro", "rather", "more", "like",
    "እንደውም", "እንዲያውም", "endewum", "endiyawum", "ይልቅ",
})  # fmt: skip
"""Words that only say what the number is: "my score is 6", «գնահատականս 6 ա», "ነጥቤ 6 ነው";
or wait and want, with a no before them ("no wait, 7", round 10: «սպասեք, ոչ, 7» had been
stored as the reason)."""


THANKS = frozenset({
    "thanks", "thank", "you", "thx", "ty", "very", "much", "a", "lot", "so", "many", "cheers",
    "მადლობა", "გმადლობთ", "დიდი", "დიდ", "madloba", "didi",
    "շնորհակալություն", "շնորհակալ", "եմ", "շատ", "մերսի", "merci", "mersi",
    "shnorhakalutyun", "shnorhakal", "em", "shat", "god", "bless",
    "አመሰግናለሁ", "እናመሰግናለን", "በጣም", "amesegnalehu", "betam",
    "спасибо", "спс", "շնորհ",  # Russian thanks typed in Armenian chats; «շնորհ», short
})  # fmt: skip
"""Thanks and the words that make it warmer, in the four languages."""

_ACKNOWLEDGEMENTS = frozenset({
    "ok", "okay", "okey", "oki", "okie", "k", "kk", "ok ok", "okay then", "ok then", "alright",
    "all right", "got it", "i see", "understood", "noted", "ok i see", "ok cool", "okay cool",
    "cool", "ok fine", "okay fine", "fine",
    # "np" (no problem): round 19, read as "no" and stored as CSAT 2
    "np", "no problem", "no prob", "no probs", "no worries", "ok np",
    "ოკ", "ოკეი", "გასაგებია", "გავიგე", "gasagebia", "gavige", "ნუ კაი", "ნუ კარგი", "nu kai",
    "օքեյ", "օկ", "հասկացա", "պարզ է", "haskaca", "hasktsa", "parz e",
    "ок", "окей",  # "ok" in Cyrillic
    "እሺ", "ገባኝ", "እሺ ገባኝ", "ishi", "eshi", "gebagn",
})  # fmt: skip
"""Whole messages that only say the customer read the answer, in the four languages: "ok",
"got it", "გასაგებია" (understood), «հասկացա» (I see), "እሺ" (all right)."""


def only_acknowledges(text: object) -> bool:
    """Whether the message only acknowledges what the bot said ("ok", "got it", "እሺ").

    Under "Did that solve your problem?" that is no answer: the customer has read the reply,
    not said it worked, so it is never stored as a yes (CSAT 4). Under "may we contact you?"
    the same "ok" is a yes, so this is for the CSAT question only.
    """
    if not isinstance(text, str):
        return False
    folded = normalised(text).lower()
    said = " ".join(word for word in _WORD.findall(folded) if word not in THANKS)
    return said in _ACKNOWLEDGEMENTS  # "ok thanks" too: still only "ok"


def only_agrees_to_answer(text: object) -> bool:
    """Whether ``text`` says no more than that the customer will answer after all ("fine, I
    will answer", "ok ok", "კარგი, დავწერ", «լավ, կպատասխանեմ», "እሺ እመልሳለሁ"): beside a
    score it is no reason for it. Round 19: "fine, I will answer. 9" right after declining
    was stored with "fine, I will answer" as the reason, and "why?" never asked."""
    if not isinstance(text, str):
        return False
    words = _WORD.findall(normalised(text).lower())
    return 0 < len(words) <= _MAX_AGREEING_WORDS and all(word in _AGREEING for word in words)


def agreed_score(text: object, *, low: int, high: int) -> int | None:
    """The score of a message that gives one with only words of agreeing beside it ("እሺ በቃ
    4", ok, fine, 4; "ok fine, 9"): typed under a free-text question, the customer changed
    their score (round 19: "What was missing?" after a "no" stored it as the comment, and
    the 2 of the "no" stayed)."""
    if not isinstance(text, str):
        return None
    score = parse_score(text, low=low, high=high)
    return score if score is not None and only_agrees_to_answer(_NUMBER.sub(" ", text)) else None


_MAX_AGREEING_WORDS = 8
_AGREEING = frozenset({
    "ok", "okay", "okey", "k", "fine", "alright", "all", "right", "sure", "yes", "yeah", "yep",
    "ya", "then", "well", "actually", "so", "i", "ll", "will", "answer", "do", "it", "go",
    "on", "here", "you", "are", "let", "me", "give", "my", "score", "is", "the", "survey",
    "changed", "mind", "no", "meant", "wait", "sorry", "oh", "just", "a", "after",
    "კარგი", "კარგით", "კაი", "ოკ", "ჰო", "კი", "მაშინ", "აბა", "მაინც", "მოიცა", "ვუპასუხებ",
    "გიპასუხებთ", "გიპასუხებ", "დავწერ", "დავწერო", "ვწერ", "ვაძლევ", "გაძლევთ", "გადავიფიქრე",
    "ჩემი", "შეფასება", "kargi", "kai", "ho", "ki", "mashin", "aba", "რა", "ra",
    "լավ", "օկ", "հա", "այո", "ուրեմն", "դե", "էլի", "կպատասխանեմ", "պատասխանեմ", "մտափոխվեցի",
    "իմ", "գնահատականը", "եմ", "տալիս", "կտամ", "դնում", "lav", "ha", "ayo", "de",
    "እሺ", "አዎ", "እመልሳለሁ", "ልመልስ", "ሀሳቤን", "ሃሳቤን", "ቀየርኩ", "እሰጣለሁ", "ነጥቤ", "በቃ", "ishi",
    "awo",
})  # fmt: skip
"""Words of agreeing to answer after all: yes, ok, then, I will answer, I changed my mind."""


_ACKNOWLEDGING_WORDS = frozenset({"ok", "okay", "okey", "k", "alright", "fine", "cool"})


def opens_with_acknowledgement(text: object) -> bool:
    """Whether ``text`` opens with "ok", "ok cool", "alright" and no yes after it: under "Did
    that solve your problem?" that is no yes ("ok cool. i also need an invoice for it" had
    been stored as CSAT 4 and the invoice never answered); "ok yes it worked" is one."""
    if not isinstance(text, str):
        return False
    words = _WORD.findall(unicodedata.normalize("NFKC", text).lower())
    if not words or words[0] not in _ACKNOWLEDGING_WORDS:
        return False
    return not any(word in _YES - _ACKNOWLEDGING_WORDS for word in words[1:3])


def says_unsure(text: object) -> bool:
    """Whether a short message says the customer does not know ("idk", "not sure",
    "არ ვიცი", "չգիտեմ", "አላውቅም", "maybe"): never a yes, a no or a consent."""
    if not isinstance(text, str):
        return False
    folded = normalised(text).lower()
    return len(folded.split()) <= _MAX_WORDS_UNSURE and bool(_UNSURE.search(folded))


def parse_csat_words(text: object) -> int | None:
    """The CSAT score a few words give: "completely" 5, "not at all" 1, "partly" 3 (and the
    same in Georgian, Armenian, Amharic, the first two as the question names them)."""
    if not isinstance(text, str):
        return None
    folded = unicodedata.normalize("NFKC", text).lower()
    words = _WORD.findall(folded)
    if _HUNDRED_PERCENT.search(folded) and len(words) <= 4:
        return 5  # "100% thank you" (round 16: stored as dismissed)
    while words and words[0] in _AROUND_CSAT_WORDS:
        words = words[1:]
    while words and words[-1] in _AROUND_CSAT_WORDS:
        words = words[:-1]
    return _CSAT_WORDS.get(" ".join(words)) if 0 < len(words) <= 4 else None


def parse_yes_no(text: object) -> bool | None:
    """``True`` for a short yes ("yes", "sure, go ahead", "👍"), ``False`` for a no, else ``None``.

    Only the first word decides and only short answers count, so "no one answered my email"
    is not read as a no. The NLU's affirm/deny intents are asked first by the callers; this
    is the fallback for when the model is unsure.
    """
    if not isinstance(text, str):
        return None
    thumbs = set(_THUMB_DECORATIONS.sub("", text))
    if len(thumbs) == 1 and (thumb := thumbs.pop()) in _THUMBS:
        return _THUMBS[thumb]
    words = _WORD.findall(unicodedata.normalize("NFKC", text).lower())
    if 0 < len(words) <= _MAX_WORDS_AGREEING and agrees(text) and not says_unsure(text):
        return True  # "yes you can contact me" has a word too many for the rest
    if not words or len(words) > _MAX_WORDS_FOR_SPELLED_SCORE or says_unsure(text):
        return None
    if tuple(words) in _WHY_NOT:
        return True
    first = words[0]
    if first not in _YES | _NO and first.isascii():
        first = _DOUBLED.sub(r"\1", first)
    if first in _YES:
        return True  # "yess" (round 21: read as a goodbye, and the CSAT answer was lost)
    if first in _NO:
        return False
    return None


_DOUBLED = re.compile(r"(\w)\1+")
"""A Latin letter typed more than once in a row ("yesss", "nooo"): read once ("არაა" is a
word of its own: "it isn't")."""


_MAX_WORDS_AGREEING = 6
_AGREES = re.compile(
    r"^\W*(?:i\s+(?:don'?t|do\s+not)\s+mind|(?:don'?t|do\s+not)\s+mind|դեմ\s+չեմ|dem\s+chem"
    r"|կարող\s+եք|karox\s+eq|karogh\s+eq|թող\s+զանգեն|tox\s+zangen"
    r"|არ\s+მაქვს\s+საწინააღმდეგო|ar\s+maqvs\s+sawinaagmdego"
    r"|(?:(?:yes|yeah|sure|ok|okay)\W+)?(?:you\s+(?:can|may)|feel\s+free\s+to|please)\s+"
    r"(?:contact|call|e-?mail|text|reach)\s+me)(?!\w)",
    re.IGNORECASE,
)


def agrees(text: object) -> bool:
    """Whether ``text`` agrees in words that open with a negation ("I don't mind", «դեմ
    չեմ», I'm not against; «կարող եք», you may): a yes, which the NLU read as a sure
    "deny", and a shopper's consent to be contacted was stored as a no. Or in words of
    being contacted ("yes you can contact me": round 14, read as asking how to contact us,
    answered with our phone number and asked again)."""
    return isinstance(text, str) and _AGREES.match(unicodedata.normalize("NFKC", text)) is not None


_WHY_NOT = frozenset({
    ("why", "not"), ("ինչու", "ոչ"), ("inchu", "voch"), ("რატომაც", "არა"),
    ("ratomac", "ara"), ("ለምን", "አይሆንም"),
})  # fmt: skip
""""Why not": a yes, though it opens with a question word."""
_ASKING_BACK = frozenset({
    "why", "what", "how", "huh", "really", "wdym",
    "რატომ", "რა", "როგორ", "ratom", "rogor",
    "ինչու", "ինչի", "ինչ", "ոնց", "inchu", "inchi", "inch", "vonc", "onc",
    "ለምን", "ምን", "እንዴት", "lemin", "lemn", "limin", "min", "endet",
})  # fmt: skip


def asks_back(text: object) -> bool:
    """Whether ``text`` is a question back ("why?", "ለምን?", "lemin", "what?"), not a yes or
    a no, whatever the NLU read: it took "why?" for a sure "affirm" (learnt from "why
    not"), and under "Did that solve your problem?" a CSAT 4 was stored."""
    if not isinstance(text, str) or parse_yes_no(text) is not None:
        return False
    words = _WORD.findall(unicodedata.normalize("NFKC", text).lower())
    return bool(words) and words[0] in _ASKING_BACK


def looks_like_question(text: object) -> bool:
    """Whether ``text`` reads as a question to the bot rather than a statement.

    A question mark anywhere at the end, or a first word such as "what", "how", "can". Used
    only together with the NLU's intent, to let a customer ask a support question in the
    middle of a survey without it being stored as their comment.
    """
    if not isinstance(text, str):
        return False
    stripped = text.strip()
    if stripped.endswith(_QUESTION_MARKS) or _ARMENIAN_QUESTION in stripped:
        return True
    words = _WORD.findall(stripped.lower())
    while len(words) > 1 and words[0] in _BEFORE_A_QUESTION:
        words = words[1:]  # "ok so when will it come", "እሺ መቼ ይደርሰኛል"
    if bool(words) and words[0] in _QUESTION_WORDS:
        return True
    # Amharic puts the question word before the verb, after the subject: "ዕቃዬ መቼ ይደርሳል"
    # (my item, when does it arrive), typed without a question mark.
    return len(words) <= _MAX_WORDS_AMHARIC_QUESTION and bool(_AMHARIC_ASKING & set(words))


def asks_after_acknowledging(text: object) -> bool:
    """Whether ``text`` is an "ok" (or "and", "so") and then a question: "እሺ መቼ ይደርሰኛል"
    (ok, when will it reach me?), "ok so when will it come". The "ok" is no yes."""
    if not isinstance(text, str):
        return False
    words = _WORD.findall(text.strip().lower())
    return len(words) > 1 and words[0] in _BEFORE_A_QUESTION and looks_like_question(text)


_BEFORE_A_QUESTION = frozenset({
    "ok", "okay", "so", "and", "but", "well", "hmm", "kk",
    "კარგი", "ოკ", "და", "ხოლო", "მაგრამ", "ანუ",
    "լավ", "իսկ", "ու", "բայց", "օկ",
    "እሺ", "ታዲያ", "ግን", "እና",
})  # fmt: skip
"""Words that may open a question before its question word: "ok so when will it come?"
(round 12: "እሺ መቼ ይደርሰኛል", ok when will it reach me, under "Did that solve your
problem?" had been stored as a CSAT 4)."""
_AMHARIC_ASKING = frozenset({"መቼ", "የት", "ለምን", "እንዴት", "ማን", "ስንት"})
_MAX_WORDS_AMHARIC_QUESTION = 5


_QUITS = re.compile(
    r"(?<!\w)(?:never\s?mind|nvm|forget\s+it|(?:don'?t|do\s+not)\s+have\s+(?:the\s+)?time"
    r"|no\s+time\s+for|not\s+interested|changed\s+my\s+mind|not\s+(?:right\s+)?now|later"
    r"|მოგვიანებით|mogvianebit|ավելի\s+ուշ|aveli\s+ush|በኋላ"
    r"|(?:don'?t|do\s+not)\s+want\s+to\s+(?:answer|rate|do\s+(?:this|that|it)|say)"
    r"|გადავიფიქრე|არ\s+მცალია|დრო\s+არ\s+მაქვს|აღარ\s+მინდა|gadavifiqre|ar\s+mcalia"
    r"|մտափոխվեցի|ժամանակ\s+չունեմ|չեմ\s+ուզում|mtapoxvetsi|mtapokhvetsi|zhamanak\s+chunem"
    r"|chem\s+uzum|ሀሳቤን\s+ቀየርኩ|ሃሳቤን\s+ቀየርኩ|ጊዜ\s+የለኝም|አልፈልግም|ተወው|alfeligim|alfelgim"
    # round 18: "ara ar minda" (no, I don't want), «ոչ, հետո» (no, later), «թողեք» (leave it)
    r"|ar\s+minda|არ\s+მინდა|^\W*(?:ոչ|չէ|voch|che)\W+(?:հետո|heto)\W*$|թողեք|toxeq|tokheq)(?!\w)",
    re.IGNORECASE,
)
"""Words that leave the survey in the middle of a sentence: "actually never mind, I don't
have time for this", "არა, მოიცა, გადავიფიქრე" (no, wait, I changed my mind), «չէ,
մտափոխվեցի, չեմ ուզում», "ጊዜ የለኝም" (I have no time)."""


def quits(text: object) -> bool:
    """Whether a message typed in place of a score or a yes/no leaves the survey: a skip
    (:func:`is_skip`), or words that say so inside a sentence (:data:`_QUITS`). Not for
    "why?": there "I don't have time to wait two weeks" is the reason. Nor in a question
    ("ok and how do I delete it later?", "can I pay later with klarna?": asked, not left;
    round 7 had them answered "No problem, thanks for your time!")."""
    if is_skip(text):
        return True
    if not isinstance(text, str) or _QUITS.search(text) is None:
        return False
    opening = _WORD.findall(text.lower())[:_QUESTION_OPENING_WORDS]
    asks = looks_like_question(text) or any(word in _ASKING_WORDS for word in opening)
    return not asks or _QUITS.fullmatch(text.strip(" ?!.")) is not None


_QUESTION_OPENING_WORDS = 4
_ASKING_WORDS = frozenset({"how", "what", "when", "where", "why", "which", "can", "could"})
"""Words that make a question of a message that opens with "ok and ..." or "so ..."."""


def is_skip(text: object) -> bool:
    """Whether the whole message asks to skip or stop ("skip", "No, thanks!", "გამოტოვება").

    Case, punctuation (Georgian, Armenian and Ethiopic included) and spacing do not matter;
    any other word does: "stop sending me emails" is a reason, not a skip. A button payload
    ("/skip") is the NLU's to read.
    """
    if not isinstance(text, str) or text.lstrip().startswith("/"):
        return False
    return _phrase(text) in _SKIP_PHRASES


def _phrase(text: str) -> str:
    """The message's words, lower-case and single-spaced: "No, thanks!" is "no thanks"."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


_NO_REASON_PHRASES = frozenset(
    {
        "ok", "okay", "thanks", "thank you", "ok thanks", "rather not say", "i d rather not say",
        "prefer not to say", "i prefer not to say", "no comment", "მადლობა", "არ მინდა",
        "ara minda", "არ მინდა თქმა", "არ მინდა მიზეზის თქმა", "არ ვიტყვი", "չեմ ուզում ասել",
        "chem uzum asel", "մերսի", "շնորհակալություն", "መናገር አልፈልግም", "አመሰግናለሁ", "እሺ",
        "ምክንያት መስጠት አልፈልግም", "ምክንያት መስጠት አልፈልግም ይለፈኝ", "ይለፈኝ",
        "ոչինչ չեմ ուզում ավելացնել", "ավելացնելու ոչինչ չունեմ", "nothing to add",
        "nothing more to add", "not sure", "i don t know", "idk", "dunno", "չգիտեմ",
        "არ ვიცი", "ar vici", "አላውቅም", "არ მინდა პასუხის გაცემა", "i don t want to answer",
        "i don t want to say", "չեմ ուզում պատասխանել", "መመለስ አልፈልግም", "չկա", "ոչ մի բան",
        "none", "nothing really", "chka", "voch mi ban",
        # "forget it", "leave it", "I'd rather not" (round 9: stored as reasons, and "ይቅርብኝ
        # አልፈልግም" read as a negative comment that opened a case)
        "forget it", "never mind", "ተዉት", "ተዉት ይቅር", "በቃ ተዉት", "ይቅር", "ይቅርብኝ",
        "ይቅርብኝ አልፈልግም", "ተወው", "ተዉት ግድ የለም", "დაანებეთ თავი", "არაფერი, დაანებეთ თავი",
        "թողեք", "թողեք էլի", "կարևոր չի",
        # a greeting alone (round 7: «ողջույն» had been stored as the reason)
        "hi", "hello", "hey", "გამარჯობა", "gamarjoba", "ողջույն", "բարև", "barev", "ሰላም",
        "selam",
        # "nothing to say" (round 15: "ban chunem aselu" after a 9 read as a negative reason,
        # and the customer was asked whether the 9 was right and apologised to)
        "nothing to say", "i have nothing to say", "ասելու բան չունեմ", "բան չունեմ ասելու",
        "ban chunem aselu", "aselu ban chunem", "სათქმელი არაფერი მაქვს",
        "satqmeli araferi maqvs", "የምለው የለኝም", "yemilew yelegnim",
        "chgitem",  # I don't know (Armenian in Latin letters; round 17: asked again)
        # round 18: "none of your business", "I don't want to say, leave me alone"
        "ምንም ምክንያት የለኝም", "ምክንያት የለኝም", "no particular reason", "i have no reason",
        "არანაირი მიზეზი", "მიზეზი არ მაქვს", "պատճառ չունեմ", "հատուկ պատճառ չկա",
        "none of your business", "chem uzum asem", "chem uzum asem indz tox", "ok i ll skip it",
        "i ll skip it", "like i just said", "like i said",
        # round 19: "there is no reason" (Amharic: read as a negative reason, the 9 doubted),
        # "without a reason" (Armenian), "just because"
        "ምንም ምክንያት የለም", "ምክንያት የለም", "no reason", "no reason really", "just because",
        "առանց պատճառի", "պատճառ չկա", "მიზეზი არ არის", "უბრალოდ",
        # round 21: "thx" and "no idea" were stored as reasons ("no idea" after a 6 was
        # apologised for and a contact offered), "thank you bye" as a CSAT comment
        "thx", "ty", "thanks bye", "thank you bye", "ok bye", "bye", "no idea", "no clue",
        "წარმოდგენა არ მაქვს", "պատկերացում չունեմ", "ምንም ሀሳብ የለኝም",
    }
)  # fmt: skip
"""Whole messages that give no reason in answer to "why?" or "what was missing?": thanks,
"ok", "I'd rather not say", "არ მინდა მიზეზის თქმა" (shoppers' were stored as reasons). Not
for "which e-mail address?", where "ok" is consent with the address to come."""


_ASKED_BACK_PHRASES = frozenset(
    {
        "why", "what", "huh", "what do you mean", "what do u mean", "wdym", "meaning",
        "why do you ask", "why do you need to know", "why do you want to know", "like what",
        "what should i write", "what should i say", "what do you want me to say",
        "რატომ", "რა", "რას გულისხმობთ", "რას გულისხმობ", "რა იგულისხმება",
        "რატომ გაინტერესებთ", "რა უნდა დავწერო", "რა დავწერო", "ratom", "ras gulisxmobt",
        # round 17: "why are you asking me this?" (stored as a negative reason, a case opened)
        "რატომ მეკითხებით", "რატომ მეკითხებით ამას", "why are you asking", "why are you asking me",
        "why are you asking me this", "why do you ask me this", "ለምን ትጠይቁኛላችሁ",
        # round 18
        "why do you need to know that", "what is this survey for",
        "what s this survey for", "ինչի համար է այս հարցումը",
        "ինչու", "ինչ", "ինչ նկատի ունեք", "ինչ նկատի ունես", "ինչ գրեմ", "ինչու եք հարցնում",
        "inchu", "inch", "inch nkati uneq",
        "ለምን", "ምን", "ምን ማለትህ ነው", "ምን ማለትሽ ነው", "ምን ማለትዎ ነው", "ምን ማለት ነው",
        "ምን ማለት ነው አልገባኝም", "ለምን ትጠይቃላችሁ", "ምን ልጻፍ", "lemin", "min maletih new",
        # round 19: "what does this mean?" (Amharic: stored as the reason of an 8)
        "ምን ማለት ነው ይሄ", "ይሄ ምን ማለት ነው", "ይህ ምን ማለት ነው", "what does this mean",
        "what does that mean", "ეს რას ნიშნავს", "ինչ է սա նշանակում",
        # round 22: "why do you ask?" in everyday words, and what becomes of the answer
        "რატო", "რატო გაინტერესებთ", "რატომ კითხულობთ", "რატო კითხულობთ", "ratom kitxulobt",
        "rato kitxulobt", "ratom gainteresebt", "rato gainteresebt", "რისთვის გჭირდებათ",
        "ինչու ես հարցնում", "ինչի համար եք հարցնում", "inchu eq harcnum", "inchu es harcnum",
        "ለምን ትጠይቃለህ", "ለምን ትጠይቂያለሽ", "ለምን ትጠይቃለሽ", "lemin titeyikaleh",
        "what happens with my answer", "what happens to my answer", "why do u ask",
        "what will you do with my answer", "what do you do with my answer", "why you ask",
    }
)  # fmt: skip
"""Whole messages that ask back what "why?" means ("what do you mean?", "რას გულისხმობთ?",
«ինչ նկատի ունեք», "ምን ማለትህ ነው?"): round 8 had them stored as the reason, apologised
to as unhappy, and the real reason that followed refused."""


def asks_what_is_meant(text: object) -> bool:
    """Whether ``text`` asks what the question means (:data:`_ASKED_BACK_PHRASES`)."""
    return isinstance(text, str) and _phrase(text) in _ASKED_BACK_PHRASES


_ABOUT_THE_SURVEY = re.compile(
    r"\b(?:reason|mean|read|reads|feedback|survey|scale|who)\b"
    r"|მიზეზ|ნიშნავ|გულისხმ|წაიკითხ|კითხულობ|ვინ|შეფასებ|mizez|nishnav|vin\b"
    r"|պատճառ|նշանակ|կարդ|ով\b|\bով|գնահատ|patchar|kard"
    r"|ምክንያት|ማለት|ማን|የሚያነብ|የሚደርሰው|ያነባል|mikniyat|man\b",
    re.IGNORECASE,
)
"""Words of a question about the survey itself: its reason, who reads it, its scale."""


def asks_about_the_survey(text: object) -> bool:
    """Whether ``text`` is a question about the survey ("who will read this?", "what do you
    mean, reason?", «իսկ ո՞վ է կարդալու սա», "ይህ አስተያየት ለማን ነው የሚደርሰው?"), not a
    reason. Shoppers' such questions under "why?" had been stored as the reason (a case
    opened on "who reads this?") and the real reason typed next refused. The caller checks
    the question is not a complaint ("why is delivery so slow?" is a reason)."""
    return (
        isinstance(text, str)
        and looks_like_question(text)
        and _ABOUT_THE_SURVEY.search(text) is not None
    )


_DECLINES_TO_SAY = re.compile(
    r"\b(?:won'?t|will\s+not|don'?t\s+want\s+to|do\s+not\s+want\s+to|rather\s+not"
    r"|prefer\s+not\s+to)\s+(?:say|tell|write|answer|explain|share)\b|\bnot\s+telling\b"
    r"|არ\s+(?:ვიტყვი|გეტყვით|დავწერ|მინდა\s+(?:მიზეზის\s+)?(?:თქმა|დაწერა|ვთქვა|დავწერო|ახსნა))"
    r"|ar\s+(?:vityvi|getyvit|minda\s+(?:tqma|dawera|vtqva))"
    r"|չեմ\s+(?:ուզում|ցանկանում)\s+(?:ասել|գրել|պատասխանել|բացատրել)|չեմ\s+(?:ասի|գրի)"
    r"|chem\s+uzum\s+(?:asel|grel)"
    r"|(?:መናገር|መጻፍ|መመለስ|ማብራራት)\s+አልፈልግም|አልናገርም|አልጽፍም|ምንም\s+(?:የለኝም|የምለው\s+የለም)"
    r"|minim\s+(?:alelegnim|yelegnim)",
    re.IGNORECASE,
)
"""Saying one will not give a reason ("I won't tell the reason", "მიზეზს არ ვიტყვი", «չեմ
ուզում գրել», "ahun minim alelegnim", I have nothing now): round 17, every language, stored
as the reason and apologised for ("sorry that happened")."""
_MAX_DECLINE_WORDS = 6
"""A longer message says more than that it gives no reason."""


def says_no_reason(text: object) -> bool:
    """Whether a message typed in answer to "why?" gives no reason (:func:`gives_no_answer`,
    :data:`_NO_REASON_PHRASES`, and a short refusal to say, :data:`_DECLINES_TO_SAY`)."""
    if not isinstance(text, str) or gives_no_answer(text):
        return isinstance(text, str)
    phrase = _phrase(text)
    if phrase in _NO_REASON_PHRASES:
        return True
    said = [word for word in phrase.split() if word not in _REASON_WORDS]
    return len(said) <= _MAX_DECLINE_WORDS and _DECLINES_TO_SAY.search(text) is not None


_REASON_WORDS = frozenset(
    {"a", "the", "any", "my", "reason", "reasons", "მიზეზის", "მიზეზი", "պատճառ", "պատճառը"}
)
"""Words that only name what is not given: "I don't want to write a reason" (round 19,
stored as the reason) is as short a refusal as "I don't want to write"."""


def gives_no_answer(text: object) -> bool:
    """Whether a message typed in answer to a free-text question ("why?") answers nothing.

    A skip (:func:`is_skip`), the Skip button ("/skip"), a bare "no" / "nothing" in any of
    our languages, or punctuation alone ("...", "?": no words, no emoji). Whatever else the
    customer typed is their answer, even where the NLU reads it as ``skip``: it reads short
    reasons that way ("too slow", "no response from support"), and a reason taken for a skip
    is an answer lost.
    """
    if not isinstance(text, str):
        return False
    if _SKIP_BUTTON.match(text.strip()) or only_punctuation(text):
        return True
    return _phrase(text) in _NO_ANSWER_PHRASES or is_skip(text)
