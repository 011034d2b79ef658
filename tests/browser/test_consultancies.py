"""A consultant signs up with their consultancy, adds a client, sets the branding with a logo and reads the
client's page with a closed workshop — in English and in Japanese, with axe-core on every consultancy page."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, Consultancy, Organization
from assessments.services import assessment_submit, participant_join, workshop_start
from tests.browser.actions import logo_file
from tests.factories import answer_all

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long enough passphrase 42"
TEXT = {
    "ja": {"consultant": "コンサルタントとして登録", "first": "最初のクライアント", "saved": "保存しました"},
    "en": {"consultant": "I am a consultant", "first": "Add your first client", "saved": "Branding saved"},
}


def close_a_workshop(client, bank):
    workshop = workshop_start(client=client, bank=bank, title="Kick-off", date=date(2026, 12, 1))
    for name in ("Aiko", "Ben", "Chika"):
        answer_all(participant_join(workshop=workshop, display_name=name), bank)
    assessment_submit(assessment=workshop.assessment)
    Assessment.objects.filter(pk=workshop.assessment_id).update(status=Assessment.Status.CLOSED)
    return workshop


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_consultant_signs_up_adds_a_client_and_sets_the_branding(
    page, live_server, bank, axe, screenshot, tmp_path, language
):
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_role("link", name=TEXT[language]["consultant"]).click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/consultant/$"))
    assert axe() == []
    page.fill("[name=user-name]", "Kenji Mori")
    page.fill("[name=user-email]", f"kenji-{language}@harbor.example")
    page.fill("[name=user-password1]", PASSWORD)
    page.fill("[name=user-password2]", PASSWORD)
    page.fill("[name=consultancy-name]", "Harbor Advisory")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/sent/$"))
    assert axe() == []
    page.locator("main a.btn-primary").click()
    expect(page).to_have_url(re.compile(r"/consultancy/$"))
    expect(page.locator("main")).to_contain_text(TEXT[language]["first"])
    screenshot(f"consultancy-home-empty-{language}")
    assert axe() == []

    # A client, by keyboard: the first link of the empty state, then the form.
    page.locator("main a[href$='/consultancy/clients/new/']").first.click()
    page.fill("#id_name", "Aozora Retail")
    page.select_option("#id_industry", "retail")
    page.select_option("#id_size_band", "250-999")
    page.select_option("#id_country", "JP")
    page.locator("#id_country").press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/consultancy/clients/\w+/$"))
    client = Organization.objects.get(name="Aozora Retail")
    assert page.url.endswith(f"/consultancy/clients/{client.public_id}/")

    # Branding: a colour typed in the text field moves the picker and the preview; a logo is uploaded.
    page.goto(live_server.url + "/consultancy/branding/")
    expect(page.locator("#accent-picker")).to_be_visible()
    page.fill("#id_accent_colour", "#1a4d8f")
    expect(page.locator("#accent-picker")).to_have_value("#1a4d8f")
    expect(page.locator(".brand-preview-rule rect").first).to_have_attribute("fill", "#1a4d8f")
    page.set_input_files("#id_logo", logo_file(tmp_path, "logo.jpg"))  # a PNG named .jpg: the content decides
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(TEXT[language]["saved"])
    consultancy = Consultancy.objects.get(name="Harbor Advisory")
    assert consultancy.accent_colour == "#1a4d8f"
    logo = page.locator("img.brand-preview-logo")
    expect(logo).to_be_visible()
    assert logo.evaluate("image => image.naturalWidth") == 800
    screenshot(f"consultancy-branding-{language}")
    assert axe() == []

    close_a_workshop(client, bank)
    page.goto(live_server.url + "/consultancy/")
    expect(page.locator("main table")).to_contain_text("Aozora Retail")
    screenshot(f"consultancy-home-{language}")
    assert axe() == []

    page.locator(f"main a[href$='/consultancy/clients/{client.public_id}/']").click()
    expect(page.locator("main table")).to_contain_text("Kick-off")
    expect(page.locator("main .chart-figure svg").first).to_be_visible()
    screenshot(f"consultancy-client-{language}")
    assert axe() == []

    page.locator("main table a[href*='/results/']").click()
    expect(page).to_have_url(re.compile(r"/results/\w+/$"))
