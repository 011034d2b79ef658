"""The consultant workshop from end to end, through the pages only: a consultant signs up with their
consultancy, sets its branding, adds a client and starts a workshop on the default bank; three participants
(one on a phone) type the address shown by the presenter page, join and answer, while the presenter's and the
facilitator's pages follow without a reload; the facilitator shows a question on the projector, agrees a
score, closes the workshop and shares its summary, which a participant opens; the consultant downloads the
branded PDF report. axe-core finds no violation on the live pages — in Japanese and in English.

Every page is saved as a screenshot under var/screenshots/ (``journey-…``), and the PDF with its pages as
images, for people to look at."""

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from assessments.models import AgreedScore, Assessment, Consultancy, Organization, Participant, Workshop
from tests.browser.actions import (
    answer_by_keyboard,
    answer_by_mouse,
    join,
    log_in,
    logo_file,
    open_page,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long enough passphrase 42"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
PROJECTOR = {"width": 1920, "height": 1080}
LIVE = 5000  # ms: the live pages poll every 2 s
OTHER_LANGUAGE = {"ja": "en", "en": "ja"}
TEXT = {
    "ja": {
        "consultant": "コンサルタントとして登録",
        "branding_saved": "保存しました",
        "new_workshop": "新しいワークショップ",
        "presenter": "プレゼンター画面を開く",
        "joined": [
            "0人が参加しています",
            "1人が参加しています",
            "2人が参加しています",
            "3人が参加しています",
        ],
        "answers": "回答",
        "show": "プロジェクターに表示",
        "score": "合意スコア",
        "rationale": "根拠",
        "agree": "合意を記録",
        "close": "ワークショップを終了…",
        "confirm": "ワークショップを終了",
        "share": "参加者にサマリーを公開",
        "closed": "このワークショップは終了しました。",
        "see_summary": "ワークショップのまとめを見る",
        "agreed_rationale": "営業部には文書化したビジョンがあるが、サービス部門にはまだ共有されていない。",
        "pdf_heading": "エグゼクティブサマリー",
    },
    "en": {
        "consultant": "I am a consultant",
        "branding_saved": "Branding saved",
        "new_workshop": "New workshop",
        "presenter": "Open the presenter page",
        "joined": [
            "0 people have joined",
            "1 person has joined",
            "2 people have joined",
            "3 people have joined",
        ],
        "answers": "Answers",
        "show": "Show on the projector",
        "score": "Agreed score",
        "rationale": "Rationale",
        "agree": "Agree",
        "close": "Close the workshop…",
        "confirm": "Close the workshop",
        "share": "Share a summary with the participants",
        "closed": "This workshop is closed.",
        "see_summary": "See the workshop summary",
        "agreed_rationale": "Sales has a written vision; the service team has not seen it yet.",
        "pdf_heading": "Executive summary",
    },
}
CONSULTANCY = "Harbor Advisory"
TITLE = "CX maturity kick-off"
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def stays(page):
    """Mark the page's document, so that ``still_there(page)`` can tell that it was never reloaded."""
    page.evaluate("window.journeyMark = true")


def still_there(page) -> bool:
    return page.evaluate("window.journeyMark === true")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pictures(path: Path, prefix: str) -> None:
    """The PDF's pages as PNG images beside the screenshots, for people to look at."""
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(SHOTS / prefix)], check=True)


