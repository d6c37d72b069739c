"""Train the bot and run the three processes: Rasa server, action server and API.

Used by ``closedloop train`` / ``closedloop run`` and by the end-to-end tests.

* Rasa 3.6 lives in its own virtualenv (``settings.rasa_venv``), so it is only ever called as
  a subprocess; nothing here imports Rasa.
* :func:`ensure_model` retrains only when the bot's files changed (a fingerprint next to the
  model), so ``closedloop run`` starts in seconds after the first time.
* :func:`start_services` starts the processes with the caller's settings (ports, database),
  waits until each answers its health check and stops them all on exit; :func:`run_all`
  wraps it for the terminal, with Ctrl-C handling.

Each child's output goes to ``<data_dir>/logs/<name>.log`` (appended), so the terminal shows
one line per service instead of three interleaved logs; a service that dies has the end of
its log printed.
"""

from __future__ import annotations

import ast
import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO
from urllib.parse import unquote, urlencode, urlsplit

import httpx
from pydantic import SecretStr

from feedback_api.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "config.yml"
DOMAIN = ROOT / "domain.yml"
BOT_DATA = ROOT / "bot" / "data"
BOT_COMPONENTS = ROOT / "bot" / "components"
ENDPOINTS = ROOT / "endpoints.yml"
PRODUCTION_ENDPOINTS = ROOT / "bot" / "endpoints.production.yml"
CREDENTIALS = ROOT / "credentials.yml"
MODEL_NAME = "closedloop"

STARTUP_TIMEOUT_S = 300.0  # loading TensorFlow and the model takes ~30 s on 2 cores
STOP_TIMEOUT_S = 15.0
POLL_INTERVAL_S = 0.5
LOG_TAIL_LINES = 30

# Variables of our own virtualenv that must not leak into Rasa's (another Python version).
_FOREIGN_PYTHON_ENV = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")


class RunnerError(RuntimeError):
    """Training or starting a service failed; the message says what to do."""


# --- the model -----------------------------------------------------------------------------


def _bot_files() -> list[Path]:
    data = sorted(p for p in BOT_DATA.rglob("*") if p.is_file())
    # Custom NLU components are part of the model too: a changed featurizer needs a retrain,
    # and so does a change to the plain modules they read text with (bot/latin_georgian.py).
    components = sorted(p for p in BOT_COMPONENTS.rglob("*.py") if p.is_file())
    return [CONFIG, DOMAIN, *data, *components, *_imported_bot_modules(components)]


def _imported_bot_modules(files: list[Path]) -> list[Path]:
    """The modules of the ``bot`` package that ``files`` import, directly or through one
    another, other than ``files`` themselves (read from their import statements)."""
    seen = set(files)
    pending = list(files)
    while pending:
        tree = ast.parse(pending.pop().read_bytes())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                path = ROOT.joinpath(*name.split(".")).with_suffix(".py")
                if name.startswith("bot.") and path.is_file() and path not in seen:
                    seen.add(path)
                    pending.append(path)
    return sorted(seen - set(files))


def model_fingerprint(encoder_checksum: str | None = None) -> str:
    """SHA-256 over config.yml, domain.yml, bot/data, bot/components (and the ``bot``
    modules they import) and the NLU encoder.

    Any edit to the training data or pipeline, or a rebuilt sentence encoder (its checksum,
    :func:`closedloop.nlu_encoder.checksum`), changes it; nothing else does, so the model is
    retrained exactly when it could differ.
    """
    digest = hashlib.sha256()
    if encoder_checksum is not None:
        digest.update(f"nlu-encoder {encoder_checksum}".encode())
    for path in _bot_files():
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _absolute(path: Path) -> Path:
    return path if path.is_absolute() else (Path.cwd() / path).resolve()


def rasa_executable(settings: Settings) -> Path:
    """``<rasa_venv>/bin/rasa``, or a :class:`RunnerError` saying how to install it."""
    rasa = _absolute(settings.rasa_venv) / "bin" / "rasa"
    if not rasa.is_file():
        raise RunnerError(
            f"Rasa is not installed at {rasa} (CLOSEDLOOP_RASA_VENV={settings.rasa_venv}); "
            "run `make setup` to create the Rasa virtualenv."
        )
    return rasa


