"""Test data: factory_boy factories for people, organizations and consultancies, builders of answered,
submitted assessments and of benchmark peers, and CX metrics' response counts."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import factory
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from assessments.models import Assessment, Consultancy, Consultant, Membership, Option, Organization, User
from assessments.models.metrics import count_field_names
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


class ConsultancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultancy

    name = factory.Sequence(lambda n: f"Consultancy {n}")


class ConsultantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultant

    user = factory.SubFactory(UserFactory)
    consultancy = factory.SubFactory(ConsultancyFactory)


class ClientFactory(OrganizationFactory):
    """A client organization of a consultancy."""

    name = factory.Sequence(lambda n: f"Client {n}")
    consultancy = factory.SubFactory(ConsultancyFactory)


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
    counted=True,
):
    """One peer organization per score in ``overall``; each dimension scores the same as the overall score
    unless ``dimensions`` maps a code to a score (None: undefined, no row). The rows say the peers are
    verified and count (``counted=False``: organizations that do not count, unverified say)."""
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
    rows = []
    for organization, assessment, score in zip(organizations, assessments, overall, strict=True):
        scores = {PeerScore.OVERALL: score, **dict.fromkeys(codes, score), **(dimensions or {})}
        rows.extend(
            (organization.pk, assessment.pk, key, Decimal(str(value)))
            for key, value in scores.items()
            if value is not None
        )
    shared = {
        "bank_slug": bank.slug,
        "signature": signature or dimension_signature(codes),
        "industry": industry,
        "size_band": size_band,
        "country": country,
        "is_demo": is_demo,
        "verified": counted,
        "counted": counted,
        "submitted_at": now,
    }
    _insert_peer_scores(rows, shared)
    return organizations


def _insert_peer_scores(rows, shared: dict) -> None:
    """Insert PeerScore rows (organization id, assessment id, key, score), their other fields ``shared`` or
    their defaults, in one statement run over all rows. Each distinct value is turned into its database form
    once, by its field, as ``bulk_create`` would: as model instances through ``bulk_create``, the 90,000 rows
    of 10,000 peers on the default bank took ten seconds, nearly all of it in that conversion."""
    varying = ["organization_id", "assessment_id", "key", "score"]
    fields = {field.attname: field for field in PeerScore._meta.concrete_fields if not field.primary_key}
    constants = {
        name: field.get_db_prep_save(shared[name] if name in shared else field.get_default(), connection)
        for name, field in fields.items()
        if name not in varying
    }
    scores = {score: fields["score"].get_db_prep_save(score, connection) for *_ids, score in rows}
    columns = [fields[name].column for name in [*varying, *constants]]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(PeerScore._meta.db_table),
        ", ".join(connection.ops.quote_name(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    values = list(constants.values())
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*ids, key, scores[score], *values) for *ids, key, score in rows])


def add_10000_peers(default_bank, other_bank) -> None:
    """10,000 peers on the default bank (8 dimensions: 90,000 rows): 2,000 retail in Japan with 50–249
    employees, 3,000 financial, 5,000 small in the US. And 1,000 peers on another bank beside them."""
    add_peers(other_bank, [3] * 1000)
    add_peers(default_bank, [Decimal(100 + n * 37 % 401) / 100 for n in range(2000)])
    add_peers(default_bank, [Decimal(100 + n * 13 % 401) / 100 for n in range(3000)], industry="financial")
    add_peers(
        default_bank,
        [Decimal(100 + n * 7 % 401) / 100 for n in range(5000)],
        size_band="1-49",
        country="US",
    )


# CX metrics: response counts, and counts as the CxMetrics fields that hold them.

# The answers 0..10 of NPS from promoters, passives and detractors spread over their answers.
PROMOTERS_50_PASSIVES_30_DETRACTORS_20 = [2, 2, 2, 2, 4, 4, 4, 10, 20, 25, 25]


def nps_counts(counts):
    return dict(zip(count_field_names("nps"), counts, strict=True))


def csat_counts(counts):
    return dict(zip(count_field_names("csat"), counts, strict=True))


def ces_counts(counts):
    return dict(zip(count_field_names("ces"), counts, strict=True))


def run_command(*args) -> str:
    """What a management command prints."""
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()
