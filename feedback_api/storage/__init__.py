"""Storage services: plain functions over a SQLAlchemy session.

The API routes and the Rasa actions both call these, so no SQL lives in either.
"""

# Every process that writes answers or offers imports some storage module (the API, the action
# server, the outbox flusher, the CLI). Importing the rollups here installs their ORM hooks in
# all of them, so no writer can store an answer that the reports' rollups miss.
from feedback_api.storage import rollups as rollups
