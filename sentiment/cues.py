"""A guard against the model's worst mistake: clearly negative comments read as positive.

Mystery shoppers found plain complaints that the fine-tuned model scores positive ("the
courier was rude and the order came late", "ძალიან ძვირია", "you're useless honestly").
That is the costly direction: a detractor is asked "you sound positive, is 0 right?", and a
high score with such a reason opens no case. Retraining moves every score; this guard moves
only the comments it can explain.

It reads hand-written cue words (written for this module, per language, with the usual
Latin-letter spellings of Georgian, Armenian and Amharic) and changes a result only when all
of these hold:

* the model said ``positive`` (other labels are left alone: the guard only ever removes a
  false "positive", it never invents one and never touches neutral);
* the text has at least one *negative cue*: a negative word that is not negated ("rude",
  "უხეში", "կոպիտ", "ባለጌ"), or a positive word that is ("not good", "არ მომეწონა",
  «գոհ չեմ»; Amharic writes negation inside the verb, "አልወደድኩትም", so those forms are
  listed as negative words);
* the text has no *positive cue*: a positive word that is not negated. Mixed comments
  ("late but the courier was lovely") stay with the model, which weighs them better than a
  word count.

A negated negative word ("not rude", "არ იყო უხეში", «կոպիտ չէր», "ውድ አይደለም") counts as
neither. Negation is read within a clause (punctuation ends one): a negator among the three
words before a cue, or right after it (Georgian "უხეში არ იყო", Armenian «կոպիտ չէր»,
Amharic "... አይደለም"). Cues of every language are tried on every text, because a Georgian
comment typed in Latin letters arrives as English (:func:`sentiment.detect_language` can
only go by script); the lists are chosen so they do not collide across languages.

An overridden result says so: ``backend`` gets ``+cues`` appended and ``reason`` names the
cue and the model's own polarity, so stored results stay traceable to what decided them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sentiment.base import Label, SentimentAnalyzer, SentimentResult
from sentiment.chain import ChainAnalyzer

CUE_POLARITY = -0.5
"""Polarity of an overridden result: plainly negative, but no stronger than a rule deserves."""

MAX_MODEL_POLARITY = 0.6
"""The guard only overrides a weak positive (polarity below this). On the training data the
model's positives for complaints with a cue were mostly under 0.6 and its positives for
praise that merely mentions a cue ("explained the delay clearly") mostly over 0.8: a
confident model has read a context that one word cannot outweigh."""

CUE_CONFIDENCE = 0.6
"""Confidence of an overridden result: a single word decided it, so only moderately sure."""

# A cue is a phrase of words separated by spaces; "a|b" in a word means either, and "*" at
# the start or end of a word means any letters there ("უხეშ*": უხეში, უხეშად, უხეშმა).
# Written by hand for this module; simple, common words only.

NEGATIVE_CUES: dict[str, tuple[str, ...]] = {
    "en": (
        "rude*",
        "impolite",
        "unfriendly",
        "unhelpful",
        "late",
        "delay*",
        "overdue",
        "expensive",
        "overpriced",
        "overcharg*",
        "pricey",
        "too long|slow|late|expensive|much",
        "useless",
        "pointless",
        "worthless",
        "never arrived|came|showed|delivered|received|answered|called",
        "still waiting",
        "no answer|reply|response",
        "slow*",
        "bad",
        "worse",
        "worst",
        "terrible",
        "awful",
        "horrible",
        "disgusting",
        "poor*",
        "disappoint*",
        "annoy*",
        "angry",
        "furious",
        "frustrat*",
        "unacceptable",
        "ridiculous",
        "wast*",
        "scam*",
        "fraud*",
        "rip off",
        "ripoff",
        "cheated",
        "lied",
        "liars",
        "ignored",
        "incompetent",
        "unprofessional",
        "unreliable",
        "careless",
        "refused",
        "hate*",
        "dirty",
        # round 19: what was wrong in a parcel
        "damaged",
        "thief",
        "thieves",
        "never again",
        "did not|has not|have not|still not arrive*|come",
    ),
    "ka": (
        "უხეშ*",
        "გვიან",
        "გვიანი",
        "დაგვიან*",
        "დააგვიან*",
        "აგვიანებ*",
        "ძვირი",
        "ძვირია",
        "ძვირად",
        "*ძვირდ*",
        "ზედმეტად",
        "დღე*|კვირა*|თვე*|საათ*|წუთ* დიდია|ბევრია",
        "დღე*|კვირა*|თვე*|საათ*|წუთ* ძალიან|ზედმეტად დიდია|ბევრია",
        "დიდხანს ველოდ*|ვიცადე",
        "ჯერ კიდევ ველოდ*",
        "ისევ ველოდ*",
        "უსარგებლო",
        "გამოუსადეგ*",
        "უვარგის*",
        "ცუდ*",
        "საშინელ*",
        "საშინლ*",
        "საზიზღ*",
        "იმედგაცრუ*",
        "*ცრუებ*",
        "*ცრუვდ*",
        "უკმაყოფილ*",
        "უპასუხისმგებლ*",
        "არაპროფესიონალ*",
        "*ატყუ*",
        "არ|ვერ მოვიდა|მოსულა|მიმიღია|მივიღე|მოიტანეს|უპასუხეს|პასუხობენ",
        "ნელია",
        "ძალიან ნელ*",
        # round 19: "ნივთი აკლია" (an item is missing), damaged, broken
        "აკლია",
        "აკლდა",
        "დაზიანებულ*",
        "გატეხილ*",
    ),
    "hy": (
        "կոպիտ*",
        "կոպտ*",
        "անքաղաքավար*",
        "ուշ",
        "ուշաց*",
        "թանկ",
        "թանկա",
        "թանկաց*",
        "չափազանց",
        "չափից ավելի|շատ",
        "երկար սպաս*",
        "դեռ սպաս*",
        "դեռ չ*",
        "անօգուտ*",
        "անպետք*",
        "վատ*",
        "սարսափ*",
        "զզվ*",
        "հիասթափ*",
        "դժգոհ*",
        "խաբ*",
        "անպրոֆեսիոնալ*",
        "վնասված*",
        "կոտրված*",
        "չի|չեն|չէր գալիս|հասել|եկել|պատասխանում",
        "չեմ ստացել",
        "չհաս*",
        "չստաց*",
        "չեկավ",
        "չեկան",
        "չպատասխան*",
    ),
    "am": (
        "ባለጌ*",
        "ዘገየ*",
        "ዘገዩ*",
        "ዘግይ*",
        "መዘግየ*",
        "ውድ ነው|ናቸው",
        "በጣም ውድ",
        "ዋጋው ውድ|ከፍተኛ",
        "ቀን|ቀናት|ሳምንት|ሳምንታት|ወር|ወራት|ሰዓት|ሰዓታት በጣም ረጅም|ብዙ",
        "ረጅም ጊዜ ጠበቅ*",
        "የማይጠቅም*",
        "ከንቱ",
        "መጥፎ*",
        "አስከፊ*",
        "አሰቃቂ*",
        "አስጠሊታ*",
        "አልደረሰ*",
        "አልመጣ*",
        "አልወደድ*",
        "አልረካ*",
        "አልተመቸ*",
        "ደስ አላለ*|አይል*",
        "አሳዛኝ*",
        "አሳዝ*",
        "ተናድ*",
        "ቀርፋፋ*",
        "*ጭበር*",
        "*ጭበረበ*",
        "ጎድሏል",
        "ተሰብሮ*",
        "ተበላሽ*",
        "ምላሽ|መልስ የለም|አል*",
    ),
    # Latin-letter spellings people type on phones without the script's keyboard.
    "ka-latn": (
        "cudi|cudad|cudia|tsudi|tsudad|tsudia",
        "uxesh*|ukhesh*|uhesh*",
        "dzviri|dzviria|dzvirad",
        "gviania|gvian",
        "*agvian*",
        "sashinel*|sashinl*",
        "ar|ver movida|mosula",
        "aklia|aklda",
        "dazianebul*",
        "gatexil*",
    ),
    "hy-latn": (
        "vat|vatn|vaty",
        "kopit*",
        "ush|ushacav|ushacel|ushacrel|ushatsav|ushatsel",
        "tanka|shat tank|tank e",
        "anogut*",
        "sarsap*",
        "dzhgoh*|djgoh*",
        "chhasav|chi hasel|chem stacel|chstaca",
    ),
    "am-latn": (
        "metfo*",
        "zegey*|zegiy*",
        "betam wud|wid",
        "wud new|nachew",
        "wid new|nachew",
        "balege*",
        "alderes*",
        "alweded*",
    ),
}
"""Clearly negative words and phrases per language (``*-latn``: typed in Latin letters)."""

POSITIVE_CUES: dict[str, tuple[str, ...]] = {
    "en": (
        "good",
        "great",
        "excellent",
        "amazing",
        "awesome",
        "perfect*",
        "wonderful",
        "fantastic",
        "brilliant",
        "superb",
        "nice",
        "lovely",
        "love",
        "loved",
        "liked",
        "enjoy*",
        "happy",
        "glad",
        "satisfied",
        "pleased",
        "helpful",
        "friendly",
        "polite",
        "fast",
        "quick*",
        "on time",
        "recommend*",
        "best",
        "fine",
        "thank*",
        "well done",
    ),
    "ka": (
        "კარგი",
        "კარგად",
        "კარგია",
        "კარგმა",
        "მადლობ*",
        "საუკეთესო*",
        "შესანიშნავ*",
        "მშვენიერ*",
        "ბრწყინვალე*",
        "იდეალურ*",
        "ფანტასტიკურ*",
        "მომეწონა",
        "მოგვეწონა",
        "მიყვარ*",
        "კმაყოფილ*",
        "თავაზიან*",
        "სწრაფ*",
        "დროულად",
        "დროზე",
        "უპრობლემო*",
        "ვურჩევ*",
        "გირჩევთ",
        "ყოჩაღ",
        "მაგარი",
        "გემრიელ*",
        "ბედნიერ*",
        "მოხარულ*",
    ),
    "hy": (
        "լավ",
        "լավն",
        "լավը",
        "լավագույն*",
        "հիանալ*",
        "գերազանց*",
        "սքանչել*",
        "հրաշալ*",
        "կատարյալ*",
        "շնորհակալ*",
        "մերսի",
        "գոհ*",
        "արագ",
        "քաղաքավար*",
        "սիրալիր*",
        "բարեհամբույր*",
        "հավանեցի",
        "հավանեցինք",
        "սիրում եմ|ենք",
        "ժամանակին",
        "առանց խնդիր*",
        "խորհուրդ եմ|ենք տալիս",
        "ապրեք",
        "համեղ*",
    ),
    "am": (
        "ጥሩ*",
        "ምርጥ*",
        "አሪፍ*",
        "ድንቅ*",
        "ግሩም*",
        "ቆንጆ*",
        "አመሰግና*",
        "እናመሰግ*",
        "ተመች*",
        "ወድጄ*",
        "ወደድኩ*",
        "ረክ*",
        "ጨዋ",
        "ጨዋና",
        "ትሁት*",
        "ፈጣን*",
        "በሰዓቱ",
        "ደስ ብሎ*|ይላል|ይለኛል",
        "ደስተኛ*",
    ),
    "ka-latn": (
        "kargi|kargad|kargia",
        "madlob*",
        "sauketeso",
        "shesanishnav*",
        "momewona|momecona|mometsona",
        "kmayofil*|kmaqofil*",
        "magari",
    ),
    "hy-latn": (
        "lav",
        "hianali",
        "gerazanc*",
        "shnorhakal*",
        "mersi|merci",
        "goh",
    ),
    "am-latn": (
        "tiru",
        "mirt",
        "arif",
        "amesegn*",
    ),
}
"""Clearly positive words and phrases: one (not negated) leaves the model's label alone."""

