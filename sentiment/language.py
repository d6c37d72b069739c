"""Guess a text's language from its script, for the scripts that identify one language.

Georgian, Armenian and Ethiopic letters are (nearly) unambiguous, which is enough to stop a
Georgian comment from being scored by an English-only analyzer. Latin, Cyrillic and the
rest are shared by many languages, so for them the caller's default stands: a statistical
language identifier would need a model this package does not ship.
"""

from __future__ import annotations

from collections import Counter

# (first, last) code points, inclusive, per language code.
_SCRIPT_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    # Georgian, Georgian Extended (Mtavruli), Georgian Supplement (Nuskhuri).
    "ka": ((0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2F)),
    # Armenian, and the Armenian ligatures in Alphabetic Presentation Forms.
    "hy": ((0x0530, 0x058F), (0xFB13, 0xFB17)),
    # Ethiopic, Ethiopic Supplement, Extended, Extended-A and Extended-B. Ethiopic also writes
    # Tigrinya and others; Amharic is by far the most common, so the script maps to "am".
    "am": (
        (0x1200, 0x139F),
        (0x2D80, 0x2DDF),
        (0xAB00, 0xAB2F),
        (0x1E7E0, 0x1E7FF),
    ),
}


def _script_language(char: str) -> str | None:
    code_point = ord(char)
    for language, ranges in _SCRIPT_RANGES.items():
        if any(first <= code_point <= last for first, last in ranges):
            return language
    return None


def detect_language(text: str, default: str = "en") -> str:
    """Return ``"ka"``, ``"hy"`` or ``"am"`` when most letters are in that script, else ``default``.

    Only letters count (``str.isalpha``), so digits, punctuation, spaces and emoji neither
    help nor hurt; a Georgian comment quoting an English product name is still Georgian.
    "Most" means more letters than any other script, including all other scripts together
    (Latin etc.), which wins ties so that an even mix falls back to ``default``. Text with no
    letters gets ``default``.
    """
    counts: Counter[str | None] = Counter(_script_language(char) for char in text if char.isalpha())
    other = counts.pop(None, 0)
    if not counts:
        return default
    language, letters = counts.most_common(1)[0]
    return language if language is not None and letters > other else default
