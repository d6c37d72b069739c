"""Recording survey answers: customer and conversation upsert, sentiment, flagging, cases.

:func:`record_response` is the one way an answer enters the database, from the chat or the
ingest endpoint, so both get the same validation, sentiment, flagging and idempotency.
"""

from __future__ import annotations

import hashlib
import random
import time
from datetime import datetime, timedelta
from functools import cache
from typing import Protocol

from sqlalchemy import Executable, bindparam, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from feedback_api.models import (
    CaseNote,
    Conversation,
    Customer,
    FollowUpCase,
    SentimentRecord,
    SurveyOffer,
    SurveyResponse,
    utcnow,
)
from feedback_api.policy import (
    HANDOFF_PRIORITY,
    CaseStatus,
    FollowUpDecision,
    FollowUpPolicy,
    SurveyKind,
    decide_follow_up,
    nps_category,
)
from feedback_api.schemas.cases import CaseUpdate
from feedback_api.schemas.responses import ResponseCreate
from feedback_api.settings import Settings
from feedback_api.storage.cases import (
    SYSTEM_ACTOR,
    new_case,
    open_case_of_conversation,
    update_case,
)
from feedback_api.storage.dialect import insert_for, insert_for_dialect
from sentiment import SentimentResult

CHAT_SOURCE = "chat"
"""The ``source`` of answers given in the chat (the action server's, and its outbox's)."""


class Analyzer(Protocol):
    """What storage needs of an analyzer (``sentiment.SentimentAnalyzer`` is one)."""

    def analyze(self, text: str, language: str = "en") -> SentimentResult: ...


def get_or_create_customer(
    session: Session,
    external_id: str,
    *,
    language: str | None = None,
    segment: str | None = None,
    surveyed_at: datetime | None = None,
) -> Customer:
    """The customer with this external id, created on first sight, in one statement.

    ``language``, ``segment`` and ``surveyed_at`` (the customer's ``last_surveyed_at``)
    replace the stored values when given. One ``INSERT ... ON CONFLICT DO UPDATE ...
    RETURNING`` instead of a select, then an insert or an update: the database settles a race
    between two workers creating the same customer, and an answer costs one round trip
    less (three for a new customer; docs/performance.md, "Ingest").
    """
    insert = insert_for(session, Customer).values(
        external_id=external_id,
        language=language,
        segment=segment,
        email_consent=False,
        tags=[],
        created_at=utcnow(),
        last_surveyed_at=surveyed_at,
    )
    given = {"language": language, "segment": segment, "last_surveyed_at": surveyed_at}
    # With nothing to change, the conflict still updates a column to itself: DO NOTHING
    # would return no row for a customer who already exists.
    changes = {name: insert.excluded[name] for name, value in given.items() if value} or {
        "external_id": insert.excluded.external_id
    }
    upsert = insert.on_conflict_do_update(
        index_elements=[Customer.external_id], set_=changes
    ).returning(Customer)
    # populate_existing: a customer this session already holds takes the row's new values.
    return session.scalars(upsert, execution_options={"populate_existing": True}).one()


def get_or_create_conversation(
    session: Session,
    sender_id: str,
    *,
    customer: Customer | None = None,
    channel: str = "web",
    language: str | None = None,
    campaign: str | None = None,
) -> Conversation:
    """The conversation for a Rasa sender id, created on first sight (safe under races)."""
    query = select(Conversation).where(Conversation.sender_id == sender_id)
    conversation = session.scalar(query)
    if conversation is None:
        session.execute(
            insert_for(session, Conversation)
            .values(
                sender_id=sender_id,
                customer_id=customer.id if customer else None,
                channel=channel,
                language=language,
                campaign=campaign,
                transcript=[],
                started_at=utcnow(),
            )
            .on_conflict_do_nothing()
        )
        conversation = session.scalars(query).one()
    if customer is not None and conversation.customer_id is None:
        conversation.customer_id = customer.id
    return conversation


