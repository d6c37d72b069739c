"""The ONNX runtime of the transformers backend: the same results as torch, without torch.

Tiny random models (conftest.py) exported with the build's own ``export_onnx`` check the
mechanics for every label set; the real built model checks what ships: its graph, its
card's comparison with torch, and that scoring with it never imports torch.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from sentiment import SentimentModelError, TransformersAnalyzer, build_analyzer
from sentiment.model_card import seal_model_dir
from sentiment.onnx_engine import ONNX_FILE
from tests.sentiment.conftest import LABEL_SETS, MAX_POSITIONS, build_tiny_model, tiny_card
from tests.sentiment.conftest import TEXTS as SAMPLE_TEXTS

pytest.importorskip("torch")
pytest.importorskip("onnxruntime")

TEXTS = [
    *SAMPLE_TEXTS,
    # longer than the tiny model's 64 positions: must be truncated, not crash
    " ".join(["the delivery was very slow and the staff was rude"] * 12),
]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=sorted(LABEL_SETS))
def exported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny model with its graph, once per label set."""
    labels: Mapping[int, str] = LABEL_SETS[request.param]
    return build_tiny_model(tmp_path_factory.mktemp("tiny-onnx"), labels, onnx=True)


def test_onnx_gives_torchs_results_for_every_label_set(exported: Path) -> None:
    onnx = TransformersAnalyzer(exported, batch_size=3, runtime="onnx")
    torch = TransformersAnalyzer(exported, batch_size=3, runtime="torch")
    assert (onnx.runtime, torch.runtime) == ("onnx", "torch")
    items = [(text, "en") for text in TEXTS]
    for from_onnx, from_torch in zip(
        onnx.analyze_batch(items), torch.analyze_batch(items), strict=True
    ):
        assert from_onnx.label == from_torch.label
        assert from_onnx.polarity == pytest.approx(from_torch.polarity, abs=1e-5)
        assert from_onnx.confidence == pytest.approx(from_torch.confidence, abs=1e-5)
        assert from_onnx.backend == from_torch.backend


def test_a_text_alone_scores_as_in_a_batch(exported: Path) -> None:
    analyzer = TransformersAnalyzer(exported, runtime="onnx")
    batch = analyzer.analyze_batch([(text, "en") for text in TEXTS])
    for text, in_batch in zip(TEXTS, batch, strict=True):
        alone = analyzer.analyze(text, "en")
        assert alone.label == in_batch.label
        assert alone.polarity == pytest.approx(in_batch.polarity, abs=1e-5)


def test_a_tokenizer_saved_with_padding_on_does_not_pad_into_the_mask(tmp_path: Path) -> None:
    """transformers saves the padding a tokenizer was last used with into tokenizer.json (the
    shipped model's says: pad to the longest); the engine must still mask only real tokens."""
    from tokenizers import Tokenizer

    folder = tmp_path / "padded"
    build_tiny_model(folder, LABEL_SETS["three-class"], onnx=True)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    tokenizer.save(str(folder / "tokenizer.json"))
    seal_model_dir(folder, tiny_card(LABEL_SETS["three-class"]))
    analyzer = TransformersAnalyzer(folder, runtime="onnx")
    batch = analyzer.analyze_batch([(text, "en") for text in TEXTS])
    for text, in_batch in zip(TEXTS, batch, strict=True):
        assert analyzer.analyze(text, "en").polarity == pytest.approx(in_batch.polarity, abs=1e-5)


def test_auto_runs_the_graph_where_the_folder_has_one(exported: Path, tmp_path: Path) -> None:
    assert TransformersAnalyzer(exported).runtime == "onnx"
    without = build_tiny_model(tmp_path / "plain", LABEL_SETS["three-class"])
    analyzer = TransformersAnalyzer(without)
    assert analyzer.runtime == "torch"
    assert analyzer.analyze("the food was great", "en").label.value in {
        "negative",
        "neutral",
        "positive",
    }


def test_onnx_asked_of_a_folder_without_a_graph_is_refused_with_the_way_out(
    tmp_path: Path,
) -> None:
    without = build_tiny_model(tmp_path / "plain", LABEL_SETS["two-class"])
    with pytest.raises(SentimentModelError, match="no model.onnx") as refused:
        TransformersAnalyzer(without, runtime="onnx").warm_up()
    assert "CLOSEDLOOP_SENTIMENT_RUNTIME=torch" in str(refused.value)


def test_a_graph_changed_after_sealing_is_refused(tmp_path: Path) -> None:
    folder = build_tiny_model(tmp_path / "sealed", LABEL_SETS["two-class"], onnx=True)
    with (folder / ONNX_FILE).open("ab") as graph:
        graph.write(b"\0")
    with pytest.raises(SentimentModelError, match="checksum of model.onnx"):
        TransformersAnalyzer(folder).warm_up()


