"""The CSV export: streamed in chunks, formulas defused, emails only where allowed."""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine

from feedback_api.db import session_factory
from feedback_api.policy import CaseStatus, NpsCategory, SurveyKind
from feedback_api.schemas.metrics import MetricFilters
from feedback_api.storage import export
from tests.storage.factories import Data

T0 = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)
MARCH = MetricFilters(start=datetime(2024, 3, 1, tzinfo=UTC), end=datetime(2024, 4, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        (" =1+1", "' =1+1"),
        ("\n=cmd|' /C calc'!A0", "'\n=cmd|' /C calc'!A0"),
        ("  \r\n@SUM(A1)", "'  \r\n@SUM(A1)"),
        ("fine", "fine"),
        (-0.5, -0.5),
        (7, 7),
        (True, "true"),
        (None, ""),
        (T0, "2024-03-10T12:00:00+00:00"),
        (SurveyKind.NPS, "nps"),
    ],
)
def test_safe_cell(value: object, cell: object) -> None:
    assert export.safe_cell(value) == cell


def test_stream_is_chunked_and_complete(
    data: Data, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "CHUNK_ROWS", 2)
    made = [data.answer("nps", score, at=T0) for score in (10, 9, 0, 5, 7)]

    chunks = list(
        export.stream_csv(session_factory(engine), filters=MARCH, kind=None, include_email=False)
    )

    assert len(chunks) == 1 + 3  # the header, then 2 + 2 + 1 rows
    rows = list(csv.DictReader(io.StringIO("".join(chunks))))
    assert [int(r["id"]) for r in rows] == [r.id for r in made]
    assert [r["flagged"] for r in rows] == ["false", "false", "true", "true", "false"]


def test_contact_columns_only_when_asked_and_only_with_consent(data: Data, engine: Engine) -> None:
    data.answer("nps", 3, at=T0, customer_id="c1", email="a@example.com", contact_consent=True)
    data.answer("nps", 3, at=T0, customer_id="c2", email="b@example.com", contact_consent=False)
    data.answer("nps", 3, at=T0, customer_id="c3", phone="555 123 4567", contact_consent=True)
    data.answer("nps", 3, at=T0, phone="+374 10 123456", contact_consent=True)  # anonymous
    data.answer("nps", 3, at=T0, customer_id="c4", phone="555 765 4321", contact_consent=False)
    # Round 14: an anonymous visitor's address typed in the chat had not been exported.
    data.answer("nps", 2, at=T0, email="visitor@example.com", contact_consent=True)
    data.answer("nps", 2, at=T0, email="shy@example.com", contact_consent=False)

    def rows(include_email: bool) -> list[dict[str, str]]:
        body = "".join(
            export.stream_csv(
                session_factory(engine), filters=MARCH, kind=None, include_email=include_email
            )
        )
        return list(csv.DictReader(io.StringIO(body)))

    assert "email" not in rows(False)[0] and "phone" not in rows(False)[0]
    assert [r["email"] for r in rows(True)] == [
        "a@example.com",
        "",
        "",
        "",
        "",
        "visitor@example.com",
        "",
    ]
    assert [r["phone"] for r in rows(True)] == ["", "", "5551234567", "'+37410123456", "", "", ""]


def test_fast_cells_write_what_safe_cell_writes(data: Data, engine: Engine) -> None:
    """The per-column converters give byte for byte the CSV of safe_cell over typed values."""
    data.answer("nps", 2, at=T0, comment="=1+1 broken", customer_id="c1", campaign="-x")
    data.answer("csat", 4, at=T0.replace(microsecond=123456), comment="fine", language="ka")
    data.answer("nps", None, at=T0, dismissed=True, segment="vip")
    data.answer("nps", 4, at=T0, customer_id="c2", phone="+995 555 12-34-56", contact_consent=True)
    body = "".join(
        export.stream_csv(session_factory(engine), filters=MARCH, kind=None, include_email=True)
    )

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow((*export.COLUMNS, "email", "phone"))
    with session_factory(engine)() as session:
        stmt = export.export_query(filters=MARCH, kind=None, include_email=True)
        for row in session.execute(stmt):
            typed = [
                value.replace(tzinfo=UTC) if isinstance(value, datetime) else value for value in row
            ]
            writer.writerow([export.safe_cell(value) for value in typed])
    assert body == buffer.getvalue()
    assert "'=1+1 broken" in body and ",'-x," in body
    assert ",'+995555123456\r\n" in body


