"""API keys: made on the settings page by owners, consultants and bank editors, shown once, stored hashed,
revocable, their last use recorded; read-only keys refused on writes."""

import hashlib

import pytest
from django.urls import reverse

from assessments.models import ApiKey, Membership
from tests.api.conftest import Api, key_for, problem
from tests.factories import MembershipFactory

URL = "/api/v1/assessments/"


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get(reverse("api_keys"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_member_who_is_not_an_owner_gets_404(client, db):
    membership = MembershipFactory(role=Membership.Role.MEMBER)
    client.force_login(membership.user)
    assert client.get(reverse("api_keys")).status_code == 404


def test_an_owner_makes_a_key_shown_once_and_stored_hashed(member_client, member):
    response = member_client.post(
        reverse("api_keys"), {"name": "Power BI", "owner": "organization", "access": "read"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = ApiKey.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(f"cxm_{key.prefix}_") and len(secret) > 40
    assert secret in response.content.decode()
    assert key.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {key.name, key.prefix, key.digest}
    assert key.organization == member.organization and key.created_by == member.user
    assert key.access == ApiKey.Access.READ and not key.banks
    again = member_client.get(reverse("api_keys")).content.decode()
    assert secret not in again and key.masked in again and "Power BI" in again


def test_an_owner_cannot_make_a_key_for_banks_or_a_consultancy(member_client):
    member_client.post(
        reverse("api_keys"), {"name": "x", "owner": "consultancy", "access": "read", "banks": "on"}
    )
    response = member_client.post(
        reverse("api_keys"), {"name": "x", "owner": "organization", "access": "read", "banks": "on"}
    )
    assert ApiKey.objects.get().banks is False
    assert response.status_code == 200


def test_a_consultant_makes_a_consultancy_key(consultant_client, consultant):
    consultant_client.post(reverse("api_keys"), {"name": "CRM", "owner": "consultancy", "access": "write"})
    key = ApiKey.objects.get()
    assert key.consultancy == consultant.consultancy and key.organization is None and key.can_write


def test_the_dashboard_links_to_the_keys(member_client, default_bank):
    assert reverse("api_keys") in member_client.get(reverse("dashboard")).content.decode()


def test_the_consultancy_home_links_to_the_keys(consultant_client):
    assert reverse("api_keys") in consultant_client.get(reverse("consultancy_home")).content.decode()


def test_revoked_keys_are_refused(member_client, member, org_key):
    key, secret = org_key
    assert Api(secret).get(URL).status_code == 200
    response = member_client.post(reverse("api_key_revoke", args=[key.public_id]))
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert problem(Api(secret).get(URL), 401)["detail"] == "This API key is not valid or has been revoked."


def test_another_organizations_owner_cannot_revoke_a_key(client, org_key):
    other = MembershipFactory()
    client.force_login(other.user)
    assert client.post(reverse("api_key_revoke", args=[org_key[0].public_id])).status_code == 404
    org_key[0].refresh_from_db()
    assert org_key[0].revoked_at is None


def test_last_use_is_recorded(org_key):
    key, secret = org_key
    assert key.last_used_at is None
    Api(secret).get(URL)
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_a_read_only_key_is_refused_on_writes(read_only_api, bank):
    body = problem(read_only_api.post(URL, {"bank": bank.slug}), 403)
    assert "read-only" in body["detail"]


def test_a_key_stops_working_when_its_maker_is_no_longer_an_owner(member, org_key):
    member.role = Membership.Role.MEMBER
    member.save()
    problem(Api(org_key[1]).get(URL), 401)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer cxm_nope",
        "Bearer",
        "Basic dXNlcjpwYXNz",
        "Bearer cxm_12345678_wrong",
        "Api-Key cxm_12345678_x",
    ],
)
def test_bad_keys_answer_401(db, header):
    from django.test import Client

    response = Client(headers={"authorization": header, "accept-language": "en"}).get(URL)
    problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_api_key_scheme_works_too(org_key):
    from django.test import Client

    response = Client(headers={"authorization": f"Api-Key {org_key[1]}"}).get(URL)
    assert response.status_code == 200


def test_a_key_made_by_an_owner_cannot_be_for_another_organization(member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        key_for(member.user, organization=MembershipFactory().organization)
