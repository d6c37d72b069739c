"""A complaint that does not say what happened is asked what happened.

"I want to make a complaint", "საჩივარი მაქვს", «Բողոք ունեմ», "ቅሬታ አለኝ": the case is
opened at once (nothing is lost if the customer leaves), but an agent who reads only "I want
to complain" cannot act on it. So ``action_handoff`` asks "What happened?"
(``complaint_details_form``) when the complaint's words are all words of asking to complain
(:func:`says_what_happened`), and ``action_complaint_details`` adds the answer to the same
case as another note, with its sentiment, before the customer hears what happens next (the
contact question for an anonymous visitor, as after any handoff; both actions are in
:mod:`bot.actions.handoff`).

A complaint that says anything of its own ("your courier was rude", "Կոտրված ապրանք եկավ")
is not asked again: the agent has something to act on, and the customer has said it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.context import latest_intent
from bot.actions.forms import DigressionAwareForm
from bot.actions.next_request import HUMAN_AGENT_INTENT, asks_to_track
from bot.actions.parsing import gives_no_answer
from bot.complaint_withdrawal import withdraws_complaint
from feedback_api.schemas.common import MAX_COMMENT_CHARS

DETAILS_FORM = "complaint_details_form"
DETAILS_SLOT = "complaint_details"  # what happened, as the customer wrote it
DETAILS_NEEDED_SLOT = "complaint_details_needed"  # the rules ask "what happened?" when true
NO_DETAILS = ""  # the slot's value when the customer gave none ("skip", "no")
"""Not ``None``: an empty slot would be asked again."""

# Intents that answer "what happened?" with nothing: the customer wants to move on, or to
# talk to a person, not to describe it (the case is already open).
_NOTHING_TO_ADD = frozenset({"skip", "deny", "goodbye", HUMAN_AGENT_INTENT})

# Words of asking to complain, in each language: whole words, and stems for the inflected
# ones (Georgian, Armenian and Amharic add endings and prefixes to nouns and verbs). A
# message made of these, and at most one other word, does not say what happened.
_ASKING_WORDS = frozenset(
    """
    i im id ive m d s ve ll am is are be it its this that there here a an the to of for in on
    with about against regarding want wanna would like make made file raise put have got need
    how where who whom can could do does should send please pls plz hello hi hey my me you
    your just one some so very really now right again order issue problem ok okay dear team
    support sir madam hereby get person someone somebody human agent speak talk real manager
    მინდა მსურს მაქვს მაქ როგორ სად ვის სალამი უნდა ფორმა ფორმის შესახებ ერთი არის ეს ამ
    ამაზე და რომ ვარ მე ჩემი ჩემს კი ძალიან ახლა minda msurs maqvs sad rogor
    ուզում եմ ես ունեմ գրել թողնել ինչպես որտեղ ում ձեր ձեզ մասին կարող է եք մի մեկ այս սա
    և ու իմ ինձ հիմա շատ uzum em unem dzer
    አለኝ እንዴት የት ነው ስለ ለ ይህ ይሄ እኔ የእኔ በጣም አሁን alegn new yet endet
    """.split()
)
_ASKING_STEMS = (
    "complain", "complaint", "escalat", "formal", "official", "written", "report", "lodg",
    "submit", "regist", "operator",
    "ოპერატორ", "ადამიან", "დამაკავშირ", "օպերատոր", "մարդ", "կապ", "ኦፕሬተር", "ሰው", "ያገናኙ",
    "საჩივ", "ვიჩივლ", "დავიჩივლ", "ჩივილ", "პრეტენზ", "დაწერ", "დავწერ", "ვწერ", "შევიტან",
    "შეტან", "გაგზავნ", "ვაგზავნ", "გავაგზავნ", "ოფიციალურ", "დაფიქსირ", "შეკვეთ", "გამარჯობ",
    "მოგესალმ", "გთხოვ", "შემიძლი", "შეიძლებ", "თქვენ", "sachiv", "pretenzi",
    "բողոք", "ներկայացն", "գրանց", "պաշտոնակ", "գրավոր", "խնդր", "ցանկան", "պատվեր", "բարև",
    "boghok", "boghoq", "boxoq",
    "ቅሬታ", "ማቅረብ", "ማስገባት", "ላስገባ", "ላቅርብ", "የማቀርበ", "የማስገባ", "እፈልጋለ", "መደበኛ",
    "ሰላም", "እባካ", "እባክ", "ትዕዛዝ", "ማድረስ", "kireta", "qireta", "efel",
)  # fmt: skip
# "Never mind, I don't want to complain any more", in our four languages: the complaint is
# withdrawn (a note on its case for the agent), not given "never mind" as what happened.
_WITHDRAWS = re.compile(
    r"\b(?:never\s*mind|nvm|forget\s+(?:it|about\s+it|that)|changed\s+my\s+mind"
    r"|(?:don'?t|do\s+not|no\s+longer)\s+want\s+to\s+go\s+ahead|i\s+overreacted"
    r"|(?:was|is)\s+my\s+(?:mistake|fault)|i\s+was\s+(?:wrong|joking)|take\s+(?:it|that)\s+back)"
    r"|დავმშვიდდი|կատակ\s+էի"
    r"|ተናድጄ\s+ነበር|እኔ\s+ነኝ\s+የተሳሳትኩት"
    r"|აღარ\s+მინდა|დაივიწყე|გადავიფიქრე|დაანებე|არ\s+ღირს|არაუშავს|ar\s+minda\s+ukve"
    r"|agar\s+minda|daivitsye|daivicye|gadavifiqre|gadavifikre|daanebe|araushavs"
    r"|մտափոխվեցի|մոռացեք|մոռացիր|այլևս\s+չեմ\s+ուզում"
    r"|թողեք|կարևոր\s+չէ|mtapoxvetsi|mtapokhvetsi|moracek|mortsek|toxeq|toghek"
    r"|ተውት|ተወው|ሃሳቤን\s+ቀየርኩ|ሀሳቤን\s+ቀየርኩ|tewut|tewew",
    re.IGNORECASE,
)
"""Taking back in context: with a complaint known, "never mind" withdraws it. Words that
name the complaint ("cancel my complaint") are :mod:`bot.complaint_withdrawal`'s."""
_WORD = re.compile(r"[^\W\d_]+")
_ORDER_NUMBER = re.compile(r"\w*\d\w*")  # an order number names the order, not what happened


