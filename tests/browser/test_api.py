"""The API keys page (both languages) and the API's interactive documentation under the site's own CSP."""

import pytest

from tests.browser.actions import log_in
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_an_owner_makes_a_key_and_sees_it_once(page, live_server, default_bank, axe, screenshot, language):
    owner = MembershipFactory(user__email=f"owner-{language}@example.com")
    page.set_extra_http_headers({"Accept-Language": language})
    log_in(page, live_server, owner.user.email)
    page.goto(live_server.url + "/dashboard/")
    page.get_by_role("link", name={"ja": "APIキー", "en": "API keys"}[language]).click()
    page.fill("[name=name]", "Power BI")
    page.locator("form.invite-form button[type=submit]").click()
    page.wait_for_load_state()
    secret = page.locator("#new-key").input_value()
    assert secret.startswith("cxm_")
    screenshot(f"api-keys-{language}")
    assert axe() == []
    page.goto(live_server.url + "/settings/api-keys/")
    assert secret not in page.content()


def test_the_docs_render_under_the_strict_csp(browser, live_server, db, screenshot):
    # A context of its own: the tests' default one bypasses the CSP to inject axe-core.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    page.goto(live_server.url + "/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    page.locator(".opblock-summary-path", has_text="/api/v1/assessments/{id}/result/").first.wait_for()
    assert "CX Maturity API" in page.locator(".swagger-ui .info .title").inner_text()
    screenshot("api-docs", on=page)
    assert violations == []
    context.close()