def without_spaces(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_consultant_runs_a_workshop_from_sign_up_to_the_branded_report(
    browser, live_server, default_bank, axe, screenshot, tmp_path, language
):
    text = TEXT[language]
    email = f"kenji-{language}@harbor.example"

    def shot(name, on):
        # From the top: a page scrolled by an answer would draw its sticky progress bar mid-page.
        on.evaluate("window.scrollTo(0, 0)")
        screenshot(f"journey-{name}-{language}", on=on)

    # 1. The consultant signs up with their consultancy, sets its branding, adds a client, starts a workshop.
    consultant_context, page = open_page(browser, language, LAPTOP)
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_role("link", name=text["consultant"]).click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/consultant/$"))
    page.fill("[name=user-name]", "Kenji Mori")
    page.fill("[name=user-email]", email)
    page.fill("[name=user-password1]", PASSWORD)
    page.fill("[name=user-password2]", PASSWORD)
    page.fill("[name=consultancy-name]", CONSULTANCY)
    shot("sign-up", page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/sent/$"))  # "check your e-mail"
    page.locator("main a.btn-primary").click()
    expect(page).to_have_url(re.compile(r"/consultancy/$"))

    page.locator("nav a[href$='/consultancy/branding/']").click()
    page.fill("#id_accent_colour", "#0f6e5a")
    page.set_input_files("#id_logo", logo_file(tmp_path))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(text["branding_saved"])
    expect(page.locator("img.brand-preview-logo")).to_be_visible()
    shot("branding", page)
    consultancy = Consultancy.objects.get(name=CONSULTANCY)
    assert consultancy.accent_colour == "#0f6e5a" and consultancy.logo

    page.locator("nav a.nav-link[href$='/consultancy/']").click()
    page.locator("main a[href$='/consultancy/clients/new/']").first.click()
    page.fill("#id_name", "Aozora Retail")
    page.select_option("#id_industry", "retail")
    page.select_option("#id_size_band", "250-999")
    page.select_option("#id_country", "JP")
    shot("client-form", page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/consultancy/clients/[a-z2-7]{26}/$"))
    client = Organization.objects.get(name="Aozora Retail")
    assert (client.consultancy, client.industry, client.size_band, client.country) == (
        consultancy,
        "retail",
        "250-999",
        "JP",
    )

    page.get_by_role("link", name=text["new_workshop"]).click()
    page.fill("[name=title]", TITLE)
    page.fill("[name=date]", "2026-12-01")
    page.locator("[name=answers][value=named]").check()
    expect(page.locator("[name=bank]")).to_have_value(str(default_bank.pk))
    shot("workshop-form", page)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/workshops/[a-z2-7]{26}/$"))
    workshop = Workshop.objects.select_related("assessment").get()
    assert (workshop.assessment.organization, workshop.assessment.bank, workshop.title) == (
        client,
        default_bank,
        TITLE,
    )
    assert workshop.date == date(2026, 12, 1) and not workshop.anonymous
    facilitator_url = page.url

    # 2. The presenter page, on the projector: the QR code and the address to type.
    presenter = page
    presenter.set_viewport_size(PROJECTOR)
    presenter.get_by_role("link", name=text["presenter"]).click()
    expect(presenter).to_have_url(re.compile(r"/present/$"))
    expect(presenter.locator(".presenter-qr svg[role=img]")).to_be_visible()
    # The address as the room reads it: the site's address, then the code in groups (the closing "/" hidden).
    address = presenter.locator(".presenter-address .join-address")
    base = address.locator(".join-address-base").first.inner_text()
    groups = address.locator(".join-code-group").all_inner_texts()
    join_code = "".join(groups)
    assert f"{base}{join_code}/" == f"{live_server.url}/w/{workshop.join_code}/"
    as_read = base + " ".join(groups)
    expect(presenter.locator("#joined")).to_have_text(text["joined"][0])
    stays(presenter)

    # 3. The facilitator's page, in the consultant's other browser.
    facilitator_context, facilitator = open_page(browser, language, LAPTOP)
    log_in(facilitator, live_server, email, PASSWORD)
    facilitator.goto(facilitator_url)
    expect(facilitator.locator("#participants")).to_be_visible()
    stays(facilitator)
    first_question = facilitator.locator("article.workshop-question").first

    # Three participants type the address: one on a phone, two on laptops; one picks the other language.
    phone, aiko = open_page(browser, language, PHONE, is_mobile=True, has_touch=True)
    aiko.goto(as_read)  # spaces and all: the code is found in what is typed
    expect(aiko).to_have_url(re.compile(rf"/w/{join_code}/$"))
    shot("join-phone", aiko)
    join(aiko, live_server, join_code, "佐藤 愛子", "営業部", language=language, address=as_read)
    expect(presenter.locator("#joined")).to_have_text(text["joined"][1], timeout=LIVE)
    expect(facilitator.locator("#participants")).to_contain_text("佐藤 愛子", timeout=LIVE)

    ben_context, ben = open_page(browser, language, LAPTOP)
    join(ben, live_server, join_code, "Ben Carter", "Customer Service", language=OTHER_LANGUAGE[language])
    expect(ben.locator("html")).to_have_attribute("lang", OTHER_LANGUAGE[language])
    chie_context, chie = open_page(browser, language, LAPTOP)
    join(chie, live_server, join_code, "森 千恵", "マーケティング", address=without_spaces(as_read))
    expect(presenter.locator("#joined")).to_have_text(text["joined"][3], timeout=LIVE)
    languages = dict(Participant.objects.values_list("display_name", "language"))
    assert languages == {"佐藤 愛子": language, "Ben Carter": OTHER_LANGUAGE[language], "森 千恵": language}

    # They answer (each answer saved as it is given); the facilitator's page follows.
    questions = aiko.locator("fieldset.question")
    answer_by_mouse(questions.nth(0), 1)  # level 2
    answer_by_mouse(questions.nth(1), 2)
    shot("questionnaire-phone", aiko)
    aiko_row = facilitator.locator("#participants tr", has_text="佐藤 愛子")
    expect(aiko_row.locator(".participant-progress")).to_contain_text("2 / 40", timeout=LIVE)
    answers = first_question.locator(".question-stats")
    expect(answers).to_contain_text(re.compile(text["answers"] + r"\s*1\b"), timeout=LIVE)
    answer_by_mouse(ben.locator("fieldset.question").nth(0), 3)  # level 4
    answer_by_keyboard(ben, ben.locator("fieldset.question").nth(1))
    answer_by_mouse(chie.locator("fieldset.question").nth(0), 4)  # level 5
    expect(answers).to_contain_text(re.compile(text["answers"] + r"\s*3\b"), timeout=LIVE)
    expect(answers).to_contain_text("3.67")
    expect(presenter.locator(".presenter-question")).to_have_count(0)  # nothing of the answers yet
    shot("presenter", presenter)
    violations = axe(presenter)
    assert violations == [], violations
    violations = axe(aiko)
    assert violations == [], violations

    # 4. The facilitator shows the first question on the projector, agrees a score, and closes the workshop.
    first_question.get_by_role("button", name=text["show"]).click()
    revealed = presenter.locator(".presenter-question")
    expect(revealed.locator("h2")).to_have_text(
        getattr(default_bank.questions.in_bank_order().first(), f"text_{language}"), timeout=LIVE
    )
    expect(revealed.locator(".question-stats")).to_contain_text("3.67")
    shot("presenter-question", presenter)

    first_question.locator("summary").click()
    first_question.get_by_label(text["score"]).select_option("3.5")
    first_question.get_by_label(text["rationale"]).fill(text["agreed_rationale"])
    first_question.get_by_role("button", name=text["agree"], exact=True).click()
    expect(first_question.locator(".agreed-score")).to_contain_text(text["agreed_rationale"])
    assert still_there(facilitator) and still_there(presenter)
    shot("facilitator", facilitator)
    violations = axe(facilitator)
    assert violations == [], violations
    score = AgreedScore.objects.get()
    assert (str(score.score), score.rationale) == ("3.5", text["agreed_rationale"])

    facilitator.get_by_role("link", name=text["close"]).click()
    expect(facilitator).to_have_url(re.compile(r"/close/$"))
    shot("close", facilitator)
    facilitator.locator("main form").get_by_role("button", name=text["confirm"]).click()
    expect(facilitator).to_have_url(re.compile(rf"/results/{workshop.assessment.public_id}/$"))
    expect(facilitator.locator(".results-meta")).to_contain_text(TITLE)
    assert Assessment.objects.get().status == Assessment.Status.CLOSED
    expect(presenter.locator("#stage")).to_contain_text(text["closed"], timeout=LIVE)

    aiko.reload()  # her page was the questionnaire: it says the workshop is closed
    expect(aiko.locator(".workshop-closed")).to_contain_text(text["closed"])
    expect(aiko.get_by_role("link", name=text["see_summary"])).to_have_count(0)  # not shared yet

    facilitator.get_by_role("button", name=text["share"]).click()
    expect(facilitator.locator(".share-summary")).to_contain_text(f"/w/{join_code}/summary/")
    assert Workshop.objects.get().summary_shared
    shot("results", facilitator)

    aiko.reload()
    aiko.get_by_role("link", name=text["see_summary"]).click()
    expect(aiko).to_have_url(re.compile(rf"/w/{join_code}/summary/$"))
    expect(aiko.locator("main")).to_contain_text(TITLE)
    shot("summary-phone", aiko)
    violations = axe(aiko)
    assert violations == [], violations
    chie.goto(aiko.url)
    shot("summary-laptop", chie)

    # 5. The branded PDF report, in the page's language.
    with facilitator.expect_download() as download:
        facilitator.locator(f"a[href*='/results/{workshop.assessment.public_id}/report.pdf']").first.click()
    report = Path(download.value.path())
    assert download.value.suggested_filename.endswith(f"-{language}.pdf")
    assert report.read_bytes().startswith(b"%PDF-")
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(report, SHOTS / f"journey-report-{language}.pdf")
    pdf_pictures(report, f"journey-report-{language}")
    content = pdf_text(report)
    for expected in (CONSULTANCY, TITLE, text["agreed_rationale"], text["pdf_heading"]):
        assert without_spaces(expected) in without_spaces(content), expected
    assert without_spaces(TEXT[OTHER_LANGUAGE[language]]["pdf_heading"]) not in without_spaces(content)

    for context in (consultant_context, facilitator_context, phone, ben_context, chie_context):
        context.close()