@cache
def _conversation_upsert(dialect: str) -> Executable:
    """``INSERT ... ON CONFLICT (sender_id) DO UPDATE ... RETURNING id``, built once per
    dialect: building it (its ``excluded`` columns, the ORM's events) cost more than running
    it, so each call only binds its values."""
    insert = insert_for_dialect(dialect, Conversation).values(
        {name: bindparam(name) for name in _CONVERSATION_COLUMNS}
    )
    return insert.on_conflict_do_update(
        index_elements=[Conversation.sender_id],
        set_={"customer_id": func.coalesce(Conversation.customer_id, insert.excluded.customer_id)},
    ).returning(Conversation.id)


_CONVERSATION_COLUMNS = (
    "sender_id",
    "customer_id",
    "channel",
    "language",
    "campaign",
    "transcript",
    "started_at",
)


def conversation_id_for(
    session: Session,
    sender_id: str,
    *,
    customer_id: int | None,
    channel: str,
    language: str | None,
    campaign: str | None,
) -> int:
    """The id of the conversation for a Rasa sender id, created on first sight, in one
    statement, for a caller that needs no more of it (a survey offer).

    Why not :func:`get_or_create_conversation`: a first offer (the common case) cost three
    round trips there (a select that finds nothing, the insert, the select again), and loading
    a conversation loads its transcript. ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING id``
    is one, settles a race the same way, and attaches the customer to a conversation that has
    none, as :func:`get_or_create_conversation` does (docs/performance.md, "The survey offer
    in one statement").
    """
    values: dict[str, object] = {
        "sender_id": sender_id,
        "customer_id": customer_id,
        "channel": channel,
        "language": language,
        "campaign": campaign,
        "transcript": [],
        "started_at": utcnow(),
    }
    # On the session's connection: the statement is plain SQL, and the ORM's bulk-insert
    # path around it would cost as much again (no object of this session is touched).
    connection = session.connection()
    statement = _conversation_upsert(connection.dialect.name)
    return int(connection.execute(statement, values).scalar_one())


class IdempotencyConflict(Exception):
    """An idempotency key reused with a different request body."""


def find_by_idempotency_key(session: Session, key: str) -> SurveyResponse | None:
    return session.scalar(select(SurveyResponse).where(SurveyResponse.idempotency_key == key))


def scoped_idempotency_key(key: str, scope: str | None) -> str:
    """The stored form of a client's key: namespaced by its API key, so clients never meet.

    Scoped keys are ``<scope>:<sha256 of the key>`` (fits the column whatever the key's
    length); the chat's own keys (no scope) are stored as they are.
    """
    if scope is None:
        return key
    return f"{scope}:{hashlib.sha256(key.encode()).hexdigest()}"


def request_hash(data: ResponseCreate) -> str:
    """A fingerprint of what was asked, to tell a retry from another request reusing a key.

    A field added later is left out while unset, so a retry of a request stored before it
    existed still matches its fingerprint (``phone``, revision 0006).
    """
    unset_later_fields = {"phone"} if data.phone is None else set()
    body = data.model_dump_json(exclude={"idempotency_key", *unset_later_fields})
    return hashlib.sha256(body.encode()).hexdigest()


