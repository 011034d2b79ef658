"""The results of an assessment as a view model: plain dataclasses that the results page, the PDF and the
downloads render, and the builders that make one from stored figures (``reports.results.stored``) or from an
in-memory scoring result (``reports.sample``).

Either way the figures are the stored, rounded ones (rule 6), and the plan follows rule 9 through
``reports.plan.build_plan``.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from assessments import scoring
from assessments.models import Assessment, Dimension, MaturityLevel, Recommendation

from ..plan import PlanDimension, PlanRecommendation, build_plan, gap

STRENGTHS = 3
GAPS = 3


@dataclass(frozen=True)
class LevelInfo:
    level: int
    min_score: Decimal
    name: str
    description: str


@dataclass(frozen=True)
class Change:
    """A score now and at the previous assessment; ``delta`` is None when either is undefined."""

    current: Decimal | None
    previous: Decimal | None

    @property
    def delta(self) -> Decimal | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def magnitude(self) -> Decimal | None:
        return None if self.delta is None else abs(self.delta)

    @property
    def direction(self) -> str:
        """ "up", "down", "same", or "unknown" when there is nothing to compare."""
        if self.delta is None:
            return "unknown"
        if self.delta > 0:
            return "up"
        return "down" if self.delta < 0 else "same"


@dataclass(frozen=True)
class DimensionView:
    code: str
    name: str
    description: str
    weight: Decimal
    order: int
    score: Decimal | None  # stored, rounded; None = not enough answers
    percent: Decimal | None
    level: LevelInfo | None
    target: LevelInfo | None
    gap: Decimal | None  # to the target level's minimum score (rule 9)
    answered: int
    not_applicable: int
    questions: int
    target_choices: tuple[LevelInfo, ...] = ()  # the current level up to the top one
    change: Change | None = None

    @property
    def defined(self) -> bool:
        return self.score is not None

    @property
    def priority(self) -> Decimal | None:
        """W × gap, the first key of the plan order."""
        return None if self.gap is None else self.weight * self.gap


# The default bank's recommendations (2.0) end with who owns the action, its first step in the next 90 days
# and what it needs, each after its label (docs/default-bank.md): the plan shows them on lines of their own.
PLAN_LABELS = (("Owner:", "First 90 days:", "Prerequisites:"), ("責任者：", "最初の90日：", "前提条件："))


@dataclass(frozen=True)
class PlanStep:
    label: str  # as the body writes it, without its colon
    text: str


def plan_parts(body: str) -> tuple[str, tuple[PlanStep, ...]]:
    """A recommendation's body as its action and its labelled steps (owner, first 90 days, prerequisites),
    when it has every label of one language, in that order; otherwise the body as it is, and no steps."""
    for labels in PLAN_LABELS:
        places = [body.find(label) for label in labels]
        if -1 in places or places != sorted(places) or places[0] == 0:
            continue
        ends = [*places[1:], len(body)]
        # On a line of its own a step starts as a sentence does ("the head of IT" → "The head of IT").
        parts = zip(labels, places, ends, strict=True)
        texts = [body[start + len(label) : end].strip() for label, start, end in parts]
        steps = tuple(
            PlanStep(label.rstrip(":：").strip(), text[:1].upper() + text[1:])
            for label, text in zip(labels, texts, strict=True)
        )
        if all(step.text for step in steps):
            return body[: places[0]].strip(), steps
    return body, ()


@dataclass(frozen=True)
class PlanEntry:
    number: int
    title: str
    body: str
    dimension: DimensionView
    effort: str
    impact: str
    effort_label: str
    impact_label: str
    question: str | None  # the question's text for a question recommendation

    @property
    def sustains(self) -> bool:
        """Its dimension has already reached its target level: the advice keeps it there."""
        return self.dimension.gap is not None and self.dimension.gap == 0

    @property
    def lead(self) -> str:
        """The action itself: the body before its labelled steps (all of it without them)."""
        return plan_parts(self.body)[0]

    @property
    def steps(self) -> tuple[PlanStep, ...]:
        return plan_parts(self.body)[1]


@dataclass(frozen=True)
class EvidenceView:
    """An evidence file attached to an answer: named and linked, never embedded."""

    public_id: str
    name: str
    size: int


@dataclass(frozen=True)
class AnswerView:
    code: str
    text: str
    options: tuple[str, ...]  # labels of the chosen options
    not_applicable: bool
    score: Decimal | None
    comment: str
    participant: str = ""
    dimension_code: str = ""
    evidence: tuple[EvidenceView, ...] = ()


@dataclass(frozen=True)
class AnswerGroup:
    dimension: DimensionView
    answers: tuple[AnswerView, ...]

    @property
    def comments(self) -> int:
        return sum(1 for answer in self.answers if answer.comment)

    @property
    def files(self) -> int:
        return sum(len(answer.evidence) for answer in self.answers)


@dataclass(frozen=True)
class ResultsView:
    public_id: str | None  # None for the sample
    organization: str
    date: date | datetime
    bank_title: str
    bank_version: str
    mode: str
    score: Decimal | None
    percent: Decimal | None
    level: LevelInfo | None
    levels: tuple[LevelInfo, ...]
    dimensions: tuple[DimensionView, ...]
    plan: tuple[PlanEntry, ...]
    answers: tuple[AnswerGroup, ...]
    previous_date: date | datetime | None = None  # None = the first assessment on this bank
    change: Change | None = None
    is_sample: bool = False

    @property
    def evidence_files(self) -> int:
        return sum(group.files for group in self.answers)

    @property
    def defined_dimensions(self) -> list[DimensionView]:
        return [dimension for dimension in self.dimensions if dimension.defined]

    @property
    def strengths(self) -> list[DimensionView]:
        """The highest-scoring dimensions (ties in bank order): at most three, and at most half of those with
        a score, so that some are left for the gaps."""
        defined = self.defined_dimensions
        ranked = sorted(defined, key=lambda dimension: (-dimension.score, dimension.order))
        return ranked[: min(STRENGTHS, len(defined) // 2)]

    @property
    def gaps(self) -> list[DimensionView]:
        """The other dimensions with the largest W × gap still open, as the plan ranks them. A strength is
        never also called a gap, even when its target is still far (the plan still lists it in its rank)."""
        strengths = {dimension.code for dimension in self.strengths}
        open_gaps = [
            dimension
            for dimension in self.defined_dimensions
            if dimension.priority and dimension.code not in strengths
        ]
        ranked = sorted(open_gaps, key=lambda dimension: (-dimension.priority, dimension.order))
        return ranked[:GAPS]

    @property
    def show_participants(self) -> bool:
        return self.mode == Assessment.Mode.WORKSHOP


# Building blocks shared by stored and in-memory results


@dataclass(frozen=True)
class Scored:
    """One dimension's figures, from a stored DimensionResult or a scoring.DimensionResult."""

    score: Decimal | None
    percent: Decimal | None
    level: int | None
    target_level: int | None
    answered: int
    not_applicable: int
    questions: int


