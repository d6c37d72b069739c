"""The negative-cue guard: cue reading, negation, when it overrides, and its wiring.

The sentences are written for these tests. A fake model stands in for the real one so the
rules are tested exactly; one slow test runs the mystery shoppers' sentences through the
real built model, as the service does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from sentiment import (
    ChainAnalyzer,
    Label,
    SentimentAnalyzer,
    SentimentResult,
    TextBlobAnalyzer,
    TransformersAnalyzer,
    build_analyzer,
)
from sentiment.cues import (
    CUE_CONFIDENCE,
    CUE_POLARITY,
    MAX_MODEL_POLARITY,
    CueGuardedChain,
    guard_result,
    read_cues,
)

MYSTERY_SHOPPERS = [
    ("კურიერი უხეში იყო და შეკვეთა დაგვიანებით მოვიდა", "ka"),  # rude courier, late order
    ("10 დღე ძალიან დიდია", "ka"),  # 10 days is too long
    ("ძალიან ძვირია", "ka"),  # it's very expensive
    ("you're useless honestly", "en"),
]
"""Complaints the model alone read as positive (+0.26, +0.54, +0.33, +0.28)."""

CLEARLY_NEGATIVE = [
    *(text for text, _language in MYSTERY_SHOPPERS),
    "The parcel never arrived and nobody answers",
    "way too expensive for what you get",
    "ოპერატორი ძალიან უხეში იყო",  # the operator was very rude
    "არ მომეწონა",  # I did not like it
    "პასუხი დიდხანს ველოდე",  # I waited long for an answer
    "Առաքիչը կոպիտ էր",  # the courier was rude
    "Պատվերը ուշացավ",  # the order was late
    "շատ թանկ է",  # it is very expensive
    "գոհ չեմ",  # I am not satisfied
    "አገልግሎቱ በጣም መጥፎ ነው",  # the service is very bad
    "ትዕዛዙ ዘግይቷል",  # the order is late
    "ዋጋው በጣም ውድ ነው",  # the price is very expensive
    "አልወደድኩትም",  # I did not like it
    "dzalian cudi servisia",  # Georgian in Latin letters: very bad service
    "kuriery kopit er",  # Armenian in Latin letters: the courier was rude
    # round 19: "no, an item is missing!!" in Latin-letter Georgian had been read positive
    "ara, nivti aklia!!",
    "ერთი ნივთი აკლდა",  # an item was missing
    "ապրանքը վնասված էր",  # the item was damaged
    "ዕቃው ተሰብሮ ነው የደረሰው",  # the item arrived broken
    "thieves!",
]

NOT_CLEARLY_NEGATIVE = [
    "not expensive at all, great",
    "The courier wasn't rude at all",
    "It was a bit late but the staff were lovely",
    "no problems at all",
    "კურიერი ძალიან თავაზიანი იყო",  # the courier was very polite
    "არ იყო უხეში",  # (he) was not rude
    "ცოტა ძვირია, მაგრამ ღირს",  # a little expensive, but worth it
    "ամեն ինչ հիանալի էր",  # everything was excellent
    "Առաքիչը կոպիտ չէր",  # the courier was not rude
    "վատ բան չունեմ ասելու",  # I have nothing bad to say
    "በጣም ጥሩ ነው",  # it is very good
    "ውድ አይደለም",  # it is not expensive
    "ምንም ችግር የለም",  # no problem at all
    "When will my order arrive?",
    "ჩემი შეკვეთა როდის მოვა?",  # when will my order come?
    "araferi aklia, madloba",  # nothing is missing, thanks (Latin-letter Georgian)
    "არაფერი აკლდა",  # nothing was missing
]


class FakeModel(SentimentAnalyzer):
    """Reads every text as one label and polarity, recording each batch, like a model."""

    def __init__(
        self,
        label: Label = Label.POSITIVE,
        polarity: float = 0.3,
        *,
        name: str = "transformers:fake",
        languages: Sequence[str] = ("en", "ka", "hy", "am"),
    ) -> None:
        self._label = label
        self._polarity = polarity
        self._name = name
        self._languages = frozenset(languages)
        self.batches: list[list[str]] = []

    @property
    def name(self) -> str:
        return self._name

    @property
    def languages(self) -> frozenset[str]:
        return self._languages

    def _analyze_supported(self, items: Sequence[tuple[str, str]]) -> list[SentimentResult]:
        self.batches.append([text for text, _language in items])
        return [SentimentResult(self._label, self._polarity, 0.7, self.name) for _ in items]


@pytest.mark.parametrize("text", CLEARLY_NEGATIVE)
def test_complaints_have_a_negative_cue_and_no_positive_one(text: str) -> None:
    reading = read_cues(text)
    assert reading.clearly_negative, reading


@pytest.mark.parametrize("text", NOT_CLEARLY_NEGATIVE)
def test_praise_negated_complaints_and_questions_are_not_clearly_negative(text: str) -> None:
    reading = read_cues(text)
    assert not reading.clearly_negative, reading


def test_a_negated_positive_word_is_a_negative_cue() -> None:
    assert read_cues("არ მომეწონა").negative == ("მომეწონა (არ)",)
    assert read_cues("not good").negative == ("good (not)",)
    assert read_cues("գոհ չեմ").negative == ("գոհ (չեմ)",)


def test_georgian_capitals_and_armenian_question_marks_are_read() -> None:
    assert read_cues("ᲫᲐᲚᲘᲐᲜ ᲫᲕᲘᲠᲘᲐ").clearly_negative
    assert not read_cues("Կոպի՞տ չէր").clearly_negative


@pytest.mark.parametrize(("text", "language"), MYSTERY_SHOPPERS)
def test_the_guard_turns_a_weak_positive_complaint_negative(text: str, language: str) -> None:
    model = FakeModel(Label.POSITIVE, 0.3)
    result = CueGuardedChain([model]).analyze(text, language)

    assert result.label is Label.NEGATIVE
    assert (result.polarity, result.confidence) == (CUE_POLARITY, CUE_CONFIDENCE)
    assert result.backend == "transformers:fake+cues"
    assert result.reason is not None
    assert "negative cue" in result.reason and "+0.30" in result.reason


@pytest.mark.parametrize("text", NOT_CLEARLY_NEGATIVE)
def test_the_guard_leaves_positive_results_without_a_clear_cue(text: str) -> None:
    model = FakeModel(Label.POSITIVE, 0.3)
    result = CueGuardedChain([model]).analyze(text, "en")
    assert result == SentimentResult(Label.POSITIVE, 0.3, 0.7, "transformers:fake")


@pytest.mark.parametrize("label", [Label.NEUTRAL, Label.NEGATIVE])
def test_the_guard_only_ever_changes_a_positive(label: Label) -> None:
    polarity = {Label.NEUTRAL: 0.0, Label.NEGATIVE: -0.4}[label]
    result = CueGuardedChain([FakeModel(label, polarity)]).analyze("ძალიან ძვირია", "ka")
    assert result.label is label and result.backend == "transformers:fake"


def test_a_confident_model_is_not_overridden() -> None:
    confident = SentimentResult(Label.POSITIVE, MAX_MODEL_POLARITY, 0.8, "transformers:fake")
    assert guard_result("ძალიან ძვირია", confident) is confident


def test_batches_stay_one_model_call_in_order() -> None:
    model = FakeModel(Label.POSITIVE, 0.3)
    chain = CueGuardedChain([model])
    items = [("ძალიან ძვირია", "ka"), ("በጣም ጥሩ ነው", "am"), ("", "en"), ("ուշ է", "hy")]

    results = chain.analyze_batch(items)

    assert model.batches == [["ძალიან ძვირია", "በጣም ጥሩ ነው", "ուշ է"]]
    assert [result.label for result in results] == [
        Label.NEGATIVE,
        Label.POSITIVE,
        Label.NEUTRAL,
        Label.NEGATIVE,
    ]


def test_only_the_guarded_analyzers_results_are_checked() -> None:
    model = FakeModel(Label.POSITIVE, 0.3, name="transformers:ka", languages=["ka"])
    fallback = FakeModel(Label.POSITIVE, 0.3, name="fallback", languages=["en"])
    chain = CueGuardedChain([model, fallback], guarded=[model])

    georgian, english = chain.analyze_batch(
        [("ძალიან ძვირია", "ka"), ("you're useless honestly", "en")]
    )

    assert (georgian.label, georgian.backend) == (Label.NEGATIVE, "transformers:ka+cues")
    assert (english.label, english.backend) == (Label.POSITIVE, "fallback")


def test_the_factory_guards_the_model_and_keeps_the_chain_shape(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    analyzer = build_analyzer("transformers", model_path=tmp_path / "model")

    assert isinstance(analyzer, CueGuardedChain) and isinstance(analyzer, ChainAnalyzer)
    model, fallback = analyzer.analyzers
    assert isinstance(model, TransformersAnalyzer)
    assert isinstance(fallback, TextBlobAnalyzer)


@pytest.mark.slow
def test_the_built_model_with_the_guard_reads_the_mystery_shoppers_right(
    built_model: Path,
) -> None:
    analyzer = build_analyzer(
        "transformers", model_path=built_model, model_languages=("en", "ka", "hy", "am")
    )
    complaints = analyzer.analyze_batch(MYSTERY_SHOPPERS)
    assert [result.label for result in complaints] == [Label.NEGATIVE] * len(MYSTERY_SHOPPERS)

    positive = analyzer.analyze_batch(
        [
            ("not expensive at all, great", "en"),
            ("ամեն ինչ հիանալի էր", "hy"),
            ("በጣም ጥሩ ነው", "am"),
        ]
    )
    assert [result.label for result in positive] == [Label.POSITIVE] * 3
    assert analyzer.analyze("When will my order arrive?", "en").label is Label.NEUTRAL
