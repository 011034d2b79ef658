"""The results of an assessment as a view model: plain dataclasses that the results page renders.

A view model comes from a stored result (`assessment_results`, a fixed number of queries whatever the size
of the bank) or from an in-memory scoring result (`sample_results`, which writes nothing). Either way the
figures are the stored, rounded ones (rule 6), and the plan follows rule 9 through `reports.plan.build_plan`.
The history of an organization (`organization_history`) is built the same way.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from statistics import mean

from django.db.models import Prefetch, Q, Subquery
from django.utils.translation import gettext as _

from assessments import scoring
from assessments.models import (
    Answer,
    Assessment,
    Dimension,
    DimensionResult,
    MaturityLevel,
    Option,
    Organization,
    Question,
    QuestionBank,
    Recommendation,
)
from cxmaturity.i18n import content_language

from . import charts
from .benchmarks import Benchmark, BenchmarkOutcome, Stats, benchmark_for, sample_benchmark
from .plan import PlanDimension, PlanRecommendation, build_plan, gap

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


@dataclass(frozen=True)
class AnswerGroup:
    dimension: DimensionView
    answers: tuple[AnswerView, ...]

    @property
    def comments(self) -> int:
        return sum(1 for answer in self.answers if answer.comment)


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


def results_charts(results: ResultsView, benchmark: Benchmark | None = None) -> dict[str, str]:
    """The radar and bar charts of a result, each in the wide and the compact (phone) layout, as SVG strings
    for the caller to mark safe. With a benchmark the radar shows the peer median, and the peer chart comes
    too ("peers", "peers_compact")."""
    dimensions, levels = chart_dimensions(results, benchmark), chart_levels(results.levels)
    drawn = {
        "radar": charts.radar_chart(dimensions, levels, id_prefix="radar"),
        "radar_compact": charts.radar_chart(
            dimensions, levels, id_prefix="radar-compact", layout=charts.COMPACT
        ),
        "bars": charts.bar_chart(dimensions, levels, id_prefix="bars"),
        "bars_compact": charts.bar_chart(dimensions, levels, id_prefix="bars-compact", layout=charts.COMPACT),
    }
    if benchmark is not None:
        rows = [
            charts.ChartPeerRow(
                code=row.code or "overall",
                label=row.name,
                score=row.score,
                p25=row.stats.p25 if row.stats else None,
                median=row.stats.median if row.stats else None,
                p75=row.stats.p75 if row.stats else None,
                n=row.stats.n if row.stats else 0,
                overall=not row.code,
            )
            for row in benchmark_rows(results, benchmark)
        ]
        drawn["peers"] = charts.peer_chart(rows, levels, id_prefix="peers")
        drawn["peers_compact"] = charts.peer_chart(
            rows, levels, id_prefix="peers-compact", layout=charts.COMPACT
        )
    return drawn


def chart_dimensions(results: ResultsView, benchmark: Benchmark | None = None) -> list[charts.ChartDimension]:
    peers = benchmark.dimensions if benchmark else {}
    return [
        charts.ChartDimension(
            code=dimension.code,
            label=dimension.name,
            score=dimension.score,
            target=dimension.target.min_score if dimension.target else None,
            peer_median=peers[dimension.code].median if peers.get(dimension.code) else None,
        )
        for dimension in results.dimensions
    ]


# Benchmarks


@dataclass(frozen=True)
class BenchmarkRow:
    """One line of the peer comparison: the overall score (code "") or a dimension."""

    code: str
    name: str
    score: Decimal | None  # the organization's own
    stats: Stats | None  # None = too few peers with a score


def benchmark_rows(results: ResultsView, benchmark: Benchmark) -> tuple[BenchmarkRow, ...]:
    """The overall score, then every dimension in bank order, each with the peers' statistics."""
    return (
        BenchmarkRow(code="", name=_("Overall"), score=results.score, stats=benchmark.overall),
        *(
            BenchmarkRow(
                code=dimension.code,
                name=dimension.name,
                score=dimension.score,
                stats=benchmark.dimensions.get(dimension.code),
            )
            for dimension in results.dimensions
        ),
    )