def record_response(
    session: Session,
    data: ResponseCreate,
    *,
    analyzer: Analyzer,
    settings: Settings,
    source: str = "api",
    transcript: list[dict[str, object]] | None = None,
    idempotency_scope: str | None = None,
) -> tuple[SurveyResponse, bool]:
    """Store one answer and open a case if it needs follow-up.

    Returns ``(response, created)``; ``created`` is False when an answer with the same
    idempotency key was already stored (a retried delivery), which is then returned as is.
    With an ``idempotency_scope`` (the API key's) the key is that client's alone, and a
    reuse with a different body raises :class:`IdempotencyConflict` instead of returning
    the stored answer.
    The caller commits; :func:`store_response` does, and retries a lost race.
    """
    # The comment is scored before the first statement, so a fresh session holds no
    # connection and no transaction while the model runs (tens of milliseconds per batch
    # with the transformers model; concurrent answers would otherwise wait for the pool).
    # A retried delivery is scored for nothing: rarer than waiting for a connection.
    sentiment = analyzer.analyze(data.comment, data.language) if data.comment else None
    stored_key = (
        scoped_idempotency_key(data.idempotency_key, idempotency_scope)
        if data.idempotency_key
        else None
    )
    fingerprint = request_hash(data) if idempotency_scope and stored_key else None
    if stored_key:
        existing = find_by_idempotency_key(session, stored_key)
        if existing is not None:
            if fingerprint and existing.request_hash and existing.request_hash != fingerprint:
                raise IdempotencyConflict(
                    "this Idempotency-Key was already used with a different request body"
                )
            if source == CHAT_SOURCE and existing.source == CHAT_SOURCE:
                revise_chat_answer(
                    session,
                    existing,
                    data,
                    sentiment=sentiment,
                    settings=settings,
                    transcript=transcript,
                )
            return existing, False

    now = utcnow()
    customer = None
    if data.customer_id:
        customer = get_or_create_customer(
            session,
            data.customer_id,
            language=data.language,
            segment=data.segment,
            surveyed_at=None if data.dismissed else now,
        )
        _note_consent(customer, data)
    conversation = None
    if data.conversation_id:
        conversation = get_or_create_conversation(
            session,
            data.conversation_id,
            customer=customer,
            channel=data.channel,
            language=data.language,
            campaign=data.campaign,
        )
        if transcript is not None:
            conversation.transcript = transcript

    response = SurveyResponse(
        kind=data.kind,
        score=data.score,
        category=(
            nps_category(data.score)
            if data.kind is SurveyKind.NPS and data.score is not None
            else None
        ),
        comment=data.comment,
        dismissed=data.dismissed,
        language=data.language,
        channel=data.channel,
        campaign=data.campaign,
        segment=data.segment or (customer.segment if customer else None),
        source=source,
        customer_id=customer.id if customer else None,
        conversation_id=conversation.id if conversation else None,
        idempotency_key=stored_key,
        request_hash=fingerprint,
        contact_email=data.email if data.contact_consent else None,
        contact_phone=data.phone if data.contact_consent else None,
        created_at=data.created_at or now,
        received_at=now,
    )
    session.add(response)

    # Set even when absent: a new answer's relation that was never assigned is read from
    # the database when touched after the commit (two SELECTs per ingest for the reply).
    response.sentiment = _sentiment_record(sentiment)

    decision = _decision(data, sentiment, settings)
    response.case = None  # set even when absent, for the same reason as the sentiment
    if decision.flagged and not data.dismissed:
        _open_or_join_case(session, response, data, decision, settings=settings, now=now)
    session.flush()
    return response, True


def _open_or_join_case(
    session: Session,
    response: SurveyResponse,
    data: ResponseCreate,
    decision: FollowUpDecision,
    *,
    settings: Settings,
    now: datetime,
) -> FollowUpCase:
    """Give a flagged answer its case: the open case its chat already has for a complaint
    or a request for a person, else a new one.

    Why: a customer who complained and then gave a 3 in the same chat had two cases, two
    reference numbers and possibly two agents calling about one problem. The chat's case
    takes the answer, its reasons and the higher priority of the two, and a note, so the
    agent sees both in one place.
    """
    case = (
        open_case_of_conversation(session, response.conversation_id, without_answer=True)
        if response.conversation_id is not None
        else None
    )
    if case is None:
        case = response.case = _new_case_for(response, data, decision, settings=settings, now=now)
        case.notes = _contact_notes(response, now=now)
        return case
    response.case = case
    case.reasons = list(
        dict.fromkeys([*case.reasons, *(reason.value for reason in decision.reasons)])
    )
    case.priority = min(case.priority, decision.priority)
    answer_due = _answer_due(response, settings)
    if case.due_at is None or answer_due < case.due_at:
        case.due_at = answer_due
    case.updated_at = now
    case.notes.extend(
        [
            CaseNote(author=SYSTEM_ACTOR, body=_answer_joined(response), created_at=now),
            *_contact_notes(response, now=now),
        ]
    )
    return case


