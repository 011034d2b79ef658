"""Demonstration data: made-up organizations with submitted assessments, flagged ``is_demo``.

Answers follow each organization's hidden maturity with per-dimension strengths and noise, so benchmarks and
charts have a believable spread. Japanese organizations answer a little lower, as Japanese respondents do.
Every result is scored by the same service as a real submission.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import Answer, Assessment, Organization, Question, QuestionBank
from .services import assessment_start, assessment_submit

COUNTRIES = ["JP"] * 6 + ["US", "GB", "DE", "SG", "AU", "KR", "FR", "CA"]
NAME_FIRST = [
    "Aozora",
    "Sakura",
    "Hikari",
    "Midori",
    "Kaze",
    "Tsubasa",
    "Minato",
    "Asahi",
    "Northwind",
    "Bluebell",
    "Harbor",
    "Summit",
    "Lumen",
    "Cedar",
    "Orbit",
    "Meridian",
    "Willow",
    "Kestrel",
    "Fujimi",
    "Hoshino",
]
NAME_SECOND = [
    "Trading",
    "Holdings",
    "Services",
    "Retail",
    "Systems",
    "Bank",
    "Insurance",
    "Logistics",
    "Foods",
    "Travel",
    "Telecom",
    "Health",
    "Energy",
    "Works",
    "Partners",
]
COMMENTS = {
    "en": [
        "Based on last quarter's steering committee minutes.",
        "Only the online channel works this way so far.",
        "Pilot running in two regions; roll-out planned next year.",
        "Survey results are shared monthly but rarely acted on.",
        "Depends heavily on one team lead.",
        "Documented in the CX playbook (v2).",
    ],
    "ja": [
        "前四半期の運営委員会の議事録に基づく評価。",
        "現時点ではオンラインチャネルのみ対応している。",
        "2地域で試行中。来年度に全社展開の予定。",
        "調査結果は毎月共有しているが、改善につながることは少ない。",
        "特定のチームリーダーへの依存度が高い。",
        "CXプレイブック（第2版）に手順を明記済み。",
    ],
}


def _choose(question: Question, maturity: float, rng: random.Random) -> list:
    """The options a respondent of this maturity would pick for one question."""
    options = list(question.options.all())
    if question.type == Question.Type.CHECKLIST:
        chance = (maturity - 1) / 4
        return [option for option in options if rng.random() < chance]
    target = min(5.0, max(1.0, maturity + rng.gauss(0, 0.6)))
    return [min(options, key=lambda option: (abs(float(option.score) - target), option.order))]


def _answers(participant, questions, maturity, strengths, rng, language):
    """Unsaved answers and their chosen options for one participant."""
    answers, chosen = [], []
    for question in questions:
        if question.allow_na and rng.random() < 0.25:
            answers.append(Answer(participant=participant, question=question, not_applicable=True))
            chosen.append([])
            continue
        comment = rng.choice(COMMENTS[language]) if rng.random() < 0.15 else ""
        answers.append(Answer(participant=participant, question=question, comment=comment))
        chosen.append(_choose(question, maturity + strengths[question.dimension_id], rng))
    return answers, chosen


def _submitted_assessment(organization, bank, questions, maturity, strengths, rng, submitted_at):
    assessment = assessment_start(organization=organization, bank=bank)
    participant = assessment.participants.get()
    language = "ja" if organization.country == "JP" else "en"
    answers, chosen = _answers(participant, questions, maturity, strengths, rng, language)
    answers = Answer.objects.bulk_create(answers)
    Answer.options.through.objects.bulk_create(
        Answer.options.through(answer_id=answer.pk, option_id=option.pk)
        for answer, options in zip(answers, chosen, strict=True)
        for option in options
    )
    assessment_submit(assessment=assessment)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=submitted_at, created_at=submitted_at)
    return assessment


def seed_demo(*, organizations: int, seed: int | None = None, bank: QuestionBank) -> list[Organization]:
    """Create demo organizations, each with a submitted assessment (some with an earlier one too)."""
    rng = random.Random(seed)
    questions = list(bank.questions.select_related("dimension").prefetch_related("options"))
    dimension_ids = list(bank.dimensions.values_list("pk", flat=True))
    now = timezone.now()
    created = []
    for number in range(1, organizations + 1):
        with transaction.atomic():
            country = rng.choice(COUNTRIES)
            organization = Organization.objects.create(
                name=f"{rng.choice(NAME_FIRST)} {rng.choice(NAME_SECOND)} (demo {number:03d})",
                industry=rng.choice(Organization.Industry.values),
                size_band=rng.choice(Organization.SizeBand.values),
                country=country,
                is_demo=True,
            )
            maturity = rng.triangular(1.2, 4.8, 2.4) - (0.3 if country == "JP" else 0.0)
            strengths = {pk: rng.gauss(0, 0.5) for pk in dimension_ids}
            latest = now - timedelta(days=rng.randint(1, 180))
            if rng.random() < 0.3:
                earlier = maturity - rng.uniform(0.2, 0.7)
                _submitted_assessment(
                    organization, bank, questions, earlier, strengths, rng, latest - timedelta(days=365)
                )
            _submitted_assessment(organization, bank, questions, maturity, strengths, rng, latest)
        created.append(organization)
    return created


def purge_demo() -> int:
    """Delete every demo organization with its assessments, participants, answers and results."""
    organizations = Organization.objects.filter(is_demo=True)
    count = organizations.count()
    organizations.delete()
    return count
