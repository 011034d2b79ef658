"""Test data: factory_boy factories for people and organizations, and builders of answered, submitted
assessments and of benchmark peers."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from assessments.models import Assessment, Membership, Option, Organization, User
from assessments.services import answer_save, assessment_start, assessment_submit
from reports.benchmarks import dimension_signature
from reports.models import PeerScore


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    password = factory.django.Password("correct horse battery")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    industry = Organization.Industry.RETAIL
    size_band = Organization.SizeBand.MEDIUM
    country = "JP"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.OWNER


def fetched(assessment) -> Assessment:
    """The assessment again, with what the results views read alongside it."""
    return Assessment.objects.select_related("organization", "bank", "result").get(pk=assessment.pk)


# Answers to the small bank of tests/documents.py


def option(bank, question_code, option_code) -> Option:
    return Option.objects.get(question__bank=bank, question__code=question_code, code=option_code)


def answer_all(participant, bank) -> None:
    """strategy: level 4 (4) and choice b (2.5); voc: surveys N/A, metrics a+c (1 + 4 × 3/4 = 4).
    Submitted, that is overall 3.63 (level 4), strategy 3.25, voc 4.00."""
    q = {question.code: question for question in bank.questions.all()}
    answer_save(
        participant=participant, question=q["strategy.vision"], options=[option(bank, "strategy.vision", "4")]
    )
    answer_save(
        participant=participant, question=q["strategy.budget"], options=[option(bank, "strategy.budget", "b")]
    )
    answer_save(
        participant=participant, question=q["voc.surveys"], not_applicable=True, comment="No surveys yet"
    )
    answer_save(
        participant=participant,
        question=q["voc.metrics"],
        options=[option(bank, "voc.metrics", "a"), option(bank, "voc.metrics", "c")],
    )


# Submitted assessments of any bank, answered by a rule: ``pick(question, options)`` returns the chosen
# options, or None for N/A.


def at_level(level: int):
    """Every question answered at about ``level``: the option scoring closest to it (checklists: a share)."""

    def pick(question, options):
        if question.type == "checklist":
            return options[: round((level - 1) / 4 * len(options))]
        return [min(options, key=lambda option: abs(option.score - level))]

    return pick


def varied(question, options):
    """Different levels across questions (by their position in the bank), so that the plan has an order."""
    level = 1 + (question.pk * 7) % 5
    return at_level(level)(question, options)


def in_turn(bank):
    """Levels 1, 2, … 5 in turn down the bank, and N/A for the first question that allows it."""
    questions = list(bank.questions.all())
    positions = {question.pk: position for position, question in enumerate(questions)}
    first_na = next((question.pk for question in questions if question.allow_na), None)

    def pick(question, options):
        if question.pk == first_na:
            return None
        return at_level(1 + positions[question.pk] % 5)(question, options)

    return pick


def submit(organization, bank, pick, *, by=None, days_ago: int = 0) -> Assessment:
    """A submitted assessment whose every question is answered by ``pick``, with a comment on each dimension's
    first question; submitted ``days_ago``. Returned with its organization, bank and result."""
    assessment = assessment_start(organization=organization, bank=bank, by=by)
    participant = assessment.participants.get()
    for question in bank.questions.prefetch_related("options"):
        chosen = pick(question, list(question.options.all()))
        answer_save(
            participant=participant,
            question=question,
            options=chosen or [],
            not_applicable=chosen is None,
            comment=f"Evidence for {question.code}" if question.order == 0 else "",
        )
    assessment_submit(assessment=assessment, by=by)
    if days_ago:
        Assessment.objects.filter(pk=assessment.pk).update(
            submitted_at=timezone.now() - timedelta(days=days_ago)
        )
    return fetched(assessment)


# Benchmark peers: bulk rows in the maintained aggregate, one organization (and assessment) each.


def add_peers(
    bank,
    overall,
    *,
    industry="retail",
    size_band="50-249",
    country="JP",
    is_demo=False,
    dimensions=None,
    signature=None,
):
    """One peer organization per score in ``overall``; each dimension scores the same as the overall score
    unless ``dimensions`` maps a code to a score (None: undefined, no row)."""
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"Peer {number}", industry=industry, size_band=size_band, country=country, is_demo=is_demo
        )
        for number in range(len(overall))
    )
    now = timezone.now()
    assessments = Assessment.objects.bulk_create(
        Assessment(organization=organization, bank=bank, status="submitted", submitted_at=now)
        for organization in organizations
    )
    codes = list(bank.dimensions.values_list("code", flat=True))
    signature = signature or dimension_signature(codes)
    rows = []
    for organization, assessment, score in zip(organizations, assessments, overall, strict=True):
        score = Decimal(str(score))
        keyed = {"": score, **dict.fromkeys(codes, score), **(dimensions or {})}
        rows.extend(
            PeerScore(
                organization=organization,
                assessment=assessment,
                bank_slug=bank.slug,
                signature=signature,
                key=key,
                score=value,
                industry=industry,
                size_band=size_band,
                country=country,
                is_demo=is_demo,
                submitted_at=now,
            )
            for key, value in keyed.items()
            if value is not None
        )
    PeerScore.objects.bulk_create(rows, batch_size=2000)
    return organizations