def _answer_joined(response: SurveyResponse) -> str:
    """The note on a chat's case that its survey answer joined it."""
    scale = "NPS 0-10" if response.kind is SurveyKind.NPS else "CSAT 1-5"
    said = f': "{response.comment}"' if response.comment else ""
    return f"The customer then answered a survey in this chat ({scale}): {response.score}{said}"


def _note_consent(customer: Customer, data: ResponseCreate) -> None:
    """Keep a known customer's consent (and first address) as this answer gives them."""
    if data.email and data.contact_consent and customer.email in (None, data.email):
        # The first address given becomes the customer's contact; a different one stays
        # with its answer (contact_email) and never replaces it: any service key can post.
        customer.email = data.email
        customer.email_consent = True
    elif data.contact_consent is False:
        customer.email_consent = False


def _sentiment_record(sentiment: SentimentResult | None) -> SentimentRecord | None:
    if sentiment is None:
        return None
    return SentimentRecord(
        label=sentiment.label,
        polarity=float(sentiment.polarity),
        confidence=float(sentiment.confidence),
        backend=sentiment.backend,
        reason=sentiment.reason,
    )


def _decision(
    data: ResponseCreate, sentiment: SentimentResult | None, settings: Settings
) -> FollowUpDecision:
    return decide_follow_up(
        kind=data.kind,
        score=data.score,
        sentiment=sentiment,
        complaint=data.complaint,
        policy=FollowUpPolicy.from_settings(settings),
    )


def _new_case_for(
    response: SurveyResponse,
    data: ResponseCreate,
    decision: FollowUpDecision,
    *,
    settings: Settings,
    now: datetime,
) -> FollowUpCase:
    return new_case(
        conversation_id=response.conversation_id,
        customer_id=response.customer_id,
        priority=decision.priority,
        reasons=[reason.value for reason in decision.reasons],
        channel=data.channel,
        language=data.language,
        campaign=data.campaign,
        due_at=_answer_due(response, settings),
        now=now,
    )


def _answer_due(response: SurveyResponse, settings: Settings) -> datetime:
    """When a flagged answer's customer is to be contacted: the first-contact promise,
    counted from the answer (not from when it reached us, which may be later)."""
    return response.created_at + timedelta(hours=settings.first_contact_hours)


def _contact_of(response: SurveyResponse) -> str:
    """The answer's contact as a note names it ("" when none)."""
    return " or ".join(filter(None, (response.contact_email, response.contact_phone)))


def _contact_notes(
    response: SurveyResponse, *, now: datetime, replaces: str = ""
) -> list[CaseNote]:
    """The note that tells the agent how to reach an anonymous customer, if they gave a
    contact: they have no customer record to show it on (a known one's shows it while they
    consent), so it goes on the case, where the agent who follows up reads. A contact that
    ``replaces`` another given earlier says so: the earlier note stays in the history, and
    an agent must not use it ("oops typo, it's bola@example.com")."""
    contact = _contact_of(response)
    if not contact or response.customer_id is not None:
        return []
    body = f"Contact the customer at {contact} (given, with consent, with the answer)"
    if replaces and replaces != contact:
        body = (
            f"Contact the customer at {contact} (given, with consent, with the answer; "
            f"it replaces {replaces}, which is not to be used)"
        )
    return [CaseNote(author=SYSTEM_ACTOR, body=body, created_at=now)]


