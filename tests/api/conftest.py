import pytest
from django.contrib.auth.models import Group
from django.test import Client

from assessments.services import api_key_create
from tests.factories import UserFactory


class Api:
    """A client of the REST API with one key, asking for English unless told otherwise."""

    def __init__(self, secret: str | None, language: str = "en"):
        headers = {"accept-language": language}
        if secret:
            headers["authorization"] = f"Bearer {secret}"
        self.client = Client(headers=headers)

    def get(self, url, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url, data=None, **kwargs):
        return self.client.post(
            url, data if data is not None else {}, content_type="application/json", **kwargs
        )


def key_for(user, **arguments):
    key, secret = api_key_create(by=user, name="BI", **arguments)
    return key, secret


@pytest.fixture
def org_key(member):
    return key_for(member.user, organization=member.organization, access="write")


@pytest.fixture
def api(org_key):
    return Api(org_key[1])


@pytest.fixture
def read_only_api(member):
    return Api(key_for(member.user, organization=member.organization)[1])


@pytest.fixture
def consultancy_api(consultant):
    return Api(key_for(consultant.user, consultancy=consultant.consultancy, access="write")[1])


@pytest.fixture
def bank_editor(db):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="bank editors"))
    return user


@pytest.fixture
def banks_api(bank_editor):
    return Api(key_for(bank_editor, banks=True, access="write")[1])


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:cxmaturity:problem:")
    assert body["title"] and body["detail"]
    return body
