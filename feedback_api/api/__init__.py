"""The HTTP API: routers per resource in ``routes/``, joined in ``main.py``."""
