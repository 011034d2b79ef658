"""Sessions and passwords: the idle and absolute lifetimes of a logged-in session (autosave keeps it alive),
new passwords of at least 12 characters, the change-password page, and a new session key on log-in and on a
password change."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from assessments.sessions import LAST_USED, STARTED

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
NEW_PASSWORD = "a-long enough passphrase 42"
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/dashboard/"}


@pytest.fixture
def logged_in(clock, client, member):
    """The member logged in through the log-in page, as a browser does, on the stopped clock."""
    response = client.post(reverse("login"), {"username": member.user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def is_logged_in(client) -> bool:
    return SESSION_KEY in client.session


def test_log_in_records_when_the_session_started(logged_in, clock):
    session = logged_in.session
    assert session[STARTED] == session[LAST_USED]


def test_two_idle_hours_log_the_member_out_with_a_message_on_the_log_in_page(logged_in, clock):
    clock.advance(hours=2, seconds=1)
    response = logged_in.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('dashboard')}"
    assert not is_logged_in(logged_in)
    page = logged_in.get(response["Location"]).content.decode()
    assert "You were logged out after 2 hours without activity. Please log in again." in page


def test_activity_keeps_the_session_alive(logged_in, clock):
    for _hour in range(5):
        clock.advance(hours=1, minutes=50)
        assert logged_in.get(reverse("dashboard")).status_code == 200
    assert is_logged_in(logged_in)


def test_autosave_keeps_a_working_session_alive(logged_in, assessment, clock):
    url = reverse("assessment_answer", args=[assessment.public_id, "strategy.vision"])
    for _hour in range(3):
        clock.advance(hours=1, minutes=59)
        response = logged_in.post(url, {"option": "3"}, headers={"HX-Request": "true"})
        assert response.status_code == 200
    clock.advance(hours=1, minutes=59)
    assert logged_in.get(reverse("dashboard")).status_code == 200


def test_an_autosave_after_the_idle_limit_takes_the_page_to_the_log_in_page(logged_in, assessment, clock):
    clock.advance(hours=3)
    url = reverse("assessment_answer", args=[assessment.public_id, "strategy.vision"])
    response = logged_in.post(url, {"option": "3"}, headers=HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{reverse('login')}?next={reverse('dashboard')}"
    assert not is_logged_in(logged_in)
    assert not assessment.participants.get().answers.exists()


def test_a_session_lasts_at_most_12_hours_however_busy(logged_in, clock):
    for _hour in range(12):
        clock.advance(hours=1)
        assert logged_in.get(reverse("dashboard")).status_code == 200
    clock.advance(seconds=1)
    response = logged_in.get(reverse("dashboard"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert (
        "For your security, sessions last at most 12 hours. Please log in again." in response.content.decode()
    )


def test_the_limits_are_settings(logged_in, settings, clock):
    settings.CXM_SESSION_IDLE_SECONDS = 600
    clock.advance(minutes=11)
    assert logged_in.get(reverse("dashboard")).status_code == 302
    assert not is_logged_in(logged_in)


def test_the_limits_read_the_stored_times(logged_in, clock):
    session = logged_in.session
    session[STARTED] -= 13 * 3600
    session.save()
    assert logged_in.get(reverse("dashboard")).status_code == 302
    assert not is_logged_in(logged_in)


def test_a_session_from_before_the_limits_starts_now(member_client, clock):
    session = member_client.session
    del session[STARTED], session[LAST_USED]
    session.save()
    assert member_client.get(reverse("dashboard")).status_code == 200
    assert member_client.session[STARTED] == clock.now.timestamp()
    clock.advance(hours=2, seconds=1)
    assert member_client.get(reverse("dashboard")).status_code == 302


def test_the_expiry_message_speaks_japanese(member, clock):
    japanese = Client(headers={"accept-language": "ja"})
    japanese.post(reverse("login"), {"username": member.user.email, "password": PASSWORD})
    clock.advance(hours=3)
    page = japanese.get(reverse("dashboard"), follow=True).content.decode()
    assert "操作のない状態が2時間続いたため、ログアウトしました。もう一度ログインしてください。" in page


# The session key


def test_logging_in_gives_a_new_session_key(client, member):
    session = client.session
    session["before"] = "anonymous"
    session.save()
    anonymous_key = session.session_key
    client.post(reverse("login"), {"username": member.user.email, "password": PASSWORD})
    assert client.session.session_key != anonymous_key
    assert is_logged_in(client)


# Passwords


def test_new_passwords_need_12_characters(client):
    short = "Aozora-7k#q"  # 11 characters, not common, not numeric
    data = {
        "user-name": "Hanako Sato",
        "user-email": "hanako@example.jp",
        "user-password1": short,
        "user-password2": short,
        "organization-name": "Aozora Retail",
        "organization-industry": "retail",
        "organization-size_band": "250-999",
        "organization-country": "JP",
    }
    response = client.post(reverse("signup"), data)
    assert response.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in response.content.decode()
    data["user-password1"] = data["user-password2"] = short + "x"
    assert client.post(reverse("signup"), data).status_code == 302


def test_the_change_password_page_wants_a_logged_in_user(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('password_change')}"


def test_the_header_links_to_the_change_password_page(member_client):
    html = member_client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("password_change")}"' in html


def change(client, old=PASSWORD, new=NEW_PASSWORD, again=None):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": again or new},
    )


def test_a_wrong_old_password_changes_nothing(logged_in, member):
    response = change(logged_in, old="not my password")
    assert response.status_code == 200
    assert "Your old password was entered incorrectly." in response.content.decode()
    member.user.refresh_from_db()
    assert member.user.check_password(PASSWORD)


def test_a_short_new_password_is_refused(logged_in, member):
    response = change(logged_in, new="short-pass1")
    assert "at least 12 characters" in response.content.decode()
    member.user.refresh_from_db()
    assert member.user.check_password(PASSWORD)


def test_changing_the_password_rotates_the_session_and_keeps_the_user_logged_in(logged_in, member):
    elsewhere = Client()
    elsewhere.post(reverse("login"), {"username": member.user.email, "password": PASSWORD})
    key = logged_in.session.session_key

    response = change(logged_in)
    assert response.status_code == 302
    assert logged_in.session.session_key != key
    member.user.refresh_from_db()
    assert member.user.check_password(NEW_PASSWORD)
    dashboard = logged_in.get(response["Location"], follow=True)
    assert dashboard.status_code == 200 and dashboard.wsgi_request.user == member.user
    assert "Your password was changed." in dashboard.content.decode()
    # The other browser's session ends.
    assert elsewhere.get(reverse("dashboard")).status_code == 302


def test_the_change_password_page_speaks_japanese(member):
    japanese = Client(headers={"accept-language": "ja"})
    japanese.force_login(member.user)
    html = japanese.get(reverse("password_change")).content.decode()
    assert "パスワードの変更" in html
    assert "パスワードは最低 12 文字以上必要です。" in html  # the validators' help, Django's translation


def test_a_form_posted_after_the_limit_goes_to_the_log_in_page_and_changes_nothing(
    logged_in, assessment, clock
):
    clock.advance(hours=3)
    response = logged_in.post(reverse("assessment_submit", args=[assessment.public_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assessment.refresh_from_db()
    assert assessment.status == assessment.Status.IN_PROGRESS