PRE_NEGATORS = frozenset(
    {
        # English; "n't" is spelled out as " not" before matching.
        "not",
        "no",
        "never",
        "without",
        "nothing",
        "hardly",
        "dont",
        "didnt",
        "isnt",
        "wasnt",
        "arent",
        "werent",
        "doesnt",
        "wont",
        "cant",
        "couldnt",
        # Georgian, and Latin-letter Georgian.
        "არ",
        "ვერ",
        "არც",
        "არა",
        "არაფერი",
        "არანაირი",
        "არანაირად",
        "ar",
        "ver",
        "arc",
        "araferi",
        "aranairi",
        # Armenian, and Latin-letter Armenian.
        "ոչ",
        "չէ",
        "չեմ",
        "չէր",
        "չի",
        "չեն",
        "առանց",
        "ոչինչ",
        "երբեք",
        "voch",
        "chi",
        "che",
        "chem",
        "aranc",
        # Amharic: its negation is inside the verb (listed with the cues); these are words.
        "ምንም",
        "minim",
    }
)
"""Words that negate a cue among the three words after them, within a clause."""

POST_NEGATORS = frozenset(
    {
        "არ",
        "ვერ",
        "არაა",
        "ar",
        "araa",
        "չէ",
        "չէր",
        "չի",
        "չեն",
        "չէին",
        "չեմ",
        "չենք",
        "չես",
        "che",
        "cher",
        "chi",
        "chem",
        "አይደለም",
        "አልነበረም",
        "አይደሉም",
        "አይደለሁም",
        "አይደለንም",
        "አይደለችም",
        "ያልሆነ",
        "የለም",
        "የለውም",
        "የሉም",
        "չունեմ",
        "չունենք",
        "չկա",
        "չկար",
        "aydelem",
        "yelem",
    }
)
"""Words that negate a cue one or two words before them (Georgian, Armenian, Amharic order:
«կոպիտ չէր», «վատ բան չունեմ ասելու», "መጥፎ ነገር የለም")."""

