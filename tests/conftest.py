import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from assessments.banks import import_bank, load_default_bank
from assessments.services import assessment_start
from tests.documents import bank_document
from tests.factories import MembershipFactory


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
def client():
    """A test client whose browser asks for English; pass headers={"accept-language": "ja"} for Japanese."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture(autouse=True)
def english():
    """Tests read messages in English unless they switch language; the product defaults to Japanese."""
    with translation.override("en"):
        yield
