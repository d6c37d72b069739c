"""The domain Rasa sends with an action call, without its responses.

Why: Rasa 3.6 sends its whole domain (``domain.as_dict()``) with every call of a form's
validation action (``validate_*``: ours is ``validate_order_number_form``, called on every
turn while the order-number form is open) and of actions marked ``send_domain`` (our
session start), even with ``enable_selective_domain``. Ours is 205 kB of JSON, 197 kB of
it the bot's responses in four languages, built, encoded and decoded again for each such
call (docs/performance.md, "Action calls and saves, again (2026-12-02 evening)").

No action of ours reads responses from the domain, and neither does rasa_sdk: an action
names a response (``dispatcher.utter_message(response=...)``) and Rasa renders it. So
:func:`install` has Rasa send the domain without ``responses``, built once per loaded
domain (a new model brings a new domain); everything else Rasa sends is unchanged. An
action that needs the response texts would have to be given them another way.
"""

from __future__ import annotations

from typing import Any

LEFT_OUT = "responses"
CACHE_ATTRIBUTE = "_closedloop_domain_for_actions"


def domain_for_actions(domain: Any) -> dict[str, Any]:
    """``domain.as_dict()`` without its responses, built once for this domain object."""
    cached: dict[str, Any] | None = getattr(domain, CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = {key: value for key, value in domain.as_dict().items() if key != LEFT_OUT}
        setattr(domain, CACHE_ATTRIBUTE, cached)
    return cached


def action_call_format(self: Any, tracker: Any, domain: Any) -> dict[str, Any]:
    """``RemoteAction._action_call_format``, the domain sent without its responses."""
    import rasa
    from rasa.shared.core.trackers import EventVerbosity

    result: dict[str, Any] = {
        "next_action": self._name,
        "sender_id": tracker.sender_id,
        "tracker": tracker.current_state(EventVerbosity.ALL),
        "version": rasa.__version__,
    }
    if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(
        self.name()
    ):
        result["domain"] = domain_for_actions(domain)
    return result


def install() -> None:
    """Have Rasa send action calls' domain without its responses (module docstring)."""
    from rasa.core.actions.action import RemoteAction

    RemoteAction._action_call_format = action_call_format  # type: ignore[method-assign]
