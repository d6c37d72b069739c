"""The one settings object for the API, the Rasa actions, the CLI and the runner.

Every setting is an environment variable with the ``CLOSEDLOOP_`` prefix (or a line in an
optional ``.env`` file), so the same code runs on a laptop with SQLite and in production on
PostgreSQL without edits. Read it through :func:`get_settings`, which caches one instance per
process; tests build their own :class:`Settings` and pass it in.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEV_PEPPER = "closedloop-development-pepper-change-me"
DEV_SESSION_SECRET = "closedloop-development-session-secret-change-me"

CommaList = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    """Configuration read from ``CLOSEDLOOP_*`` environment variables."""

    model_config = SettingsConfigDict(
        env_prefix="CLOSEDLOOP_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,  # Settings(follow_up_max_nps_score=...) beside its env names
    )

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("var")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; defaults to a SQLite file in data_dir.",
    )

    # Sentiment
    # Default: the multilingual model `make setup` builds (docs/sentiment.md); if that folder
    # is missing, the analyzer falls back to TextBlob (English only) and logs a warning.
    sentiment_backend: Literal["textblob", "transformers"] = "transformers"
    sentiment_model_path: str | None = "var/models/sentiment"
    sentiment_model_languages: CommaList = ["en", "ka", "hy", "am"]
    sentiment_neutral_band: float = Field(default=0.1, ge=0, lt=1)
    sentiment_threads: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="Threads of a process that runs the transformers model; unset: one per "
        "core (production mode's sentiment service: half the cores).",
    )
    sentiment_runtime: Literal["auto", "onnx", "torch"] = Field(
        default="auto",
        description="What runs the transformers model: 'onnx' its model.onnx on ONNX Runtime "
        "(several times faster, no torch in the process), 'torch' its weights through torch, "
        "'auto' ONNX Runtime where the model folder has the graph (docs/sentiment.md).",
    )
    sentiment_url: str | None = Field(
        default=None,
        description="The sentiment service (`closedloop sentiment-service`) to score with, "
        "e.g. http://127.0.0.1:5070; unset: this process loads the analyzer itself. "
        "Production mode starts one and sets this for every worker.",
    )
    sentiment_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="How long to wait for the sentiment service before the answer is refused "
        "with 503 (API) or kept in the outbox (action server).",
    )
    sentiment_port: int = Field(
        default=5070, description="The sentiment service's port in production mode."
    )

    # Follow-up rules (docs/conventions.md; the rule itself is feedback_api/policy.py)
    follow_up_max_nps_score: int = Field(
        default=6,
        ge=0,
        le=10,
        validation_alias=AliasChoices(
            "CLOSEDLOOP_FOLLOW_UP_MAX_NPS_SCORE",
            "CLOSEDLOOP_DETRACTOR_MAX_SCORE",  # the older name, still accepted
        ),
        description="An NPS answer at or below this opens a case. NPS categories stay "
        "0-6/7-8/9-10 whatever its value.",
    )
    negative_comment_threshold: float = Field(
        default=-0.3,
        ge=-1,
        le=0,
        description="A comment whose polarity is at or below this opens a case.",
    )
    negative_comment_min_confidence: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description=(
            "A negative comment opens a case only if the analyzer is at least this sure. The "
            "default model's three-class confidence is calibrated and never below 1/3, so 0.5 "
            "means negative is more likely than neutral and positive together; for TextBlob the "
            "confidence of a negative label is |polarity|."
        ),
    )
    apology_min_confidence: float = Field(
        default=0.95,
        ge=0,
        le=1,
        description=(
            "A request to track an order or a refund is answered with an apology first when it "
            "is clearly negative and the analyzer is at least this sure. Stricter than a case's "
            "bar: the default model reads many calm 'where is my refund?' as mildly negative "
            "(0.6-0.9), and an apology for a plain question sounds scripted."
        ),
    )
    csat_flag_max_score: int = Field(default=2, ge=1, le=5)
    first_contact_hours: int = Field(default=48, ge=1, le=24 * 30)
    survey_throttle_days: int = Field(default=30, ge=0, le=365)
    support_survey: Literal["csat", "nps", "none"] = Field(
        default="csat",
        description="After a support answer: ask the CSAT question (csat), offer the NPS "
        "survey when the conversation ends (nps), or neither (none). See docs/surveys.md.",
    )
    max_comment_chars: int = Field(default=5000, ge=100, le=100_000)

    # Auth
    api_key_pepper: SecretStr = SecretStr(DEV_PEPPER)
    session_secret: SecretStr = SecretStr(DEV_SESSION_SECRET)
    session_max_age_hours: int = Field(default=12, ge=1, le=24 * 30)

    # HTTP
    cors_origins: CommaList = ["http://localhost:8000", "http://127.0.0.1:8000"]
    trusted_proxies: CommaList = Field(
        default=[],
        description="Addresses of reverse proxies whose X-Forwarded-For is believed; "
        "empty: the peer's own address is the client's (sign-in throttling counts it).",
    )
    api_docs: bool | None = Field(
        default=None,
        description="Serve /docs and /openapi.json; default: on, except in production.",
    )
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    rasa_port: int = 5005
    action_port: int = 5055
    outbox_dir: Path | None = None

    # Bot (Rasa 3.6 lives in its own Python 3.10 virtualenv)
    rasa_venv: Path = Path(".venv-rasa")
    model_dir: Path = Path("models")
    nlu_encoder_path: Path = Field(
        default=Path("var/models/e5-small-nlu"),
        description="The NLU's sentence encoder (multilingual-e5-small as ONNX), built by "
        "`make setup` or `closedloop train` when missing (closedloop/nlu_encoder.py).",
    )
    company_name: str = "Acme Shop"
    encoder_threads: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Threads of the sentence encoder (ONNX Runtime) in each Rasa process. "
        "1 scales best: a busy machine or a second Rasa process makes a multi-threaded "
        "encoder spin against itself (docs/performance.md); scale with rasa_processes.",
    )

    # Production mode (`closedloop run --production`, docs/running.md)
    rasa_processes: int = Field(
        default=2,
        ge=1,
        le=32,
        description="Rasa servers in production mode, on rasa_port, rasa_port+1, ...; each "
        "has its own action server on action_port, action_port+1, ...",
    )
    api_workers: int = Field(default=2, ge=1, le=64, description="uvicorn workers in production")
    rasa_tracker_db_url: str | None = Field(
        default=None,
        description="PostgreSQL for Rasa's conversations in production mode, "
        "postgresql://user:password@host:port/db (its own database, not ClosedLoop's).",
    )
    redis_url: str = Field(
        default="redis://127.0.0.1:6379/1",
        description="Redis for Rasa's conversation locks in production mode.",
    )

    # Support dialogue (docs/support.md)
    company_file: Path | None = Field(
        default=None,
        description="The company's details for the bot's answers; default bot/company.yml.",
    )
    order_lookup_url: str | None = Field(
        default=None,
        description="The shop's order backend (GET <url>/orders/<number>); "
        "unset: the orders table.",
    )
    order_lookup_token: SecretStr | None = Field(
        default=None, description="Sent to order_lookup_url as 'Authorization: Bearer'."
    )
    order_lookup_timeout_s: float = Field(default=5.0, gt=0, le=60)

    # Web pages (agent console, marketer dashboard, chat widget)
    rasa_url: str | None = Field(
        default=None,
        description="Rasa's HTTP API as the server reaches it (transcripts); "
        "default http://127.0.0.1:<rasa_port>.",
    )
    rasa_token: SecretStr | None = Field(
        default=None, description="Rasa's --auth-token, sent as ?token= when set."
    )
    widget_bot_url: str | None = Field(
        default=None,
        description="Rasa's address as browsers reach it (the demo page's data-bot-url); "
        "default: the page's host at rasa_port.",
    )

    @field_validator("sentiment_model_languages", "cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.environment == "production":
            if self.api_key_pepper.get_secret_value() == DEV_PEPPER:
                raise ValueError(
                    "CLOSEDLOOP_API_KEY_PEPPER must be set to a long random secret in production"
                )
            if self.session_secret.get_secret_value() == DEV_SESSION_SECRET:
                raise ValueError(
                    "CLOSEDLOOP_SESSION_SECRET must be set to a long random secret in production"
                )
        if self.sentiment_backend == "transformers" and not self.sentiment_model_path:
            raise ValueError(
                "CLOSEDLOOP_SENTIMENT_BACKEND=transformers needs CLOSEDLOOP_SENTIMENT_MODEL_PATH"
            )
        return self

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, defaulting to ``<data_dir>/closedloop.db`` on SQLite."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'closedloop.db').resolve()}"

    @property
    def printable_database_url(self) -> str:
        """:attr:`sqlalchemy_url` with its password replaced by ``***``, for the terminal."""
        url = self.sqlalchemy_url
        scheme, sep, rest = url.partition("://")
        if "@" not in rest:
            return url
        credentials, _, host = rest.rpartition("@")
        user = credentials.split(":", 1)[0]
        return f"{scheme}{sep}{user}:***@{host}" if ":" in credentials else url

    @property
    def serves_api_docs(self) -> bool:
        """Whether /docs and /openapi.json are served (:attr:`api_docs`, by environment)."""
        return self.api_docs if self.api_docs is not None else self.environment != "production"

    @property
    def rasa_base_url(self) -> str:
        """Where the server reaches Rasa's HTTP API (no trailing slash)."""
        return (self.rasa_url or f"http://127.0.0.1:{self.rasa_port}").rstrip("/")

    @property
    def outbox_path(self) -> Path:
        """Where survey answers wait when the database is unreachable."""
        return self.outbox_dir or self.data_dir / "outbox"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
