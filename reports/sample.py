"""The public sample: the result of a made-up organization, shown to visitors without an account.

Its answers are fixed and scored in memory (``sample_results``), compared with demonstration peers only
(``sample_results_benchmark``), shown with made-up customer metrics (``sample_metrics_panel``), on the page
and as a PDF (``sample_report``). Nothing of it is stored, and showing it writes nothing, except the PDF: it
is rendered once per bank version, language and set of demonstration peers, and kept in the database cache
(``cached_sample_report``), so that visitors cannot make the servers render PDFs at will.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments import scoring
from assessments.models import Assessment, Dimension, Option, Organization, Question, QuestionBank
from assessments.scoring_adapter import plain_bank
from cxmaturity.i18n import content_language

from .benchmarks import BenchmarkOutcome, Profile, compare
from .metrics import MetricsPanel, MetricValue, metric_values
from .models import PeerScore
from .pdf import render_pdf, report_html
from .results.view_model import (
    AnswerView,
    Change,
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
# Its customer metrics: a mid-maturity Japanese company, whose NPS is negative as is typical in Japan.
SAMPLE_METRIC_COUNTS = {
    "nps": (3, 2, 4, 6, 8, 20, 27, 50, 40, 25, 15),  # 200 responses: 40 promoters, 70 detractors → −15
    "csat": (9, 21, 58, 92, 60),  # 240 responses, 152 of them 4 or 5 → 63.3 %
    "ces": (4, 10, 22, 38, 61, 45, 20),  # 200 responses, 957 points in all → 4.79 / 7
}


def sample_bank() -> QuestionBank | None:
    """The bank the sample shows: the latest published default bank, or else any latest published bank."""
    return QuestionBank.objects.for_new_assessments()


def sample_results(bank: QuestionBank) -> ResultsView:
    """A realistic result for a made-up organization, scored in memory with fixed answers; writes nothing.

    Queries: the levels, the dimensions, the questions and their options, the recommendations.
    """
    bank_levels = list(bank.levels.all())
    bank_dimensions = list(bank.dimensions.all())
    questions = list(
        bank.questions.in_bank_order().prefetch_related(
            Prefetch("options", queryset=Option.objects.in_bank_order())
        )
    )
    recommendations = list(bank_recommendations(bank.pk))
    plain = plain_bank(bank_levels, bank_dimensions, questions)

    answers = _sample_answers(questions, bank_dimensions)
    result = _score_sample(plain, answers)
    previous = _sample_previous(plain, questions, bank_dimensions)
    levels = level_infos(bank_levels)
    scored = {dimension.code: _scored(dimension) for dimension in result.dimensions}
    dimensions = dimension_views(bank_dimensions, scored, levels, previous)
    dimension_codes = {dimension.pk: dimension.code for dimension in bank_dimensions}
    question_scores = {
        code: None if score is None else scoring.round_half_up(score)
        for code, score in result.question_scores.items()
    }
    language = content_language()
    return ResultsView(
        public_id=None,
        organization=SAMPLE_ORGANIZATION[language],
        date=SAMPLE_DATE,
        bank_title=bank.title,
        bank_version=bank.version,
        mode=Assessment.Mode.SELF,
        score=result.rounded_score,
        percent=result.rounded_percent,
        level=level_of(levels, result.level),
        levels=levels,
        dimensions=dimensions,
        plan=plan_entries(dimensions, recommendations, levels, question_scores, dimension_codes),
        answers=answer_groups(dimensions, _answer_views(answers, question_scores, dimension_codes, language)),
        previous_date=previous.date,
        change=Change(result.rounded_score, previous.score),
        is_sample=True,
    )


def sample_results_benchmark(results: ResultsView, bank: QuestionBank) -> BenchmarkOutcome:
    """The sample's benchmark: against demonstration peers only, as its organization is made up; two
    queries."""
    dimension_scores = {dimension.code: dimension.score for dimension in results.dimensions}
    profile = Profile(
        bank_slug=bank.slug,
        dimension_codes=tuple(dimension_scores),
        level_floors=tuple(level.min_score for level in results.levels),
        **SAMPLE_PEER_PROFILE,
    )
    reason = _(
        "The sample is compared with demonstration organizations only, and fewer than %(k)d of them have "
        "results on this question bank."
    ) % {"k": settings.CXM_BENCHMARK_MIN_PEERS}
    return compare(profile, results.score, dimension_scores, demo_only=True, too_few_reason=reason)


def sample_metrics() -> list[MetricValue]:
    """The metrics the sample results show; no query."""
    return metric_values(SAMPLE_METRIC_COUNTS)


def sample_metrics_panel() -> MetricsPanel:
    """The customer metrics panel of the sample results page; no query."""
    return MetricsPanel(sample_metrics())


def sample_report(language: str, bank: QuestionBank | None = None) -> bytes | None:
    """The PDF of the public sample result, with demonstration peers and sample customer metrics; None while
    no bank is published."""
    bank = bank or sample_bank()
    if bank is None:
        return None
    with translation.override(language):
        view = sample_results(bank)
        benchmark = sample_results_benchmark(view, bank)
        metrics = sample_metrics()
        html = report_html(view, language=language, benchmark=benchmark, metrics=metrics)
    return render_pdf(html).data


SAMPLE_PDF_CACHE_SECONDS = 30 * 24 * 3600  # a key names its bank version: old ones leave on their own


@dataclass(frozen=True)
class CachedPdf:
    data: bytes
    rendered_at: datetime
    etag: str


def cached_sample_report(language: str) -> CachedPdf | None:
    """The sample PDF from the database cache, rendered on the first request for its bank version, language
    and demonstration peers (which its benchmark shows); None while no bank is published.

    Queries: the published banks, the demonstration peers' count and latest submission, the cache (and on a
    miss, the rendering's and the cache's write)."""
    bank = sample_bank()
    if bank is None:
        return None
    peers = PeerScore.objects.filter(bank_slug=bank.slug, key=PeerScore.OVERALL, is_demo=True).aggregate(
        count=Count("pk"), latest=Max("submitted_at")
    )
    latest = peers["latest"].timestamp() if peers["latest"] else 0
    key = f"sample-pdf:{bank.pk}:{language}:{peers['count']}:{latest:.0f}"
    entry = cache.get(key)
    if entry is None:
        data = sample_report(language, bank)
        entry = {"data": data, "rendered_at": timezone.now(), "etag": hashlib.blake2b(data).hexdigest()[:32]}
        cache.set(key, entry, timeout=SAMPLE_PDF_CACHE_SECONDS)
    return CachedPdf(entry["data"], entry["rendered_at"], f'"{entry["etag"]}"')


# Answering and scoring in memory


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


def _score_sample(plain: scoring.Bank, answers) -> scoring.Result:
    return scoring.score_answers(
        plain,
        {
            code: scoring.Answer(tuple(option.code for option in chosen), not_applicable)
            for code, (_question, chosen, not_applicable) in answers.items()
        },
    )


def _sample_previous(plain: scoring.Bank, questions, dimensions) -> Previous:
    """The same organization a year earlier (SAMPLE_PREVIOUS_LOWERED)."""
    earlier = _score_sample(plain, _sample_answers(questions, dimensions, SAMPLE_PREVIOUS_LOWERED))
    return Previous(
        date=SAMPLE_PREVIOUS_DATE,
        score=earlier.rounded_score,
        dimensions={dimension.code: dimension.rounded_score for dimension in earlier.dimensions},
    )


def _scored(dimension: scoring.DimensionResult) -> Scored:
    return Scored(
        score=dimension.rounded_score,
        percent=dimension.rounded_percent,
        level=dimension.level,
        target_level=None,
        answered=dimension.answered,
        not_applicable=dimension.not_applicable,
        questions=dimension.questions,
    )


def _answer_views(answers, question_scores, dimension_codes, language: str) -> list[AnswerView]:
    return [
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
