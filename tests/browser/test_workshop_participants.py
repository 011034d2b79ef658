"""Two participants join a workshop by typing its address, one on a phone in Japanese and one on a laptop in
English; they answer with the mouse and the keyboard, the phone's browser is closed, and its participant
continues through the resume link with every answer intact."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Answer, Participant
from tests.browser.actions import (
    answer_by_keyboard,
    answer_by_mouse,
    join,
    open_page,
    typed_address,
    wait_saved,
)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


def test_participants_join_answer_and_continue_on_another_device(
    browser, live_server, workshop, axe, screenshot
):
    phone, aiko = open_page(browser, "ja", PHONE)
    aiko.goto(typed_address(live_server, workshop.join_code))
    expect(aiko.locator("h1")).to_have_text("Kick-off")
    expect(aiko.locator("[name=language][value=ja]")).to_be_checked()  # from the browser's language
    screenshot("workshop-join-ja-phone", aiko)
    assert axe(aiko) == []

    join(aiko, live_server, workshop.join_code, "佐藤 愛子", "営業部")
    expect(aiko.locator("html")).to_have_attribute("lang", "ja")
    questions = aiko.locator("fieldset.question")
    answer_by_mouse(questions.nth(0), 3)
    answer_by_keyboard(aiko, questions.nth(1))
    questions.nth(0).locator("textarea").fill("2025年に経営会議で承認。")
    wait_saved(questions.nth(0))
    expect(questions.nth(0).locator(".answer-status")).to_contain_text("保存しました")
    expect(aiko.locator("#progress-summary")).to_contain_text("4問中2問")
    screenshot("workshop-dimension-ja-phone", aiko)
    assert axe(aiko) == []
    resume_link = aiko.locator("#resume-link").input_value()
    assert re.search(r"/w/r/[A-Za-z0-9_-]{43}/$", resume_link)

    laptop, ken = open_page(browser, "en", LAPTOP)
    join(ken, live_server, workshop.join_code, "Ken")
    answer_by_mouse(ken.locator("fieldset.question").nth(0), 1)
    expect(ken.locator("fieldset.question").nth(0).locator(".answer-status")).to_contain_text("Saved")
    expect(ken.locator("main")).not_to_contain_text("佐藤")
    laptop.close()

    # The phone's browser is closed, and its cookies with it; nothing is lost.
    phone.close()
    aiko_row = Participant.objects.get(display_name="佐藤 愛子")
    assert Answer.objects.filter(participant=aiko_row).count() == 2
    assert Answer.objects.filter(participant__assessment=workshop.assessment).count() == 3

    phone, aiko = open_page(browser, "ja", PHONE)
    aiko.goto(resume_link)
    expect(aiko).to_have_url(
        re.compile(r"/dimensions/voc/$")
    )  # where she was: the first page with questions left
    aiko.goto(f"{live_server.url}/w/{workshop.join_code}/dimensions/strategy/")
    questions = aiko.locator("fieldset.question")
    expect(questions.nth(0).locator("input.choice-input:checked")).to_have_count(1)
    expect(questions.nth(1).locator("input.choice-input:checked")).to_have_count(1)
    expect(questions.nth(0).locator("textarea")).to_have_value("2025年に経営会議で承認。")

    aiko.locator("button[name=go][value=next]").click()
    expect(aiko).to_have_url(re.compile(r"/dimensions/voc/$"))
    answer_by_mouse(aiko.locator("fieldset.question").nth(0), 2)
    aiko.locator("button[name=go][value=next]").click()
    expect(aiko).to_have_url(re.compile(rf"/w/{workshop.join_code}/answers/$"))
    expect(aiko.locator("h1")).to_have_text("自分の回答")
    expect(aiko.locator(".my-answers")).to_contain_text("2025年に経営会議で承認。")
    screenshot("workshop-answers-ja-phone", aiko)
    assert axe(aiko) == []
    assert Answer.objects.filter(participant=aiko_row).count() == 3
    phone.close()
