from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation

from assessments.banks import import_bank, load_default_bank
from assessments.banks.structure import forget
from assessments.services import assessment_start, assessment_submit, workshop_start
from tests.documents import bank_document, level_question
from tests.factories import (
    ClientFactory,
    ConsultantFactory,
    MembershipFactory,
    answer_all,
    at_level,
    fetched,
    submit,
)
from tests.security import build_world


def pytest_configure(config):
    # Tests only: production's PBKDF2 takes about half a second a password, and most tests make a member.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def bank(db):
    """A small published bank: strategy (level + choice), voc (level with N/A + checklist)."""
    return import_bank(bank_document())


@pytest.fixture
def default_bank(db):
    return load_default_bank()


@pytest.fixture
def member(db):
    return MembershipFactory()


@pytest.fixture
def assessment(bank, member):
    return assessment_start(organization=member.organization, bank=bank, by=member.user)


@pytest.fixture
def participant(assessment):
    return assessment.participants.get()


@pytest.fixture
def submitted(participant, assessment, bank, member):
    """The member's assessment of the small bank, answered by ``answer_all`` and submitted by the member:
    overall 3.63 (level 4), strategy 3.25, voc 4.00. The organization is retail, 50–249 employees, Japan."""
    answer_all(participant, bank)
    assessment_submit(assessment=assessment, by=member.user)
    return fetched(assessment)


@pytest.fixture
def submitted_with_an_undefined_dimension(member):
    """Submitted on a bank of two dimensions with one question each: a's answered at level 2, b's N/A (so b
    has no score)."""
    bank = import_bank(
        bank_document(
            slug="na", dimensions={"a": [level_question("a.q")], "b": [level_question("b.q", allow_na=True)]}
        )
    )

    def level_2_or_na(question, options):
        return None if question.allow_na else at_level(2)(question, options)

    return submit(member.organization, bank, level_2_or_na, by=member.user)


@pytest.fixture
def client():
    """A test client whose browser asks for English; pass headers={"accept-language": "ja"} for Japanese."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture(autouse=True)
def english():
    """Tests read messages in English unless they switch language; the product defaults to Japanese."""
    with translation.override("en"):
        yield


@pytest.fixture
def consultant(db):
    return ConsultantFactory()


@pytest.fixture
def consultant_client(client, consultant):
    client.force_login(consultant.user)
    return client


@pytest.fixture
def workshop(bank, consultant):
    """An open, named workshop on the small bank for a client of the consultant's consultancy."""
    organization = ClientFactory(consultancy=consultant.consultancy)
    return workshop_start(
        client=organization, bank=bank, title="Kick-off", date=date(2026, 12, 1), by=consultant.user
    )


@pytest.fixture(autouse=True)
def fresh_cache(request, django_db_blocker):
    """The database cache (throttles' counters, the sample PDF) starts empty in every test. A test in a
    transaction rolls its entries back; the flush after a transactional test (the browser tests) leaves the
    cache table alone, so it is emptied here."""
    yield
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        with django_db_blocker.unblock():
            cache.clear()


class Clock:
    """``timezone.now`` stopped at a moment that the test moves forward (``advance(minutes=15)``)."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Every role and the objects the routes name (tests/security.py), built once per module in a transaction
    rolled back at its end; each test's own changes are rolled back after it (tests need ``django_db``)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def evidence_dir(settings, tmp_path):
    """The "evidence" storage in a temporary directory."""
    directory = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(directory), "base_url": None},
        },
    }
    return directory


@pytest.fixture(autouse=True)
def fresh_bank_structures():
    """Each test reads its banks' structure afresh: a rolled-back test's bank may come back under the same id
    with other content."""
    forget()
    yield
