"""The results of a submitted assessment, from its stored result: a fixed number of queries whatever the size
of the bank."""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from statistics import mean

from django.db.models import Prefetch, Q, Subquery

from assessments import scoring
from assessments.models import AgreedScore, Answer, Assessment, DimensionResult, Evidence, Option

from ..benchmarks import BenchmarkOutcome, benchmark_for
from .view_model import (
    AnswerView,
    Change,
    EvidenceView,
    Previous,
    ResultsView,
    Scored,
    answer_groups,
    bank_recommendations,
    dimension_views,
    level_infos,
    level_of,
    plan_entries,
)


def assessment_results(assessment: Assessment) -> ResultsView:
    """The view model of a submitted assessment, fetched with ``organization``, ``bank`` and ``result``.

    Queries: the dimension results, the levels, the answers and their options, their evidence files
    (in a self-assessment), the recommendations and the previous assessment's dimension results — seven,
    whatever the size of the bank and the number of files.
    """
    result = assessment.result
    rows = list(result.dimensions.select_related("dimension").in_bank_order())
    levels = level_infos(assessment.bank.levels.all())
    answers = list(
        Answer.objects.filter(participant__assessment=assessment)
        .select_related("question", "participant")
        .prefetch_related(Prefetch("options", queryset=Option.objects.in_bank_order()))
        .in_bank_order()
    )
    # A workshop's page and report show the answers by question (its consensus), without the files.
    evidence = _evidence_views(assessment) if assessment.mode == Assessment.Mode.SELF else {}
    recommendations = list(bank_recommendations(assessment.bank_id))
    previous = _previous(assessment)

    scored = {row.dimension.code: _scored(row) for row in rows}
    dimensions = dimension_views([row.dimension for row in rows], scored, levels, previous)
    dimension_codes = {row.dimension_id: row.dimension.code for row in rows}
    question_scores = _question_scores(assessment, answers)
    return ResultsView(
        public_id=assessment.public_id,
        organization=assessment.organization.name,
        date=assessment.submitted_at,
        bank_title=assessment.bank.title,
        bank_version=assessment.bank.version,
        mode=assessment.mode,
        score=result.score,
        percent=result.percent,
        level=level_of(levels, result.level),
        levels=levels,
        dimensions=dimensions,
        plan=plan_entries(dimensions, recommendations, levels, question_scores, dimension_codes),
        answers=answer_groups(dimensions, _answer_views(answers, dimension_codes, evidence)),
        previous_date=previous.date if previous else None,
        change=Change(result.score, previous.score) if previous else None,
    )


def results_benchmark(assessment: Assessment, results: ResultsView) -> BenchmarkOutcome:
    """The benchmark of a stored result, from the scores and levels its view model holds: two queries."""
    return benchmark_for(
        assessment,
        dimension_scores={dimension.code: dimension.score for dimension in results.dimensions},
        level_floors=[level.min_score for level in results.levels],
    )


def _scored(row: DimensionResult) -> Scored:
    return Scored(
        score=row.score,
        percent=row.percent,
        level=row.level,
        target_level=row.target_level,
        answered=row.answered,
        not_applicable=row.not_applicable,
        questions=row.questions,
    )


def _question_scores(assessment: Assessment, answers: Iterable[Answer]) -> dict[str, Decimal]:
    """A question's score for the plan: its answer's stored score; in a workshop the participants' mean, or
    the agreed score that replaced it (rule 8; one more query)."""
    answer_scores: dict[str, list[Decimal]] = {}
    for answer in answers:
        if answer.score is not None:
            answer_scores.setdefault(answer.question.code, []).append(answer.score)
    scores = {code: scoring.round_half_up(mean(values)) for code, values in answer_scores.items()}
    if assessment.mode == Assessment.Mode.WORKSHOP:
        agreed = AgreedScore.objects.filter(workshop__assessment=assessment)
        scores.update(agreed.values_list("question__code", "score"))
    return scores


def _evidence_views(assessment: Assessment) -> dict[tuple[int, int], tuple[EvidenceView, ...]]:
    """The assessment's evidence files by participant and question, in the order they came: one query."""
    files: dict[tuple[int, int], list[EvidenceView]] = {}
    rows = Evidence.objects.filter(participant__assessment=assessment).order_by("pk")
    for participant_id, question_id, public_id, name, size in rows.values_list(
        "participant_id", "question_id", "public_id", "name", "size"
    ):
        files.setdefault((participant_id, question_id), []).append(EvidenceView(public_id, name, size))
    return {key: tuple(views) for key, views in files.items()}


def _answer_views(
    answers: Iterable[Answer],
    dimension_codes: Mapping[int, str],
    evidence: Mapping[tuple[int, int], tuple[EvidenceView, ...]],
) -> list[AnswerView]:
    return [
        AnswerView(
            code=answer.question.code,
            text=answer.question.text,
            options=tuple(option.label for option in answer.options.all()),
            not_applicable=answer.not_applicable,
            score=answer.score,
            comment=answer.comment,
            participant=answer.participant.display_name,
            dimension_code=dimension_codes.get(answer.question.dimension_id, ""),
            evidence=evidence.get((answer.participant_id, answer.question_id), ()),
        )
        for answer in answers
    ]


def _previous(assessment: Assessment) -> Previous | None:
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
    return Previous(
        date=result.assessment.submitted_at,
        score=result.score,
        dimensions={row.dimension.code: row.score for row in rows},
    )
