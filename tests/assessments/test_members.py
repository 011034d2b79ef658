"""Members and roles: only owners see the members, invite, change roles, remove members and revoke
invitations; an organization keeps an owner; a removed member's sessions end; an invitation is for one
address, used once, expires and can be revoked."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Invitation, Membership, User
from tests.factories import ConsultantFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long enough passphrase 42"


@pytest.fixture
def owner(member):
    return member


@pytest.fixture
def colleague(owner):
    return MembershipFactory(organization=owner.organization, role=Membership.Role.MEMBER)


@pytest.fixture
def invitation(owner):
    return Invitation.objects.create(
        organization=owner.organization, created_by=owner.user, email="hanako@example.jp"
    )


def logged_in(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def actions(colleague, invitation):
    """Every page and action of the members' page: (method, url, data)."""
    return [
        ("get", reverse("members"), {}),
        ("post", reverse("members"), {"email": "new@example.jp"}),
        ("post", reverse("member_role", args=[colleague.public_id]), {"role": "owner"}),
        ("post", reverse("member_remove", args=[colleague.public_id]), {}),
        ("post", reverse("invitation_revoke", args=[invitation.public_id]), {}),
    ]


def nothing_changed(colleague, invitation):
    colleague.refresh_from_db()
    invitation.refresh_from_db()
    return (
        colleague.role == Membership.Role.MEMBER
        and invitation.revoked_at is None
        and not Invitation.objects.filter(email="new@example.jp").exists()
    )


@pytest.mark.parametrize("index", range(5))
def test_anonymous_is_sent_to_log_in(client, colleague, invitation, index):
    method, url, data = actions(colleague, invitation)[index]
    response = getattr(client, method)(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert nothing_changed(colleague, invitation)


@pytest.mark.parametrize("index", range(5))
def test_a_member_who_is_not_an_owner_gets_404(colleague, invitation, index):
    method, url, data = actions(colleague, invitation)[index]
    assert getattr(logged_in(colleague.user), method)(url, data).status_code == 404
    assert nothing_changed(colleague, invitation)


@pytest.mark.parametrize("index", range(1, 5))
def test_the_owner_of_another_organization_gets_404_for_these_members(colleague, invitation, index):
    method, url, data = actions(colleague, invitation)[index]
    other = MembershipFactory()
    response = getattr(logged_in(other.user), method)(url, data)
    # Its own members' page (a new invitation from it) is its own business; these ids are not its.
    assert response.status_code == (302 if index == 1 else 404)
    assert Invitation.objects.filter(organization=colleague.organization, email="new@example.jp").count() == 0
    colleague.refresh_from_db()
    invitation.refresh_from_db()
    assert colleague.role == Membership.Role.MEMBER and invitation.revoked_at is None


@pytest.mark.parametrize("index", range(5))
def test_a_consultant_gets_404(colleague, invitation, index):
    method, url, data = actions(colleague, invitation)[index]
    assert getattr(logged_in(ConsultantFactory().user), method)(url, data).status_code == 404
    assert nothing_changed(colleague, invitation)


def test_the_owner_sees_members_with_role_and_date_and_every_invitation_status(owner, colleague, invitation):
    joined = UserFactory(name="Jiro Joined")
    used = Invitation.objects.create(
        organization=owner.organization,
        email=joined.email,
        accepted_by=joined,
        accepted_at=timezone.now(),
    )
    yesterday = timezone.now() - timedelta(days=1)
    Invitation.objects.create(organization=owner.organization, email="late@example.jp", expires_at=yesterday)
    Invitation.objects.create(organization=owner.organization, email="gone@example.jp", revoked_at=yesterday)
    body = logged_in(owner.user).get(reverse("members")).content.decode()
    assert owner.user.email in body and colleague.user.email in body
    assert "Owner" in body and "Member" in body
    assert colleague.created_at.strftime("%Y") in body
    for status in ("Pending", "Used", "Expired", "Revoked"):
        assert f">{status}<" in body
    assert "Jiro Joined joined through it" in body
    # Only the pending invitation has its link and a revoke button.
    assert reverse("join", args=[invitation.token]) in body
    assert reverse("join", args=[used.token]) not in body
    assert body.count(">Revoke<") == 1


def test_the_owner_invites_by_e_mail_and_the_link_works_once_for_that_address(owner, client):
    response = logged_in(owner.user).post(reverse("members"), {"email": "Hanako@Example.jp"})
    assert response["Location"] == reverse("members")
    invitation = Invitation.objects.get(organization=owner.organization)
    assert invitation.email == "Hanako@example.jp"
    assert len(invitation.token) == 43  # 256 bits from secrets, URL-safe
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)  # CXM_INVITATION_DAYS = 7
    (message,) = mail.outbox
    assert message.to == ["Hanako@example.jp"]
    link = re.search(r"https?://[^/]+(/join/\S+/)", message.body).group(1)
    assert link == reverse("join", args=[invitation.token])
    assert str(invitation.pk) not in link.split("/")

    someone = UserFactory(email="someone@example.jp")
    other_client = logged_in(someone)
    assert other_client.get(link).status_code == 403  # for another address
    other_client.post(link)
    assert not someone.memberships.exists()

    hanako = UserFactory(email="hanako@example.jp")
    hanako_client = logged_in(hanako)
    hanako_client.post(link)
    assert hanako.memberships.get().organization == owner.organization
    hanako.refresh_from_db()
    assert hanako.email_verified_at is not None
    invitation.refresh_from_db()
    assert invitation.accepted_by == hanako and invitation.status == "used"
    # Used: nobody joins with it again, not even the same person after leaving.
    hanako.memberships.all().delete()
    assert hanako_client.get(link).status_code == 404
    hanako_client.post(link)
    assert not hanako.memberships.exists()


