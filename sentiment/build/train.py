"""Train the sentiment classifier on CPU in minutes: fine-tune the top of the encoder.

A full fine-tune of all 12 layers does not fit the build's budget on 2 cores, and the lower
layers of a multilingual encoder carry the language knowledge we want to keep. So the
bottom layers stay frozen and run **once** over the training texts (their outputs are
cached); each epoch then only runs, and back-propagates through, the top ``top_layers``
layers, the pooler and the classifier. The result is an ordinary
``BertForSequenceClassification`` that ``save_pretrained`` writes and ``from_pretrained``
reads back, with nothing custom to load.

Confidence is calibrated by temperature scaling on the validation texts (kept back from
training, never the held-out set), and the temperature is folded into the classifier's
weights, so the saved model's plain softmax is already calibrated.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn.attention.flex_attention import BlockMask
from transformers import BertForSequenceClassification, PreTrainedTokenizerBase
from transformers.masking_utils import create_bidirectional_mask
from transformers.models.bert.modeling_bert import BertPooler

from sentiment.build.config import TrainConfig
from sentiment.build.dataset import LABELS

TRAIN_MAX_TOKENS = 128
"""Comments longer than this are cut while training: the opinion is nearly always early,
and attention cost grows with the square of the length."""


@dataclass
class _CachedBatch:
    positions: list[int]
    hidden: torch.Tensor  # [B, L, H] output of the frozen layers
    mask: torch.Tensor  # [B, L] attention mask (1 = token)


def seed_everything(seed: int) -> None:
    """Fix every random source the build touches, so two builds give the same model."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)


def length_batches(
    tokenizer: PreTrainedTokenizerBase, texts: Sequence[str], batch_size: int
) -> list[list[int]]:
    """Positions grouped by token length, so a batch pads short texts to short ones."""
    lengths = [len(ids) for ids in tokenizer(list(texts), truncation=True)["input_ids"]]
    order = sorted(range(len(texts)), key=lambda position: (lengths[position], position))
    return [order[start : start + batch_size] for start in range(0, len(order), batch_size)]


def _encode(tokenizer: PreTrainedTokenizerBase, texts: Sequence[str]) -> dict[str, torch.Tensor]:
    encoded: dict[str, torch.Tensor] = tokenizer(
        list(texts),
        padding=True,
        truncation=True,
        max_length=TRAIN_MAX_TOKENS,
        return_tensors="pt",
    )
    return encoded


def _mask_for(
    model: BertForSequenceClassification, hidden: torch.Tensor, mask: torch.Tensor
) -> torch.Tensor | BlockMask | None:
    return create_bidirectional_mask(config=model.config, inputs_embeds=hidden, attention_mask=mask)


def cache_frozen_layers(
    model: BertForSequenceClassification,
    tokenizer: PreTrainedTokenizerBase,
    texts: Sequence[str],
    frozen_layers: int,
    batch_size: int,
) -> list[_CachedBatch]:
    """Run the embeddings and the first ``frozen_layers`` layers once, keeping the outputs."""
    model.eval()
    cached: list[_CachedBatch] = []
    # no_grad, not inference_mode: these tensors feed the trained layers' autograd graph.
    with torch.no_grad():
        for positions in length_batches(tokenizer, texts, batch_size):
            encoded = _encode(tokenizer, [texts[p] for p in positions])
            hidden = model.bert.embeddings(input_ids=encoded["input_ids"])
            attention = _mask_for(model, hidden, encoded["attention_mask"])
            for layer in model.bert.encoder.layer[:frozen_layers]:
                hidden = layer(hidden, attention)
            cached.append(_CachedBatch(positions, hidden, encoded["attention_mask"]))
    return cached


def _run_top(
    model: BertForSequenceClassification, batch: _CachedBatch, frozen_layers: int
) -> torch.Tensor:
    """Hidden states after the layers above the cache."""
    hidden = batch.hidden
    attention = _mask_for(model, hidden, batch.mask)
    for layer in model.bert.encoder.layer[frozen_layers:]:
        hidden = layer(hidden, attention)
    return hidden


def pooler_of(model: BertForSequenceClassification) -> BertPooler:
    """The classifier's pooler: ``BertModel`` has none when built without one, ours has."""
    pooler = model.bert.pooler
    if pooler is None:
        raise ValueError("the sentiment classifier needs BertModel's pooler")
    return pooler


def _top_logits(
    model: BertForSequenceClassification, batch: _CachedBatch, frozen_layers: int
) -> torch.Tensor:
    pooled = pooler_of(model)(_run_top(model, batch, frozen_layers))
    logits: torch.Tensor = model.classifier(model.dropout(pooled))
    return logits


def mean_pooled_embeddings(
    model: BertForSequenceClassification, cached: Sequence[_CachedBatch], frozen_layers: int
) -> np.ndarray:
    """E5's own sentence embeddings (mean-pooled, L2-normalised), in input order.

    Call before fine-tuning: they are the frozen encoder's, for the linear-head baseline.
    """
    model.eval()
    count = sum(len(batch.positions) for batch in cached)
    out = np.zeros((count, model.config.hidden_size), dtype=np.float64)
    with torch.no_grad():
        for batch in cached:
            hidden = _run_top(model, batch, frozen_layers)
            mask = batch.mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1)
            out[batch.positions] = nn.functional.normalize(pooled, dim=-1).double().numpy()
    return out


def cached_logits(
    model: BertForSequenceClassification, cached: Sequence[_CachedBatch], frozen_layers: int
) -> np.ndarray:
    """Logits ``[n, classes]`` of the (fine-tuned) model from cached states, in input order.

    Equal to running the whole model on the texts, since the cached layers are frozen.
    """
    model.eval()
    count = sum(len(batch.positions) for batch in cached)
    out = np.zeros((count, len(LABELS)), dtype=np.float64)
    with torch.no_grad():
        for batch in cached:
            out[batch.positions] = _top_logits(model, batch, frozen_layers).double().numpy()
    return out


