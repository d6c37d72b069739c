"""Custom actions for the Rasa server, served by ``python -m rasa_sdk --actions bot.actions``.

One module per feature; importing them here registers every action with the action server.
A new feature adds a module and one import line.
"""

from bot.actions.handoff import ActionHandoff, ActionHandoffContact, ValidateHandoffContactForm
from bot.actions.session import ActionSessionStart, ValidateSlotMappings
from bot.actions.support import ActionFallback, ActionLookupOrder, ValidateOrderNumberForm
from bot.actions.survey import ActionAskNpsScore, ActionSubmitNps, ValidateNpsForm
from bot.actions.survey_csat import ActionAskCsatScore, ActionSubmitCsat, ValidateCsatForm
from bot.actions.survey_flow import (
    ActionOfferSurveyAtEnd,
    ActionSkipSurvey,
    ActionStartNps,
    ActionSupportFollowup,
)

__all__ = [
    "ActionAskCsatScore",
    "ActionAskNpsScore",
    "ActionFallback",
    "ActionHandoff",
    "ActionHandoffContact",
    "ActionLookupOrder",
    "ActionOfferSurveyAtEnd",
    "ActionSessionStart",
    "ActionSkipSurvey",
    "ActionStartNps",
    "ActionSubmitCsat",
    "ActionSubmitNps",
    "ActionSupportFollowup",
    "ValidateCsatForm",
    "ValidateHandoffContactForm",
    "ValidateNpsForm",
    "ValidateOrderNumberForm",
    "ValidateSlotMappings",
]
