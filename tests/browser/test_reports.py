"""A member reads a result among demonstration peers, enters customer metrics (a negative count first), and
downloads the PDF report and the answers — in English and in Japanese, with axe-core on every page."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from assessments.banks import load_default_banks
from tests.factories import MembershipFactory, in_turn, submit

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "en": {
        "peers": "Compared with your peers",
        "demo": "demonstration",
        "refused": "Nothing was saved",
        "nps": "Net Promoter Score",
        "sheets": ["Answers", "Dimensions"],
    },
    "ja": {
        "peers": "他社との比較",
        "demo": "デモ",
        "refused": "保存されていません",
        "nps": "NPS",
        "sheets": ["回答", "領域"],
    },
}


@pytest.fixture
def result_among_peers(default_bank):
    """A member's submitted result on the default bank, and twelve demonstration organizations as peers."""
    call_command("seed_demo", organizations=12, seed=5, stdout=io.StringIO())
    membership = MembershipFactory()
    assessment = submit(membership.organization, default_bank, in_turn(default_bank), by=membership.user)
    return membership.user, assessment


def logged_in_page(browser, live_server, user, language):
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        bypass_csp=True,
        accept_downloads=True,
        extra_http_headers={"Accept-Language": language},
        viewport={"width": 1280, "height": 900},
    )
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context, context.new_page()


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_member_reads_peers_enters_metrics_and_downloads_the_report(
    browser, live_server, result_among_peers, axe, screenshot, language
):
    user, assessment = result_among_peers
    text = TEXT[language]
    context, page = logged_in_page(browser, live_server, user, language)
    page.goto(f"{live_server.url}/results/{assessment.public_id}/")

    benchmark = page.locator("#benchmark")
    expect(benchmark).to_contain_text(text["peers"])
    expect(benchmark.locator("svg:visible")).to_have_count(1)  # the peer chart, in one of its two layouts
    expect(benchmark).to_contain_text(text["demo"])  # the group is demonstration data, and says so
    screenshot(f"results-peers-{language}", page)
    assert axe(page) == []

    page.locator(f"a[href$='/results/{assessment.public_id}/metrics/']").first.click()
    expect(page).to_have_url(re.compile(r"/metrics/$"))
    assert axe(page) == []
    save = page.locator("main form button[type=submit]:not([name=clear])").first
    page.fill("[name=nps_10]", "-3")
    save.click()  # the browser itself refuses a negative count (min="0")…
    expect(page).to_have_url(re.compile(r"/metrics/$"))
    assert page.locator("[name=nps_10]").evaluate("input => input.validity.rangeUnderflow")
    save.evaluate("button => button.form.noValidate = true")  # …and so does the server, in words
    save.click()
    expect(page.locator("#metrics-errors")).to_contain_text(text["refused"])
    expect(page.locator("[name=nps_10]")).to_have_attribute("aria-invalid", "true")
    assert axe(page) == []

    for answer, count in ((0, 2), (7, 3), (9, 4), (10, 1)):  # 5 promoters, 2 detractors of 10: NPS 30
        page.fill(f"[name=nps_{answer}]", str(count))
    for answer in range(1, 11):
        if answer not in (7, 9, 10):
            page.fill(f"[name=nps_{answer}]", "0")
    save.click()
    expect(page).to_have_url(re.compile(rf"/results/{assessment.public_id}/#metrics$"))
    metrics = page.locator("#metrics")
    expect(metrics).to_contain_text(text["nps"])
    expect(metrics).to_contain_text("30")
    assert axe(page) == []

    with page.expect_download() as pdf:
        page.locator(f"a[href*='/results/{assessment.public_id}/report.pdf']").first.click()
    assert pdf.value.suggested_filename == f"cx-maturity-report-{assessment.public_id}-{language}.pdf"
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF-")
    with page.expect_download() as xlsx:
        page.locator(f"a[href$='/results/{assessment.public_id}/answers.xlsx']").first.click()
    workbook = openpyxl.load_workbook(io.BytesIO(Path(xlsx.value.path()).read_bytes()), read_only=True)
    assert workbook.sheetnames == text["sheets"]
    context.close()


@pytest.mark.parametrize(("language", "owner"), [("en", "Owner"), ("ja", "責任者")])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_plan_of_the_default_bank_2_0_shows_each_step_on_its_own_line(
    browser, live_server, axe, screenshot, language, owner, width
):
    bank = next(bank for bank in load_default_banks() if bank.version == "2.0")
    membership = MembershipFactory()
    assessment = submit(membership.organization, bank, in_turn(bank), by=membership.user)
    context, page = logged_in_page(browser, live_server, membership.user, language)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/results/{assessment.public_id}/#plan")
    first = page.locator(".plan-item").first
    expect(first.locator(".plan-steps dt")).to_have_count(3)
    expect(first.locator(".plan-steps dt").first).to_have_text(owner)
    tops = first.locator(".plan-steps > div").first.evaluate(
        "row => [...row.children].map(part => part.getBoundingClientRect().top)"
    )  # one reading: the page may still be scrolling to #plan
    side_by_side = tops[0] == tops[1]
    assert side_by_side == (width > 576)  # a phone puts the step under its label
    first.scroll_into_view_if_needed()
    screenshot(f"results-plan-steps-{language}-{width}", page)
    assert axe(page) == []
    context.close()
