import pytest

from cxmaturity import brand

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_landing_page_is_accessible_in_both_languages(
    page, live_server, default_bank, axe, screenshot, language
):
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == language
    heading = {"ja": "自社のCXマネジメントは", "en": "How mature is your customer-experience management?"}
    assert heading[language] in page.locator("h1").inner_text()
    screenshot(f"landing-{language}")
    assert axe() == []


def test_the_language_switcher_changes_the_language(page, live_server, default_bank):
    page.set_extra_http_headers({"Accept-Language": "ja"})
    page.goto(live_server.url + "/")
    page.select_option("#language-select", "en")
    page.get_by_role("button", name="変更").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


def test_signup_and_login_pages_are_accessible(page, live_server, default_bank, axe):
    for path in ("/accounts/signup/", "/accounts/login/", "/accounts/password-reset/"):
        page.goto(live_server.url + path)
        assert axe() == [], path


def test_the_site_paints_the_brand_colours_from_brand_css(page, live_server, default_bank):
    red, green, blue = (int(brand.ACCENT[i : i + 2], 16) for i in (1, 3, 5))
    accent = f"rgb({red}, {green}, {blue})"
    page.goto(live_server.url + "/")
    assert page.locator(".navbar-brand").evaluate("element => getComputedStyle(element).color") == accent
    button = page.locator(".btn-primary").first
    assert button.evaluate("element => getComputedStyle(element).backgroundColor") == accent