CONTRASTS = frozenset(
    {
        "but",
        "however",
        "although",
        "though",
        "მაგრამ",
        "თუმცა",
        "magram",
        "tumca",
        "բայց",
        "սակայն",
        "bayc",
        "ግን",
        "gin",
    }
)
"""Words after which the comment's verdict comes: negative cues before them do not count."""

_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]\"«»“”…\n\u0589\u055d\u1361-\u1368]+|\s[-–—]\s")
_ARMENIAN_MARKS = re.compile("[\u055b\u055c\u055e]")  # emphasis, exclamation, question
_NOT_CONTRACTION = re.compile(r"n['’]t\b")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class CueReading:
    """What the cue lists found in one text.

    Attributes:
        negative: negative cues as written in the text (a negated positive one included,
            e.g. ``"არ მომეწონა"``), in order of appearance.
        positive: positive cues that are not negated.
    """

    negative: tuple[str, ...]
    positive: tuple[str, ...]

    @property
    def clearly_negative(self) -> bool:
        """A negative cue and no positive one: the only case the guard acts on."""
        return bool(self.negative) and not self.positive


def _compile(phrases: Iterable[str]) -> re.Pattern[str]:
    """One regex for a list of cue phrases, matching whole words of a space-joined clause."""
    alternatives = []
    for phrase in phrases:
        words = []
        for word in phrase.split():
            options = []
            for option in word.split("|"):
                body = re.escape(option.strip("*"))
                prefix = r"\w*" if option.startswith("*") else ""
                suffix = r"\w*" if option.endswith("*") else ""
                options.append(prefix + body + suffix)
            words.append("(?:" + "|".join(options) + ")")
        alternatives.append(" ".join(words))
    return re.compile(r"(?<!\S)(?:" + "|".join(alternatives) + r")(?!\S)")


