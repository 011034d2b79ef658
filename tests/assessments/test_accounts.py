import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import Invitation, Membership, Organization, User
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long enough passphrase 42"


def signup_data(**overrides):
    data = {
        "user-name": "Hanako Sato",
        "user-email": "hanako@example.jp",
        "user-password1": PASSWORD,
        "user-password2": PASSWORD,
        "organization-name": "Aozora Retail",
        "organization-industry": "retail",
        "organization-size_band": "250-999",
        "organization-country": "JP",
    }
    data.update(overrides)
    return data


def test_signup_creates_the_user_the_organization_and_logs_in(client):
    response = client.post(reverse("signup"), signup_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("signup_sent")
    user = User.objects.get(email="hanako@example.jp")
    assert user.email_verified_at is None
    membership = Membership.objects.get(user=user)
    assert membership.role == Membership.Role.OWNER
    organization = membership.organization
    assert (organization.name, organization.industry, organization.size_band, organization.country.code) == (
        "Aozora Retail",
        "retail",
        "250-999",
        "JP",
    )
    assert not organization.is_demo
    dashboard = client.get(reverse("dashboard"))
    assert "Aozora Retail" in dashboard.content.decode()
    assert "Welcome to CX Maturity, Hanako Sato (Aozora Retail)." in dashboard.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"user-password2": "something else 42"}, "password2", "The two passwords differ."),
        ({"user-password1": "123", "user-password2": "123"}, "password1", "too short"),
        ({"user-email": "not-an-address"}, "email", "valid email"),
        ({"organization-industry": "mining"}, "industry", "Select a valid choice"),
        ({"organization-country": "XX"}, "country", "Select a valid choice"),
        ({"organization-name": ""}, "name", "This field is required"),
    ],
)
def test_bad_signup_input_is_explained_and_creates_nothing(client, overrides, field, message):
    response = client.post(reverse("signup"), signup_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not Organization.objects.exists()


def test_signup_with_an_existing_email_whatever_its_case_creates_nothing_and_mails_the_address(client):
    UserFactory(email="hanako@example.jp")
    response = client.post(reverse("signup"), signup_data(**{"user-email": "Hanako@Example.JP"}))
    assert response["Location"] == reverse("signup_sent")
    assert User.objects.count() == 1
    assert not Organization.objects.exists()
    assert not response.wsgi_request.user.is_authenticated
    (message,) = mail.outbox
    assert message.to == ["hanako@example.jp"]
    assert "exists already" in message.body


def test_signup_page_speaks_japanese(client):
    response = client.get(reverse("signup"), headers={"accept-language": "ja"})
    body = response.content.decode()
    assert "アカウントを作成" in body
    assert "日本" in body  # country names in Japanese


def test_login_by_email_and_logout(client):
    user = UserFactory(email="taro@example.jp")
    response = client.post(
        reverse("login"), {"username": "TARO@example.jp", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).wsgi_request.user == user
    client.post(reverse("logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_wrong_password_is_refused(client):
    UserFactory(email="taro@example.jp")
    response = client.post(reverse("login"), {"username": "taro@example.jp", "password": "nope"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_password_reset_sends_a_working_link(client):
    user = UserFactory(email="taro@example.jp")
    client.post(reverse("password_reset"), {"email": "taro@example.jp"})
    (message,) = mail.outbox
    assert message.to == ["taro@example.jp"]
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    new = "another long passphrase 77"
    response = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.jp"})
    assert response.status_code == 302
    assert not mail.outbox


def test_the_former_invite_page_leads_to_the_members_page(client, member):
    client.force_login(member.user)
    assert client.get(reverse("invite"))["Location"] == reverse("members")


def test_invite_needs_a_login(client):
    response = client.get(reverse("members"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_colleague_signs_up_through_the_invitation_joins_and_is_confirmed(client, member):
    invitation = Invitation.objects.create(
        organization=member.organization, created_by=member.user, email="Hanako@example.jp"
    )
    data = {key: value for key, value in signup_data().items() if key.startswith("user-")}
    response = client.post(reverse("join", args=[invitation.token]), data)
    assert response["Location"] == reverse("dashboard")
    user = User.objects.get(email="hanako@example.jp")
    assert list(user.memberships.values_list("organization", "role")) == [(member.organization.pk, "member")]
    assert Organization.objects.count() == 1
    assert user.email_verified_at is not None
    assert not mail.outbox  # the invitation's address needs no other confirmation


def test_a_logged_in_user_joins_with_one_click(client, member):
    other = MembershipFactory()
    invitation = Invitation.objects.create(
        organization=member.organization, created_by=member.user, email=other.user.email.upper()
    )
    client.force_login(other.user)
    assert client.get(reverse("join", args=[invitation.token])).status_code == 200
    client.post(reverse("join", args=[invitation.token]))
    assert other.user.memberships.filter(organization=member.organization).exists()


@pytest.mark.parametrize("token", ["tampered-token", None])
def test_an_expired_or_unknown_invitation_is_refused(client, member, token):
    invitation = Invitation.objects.create(
        organization=member.organization,
        created_by=member.user,
        email="hanako@example.jp",
        expires_at=timezone.now(),
    )
    response = client.get(reverse("join", args=[token or invitation.token]))
    assert response.status_code == 404
    assert "Invitation not valid" in response.content.decode()
