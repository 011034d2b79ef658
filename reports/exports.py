"""Exports of submitted results: the ``cxmaturity.result/1`` JSON document."""

import json
import statistics
from decimal import Decimal

from django.db.models import Max, Prefetch
from django.utils import timezone, translation

from assessments import scoring
from assessments.models import (
    AgreedScore,
    Answer,
    Assessment,
    DimensionResult,
    EarlierAnswer,
    Option,
    Revote,
    Workshop,
)
from assessments.scoring_adapter import scoring_answer, scoring_bank

from .benchmarks import BenchmarkOutcome, Stats, benchmark_for

RESULT_FORMAT = "cxmaturity.result/1"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def submitted_assessments():
    """Submitted assessments with everything a result document reads, in five queries in all."""
    return (
        Assessment.objects.with_result()
        .select_related("organization", "bank", "result")
        .prefetch_related(
            "bank__levels",  # the level bands of a small peer group's figures
            Prefetch(
                "result__dimensions",
                queryset=DimensionResult.objects.select_related("dimension").in_bank_order(),
            ),
            Prefetch(
                "participants__answers",
                queryset=Answer.objects.select_related("question__dimension")
                .prefetch_related(Prefetch("options", queryset=Option.objects.in_bank_order()))
                .in_bank_order(),
            ),
        )
        .order_by("submitted_at", "pk")
    )


def _stats(stats: Stats | None) -> dict | None:
    if stats is None:
        return None
    return {
        "n": stats.n,
        "mean": _number(stats.mean),
        "median": _number(stats.median),
        "p25": _number(stats.p25),
        "p75": _number(stats.p75),
        "percentile_rank": _number(stats.percentile_rank),
        "banded": stats.banded,
    }


def benchmark_document(outcome: BenchmarkOutcome) -> dict:
    """The ``benchmark`` block of the result document and ``benchmark_reason`` (null with a comparison)."""
    benchmark = outcome.benchmark
    if benchmark is None:
        return {"benchmark": None, "benchmark_reason": outcome.reason}
    return {
        "benchmark": {
            "group": {
                "industry": benchmark.group.industry,
                "size": benchmark.group.size_band,
                "country": benchmark.group.country,
            },
            "n": benchmark.group.n,
            "widened": list(benchmark.widened),
            "demo": benchmark.demo,
            "overall": _stats(benchmark.overall),
            "dimensions": {code: _stats(stats) for code, stats in benchmark.dimensions.items()},
        },
        "benchmark_reason": None,
    }


def assessment_benchmark(assessment: Assessment, dimensions: list[DimensionResult] | None = None) -> dict:
    """The ``benchmark`` and ``benchmark_reason`` of a submitted assessment's document (from
    ``submitted_assessments()``): today's peers, two queries; the reason in English, so that the document
    does not depend on the language of the request."""
    if dimensions is None:
        dimensions = list(assessment.result.dimensions.all())
    with translation.override("en"):
        outcome = benchmark_for(
            assessment, dimension_scores={row.dimension.code: row.score for row in dimensions}
        )
    return benchmark_document(outcome)


def result_document(assessment: Assessment) -> dict:
    """The ``cxmaturity.result/1`` document of a submitted assessment (from ``submitted_assessments()``),
    with its benchmark against today's peers (``assessment_benchmark``)."""
    result = assessment.result
    dimensions = list(result.dimensions.all())
    return {
        "format": RESULT_FORMAT,
        "assessment": assessment.public_id,
        "organization": assessment.organization.name,
        "mode": assessment.mode,
        "bank": {"slug": assessment.bank.slug, "version": assessment.bank.version},
        "submitted_at": timezone.localtime(assessment.submitted_at).isoformat(),
        "overall": {
            "score": _number(result.score),
            "percent": _number(result.percent),
            "level": result.level,
        },
        "dimensions": [
            {
                "code": dimension.dimension.code,
                "score": _number(dimension.score),
                "percent": _number(dimension.percent),
                "level": dimension.level,
                "target_level": dimension.target_level,
                "answered": dimension.answered,
                "not_applicable": dimension.not_applicable,
                "questions": dimension.questions,
            }
            for dimension in dimensions
        ],
        "answers": [
            answer_document(participant, answer.question.code, answer)
            for participant in assessment.participants.all()
            for answer in participant.answers.all()
        ],
        **assessment_benchmark(assessment, dimensions),
        **(workshop_document(assessment) if assessment.mode == Assessment.Mode.WORKSHOP else {}),
    }