def model_path(settings: Settings) -> Path:
    """Where the trained model lives: ``<model_dir>/closedloop.tar.gz``."""
    return _absolute(settings.model_dir) / f"{MODEL_NAME}.tar.gz"


def _fingerprint_path(settings: Settings) -> Path:
    return _absolute(settings.model_dir) / f"{MODEL_NAME}.fingerprint"


def rasa_server_command(settings: Settings) -> list[str]:
    """How to start ``rasa``'s command line for serving: with our fix for action calls.

    ``python -m bot.rasa_run`` in the Rasa virtualenv is ``rasa`` with the reply check of
    custom action calls made once instead of per call (bot/rasa_run.py); run from the
    repository root, where ``bot`` is importable.
    """
    return [str(rasa_executable(settings).parent / "python"), "-m", "bot.rasa_run"]


def rasa_environment(
    settings: Settings, *, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment for Rasa subprocesses (train, test, run, data validate).

    ``endpoints.yml`` reads ``ACTION_ENDPOINT_URL`` and ``RASA_TRACKER_DB``; Rasa fails on a
    missing variable even in commands that do not use them, so they always have a value.
    """
    env = {k: v for k, v in os.environ.items() if k not in _FOREIGN_PYTHON_ENV}
    data_dir = _absolute(settings.data_dir)
    env.update(
        {
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{settings.action_port}/webhook",
            "RASA_TRACKER_DB": str(data_dir / "rasa_tracker.db"),
            "RASA_TELEMETRY_ENABLED": "false",
            # Rasa's cache of trained components, so a rules-only change retrains in seconds.
            "RASA_CACHE_DIRECTORY": str(_absolute(settings.model_dir) / ".rasa-cache"),
            "CLOSEDLOOP_NLU_ENCODER_PATH": str(_absolute(settings.nlu_encoder_path)),
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "TF_CPP_MIN_LOG_LEVEL": "2",
        }
    )
    env.update(extra or {})
    return env


def ensure_model(settings: Settings, *, force: bool = False) -> Path:
    """The trained model's path, training it first if the bot's files changed.

    Trains when ``force`` is set, the model file is missing, or its fingerprint file differs
    from :func:`model_fingerprint`. The fingerprint is written only after a successful train,
    so an interrupted train is retried next time. Rasa's output goes to this process's
    terminal (training takes 4-7 minutes on 2 cores, most of it the e5 encoder; docs/nlu.md).
    """
    rasa = rasa_executable(settings)
    model = model_path(settings)
    stamp = _fingerprint_path(settings)
    fingerprint = model_fingerprint(ensure_nlu_encoder(settings))
    if (
        not force
        and model.is_file()
        and stamp.is_file()
        and stamp.read_text(encoding="utf-8").strip() == fingerprint
    ):
        return model

    model.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(rasa),
        "train",
        "--config",
        str(CONFIG),
        "--domain",
        str(DOMAIN),
        "--data",
        str(BOT_DATA),
        "--out",
        str(model.parent),
        "--fixed-model-name",
        MODEL_NAME,
    ]
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=rasa_environment(settings), check=False)
    if result.returncode != 0 or not model.is_file():
        raise RunnerError(
            f"`rasa train` failed (exit {result.returncode}); see its output above. "
            "`rasa data validate --domain domain.yml --data bot/data --config config.yml` "
            "usually says what is wrong with the training data."
        )
    stamp.write_text(fingerprint + "\n", encoding="utf-8")
    print(f"Trained {model} in {time.monotonic() - started:.0f} s", flush=True)
    return model


def ensure_nlu_encoder(settings: Settings) -> str:
    """The NLU encoder's checksum, building the encoder first if missing or out of date.

    About 40 s once (closedloop/nlu_encoder.py); Rasa's featurizer refuses to start without it.
    """
    from closedloop import nlu_encoder

    path = _absolute(settings.nlu_encoder_path)
    try:
        nlu_encoder.build(path)
    except nlu_encoder.EncoderBuildError as exc:
        raise RunnerError(str(exc)) from exc
    found = nlu_encoder.checksum(path)
    if found is None:  # pragma: no cover - build() leaves a complete folder or raises
        raise RunnerError(f"the NLU encoder {path} is incomplete; run `make setup`.")
    return found


# --- the services --------------------------------------------------------------------------


def settings_environment(settings: Settings) -> dict[str, str]:
    """``CLOSEDLOOP_*`` variables that reproduce ``settings`` in a child process.

    The CLI may have built ``settings`` from flags as well as the environment; exporting
    every field makes the action server and the API see exactly the same configuration.
    Relative paths are made absolute so a child's working directory does not matter.
    """
    env: dict[str, str] = {}
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if value is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        elif isinstance(value, Path):
            value = _absolute(value)
        elif isinstance(value, list | tuple):
            value = ",".join(str(item) for item in value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        env[f"CLOSEDLOOP_{name.upper()}"] = str(value)
    env["CLOSEDLOOP_DATABASE_URL"] = settings.sqlalchemy_url
    return env


@dataclass
class Service:
    """One child process, its health check and its log file."""

    name: str
    command: list[str]
    health_url: str
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self._log.write(
            f"\n==== {time.strftime('%Y-%m-%d %H:%M:%S')} starting {self.name}\n".encode()
        )
        self._log.flush()
        # A session of its own: Ctrl-C reaches only us, and we stop the whole process group
        # (Rasa and uvicorn may fork workers) in a known order.
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def exit_code(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def is_ready(self) -> bool:
        try:
            return httpx.get(self.health_url, timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = STOP_TIMEOUT_S) -> None:
        """SIGTERM to the process group, SIGKILL if it has not exited after ``timeout``."""
        process = self.process
        if process is not None and process.poll() is None:
            _signal_group(process, signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=timeout)
        if process is not None:
            # Workers the child forked may outlive it; they share its process group.
            _signal_group(process, signal.SIGKILL)
        if self._log is not None:
            self._log.close()
            self._log = None


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


class ServiceDied(RunnerError):
    """A child process exited while it should be serving."""

    def __init__(self, service: Service) -> None:
        self.service = service
        super().__init__(
            f"{service.name} exited with code {service.exit_code()} "
            f"(log: {service.log_path}). Last lines:\n{service.log_tail()}"
        )


@dataclass
class RunningServices:
    """The started services and the URLs to reach them."""

    rasa_url: str
    actions_url: str
    api_url: str | None
    log_dir: Path
    services: list[Service]
    rasa_urls: list[str] = field(default_factory=list)
    """Every Rasa server (production mode runs several, sharing the conversations)."""
    sentiment_url: str | None = None
    """The sentiment service every worker scores with, when the runner started one."""

    @property
    def webhook_url(self) -> str:
        """Rasa's REST channel: POST {"sender", "message", "metadata"} here."""
        return f"{self.rasa_url}/webhooks/rest/webhook"

    @property
    def webhook_urls(self) -> list[str]:
        """The REST channel of every Rasa server; any of them can take any conversation."""
        return [f"{url}/webhooks/rest/webhook" for url in self.rasa_urls or [self.rasa_url]]

    def check(self) -> None:
        """Raise :class:`ServiceDied` if any service has exited."""
        for service in self.services:
            if service.exit_code() is not None:
                raise ServiceDied(service)

    def describe(self) -> list[str]:
        """One line per service with its URL, for the terminal."""
        lines = [f"Rasa REST channel: {url}" for url in self.webhook_urls]
        lines.append(f"Action server:     {self.actions_url}/webhook")
        if self.api_url:
            lines += [
                f"Feedback API:      {self.api_url}  (docs: {self.api_url}/docs)",
                f"Demo shop:         {self.api_url}/demo/",
                f"Agent console:     {self.api_url}/console  "
                "(make a user: .venv/bin/closedloop create-user NAME --role agent)",
                f"NPS dashboard:     {self.api_url}/dashboard",
            ]
        if self.sentiment_url:
            lines.append(f"Sentiment service: {self.sentiment_url}")
        lines.append(f"Logs:              {self.log_dir}/{{rasa,actions,api}}.log")
        return lines


def _client_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "::", "") else host


