"""Demonstration workshops: a made-up consultancy whose made-up clients held closed workshops.

Each workshop has 5–20 participants from several departments. A participant answers around the client's
hidden maturity with a personal bias and a departmental one; on a few questions the room splits (some see
the practice, some do not), which gives the "no consensus" flags a facilitator discusses, and a few of those
have an agreed score with its rationale. Every workshop is closed by the same service as a real one.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .demo import answers_store, respondent_answers, weighted_choice
from .models import (
    AgreedScore,
    Assessment,
    Consultancy,
    Organization,
    Question,
    QuestionBank,
    Workshop,
)
from .services import answer_save, participant_join, revote_start, workshop_close, workshop_start

DEMO_CONSULTANCY = "Harbor CX Partners (demo)"
DEPARTMENTS = {"Sales": 5, "Customer service": 6, "Marketing": 4, "IT": 3, "HR": 2}
ROLES = ["Manager", "Team lead", "Specialist", "Director"]
GIVEN_NAMES = [
    "Aiko",
    "Ben",
    "Chie",
    "Daiki",
    "Emi",
    "Fumio",
    "Grace",
    "Hana",
    "Ichiro",
    "Jun",
    "Kana",
    "Liam",
]
TITLES = ["CX maturity kick-off", "CX maturity review", "Customer journey workshop"]
RATIONALES = [
    "The practice exists in the flagship channel only; the room settled on the level it reaches there.",
    "Sales sees it working, service does not; agreed on the lower level until it holds everywhere.",
]


def demo_consultancy() -> Consultancy:
    consultancy = Consultancy.objects.filter(is_demo=True).first()
    return consultancy or Consultancy.objects.create(
        name=DEMO_CONSULTANCY, accent_colour="#5b3a8c", is_demo=True
    )


def _client(consultancy: Consultancy, number: int, rng: random.Random) -> Organization:
    industry = weighted_choice({"retail": 3, "financial": 3, "telecom": 2, "hospitality": 2}, rng)
    return Organization.objects.create(
        name=f"{rng.choice(['Aozora', 'Sakura', 'Minato', 'Summit'])} Client (demo workshop {number:02d})",
        industry=industry,
        size_band=weighted_choice({"250-999": 2, "1000-4999": 2, "5000+": 1}, rng),
        country="JP",
        is_demo=True,
        consultancy=consultancy,
    )


def _participants(workshop, questions, maturity, rng):
    split = {question.code for question in rng.sample(questions, k=min(4, len(questions)))}
    departments = {name: rng.gauss(0, 0.3) for name in DEPARTMENTS}
    for _number in range(rng.randint(5, 20)):
        department = weighted_choice(DEPARTMENTS, rng)
        participant = participant_join(
            workshop=workshop,
            display_name=rng.choice(GIVEN_NAMES),
            department=department,
            role=rng.choice(ROLES),
            language="ja",
        )
        own = maturity + departments[department] + rng.gauss(0, 0.4)

        def seen(question, own=own):
            # On a split question the room divides: some see the practice, some do not.
            return own + (rng.choice([-1.5, 1.5]) if question.code in split else 0)

        answers, chosen = respondent_answers(
            participant, questions, seen, rng, "ja", na_rate=0.08, comment_rate=0.06
        )
        answers_store(answers, chosen)
    return split


def _agree(workshop, questions, split, rng) -> None:
    for question in questions:
        if question.code in split and question.type == Question.Type.LEVEL and rng.random() < 0.5:
            AgreedScore.objects.create(
                workshop=workshop,
                question=question,
                score=rng.choice([2, 2.5, 3, 3.5]),
                rationale=rng.choice(RATIONALES),
            )


def _revote(workshop, questions, split, rng) -> None:
    """In some workshops the room answers a split level question again after discussing it, and comes
    closer together: the second round counts, the first stays in the record."""
    candidates = [q for q in questions if q.code in split and q.type == Question.Type.LEVEL]
    if not candidates or rng.random() < 0.4:
        return
    question = rng.choice(candidates)
    revote_start(workshop=workshop, question=question)
    centre = rng.randint(2, 4)
    by_level = {int(option.score): option for option in question.options.all()}
    for participant in workshop.assessment.participants.order_by("created_at", "pk"):
        level = min(5, max(1, centre + rng.choice([-1, 0, 0, 1])))
        answer_save(participant=participant, question=question, options=[by_level[level]])


def seed_demo_workshops(*, workshops: int, seed: int | None = None, bank: QuestionBank) -> list[Workshop]:
    """Closed demo workshops, one per new demo client of the demo consultancy."""
    rng = random.Random(seed)
    questions = list(bank.questions.in_bank_order().select_related("dimension").prefetch_related("options"))
    consultancy = demo_consultancy()
    first = consultancy.clients.count() + 1
    now = timezone.now()
    created = []
    for number in range(first, first + workshops):
        with transaction.atomic():
            client = _client(consultancy, number, rng)
            held = now - timedelta(days=rng.randint(3, 120))
            workshop = workshop_start(
                client=client,
                bank=bank,
                title=rng.choice(TITLES),
                date=held.date(),
                anonymous=rng.random() < 0.3,
            )
            split = _participants(workshop, questions, rng.triangular(1.5, 4.5, 2.6), rng)
            _revote(workshop, questions, split, rng)
            _agree(workshop, questions, split, rng)
            workshop_close(workshop=workshop)
            Assessment.objects.filter(pk=workshop.assessment_id).update(submitted_at=held, created_at=held)
        created.append(workshop)
    return created