def workshop_document(assessment: Assessment) -> dict:
    """A workshop result's ``participants`` and ``questions`` blocks: who took part (names only in a named
    workshop; ``id`` is the public id, never a resume token), and per question of the bank the counted
    scores' number and rounded mean, the agreed score and rationale, the question score of rule 8 and the
    "no consensus" flag — enough to recompute every figure from the document — and its rounds: the one that
    counts (``round``) and the answers of the earlier ones (``earlier_rounds``). Queries: the workshop, the
    bank (four), the agreed scores, the re-votes, the earlier answers and their options."""
    workshop = Workshop.objects.get(assessment=assessment)
    bank = scoring_bank(assessment.bank)
    agreed = {
        row.question.code: row
        for row in AgreedScore.objects.filter(workshop=workshop).select_related("question")
    }
    scores: dict[str, list] = {}
    questions = {question.code: question for question in bank.questions}
    for participant in assessment.participants.all():
        for answer in participant.answers.all():
            own = scoring.question_score(questions[answer.question.code], scoring_answer(answer))
            if own is not None:
                scores.setdefault(answer.question.code, []).append(own)
    rounds = _rounds_documents(workshop)
    return {
        "participants": [
            {
                "id": participant.public_id,
                "department": participant.department,
                "role": participant.role,
                **({} if workshop.anonymous else {"name": participant.display_name}),
            }
            for participant in assessment.participants.all()
        ],
        "questions": [
            {
                **_question_document(question.code, scores.get(question.code, []), agreed.get(question.code)),
                **rounds.get(question.code, {"round": 1, "earlier_rounds": []}),
            }
            for question in bank.questions
        ],
    }


def _rounds_documents(workshop: Workshop) -> dict[str, dict]:
    """By code of a re-voted question: the round that counts, and the answers of each earlier round (in the
    shape of the document's ``answers``), first round first."""
    latest = {
        code: {"round": number, "earlier_rounds": [{"round": n, "answers": []} for n in range(1, number)]}
        for code, number in Revote.objects.filter(workshop=workshop)
        .values("question__code")
        .annotate(latest=Max("number"))
        .values_list("question__code", "latest")
    }
    earlier = (
        EarlierAnswer.objects.filter(revote__workshop=workshop)
        .select_related("revote__question", "participant")
        .prefetch_related(Prefetch("options", queryset=Option.objects.in_bank_order()))
        .order_by("revote__number", "participant__created_at", "participant_id")
    )
    for answer in earlier:
        rounds = latest[answer.revote.question.code]["earlier_rounds"]
        rounds[answer.round - 1]["answers"].append(
            answer_document(answer.participant, answer.revote.question.code, answer)
        )
    return latest


def answer_document(participant, question: str, answer: Answer | EarlierAnswer) -> dict:
    """An answer (of the round that counts, or an earlier one) in the document, its options prefetched."""
    return {
        "participant": participant.public_id,
        "question": question,
        "options": [option.code for option in answer.options.all()],
        "score": _number(answer.score),
        "not_applicable": answer.not_applicable,
        "comment": answer.comment,
    }


def _question_document(code: str, scores: list, agreed) -> dict:
    agreed_score = agreed.score if agreed else None
    score = scoring.workshop_question_score(scores, agreed_score)
    return {
        "question": code,
        "n": len(scores),
        "mean": _number(scoring.round_half_up(statistics.mean(scores))) if scores else None,
        "agreed": _number(agreed_score),
        "rationale": agreed.rationale if agreed else None,
        "score": _number(None if score is None else scoring.round_half_up(score)),
        "no_consensus": scoring.no_consensus(scores),
    }


def dump_result(document: dict, *, indent: int | None = None) -> str:
    return json.dumps(document, ensure_ascii=False, indent=indent)
