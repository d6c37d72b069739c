"""Storage services: plain functions over a SQLAlchemy session.

The API routes and the Rasa actions both call these, so no SQL lives in either.
"""
