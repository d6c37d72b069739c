"""A second request in one message: "Where is my order A1000003? Also, can I pay by PayPal?"

Why: customers often ask two things at once, and the NLU reads a message as one intent, so
the second question went unanswered and the customer had to ask it again. Rasa 3.6 has no
multi-intent reading without multi-intent training data for every pair, which we would have
to write for 27 x 26 pairs in four languages.

What this does instead: a message of two to four *parts* is parsed whole, as always, and
then each part alone, through the same model (and the same encoder thread,
:mod:`bot.encoder_off_loop`). A part is a sentence, or a piece of one cut at "and" or "also"
(:data:`JOINING_WORDS`, in the four languages) with at least three words on each side:
chat is often typed without a full stop ("where is my order and can i pay by paypal"). When
a part is confidently *another* support request than the whole message's intent, that
part's parse is added to the message's parse data under :data:`FURTHER_REQUEST_KEY` (two
such parts, a third request: chained under the same key, :func:`chained`). The action that
ends a support answer (``action_support_followup``) then has the bot take it up as the
customer's next message (:mod:`bot.actions.next_request`).

Rasa's own reading of the message stands, except where the parts show it misread: an
intent no part has, when a part is surely another request (:func:`part_reading`). And the
requests are answered in the order asked: where a further request comes before the part
that says the whole's request, the message is read as that first request and the whole's
is taken up in its place (:func:`in_asked_order`). Both outside forms only, so a survey's
free-text answer, or a message typed while the bot waits for an order number, is read as
the form reads it.

The rule is strict because answering a question the customer did not ask is worse than
leaving one for them to ask again. Most messages of several parts are one request with its
story ("I returned the item on 2 November and have yet to receive my refund. What is its
status?"), and the story read alone often looks like another request. So a part counts
only when (docs/nlu.md, "Two requests in one message", measured on the held-out sets by
``benchmarks/further_requests.py``):

* the whole message's intent is a support request and is also one part's intent;
* the part's intent is another support request, neither a complaint (usually the story
  around a request; a complaint hands over to a person anyway) nor the other of tracking an
  order or its refund (the same order form answers both);
* the model is at least :data:`MIN_PART_CONFIDENCE` sure of the part;
* and (except for a request for a person, :data:`ALWAYS_FURTHER`) the whole message's
  ranking keeps that intent at :data:`MIN_WHOLE_SHARE` or more, or,
  for a part that is a question ("?", Armenian "՞", Ethiopic "፧") or in a message where a
  part opens with "also" or "and" (:data:`ADDING_WORDS`: the customer says they ask more
  than one thing), at :data:`MIN_QUESTION_SHARE`: a part that only tells the story weighs
  nothing in the reading of the whole.

Parsing the parts costs an encoder call each, for messages of two to four parts read as a
support request, or as unsure outside a form (about one message in twenty-five in the
held-out sets); any other message is parsed once, as before.

Runs in the Rasa server (installed by :mod:`bot.rasa_run`); the splitting and the rule are
plain functions, also used by the benchmark and the tests.
"""

from __future__ import annotations

import re
from typing import Any

INSTALLED_MARK = "reads_further_requests"

FURTHER_REQUEST_KEY = "further_request"
"""Parse-data key of the further request: ``{"text", "intent", "entities"}`` of its part,
and under the same key the request after it, if any (:func:`chained`)."""

WHOLE_INTENT_KEY = "whole_message_intent"
"""Parse-data key of the whole message's intent where a part's was taken instead."""
FALLBACK = "nlu_fallback"

MIN_READING_CONFIDENCE = 0.9
MIN_READING_SHARE = 0.05
MIN_PART_CONFIDENCE = 0.8
MIN_WHOLE_SHARE = 0.01
MIN_QUESTION_SHARE = 0.001
MAX_PARTS = 4

NOT_REQUESTS = frozenset(
    {
        "greet", "goodbye", "thank", "bot_challenge", "affirm", "deny", "out_of_scope",
        "switch_language", "give_feedback", "inform_score", "skip", "start_nps",
        "nlu_fallback", "hold_on", "ask_privacy", "ask_other_language",
    }
)  # fmt: skip
"""Domain intents that are conversation or survey, not a support request."""
NEVER_FURTHER = frozenset({"complaint"})
ALWAYS_FURTHER = frozenset({"contact_human_agent"})
"""A part that asks for a person is taken up whatever the whole message's reading: "... it
says delivered but I never got it. Please connect me to a person." had been answered with
the tracking status alone (the whole: ``track_order``, 0.99), and nobody was asked for."""
ONE_FORM = frozenset({"track_order", "track_refund"})

JOINING_WORDS = frozenset(
    {
        "and", "also", "plus",  # English
        "და", "ასევე", "da", "aseve",  # Georgian, and as typed in Latin letters
        "և", "եւ", "ու", "նաև", "նաեւ", "nayev",  # Armenian
        "እና", "ደግሞ", "ena",  # Amharic
    }
)  # fmt: skip
"""Words a part of a sentence may be cut at: "and" and "also"."""
ADDING_WORDS = JOINING_WORDS | {"additionally", "եվ", "በተጨማሪም"}
"""Words that, opening a part after the first, add a request ("Also, can I pay by PayPal?"):
the joining words, "additionally", Armenian "and" as it opens a sentence (Եվ), Amharic "in
addition"."""
MIN_SIDE_WORDS = 3

