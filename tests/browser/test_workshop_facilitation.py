"""A consultant sets up a workshop for a client, shows the presenter page, and watches participants join and
answer: the joined count on the presenter page and the facilitator's blocks update without a reload, the polls
answer 304 while nothing changes, and axe-core finds no violation — in English and in Japanese."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Workshop
from assessments.services import answer_save, participant_join
from tests.factories import ClientFactory, ConsultantFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
TEXT = {
    "ja": {
        "start": "ワークショップを開始",
        "nobody": "まだ誰も参加していません",
        "joined": ["0人が参加しています", "1人が参加しています", "2人が参加しています"],
        "participants": "参加者 2人",
        "answers": "回答",
        "presenter": "プレゼンター画面を開く",
    },
    "en": {
        "start": "Start the workshop",
        "nobody": "No one has joined yet",
        "joined": ["0 people have joined", "1 person has joined", "2 people have joined"],
        "participants": "2 participants",
        "answers": "Answers",
        "presenter": "Open the presenter page",
    },
}


def log_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("[name=username]", email)
    page.fill("[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def set_up_workshop(page, live_server, client_organization, text) -> Workshop:
    page.goto(f"{live_server.url}/consultancy/clients/{client_organization.public_id}/workshops/new/")
    page.fill("[name=title]", "CX kick-off")
    page.get_by_role("button", name=text["start"]).click()
    expect(page).to_have_url(re.compile(r"/workshops/[a-z2-7]{26}/$"))
    return Workshop.objects.select_related("assessment__bank").get()


def polled(page, path_part: str) -> list[int]:
    """The statuses of the responses to the polls whose URL contains ``path_part``, as they come."""
    statuses = []
    page.on("response", lambda response: path_part in response.url and statuses.append(response.status))
    return statuses


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_presenter_and_facilitator_pages_follow_the_room_without_a_reload(
    browser, live_server, default_bank, axe, screenshot, language
):
    text = TEXT[language]
    consultant = ConsultantFactory()
    client_organization = ClientFactory(consultancy=consultant.consultancy, name="Kobe Retail")
    headers = {"Accept-Language": language}

    # The presenter runs under the site's real Content-Security-Policy: the QR code and the polling must work
    # without inline scripts or styles.
    strict = browser.new_context(
        bypass_csp=False, extra_http_headers=headers, viewport={"width": 1920, "height": 1080}
    )
    presenter = strict.new_page()
    violations = []
    presenter.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    facilitator_context = browser.new_context(
        bypass_csp=True, extra_http_headers=headers, viewport={"width": 1280, "height": 900}
    )
    facilitator = facilitator_context.new_page()

    log_in(facilitator, live_server, consultant.user.email)
    workshop = set_up_workshop(facilitator, live_server, client_organization, text)
    expect(facilitator.locator("#participants")).to_contain_text(text["nobody"])
    participants_polls = polled(facilitator, "/participants/")

    log_in(presenter, live_server, consultant.user.email)
    joined_polls = polled(presenter, "/present/joined/")
    presenter.goto(facilitator.url)
    presenter.get_by_role("link", name=text["presenter"]).click()
    expect(presenter).to_have_url(re.compile(r"/present/$"))
    expect(presenter.locator(".presenter-qr svg[role=img]")).to_be_visible()
    code = presenter.locator(".join-code").inner_text()
    assert re.sub(r"\s", "", code) == workshop.join_code
    expect(presenter.locator("#joined")).to_have_text(text["joined"][0])
    presenter.wait_for_timeout(2500)  # at least one poll with nothing new
    assert 304 in joined_polls

    aiko = participant_join(workshop=workshop, display_name="Aiko Sato", department="Sales", language="ja")
    expect(presenter.locator("#joined")).to_have_text(text["joined"][1], timeout=5000)
    expect(facilitator.locator("#participants")).to_contain_text("Aiko Sato", timeout=5000)
    participant_join(workshop=workshop, display_name="Ben", language="en")
    expect(presenter.locator("#joined")).to_have_text(text["joined"][2], timeout=5000)
    expect(facilitator.locator("#participants h2")).to_have_text(text["participants"], timeout=5000)

    first = workshop.assessment.bank.questions.in_bank_order().prefetch_related("options").first()
    answer_save(
        participant=aiko, question=first, options=[first.options.get(code="1")], comment="No vision yet"
    )
    question = facilitator.locator("article.workshop-question").first
    answers = re.compile(text["answers"] + r"\s*1\b")
    expect(question.locator(".question-stats")).to_contain_text(answers, timeout=5000)
    expect(question.locator(".workshop-comments")).to_contain_text("No vision yet")
    facilitator.wait_for_timeout(2500)  # a poll with nothing new: 304, and the page stays as it is
    assert 304 in participants_polls and 200 in participants_polls and 200 in joined_polls
    expect(question.locator(".workshop-comments")).to_contain_text("No vision yet")

    screenshot(f"workshop-presenter-{language}", on=presenter)
    screenshot(f"workshop-facilitator-{language}", on=facilitator)
    assert violations == []
    assert axe(facilitator) == []
    presenter_for_axe = facilitator_context.new_page()
    presenter_for_axe.goto(presenter.url)
    assert axe(presenter_for_axe) == []
    strict.close()
    facilitator_context.close()