_NEGATIVE = _compile(phrase for phrases in NEGATIVE_CUES.values() for phrase in phrases)
_POSITIVE = _compile(phrase for phrases in POSITIVE_CUES.values() for phrase in phrases)


def _clauses(text: str) -> list[str]:
    """The text's clauses, lower-case, as words joined by single spaces.

    A contrast word (:data:`CONTRASTS`) starts a clause of its own, kept as its first word.
    """
    text = _ARMENIAN_MARKS.sub("", text.lower())
    text = _NOT_CONTRACTION.sub(" not", text).replace("not only", "only")
    clauses: list[str] = []
    for part in _CLAUSE_BREAK.split(text):
        words: list[str] = []
        for word in _WORD.findall(part):
            if word in CONTRASTS and words:
                clauses.append(" ".join(words))
                words = []
            words.append(word)
        if words:
            clauses.append(" ".join(words))
    return clauses


def _negator(clause: str, start: int, end: int) -> str | None:
    """The word that negates the cue at ``clause[start:end]`` within its clause, if any."""
    before = [word for word in clause[:start].split()[-3:] if word in PRE_NEGATORS]
    if before:
        return before[-1]
    after = [word for word in clause[end:].split()[:2] if word in POST_NEGATORS]
    return after[0] if after else None


def read_cues(text: str) -> CueReading:
    """The negative and positive cues in ``text``, with negation applied (any language).

    Negative cues before a contrast word ("late, but ...", "ძვირია, მაგრამ ...") are
    dropped: what follows it is the customer's verdict. Positive cues count anywhere.
    """
    negative: list[str] = []
    positive: list[str] = []
    for clause in _clauses(text):
        if clause.split(" ", 1)[0] in CONTRASTS:
            negative.clear()
        for match in _NEGATIVE.finditer(clause):
            if _negator(clause, match.start(), match.end()) is None:
                negative.append(match.group())
        for match in _POSITIVE.finditer(clause):
            negator = _negator(clause, match.start(), match.end())
            if negator is None:
                positive.append(match.group())
            else:
                negative.append(f"{match.group()} ({negator})")
    return CueReading(tuple(negative), tuple(positive))