def production_environment(settings: Settings) -> dict[str, str]:
    """The variables ``bot/endpoints.production.yml`` reads, from the settings' two URLs.

    Rasa substitutes ``${VAR}`` in endpoint files and fails on a missing one, so every
    variable gets a value (an empty password means none).
    """
    if not settings.rasa_tracker_db_url:
        raise RunnerError(
            "Production mode keeps conversations in PostgreSQL: set "
            "CLOSEDLOOP_RASA_TRACKER_DB_URL=postgresql://user:password@host:5432/rasa_tracker "
            "(docs/running.md)."
        )
    tracker = urlsplit(settings.rasa_tracker_db_url)
    redis = urlsplit(settings.redis_url)
    if not tracker.scheme.startswith("postgresql") or redis.scheme not in ("redis", "rediss"):
        raise RunnerError(
            "CLOSEDLOOP_RASA_TRACKER_DB_URL must be a postgresql:// URL and "
            "CLOSEDLOOP_REDIS_URL a redis:// URL."
        )
    return {
        "RASA_TRACKER_DB_HOST": tracker.hostname or "127.0.0.1",
        "RASA_TRACKER_DB_PORT": str(tracker.port or 5432),
        "RASA_TRACKER_DB_NAME": tracker.path.lstrip("/") or "rasa_tracker",
        "RASA_TRACKER_DB_USER": unquote(tracker.username or ""),
        "RASA_TRACKER_DB_PASSWORD": unquote(tracker.password or ""),
        "RASA_REDIS_HOST": redis.hostname or "127.0.0.1",
        "RASA_REDIS_PORT": str(redis.port or 6379),
        "RASA_REDIS_PASSWORD": unquote(redis.password or ""),
        "RASA_REDIS_DB": redis.path.lstrip("/") or "0",
    }


