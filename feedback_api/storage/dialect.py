"""``INSERT ... ON CONFLICT`` for the database in use (SQLite and PostgreSQL both have it).

Upserts let the database settle races between workers: select-then-insert lets two
writers both miss and one of them fail on the unique key.
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from feedback_api.models import Base


def insert_for(session: Session, model: type[Base]) -> postgresql.Insert | sqlite.Insert:
    """An INSERT for ``model`` that supports ``on_conflict_do_*`` on this session's database."""
    return insert_for_dialect(session.get_bind().dialect.name, model)


def insert_for_dialect(dialect: str, model: type[Base]) -> postgresql.Insert | sqlite.Insert:
    """An INSERT for ``model`` that supports ``on_conflict_do_*`` on the named database."""
    if dialect == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)
