"""The ``closedloop`` command and the process supervisor behind ``closedloop run``.

Kept apart from ``feedback_api`` (the web service) because it starts and watches three
processes (Rasa, the action server, the API) rather than serving requests.
"""