# A sentence ends at ".", "!", "?", ";" or the Armenian and Ethiopic full stops and question
# marks, followed by a space, or at a line break.
_SENTENCE_END = re.compile(r"[.!?;։።፧፨]+(?=\s)|\n")
_QUESTION = re.compile(r"[?՞፧]")
_WORD = re.compile(r"\w+")
_LAST_WORD = re.compile(r"(\w+)\W*$")


def _abbreviation(before: str, after: str, mark: str) -> bool:
    """Whether a full stop is more likely an abbreviation's than a sentence's end.

    Before a number ("approx. 3 days", "order no. 4471"), or after a word of up to three
    letters before a lower-case one ("էլ. փոստ", e-mail; "St. louis"). A sentence end taken
    for an abbreviation costs only the second request's answer; the reverse, a wrong one.
    """
    if mark != ".":
        return False
    last = _LAST_WORD.search(before)
    following = after.lstrip()[:1]
    short = last is not None and len(last.group(1)) <= 3
    return following.isdigit() or (short and following.islower())


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that have at least two words, in order."""
    sentences: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if _abbreviation(text[start : end.start()], text[end.end() :], end.group()):
            continue
        sentences.append(text[start : end.end()])
        start = end.end()
    sentences.append(text[start:])
    return [s.strip() for s in sentences if len(_WORD.findall(s)) >= 2]


def _cut_at_joining_words(sentence: str) -> list[str]:
    """``sentence`` cut at each joining word with :data:`MIN_SIDE_WORDS` words either side."""
    words = sentence.split()
    pieces: list[str] = []
    start = 0
    for index, word in enumerate(words):
        if (
            word.strip(",;:").lower() in JOINING_WORDS
            and index - start >= MIN_SIDE_WORDS
            and len(words) - index - 1 >= MIN_SIDE_WORDS
        ):
            pieces.append(" ".join(words[start:index]))
            start = index + 1
    pieces.append(" ".join(words[start:]))
    return pieces


def split_parts(text: str) -> list[str]:
    """The parts of ``text`` (module docstring) that have at least two words, in order."""
    parts = [
        piece for sentence in split_sentences(text) for piece in _cut_at_joining_words(sentence)
    ]
    return [part for part in parts if len(_WORD.findall(part)) >= 2]


def is_request(intent: str | None, domain_intents: frozenset[str] | set[str]) -> bool:
    """Whether ``intent`` is one of the domain's support requests."""
    return intent is not None and intent in domain_intents and intent not in NOT_REQUESTS


def _shares(whole: dict[str, Any]) -> dict[object, float]:
    """Each intent's confidence in the whole message's ranking."""
    return {
        entry.get("name"): float(entry.get("confidence") or 0.0)
        for entry in whole.get("intent_ranking") or []
    }


def _opens_with_adding_word(text: str) -> bool:
    """Whether ``text`` opens with one of :data:`ADDING_WORDS` ("Also, ...", "და ...")."""
    first = _WORD.match(text.lstrip())
    return first is not None and first.group().lower() in ADDING_WORDS


def further_requests(
    whole: dict[str, Any], parts: list[dict[str, Any]], domain_intents: frozenset[str] | set[str]
) -> list[dict[str, Any]]:
    """The parts of ``parts`` that are further requests (module docstring), in their order.

    ``whole`` and each of ``parts`` are Rasa parse results (``intent``, ``intent_ranking``,
    ``entities``, ``text``). One part an intent: where two parts ask the same thing, the
    first says it. Each is ``{"text", "intent", "entities"}``.
    """
    primary = (whole.get("intent") or {}).get("name")
    if not is_request(primary, domain_intents):
        return []
    if not any((part.get("intent") or {}).get("name") == primary for part in parts):
        return []
    share = _shares(whole)
    adding = any(_opens_with_adding_word(part.get("text") or "") for part in parts[1:])
    found: list[dict[str, Any]] = []
    for part in parts:
        intent = part.get("intent") or {}
        name = intent.get("name")
        confidence = float(intent.get("confidence") or 0.0)
        if (
            name == primary
            or not is_request(name, domain_intents)
            or name in NEVER_FURTHER
            or {name, primary} <= ONE_FORM
            or confidence < MIN_PART_CONFIDENCE
            or any(earlier["intent"]["name"] == name for earlier in found)
        ):
            continue
        asks = adding or _QUESTION.search(part.get("text") or "")
        needed = MIN_QUESTION_SHARE if asks else MIN_WHOLE_SHARE
        if share.get(name, 0.0) < needed and name not in ALWAYS_FURTHER:
            continue
        found.append(
            {
                "text": part.get("text"),
                "intent": {"name": name, "confidence": confidence},
                "entities": part.get("entities") or [],
            }
        )
    return found


