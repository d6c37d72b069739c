"""Data shapes by resource, below storage: answers, cases, metrics, and the shared field types.

Storage functions take and return these (or the ORM rows, which stay inside storage);
nothing here imports storage, the API or the web pages.
"""
