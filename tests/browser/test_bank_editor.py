"""A bank editor revises the default bank in the admin: a new draft version copied from 1.0, a level
descriptor reworded in Japanese and seen in the preview, a publication refused for a missing English help text
and then made, the two versions compared; and a member's new assessment uses the new version. Both languages;
axe-core on the preview and the comparison."""

import importlib
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Assessment, Question, QuestionBank
from tests.browser.actions import FACTORY_PASSWORD, log_in, open_page
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

REWORDED = "顧客体験のビジョンが文書になり、全社の会議で毎月参照されている。"
HELP_JA = "戦略文書と会議資料を確かめてください。"
HELP_EN = "Check the strategy documents and meeting papers."
TEXT = {
    "en": {
        "draft": "New draft version",
        "create": "Create the draft",
        "publish": "Publish",
        "again": "Check again and publish",
    },
    "ja": {
        "draft": "新しい下書きバージョン",
        "create": "下書きを作成",
        "publish": "公開",
        "again": "再確認して公開",
    },
}


def bank_editors() -> Group:
    """The group its migration makes; a browser test's flush empties the tables, so it is made again here the
    same way (the permissions themselves come back after every flush)."""
    migration = importlib.import_module("assessments.migrations.0011_bank_editors_group")
    group, _created = Group.objects.get_or_create(name=migration.GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="assessments", codename__in=migration.CODENAMES)
    )
    return group


def admin_log_in(page, live_server, email):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("[name=username]", email)
    page.fill("[name=password]", FACTORY_PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.mark.parametrize("language", ["en", "ja"])
def test_an_editor_revises_publishes_and_compares_a_bank(
    browser, live_server, default_bank, axe, screenshot, language
):
    text = TEXT[language]
    editor = UserFactory(is_staff=True)
    editor.groups.add(bank_editors())
    context, page = open_page(browser, language, {"width": 1280, "height": 900})
    admin_log_in(page, live_server, editor.email)

    # A new draft version, copied from the published 1.0.
    page.goto(live_server.url + reverse("admin:assessments_questionbank_change", args=[default_bank.pk]))
    page.get_by_role("link", name=text["draft"]).click()
    page.get_by_role("button", name=text["create"]).click()
    draft = QuestionBank.objects.get(slug=default_bank.slug, status=QuestionBank.Status.DRAFT)
    assert draft.version == "1.1"
    expect(page).to_have_url(re.compile(rf"/questionbank/{draft.pk}/change/$"))

    # Reword level 3 of the first question in Japanese, and give it a Japanese help text only.
    question = Question.objects.get(bank=draft, code="strategy.vision")
    page.goto(live_server.url + reverse("admin:assessments_question_change", args=[question.pk]))
    page.fill("[name=options-2-label_ja]", REWORDED)
    page.fill("[name=help_en]", "")
    page.fill("[name=help_ja]", HELP_JA)
    page.locator("[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    screenshot(f"bank-editor-question-{language}", page)

    # The preview shows the dimension as respondents see it, in Japanese.
    page.goto(
        live_server.url
        + reverse("admin:assessments_questionbank_preview", args=[f"{draft.pk}-ja", "strategy"])
    )
    first = page.locator("fieldset.question").first
    expect(first).to_contain_text(REWORDED)
    expect(first).to_contain_text(HELP_JA)
    screenshot(f"bank-editor-preview-{language}", page)
    assert axe(page) == []

    # Publishing is refused: the English help is missing; the problem links to the question.
    page.goto(live_server.url + reverse("admin:assessments_questionbank_change", args=[draft.pk]))
    page.get_by_role("link", name=text["publish"], exact=True).click()
    problems = page.locator(".bank-problems li")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("help.en")
    screenshot(f"bank-editor-refused-{language}", page)
    problems.first.locator("a").click()
    expect(page).to_have_url(re.compile(rf"/question/{question.pk}/change/"))
    page.fill("[name=help_en]", HELP_EN)
    page.locator("[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(live_server.url + reverse("admin:assessments_questionbank_publish", args=[draft.pk]))
    page.get_by_role("button", name=text["publish"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/questionbank/{draft.pk}/change/$"))
    draft.refresh_from_db()
    assert (draft.status, draft.published_by) == (QuestionBank.Status.PUBLISHED, editor)

    # The comparison shows the reworded descriptor, word by word.
    page.goto(live_server.url + reverse("bank_compare", args=[default_bank.slug]) + "?from=1.0&to=1.1")
    expect(page.locator("ins").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("文書になり")
    screenshot(f"bank-compare-{language}", page)
    assert axe(page) == []
    context.close()

    # A member's new assessment uses the latest published version, with the new wording.
    member = MembershipFactory()
    context, page = open_page(browser, "ja", {"width": 1280, "height": 900})
    log_in(page, live_server, member.user.email)
    page.goto(live_server.url + reverse("dashboard"))
    page.locator("form[action$='/assessments/start/'] button").first.click()
    expect(page).to_have_url(re.compile(r"/dimensions/strategy/$"))
    expect(page.locator("fieldset.question").first).to_contain_text(REWORDED)
    assert Assessment.objects.get(organization=member.organization).bank == draft
    context.close()
