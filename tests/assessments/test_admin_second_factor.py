"""Staff log in to the admin with a second factor (TOTP) when ``CXM_ADMIN_2FA`` is on (production's default):
assessments/admin_site.py, the log-in form in account_forms.py, ``manage.py enrol_totp``."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.admin_site import totp_enrol
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")


@pytest.fixture(autouse=True)
def second_factor(settings):
    settings.CXM_ADMIN_2FA = True


@pytest.fixture
def staff():
    return UserFactory(email="admin@example.jp", is_staff=True, is_superuser=True)


@pytest.fixture
def device(staff):
    return totp_enrol(user=staff)


def code(device: TOTPDevice, steps: int = 0) -> str:
    """The code the app shows now (or ``steps`` periods later)."""
    t0 = device.t0 - steps * device.step
    return f"{totp(device.bin_key, step=device.step, t0=t0, digits=device.digits):06d}"


def log_in(client, token: str, password: str = PASSWORD):
    return client.post(
        LOGIN, {"username": "admin@example.jp", "password": password, "otp_token": token, "next": INDEX}
    )


def test_a_staff_member_logged_in_with_a_password_alone_is_sent_to_the_admins_log_in(client, staff, device):
    client.force_login(staff)
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    page = client.get(response.url)
    assert 'name="otp_token"' in page.text
    assert "with a password only" in page.text


def test_the_staff_pages_outside_the_admin_follow_its_rule(client, staff, device, bank):
    client.force_login(staff)
    for url in (reverse("bank_index"), reverse("bank_import"), reverse("bank_workbook_template")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(LOGIN)


def test_the_right_password_and_code_open_the_admin(client, device, bank):
    response = log_in(client, code(device))
    assert response.status_code == 302
    assert response.url == INDEX
    assert client.get(INDEX).status_code == 200
    assert client.get(reverse("admin:assessments_questionbank_changelist")).status_code == 200
    assert client.get(reverse("bank_index")).status_code == 200


def test_a_wrong_code_is_refused(client, device):
    response = log_in(client, code(device, steps=10))
    assert response.status_code == 200
    assert "This code is wrong or has expired" in response.text
    assert PASSWORD not in response.text  # not written back into the page
    assert client.get(INDEX).status_code == 302
    assert log_in(client, "").status_code == 200  # no code: asked for it


def test_a_code_without_the_right_password_is_refused(client, device):
    response = log_in(client, code(device), password="wrong password!")
    assert response.status_code == 200
    assert "Please enter the correct" in response.text
    assert client.get(INDEX).status_code == 302


def test_a_staff_member_without_an_app_is_told_so_after_the_right_password_only(client, staff):
    assert "No authenticator app" not in log_in(client, "123456", password="wrong password!").text
    response = log_in(client, "123456")
    assert "No authenticator app is enrolled for this account yet" in response.text
    assert client.get(INDEX).status_code == 302


def test_wrong_codes_count_towards_the_log_in_throttle(client, device, clock, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the device's own delays after a failure, tested by django-otp
    for _attempt in range(5):
        assert log_in(client, "000000" if code(device) != "000000" else "111111").status_code == 200
    refused = log_in(client, code(device))
    assert refused.status_code == 429
    assert client.get(INDEX).status_code == 302
    clock.advance(minutes=16)
    assert log_in(client, code(device)).status_code == 302


def test_without_the_setting_the_admin_asks_for_the_password_only(client, staff, settings):
    settings.CXM_ADMIN_2FA = False
    assert 'name="otp_token"' not in client.get(LOGIN).text
    client.force_login(staff)
    assert client.get(INDEX).status_code == 200


def test_enrol_totp_prints_the_apps_address_and_qr_code(staff):
    out = StringIO()
    call_command("enrol_totp", "ADMIN@example.jp", stdout=out)
    device = TOTPDevice.objects.get(user=staff)
    assert device.config_url in out.getvalue()
    assert re.search(r"otpauth://totp/CX%20Maturity%3Aadmin%40example.jp\?secret=\w+", out.getvalue())
    assert "█" in out.getvalue() or "▀" in out.getvalue()  # the QR code, drawn in the terminal


def test_enrol_totp_replaces_an_app_only_when_asked(staff, device):
    with pytest.raises(CommandError, match="enrolled already"):
        call_command("enrol_totp", staff.email, stdout=StringIO())
    call_command("enrol_totp", staff.email, "--replace", stdout=StringIO())
    assert TOTPDevice.objects.get(user=staff).pk != device.pk


def test_enrol_totp_is_for_staff_only():
    UserFactory(email="member@example.jp")
    with pytest.raises(CommandError, match="No active staff account"):
        call_command("enrol_totp", "member@example.jp", stdout=StringIO())
    assert not TOTPDevice.objects.exists()
