"""The build's hyper-parameters, apart from the training code so reading them needs no torch."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters, recorded in the model card. Chosen on the validation split."""

    seed: int = 20261201
    top_layers: int = 3
    epochs: int = 3
    batch_size: int = 32
    learning_rate: float = 1e-4
    head_learning_rate: float = 1e-3
    weight_decay: float = 0.01
    warmup_fraction: float = 0.1
    balance_languages: bool = True
    """Weight the loss so each language counts as much as English, whatever its size: we
    have about four English comments for every Georgian, Armenian or Amharic one, and
    unweighted training spends most of its effort on the language that needs it least."""
