"""A new user signs up, answers part of the questionnaire (some by keyboard only), leaves, comes back, resumes
where they were, finishes, submits and reads the results — in English and in Japanese."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Answer, Assessment
from tests.browser.actions import answer_by_keyboard, answer_by_mouse, wait_saved

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long enough passphrase 42"
TEXT = {
    "ja": {"saved": "保存しました", "results": "総合レベル"},
    "en": {"saved": "Saved", "results": "Overall level"},
}


def sign_up(page, live_server, email):
    page.goto(live_server.url + "/accounts/signup/")
    page.fill("[name=user-name]", "Hanako Sato")
    page.fill("[name=user-email]", email)
    page.fill("[name=user-password1]", PASSWORD)
    page.fill("[name=user-password2]", PASSWORD)
    page.fill("[name=organization-name]", "Aozora Retail")
    page.select_option("[name=organization-industry]", "retail")
    page.select_option("[name=organization-size_band]", "250-999")
    page.select_option("[name=organization-country]", "JP")
    page.locator("main form button[type=submit]").click()
    # The page after sign-up asks to confirm the address, and lets the new member go on without it.
    expect(page).to_have_url(re.compile(r"/accounts/signup/sent/$"))
    page.locator("main a.btn-primary").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def answer_page(page, start: int = 0):
    questions = page.locator("fieldset.question")
    for index in range(questions.count()):
        question = questions.nth(index)
        if question.locator("input.choice-input:checked").count():
            continue
        answer_by_mouse(question, start + index)


def open_page(browser, headers):
    """A fresh browser context (no cookies: a new visit) asking for the test's language, and a page in it."""
    context = browser.new_context(
        bypass_csp=True, extra_http_headers=headers, viewport={"width": 1280, "height": 900}
    )
    return context, context.new_page()


def log_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("[name=username]", email)
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()


def answer_every_page_up_to_the_review(page):
    while True:
        answer_page(page, start=page.url.count("/"))
        page.locator("button[name=go][value=next]").click()
        if "/review/" in page.url:
            break


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_new_user_assesses_their_organization(
    browser, live_server, default_bank, axe, screenshot, language
):
    headers = {"Accept-Language": language}
    context, page = open_page(browser, headers)
    email = f"hanako-{language}@example.jp"
    sign_up(page, live_server, email)
    screenshot(f"dashboard-empty-{language}", page)

    page.locator("form[action$='/assessments/start/'] button").first.click()
    expect(page).to_have_url(re.compile(r"/dimensions/strategy/$"))
    questions = page.locator("fieldset.question")
    answer_by_mouse(questions.nth(0), 2)
    answer_by_keyboard(page, questions.nth(1))
    answer_by_keyboard(page, questions.nth(2))
    questions.nth(0).locator("textarea").fill("Board approved the CX vision in 2025.")
    wait_saved(questions.nth(0))
    expect(questions.nth(0).locator(".answer-status")).to_contain_text(TEXT[language]["saved"])
    screenshot(f"questionnaire-{language}", page)
    assert axe(page) == []

    # The tab closes; nothing is lost.
    context.close()
    assessment = Assessment.objects.get(organization__name="Aozora Retail", created_by__email=email)
    assert Answer.objects.filter(participant__assessment=assessment).count() == 3

    context, page = open_page(browser, headers)
    log_in(page, live_server, email)
    page.locator(f"a[href$='/assessments/{assessment.public_id}/']").click()
    expect(page).to_have_url(re.compile(r"/dimensions/strategy/$"))  # the first page with questions left
    questions = page.locator("fieldset.question")
    expect(questions.nth(0).locator("input.choice-input:checked")).to_have_count(1)
    expect(questions.nth(0).locator("textarea")).to_have_value("Board approved the CX vision in 2025.")

    answer_every_page_up_to_the_review(page)
    screenshot(f"review-{language}", page)
    assert axe(page) == []

    page.locator(f"form[action$='/assessments/{assessment.public_id}/submit/'] button").click()
    expect(page).to_have_url(re.compile(rf"/results/{assessment.public_id}/$"))
    expect(page.locator("main")).to_contain_text(TEXT[language]["results"])
    screenshot(f"results-{language}", page)
    assert axe(page) == []

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.result.score is not None
    context.close()
