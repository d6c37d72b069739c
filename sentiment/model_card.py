"""Model cards and checksums: what a model folder must carry before the service uses it.

A sentiment model decides which customers get a follow-up, so the service only loads a
folder that says what it is (``model_card.json``: languages, training data, held-out
figures) and proves it is intact (``checksums.sha256``: the SHA-256 of every other file,
in ``sha256sum`` format, so ``sha256sum -c checksums.sha256`` checks it by hand too).
A folder copied half-way, edited by hand or swapped for another model is refused with a
:class:`~sentiment.base.SentimentModelError` instead of scoring customers silently wrong.

``python -m sentiment.build`` writes both; :func:`seal_model_dir` seals a folder made some
other way (e.g. a model you fine-tuned yourself) once you have written its card.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sentiment.base import SentimentModelError

CARD_FILE = "model_card.json"
CHECKSUM_FILE = "checksums.sha256"
CARD_FORMAT = "closedloop-sentiment-card/1"
REQUIRED_FIELDS = ("format", "languages", "labels", "data", "heldout")
"""What a card must state: the languages it was checked on, its data and its figures."""

_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks (model weights are hundreds of MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _model_files(directory: Path) -> list[Path]:
    """Every file in the folder except the checksum file, in a stable order."""
    return sorted(
        path
        for path in directory.rglob("*")
        if path.is_file() and path.relative_to(directory).as_posix() != CHECKSUM_FILE
    )


def seal_model_dir(directory: Path, card: Mapping[str, Any]) -> None:
    """Write ``card`` as the folder's model card, then checksum every file in the folder."""
    missing = [name for name in REQUIRED_FIELDS if name not in card and name != "format"]
    if missing:
        raise ValueError(f"model card lacks {', '.join(missing)}")
    full = {"format": CARD_FORMAT, **card}
    (directory / CARD_FILE).write_text(
        json.dumps(full, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    lines = [
        f"{sha256_file(path)}  {path.relative_to(directory).as_posix()}\n"
        for path in _model_files(directory)
    ]
    (directory / CHECKSUM_FILE).write_text("".join(lines), encoding="utf-8")


def read_verified_card(directory: Path) -> dict[str, Any]:
    """The folder's model card, after checking every file against ``checksums.sha256``.

    Raises :class:`SentimentModelError` naming the folder and the problem: no card, no
    checksum file, a file missing, changed or not listed, or a card without the required
    fields.
    """
    how_to_fix = (
        "Rebuild it with `python -m sentiment.build` (make setup does this), or, for a model "
        "you trained yourself, write its card and seal it with "
        "sentiment.model_card.seal_model_dir()."
    )
    card_path, checksum_path = directory / CARD_FILE, directory / CHECKSUM_FILE
    if not card_path.is_file():
        raise SentimentModelError(
            f"sentiment model {directory} has no model card ({CARD_FILE}), so nothing says "
            f"which languages it was checked on or how well it does. {how_to_fix}"
        )
    if not checksum_path.is_file():
        raise SentimentModelError(
            f"sentiment model {directory} has no {CHECKSUM_FILE}, so it cannot be checked "
            f"for damaged or swapped files. {how_to_fix}"
        )
    listed: dict[str, str] = {}
    for line in checksum_path.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name:
            raise SentimentModelError(f"{checksum_path}: malformed line {line!r}. {how_to_fix}")
        listed[name] = digest
    present = {path.relative_to(directory).as_posix(): path for path in _model_files(directory)}
    if unlisted := sorted(set(present) - set(listed)):
        raise SentimentModelError(
            f"sentiment model {directory} has files its checksums do not cover: "
            f"{', '.join(unlisted)}. {how_to_fix}"
        )
    for name, digest in sorted(listed.items()):
        if name not in present:
            raise SentimentModelError(
                f"sentiment model {directory} is missing {name}. {how_to_fix}"
            )
        if sha256_file(present[name]) != digest:
            raise SentimentModelError(
                f"sentiment model {directory}: checksum of {name} does not match "
                f"{CHECKSUM_FILE} (damaged, edited or replaced). {how_to_fix}"
            )
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SentimentModelError(f"{card_path} is not valid JSON: {exc}. {how_to_fix}") from exc
    if not isinstance(card, dict):
        raise SentimentModelError(f"{card_path} is not a JSON object. {how_to_fix}")
    if missing := [name for name in REQUIRED_FIELDS if name not in card]:
        raise SentimentModelError(
            f"{card_path} lacks required fields: {', '.join(missing)}. {how_to_fix}"
        )
    return card
