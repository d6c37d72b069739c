"""Custom actions for the Rasa server, served by ``python -m bot.actions.server``.

One module per feature; importing them here registers every action with the action server.
A new feature adds a module and one import line.
"""

from bot.actions.bot_challenge import ActionAnswerBotChallenge
from bot.actions.cancel_order import ActionAnswerCancelOrder, ActionAnswerGetRefund
from bot.actions.change_address import ActionAnswerChangeShippingAddress
from bot.actions.change_order import ActionAnswerChangeOrder
from bot.actions.complaint import ValidateComplaintDetailsForm
from bot.actions.contact_withdrawal import ActionAnswerNo
from bot.actions.delivery_options import ActionAnswerDeliveryOptions
from bot.actions.follow_up_questions import (
    ActionAnswerDeliveryPeriod,
    ActionAnswerIfLate,
    ActionAnswerPaymentMethods,
)
from bot.actions.greeting import ActionGreet
from bot.actions.handoff import (
    ActionComplaintDetails,
    ActionHandoff,
    ActionHandoffContact,
    ValidateHandoffContactForm,
)
from bot.actions.invoices import ActionAnswerGetInvoice
from bot.actions.payment_issue import ActionAnswerPaymentIssue
from bot.actions.return_shipping import ActionAnswerRefundPolicy
from bot.actions.services import started_as_action_server, warm_up_in_background
from bot.actions.session import ActionSessionStart, ValidateSlotMappings
from bot.actions.support import (
    ActionAnswerCancelOffer,
    ActionFallback,
    ActionLookupOrder,
    ActionSkipWithNothingAsked,
    ValidateOrderNumberForm,
)
from bot.actions.survey import (
    ActionAskNpsScore,
    ActionAskNpsScoreConfirmed,
    ActionSubmitNps,
    ValidateNpsForm,
)
from bot.actions.survey_csat import ActionAskCsatScore, ActionSubmitCsat, ValidateCsatForm
from bot.actions.survey_flow import (
    ActionOfferSurveyAtEnd,
    ActionSkipSurvey,
    ActionStartNps,
    ActionSupportFollowup,
)
from bot.actions.switch_account import ActionAnswerSwitchAccount

# Loads the sentiment model off the request path while the action server starts (not in tests).
if started_as_action_server():
    warm_up_in_background()

__all__ = [
    "ActionAnswerCancelOffer",
    "ActionAnswerBotChallenge",
    "ActionAnswerCancelOrder",
    "ActionAnswerChangeShippingAddress",
    "ActionAnswerGetInvoice",
    "ActionAnswerDeliveryOptions",
    "ActionAnswerChangeOrder",
    "ActionAnswerDeliveryPeriod",
    "ActionAnswerGetRefund",
    "ActionAnswerIfLate",
    "ActionAnswerNo",
    "ActionAnswerPaymentIssue",
    "ActionAnswerPaymentMethods",
    "ActionAnswerRefundPolicy",
    "ActionAnswerSwitchAccount",
    "ActionAskCsatScore",
    "ActionAskNpsScore",
    "ActionAskNpsScoreConfirmed",
    "ActionComplaintDetails",
    "ActionFallback",
    "ActionGreet",
    "ActionHandoff",
    "ActionHandoffContact",
    "ActionLookupOrder",
    "ActionOfferSurveyAtEnd",
    "ActionSessionStart",
    "ActionSkipSurvey",
    "ActionSkipWithNothingAsked",
    "ActionStartNps",
    "ActionSubmitCsat",
    "ActionSubmitNps",
    "ActionSupportFollowup",
    "ValidateComplaintDetailsForm",
    "ValidateCsatForm",
    "ValidateHandoffContactForm",
    "ValidateNpsForm",
    "ValidateOrderNumberForm",
    "ValidateSlotMappings",
]