def says_what_happened(text: str | None) -> bool:
    """Whether a complaint says anything beyond asking to complain.

    All words but one being words of asking ("I have a complaint about the courier",
    "Բողոք ունեմ ձեր աշխատակցի մասին") is not enough: the agent still does not know what
    the courier did. Numbers (an order number) do not count either way.
    """
    if not text:
        return False
    folded = unicodedata.normalize("NFKC", _ORDER_NUMBER.sub(" ", text)).casefold()
    own = [
        word
        for word in _WORD.findall(folded)
        if word not in _ASKING_WORDS and not word.startswith(_ASKING_STEMS)
    ]
    return len(own) > 1


def withdraws(text: object) -> bool:
    """Whether the customer takes the complaint back ("never mind", "გადავიფიქრე",
    «մտափոխվեցի», "ተውት")."""
    return withdraws_complaint(text) or (
        isinstance(text, str) and _WITHDRAWS.search(text) is not None
    )


def gives_no_details(tracker: Tracker, value: object) -> bool:
    """Whether the answer to "what happened?" adds nothing ("skip", "no", "bye", "a person")."""
    if gives_no_answer(value):
        return True
    intent, _confidence = latest_intent(tracker)
    return intent in _NOTHING_TO_ADD and not says_what_happened(str(value))


class ValidateComplaintDetailsForm(DigressionAwareForm):
    """Take whatever the customer writes as what happened; nothing is a support question here.

    "My order A1000003 never came" reads as tracking, but it is the complaint: every message
    answers, except a request for another language (the form asks again in it). "No" or
    "skip" ends the question with nothing added, and so do a withdrawal ("never mind") and a
    question about an order ("wait, where is A1000001?"), which ``action_complaint_details``
    answers.
    """

    form = DETAILS_FORM

    def name(self) -> str:
        return "validate_complaint_details_form"

    def has_answer(self, tracker: Tracker, slot: str) -> bool:
        return True

    def validate_complaint_details(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if (
            not isinstance(slot_value, str)
            or gives_no_details(tracker, slot_value)
            or withdraws(slot_value)
            or asks_to_track(tracker, as_question=True)
        ):
            return {DETAILS_SLOT: NO_DETAILS}
        return {DETAILS_SLOT: " ".join(slot_value.split())[:MAX_COMMENT_CHARS]}