def chained(requests: list[dict[str, Any]]) -> dict[str, Any] | None:
    """``requests`` as one chain: each request holds the next under :data:`FURTHER_REQUEST_KEY`.

    Why a chain: the bot takes up one further request at a time, each as if the customer
    had typed it next (:mod:`bot.actions.next_request`), and the one it takes up carries
    what is left, so the same step takes up a third request after the second is answered.
    """
    following: dict[str, Any] | None = None
    for request in reversed(requests):
        following = {**request, FURTHER_REQUEST_KEY: following} if following else dict(request)
    return following


def in_asked_order(
    whole: dict[str, Any], parts: list[dict[str, Any]], found: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The whole message's request and ``found`` (its further requests), in the order asked.

    Why: the whole message's intent is often its last sentence's ("Can I pay by PayPal? And
    where is my order A1000003?" reads ``track_order``), and a customer expects the answers in
    the order of the questions. The whole's request is said where its first part stands,
    with that part's text and entities and the whole's confidence; ``found`` is in the order
    of ``parts`` already (:func:`further_requests`).
    """
    intent = whole.get("intent") or {}
    texts = [part.get("text") for part in parts]
    position = next(
        index
        for index, part in enumerate(parts)
        if (part.get("intent") or {}).get("name") == intent.get("name")
    )
    own = {
        "text": texts[position],
        "intent": {"name": intent.get("name"), "confidence": intent.get("confidence")},
        "entities": parts[position].get("entities") or [],
    }
    before = [request for request in found if texts.index(request["text"]) < position]
    return [*before, own, *found[len(before) :]]


def part_reading(
    whole: dict[str, Any], parts: list[dict[str, Any]], domain_intents: frozenset[str] | set[str]
) -> dict[str, Any] | None:
    """The intent of ``parts`` to read the message as, where the whole was misread; or None.

    Two requests joined into one message are often read as neither ("how long is delivery
    and can I pay by PayPal" as ``change_shipping_address``), and a long message as unsure.
    When the whole message's intent is a request or ``nlu_fallback`` that no part has, and a
    part is a request the model is :data:`MIN_READING_CONFIDENCE` sure of and the whole
    gives :data:`MIN_READING_SHARE` of its ranking, the first such part's intent is the
    message's (docs/nlu.md, "Two requests in one message": on the held-out sets it changed
    2 of 189 messages of several parts, both to the right intent).
    """
    primary = (whole.get("intent") or {}).get("name")
    if primary != FALLBACK and not is_request(primary, domain_intents):
        return None
    if any((part.get("intent") or {}).get("name") == primary for part in parts):
        return None
    share = _shares(whole)
    for part in parts:
        intent = part.get("intent") or {}
        name = intent.get("name")
        confidence = float(intent.get("confidence") or 0.0)
        if (
            is_request(name, domain_intents)
            and name not in NEVER_FURTHER
            and confidence >= MIN_READING_CONFIDENCE
            and share.get(name, 0.0) >= MIN_READING_SHARE
        ):
            return {"name": name, "confidence": confidence}
    return None


def install() -> None:
    """Have Rasa's parse add the further request of a message of several parts."""
    from rasa.core.channels.channel import UserMessage
    from rasa.core.processor import MessageProcessor

    parse = MessageProcessor.parse_message
    if getattr(parse, INSTALLED_MARK, False):
        return

    async def parse_message(
        self: Any, message: Any, tracker: Any = None, only_output_properties: bool = True
    ) -> dict[str, Any]:
        parse_data: dict[str, Any] = await parse(self, message, tracker, only_output_properties)
        text = message.text
        if self.http_interpreter is not None or not isinstance(text, str):
            return parse_data
        pieces = split_parts(text)
        if not 2 <= len(pieces) <= MAX_PARTS:
            return parse_data
        intents = frozenset(self.domain.intents)
        primary = (parse_data.get("intent") or {}).get("name")
        # In a form (a survey's "why?", the order number) a message is read as the form
        # reads it: never re-read from its parts, only a second request noted.
        free = getattr(tracker, "active_loop_name", None) is None
        if not (is_request(primary, intents) or (free and primary == FALLBACK)):
            return parse_data
        parts = []
        for piece in pieces:
            part = UserMessage(piece, sender_id=message.sender_id)
            parts.append(await parse(self, part, tracker, only_output_properties))
        reading = part_reading(parse_data, parts, intents) if free else None
        if reading is not None:
            parse_data[WHOLE_INTENT_KEY] = parse_data.get("intent")
            parse_data["intent"] = reading
        found = further_requests(parse_data, parts, intents)
        if not found:
            return parse_data
        # Outside a form the requests are answered in the order asked; in one, the form's
        # reading comes first and the rest follow.
        if free:
            first, *found = in_asked_order(parse_data, parts, found)
            if first["intent"]["name"] != parse_data["intent"]["name"]:
                parse_data.setdefault(WHOLE_INTENT_KEY, parse_data["intent"])
                parse_data["intent"] = first["intent"]
        parse_data[FURTHER_REQUEST_KEY] = chained(found)
        return parse_data

    setattr(parse_message, INSTALLED_MARK, True)
    MessageProcessor.parse_message = parse_message