def fine_tune_top(
    model: BertForSequenceClassification,
    cached: list[_CachedBatch],
    labels: Sequence[int],
    config: TrainConfig,
    log: Callable[[str], None] = print,
    weights: Sequence[float] | None = None,
) -> None:
    """Train the top ``config.top_layers`` layers, pooler and classifier in place.

    ``cached`` are the training texts' states below those layers
    (:func:`cache_frozen_layers` with ``frozen_layers = layers - top_layers``).
    ``weights`` (one per text, mean 1) scale each text's loss; ``None`` weighs all alike.
    """
    seed_everything(config.seed)
    frozen = model.config.num_hidden_layers - config.top_layers
    targets = torch.tensor(labels, dtype=torch.long)
    text_weights = torch.tensor(
        list(weights) if weights is not None else [1.0] * len(labels), dtype=torch.float32
    )

    trainable_layers: list[nn.Module] = list(model.bert.encoder.layer[frozen:])
    head: list[nn.Module] = [pooler_of(model), model.classifier]
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    for module in trainable_layers + head:
        for parameter in module.parameters():
            parameter.requires_grad_(True)

    def groups(modules: list[nn.Module], lr: float) -> list[dict[str, Any]]:
        decay: list[nn.Parameter] = []
        no_decay: list[nn.Parameter] = []
        for module in modules:
            for name, parameter in module.named_parameters():
                (no_decay if name.endswith("bias") or "LayerNorm" in name else decay).append(
                    parameter
                )
        return [
            {"params": decay, "lr": lr, "weight_decay": config.weight_decay},
            {"params": no_decay, "lr": lr, "weight_decay": 0.0},
        ]

    optimizer = torch.optim.AdamW(
        groups(trainable_layers, config.learning_rate) + groups(head, config.head_learning_rate)
    )
    total_steps = config.epochs * len(cached)
    warmup = max(1, int(config.warmup_fraction * total_steps))

    def linear_warmup_then_decay(step: int) -> float:
        return min((step + 1) / warmup, max(0.0, (total_steps - step) / (total_steps - warmup)))

    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, linear_warmup_then_decay)
    loss_function = nn.CrossEntropyLoss(reduction="none")
    order_rng = random.Random(config.seed)
    for epoch in range(config.epochs):
        model.train()
        order = list(range(len(cached)))
        order_rng.shuffle(order)
        total = 0.0
        for index in order:
            batch = cached[index]
            logits = _top_logits(model, batch, frozen)
            per_text = loss_function(logits, targets[batch.positions])
            loss = (per_text * text_weights[batch.positions]).mean()
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(
                [p for p in model.parameters() if p.requires_grad], max_norm=1.0
            )
            optimizer.step()
            schedule.step()
            total += loss.item() * len(batch.positions)
        log(f"  epoch {epoch + 1}/{config.epochs}: train loss {total / len(labels):.4f}")
    model.eval()
    for parameter in model.parameters():
        parameter.requires_grad_(True)


def language_weights(languages: Sequence[str]) -> list[float]:
    """Per-text loss weights that give every language the same total weight (mean 1)."""
    sizes = {language: languages.count(language) for language in set(languages)}
    share = len(languages) / len(sizes)
    return [share / sizes[language] for language in languages]


def train_linear_head(
    embeddings: np.ndarray, labels: Sequence[int], seed: int, l2: float = 1e-4
) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression on frozen embeddings: the cheap baseline.

    Full-batch L-BFGS, so the result depends only on the data and the seed.
    """
    seed_everything(seed)
    features = torch.tensor(embeddings, dtype=torch.float64)
    targets = torch.tensor(labels, dtype=torch.long)
    weight = torch.zeros(features.shape[1], len(set(labels)) or 1, dtype=torch.float64)
    weight.requires_grad_(True)
    bias = torch.zeros(weight.shape[1], dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.LBFGS([weight, bias], max_iter=300, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(features @ weight + bias, targets)
        loss = loss + l2 * (weight**2).sum()
        loss.backward()
        return loss

    optimizer.step(closure)
    return weight.detach().numpy(), bias.detach().numpy()


def fit_temperature(logits: np.ndarray, labels: Sequence[int]) -> float:
    """The temperature that minimises validation log-loss (a 1-D search, deterministic)."""
    targets = np.asarray(labels)

    def nll(temperature: float) -> float:
        scaled = logits / temperature
        scaled = scaled - scaled.max(axis=1, keepdims=True)
        log_probs = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
        return float(-log_probs[np.arange(len(targets)), targets].mean())

    grid = [0.25 + 0.05 * step for step in range(196)]  # 0.25 .. 10.0
    return min(grid, key=nll)


def fold_temperature(model: BertForSequenceClassification, temperature: float) -> None:
    """Divide the classifier by ``temperature``: softmax(Wx/T + b/T) is the calibrated one."""
    with torch.no_grad():
        model.classifier.weight.div_(temperature)
        model.classifier.bias.div_(temperature)


def new_classifier(encoder_dir: Path, config: TrainConfig) -> BertForSequenceClassification:
    """The converted encoder with a fresh 3-class head, seeded."""
    seed_everything(config.seed)
    model = BertForSequenceClassification.from_pretrained(
        encoder_dir,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: index for index, label in enumerate(LABELS)},
        local_files_only=True,
        dtype=torch.float32,
    )
    return model


def softmax_rows(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, numerically stable: class probabilities from logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    probabilities: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
    return probabilities
