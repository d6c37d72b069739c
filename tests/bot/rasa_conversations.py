"""Our conversations as Rasa's trackers, and the trained RulePolicy; for scripts in Rasa's venv.

Imported by the scripts of ``test_rule_index.py`` and ``test_tracker_states.py``, which run
in Rasa's virtualenv (Python 3.10) from the repository root: every conversation test
(``tests/stories/``), rule and story of the bot, generated into trackers as Rasa's training
does, with the domain and the RulePolicy of the trained model, loaded as the server loads
them. Nothing here is collected as a test.
"""

from __future__ import annotations

import glob
import tempfile
from pathlib import Path
from typing import Any

CONVERSATION_FILES = ("tests/stories/*.yml", "bot/data/rules/*.yml", "bot/data/stories/*.yml")


def trained_rule_policy(model: str) -> tuple[Any, Any]:
    """The model's RulePolicy (loaded as Rasa loads it for serving) and its domain."""
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.engine.graph import ExecutionContext
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    storage, metadata = LocalModelStorage.from_model_archive(Path(tempfile.mkdtemp()), Path(model))
    node = next(n for n in metadata.predict_schema.nodes.values() if n.uses is RulePolicy)
    policy = RulePolicy.load(
        {**RulePolicy.get_default_config(), **node.config},
        storage,
        node.resource,
        ExecutionContext(metadata.predict_schema),
    )
    return policy, metadata.domain


def conversation_trackers(domain: Any) -> list[Any]:
    """Every conversation test, rule and story, as trackers (no augmentation)."""
    from rasa.shared.core.generator import TrainingDataGenerator
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.core.training_data.structures import StoryGraph

    steps = []
    for path in sorted(p for pattern in CONVERSATION_FILES for p in glob.glob(pattern)):
        reader = YAMLStoryReader(domain, source_name=path)
        steps += reader.read_from_file(path, skip_validation=True)
    generator = TrainingDataGenerator(
        StoryGraph(steps), domain, augmentation_factor=0, remove_duplicates=False
    )
    return generator.generate()  # type: ignore[no-any-return]
