"""One normaliser per metadata value the widget or a campaign sends with a message.

The page context (customer id, campaign, channel, language) arrives as message metadata
and is read twice: into slots when a session starts (:mod:`bot.actions.session`) and into
the context stored with an answer (:mod:`bot.actions.context`). Both read it through these
functions, which check values as the ingest API does (``feedback_api.schemas.common``) and
drop an invalid one with a warning instead of failing the conversation: a widget's
malformed campaign tag must not stop the customer from getting help.
"""

from __future__ import annotations

import logging

from pydantic import TypeAdapter

from feedback_api.schemas.common import Slug, language_code

logger = logging.getLogger(__name__)

MAX_CUSTOMER_ID_CHARS = 255
_SLUG: TypeAdapter[str] = TypeAdapter(Slug)


def metadata_language(value: object) -> str | None:
    """A normalised language code ("en-US" -> "en"), or ``None`` if ``value`` is not one."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return language_code(value)
    except ValueError:
        logger.warning("ignoring invalid language %r in message metadata", value[:40])
        return None


def metadata_customer_id(value: object) -> str | None:
    """A customer id as text (numbers are kept as their digits), or ``None``."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and 0 < len(value.strip()) <= MAX_CUSTOMER_ID_CHARS:
        return value.strip()
    if value is not None:
        logger.warning("ignoring invalid customer_id in message metadata")
    return None


def metadata_slug(value: object, name: str) -> str | None:
    """A campaign or channel tag, checked like the ingest API checks it."""
    if value is None:
        return None
    try:
        return _SLUG.validate_python(value)
    except ValueError:
        logger.warning("ignoring invalid %s in message metadata", name)
        return None
