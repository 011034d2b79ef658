"""Demonstration data: made-up organizations with submitted assessments, flagged ``is_demo``.

Profiles (industry, size band, country) are drawn with the weights below, and names fit the industry.
Answers follow each organization's hidden maturity with per-dimension strengths and noise, so benchmarks and
charts have a believable spread; the occasional comment fits the answer it is written on. Japanese
organizations answer a little lower, as Japanese respondents do, and comment in Japanese. Every result is
scored by the same service as a real submission.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import Answer, Assessment, Consultancy, Organization, Question, QuestionBank
from .services import assessment_start, assessment_submit

# How common each profile value is among the demonstration organizations, weighted like a Japanese-led
# market: the common profiles (a mid-sized Japanese retailer, say) have five or more exact peers among a few
# hundred organizations, and the rare ones show the benchmark widening.
COUNTRIES = {"JP": 62, "US": 8, "GB": 6, "DE": 5, "SG": 5, "AU": 4, "KR": 4, "FR": 3, "CA": 3}
INDUSTRIES = {
    "retail": 20,
    "financial": 18,
    "manufacturing": 14,
    "technology": 11,
    "telecom": 8,
    "hospitality": 7,
    "healthcare": 6,
    "utilities": 5,
    "professional": 5,
    "public": 4,
    "other": 2,
}
SIZE_BANDS = {"1-49": 8, "50-249": 18, "250-999": 32, "1000-4999": 27, "5000+": 15}
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
NAME_SECOND = {  # what an organization of each industry might be called
    "retail": ["Retail", "Stores", "Mart", "Outfitters"],
    "financial": ["Bank", "Insurance", "Securities", "Credit"],
    "manufacturing": ["Works", "Industries", "Motors", "Electric"],
    "technology": ["Systems", "Software", "Digital", "Cloud"],
    "telecom": ["Telecom", "Networks", "Media", "Mobile"],
    "hospitality": ["Travel", "Hotels", "Resorts", "Airways"],
    "healthcare": ["Health", "Pharma", "Clinics", "Medical"],
    "utilities": ["Energy", "Power", "Gas", "Water"],
    "professional": ["Partners", "Consulting", "Advisory", "Legal"],
    "public": ["City Office", "University", "Public Services", "Library"],
    "other": ["Holdings", "Trading", "Services", "Group"],
}
# Comments a respondent might add, by how mature the chosen answer is: low (below 2.5), middle, high (4 up).
COMMENTS = {
    "en": {
        "low": [
            "Nobody owns this yet; it comes up only when a complaint escalates.",
            "We know this is weak; no budget has been set aside for it.",
            "Each department handles it its own way.",
        ],
        "middle": [
            "Pilot running in two regions; roll-out planned next year.",
            "Only the online channel works this way so far.",
            "Depends heavily on one team lead.",
            "Survey results are shared monthly but rarely acted on.",
        ],
        "high": [
            "Documented in the CX playbook (v2) and audited yearly.",
            "Reviewed every quarter by the executive committee.",
            "Based on last quarter's steering committee minutes.",
        ],
    },
    "ja": {
        "low": [
            "担当者が決まっておらず、苦情が大きくなったときに対応している。",
            "弱い領域だと認識しているが、予算は確保できていない。",
            "部門ごとにやり方がばらばらである。",
        ],
        "middle": [
            "2地域で試行中。来年度に全社展開の予定。",
            "現時点ではオンラインチャネルのみ対応している。",
            "特定のチームリーダーへの依存度が高い。",
            "調査結果は毎月共有しているが、改善につながることは少ない。",
        ],
        "high": [
            "CXプレイブック（第2版）に手順を明記し、毎年監査している。",
            "四半期ごとに経営会議で見直している。",
            "前四半期の運営委員会の議事録に基づく評価。",
        ],
    },
}


def weighted_choice(choices: dict[str, int], rng: random.Random) -> str:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


def _band(score: float) -> str:
    return "low" if score < 2.5 else "high" if score >= 4 else "middle"


def _choose(question: Question, maturity: float, rng: random.Random) -> list:
    """The options a respondent of this maturity would pick for one question."""
    options = list(question.options.all())
    if question.type == Question.Type.CHECKLIST:
        chance = (maturity - 1) / 4
        return [option for option in options if rng.random() < chance]
    target = min(5.0, max(1.0, maturity + rng.gauss(0, 0.6)))
    return [min(options, key=lambda option: (abs(float(option.score) - target), option.order))]


def _score(question: Question, chosen: list) -> float:
    """About what the chosen options score (rule 1), to pick a comment that fits the answer."""
    if question.type != Question.Type.CHECKLIST:
        return float(chosen[0].score)
    total = sum(float(option.score) for option in question.options.all())
    return 1 + 4 * sum(float(option.score) for option in chosen) / total if total else 1.0


def respondent_answers(participant, questions, seen, rng, language, *, na_rate=0.25, comment_rate=0.15):
    """Unsaved answers and their chosen options for one participant; ``seen(question)`` is the maturity the
    respondent sees for that question."""
    answers, chosen = [], []
    for question in questions:
        if question.allow_na and rng.random() < na_rate:
            answers.append(Answer(participant=participant, question=question, not_applicable=True))
            chosen.append([])
            continue
        options = _choose(question, seen(question), rng)
        comment = ""
        if rng.random() < comment_rate:
            comment = rng.choice(COMMENTS[language][_band(_score(question, options))])
        answers.append(Answer(participant=participant, question=question, comment=comment))
        chosen.append(options)
    return answers, chosen


def answers_store(answers, chosen) -> None:
    """Bulk-create the answers and their chosen options (two queries)."""
    answers = Answer.objects.bulk_create(answers)
    Answer.options.through.objects.bulk_create(
        Answer.options.through(answer_id=answer.pk, option_id=option.pk)
        for answer, options in zip(answers, chosen, strict=True)
        for option in options
    )


def _submitted_assessment(organization, bank, questions, maturity, strengths, rng, submitted_at):
    assessment = assessment_start(organization=organization, bank=bank)
    participant = assessment.participants.get()
    language = "ja" if organization.country == "JP" else "en"
    answers, chosen = respondent_answers(
        participant, questions, lambda question: maturity + strengths[question.dimension_id], rng, language
    )
    answers_store(answers, chosen)
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
    first = Organization.objects.filter(is_demo=True).count() + 1  # numbers go on from an earlier seeding
    for number in range(first, first + organizations):
        with transaction.atomic():
            country, industry = weighted_choice(COUNTRIES, rng), weighted_choice(INDUSTRIES, rng)
            organization = Organization.objects.create(
                name=f"{rng.choice(NAME_FIRST)} {rng.choice(NAME_SECOND[industry])} (demo {number:03d})",
                industry=industry,
                size_band=weighted_choice(SIZE_BANDS, rng),
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
    """Delete every demo organization with its assessments, participants, answers and results, and the demo
    consultancy once its clients are gone."""
    organizations = Organization.objects.filter(is_demo=True)
    count = organizations.count()
    organizations.delete()
    Consultancy.objects.filter(is_demo=True).delete()
    return count