@dataclass(frozen=True)
class Previous:
    date: date | datetime
    score: Decimal | None
    dimensions: Mapping[str, Decimal | None] = field(default_factory=dict)  # by dimension code


def level_infos(levels: Iterable[MaturityLevel]) -> tuple[LevelInfo, ...]:
    return tuple(
        LevelInfo(level.level, level.min_score, level.name, level.description)
        for level in sorted(levels, key=lambda level: level.level)
    )


def level_of(levels: Iterable[LevelInfo], number: int | None) -> LevelInfo | None:
    """The level of that number; None for no number (a result without a score)."""
    return next((level for level in levels if level.level == number), None)


def dimension_views(
    dimensions: Sequence[Dimension],
    scored: Mapping[str, Scored],
    levels: tuple[LevelInfo, ...],
    previous: Previous | None,
) -> tuple[DimensionView, ...]:
    by_number = {level.level: level for level in levels}
    top = max(by_number)
    plain_levels = [scoring.Level(level.level, level.min_score) for level in levels]
    views = []
    for dimension in dimensions:
        figures = scored[dimension.code]
        level = by_number.get(figures.level) if figures.level is not None else None
        target = None
        if figures.score is not None:
            number = figures.target_level or scoring.default_target_level(figures.level, top)
            target = by_number.get(min(max(number, min(by_number)), top))
        views.append(
            DimensionView(
                code=dimension.code,
                name=dimension.name,
                description=dimension.description,
                weight=dimension.weight,
                order=dimension.order,
                score=figures.score,
                percent=figures.percent,
                level=level,
                target=target,
                gap=gap(figures.score, target.level, plain_levels) if target else None,
                answered=figures.answered,
                not_applicable=figures.not_applicable,
                questions=figures.questions,
                target_choices=tuple(entry for entry in levels if level and entry.level >= level.level),
                change=(Change(figures.score, previous.dimensions.get(dimension.code)) if previous else None),
            )
        )
    return tuple(views)


