"""The ``closedloop`` command: what an operator does from a shell.

Keys are made and revoked here (never over HTTP), so the first admin credential needs
shell access to the server, which is the usual trust boundary for a self-hosted service.
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import datetime
from typing import Annotated

import typer
from sqlalchemy.exc import InterfaceError, OperationalError

from feedback_api.db import get_engine, session_scope
from feedback_api.migrate import upgrade
from feedback_api.models import Role
from feedback_api.settings import get_settings
from feedback_api.storage import keys, users

MIGRATE_RETRY_S = 5.0

app = typer.Typer(
    help="ClosedLoop: customer feedback and support chatbot service.",
    no_args_is_help=True,
    add_completion=False,
)


def _pepper() -> str:
    return get_settings().api_key_pepper.get_secret_value()


def _last(moment: datetime | None) -> str:
    """A last use or sign-in in the listings: to the minute, or "never"."""
    return f"{moment:%Y-%m-%d %H:%M}" if moment else "never"


def _state(ended: str, since: datetime | None) -> str:
    """A key's or user's state in the listings: "active", or e.g. "revoked 2026-03-01"."""
    return f"{ended} {since:%Y-%m-%d}" if since else "active"


@app.command()
def migrate() -> None:
    """Apply database migrations (safe to run repeatedly)."""
    settings = get_settings()
    upgrade(settings.sqlalchemy_url)
    typer.echo(f"database is up to date: {settings.printable_database_url}")


@app.command("create-key")
def create_key(
    role: Annotated[Role, typer.Option(help="agent, marketer, admin or service")],
    name: Annotated[str | None, typer.Option(help="who or what uses the key")] = None,
) -> None:
    """Create an API key. The key is printed once, alone on the last line."""
    settings = get_settings()
    upgrade(settings.sqlalchemy_url)
    with session_scope(get_engine(settings)) as session:
        new = keys.create_key(
            session, name=name or f"{role.value}-key", role=role, pepper=_pepper()
        )
    typer.echo(
        f"created {new.role.value} key #{new.id} ({new.name}); store it now, it is not shown again:"
    )
    typer.echo(new.secret)


@app.command("revoke-key")
def revoke_key(
    key: Annotated[str, typer.Argument(help="the key id (as listed) or the key itself")],
) -> None:
    """Revoke an API key by id or by its value."""
    settings = get_settings()
    with session_scope(get_engine(settings)) as session:
        if key.isdigit():
            count = keys.revoke_key(session, key_id=int(key))
        else:
            count = keys.revoke_key(session, prefix=key)
    if not count:
        typer.echo(f"no active key matches {key!r}", err=True)
        raise typer.Exit(1)
    typer.echo(f"revoked {count} key(s)")


@app.command("list-keys")
def list_keys() -> None:
    """List API keys (id, role, name, prefix, created, last used, revoked)."""
    settings = get_settings()
    with session_scope(get_engine(settings)) as session:
        rows = keys.list_keys(session)
        for k in rows:
            typer.echo(
                f"{k.id:>4}  {k.role.value:<8}  {k.prefix}…  {k.name:<24}  "
                f"created {k.created_at:%Y-%m-%d}  last used {_last(k.last_used_at)}  "
                f"{_state('revoked', k.revoked_at)}"
            )
    if not rows:
        typer.echo("no keys yet: closedloop create-key --role admin")


@app.command("create-user")
def create_user(
    username: Annotated[str, typer.Argument(help="sign-in name: letters, digits, . _ -")],
    role: Annotated[Role, typer.Option(help="agent, marketer or admin")],
    display_name: Annotated[str | None, typer.Option(help="the name shown in the console")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="read the password from standard input")
    ] = False,
) -> None:
    """Create a person's account for the agent console / dashboard (asks for a password)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = get_settings()
    upgrade(settings.sqlalchemy_url)
    try:
        with session_scope(get_engine(settings)) as session:
            user = users.create_user(
                session, username=username, password=password, role=role, display_name=display_name
            )
            name, user_role = user.username, user.role
    except users.UserError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"created {user_role.value} user '{name}'; sign in at /console/login")


@app.command("disable-user")
def disable_user(
    username: Annotated[str, typer.Argument(help="the user to disable")],
) -> None:
    """Disable a user: they cannot sign in, and their open sessions end at once."""
    settings = get_settings()
    try:
        with session_scope(get_engine(settings)) as session:
            user = users.disable_user(session, username)
            name = user.username
    except users.UserError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"disabled user '{name}'")


@app.command("list-users")
def list_users() -> None:
    """List console and dashboard users (username, role, last sign-in, state)."""
    settings = get_settings()
    with session_scope(get_engine(settings)) as session:
        rows = users.list_users(session)
        for u in rows:
            typer.echo(
                f"{u.username:<20}  {u.role.value:<8}  {u.display_name or '':<24}  "
                f"last sign-in {_last(u.last_login_at)}  {_state('disabled', u.disabled_at)}"
            )
    if not rows:
        typer.echo("no users yet: closedloop create-user NAME --role agent")