@pytest.mark.parametrize("float16_weights", [True, False])
def test_a_lookup_table_is_stored_in_float16_only_where_that_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, float16_weights: bool
) -> None:
    """Our model's word embeddings are float16 values, so they are stored so (half the
    graph's memory); a float32 model's are not, or its results would change."""
    import onnx
    import torch
    from transformers import AutoModelForSequenceClassification

    from sentiment.build import onnx_export

    monkeypatch.setattr(onnx_export, "MIN_HALVED_TABLE", 1)  # the tiny model's table is small
    folder = build_tiny_model(tmp_path / "tiny", LABEL_SETS["three-class"])
    if float16_weights:  # as the build saves ours
        model = AutoModelForSequenceClassification.from_pretrained(folder, dtype=torch.float32)
        model.half().float().save_pretrained(folder)
    onnx_export.export_onnx(folder)
    seal_model_dir(folder, tiny_card(LABEL_SETS["three-class"]))
    graph = onnx.load(str(folder / ONNX_FILE))
    types = {table.name: table.data_type for table in graph.graph.initializer}
    table = next(name for name in types if name.endswith("word_embeddings.weight"))
    expected = onnx.TensorProto.FLOAT16 if float16_weights else onnx.TensorProto.FLOAT
    assert types[table] == expected
    items = [(text, "en") for text in TEXTS]
    onnx_results = TransformersAnalyzer(folder, runtime="onnx").analyze_batch(items)
    torch_results = TransformersAnalyzer(folder, runtime="torch").analyze_batch(items)
    for from_onnx, from_torch in zip(onnx_results, torch_results, strict=True):
        assert from_onnx.polarity == pytest.approx(from_torch.polarity, abs=1e-5)


def test_an_unknown_runtime_is_a_clear_error(exported: Path) -> None:
    with pytest.raises(ValueError, match="auto, onnx, torch"):
        TransformersAnalyzer(exported, runtime="tensorrt")  # type: ignore[arg-type]


def test_concurrent_callers_share_onnx_calls(exported: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    analyzer = TransformersAnalyzer(exported, runtime="onnx")
    analyzer.warm_up()
    before = analyzer.model_calls
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda text: analyzer.analyze(text, "en"), TEXTS * 8))
    assert len(results) == len(TEXTS) * 8
    assert 1 <= analyzer.model_calls - before <= len(TEXTS) * 8


def test_the_shipped_model_carries_a_graph_checked_against_torch(built_model: Path) -> None:
    card = json.loads((built_model / "model_card.json").read_text(encoding="utf-8"))
    onnx = card["runtimes"]["onnx"]
    assert (built_model / onnx["file"]).is_file()
    assert onnx["compared_on"] >= 1000
    assert onnx["max_abs_difference"] <= 1e-4
    assert onnx["label_agreement"] == 1.0
    assert TransformersAnalyzer(built_model).runtime == "onnx"
    assert onnx["halved_tables"] == ["classifier.bert.embeddings.word_embeddings.weight"]


def test_scoring_on_the_shipped_graph_never_imports_torch(built_model: Path) -> None:
    """The action server and the sentiment service score this way: no torch in the process."""
    script = (
        "import sys, json\n"
        "from sentiment import build_analyzer\n"
        f"a = build_analyzer('transformers', model_path={str(built_model)!r},"
        " model_languages=('en', 'ka', 'hy', 'am'))\n"
        "r = a.analyze_batch([('the courier was rude and my parcel is broken', 'en'),"
        " ('ძალიან კმაყოფილი ვარ, მადლობა', 'ka')])\n"
        "print(json.dumps({'labels': [x.label.value for x in r],"
        " 'torch': 'torch' in sys.modules, 'transformers': 'transformers' in sys.modules}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"labels": ["negative", "positive"], "torch": False, "transformers": False}


def test_the_factory_passes_the_runtime_through(exported: Path) -> None:
    chain = build_analyzer("transformers", model_path=exported, runtime="torch")
    model = chain.analyzers[0]  # type: ignore[attr-defined]
    assert isinstance(model, TransformersAnalyzer)
    assert model.runtime == "torch"


def test_a_cap_above_the_models_limit_is_cut_to_it(exported: Path) -> None:
    """The limit comes from the folder's JSON files (no transformers): 64 positions here, and
    a graph fed 65 tokens fails, so asking for 10,000 must still cut the long text to 64."""
    analyzer = TransformersAnalyzer(exported, runtime="onnx", max_length=10_000)
    assert len(TEXTS[-1].split()) > MAX_POSITIONS
    assert 0 <= analyzer.analyze(TEXTS[-1], "en").confidence <= 1