def revise_chat_answer(
    session: Session,
    response: SurveyResponse,
    data: ResponseCreate,
    *,
    sentiment: SentimentResult | None,
    settings: Settings,
    transcript: list[dict[str, object]] | None,
) -> None:
    """Bring a chat answer stored earlier in its survey up to date with ``data``.

    Why: the chat stores an answer as soon as the score is given, then again as the reason
    and the contact come (same idempotency key), so a customer who taps a 3 and closes the
    widget is still counted (a score waiting in a slot for "why?" was lost). The same key
    with the same answer (a retried delivery) changes nothing. The answer keeps its time
    (when the score was given); the rollups follow a changed score (storage.rollups). A
    case is opened when the answer now calls for one. If the answer no longer calls for
    follow-up (a 3 corrected to a 9), a case no agent has touched is resolved, with a note
    and its history saying why (reopened if the answer comes to call for one again); one an
    agent works on gets the note, and the agent decides.
    """
    if transcript is not None and response.conversation is not None:
        response.conversation.transcript = transcript
    consent = data.contact_consent
    changes = {
        "score": data.score,
        "category": (
            nps_category(data.score)
            if data.kind is SurveyKind.NPS and data.score is not None
            else None
        ),
        "comment": data.comment,
        "dismissed": data.dismissed,
        "contact_email": data.email if consent else None,
        "contact_phone": data.phone if consent else None,
    }
    if all(getattr(response, name) == value for name, value in changes.items()):
        return
    comment_changed = response.comment != data.comment
    earlier_contact = _contact_of(response)
    contact_withdrawn = bool(response.contact_email or response.contact_phone) and not consent
    for name, value in changes.items():
        setattr(response, name, value)
    if response.customer is not None:
        _note_consent(response.customer, data)
    if comment_changed:
        if response.sentiment is not None:
            session.delete(response.sentiment)
            session.flush()  # the unique response_id is free before the new record
        response.sentiment = _sentiment_record(sentiment)
    now = utcnow()
    decision = _decision(data, sentiment, settings)
    case = response.case
    if decision.flagged and not data.dismissed:
        if case is None:
            case = response.case = _new_case_for(
                response, data, decision, settings=settings, now=now
            )
        else:
            case.priority = min(case.priority, decision.priority)
            case.reasons = sorted({*case.reasons, *(reason.value for reason in decision.reasons)})
    notes: list[str] = []
    what = "dismissed the survey" if data.dismissed else f"changed the score to {data.score}"
    no_longer = f"The customer {what} in the chat: this answer no longer calls for follow-up"
    if case is None:
        pass
    elif not (decision.flagged and not data.dismissed):
        if _untouched(case) and not _asked_for_in_chat(case):  # out of the queue
            _set_status_by_chat(
                case, CaseStatus.RESOLVED, f"{no_longer}, so the case was resolved", now=now
            )
        elif case.status is not CaseStatus.RESOLVED:
            notes.append(no_longer)
    elif case.status is CaseStatus.RESOLVED and _resolved_by_chat(case):
        again = f"The customer {what} in the chat: this answer calls for follow-up again"
        _set_status_by_chat(case, CaseStatus.OPEN, again, now=now)
    if case is not None and contact_withdrawn:
        notes.append(CONTACT_WITHDRAWN_NOTE)
    if case is not None:
        notes += [note.body for note in _contact_notes(response, now=now, replaces=earlier_contact)]
        noted = {note.body for note in case.notes}  # each said once, however often revised
        case.notes.extend(
            CaseNote(author=SYSTEM_ACTOR, body=body, created_at=now)
            for body in notes
            if body not in noted
        )
    session.flush()


def _asked_for_in_chat(case: FollowUpCase) -> bool:
    """Whether the chat asked for ``case`` besides its answer (a complaint, a person): a
    corrected score takes back the answer's reason for it, not the customer's request."""
    return any(reason in HANDOFF_PRIORITY for reason in case.reasons)


def _untouched(case: FollowUpCase) -> bool:
    """Whether no agent has worked on ``case``: open, unassigned, every note and change the
    product's own."""
    return (
        case.status is CaseStatus.OPEN
        and case.assignee is None
        and all(note.author == SYSTEM_ACTOR for note in case.notes)
        and all(event.actor == SYSTEM_ACTOR for event in case.events)
    )