@app.command()
def api(
    port: Annotated[int | None, typer.Option(help="default: CLOSEDLOOP_API_PORT or 8000")] = None,
    host: Annotated[str | None, typer.Option(help="default: CLOSEDLOOP_API_HOST")] = None,
) -> None:
    """Serve the feedback API alone (migrations are applied first).

    When the database is unreachable the API starts anyway: /readyz answers 503 and every
    other endpoint 503 with Retry-After, and the migrations are applied (and the API ready)
    once the database answers, without a restart.
    """
    import uvicorn

    settings = get_settings()
    if not _try_upgrade(settings.sqlalchemy_url):
        typer.echo(
            f"warning: database {settings.printable_database_url} is unreachable; serving "
            "anyway (not ready) and retrying the migrations in the background",
            err=True,
        )
        threading.Thread(
            target=_upgrade_when_reachable, args=(settings.sqlalchemy_url,), daemon=True
        ).start()
    uvicorn.run(
        "feedback_api.app:create_app",
        factory=True,
        host=host or settings.api_host,
        port=port or settings.api_port,
        proxy_headers=False,  # the app believes X-Forwarded-For only from trusted_proxies
    )


def _try_upgrade(url: str) -> bool:
    """Apply the migrations; False (instead of a traceback) when the database is down."""
    try:
        upgrade(url)
    except (OperationalError, InterfaceError):
        return False
    return True


def _upgrade_when_reachable(url: str, every_s: float = MIGRATE_RETRY_S) -> None:
    while not _try_upgrade(url):
        time.sleep(every_s)
    typer.echo("database reachable again: migrations applied", err=True)


@app.command()
def train(
    force: Annotated[bool, typer.Option(help="train even if nothing changed")] = False,
) -> None:
    """Train the Rasa model if its inputs (config, domain, bot/data) changed."""
    from closedloop.runner import ensure_model

    path = ensure_model(get_settings(), force=force)
    typer.echo(f"model: {path}")


@app.command("build-sentiment")
def build_sentiment(
    force: Annotated[bool, typer.Option(help="rebuild even if nothing changed")] = False,
) -> None:
    """Build the sentiment model into the settings' model path if its inputs changed.

    The same build as ``python -m sentiment.build`` (``make setup`` runs that), aimed at the
    folder the service loads, so an operator rebuilds the model the service will use.
    """
    from sentiment.build.__main__ import DEFAULT_OUTPUT
    from sentiment.build.__main__ import main as build_main

    output = get_settings().sentiment_model_path or str(DEFAULT_OUTPUT)
    raise typer.Exit(build_main(["--output", output, *(["--force"] if force else [])]))


@app.command()
def run(
    production: Annotated[
        bool,
        typer.Option(
            help="several Rasa servers and action servers on PostgreSQL (conversations) and "
            "Redis (locks), several API workers; see docs/running.md"
        ),
    ] = False,
) -> None:
    """Start the bot, the action server and the API together; Ctrl-C stops all."""
    from closedloop.runner import run_all

    sys.exit(run_all(get_settings(), production=production))


@app.command("flush-outbox")
def flush_outbox() -> None:
    """Store survey answers that waited in the outbox while the database was down."""
    from feedback_api.analyzer import analyzer_from_settings
    from feedback_api.storage.outbox import flush_outbox as flush

    settings = get_settings()
    result = flush(settings, engine=get_engine(settings), analyzer=analyzer_from_settings(settings))
    typer.echo(
        f"delivered {result.delivered}, already stored {result.duplicates}, "
        f"refused {result.failed}, still waiting {result.remaining}"
    )
    if not result.done:
        typer.echo(f"the database is still unreachable: {result.error}", err=True)
        raise typer.Exit(1)


@app.command("seed-demo")
def seed_demo(
    count: Annotated[int, typer.Option(min=1, max=10_000_000)] = 200,
    seed: Annotated[int, typer.Option(help="random seed, for repeatable data")] = 7,
) -> None:
    """Fill the database with realistic demo answers over the last 120 days, and demo orders."""
    from feedback_api.analyzer import get_analyzer
    from feedback_api.demo import seed_demo_orders, seed_responses

    settings = get_settings()
    upgrade(settings.sqlalchemy_url)
    with session_scope(get_engine(settings)) as session:
        made = seed_responses(
            session, count=count, seed=seed, analyzer=get_analyzer(), settings=settings
        )
        orders = seed_demo_orders(session)
    typer.echo(f"stored {made} demo answers and {orders} demo orders (see docs/support.md)")


@app.command()
def rollups(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="recount the rollups from the answers")
    ] = False,
) -> None:
    """Check the report rollups against the answers (exit 1 if they differ), or rebuild them.

    Checking is one snapshot of the database, so it is exact while answers keep arriving;
    rebuilding holds new answers back for the few seconds it takes.
    """
    from feedback_api.storage import rollups as counts

    settings = get_settings()
    upgrade(settings.sqlalchemy_url)
    with get_engine(settings).begin() as connection:
        if rebuild:
            answers, offers = counts.rebuild(connection)
            typer.echo(f"rebuilt the rollups: {answers} answer rows, {offers} offer rows")
            return
        answers, offers = counts.verify(connection)
    if answers or offers:
        typer.echo(
            f"rollups differ from the answers: {answers} answer rows, {offers} offer rows; "
            "run `closedloop rollups --rebuild`",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo("rollups match the answers")


if __name__ == "__main__":  # pragma: no cover
    app()
