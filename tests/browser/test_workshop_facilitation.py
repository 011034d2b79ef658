"""A consultant sets up a workshop for a client, shows the presenter page, and watches participants join and
answer: the joined count on the presenter page and the facilitator's blocks update without a reload, the polls
answer 304 while nothing changes. Then the facilitator reveals a question on the projector, agrees a score
while the room goes on answering (the polls leave the form being typed in alone), and closes the workshop.
axe-core finds no violation — in English and in Japanese."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from assessments.models import AgreedScore, Workshop
from assessments.services import answer_save, participant_join, workshop_start
from tests.browser.actions import log_in
from tests.factories import ClientFactory, ConsultantFactory

pytestmark = pytest.mark.django_db(transaction=True)

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
    joined_polls = polled(presenter, "/present/live/")
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
    assert violations == [], violations[0][1]
    assert axe(facilitator) == []
    presenter_for_axe = facilitator_context.new_page()
    presenter_for_axe.goto(presenter.url)
    assert axe(presenter_for_axe) == []
    strict.close()
    facilitator_context.close()


ACTIONS = {
    "ja": {
        "show": "プロジェクターに表示",
        "on_projector": "プロジェクターに表示中",
        "agree_a_score": "合意スコアを記録",
        "score": "合意スコア",
        "rationale": "根拠",
        "agree": "合意を記録",
        "agreed": "合意スコア 3.5",
        "replaces": "結果では平均 3.33 の代わりに使われます",
        "answers": "回答",
        "close": "ワークショップを終了…",
        "confirm": "ワークショップを終了",
        "closed_message": "ワークショップを終了しました。",
        "closed_presenter": "このワークショップは終了しました。",
    },
    "en": {
        "show": "Show on the projector",
        "on_projector": "On the projector",
        "agree_a_score": "Agree a score",
        "score": "Agreed score",
        "rationale": "Rationale",
        "agree": "Agree",
        "agreed": "Agreed score 3.5",
        "replaces": "replaces the mean 3.33 in the result",
        "answers": "Answers",
        "close": "Close the workshop…",
        "confirm": "Close the workshop",
        "closed_message": "The workshop is closed",
        "closed_presenter": "This workshop is closed.",
    },
}
RATIONALE = ["Sales has a written vision; ", "service has not seen it yet."]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_facilitator_reveals_a_question_agrees_a_score_and_closes_the_workshop(
    browser, live_server, default_bank, axe, screenshot, language
):
    text = ACTIONS[language]
    consultant = ConsultantFactory()
    client_organization = ClientFactory(consultancy=consultant.consultancy, name="Kobe Retail")
    workshop = workshop_start(
        client=client_organization, bank=default_bank, title="CX kick-off", date=date(2026, 12, 1)
    )
    first = default_bank.questions.in_bank_order().prefetch_related("options").first()
    people = {}
    for name, level, comment in (("Aiko", "1", "No vision yet"), ("Ben", "4", ""), ("Chie", "5", "")):
        people[name] = participant_join(workshop=workshop, display_name=name, department="Sales")
        answer_save(
            participant=people[name], question=first, options=[first.options.get(code=level)], comment=comment
        )
    headers = {"Accept-Language": language}
    # Both pages under the site's real Content-Security-Policy: htmx, the forms and the preserved form
    # must work without inline scripts or styles.
    violations = []

    def strict_page(viewport):
        context = browser.new_context(bypass_csp=False, extra_http_headers=headers, viewport=viewport)
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                "Content Security Policy" in m.text and violations.append((page.url, m.location, m.text))
            ),
        )
        log_in(page, live_server, consultant.user.email)
        return context, page

    presenter_context, presenter = strict_page({"width": 1920, "height": 1080})
    presenter.goto(f"{live_server.url}/workshops/{workshop.assessment.public_id}/present/")
    expect(presenter.locator("#joined")).to_contain_text("3")
    expect(presenter.locator(".presenter-question")).to_have_count(0)  # nothing of the answers yet
    expect(presenter.locator(".presenter-qr svg")).to_be_visible()

    facilitator_context, facilitator = strict_page({"width": 1280, "height": 900})
    facilitator.goto(f"{live_server.url}/workshops/{workshop.assessment.public_id}/")
    question = facilitator.locator("article.workshop-question").first

    # Reveal: the presenter shows the question and its distribution within a poll, without a reload.
    question.get_by_role("button", name=text["show"]).click()
    expect(question.locator(".on-projector")).to_have_text(text["on_projector"])
    expect(presenter.locator(".presenter-question h2")).to_have_text(
        getattr(first, f"text_{language}"), timeout=5000
    )
    expect(presenter.locator(".presenter-question .question-stats")).to_contain_text("3.33")
    expect(presenter.locator(".presenter-question .histogram-count")).to_have_text(["1", "0", "0", "1", "1"])
    presenter_url = presenter.url

    # Agree: the facilitator types while the room goes on answering; the poll that brings the new answer
    # swaps the block but leaves the form, its text and its focus alone.
    question.locator("summary").click()
    question.get_by_label(text["score"]).select_option("3.5")
    rationale = question.get_by_label(text["rationale"])
    rationale.click()
    facilitator.keyboard.type(RATIONALE[0])
    people["Dai"] = participant_join(workshop=workshop, display_name="Dai", department="Service")
    answer_save(participant=people["Dai"], question=first, options=[first.options.get(code="3")])
    expect(question.locator(".question-stats")).to_contain_text(
        re.compile(text["answers"] + r"\s*4\b"), timeout=5000
    )
    expect(presenter.locator(".presenter-question .histogram-count")).to_have_text(
        ["1", "0", "1", "1", "1"], timeout=5000
    )
    focused = facilitator.evaluate("document.activeElement.id")
    assert focused == rationale.get_attribute("id")
    facilitator.keyboard.type(RATIONALE[1])
    expect(rationale).to_have_value("".join(RATIONALE))
    # Playwright hides the caret of a screenshot with inline styles it leaves behind as style="", which htmx
    # would copy onto the swapped elements (a CSP violation of the test's making): the caret stays as it is.
    screenshot(f"workshop-facilitator-agree-{language}", on=facilitator, caret="initial")
    facilitator.set_viewport_size({"width": 390, "height": 844})
    screenshot(f"workshop-facilitator-agree-{language}-phone", on=facilitator, caret="initial")
    facilitator.set_viewport_size({"width": 1280, "height": 900})

    question.get_by_role("button", name=text["agree"], exact=True).click()
    agreed = question.locator(".agreed-score")
    expect(agreed).to_contain_text(re.compile(text["agreed"].replace(" ", r"\s*")))
    expect(agreed).to_contain_text("".join(RATIONALE))
    expect(agreed).to_contain_text(consultant.user.name)
    score = AgreedScore.objects.get()
    assert (score.score, score.rationale, score.agreed_by) == (
        Decimal("3.5"),
        "".join(RATIONALE),
        consultant.user,
    )
    facilitator.wait_for_timeout(2500)  # a poll after the agreement keeps it shown
    expect(agreed).to_contain_text("".join(RATIONALE))

    screenshot(f"workshop-facilitator-agreed-{language}", on=facilitator, caret="initial")
    screenshot(f"workshop-presenter-revealed-{language}", on=presenter, caret="initial")
    # axe-core is injected as a script, which the CSP blocks: it checks the two pages in another context,
    # the facilitator's with every agree form open.
    checker = browser.new_context(bypass_csp=True, extra_http_headers=headers).new_page()
    log_in(checker, live_server, consultant.user.email)
    checker.goto(facilitator.url)
    checker.locator("details.agree").evaluate_all("forms => forms.forEach(details => details.open = true)")
    assert axe(checker) == []
    checker.goto(presenter_url)
    expect(checker.locator(".presenter-question")).to_be_visible()
    assert axe(checker) == []
    checker.context.close()

    # Close, after the confirmation; the results page follows, and the projector says it is closed.
    facilitator.get_by_role("link", name=text["close"]).click()
    expect(facilitator).to_have_url(re.compile(r"/close/$"))
    screenshot(f"workshop-close-{language}", on=facilitator, caret="initial")
    facilitator.locator("main form").get_by_role("button", name=text["confirm"]).click()
    expect(facilitator).to_have_url(re.compile(rf"/results/{workshop.assessment.public_id}/$"))
    expect(facilitator.locator(".messages")).to_contain_text(text["closed_message"])
    expect(presenter.locator("#stage")).to_contain_text(text["closed_presenter"], timeout=5000)
    expect(presenter.locator(".presenter-question")).to_have_count(0)
    expect(presenter.locator(".presenter-qr")).to_be_hidden()
    screenshot(f"workshop-presenter-closed-{language}", on=presenter, caret="initial")
    facilitator.goto(f"{live_server.url}/workshops/{workshop.assessment.public_id}/")
    expect(facilitator.locator(".workshop-closed")).to_be_visible()
    expect(facilitator.locator("form.agree-form, form.reveal-form")).to_have_count(0)
    screenshot(f"workshop-facilitator-closed-{language}", on=facilitator)
    assert violations == [], violations[0][1]
    presenter_context.close()
    facilitator_context.close()