def _resolved_by_chat(case: FollowUpCase) -> bool:
    """Whether the last status change of ``case`` was the chat's (a revised answer's)."""
    changes = [event for event in case.events if event.field == "status"]
    return bool(changes) and changes[-1].actor == SYSTEM_ACTOR


def _set_status_by_chat(
    case: FollowUpCase, status: CaseStatus, note: str, *, now: datetime
) -> None:
    """Resolve or reopen ``case`` because the customer revised the answer in the chat.

    Why: a 3 corrected to a 7 had left its case open at the top of the agents' queue with
    only a note, for an agent to close by hand; a case nobody worked on is resolved (its
    history says by whom and why), and reopened if the answer comes to call for follow-up
    again. A case an agent has touched keeps its status, with the note.
    """
    update_case(case, changes=CaseUpdate(status=status, note=note), actor=SYSTEM_ACTOR, now=now)


CONTACT_WITHDRAWN_NOTE = (
    "The customer withdrew consent to be contacted in the chat: do not contact them about "
    "this answer"
)
"""Said on the case when a contact given with the answer is taken back ("please don't
contact me after all"): the contact is removed from the answer, and the agent who follows
up must not use one noted earlier."""


def _worth_retrying(exc: Exception) -> bool:
    """A unique-key race (the other writer won) or SQLite's writer lock: try again."""
    if isinstance(exc, IntegrityError):
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


def store_response(
    session: Session,
    data: ResponseCreate,
    *,
    analyzer: Analyzer,
    settings: Settings,
    source: str = "api",
    transcript: list[dict[str, object]] | None = None,
    idempotency_scope: str | None = None,
    attempts: int = 8,
) -> tuple[SurveyResponse, bool]:
    """:func:`record_response` and commit, retried when a concurrent writer got in first.

    The retry is what makes an accepted answer never a 500: after a lost race the next
    attempt finds the customer, conversation or idempotency key the winner stored.
    """
    for attempt in range(1, attempts + 1):
        try:
            stored, created = record_response(
                session,
                data,
                analyzer=analyzer,
                settings=settings,
                source=source,
                transcript=transcript,
                idempotency_scope=idempotency_scope,
            )
            session.commit()
            return stored, created
        except (IntegrityError, OperationalError) as exc:
            session.rollback()
            if attempt == attempts or not _worth_retrying(exc):
                raise
            # Jittered backoff, so writers that collided do not collide again in step.
            time.sleep(random.uniform(0, min(0.5, 0.01 * 2**attempt)))
    raise AssertionError("unreachable: the loop returns or raises")


def record_offer(
    session: Session,
    *,
    kind: SurveyKind,
    customer_id: str | None,
    sender_id: str | None,
    channel: str,
    language: str,
    campaign: str | None,
    offered_at: datetime | None = None,
) -> SurveyOffer:
    """Note that a survey was offered, for the response rate."""
    customer = get_or_create_customer(session, customer_id) if customer_id else None
    conversation_id = (
        conversation_id_for(
            session,
            sender_id,
            customer_id=customer.id if customer else None,
            channel=channel,
            language=language,
            campaign=campaign,
        )
        if sender_id
        else None
    )
    offer = SurveyOffer(
        kind=kind,
        customer_id=customer.id if customer else None,
        conversation_id=conversation_id,
        channel=channel,
        language=language,
        campaign=campaign,
        offered_at=offered_at or utcnow(),
    )
    session.add(offer)
    session.flush()
    return offer


def recently_surveyed(session: Session, customer_id: str, *, days: int, now: datetime) -> bool:
    """True if the customer answered a survey in the last ``days`` days (the throttle)."""
    if days <= 0:
        return False
    customer = session.scalar(select(Customer).where(Customer.external_id == customer_id))
    return bool(
        customer
        and customer.last_surveyed_at
        and customer.last_surveyed_at > now - timedelta(days=days)
    )