# Rasa's own SQL tracker store makes its tables when it starts; run once, in Rasa's venv, by
# ensure_tracker_database so that several servers starting together find them made.
_CREATE_TRACKER_TABLES = """
import os
from rasa.core.tracker_store import SQLTrackerStore

SQLTrackerStore(
    dialect="postgresql",
    host=os.environ["RASA_TRACKER_DB_HOST"],
    port=int(os.environ["RASA_TRACKER_DB_PORT"]),
    db=os.environ["RASA_TRACKER_DB_NAME"],
    username=os.environ["RASA_TRACKER_DB_USER"] or None,
    password=os.environ["RASA_TRACKER_DB_PASSWORD"] or None,
)
"""
TRACKER_TABLES_TIMEOUT_S = 120.0


def ensure_tracker_database(settings: Settings) -> None:
    """Create production mode's conversation database and Rasa's tables in it, if missing.

    Rasa's SQL tracker store does not create the database, and on any error it silently
    falls back to keeping conversations in memory, per process: several Rasa servers would
    then no longer share conversations. Creating (or failing loudly) here avoids that.

    Race-safe: runners serialise on a PostgreSQL advisory lock named after the database, so
    two starting at once both succeed (the second finds it made). The tables are made here
    too, by Rasa's own ``SQLTrackerStore`` in one process: several Rasa servers starting on a
    new database each ran ``CREATE TABLE events`` at once, and all but one hit PostgreSQL's
    ``UniqueViolation`` on its catalogue, logged it and slept 5 s before retrying.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import IntegrityError, ProgrammingError, SQLAlchemyError

    url = make_url(str(settings.rasa_tracker_db_url)).set(drivername="postgresql+psycopg")
    name = url.database or "rasa_tracker"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            # One runner at a time per database (released when the connection closes).
            connection.execute(text("SELECT pg_advisory_lock(hashtext(:name))"), {"name": name})
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if exists is None:
                try:
                    connection.execute(text(f'CREATE DATABASE "{name}"'))
                    print(f"Created the conversation database {name}.", flush=True)
                except (IntegrityError, ProgrammingError) as exc:
                    # DuplicateDatabase (or UniqueViolation on pg_database): made meanwhile
                    # by something that does not take the lock.
                    if getattr(exc.orig, "sqlstate", None) not in ("42P04", "23505"):
                        raise
            _create_tracker_tables(settings)
    except SQLAlchemyError as exc:
        raise RunnerError(
            f"Cannot reach or create the conversation database {name!r} "
            f"(CLOSEDLOOP_RASA_TRACKER_DB_URL): {exc.__class__.__name__}: {exc}"
        ) from exc
    finally:
        admin.dispose()


def _create_tracker_tables(settings: Settings) -> None:
    """Rasa's tables in the conversation database, made once by Rasa's own code."""
    python = rasa_executable(settings).parent / "python"
    env = rasa_environment(settings, extra=production_environment(settings))
    try:
        result = subprocess.run(
            [str(python), "-c", _CREATE_TRACKER_TABLES],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TRACKER_TABLES_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RunnerError(
            "Rasa could not create its tables in the conversation database within "
            f"{TRACKER_TABLES_TIMEOUT_S:.0f} s (CLOSEDLOOP_RASA_TRACKER_DB_URL)"
        ) from exc
    if result.returncode != 0:
        raise RunnerError(
            "Rasa could not create its tables in the conversation database "
            f"(CLOSEDLOOP_RASA_TRACKER_DB_URL):\n{(result.stdout + result.stderr)[-2000:]}"
        )


def api_command(host: str, port: int, *, workers: int | None = None) -> list[str]:
    """The API's server command line; the runner and the API restart test start the same one.

    ``workers`` None runs uvicorn's single in-process server (development); a number runs
    that many worker processes under a supervisor (production).
    """
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "feedback_api.app:create_app",
        "--factory",
        "--host",
        host,
        "--port",
        str(port),
        *(["--workers", str(workers)] if workers is not None else []),
        # the app believes X-Forwarded-For only from CLOSEDLOOP_TRUSTED_PROXIES
        "--no-proxy-headers",
    ]


def sentiment_service_command(host: str, port: int) -> list[str]:
    """The sentiment service's command line (:mod:`feedback_api.sentiment_service`)."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "feedback_api.sentiment_service:create_app",
        "--factory",
        "--host",
        host,
        "--port",
        str(port),
    ]


