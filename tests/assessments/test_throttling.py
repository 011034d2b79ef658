"""Anti-automation: log-in (site and admin), password reset, sign-up, workshop join and PDF downloads are
throttled per account and per client address, with a 429, a message and Retry-After; the sample PDF is
rendered once and served from the cache."""

import re

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse

from assessments.banks import import_bank
from assessments.models import Participant, User
from assessments.throttles import client_address
from reports import sample
from tests.documents import bank_document
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
NEW_PASSWORD = "a-long enough passphrase 42"


def browser() -> Client:
    """Another browser, asking for English like the ``client`` fixture."""
    return Client(headers={"accept-language": "en"})


def log_in(client, email, password="wrong password!", address="127.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address)


def assert_throttled(response, wait: str, retry_after: int):
    assert response.status_code == 429
    assert response["Retry-After"] == str(retry_after)
    html = response.content.decode()
    assert f"Too many attempts in a short time. Please try again in {wait}." in html
    assert "<form" in html  # the form page again, not a bare error
    return html


def with_limit(settings, name, count, seconds):
    settings.CXM_THROTTLES = {**settings.CXM_THROTTLES, name: (count, seconds)}


# Log-in


def test_the_sixth_failed_log_in_to_an_account_within_15_minutes_is_refused(client, clock):
    UserFactory(email="taro@example.jp")
    for _attempt in range(5):
        assert log_in(client, "taro@example.jp").status_code == 200
    clock.advance(minutes=5)
    response = log_in(client, "taro@example.jp", PASSWORD)  # even the right password waits
    html = assert_throttled(response, "10 minutes", 600)
    assert 'value="taro@example.jp"' in html  # what was typed stays in the form
    assert not response.wsgi_request.user.is_authenticated

    clock.advance(minutes=10)
    response = log_in(client, "taro@example.jp", PASSWORD)
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated


def test_a_successful_log_in_clears_the_accounts_failures(client):
    UserFactory(email="taro@example.jp")
    for _attempt in range(4):
        log_in(client, "taro@example.jp")
    assert log_in(client, "taro@example.jp", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(4):
        assert log_in(client, "taro@example.jp").status_code == 200
    assert log_in(client, "taro@example.jp", PASSWORD).status_code == 302


def test_one_accounts_failures_do_not_lock_another_account_or_address(client):
    UserFactory(email="taro@example.jp")
    UserFactory(email="hanako@example.jp")
    for _attempt in range(5):
        log_in(client, "taro@example.jp")
    assert log_in(client, "hanako@example.jp", PASSWORD).status_code == 302  # same address, other account
    assert (
        log_in(browser(), "taro@example.jp", PASSWORD, address="10.0.0.9").status_code == 429
    )  # the account


def test_the_21st_failed_log_in_from_one_address_is_refused_whatever_the_account(client, clock):
    UserFactory(email="taro@example.jp")
    for number in range(20):
        assert log_in(client, f"guess{number}@example.jp", address="203.0.113.5").status_code == 200
    assert_throttled(log_in(client, "taro@example.jp", PASSWORD, address="203.0.113.5"), "15 minutes", 900)
    # Another address logs in to the same account.
    assert log_in(browser(), "taro@example.jp", PASSWORD, address="198.51.100.7").status_code == 302
    clock.advance(minutes=15)
    assert log_in(client, "guess@example.jp", address="203.0.113.5").status_code == 200


def test_unknown_accounts_are_throttled_like_known_ones(client):
    for _attempt in range(5):
        log_in(client, "nobody@example.jp")
    assert log_in(client, "nobody@example.jp").status_code == 429


def test_the_admin_log_in_is_throttled_too(client, clock):
    UserFactory(email="admin@example.jp", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _attempt in range(5):
        response = client.post(url, {"username": "admin@example.jp", "password": "wrong password!"})
        assert response.status_code == 200
    response = client.post(url, {"username": "admin@example.jp", "password": PASSWORD})
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "Too many attempts in a short time. Please try again in 15 minutes." in response.content.decode()
    clock.advance(minutes=15)
    assert client.post(url, {"username": "admin@example.jp", "password": PASSWORD}).status_code == 302


def test_the_throttled_log_in_page_speaks_japanese(clock):
    japanese = Client(headers={"accept-language": "ja"})
    for _attempt in range(5):
        log_in(japanese, "taro@example.jp")
    response = log_in(japanese, "taro@example.jp")
    assert response.status_code == 429
    assert "短時間に試行が多すぎます。15分後にもう一度お試しください。" in response.content.decode()


# The client address


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(settings):
    assert client_address(request_from("10.0.0.1", "203.0.113.5")) == "10.0.0.1"
    settings.CXM_PROXY_HOPS = 1
    # The proxy appends the address it saw; what the client wrote before it is ignored.
    assert client_address(request_from("10.0.0.1", "1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    assert client_address(request_from("10.0.0.1")) == "10.0.0.1"
    settings.CXM_PROXY_HOPS = 2
    assert client_address(request_from("10.0.0.1", "1.2.3.4, 203.0.113.5, 10.0.0.2")) == "203.0.113.5"


def test_an_ipv6_client_counts_by_its_64_network():
    assert client_address(request_from("2001:db8:1:2:aaaa::1")) == "2001:db8:1:2::/64"
    assert client_address(request_from("2001:db8:1:2:bbbb::9")) == "2001:db8:1:2::/64"
    assert client_address(request_from("::ffff:192.0.2.1")) == "192.0.2.1"


def test_a_forged_forwarded_header_does_not_escape_the_throttle(client):
    for number in range(20):
        client.post(
            reverse("login"),
            {"username": f"guess{number}@example.jp", "password": "wrong password!"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )
    assert log_in(client, "guess@example.jp").status_code == 429


# Password reset


def test_a_reset_mail_goes_to_one_address_at_most_three_times_an_hour(client, clock):
    UserFactory(email="taro@example.jp")
    answers = [client.post(reverse("password_reset"), {"email": "taro@example.jp"}) for _ in range(5)]
    assert len(mail.outbox) == 3
    # The page answers the same way every time: it tells nothing about the address or the cap.
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {
        (302, reverse("password_reset_done"))
    }
    clock.advance(hours=1)
    client.post(reverse("password_reset"), {"email": "taro@example.jp"})
    assert len(mail.outbox) == 4


def test_password_reset_requests_from_one_address_are_throttled(client, clock):
    for number in range(10):
        response = client.post(reverse("password_reset"), {"email": f"someone{number}@example.jp"})
        assert response.status_code == 302
    response = client.post(reverse("password_reset"), {"email": "taro@example.jp"})
    html = assert_throttled(response, "60 minutes", 3600)
    assert 'value="taro@example.jp"' in html
    assert (
        client.post(reverse("password_reset"), {"email": "x@example.jp"}, REMOTE_ADDR="10.0.0.3").status_code
        == 302
    )
    clock.advance(hours=1)
    assert client.post(reverse("password_reset"), {"email": "taro@example.jp"}).status_code == 302


# Sign-up


def signup_data(number: int) -> dict:
    return {
        "user-name": f"Person {number}",
        "user-email": f"person{number}@example.jp",
        "user-password1": NEW_PASSWORD,
        "user-password2": NEW_PASSWORD,
        "organization-name": f"Organization {number}",
        "organization-industry": "retail",
        "organization-size_band": "250-999",
        "organization-country": "JP",
        "consultancy-name": f"Consultancy {number}",
    }


@pytest.mark.parametrize("url_name", ["signup", "signup_consultant"])
def test_the_11th_sign_up_from_one_address_within_an_hour_is_refused(url_name, clock):
    for number in range(10):
        response = browser().post(reverse(url_name), signup_data(number))
        assert response.status_code == 302
    response = browser().post(reverse(url_name), signup_data(10))
    html = assert_throttled(response, "60 minutes", 3600)
    assert 'value="person10@example.jp"' in html
    assert not User.objects.filter(email="person10@example.jp").exists()
    assert browser().post(reverse(url_name), signup_data(11), REMOTE_ADDR="10.0.0.4").status_code == 302
    clock.advance(hours=1)
    assert browser().post(reverse(url_name), signup_data(12)).status_code == 302


def test_both_kinds_of_sign_up_share_the_addresss_limit(settings):
    with_limit(settings, "signup_address", 2, 3600)
    browser().post(reverse("signup"), signup_data(1))
    browser().post(reverse("signup_consultant"), signup_data(2))
    assert browser().post(reverse("signup"), signup_data(3)).status_code == 429


# Workshop join


def join(workshop, number: int, address="127.0.0.1"):
    return browser().post(
        reverse("workshop_join", args=[workshop.join_code]),
        {"display_name": f"Phone {number}", "language": "en"},
        REMOTE_ADDR=address,
    )


def test_a_room_of_fifty_phones_behind_one_address_joins(workshop):
    for number in range(50):
        assert join(workshop, number).status_code == 302
    assert Participant.objects.filter(assessment=workshop.assessment).count() == 50


def test_joins_from_one_address_past_the_limit_are_refused(workshop, settings, clock):
    with_limit(settings, "workshop_join_address", 3, 600)
    for number in range(3):
        assert join(workshop, number).status_code == 302
    response = join(workshop, 3)
    html = assert_throttled(response, "10 minutes", 600)
    assert 'value="Phone 3"' in html
    assert join(workshop, 4, address="10.0.0.5").status_code == 302
    clock.advance(minutes=10)
    assert join(workshop, 5).status_code == 302
    assert Participant.objects.filter(assessment=workshop.assessment).count() == 5


# PDF downloads


def test_a_members_pdf_downloads_are_throttled(member_client, member, submitted, settings, clock):
    with_limit(settings, "pdf_download_user", 1, 600)  # the default is 10; each download renders a PDF
    url = reverse("results_pdf", args=[submitted.public_id])
    assert member_client.get(url).status_code == 200
    response = member_client.get(url)
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    html = response.content.decode()
    assert "You downloaded several PDF reports in a short time. Please try again in 10 minutes" in html
    assert reverse("results", args=[submitted.public_id]) in html
    # A colleague downloads meanwhile.
    colleague = browser()
    colleague.force_login(MembershipFactory(organization=member.organization).user)
    assert colleague.get(url).status_code == 200
    clock.advance(minutes=10)
    assert member_client.get(url).status_code == 200


def test_the_pdf_throttle_comes_after_the_access_check(client, submitted, settings):
    with_limit(settings, "pdf_download_user", 1, 600)
    stranger = MembershipFactory().user
    client.force_login(stranger)
    url = reverse("results_pdf", args=[submitted.public_id])
    assert [client.get(url).status_code for _ in range(3)] == [404, 404, 404]


# The sample PDF


@pytest.fixture
def renders(monkeypatch):
    """How many PDFs the sample renders: a counter around the real ``render_pdf``."""
    calls = []
    real = sample.render_pdf

    def counted(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(sample, "render_pdf", counted)
    return calls


def test_the_sample_pdf_is_rendered_once_per_language(client, bank, renders):
    url = reverse("sample_pdf")
    first = client.get(url + "?lang=ja")
    second = browser().get(url + "?lang=ja")
    assert len(renders) == 1
    assert first.content == second.content and first.content.startswith(b"%PDF")
    assert first["ETag"] == second["ETag"] and re.fullmatch(r'"[0-9a-f]{32}"', first["ETag"])
    assert first["Last-Modified"] == second["Last-Modified"]
    english = client.get(url + "?lang=en")
    assert len(renders) == 2 and english.content != first.content
    # A browser that has it gets a 304, without a body or a rendering.
    again = client.get(url + "?lang=en", headers={"if-none-match": english["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert len(renders) == 2


def test_a_new_bank_version_renders_a_new_sample_pdf(client, bank, renders):
    url = reverse("sample_pdf") + "?lang=en"
    client.get(url)
    import_bank(bank_document(version="2.0"))  # the sample shows the latest version
    client.get(url)
    client.get(url)
    assert len(renders) == 2
