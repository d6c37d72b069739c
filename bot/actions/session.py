"""Conversation start and the slots every answer relies on: company details, page context.

``action_session_start`` replaces Rasa's own: it does what Rasa does (start the session,
carry the previous session's slots over when the domain says so) and then sets

* the company's details from ``bot/company.yml`` (:func:`bot.actions.company.company_slots`),
  which the support texts in ``domain.yml`` use as ``{support_email}`` and the like;
* ``customer_id``, ``campaign``, ``channel`` and ``language`` from the metadata of the message
  that started the session (Rasa passes it as the ``session_started_metadata`` slot).

The first message's *text* is not known yet when the session starts, so a language that the
page did not send is decided by ``action_validate_slot_mappings`` (:class:`ValidateSlotMappings`,
which Rasa runs after every user message): from a later message's metadata, else from what
the customer wrote (:func:`bot.actions.language.first_message_language`: script, then
Latin-letter words, then Georgian in Latin letters as the NLU pipeline read it), else
English. A customer may ask for another language at any point ("English please", "ქართულად");
the company slots are then rendered again in that language, since texts such as the support
hours are computed, not written in ``domain.yml``.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker, ValidationAction
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.company import COMPANY_SLOTS, CompanyConfigError, company_slots, get_company
from bot.actions.language import (
    DEFAULT_LANGUAGE,
    LATIN_LETTERS_LANGUAGE_KEY,
    first_message_language,
    language_written,
    requested_language,
    supported_language,
)
from bot.actions.metadata import metadata_customer_id, metadata_language, metadata_slug
from bot.actions.services import get_services

logger = logging.getLogger(__name__)

LANGUAGE_SLOT = "language"
METADATA_SLOT = "session_started_metadata"


def metadata_slots(metadata: object) -> dict[str, str]:
    """The page context in ``metadata`` as slot values; invalid or missing keys are left out.

    A language we do not answer in ("fr") is left out too, so the first message decides.

    Invalid values are dropped with a warning rather than failing the conversation: a
    widget's malformed campaign tag must not stop the customer from getting help.
    """
    if not isinstance(metadata, dict):
        return {}
    values = {
        "customer_id": metadata_customer_id(metadata.get("customer_id")),
        "campaign": metadata_slug(metadata.get("campaign"), "campaign"),
        "channel": metadata_slug(metadata.get("channel"), "channel"),
        LANGUAGE_SLOT: supported_language(metadata_language(metadata.get("language"))),
    }
    return {name: value for name, value in values.items() if value is not None}


def localized_company_slots(language: str) -> dict[str, str]:
    """The company slots in ``language``; none if the company file is invalid.

    Loud in the log, but the customer still gets a conversation.
    """
    try:
        return company_slots(get_company(get_services().settings), language)
    except CompanyConfigError:
        logger.exception("the company file is invalid; answers will lack company details")
        return {}


class ActionSessionStart(Action):
    """Start a session like Rasa does, then set the company and page-context slots.

    A returning customer's slots are carried over (``carry_over_slots_to_new_session``), then
    overwritten by what this session's page sent, so a new campaign or language wins.
    """

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        if (domain.get("session_config") or {}).get("carry_over_slots_to_new_session", True):
            events += [
                SlotSet(event["name"], event.get("value"))
                for event in tracker.applied_events()
                if event.get("event") == "slot"
            ]
        page = metadata_slots(tracker.get_slot(METADATA_SLOT))
        carried = supported_language(tracker.get_slot(LANGUAGE_SLOT))
        values = localized_company_slots(page.get(LANGUAGE_SLOT) or carried or DEFAULT_LANGUAGE)
        values |= page
        events += [SlotSet(name, value) for name, value in values.items()]
        events.append(ActionExecuted("action_listen"))
        return events


class ValidateSlotMappings(ValidationAction):
    """Rasa's global slot extraction hook; here it decides the conversation's ``language``.

    The slot is decided once (metadata at session start, else the first message that shows
    a language: an order number alone leaves it undecided, answered in English meanwhile) and
    then kept, except that a request ("English please", "հայերեն") changes it, and so does a
    message plainly written in another of our languages (:func:`language_written`): a
    customer who opened with "hi" or on an English page and then writes Georgian is
    answered in Georgian, and one on a Georgian page who writes "where is my order?" in
    English. A short or unclear message never switches it: a one-word "ok" is no sign of
    English, nor "barev" of Armenian in a Georgian conversation. Whenever it is set, the
    company slots that differ in that language come with it, so ``{support_hours}`` never
    stays in the old one.
    """

    def domain_slots(self, domain: DomainDict) -> list[str]:
        """The slots this action sets: ``language`` and the company slots that come with it.

        rasa_sdk would list every global slot of the domain, and Rasa would have to send its
        domain on every turn for that; it does not (``enable_selective_domain``). A slot not
        returned here is kept as Rasa extracted it, as before (only ``language`` has an
        ``extract_``/``validate_`` method).
        """
        return [LANGUAGE_SLOT, *COMPANY_SLOTS]

    async def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        latest = tracker.latest_message or {}
        text = latest.get("text")
        current = tracker.get_slot(LANGUAGE_SLOT)
        language = requested_language(text)
        if language is None and not current:
            metadata = latest.get("metadata") or {}
            language = supported_language(metadata_language(metadata.get("language")))
            if language is None:
                language = first_message_language(latest)  # None: still undecided
        elif language is None and isinstance(text, str):
            language = language_written(text, latest.get(LATIN_LETTERS_LANGUAGE_KEY), current)
        if language is None or language == current:
            return {}
        # Only the company slots that differ: the session start set them already, in the
        # page's language or English, so deciding on English would set 19 slots to the
        # values they hold -- events Rasa stores and sends with later action calls.
        company = {
            name: value
            for name, value in localized_company_slots(language).items()
            if tracker.get_slot(name) != value
        }
        return {LANGUAGE_SLOT: language, **company}

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """``language`` through :meth:`validate_language`; the company slots as they are.

        The company slots are this action's own output (the company's details in the
        language just decided) and need no check; rasa_sdk's loop would log a "Skipping
        validation" warning for each of the 19 of them every time a language is decided.
        """
        pending = tracker.slots_to_validate()
        slots: dict[str, Any] = {}
        if LANGUAGE_SLOT in pending:
            slots |= self.validate_language(pending[LANGUAGE_SLOT], dispatcher, tracker, domain)
        slots |= {name: pending[name] for name in COMPANY_SLOTS if name in pending}
        return [SlotSet(name, value) for name, value in slots.items()]

    def validate_language(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """Keep the slot a code we answer in whatever set it ("en-US" -> "en", "fr" -> "en")."""
        return {
            LANGUAGE_SLOT: supported_language(metadata_language(slot_value)) or DEFAULT_LANGUAGE
        }