def sentiment_service_threads(settings: Settings) -> dict[str, str]:
    """``CLOSEDLOOP_SENTIMENT_THREADS`` for the sentiment service: the setting, else half the cores.

    An answer costs about as much CPU in the model as in the API worker and the database
    together, which share the same cores. On 2 cores one torch thread gave 113 answers/s
    against 96-98 with two (4 API workers, docs/performance.md, "One sentiment service").
    """
    threads = settings.sentiment_threads or max(1, (os.cpu_count() or 1) // 2)
    return {"CLOSEDLOOP_SENTIMENT_THREADS": str(threads)}


def shares_a_sentiment_service(settings: Settings, *, production: bool) -> bool:
    """Whether the runner starts one sentiment service for every worker.

    In production mode with the transformers backend, unless a service of the user's own is
    configured: each action server and API worker would otherwise load the model (about a
    gigabyte each) and their threads would fight over the cores (docs/performance.md,
    "One sentiment service"). TextBlob is cheaper to run in place than to ask over HTTP.
    """
    return (
        production
        and settings.sentiment_backend == "transformers"
        and settings.sentiment_url is None
    )


def build_services(
    settings: Settings,
    *,
    model: Path,
    api: bool = True,
    env: Mapping[str, str] | None = None,
    log_dir: Path | None = None,
    production: bool = False,
) -> tuple[list[Service], RunningServices]:
    """The service definitions for ``settings`` (nothing is started).

    Development: one action server, one Rasa server (SQLite tracker store), one API process.
    ``production``: ``settings.rasa_processes`` Rasa servers on consecutive ports sharing the
    conversations (PostgreSQL tracker store, Redis lock store), each with an action server of
    its own on consecutive ports, ``settings.api_workers`` API workers, and one sentiment
    service that holds the model for all of them (:func:`shares_a_sentiment_service`).
    """
    log_dir = _absolute(log_dir or settings.data_dir / "logs")
    host = settings.api_host
    url_host = _client_host(host)
    app_env = (
        {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME",)}
        | settings_environment(settings)
        | dict(env or {})
    )
    # The encoder's thread pool, per Rasa process (docs/performance.md). Only for serving:
    # training is one process and may use every core.
    serve_extra = {"OMP_NUM_THREADS": str(settings.encoder_threads), **(env or {})}
    if production:
        serve_extra |= production_environment(settings)
    origins = settings.cors_origins or ["*"]
    copies = settings.rasa_processes if production else 1
    services: list[Service] = []
    sentiment_url = f"http://127.0.0.1:{settings.sentiment_port}"
    if shares_a_sentiment_service(settings, production=production):
        services.append(
            Service(
                name="sentiment service",
                command=sentiment_service_command("127.0.0.1", settings.sentiment_port),
                health_url=f"{sentiment_url}/healthz",
                env=app_env | sentiment_service_threads(settings),
                log_path=log_dir / "sentiment.log",
            )
        )
        app_env = app_env | {"CLOSEDLOOP_SENTIMENT_URL": sentiment_url}

    # With a token, Rasa's HTTP API (conversations, /status) needs ?token=; the REST channel
    # the widget uses does not.
    token = settings.rasa_token.get_secret_value() if settings.rasa_token else None
    rasa_auth = ["--auth-token", token] if token else []
    status_query = f"?{urlencode({'token': token})}" if token else ""
    api_url = f"http://{url_host}:{settings.api_port}" if api else None
    rasa_urls: list[str] = []
    for index in range(copies):
        suffix = f" {index + 1}" if copies > 1 else ""
        log_suffix = f"-{index + 1}" if copies > 1 else ""
        action_port = settings.action_port + index
        rasa_port = settings.rasa_port + index
        actions_url = f"http://127.0.0.1:{action_port}"
        rasa_url = f"http://{url_host}:{rasa_port}"
        rasa_urls.append(rasa_url)
        # The caller's ``env`` may point Rasa elsewhere (the benchmark's no-op actions).
        rasa_env = rasa_environment(
            settings, extra={"ACTION_ENDPOINT_URL": f"{actions_url}/webhook"} | serve_extra
        )
        services.append(
            Service(
                name=f"action server{suffix}",
                command=[
                    sys.executable,
                    "-m",
                    "bot.actions.server",
                    "--actions",
                    "bot.actions",
                    "--port",
                    str(action_port),
                ],
                health_url=f"{actions_url}/health",
                env=app_env,
                log_path=log_dir / f"actions{log_suffix}.log",
            )
        )
        services.append(
            Service(
                name=f"Rasa server{suffix}",
                command=[
                    *rasa_server_command(settings),
                    "run",
                    "-m",
                    str(model),
                    "--enable-api",
                    *rasa_auth,
                    "--cors",
                    *origins,
                    "--interface",
                    host,
                    "--port",
                    str(rasa_port),
                    "--endpoints",
                    str(PRODUCTION_ENDPOINTS if production else ENDPOINTS),
                    "--credentials",
                    str(CREDENTIALS),
                ],
                health_url=f"{rasa_url}/status{status_query}",
                env=rasa_env,
                log_path=log_dir / f"rasa{log_suffix}.log",
            )
        )
    if api:
        workers = settings.api_workers if production else None
        services.append(
            Service(
                name="API",
                command=api_command(host, settings.api_port, workers=workers),
                health_url=f"{api_url}/healthz",
                env=app_env,
                log_path=log_dir / "api.log",
            )
        )
    running = RunningServices(
        rasa_url=rasa_urls[0],
        actions_url=f"http://127.0.0.1:{settings.action_port}",
        api_url=api_url,
        log_dir=log_dir,
        services=services,
        rasa_urls=rasa_urls,
        sentiment_url=app_env.get("CLOSEDLOOP_SENTIMENT_URL"),
    )
    return services, running


@contextmanager
def start_services(
    settings: Settings,
    *,
    model: Path,
    api: bool = True,
    env: Mapping[str, str] | None = None,
    log_dir: Path | None = None,
    timeout: float = STARTUP_TIMEOUT_S,
    stop_requested: threading.Event | None = None,
    production: bool = False,
) -> Iterator[RunningServices]:
    """Start the action server, the Rasa server (and the API), yield once all are healthy.

    Ports, database and every other setting come from ``settings`` (tests pass free ports and
    a test database); ``env`` adds variables for all children. Everything is stopped when the
    block exits, however it exits. Raises :class:`ServiceDied` if a service exits during
    start-up, :class:`RunnerError` on timeout (and :class:`KeyboardInterrupt` if
    ``stop_requested`` is set while waiting).
    """
    services, running = build_services(
        settings, model=model, api=api, env=env, log_dir=log_dir, production=production
    )
    if production:
        ensure_tracker_database(settings)
    try:
        for service in services:
            service.start()
        pending = list(services)
        deadline = time.monotonic() + timeout
        while pending:
            if stop_requested is not None and stop_requested.is_set():
                raise KeyboardInterrupt
            running.check()
            pending = [service for service in pending if not service.is_ready()]
            if not pending:
                break
            if time.monotonic() > deadline:
                names = ", ".join(service.name for service in pending)
                raise RunnerError(
                    f"{names} did not become ready within {timeout:.0f} s; "
                    f"see the logs in {running.log_dir}"
                )
            time.sleep(POLL_INTERVAL_S)
        yield running
    finally:
        # The API and the Rasa server first, so no request reaches a stopped action server.
        for service in reversed(services):
            service.stop()


def _seed_demo_orders(settings: Settings) -> None:
    """In development, give the bot's order tracking something to find on a new database."""
    if settings.environment != "development":
        return
    from feedback_api.db import get_engine, session_scope
    from feedback_api.demo import seed_demo_orders
    from feedback_api.storage.orders import has_orders

    with session_scope(get_engine(settings)) as session:
        if not has_orders(session):
            seed_demo_orders(session)
            print("Seeded demo orders (e.g. A1000001) for order tracking.", flush=True)


def run_all(settings: Settings, *, production: bool = False) -> int:
    """Migrate, train if needed, run all three services until Ctrl-C or one of them dies.

    ``production`` runs several Rasa servers and action servers on PostgreSQL and Redis and
    several API workers (:func:`build_services`).

    Returns 0 after a clean stop (SIGINT/SIGTERM while serving), 1 when training or a service
    failed, 130 when interrupted before the services started.
    """
    from feedback_api.migrate import upgrade  # imports Alembic; only needed here

    stop = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        stop.set()

    try:
        print(f"Migrating the database ({settings.printable_database_url}) ...", flush=True)
        upgrade(settings.sqlalchemy_url)
        _flush_outbox(settings)
        _seed_demo_orders(settings)
        model = ensure_model(settings)
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
        return 130
    except RunnerError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 1

    # From here on Ctrl-C only sets a flag: the children are stopped in order, not abandoned.
    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        print("Starting the action server, the Rasa server and the API ...", flush=True)
        with start_services(
            settings, model=model, stop_requested=stop, production=production
        ) as running:
            for line in running.describe():
                print(line, flush=True)
            print("Press Ctrl-C to stop.", flush=True)
            while not stop.wait(POLL_INTERVAL_S):
                running.check()
            print("Stopping ...", flush=True)
        print("Stopped.", flush=True)
        return 0
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
        return 0
    except ServiceDied as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        print("Stopped the other services.", file=sys.stderr, flush=True)
        return 1
    except RunnerError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _flush_outbox(settings: Settings) -> None:
    """Write survey answers an earlier database outage left in the outbox (docs/surveys.md).

    The action server does this on its own too; doing it here first means a restart after
    an outage shows every answer in the reports at once. Never stops the start-up: what
    cannot be written now stays in the outbox.
    """
    # The database layer and the analyzer, only here.
    from feedback_api.analyzer import analyzer_from_settings
    from feedback_api.db import get_engine
    from feedback_api.storage.outbox import flush_outbox

    result = flush_outbox(
        settings, engine=get_engine(settings), analyzer=analyzer_from_settings(settings)
    )
    if result.delivered or result.duplicates or result.failed or result.remaining:
        print(
            f"Outbox: {result.delivered} answers stored, {result.duplicates} already stored, "
            f"{result.failed} set aside, {result.remaining} still waiting"
            + (f" ({result.error})" if result.error else ""),
            flush=True,
        )