def test_signing_up_through_an_invitation_needs_its_address(client, invitation):
    data = {
        "user-name": "Someone Else",
        "user-email": "someone@example.jp",
        "user-password1": PASSWORD,
        "user-password2": PASSWORD,
    }
    response = client.post(reverse("join", args=[invitation.token]), data)
    assert response.status_code == 200
    assert "This invitation is for another e-mail address." in response.content.decode()
    assert not User.objects.filter(email="someone@example.jp").exists()


def test_inviting_a_member_again_is_refused(owner, colleague):
    response = logged_in(owner.user).post(reverse("members"), {"email": colleague.user.email.upper()})
    assert response.status_code == 200
    assert "is a member already" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_new_invitation_for_the_same_address_revokes_the_pending_one(owner, invitation):
    logged_in(owner.user).post(reverse("members"), {"email": invitation.email})
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    assert Invitation.objects.pending().get().email == invitation.email


def test_a_revoked_invitation_no_longer_works(owner, invitation, client):
    logged_in(owner.user).post(reverse("invitation_revoke", args=[invitation.public_id]))
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    response = client.get(reverse("join", args=[invitation.token]))
    assert response.status_code == 404
    assert "Invitation not valid" in response.content.decode()


def test_an_expired_invitation_no_longer_works(invitation, client):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("join", args=[invitation.token])).status_code == 404
    hanako = UserFactory(email="hanako@example.jp")
    logged_in(hanako).post(reverse("join", args=[invitation.token]))
    assert not hanako.memberships.exists()


@pytest.mark.parametrize(
    "token",
    ["x" * 43, "%00", "a" * 42 + "%00", "a" * 500, "../../admin", "'; DROP TABLE x; --"],
)
def test_a_tampered_invitation_token_answers_404(client, invitation, token):
    assert client.get(f"/join/{token}/").status_code == 404
    assert client.post(f"/join/{token}/", {"user-email": "hanako@example.jp"}).status_code == 404


def test_the_owner_changes_roles(owner, colleague):
    client = logged_in(owner.user)
    client.post(reverse("member_role", args=[colleague.public_id]), {"role": "owner"})
    colleague.refresh_from_db()
    assert colleague.role == "owner"
    # With two owners, the first may step down.
    client.post(reverse("member_role", args=[owner.public_id]), {"role": "member"})
    owner.refresh_from_db()
    assert owner.role == "member"
    assert client.get(reverse("members")).status_code == 404  # no longer an owner


def test_an_unknown_role_changes_nothing(owner, colleague):
    logged_in(owner.user).post(reverse("member_role", args=[colleague.public_id]), {"role": "admin"})
    colleague.refresh_from_db()
    assert colleague.role == "member"


def test_the_last_owner_cannot_be_demoted_or_removed(owner, colleague):
    client = logged_in(owner.user)
    for url, data in [
        (reverse("member_role", args=[owner.public_id]), {"role": "member"}),
        (reverse("member_remove", args=[owner.public_id]), {}),
    ]:
        response = client.post(url, data, follow=True)
        assert "An organization needs at least one owner" in response.content.decode()
    owner.refresh_from_db()
    assert owner.role == "owner"


def test_the_last_owner_rule_speaks_japanese(owner):
    client = logged_in(owner.user)
    response = client.post(
        reverse("member_remove", args=[owner.public_id]), follow=True, headers={"accept-language": "ja"}
    )
    assert "組織には少なくとも1人のオーナーが必要です" in response.content.decode()
    assert "メンバー" in client.get(reverse("members"), headers={"accept-language": "ja"}).content.decode()


def test_a_removed_member_loses_access_and_every_session_at_once(owner, colleague):
    laptop, phone = logged_in(colleague.user), Client()
    phone.post(reverse("login"), {"username": colleague.user.email, "password": "correct horse battery"})
    assert phone.get(reverse("dashboard")).status_code == 200
    untouched = logged_in(owner.user)

    response = logged_in(owner.user).post(reverse("member_remove", args=[colleague.public_id]))
    assert response["Location"] == reverse("members")
    assert not Membership.objects.filter(pk=colleague.pk).exists()
    for client in (laptop, phone):
        response = client.get(reverse("dashboard"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert not response.wsgi_request.user.is_authenticated
    assert untouched.get(reverse("dashboard")).status_code == 200  # the owner's own sessions live on
    # Logging in again works: the user keeps the account, only the membership is gone.
    fresh = Client()
    fresh.post(reverse("login"), {"username": colleague.user.email, "password": "correct horse battery"})
    assert fresh.get(reverse("dashboard")).wsgi_request.user == colleague.user


def test_an_owner_who_removes_themselves_is_logged_out(owner, colleague):
    colleague.role = Membership.Role.OWNER
    colleague.save()
    client = logged_in(owner.user)
    assert client.post(reverse("member_remove", args=[owner.public_id]))["Location"] == reverse("login")
    assert client.get(reverse("dashboard")).status_code == 302


def test_sessions_made_before_the_revocation_field_was_set_live_on(member):
    # The hash of a user whose sessions were never ended is Django's own: no one is logged out by the upgrade.
    from django.contrib.auth.base_user import AbstractBaseUser

    assert member.user.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(member.user)


def test_the_dashboard_shows_the_members_link_to_owners_only(owner, colleague):
    assert reverse("members") in logged_in(owner.user).get(reverse("dashboard")).content.decode()
    assert reverse("members") not in logged_in(colleague.user).get(reverse("dashboard")).content.decode()
