"""Model folders must carry a card and matching checksums, or the backend refuses them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sentiment import SentimentModelError, TransformersAnalyzer
from sentiment.model_card import CARD_FILE, CHECKSUM_FILE, read_verified_card, seal_model_dir
from tests.sentiment.conftest import ModelFactory, tiny_card

pytest.importorskip("transformers")

THREE = {0: "negative", 1: "neutral", 2: "positive"}


@pytest.fixture
def sealed(make_tiny_model: ModelFactory) -> Path:
    return make_tiny_model(THREE)


def test_a_sealed_folder_loads_and_its_card_reads_back(sealed: Path) -> None:
    card = read_verified_card(sealed)
    assert card["name"] == "tiny-random-bert" and card["languages"] == ["en"]
    TransformersAnalyzer(sealed).warm_up()


def test_missing_card_is_refused(sealed: Path) -> None:
    (sealed / CARD_FILE).unlink()
    with pytest.raises(SentimentModelError, match="no model card"):
        TransformersAnalyzer(sealed).warm_up()


def test_missing_checksums_are_refused(sealed: Path) -> None:
    (sealed / CHECKSUM_FILE).unlink()
    with pytest.raises(SentimentModelError, match=f"no {CHECKSUM_FILE}"):
        TransformersAnalyzer(sealed).warm_up()


def test_an_edited_card_is_refused(sealed: Path) -> None:
    card = json.loads((sealed / CARD_FILE).read_text())
    card["languages"] = ["en", "ka"]  # claiming a language it was never checked on
    (sealed / CARD_FILE).write_text(json.dumps(card))
    with pytest.raises(SentimentModelError, match=f"checksum of {CARD_FILE}"):
        TransformersAnalyzer(sealed).warm_up()


def test_a_changed_config_is_refused(sealed: Path) -> None:
    config = json.loads((sealed / "config.json").read_text())
    config["id2label"] = {"0": "positive", "1": "neutral", "2": "negative"}  # labels swapped
    (sealed / "config.json").write_text(json.dumps(config))
    with pytest.raises(SentimentModelError, match="checksum of config.json"):
        TransformersAnalyzer(sealed).warm_up()


def test_added_and_removed_files_are_refused(sealed: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(sealed, copy)
    (copy / "extra.bin").write_bytes(b"x")
    with pytest.raises(SentimentModelError, match="do not cover: extra.bin"):
        TransformersAnalyzer(copy).warm_up()
    (copy / "extra.bin").unlink()
    (copy / "vocab.txt").unlink()
    with pytest.raises(SentimentModelError, match="missing vocab.txt"):
        TransformersAnalyzer(copy).warm_up()


def test_a_card_without_figures_cannot_be_sealed_or_loaded(sealed: Path) -> None:
    card = tiny_card(THREE)
    del card["heldout"]
    with pytest.raises(ValueError, match="heldout"):
        seal_model_dir(sealed, card)
    # Written by hand and checksummed anyway: still refused at load time.
    (sealed / CARD_FILE).write_text(json.dumps({"format": "closedloop-sentiment-card/1", **card}))
    seal_model_dir_bypassing_card_check(sealed)
    with pytest.raises(SentimentModelError, match="lacks required fields: heldout"):
        TransformersAnalyzer(sealed).warm_up()


def seal_model_dir_bypassing_card_check(directory: Path) -> None:
    """Checksum the folder as it is, the way someone running sha256sum by hand would."""
    from sentiment.model_card import sha256_file

    lines = [
        f"{sha256_file(path)}  {path.name}\n"
        for path in sorted(directory.iterdir())
        if path.name != CHECKSUM_FILE
    ]
    (directory / CHECKSUM_FILE).write_text("".join(lines))
