"""The migrations: revision 0006 adds the answer's contact phone, 0007 an order's refund
rejection, and the migrated schema has every column the models have (on SQLite, in batch
mode, and on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import String, create_engine, inspect

from feedback_api.migrate import alembic_config, upgrade
from feedback_api.models import Base
from tests.conftest import _postgres_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a database of its own, not migrated yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    generator = _postgres_database()
    yield next(generator)
    generator.close()


def _columns(url: str, table: str) -> dict[str, dict[str, object]]:
    engine = create_engine(url)
    try:
        return {c["name"]: c for c in inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


def _response_columns(url: str) -> dict[str, dict[str, object]]:
    return _columns(url, "survey_responses")


def test_0006_adds_the_contact_phone_and_takes_it_away(empty_database: str) -> None:
    upgrade(empty_database, "0005")
    assert "contact_phone" not in _response_columns(empty_database)

    upgrade(empty_database, "0006")
    phone = _response_columns(empty_database)["contact_phone"]
    assert phone["nullable"] is True
    assert isinstance(phone["type"], String) and phone["type"].length == 32

    command.downgrade(alembic_config(empty_database), "0005")
    columns = _response_columns(empty_database)
    assert "contact_phone" not in columns and "contact_email" in columns
    upgrade(empty_database)  # and up again
    assert "contact_phone" in _response_columns(empty_database)


def test_0007_adds_the_refund_rejection_and_takes_it_away(empty_database: str) -> None:
    upgrade(empty_database, "0006")
    assert "refund_rejection" not in _columns(empty_database, "orders")

    upgrade(empty_database, "0007")
    rejection = _columns(empty_database, "orders")["refund_rejection"]
    assert rejection["nullable"] is True
    assert isinstance(rejection["type"], String)
    assert rejection["type"].length == len("return_window_passed")

    command.downgrade(alembic_config(empty_database), "0006")
    assert "refund_rejection" not in _columns(empty_database, "orders")


def test_migrated_schema_matches_the_models(empty_database: str) -> None:
    """Every table and column of the models is made by a migration, and no migration makes
    one the models lack. (Indexes are left out: Alembic cannot compare the partial,
    expression indexes the migrations make.)"""
    upgrade(empty_database)
    engine = create_engine(empty_database)
    try:
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        engine.dispose()
    ops = [op for op in diff if isinstance(op, tuple)] + [
        change for op in diff if isinstance(op, list) for change in op
    ]
    assert [
        op for op in ops if op[0] in {"add_table", "remove_table", "add_column", "remove_column"}
    ] == []
