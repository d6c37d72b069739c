"""Every bot response exists in each customer language, with the same fill-ins and buttons.

Rasa silently falls back to the unconditioned (English) variation when no variation's
condition matches, so a response missing in Georgian, Armenian or Amharic would reach those
customers in English without any error. A placeholder missing from a translation loses the
value (an email address, an order number) and one Rasa cannot fill is shown as ``{name}``
or fails the whole message; a button with another payload would trigger the wrong intent.
These checks read ``domain.yml`` as Rasa does and fail on any of these.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

import pytest
import yaml

DOMAIN_FILE = Path(__file__).resolve().parents[1] / "domain.yml"

LANGUAGE_SLOT = "language"

# The script each translation must be written in (Unicode blocks of its letters).
SCRIPTS: dict[str, tuple[str, range]] = {
    "ka": ("Georgian", range(0x10A0, 0x1100)),
    "hy": ("Armenian", range(0x0530, 0x0590)),
    "am": ("Ethiopic", range(0x1200, 0x13A0)),
}

# Letters outside the language's script a translation may hold (brand names, "PDF", order
# number examples): a share large enough to be an untranslated sentence fails.
MIN_SCRIPT_SHARE = 0.8

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Addresses are written as they are in every language, so they do not count as letters.
_ADDRESS = re.compile(r"\S+@\S+|https?://\S+")
# Our languages named in their own script, in parentheses ("በጆርጂያኛ (ქართული)"), so that a
# customer who cannot read the reply's script still finds theirs (utter_languages_we_speak).
_OWN_NAME = re.compile(r"\((?:English|ქართული|Հայերեն|አማርኛ)\)")


def _load_responses() -> dict[str, list[dict[str, Any]]]:
    domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
    responses: dict[str, list[dict[str, Any]]] = domain["responses"]
    return responses


RESPONSES = _load_responses()


def language_of(variation: dict[str, Any]) -> str | None:
    """The ``language`` slot value a variation is conditioned on; ``None`` if unconditioned.

    Any other condition (another slot, more than one) is a test failure: Rasa would need
    every condition to match, so such a variation is not simply "the text in language X".
    """
    condition = variation.get("condition")
    if condition is None:
        return None
    assert isinstance(condition, list) and len(condition) == 1, condition
    (rule,) = condition
    assert rule.get("type") == "slot" and rule.get("name") == LANGUAGE_SLOT, rule
    assert set(rule) == {"type", "name", "value"}, rule
    value = rule["value"]
    assert isinstance(value, str), rule
    return value


def placeholders(variation: dict[str, Any]) -> set[str]:
    """The ``{slot}`` names in a variation's text and button titles."""
    texts = [variation.get("text", "")] + [b["title"] for b in variation.get("buttons", [])]
    return {name for text in texts for name in _PLACEHOLDER.findall(text)}


def payloads(variation: dict[str, Any]) -> list[str]:
    return [button["payload"] for button in variation.get("buttons", [])]


def script_share(text: str, letters: range) -> float:
    """Share of the letters in ``text`` (placeholders, addresses and our languages' own
    names left out) in ``letters``."""
    text = _OWN_NAME.sub("", _ADDRESS.sub("", _PLACEHOLDER.sub("", text)))
    alphabetic = [char for char in text if char.isalpha()]
    if not alphabetic:
        return 0.0
    return sum(ord(char) in letters for char in alphabetic) / len(alphabetic)


def test_domain_has_responses() -> None:
    # Guards the parametrised tests below against passing vacuously on an empty list.
    assert len(RESPONSES) > 50


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_response_has_english_default_and_one_variation_per_language(name: str) -> None:
    variations = RESPONSES[name]
    languages = [language_of(variation) for variation in variations]
    assert languages[0] is None, f"{name}: the English default must stay the first variation"
    for language in SCRIPTS:
        count = languages.count(language)
        assert count == 1, f"{name}: {count} variations for language {language!r}, expected 1"
    unexpected = set(languages) - set(SCRIPTS) - {None}
    assert not unexpected, f"{name}: variations for unknown languages {unexpected}"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_translations_keep_placeholders_and_buttons(name: str) -> None:
    variations = RESPONSES[name]
    english = [variation for variation in variations if language_of(variation) is None]
    expected_placeholders = placeholders(english[0])
    expected_payloads = payloads(english[0])
    for variation in english[1:]:
        # Several English variations must agree too, or a translation cannot match them all.
        assert placeholders(variation) == expected_placeholders, name
        assert payloads(variation) == expected_payloads, name
    for variation in variations:
        language = language_of(variation)
        if language is None:
            continue
        assert placeholders(variation) == expected_placeholders, (
            f"{name} [{language}]: placeholders {sorted(placeholders(variation))}, "
            f"English has {sorted(expected_placeholders)}"
        )
        assert payloads(variation) == expected_payloads, f"{name} [{language}]: buttons differ"
        for key in ("image", "custom", "channel"):
            assert (key in variation) == (key in english[0]), f"{name} [{language}]: {key}"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_translations_are_written_in_their_script(name: str) -> None:
    for variation in RESPONSES[name]:
        language = language_of(variation)
        if language is None:
            continue
        script, letters = SCRIPTS[language]
        text = variation.get("text", "")
        assert text.strip(), f"{name} [{language}]: empty text"
        share = script_share(text, letters)
        assert share >= MIN_SCRIPT_SHARE, (
            f"{name} [{language}]: only {share:.0%} of the letters are {script}: {text!r}"
        )
        for button in variation.get("buttons", []):
            title = button["title"]
            assert script_share(title, letters) == 1.0, f"{name} [{language}]: {title!r}"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_placeholders_are_well_formed(name: str) -> None:
    """Braces Rasa would not read as a placeholder (a typo like ``{ email}``) reach customers."""
    for variation in RESPONSES[name]:
        for text in [variation.get("text", "")] + [
            b["title"] for b in variation.get("buttons", [])
        ]:
            fields = [field for _, field, _, _ in string.Formatter().parse(text) if field]
            assert all(_PLACEHOLDER.fullmatch("{" + field + "}") for field in fields), (
                f"{name}: malformed placeholder in {text!r}"
            )