# Cells the database must spell exactly as the csv module and safe_cell do.
TRICKY_COMMENTS = [
    "comma, inside",
    'a "quoted" word',
    "two\nlines",
    "carriage\r\nreturn",
    "=1+1",
    "  \n@SUM(A1)",
    "-minus first",
    "'already quoted",
    "ძალიან კარგი მომსახურება, გმადლობთ!",
    "Պատվերը ուշացավ, և ոչ ոք չպատասխանեց",
    'ትዕዛዜ "ዘግይቷል" ማንም አልመለሰልኝም',
    "",
    None,
]
TRICKY_KEYS = ["-x", 'spring, "sale"', None, "a\nb", "\t", " \t", "\x0b=1", " +1", "@home", "vip"]
TRICKY_POLARITIES = [0.0, -0.0, 1.0, -1.0, 0.1 + 0.2, -0.5, 1e-05, 2.5e-7, 1e16, 1e15]


def test_postgres_fast_path_writes_what_the_python_path_writes(data: Data, engine: Engine) -> None:
    """The CSV PostgreSQL writes (stream_csv's path there) equals the csv module's, byte for
    byte: quoting, defused formulas, unicode, NULLs, microseconds, times given in other zones."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the database writes the CSV only on PostgreSQL")
    zones = [UTC, timezone(timedelta(hours=4)), timezone(timedelta(hours=-5, minutes=-30))]
    for n, comment in enumerate(TRICKY_COMMENTS):
        at = datetime(2024, 3, 10, 12, 0, tzinfo=zones[n % 3]) + timedelta(microseconds=n * 7)
        answer = data.answer(
            "nps",
            n % 11,
            at=at,
            comment=comment or None,
            customer_id=f'cust, "{n}"' if n % 2 else f"=cust-{n}",
            email=f"c{n}@example.com",
            phone=(f"+995 555 {n:06d}", f"555-{n:07d}", None)[n % 3] if n % 4 else None,
            contact_consent=n % 3 == 0 or n % 4 == 1,
        )
        answer.campaign = TRICKY_KEYS[n % len(TRICKY_KEYS)]
        answer.segment = TRICKY_KEYS[-1 - n % len(TRICKY_KEYS)]
        if answer.sentiment is not None:
            answer.sentiment.polarity = TRICKY_POLARITIES[n % len(TRICKY_POLARITIES)]
        elif comment == "":
            answer.comment = ""  # an empty comment, not a missing one
    data.answer("csat", None, at=T0, dismissed=True, language="ka")
    data.session.commit()

    def body(chunks: Callable[..., Iterator[str]]) -> str:
        with session_factory(engine)() as session:
            return "".join(chunks(session, filters=MARCH, kind=None, include_email=True))

    fast = body(export._postgres_chunks)
    assert fast == body(export._python_chunks)
    rows = list(csv.reader(io.StringIO(fast)))
    assert len(rows) == len(TRICKY_COMMENTS) + 1
    assert "two\nlines" in [row[6] for row in rows] and "'=1+1" in [row[6] for row in rows]
    assert {"'+995555000003", "5550000001", ""} <= {row[-1] for row in rows}  # phone


@pytest.mark.parametrize("member", [*SurveyKind, *NpsCategory, *CaseStatus])
def test_enum_values_need_no_defusing_or_quoting(member: enum.Enum) -> None:
    """The PostgreSQL export writes enum columns as stored, skipping safe_cell's checks."""
    value = str(member.value)
    assert export.safe_cell(value) == value
    assert not set(value) & set(',"\r\n')
