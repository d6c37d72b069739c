"""Route each text to the first analyzer that reads its language."""

from __future__ import annotations

from collections.abc import Sequence

from sentiment.base import ANY_LANGUAGE, SentimentAnalyzer, SentimentResult


class ChainAnalyzer(SentimentAnalyzer):
    """Tries analyzers in order, per text: the first one that supports its language scores it.

    This is how a fine-tuned model for some languages is combined with a fallback for the
    rest, e.g. ``ChainAnalyzer([TransformersAnalyzer(path, languages=("ka",)),
    TextBlobAnalyzer()])``. Texts no analyzer reads are ``unknown``, with a reason that lists
    what each analyzer reads. A batch makes one batched call per analyzer (so models still
    batch) and results keep the input order.
    """

    def __init__(self, analyzers: Sequence[SentimentAnalyzer]) -> None:
        if not analyzers:
            raise ValueError("ChainAnalyzer needs at least one analyzer")
        self._analyzers = tuple(analyzers)

    @property
    def analyzers(self) -> tuple[SentimentAnalyzer, ...]:
        """The analyzers, in the order they are tried."""
        return self._analyzers

    @property
    def name(self) -> str:
        return "chain(" + ", ".join(analyzer.name for analyzer in self._analyzers) + ")"

    @property
    def languages(self) -> frozenset[str]:
        languages = frozenset().union(*(analyzer.languages for analyzer in self._analyzers))
        return frozenset({ANY_LANGUAGE}) if ANY_LANGUAGE in languages else languages

    def warm_up(self) -> None:
        for analyzer in self._analyzers:
            analyzer.warm_up()

    def _analyze_supported(self, items: Sequence[tuple[str, str]]) -> list[SentimentResult]:
        # Group positions by the first analyzer that reads each language; every item has one,
        # because the base class only passes languages that self.supports().
        groups: dict[int, list[int]] = {}
        for position, (_text, language) in enumerate(items):
            chosen = next(
                index
                for index, analyzer in enumerate(self._analyzers)
                if analyzer.supports(language)
            )
            groups.setdefault(chosen, []).append(position)
        results: dict[int, SentimentResult] = {}
        for index, positions in groups.items():
            scored = self._analyzers[index].analyze_batch([items[p] for p in positions])
            results.update(zip(positions, scored, strict=True))
        return [results[position] for position in range(len(items))]

    def _unsupported_reason(self, language: str) -> str:
        readable = "; ".join(
            f"{analyzer.name} reads {', '.join(sorted(analyzer.languages))}"
            for analyzer in self._analyzers
        )
        return f"no configured analyzer reads language {language!r} ({readable})"