def guard_result(text: str, result: SentimentResult) -> SentimentResult:
    """``result``, or a negative one when the model said positive to a clearly negative text."""
    if result.label is not Label.POSITIVE or result.polarity >= MAX_MODEL_POLARITY:
        return result
    reading = read_cues(text)
    if not reading.clearly_negative:
        return result
    return SentimentResult(
        Label.NEGATIVE,
        CUE_POLARITY,
        CUE_CONFIDENCE,
        f"{result.backend}+cues",
        reason=(
            f"negative cue {reading.negative[0]!r} and no positive cue: overrode the "
            f"model's positive ({result.polarity:+.2f})"
        ),
    )


class CueGuardedChain(ChainAnalyzer):
    """A :class:`ChainAnalyzer` whose ``guarded`` analyzers' results pass :func:`guard_result`.

    A chain (not a wrapper around one analyzer) so that callers keep seeing the model at
    ``analyzers[0]``; only results from the guarded analyzers are checked, so the TextBlob
    fallback keeps its own reading. Batching is untouched: the chain makes its batched
    calls, then the cues are read per text, which costs microseconds.
    """

    def __init__(
        self,
        analyzers: Sequence[SentimentAnalyzer],
        *,
        guarded: Iterable[SentimentAnalyzer] | None = None,
    ) -> None:
        super().__init__(analyzers)
        chosen = self.analyzers if guarded is None else tuple(guarded)
        self._guarded = frozenset(analyzer.name for analyzer in chosen)

    def _analyze_supported(self, items: Sequence[tuple[str, str]]) -> list[SentimentResult]:
        results = super()._analyze_supported(items)
        return [
            guard_result(text, result) if result.backend in self._guarded else result
            for (text, _language), result in zip(items, results, strict=True)
        ]