def results_benchmark(assessment: Assessment, results: ResultsView) -> BenchmarkOutcome:
    """The benchmark of a stored result, from the scores its view model holds: two queries."""
    return benchmark_for(
        assessment, dimension_scores={dimension.code: dimension.score for dimension in results.dimensions}
    )


def chart_levels(levels: Iterable[LevelInfo]) -> list[charts.ChartLevel]:
    return [charts.ChartLevel(level.level, level.min_score) for level in levels]


# Building blocks shared by stored and in-memory results


@dataclass(frozen=True)
class _Scored:
    """One dimension's figures, from a stored DimensionResult or a scoring.DimensionResult."""

    score: Decimal | None
    percent: Decimal | None
    level: int | None
    target_level: int | None
    answered: int
    not_applicable: int
    questions: int


@dataclass(frozen=True)
class _Previous:
    date: date | datetime
    score: Decimal | None
    dimensions: Mapping[str, Decimal | None] = field(default_factory=dict)  # by dimension code


def _level_infos(levels: Iterable[MaturityLevel]) -> tuple[LevelInfo, ...]:
    return tuple(
        LevelInfo(level.level, level.min_score, level.name, level.description)
        for level in sorted(levels, key=lambda level: level.level)
    )


def _dimension_views(
    dimensions: Sequence[Dimension],
    scored: Mapping[str, _Scored],
    levels: tuple[LevelInfo, ...],
    previous: _Previous | None,
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


def _plan(
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


def _answer_groups(
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


def _recommendations(bank_id: int):
    return (
        Recommendation.objects.filter(dimension__bank_id=bank_id)
        .select_related("question")
        .order_by("dimension__order", "dimension_id", "order", "pk")
    )


# From a stored result


def _previous(assessment: Assessment) -> _Previous | None:
    """The organization's previous submitted assessment on the same bank slug, in one query."""
    earlier = (
        Assessment.objects.submitted()
        .filter(organization_id=assessment.organization_id, bank__slug=assessment.bank.slug)
        .filter(
            Q(submitted_at__lt=assessment.submitted_at)
            | Q(submitted_at=assessment.submitted_at, pk__lt=assessment.pk)
        )
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    rows = list(
        DimensionResult.objects.filter(result__assessment=Subquery(earlier)).select_related(
            "dimension", "result__assessment"
        )
    )
    if not rows:
        return None
    result = rows[0].result
    return _Previous(
        date=result.assessment.submitted_at,
        score=result.score,
        dimensions={row.dimension.code: row.score for row in rows},
    )


def assessment_results(assessment: Assessment) -> ResultsView:
    """The view model of a submitted assessment, fetched with ``organization``, ``bank`` and ``result``.

    Queries: the dimension results, the levels, the answers and their options, the recommendations and the
    previous assessment's dimension results — six, whatever the size of the bank.
    """
    result = assessment.result
    rows = list(
        result.dimensions.select_related("dimension").order_by("dimension__order", "dimension_id", "pk")
    )
    levels = _level_infos(assessment.bank.levels.all())
    answers = list(
        Answer.objects.filter(participant__assessment=assessment)
        .select_related("question", "participant")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("order", "pk")))
        .order_by("question__order", "question__pk", "participant__pk")
    )
    recommendations = list(_recommendations(assessment.bank_id))
    previous = _previous(assessment)

    scored = {
        row.dimension.code: _Scored(
            score=row.score,
            percent=row.percent,
            level=row.level,
            target_level=row.target_level,
            answered=row.answered,
            not_applicable=row.not_applicable,
            questions=row.questions,
        )
        for row in rows
    }
    dimensions = _dimension_views([row.dimension for row in rows], scored, levels, previous)
    dimension_codes = {row.dimension_id: row.dimension.code for row in rows}

    # A question's score for the plan: its answer's stored score, or the participants' mean in a workshop.
    answer_scores: dict[str, list[Decimal]] = {}
    for answer in answers:
        if answer.score is not None:
            answer_scores.setdefault(answer.question.code, []).append(answer.score)
    question_scores = {code: scoring.round_half_up(mean(scores)) for code, scores in answer_scores.items()}

    answer_views = [
        AnswerView(
            code=answer.question.code,
            text=answer.question.text,
            options=tuple(option.label for option in answer.options.all()),
            not_applicable=answer.not_applicable,
            score=answer.score,
            comment=answer.comment,
            participant=answer.participant.display_name,
            dimension_code=dimension_codes.get(answer.question.dimension_id, ""),
        )
        for answer in answers
    ]
    return ResultsView(
        public_id=assessment.public_id,
        organization=assessment.organization.name,
        date=assessment.submitted_at,
        bank_title=assessment.bank.title,
        bank_version=assessment.bank.version,
        mode=assessment.mode,
        score=result.score,
        percent=result.percent,
        level=next((level for level in levels if level.level == result.level), None),
        levels=levels,
        dimensions=dimensions,
        plan=_plan(dimensions, recommendations, levels, question_scores, dimension_codes),
        answers=_answer_groups(dimensions, answer_views),
        previous_date=previous.date if previous else None,
        change=Change(result.score, previous.score) if previous else None,
    )


# The public sample: a made-up organization, scored in memory

SAMPLE_ORGANIZATION = {"en": "Sample Corporation", "ja": "サンプル株式会社"}
SAMPLE_DATE = date(2026, 10, 1)
SAMPLE_PREVIOUS_DATE = date(2025, 10, 1)
# The level of each answer, per dimension in bank order and per question in dimension order (both repeated
# for longer banks): a mid-maturity organization, strong in listening and in strategy, weak in measurement.
SAMPLE_ANSWER_LEVELS = (
    (3, 4, 3, 3, 3),
    (2, 3, 3, 2, 2),
    (4, 3, 3, 3, 3),
    (3, 2, 2, 2, 2),
    (3, 3, 3, 3, 3),
    (2, 2, 3, 2, 1),
    (3, 4, 3, 3, 3),
    (2, 1, 2, 1, 2),
)
# A year earlier, that many of each dimension's first questions were answered one level lower (negative:
# higher), so that most dimensions improved a little, some did not move and one slipped.
SAMPLE_PREVIOUS_LOWERED = (2, 1, 2, 0, -1, 1, 1, 0)
SAMPLE_NOT_APPLICABLE = {"technology.ai", "omnichannel.physical_digital"}
SAMPLE_COMMENTS = {
    "strategy.sponsor": {
        "en": "Our COO sponsors CX, but the role is not written into anyone's objectives yet.",
        "ja": "COOがCXのスポンサーだが、その役割はまだ誰の目標にも書かれていない。",
    },
    "voc.closed_loop": {
        "en": "Detractors get a call from the service team within a week; root causes are rarely tracked.",
        "ja": "批判者にはサービスチームが1週間以内に電話している。根本原因の追跡はほとんどできていない。",
    },
    "omnichannel.physical_digital": {
        "en": "We sell online and by phone only; there are no shops.",
        "ja": "販売はオンラインと電話のみで、店舗はない。",
    },
    "measurement.kpis": {
        "en": "NPS is reported monthly, but each region defines it differently.",
        "ja": "NPSは毎月報告しているが、地域ごとに定義が異なる。",
    },
}


# The made-up organization's profile, which chooses its (demonstration) peers.
SAMPLE_PEER_PROFILE = {
    "industry": Organization.Industry.RETAIL,
    "size_band": Organization.SizeBand.LARGE,
    "country": "JP",
}


def sample_results_benchmark(results: ResultsView, bank: QuestionBank) -> BenchmarkOutcome:
    """The sample's benchmark against the demonstration organizations: two queries."""
    return sample_benchmark(
        bank_slug=bank.slug,
        overall=results.score,
        dimension_scores={dimension.code: dimension.score for dimension in results.dimensions},
        **SAMPLE_PEER_PROFILE,
    )


def sample_bank() -> QuestionBank | None:
    """The bank the sample shows: the latest published default bank, or else any latest published bank."""
    return QuestionBank.objects.latest_version("cx-maturity") or QuestionBank.objects.latest_version()


def _sample_choice(question: Question, options: Sequence[Option], level: int) -> list[Option]:
    if question.type == Question.Type.CHECKLIST:
        ticked = round((level - 1) / 4 * len(options))
        return list(options[:ticked])
    return [min(options, key=lambda option: (abs(option.score - level), option.order, option.pk))]


def _sample_answers(
    questions: Sequence[Question], dimensions: Sequence[Dimension], lowered: Sequence[int] = ()
) -> dict[str, tuple[Question, list[Option], bool]]:
    """The sample's answers, question code -> (question, chosen options, N/A); ``lowered`` as
    SAMPLE_PREVIOUS_LOWERED."""
    positions = {dimension.pk: position for position, dimension in enumerate(dimensions)}
    answers = {}
    counters: dict[int, int] = {}
    for question in questions:
        if question.allow_na and question.code in SAMPLE_NOT_APPLICABLE:
            answers[question.code] = (question, [], True)
            continue
        index = counters.get(question.dimension_id, 0)
        counters[question.dimension_id] = index + 1
        position = positions[question.dimension_id]
        levels = SAMPLE_ANSWER_LEVELS[position % len(SAMPLE_ANSWER_LEVELS)]
        level = levels[index % len(levels)]
        shift = lowered[position % len(lowered)] if lowered else 0
        if index < abs(shift):
            level -= 1 if shift > 0 else -1
        level = min(5, max(1, level))
        answers[question.code] = (
            question,
            _sample_choice(question, list(question.options.all()), level),
            False,
        )
    return answers


def _plain_bank(levels, dimensions, questions) -> scoring.Bank:
    codes = {dimension.pk: dimension.code for dimension in dimensions}
    return scoring.Bank(
        levels=tuple(scoring.Level(level.level, level.min_score) for level in levels),
        dimensions=tuple(scoring.Dimension(d.code, d.weight, d.order) for d in dimensions),
        questions=tuple(
            scoring.Question(
                code=question.code,
                dimension=codes[question.dimension_id],
                type=question.type,
                weight=question.weight,
                options=tuple(scoring.Option(option.code, option.score) for option in question.options.all()),
                allow_na=question.allow_na,
                required=question.required,
            )
            for question in questions
        ),
    )


def _score_sample(plain: scoring.Bank, answers) -> scoring.Result:
    return scoring.score_answers(
        plain,
        {
            code: scoring.Answer(tuple(option.code for option in chosen), not_applicable)
            for code, (_question, chosen, not_applicable) in answers.items()
        },
    )


def sample_results(bank: QuestionBank) -> ResultsView:
    """A realistic result for a made-up organization, scored in memory with fixed answers; writes nothing.

    Queries: the levels, the dimensions, the questions and their options, the recommendations.
    """
    levels = list(bank.levels.all())
    dimensions = list(bank.dimensions.all())
    questions = sorted(
        bank.questions.prefetch_related(Prefetch("options", queryset=Option.objects.order_by("order", "pk"))),
        key=lambda question: (question.order, question.pk),
    )
    recommendations = list(_recommendations(bank.pk))
    plain = _plain_bank(levels, dimensions, questions)

    answers = _sample_answers(questions, dimensions)
    result = _score_sample(plain, answers)
    earlier = _score_sample(plain, _sample_answers(questions, dimensions, SAMPLE_PREVIOUS_LOWERED))
    previous = _Previous(
        date=SAMPLE_PREVIOUS_DATE,
        score=earlier.rounded_score,
        dimensions={dimension.code: dimension.rounded_score for dimension in earlier.dimensions},
    )

    level_infos = _level_infos(levels)
    scored = {
        dimension.code: _Scored(
            score=dimension.rounded_score,
            percent=dimension.rounded_percent,
            level=dimension.level,
            target_level=None,
            answered=dimension.answered,
            not_applicable=dimension.not_applicable,
            questions=dimension.questions,
        )
        for dimension in result.dimensions
    }
    dimension_views = _dimension_views(dimensions, scored, level_infos, previous)
    dimension_codes = {dimension.pk: dimension.code for dimension in dimensions}
    question_scores = {
        code: None if score is None else scoring.round_half_up(score)
        for code, score in result.question_scores.items()
    }
    language = content_language()
    answer_views = [
        AnswerView(
            code=question.code,
            text=question.text,
            options=tuple(option.label for option in chosen),
            not_applicable=not_applicable,
            score=question_scores[question.code],
            comment=SAMPLE_COMMENTS.get(question.code, {}).get(language, ""),
            dimension_code=dimension_codes[question.dimension_id],
        )
        for question, chosen, not_applicable in answers.values()
    ]
    return ResultsView(
        public_id=None,
        organization=SAMPLE_ORGANIZATION[language],
        date=SAMPLE_DATE,
        bank_title=bank.title,
        bank_version=bank.version,
        mode=Assessment.Mode.SELF,
        score=result.rounded_score,
        percent=result.rounded_percent,
        level=next((level for level in level_infos if level.level == result.level), None),
        levels=level_infos,
        dimensions=dimension_views,
        plan=_plan(dimension_views, recommendations, level_infos, question_scores, dimension_codes),
        answers=_answer_groups(dimension_views, answer_views),
        previous_date=previous.date,
        change=Change(result.rounded_score, previous.score),
        is_sample=True,
    )


# History


@dataclass(frozen=True)
class HistoryEntry:
    public_id: str
    date: datetime
    bank_title: str
    bank_slug: str
    bank_version: str
    score: Decimal | None
    percent: Decimal | None
    level: LevelInfo | None
    dimensions: Mapping[str, Decimal | None]  # score by dimension code


@dataclass(frozen=True)
class History:
    entries: tuple[HistoryEntry, ...]  # oldest first
    dimension_names: Mapping[str, str]  # code -> name, in the order of the latest bank
    levels: tuple[LevelInfo, ...]  # of the latest assessment's bank

    @property
    def newest_first(self) -> list[HistoryEntry]:
        return list(reversed(self.entries))

    @property
    def chart_entries(self) -> list[HistoryEntry]:
        """The assessments on the latest assessment's bank slug: the ones a trend compares."""
        if not self.entries:
            return []
        slug = self.entries[-1].bank_slug
        return [entry for entry in self.entries if entry.bank_slug == slug]

    def trend_svg(self, date_label, *, compact: bool = False) -> str:
        """The trend chart; ``date_label`` formats a date for its axis."""
        entries = self.chart_entries
        series = [
            charts.TrendSeries(
                "overall", _("Overall"), tuple(entry.score for entry in entries), overall=True
            ),
            *(
                charts.TrendSeries(code, name, tuple(entry.dimensions.get(code) for entry in entries))
                for code, name in self.dimension_names.items()
            ),
        ]
        return charts.trend_chart(
            [date_label(entry.date) for entry in entries],
            series,
            chart_levels(self.levels),
            id_prefix="trend-compact" if compact else "trend",
            layout=charts.COMPACT if compact else charts.WIDE,
        )


def organization_history(organization: Organization | None) -> History:
    """Every submitted assessment of the organization with its scores, in three queries."""
    if organization is None:
        return History(entries=(), dimension_names={}, levels=())
    assessments = list(
        Assessment.objects.submitted()
        .filter(organization=organization, result__isnull=False)
        .select_related("bank", "result")
        .prefetch_related(
            Prefetch(
                "result__dimensions",
                queryset=DimensionResult.objects.select_related("dimension").order_by(
                    "dimension__order", "dimension_id"
                ),
            ),
            Prefetch("bank__levels", queryset=MaturityLevel.objects.order_by("level")),
        )
        .order_by("submitted_at", "pk")
    )
    entries = []
    for assessment in assessments:
        levels = _level_infos(assessment.bank.levels.all())
        entries.append(
            HistoryEntry(
                public_id=assessment.public_id,
                date=assessment.submitted_at,
                bank_title=assessment.bank.title,
                bank_slug=assessment.bank.slug,
                bank_version=assessment.bank.version,
                score=assessment.result.score,
                percent=assessment.result.percent,
                level=next((level for level in levels if level.level == assessment.result.level), None),
                dimensions={row.dimension.code: row.score for row in assessment.result.dimensions.all()},
            )
        )
    if not assessments:
        return History(entries=(), dimension_names={}, levels=())
    latest = assessments[-1]
    return History(
        entries=tuple(entries),
        dimension_names={row.dimension.code: row.dimension.name for row in latest.result.dimensions.all()},
        levels=_level_infos(latest.bank.levels.all()),
    )
