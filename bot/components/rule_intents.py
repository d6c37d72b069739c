"""Intents that are certain by rule, not learned: a request for a language, an order number,
a contact alone, a message that says nothing.

Referenced from ``config.yml`` as ``bot.components.rule_intents.RuleIntentClassifier``
(Rasa 3.6, ``.venv-rasa``), after the FallbackClassifier.

* "English please", "ქართულად", "հայերեն", "በአማርኛ", "qartulad": a request for another
  language is ``switch_language``, told by a fixed list of language names
  (:mod:`bot.language_requests`), the same list the action server reads to set the
  ``language`` slot. The intent has no training examples on purpose (like ``start_nps``).
* "can you speak Russian?", "можно по-русски?", "რუსულად შეიძლება?": a request for a
  language we do not speak is ``ask_other_language`` (same module): the bot says which
  languages it speaks. The classifier read them as not understood or as "are you a bot?".
* "A1234567", "#88120455", "a-1234 567", "sorry, I meant A1000004": a message that is
  nothing but an order number, or one with words that only say it is the one meant
  (:func:`bot.order_numbers.only_order_number`, the rule the order form reads numbers by)
  is ``track_order``: a customer who types one when nothing was asked wants to know about
  that order. ("wrong one sorry, it's A1000004" under the CSAT question had been stored as
  a score of 1.) The classifier read such messages as an "ok" (the bot answered "All
  right!"), and training it on bare numbers cost it real order requests (docs/nlu.md).
* "?", "...", "hmm", "huh?", "um", "ჰმმ", "հմ": punctuation alone, or one hesitation sound,
  is ``nlu_fallback``: it answers nothing. The classifier read "hmm" and "huh" as a sure
  "affirm" (0.80, 0.89), so "hmm" under "Did that solve your problem?" was stored as a
  satisfied CSAT answer and "hmm" under "May someone contact you?" as consent, and "..."
  as a score. Agreement sounds ("mhm", "uh huh") are not hesitations and stay the
  classifier's.
* "bob@example.com", "my number is +995 555 12 34 56", "ჩემი მეილია nino@gmail.com": a message
  that gives nothing but a contact (:func:`bot.contacts.only_contact`) is
  ``contact_human_agent``: the customer wants to be reached there. Before a handoff it asks
  for one with the contact already given; after one (a corrected address) the same case
  gets the new contact as a note. The classifier read such messages as out of scope, a
  request for a person, or editing the account, so "sorry, my email is bob2@example.com"
  after the handoff got "Sorry, I didn't quite understand that" and the address was lost.
  In a form that asks for a contact it is that form's answer, as before.
* "when will someone call me?", "what's my reference number?", "ახლა რა ხდება?", «երբ
  կզանգեք», "መቼ ነው የሚደውሉልኝ?" (:mod:`bot.handoff_questions`) are ``contact_human_agent``
  too: after a handoff the promise of the case already open is said again (its contact,
  reply time and reference); before one, a person is asked for. The classifier had read them
  as a question about contact details, the bot or an order number.
* "go on then", "yeah go on then", "ok go ahead": a go-ahead is ``affirm`` (the classifier
  read "go on then" as a sure goodbye, and the survey ended under "may someone contact
  you?").
* "refund A1000008", "A1000008 ተመላሽ?", "why was A1000009 rejected?", «A1000009 ինչու
  մերժեցիք» (:mod:`bot.refund_questions`): a refund word, or "why" and "rejected", with one
  order number and nothing more is ``get_refund`` or ``track_refund``; the bot answers with
  that order's refund and why it was refused. The classifier read them as not understood,
  a complaint or a payment problem.
* "please don't contact me", "ნუ დამიკავშირდებით", «մի զանգեք», "አታግኙኝ" are ``deny``
  (:func:`bot.contacts.refuses_contact`), even with a contact in them, unless the classifier
  read a complaint (handed over, without the contact): the classifier read
  "please do not contact me, just wanted you to know" as asking for a person, and a second
  case was opened. After a survey or a handoff took a contact, the contact is withdrawn
  (``action_answer_no``).
* "one item is wrong, i got a red one not blue", "ამანათში ერთი ნივთი აკლია" (an item is
  missing from the parcel) (:mod:`bot.parcel_contents`), which the classifier read as a
  payment problem, delivery times or placing an order, are ``track_order``: the order's
  number is asked for, and a delivered one is answered with its date and that a person
  puts the item right (round 19). Read so only when the classifier chose one of those
  unrelated intents; a refund asked for with it ("arrived broken, I want my money back")
  stays ``get_refund``.
* "can I change my score to 9?", "ነጥቤን ወደ 3 ቀይሩልኝ", «սխալ սեղմեցի, 3 եմ ուզում» are
  ``inform_score`` (:mod:`bot.score_changes`): the classifier read them as changing an
  order or an account, and the score stayed. So are "I'd recommend you, 10" and "would def
  recommend, 9 out of 10, the courier was lovely" (:mod:`bot.volunteered_scores`): the
  survey starts with that score (the classifier read the second as wanting to write a
  review).
* "what if it doesn't come by then?", "და თუ არ მოვიდა?", «իսկ եթե մինչև այդ չհասնի՞», "እስከዚያ
  ካልደረሰስ?" are ``ask_if_late`` (:mod:`bot.late_questions`): what to do if the delivery or
  refund is late. The classifier read them as not understood, delivery times or the refund
  policy (rounds 16 and 17).
* "do i have to pay to send them back?", "დაბრუნების მიწოდება უფასოა?", a short question about
  what a return costs (:mod:`bot.return_questions`), is ``check_refund_policy``, whose answer
  says that cost. The classifier read them as the ways of paying, the cancellation fee, or
  not understood (round 18).
* "and express?", «իսկ էքսպրե՞սը», "ፈጣኑስ?" are ``delivery_options``
  (:mod:`bot.delivery_option_questions`): the answer gives that option's days and price. The
  classifier read them as "are you a bot?" or not understood (round 17).
* "can I exchange these for a bigger size?", "ზომის შეცვლა მინდა" (:mod:`bot.exchanges`), read
  as not understood, off-topic, an invoice ("ደረሰኝ" is also "I received") or the delivery
  options, are ``change_order``, whose answer says how an exchange works (round 20). "what
  about weekends?", "ቅዳሜስ?" (:mod:`bot.weekend_delivery`), read as not understood or "are
  you a bot?", are ``delivery_options``, whose answer says we deliver on business days.
* "thanks for nothing", "oh great, super helpful 🙄" (:mod:`bot.sarcasm`), read as thanks or
  a yes, are not understood: never "You're welcome!" (round 20), and under the CSAT question
  the form asks plainly again.
* "one sec, let me check", "ერთი წუთით", «մի րոպե, հիմա կնայեմ», "ቆይ አንድ ደቂቃ" are
  ``hold_on`` (:mod:`bot.hold_on`): "Sure, take your time", and a form asks its question
  again. The classifier read them as a goodbye (the order form ended) or a yes.
* "what do you do with my data?", "does a human read this?", "can you delete what I said?"
  are ``ask_privacy`` (:mod:`bot.privacy_questions`): who reads the chat and whom to write
  to about their data. The classifier had no intent for them, and "can you delete what I
  said?" got the steps to delete the whole account.
* "please cancel my complaint", "საჩივარი გააუქმეთ", «բողոքս հետ եմ վերցնում», "ቅሬታዬን
  አንሱት" are ``complaint`` (:mod:`bot.complaint_withdrawal`): the handoff notes the
  withdrawal on the open case, or opens none. The classifier read "საჩივარი გააუქმეთ" (cancel
  the complaint) as cancelling an order.
* "i cancelled my order by mistake, can I undo it?", "გავაუქმე, მაგრამ გადავიფიქრე" are
  ``cancel_order``, and "can you deliver it on monday instead?", «առաքման օրը փոխել» are
  ``change_order`` (:mod:`bot.changed_plans`): their answers say what taking a
  cancellation back means, and how a delivery moves to another day. The classifier gave
  them the steps to cancel, or to change the address or the items. "the invoice shows the
  wrong amount" is ``check_invoice`` unless the classifier read an invoice intent
  (:mod:`bot.wrong_invoice`): it had got the checklist for a failed card payment.
* "can you merge my two accounts", «երկու հաշիվ ունեմ, կարո՞ղ եք միավորել» are
  ``switch_account`` (:mod:`bot.merged_accounts`), whose answer says how accounts are merged;
  they had got the steps to sign out and in again.
* "how are you?", "fine, and you?", "kargad, shen?", «լավ եմ, դու՞», "ደህና ነኝ፣ አንተስ?" are
  ``greet`` where the classifier read small talk (:mod:`bot.small_talk`): the bot says how
  it is. The classifier read the answers that ask back as a goodbye in every language but
  English, and the bot said goodbye to a customer who had just said hello.
* "👍", "👎🏽", "🙏": emoji alone are a yes, a no or thanks when they are those signs, and
  a misunderstanding otherwise (:mod:`bot.emoji_messages`): the classifier read "🤬" as a
  sure "affirm", stored as a satisfied CSAT answer.

A statistical classifier reads these short messages as whatever intent they resemble (a
greeting, an "ok", a misunderstanding) and the customer gets that answer; here they get
their intent with confidence 1, every time, whatever the model learned. Every other message
keeps the classifier's intent.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.changed_plans import asks_to_change_delivery_day, takes_back_cancelling
from bot.complaint_withdrawal import withdraws_complaint
from bot.contacts import only_contact, refuses_contact
from bot.delivery_option_questions import OPTIONS_INTENT, PERIOD_INTENT, asks_about_an_option
from bot.emoji_messages import emoji_intent
from bot.exchanges import ELSEWHERE_INTENTS as EXCHANGE_ELSEWHERE
from bot.exchanges import asks_to_exchange
from bot.handoff_questions import asks_about_the_reply
from bot.hold_on import HOLD_ON_INTENT, asks_to_wait
from bot.invoice_details import INVOICE_INTENT, asks_about_invoice_details
from bot.language_requests import (
    OTHER_LANGUAGE_INTENT,
    SWITCH_LANGUAGE_INTENT,
    asks_for_other_language,
    requested_language,
)
from bot.late_questions import LATE_INTENT, asks_if_damaged, asks_if_late
from bot.merged_accounts import asks_to_merge_accounts
from bot.message_words import words_in
from bot.non_answers import says_nothing
from bot.order_numbers import find_order_number, only_order_number
from bot.parcel_contents import ELSEWHERE_INTENTS, says_contents_wrong
from bot.privacy_questions import PRIVACY_INTENT, asks_about_privacy
from bot.refund_questions import refund_question_intent
from bot.return_questions import REFUND_POLICY_INTENT, asks_about_the_label, asks_return_cost
from bot.sarcasm import sounds_sarcastic
from bot.score_changes import asks_to_change_score
from bot.small_talk import asks_how_we_are
from bot.volunteered_scores import volunteers_score
from bot.weekend_delivery import asks_about_weekend_delivery
from bot.wrong_invoice import says_invoice_is_wrong

_ANSWER_RETURN_COSTS = frozenset({REFUND_POLICY_INTENT, "delivery_options"})
"""Intents whose answers already say what a return costs when asked."""
_SHORT_REFUSAL_WORDS = 5
"""A refusal this short says nothing else: it is a "no", whatever the classifier read."""

TRACK_ORDER_INTENT = "track_order"
CONTACT_INTENT = "contact_human_agent"


_GO_ON = re.compile(
    r"^\W*(?:(?:hmm+|um+|yeah|yes|yep|yup|ok|okay|alright|fine|sure)\W+){0,3}go\s+(?:on|ahead)"
    r"(?:\W+then)?\W*$",
    re.IGNORECASE,
)
"""A go-ahead ("go on then", "yeah go on then", "hmm ok fine go on": round 19): a yes, which
the classifier read as a sure goodbye ("then"), ending the survey under "may someone contact
you?". By rule, since seven such training examples cost the held-out sets eight sentences
(docs/nlu.md)."""
AFFIRM_INTENT = "affirm"
DENY_INTENT = "deny"
COMPLAINT_INTENT = "complaint"
SCORE_INTENT = "inform_score"
CANCEL_INTENT = "cancel_order"
CHANGE_ORDER_INTENT = "change_order"
CHECK_INVOICE_INTENT = "check_invoice"
_INVOICE_INTENTS = frozenset({CHECK_INVOICE_INTENT, "get_invoice"})
GREET_INTENT = "greet"
SWITCH_ACCOUNT_INTENT = "switch_account"
_SMALL_TALK_INTENTS = frozenset({
    None, GREET_INTENT, "goodbye", "thank", "bot_challenge", AFFIRM_INTENT, DENY_INTENT,
    "out_of_scope", DEFAULT_NLU_FALLBACK_INTENT_NAME,
})  # fmt: skip
"""What the classifier reads small talk as: only these give way to "how are you?"."""
_THANKS_OR_YES = frozenset({"thank", AFFIRM_INTENT, GREET_INTENT})
"""What the classifier reads sarcastic praise as ("oh great, super helpful, thanks a lot")."""
_NOT_UNDERSTOOD = frozenset(
    {None, "out_of_scope", DEFAULT_NLU_FALLBACK_INTENT_NAME, "bot_challenge", GREET_INTENT}
)
"""What the classifier reads a short follow-up it has no context for as ("ቅዳሜስ?", and
Saturday?, was a greeting; «իսկ շաբաթ օրերին?» was "are you a bot?")."""


def rule_intent(text: object, classified: str | None = None) -> str | None:
    """The intent ``text`` has by rule, else ``None`` (the classifier's intent stands).

    ``classified`` is the classifier's intent: a complaint that also says not to contact
    the customer stays a complaint (handed over, without a contact)."""
    if requested_language(text) is not None:
        return SWITCH_LANGUAGE_INTENT
    if asks_for_other_language(text):
        return OTHER_LANGUAGE_INTENT
    if isinstance(text, str) and _GO_ON.match(text):
        return AFFIRM_INTENT
    if only_order_number(text) is not None:
        return TRACK_ORDER_INTENT
    refund_question = refund_question_intent(text)
    if refund_question is not None:
        return refund_question
    if withdraws_complaint(text):
        return COMPLAINT_INTENT
    if takes_back_cancelling(text):
        return CANCEL_INTENT  # its answer says what taking it back means (cancel_order.py)
    if asks_to_change_delivery_day(text):
        return CHANGE_ORDER_INTENT  # its answer is about the day (change_order.py)
    if asks_to_merge_accounts(text):
        return SWITCH_ACCOUNT_INTENT  # its answer says how accounts merge (switch_account.py)
    if classified in EXCHANGE_ELSEWHERE and asks_to_exchange(text):
        return CHANGE_ORDER_INTENT  # its answer says how an exchange works (change_order.py)
    if classified in _NOT_UNDERSTOOD and asks_about_weekend_delivery(text):
        return OPTIONS_INTENT  # "ቅዳሜስ?" (and Saturday?): its answer says business days
    if classified not in _ANSWER_RETURN_COSTS and asks_if_damaged(text):
        return LATE_INTENT  # "what if it's damaged?": what to do then (round 22)
    if classified in ELSEWHERE_INTENTS and says_contents_wrong(text):
        return TRACK_ORDER_INTENT  # the order asked for, then its contents answer
    if says_invoice_is_wrong(text) and classified not in _INVOICE_INTENTS:
        return CHECK_INVOICE_INTENT  # how to get a corrected one, not the card checklist
    if refuses_contact(text):
        # "ኧረ ተውት፣ አታግኙኝ" (never mind, don't contact me), read as a complaint, takes the
        # consent back; a complaint that also says it ("... broken. Please don't contact me")
        # stays a complaint.
        short = len(words_in(text)) <= _SHORT_REFUSAL_WORDS
        return DENY_INTENT if short or classified != COMPLAINT_INTENT else None
    if classified in _THANKS_OR_YES and sounds_sarcastic(text):
        return DEFAULT_NLU_FALLBACK_INTENT_NAME  # "thanks for nothing": no "You're welcome!"
    if asks_to_change_score(text) or (volunteers_score(text) and not sounds_sarcastic(text)):
        return SCORE_INTENT
    if only_contact(text) is not None or asks_about_the_reply(text):
        return CONTACT_INTENT
    if isinstance(text, str) and says_nothing(text):
        return DEFAULT_NLU_FALLBACK_INTENT_NAME
    if asks_to_wait(text):
        return HOLD_ON_INTENT
    if asks_about_privacy(text):
        return PRIVACY_INTENT
    if asks_if_late(text):
        return LATE_INTENT
    if asks_about_the_label(text):
        return REFUND_POLICY_INTENT  # "how do I print the label?": its answer says (round 22)
    if asks_about_invoice_details(text):
        return INVOICE_INTENT  # "and the VAT number?": where it goes (round 22)
    if classified not in _ANSWER_RETURN_COSTS and asks_return_cost(text):
        return REFUND_POLICY_INTENT  # "do i have to pay to send them back?": its answer says
    if classified != PERIOD_INTENT and asks_about_an_option(text):
        return OPTIONS_INTENT  # "how long is express?" keeps its delivery times
    if classified in _SMALL_TALK_INTENTS and asks_how_we_are(text):
        return GREET_INTENT  # "fine, and you?" had been a goodbye (bot/small_talk.py)
    return emoji_intent(text)


_NOT_A_REQUEST = _SMALL_TALK_INTENTS | {"inform_score", "give_feedback", "skip"}
_RUNNER_UP_MIN = 0.2
"""How sure the classifier must be of the request beside a greeting."""


def request_after_greeting(text: object, ranking: object) -> str | None:
    """The request of a greeting that names an order and asks about it, else ``None``.

    Why: round 23, Armenian, every time: «բարև, A1000001 որտեղ է» (hi, where is A1000001)
    was read as a greeting (0.59, tracking 0.36) and got only "Hello, how can I help?"; the
    same in English or Georgian was tracked. A greeting with an order number in it is a
    request: the classifier's runner-up, when it is one."""
    if not isinstance(ranking, list) or len(ranking) < 2 or find_order_number(text) is None:
        return None
    first, second = ranking[0], ranking[1]
    if first.get(INTENT_NAME_KEY) != GREET_INTENT:
        return None
    name = second.get(INTENT_NAME_KEY)
    if name in _NOT_A_REQUEST or second.get(PREDICTED_CONFIDENCE_KEY, 0.0) < _RUNNER_UP_MIN:
        return None
    return str(name)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RuleIntentClassifier(GraphComponent, IntentClassifier):
    """Sets the intent of a message certain by rule (:func:`rule_intent`), confidence 1."""

    @classmethod
    def required_components(cls) -> list[type]:
        """Runs after the intent classifier, so its intent is the one that counts."""
        return [IntentClassifier]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RuleIntentClassifier:
        """Nothing to configure or train."""
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Overrides the intent of each message whose intent is certain by rule."""
        for message in messages:
            classified = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            name = rule_intent(message.get(TEXT), classified)
            if name is None:
                name = request_after_greeting(message.get(TEXT), message.get(INTENT_RANKING_KEY))
            if name is None:
                continue
            intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
            others = [
                ranked
                for ranked in message.get(INTENT_RANKING_KEY) or []
                if ranked.get(INTENT_NAME_KEY) != name
            ]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *others], add_to_output=True)
        return messages
