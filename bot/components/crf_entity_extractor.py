"""Rasa's CRF entity extractor, loaded from the model it trained instead of trained again.

Referenced from ``config.yml`` as ``bot.components.crf_entity_extractor.CRFEntityExtractor``
(Rasa 3.6, ``.venv-rasa``); it extracts the ``score`` entity as Rasa's own does.

Why: Rasa 3.6.21 no longer pickles the fitted CRF. It stores the featurised training data
and, on every model load, fits the CRF on it again: 12.1 s of a 23.3 s model load on our
2-core machine, paid by every Rasa process at every start (``closedloop run``, each server
of production mode, a restart after a crash, every end-to-end test that starts one).

Here ``persist`` also stores each fitted tagger's model in CRFsuite's own binary format
(the file ``sklearn_crfsuite`` trains into; data read by CRFsuite's C code, no pickle), and
``load`` opens those files when they are all there. A model without them (trained by
Rasa's own component, or older) loads as Rasa loads it, by training. Training, features
and prediction are Rasa's, unchanged.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor as RasaCRFEntityExtractor
from rasa.nlu.extractors.crf_entity_extractor import CRFToken
from rasa.shared.utils.io import read_json_file

ORDER_FILE = "crf_order.json"  # Rasa's own: the tag names, in the order they are predicted
MODEL_SUFFIX = ".crfsuite"


def _opened(path: Path) -> Any:
    """A CRF whose tagger is read from ``path`` now (CRFsuite reads the whole file)."""
    import sklearn_crfsuite

    crf = sklearn_crfsuite.CRF(model_filename=str(path))
    crf.tagger_.info()  # opens the file now, while Rasa's model folder is there
    return crf


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class CRFEntityExtractor(RasaCRFEntityExtractor):
    """Rasa's ``CRFEntityExtractor`` that keeps its fitted taggers (module docstring)."""

    def persist(self, dataset: list[list[CRFToken]]) -> None:
        """What Rasa stores, plus each fitted tagger's CRFsuite model."""
        super().persist(dataset)
        with self._model_storage.write_to(self._resource) as model_dir:
            for tag_name, tagger in self.entity_taggers.items():
                fitted = Path(tagger.modelfile.name)
                (model_dir / f"{tag_name}{MODEL_SUFFIX}").write_bytes(fitted.read_bytes())

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> RasaCRFEntityExtractor:
        """The stored taggers when every one is there, else Rasa's load (which trains)."""
        try:
            with model_storage.read_from(resource) as model_dir:
                order = model_dir / ORDER_FILE
                crf_order = read_json_file(order) if order.is_file() else []
                paths = [model_dir / f"{tag_name}{MODEL_SUFFIX}" for tag_name in crf_order]
                if paths and all(path.is_file() for path in paths):
                    taggers = OrderedDict(
                        (tag_name, _opened(path))
                        for tag_name, path in zip(crf_order, paths, strict=True)
                    )
                    extractor = cls(config, model_storage, resource, taggers)
                    extractor.crf_order = crf_order
                    return extractor
        except ValueError:
            pass  # no stored resource: Rasa's load says what is missing
        loaded: RasaCRFEntityExtractor = super().load(
            config, model_storage, resource, execution_context, **kwargs
        )
        return loaded
