"""Custom actions for the Rasa server, served by ``python -m rasa_sdk --actions bot.actions``.

One module per feature; importing them here registers every action with the action server.
A new feature adds a module and one import line.
"""

from bot.actions.survey import (
    ActionAskNpsScore,
    ActionOfferSurvey,
    ActionSkipSurvey,
    ActionSubmitNps,
    ValidateNpsForm,
)

__all__ = [
    "ActionAskNpsScore",
    "ActionOfferSurvey",
    "ActionSkipSurvey",
    "ActionSubmitNps",
    "ValidateNpsForm",
]
