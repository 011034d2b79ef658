"""A re-vote in the browser: the facilitator asks the room to answer a question again. The question's block
shows the new round and the earlier round's figures; a participant whose page was open before the re-vote is
told to reload rather than have an old answer count in the new round; after the reload the page says which
question to answer again, the answer saves, and the facilitator's page shows it without a reload. axe-core
finds no violation on either page — in English and in Japanese."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from assessments.models import Answer, EarlierAnswer, Revote
from assessments.services import answer_save, participant_join, workshop_start
from tests.browser.actions import log_in
from tests.factories import ClientFactory, ConsultantFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "ja": {
        "vote_again": "再投票",
        "round_counts": "再投票：2回目の回答を採用",
        "earlier": "1回目：回答3件、平均 3.33、範囲 1〜5",
        "reload": "ページを再読み込みしてください",
        "round_note": "2回目の投票",
        "asked": "ファシリテーターが、次の設問にもう一度回答するよう全員に求めています",
        "saved": "保存しました",
        "answers": "回答",
    },
    "en": {
        "vote_again": "Vote again",
        "round_counts": "Re-voted: round 2 counts",
        "earlier": "Round 1: 3 answers, mean 3.33, range 1–5",
        "reload": "reload the page",
        "round_note": "Round 2: the facilitator has asked everyone to answer this question again.",
        "asked": "The facilitator has asked everyone to answer this question again:",
        "saved": "Saved at",
        "answers": "Answers",
    },
}


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_room_answers_a_question_again(browser, live_server, default_bank, axe, screenshot, language):
    text = TEXT[language]
    consultant = ConsultantFactory()
    workshop = workshop_start(
        client=ClientFactory(consultancy=consultant.consultancy),
        bank=default_bank,
        title="CX kick-off",
        date=date(2026, 12, 1),
    )
    first = default_bank.questions.in_bank_order().prefetch_related("options").first()
    people = {}
    for name, level in (("Aiko", "1"), ("Ben", "4"), ("Chie", "5")):
        people[name] = participant_join(workshop=workshop, display_name=name, department="Sales")
        answer_save(participant=people[name], question=first, options=[first.options.get(code=level)])
    headers = {"Accept-Language": language}

    # Aiko's phone has the questionnaire open before the re-vote.
    phone = browser.new_context(
        bypass_csp=True, extra_http_headers=headers, viewport={"width": 390, "height": 844}
    )
    aiko = phone.new_page()
    aiko.goto(f"{live_server.url}/w/r/{people['Aiko'].resume_token}/")
    expect(aiko).to_have_url(re.compile(r"/dimensions/"))
    aiko.goto(f"{live_server.url}/w/{workshop.join_code}/dimensions/{first.dimension.code}/")
    question_on_phone = aiko.locator(f"[id='q-{first.code}']")
    expect(question_on_phone.locator("input[type=radio][value='1']")).to_be_checked()

    # The facilitator, under the site's real Content-Security-Policy, asks for a new round after a confirm.
    facilitator_context = browser.new_context(bypass_csp=False, extra_http_headers=headers)
    facilitator = facilitator_context.new_page()
    log_in(facilitator, live_server, consultant.user.email)
    facilitator.goto(f"{live_server.url}/workshops/{workshop.assessment.public_id}/")
    block = facilitator.locator("article.workshop-question").first
    facilitator.once("dialog", lambda dialog: dialog.accept())
    block.get_by_role("button", name=text["vote_again"]).click()
    expect(block.locator(".question-rounds")).to_contain_text(text["round_counts"])
    expect(block.locator(".question-rounds")).to_contain_text(text["earlier"])
    expect(block.locator(".question-stats")).to_contain_text(re.compile(text["answers"] + r"\s*0\b"))
    assert Revote.objects.get().number == 2
    assert EarlierAnswer.objects.count() == 3 and not Answer.objects.filter(question=first).exists()

    # The page opened before the re-vote posts round 1: refused, with what to do; nothing saved.
    question_on_phone.locator("label.choice").nth(2).click()
    expect(question_on_phone.locator(".answer-status")).to_contain_text(text["reload"])
    assert not Answer.objects.filter(question=first).exists()

    # After the reload: the notice, the round on the question, and the answer counts in round 2.
    aiko.reload()
    expect(aiko.locator(".asked-again")).to_contain_text(text["asked"])
    expect(question_on_phone.locator(".question-round")).to_contain_text(text["round_note"])
    expect(question_on_phone.locator("input[name$='-option']:checked")).to_have_count(0)
    screenshot(f"workshop-revote-participant-{language}-phone", on=aiko)
    assert axe(aiko) == []
    question_on_phone.locator("label.choice").nth(2).click()
    expect(question_on_phone.locator(".answer-status")).to_contain_text(text["saved"])
    assert [a.options.get().code for a in Answer.objects.filter(question=first)] == ["3"]

    # The facilitator's page shows the new answer by itself.
    expect(block.locator(".question-stats")).to_contain_text(
        re.compile(text["answers"] + r"\s*1\b"), timeout=5000
    )
    screenshot(f"workshop-revote-facilitator-{language}", on=facilitator)
    checker = browser.new_context(bypass_csp=True, extra_http_headers=headers).new_page()
    log_in(checker, live_server, consultant.user.email)
    checker.goto(facilitator.url)
    assert axe(checker) == []
    for context in (phone, facilitator_context, checker.context):
        context.close()
