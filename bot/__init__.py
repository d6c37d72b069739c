"""The ClosedLoop chatbot: Rasa training data (``bot/data``) and custom actions (``bot.actions``).

The Rasa server itself runs in its own virtualenv (Rasa 3.6 pins conflict with ours); only the
actions are imported from this package, by the ``rasa_sdk`` action server.
"""