def plan_entries(
    dimensions: Sequence[DimensionView],
    recommendations: Iterable[Recommendation],
    levels: tuple[LevelInfo, ...],
    question_scores: Mapping[str, Decimal | None],
    dimension_codes: Mapping[int, str],
) -> tuple[PlanEntry, ...]:
    """The plan of rule 9 (recommendations come with their question, select_related)."""
    recommendations = {recommendation.pk: recommendation for recommendation in recommendations}
    plan_dimensions = [
        PlanDimension(
            code=dimension.code,
            weight=dimension.weight,
            order=dimension.order,
            score=dimension.score,
            level=dimension.level.level if dimension.level else None,
            target_level=dimension.target.level if dimension.target else None,
        )
        for dimension in dimensions
    ]
    plan_recommendations = [
        PlanRecommendation(
            key=recommendation.pk,
            dimension=dimension_codes[recommendation.dimension_id],
            min_level=recommendation.min_level,
            max_level=recommendation.max_level,
            effort=recommendation.effort,
            impact=recommendation.impact,
            question=recommendation.question.code if recommendation.question_id else None,
            max_score=recommendation.max_score,
        )
        for recommendation in recommendations.values()
    ]
    items = build_plan(
        plan_dimensions,
        plan_recommendations,
        [scoring.Level(level.level, level.min_score) for level in levels],
        question_scores,
    )
    views = {dimension.code: dimension for dimension in dimensions}
    efforts = dict(Recommendation.Effort.choices)
    entries = []
    for number, item in enumerate(items, start=1):
        recommendation = recommendations[item.recommendation.key]
        entries.append(
            PlanEntry(
                number=number,
                title=recommendation.title,
                body=recommendation.body,
                dimension=views[item.dimension.code],
                effort=recommendation.effort,
                impact=recommendation.impact,
                effort_label=str(efforts[recommendation.effort]),
                impact_label=str(efforts[recommendation.impact]),
                question=recommendation.question.text if recommendation.question_id else None,
            )
        )
    return tuple(entries)


def answer_groups(
    dimensions: Sequence[DimensionView], answers: Iterable[AnswerView]
) -> tuple[AnswerGroup, ...]:
    by_dimension: dict[str, list[AnswerView]] = {}
    for answer in answers:
        by_dimension.setdefault(answer.dimension_code, []).append(answer)
    return tuple(
        AnswerGroup(dimension=dimension, answers=tuple(by_dimension[dimension.code]))
        for dimension in dimensions
        if dimension.code in by_dimension
    )


def bank_recommendations(bank_id: int):
    """The recommendations of a bank in plan order, with their questions: one query."""
    return (
        Recommendation.objects.filter(dimension__bank_id=bank_id).select_related("question").in_bank_order()
    )
