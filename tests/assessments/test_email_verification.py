"""E-mail verification at sign-up, and sign-up and password reset answering alike whether an address has an
account or not."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from assessments.accounts import email_verification_token
from assessments.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long enough passphrase 42"


def signup_data(email, **overrides):
    data = {
        "user-name": "Hanako Sato",
        "user-email": email,
        "user-password1": PASSWORD,
        "user-password2": PASSWORD,
        "organization-name": "Aozora Retail",
        "organization-industry": "retail",
        "organization-size_band": "250-999",
        "organization-country": "JP",
    }
    data.update(overrides)
    return data


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", message.body).group(1)


def test_signup_mails_a_link_that_confirms_the_address_without_blocking_the_app(client):
    client.post(reverse("signup"), signup_data("hanako@example.jp"))
    (message,) = mail.outbox
    assert message.to == ["hanako@example.jp"]
    user = User.objects.get(email="hanako@example.jp")
    assert user.email_verified_at is None
    # Not confirmed yet: the dashboard works, and says how to confirm.
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Confirm your e-mail address" in dashboard
    response = client.get(link_in(message))
    assert response.status_code == 200
    assert "Address confirmed" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert "Confirm your e-mail address" not in client.get(reverse("dashboard")).content.decode()


def test_the_link_confirms_and_logs_nobody_in(client):
    user = UserFactory()
    response = client.get(reverse("verify_email", args=[email_verification_token(user)]))
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert not client.get(reverse("dashboard")).wsgi_request.user.is_authenticated
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_a_link_for_another_user_confirms_that_user_only_and_keeps_the_session(client):
    mine, theirs = UserFactory(), UserFactory()
    client.force_login(mine)
    response = client.get(reverse("verify_email", args=[email_verification_token(theirs)]))
    assert response.wsgi_request.user == mine
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.email_verified_at is None and theirs.email_verified_at is not None


def test_an_expired_link_is_refused(client):
    user = UserFactory()
    token = email_verification_token(user)
    later = signing.time.time() + timedelta(days=3, seconds=1).total_seconds()  # CXM_EMAIL_VERIFICATION_DAYS
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(reverse("verify_email", args=[token]))
    assert response.status_code == 404
    assert "Link not valid" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_link_for_an_address_the_user_no_longer_has_is_refused(client):
    user = UserFactory(email="old@example.jp")
    token = email_verification_token(user)
    User.objects.filter(pk=user.pk).update(email="new@example.jp")
    assert client.get(reverse("verify_email", args=[token])).status_code == 404


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: signing.dumps({"user": 1, "email": "x@example.jp"}, salt="another purpose"),
        lambda token: signing.dumps({"user": "1; DROP", "email": 5}, salt="cxmaturity.email-verification"),
        lambda token: "%00",
        lambda token: "a" * 1000,
        lambda token: "not:a:token",
    ],
)
def test_a_tampered_link_answers_404_never_500(client, tamper):
    user = UserFactory()
    response = client.get(f"/accounts/verify/{tamper(email_verification_token(user))}/")
    assert response.status_code == 404
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_the_link_of_another_user_with_a_forged_id_is_refused(client):
    victim, attacker = UserFactory(), UserFactory()
    token = email_verification_token(attacker)
    value, _, signature = token.partition(":")
    forged = (
        signing.b64_encode(
            signing.b64_decode(value.encode()).decode().replace(str(attacker.pk), str(victim.pk)).encode()
        ).decode()
        + ":"
        + signature
    )
    assert client.get(reverse("verify_email", args=[forged])).status_code == 404


def test_the_resend_page_mails_a_new_link(client):
    user = UserFactory()
    client.force_login(user)
    assert "not confirmed yet" in client.get(reverse("verification")).content.decode()
    response = client.post(reverse("verification"), follow=True)
    assert f"A new link is on its way to {user.email}." in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [user.email]
    client.get(link_in(message))
    assert "was confirmed on" in client.get(reverse("verification")).content.decode()
    client.post(reverse("verification"))
    assert len(mail.outbox) == 1  # nothing more to confirm


def test_the_resend_page_needs_a_login(client):
    assert client.get(reverse("verification"))["Location"].startswith(reverse("login"))


def test_the_verification_pages_speak_japanese(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("verification"), headers={"accept-language": "ja"}).content.decode()
    assert "メールアドレスを確認" in page
    client.post(reverse("verification"), headers={"accept-language": "ja"})
    assert "確認" in mail.outbox[0].subject
    done = client.get(link_in(mail.outbox[0]), headers={"accept-language": "ja"}).content.decode()
    assert "確認しました" in done


# Sign-up and password reset say nothing of whether an address has an account.


def _visible(response) -> str:
    """What a response shows: its status, where it leads, and the text of the page it leads to (tokens and
    nonces blanked)."""
    return re.sub(r'(value|nonce)="[^"]*"', "", response.content.decode())


@pytest.mark.parametrize("as_consultant", [False, True])
def test_signup_answers_alike_for_a_new_and_an_existing_address(as_consultant):
    UserFactory(email="taken@example.jp")
    url = reverse("signup_consultant" if as_consultant else "signup")
    answers = []
    for email in ("taken@example.jp", "new@example.jp"):
        client = Client(headers={"accept-language": "en"})
        data = signup_data(email, **{"consultancy-name": "Harbor Advisory"})
        first = client.post(url, data)
        page = client.get(first["Location"])
        answers.append(
            (
                first.status_code,
                first["Location"],
                sorted(first.cookies),
                page.status_code,
                _visible(page).replace(email, "EMAIL"),
            )
        )
    assert answers[0] == answers[1]
    assert answers[0][2] == ["csrftoken", "sessionid"]
    assert "Check your e-mail" in answers[0][4]
    # Each address got its own message: the existing one a note that it has an account.
    taken, new = mail.outbox
    assert taken.to == ["taken@example.jp"] and "exists already" in taken.body
    assert new.to == ["new@example.jp"] and "/accounts/verify/" in new.body


def test_password_reset_answers_alike_for_a_known_and_an_unknown_address():
    UserFactory(email="taken@example.jp")
    answers = []
    for email in ("taken@example.jp", "nobody@example.jp"):
        client = Client(headers={"accept-language": "en"})
        response = client.post(reverse("password_reset"), {"email": email}, follow=True)
        answers.append((response.redirect_chain, response.status_code, _visible(response)))
    assert answers[0] == answers[1]
    assert "Check your e-mail" in answers[0][2]
    (message,) = mail.outbox
    assert message.to == ["taken@example.jp"]


def test_the_page_after_signup_speaks_japanese(client):
    response = client.post(
        reverse("signup"), signup_data("hanako@example.jp"), follow=True, headers={"accept-language": "ja"}
    )
    assert "メールを確認" in response.content.decode()
