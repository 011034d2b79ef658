"""The bank editor in the admin: a draft's levels, dimensions, questions, options and recommendations
reachable from the bank's page, add pages with the parent filled in, breadcrumbs, the preview in both
languages, and who may change what."""

import pytest
from django.urls import reverse

from assessments.banks import import_bank
from assessments.models import Dimension, Option, Question, QuestionBank, Recommendation
from tests.assessments.bank_editor import form_data, staff_client
from tests.documents import bank_document
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(model: str, view: str = "change", *args) -> str:
    return reverse(f"admin:assessments_{model}_{view}", args=args)


@pytest.fixture
def draft():
    return import_bank(bank_document(slug="draft", status="draft"))


@pytest.fixture
def editor():
    return staff_client(editor=True)


@pytest.fixture
def viewer():
    """Staff outside the "bank editors" group."""
    return staff_client(editor=False)


@pytest.mark.parametrize(
    "model", ["questionbank", "maturitylevel", "dimension", "question", "option", "recommendation"]
)
@pytest.mark.parametrize("who", ["editor", "viewer"])
def test_every_list_of_the_editor_opens_for_staff(request, draft, model, who):
    client = request.getfixturevalue(who)
    assert client.get(url(model, "changelist")).status_code == 200
    search = client.get(url(model, "changelist"), {"q": "strategy"})
    assert search.status_code == 200


def test_lists_filter_by_bank_status_dimension_and_type(editor, draft, bank):
    page = editor.get(url("question", "changelist"), {"bank__status": "draft", "type": "checklist"})
    assert list(page.context["cl"].result_list) == [draft.questions.get(code="voc.metrics")]
    page = editor.get(url("question", "changelist"), {"bank__id__exact": bank.pk, "dimension__code": "voc"})
    assert {q.code for q in page.context["cl"].result_list} == {"voc.surveys", "voc.metrics"}


def test_the_bank_page_lists_levels_and_dimensions_with_counts_links_and_preview(editor, draft):
    page = editor.get(url("questionbank", "change", draft.pk)).content.decode()
    strategy = draft.dimensions.get(code="strategy")
    assert url("dimension", "change", strategy.pk) in page  # each row's change link
    assert url("maturitylevel", "change", draft.levels.get(level=3).pk) in page
    assert f"{url('dimension', 'add')}?bank={draft.pk}" in page  # add on its own page, bank filled in
    assert 'class="field-question_count"><p>2</p>' in "".join(page.split())
    assert reverse("admin:assessments_questionbank_preview", args=[f"{draft.pk}-ja", "strategy"]) in page
    for name in ("title_en", "title_ja", "description_en", "description_ja", "dimensions-0-order"):
        assert f'name="{name}"' in page
    assert url("questionbank", "publish", draft.pk) in page
    assert url("questionbank", "new_version", draft.pk) in page
    assert "is a draft" in page


def test_the_dimension_page_lists_questions_and_recommendations_and_leads_back_to_the_bank(editor, draft):
    strategy = draft.dimensions.get(code="strategy")
    page = editor.get(url("dimension", "change", strategy.pk)).content.decode()
    assert url("question", "change", draft.questions.get(code="strategy.budget").pk) in page
    assert url("recommendation", "change", strategy.recommendations.get().pk) in page
    assert f"{url('question', 'add')}?dimension={strategy.pk}" in page
    assert f"{url('recommendation', 'add')}?dimension={strategy.pk}" in page
    assert f'<a href="{url("questionbank", "change", draft.pk)}">Question bank draft 1.0</a>' in page
    assert 'name="questions-1-text_ja"' in page and 'name="recommendations-0-min_level"' in page


def test_the_question_page_lists_its_options_below_the_dimension_and_bank(editor, draft):
    question = draft.questions.get(code="strategy.vision")
    page = editor.get(url("question", "change", question.pk)).content.decode()
    assert url("option", "change", question.options.get(code="3").pk) in page
    assert f"{url('option', 'add')}?question={question.pk}" in page
    crumbs = page[page.index('class="breadcrumbs"') : page.index("</ol>")]
    assert "Question bank draft 1.0" in crumbs and "Dimension strategy" in crumbs
    assert 'name="options-4-label_ja"' in page
    # English and Japanese side by side: one row of the form holds both.
    row = page[page.index('name="text_en"') :]
    assert row.index('name="text_ja"') < row.index('class="form-row')


@pytest.mark.parametrize(
    ("model", "parent", "crumb"),
    [
        ("dimension", "bank", "Question bank draft 1.0"),
        ("maturitylevel", "bank", "Question bank draft 1.0"),
        ("question", "dimension", "Dimension strategy"),
        ("recommendation", "dimension", "Dimension strategy"),
        ("option", "question", "Question strategy.vision"),
    ],
)
def test_an_add_page_opened_from_a_list_has_its_parent_filled_in(editor, draft, model, parent, crumb):
    parents = {
        "bank": draft,
        "dimension": draft.dimensions.get(code="strategy"),
        "question": draft.questions.get(code="strategy.vision"),
    }
    page = editor.get(url(model, "add"), {parent: parents[parent].pk})
    assert page.status_code == 200
    assert page.context["adminform"].form.initial[parent] == str(parents[parent].pk)
    assert crumb in page.content.decode()


def test_a_question_added_on_its_own_page_joins_its_dimensions_bank(editor, draft):
    strategy = draft.dimensions.get(code="strategy")
    data = {
        "dimension": strategy.pk,
        "code": "strategy.owner",
        "type": "level",
        "weight": "1",
        "order": "3",
        "required": "on",
        "text_en": "Who owns CX?",
        "text_ja": "CXの責任者は誰ですか?",
        "options-TOTAL_FORMS": "0",
        "options-INITIAL_FORMS": "0",
    }
    response = editor.post(url("question", "add"), data)
    assert response.status_code == 302
    assert Question.objects.get(code="strategy.owner").bank == draft

    data["code"] = "strategy.vision"  # taken in this bank: a message, not a database error
    response = editor.post(url("question", "add"), data)
    assert response.status_code == 200
    assert "is used twice" in str(response.context["adminform"].form.errors["code"])


def test_a_question_added_in_the_dimensions_list_joins_its_bank(editor, draft):
    voc = draft.dimensions.get(code="voc")
    page = editor.get(url("dimension", "change", voc.pk))
    data = form_data(
        page,
        **{
            "questions-TOTAL_FORMS": "3",
            "questions-2-order": "5",
            "questions-2-code": "voc.loop",
            "questions-2-type": "level",
            "questions-2-weight": "1",
            "questions-2-required": "on",
            "questions-2-text_en": "Do you close the loop?",
            "questions-2-text_ja": "ループを閉じていますか?",
            "questions-1-text_ja": "指標の日本語",
        },
    )
    response = editor.post(url("dimension", "change", voc.pk), data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert draft.questions.get(code="voc.loop").dimension == voc
    assert draft.questions.get(code="voc.metrics").text_ja == "指標の日本語"


def test_the_editor_changes_a_drafts_option_in_the_questions_list(editor, draft):
    question = draft.questions.get(code="strategy.vision")
    page = editor.get(url("question", "change", question.pk))
    response = editor.post(
        url("question", "change", question.pk), form_data(page, **{"options-2-label_ja": "定義された段階"})
    )
    assert response.status_code == 302
    assert question.options.get(code="3").label_ja == "定義された段階"


def test_new_content_can_only_join_a_draft(editor, draft, bank):
    page = editor.get(url("question", "add"))
    choices = page.context["adminform"].form.fields["dimension"].queryset
    assert set(choices) == set(draft.dimensions.all())
    response = editor.post(
        url("dimension", "add"), {"bank": bank.pk, "code": "new", "weight": "1", "order": "9"}
    )
    assert response.status_code == 200  # refused: the published bank is not a choice
    assert not bank.dimensions.filter(code="new").exists()


# Preview


def preview_url(bank, language, code):
    return reverse("admin:assessments_questionbank_preview", args=[f"{bank.pk}-{language}", code])


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_preview_shows_a_dimension_as_respondents_see_it(
    editor, draft, language, django_assert_num_queries
):
    # session, user, bank, its dimensions with their question counts, the dimension's questions, their options
    with django_assert_num_queries(6):
        page = editor.get(preview_url(draft, language, "strategy"))
    assert page.status_code == 200
    assert [t.name for t in page.templates][:2] == [
        "assessments/banks/preview.html",
        "assessments/questionnaire/dimension.html",
    ]
    html = page.content.decode()
    question = draft.questions.get(code="strategy.vision")
    assert getattr(question, f"text_{language}") in html
    assert getattr(question.options.get(code="4"), f"label_{language}") in html
    assert f'<html lang="{language}">' in html
    assert 'name="strategy.vision-option"' in html
    other = "ja" if language == "en" else "en"
    assert preview_url(draft, other, "strategy") in html  # the language switch
    assert url("dimension", "change", draft.dimensions.get(code="strategy").pk) in html


def test_the_preview_saves_nothing_and_walks_through_the_dimensions(editor, draft):
    answer = reverse(
        "admin:assessments_questionbank_preview_answer", args=[f"{draft.pk}-en", "strategy.vision"]
    )
    response = editor.post(answer, {"strategy.vision-option": "3"})
    assert "not saved" in response.content.decode()
    response = editor.post(preview_url(draft, "en", "strategy"), {"go": "next"})
    assert response["Location"] == preview_url(draft, "en", "voc")
    response = editor.post(preview_url(draft, "en", "voc"), {"go": "next"})  # past the last: the editor
    assert editor.get(response["Location"])["Location"] == url("questionbank", "change", draft.pk)


def test_the_preview_of_an_unknown_dimension_is_404(editor, draft):
    assert editor.get(preview_url(draft, "en", "nope")).status_code == 404


def test_a_published_bank_can_be_previewed_by_any_staff(viewer, bank):
    assert viewer.get(preview_url(bank, "ja", "voc")).status_code == 200


# Who may change what


def test_staff_outside_the_group_see_a_draft_but_cannot_change_it(viewer, draft):
    question = draft.questions.get(code="strategy.vision")
    page = viewer.get(url("question", "change", question.pk))
    assert page.status_code == 200
    assert question.text_en in page.content.decode()
    assert 'name="text_en"' not in page.content.decode()
    assert viewer.post(url("question", "change", question.pk), {"text_en": "Changed"}).status_code == 403
    assert viewer.get(url("question", "add")).status_code == 403
    assert viewer.post(url("question", "delete", question.pk), {"post": "yes"}).status_code == 403
    for view in ("publish", "new_version"):
        assert viewer.get(url("questionbank", view, draft.pk)).status_code == 403
    question.refresh_from_db()
    assert question.text_en != "Changed"
    assert (
        url("questionbank", "publish", draft.pk)
        not in viewer.get(url("questionbank", "change", draft.pk)).content.decode()
    )


def test_the_group_grants_the_bank_models_and_publishing():
    from django.contrib.auth.models import Group

    codenames = set(Group.objects.get(name="bank editors").permissions.values_list("codename", flat=True))
    for model in ("questionbank", "maturitylevel", "dimension", "question", "option", "recommendation"):
        assert {f"{action}_{model}" for action in ("add", "change", "delete", "view")} <= codenames
    assert "publish_questionbank" in codenames
    assert not any(name.endswith(("_assessment", "_answer", "_result")) for name in codenames)


def test_anonymous_and_non_staff_users_are_sent_to_log_in(client, draft):
    for target in (url("questionbank", "publish", draft.pk), preview_url(draft, "en", "strategy")):
        assert client.get(target).status_code == 302
        client.force_login(UserFactory())
        assert client.get(target).status_code == 302
        client.logout()


def test_a_superuser_may_do_everything(client, draft):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(url("questionbank", "change", draft.pk)).content.decode()
    assert url("questionbank", "publish", draft.pk) in page and 'name="title_en"' in page


def test_deleting_a_draft_deletes_its_content(editor, draft):
    response = editor.post(url("questionbank", "delete", draft.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not QuestionBank.objects.filter(pk=draft.pk).exists()
    for model in (Dimension, Question, Option, Recommendation):
        assert not model.objects.exists()


def test_the_bank_pages_link_the_versions_comparison_and_excel(editor, viewer, draft):
    page = editor.get(url("questionbank", "change", draft.pk)).content.decode()
    assert reverse("bank_compare", args=[draft.slug]) in page
    assert reverse("bank_workbook", args=[draft.slug, draft.version]) in page
    listing = editor.get(url("questionbank", "changelist")).content.decode()
    for name in ("bank_index", "bank_workbook_template", "bank_import"):
        assert reverse(name) in listing
    # Staff outside the group may look and compare, not import.
    listing = viewer.get(url("questionbank", "changelist")).content.decode()
    assert reverse("bank_index") in listing and reverse("bank_import") not in listing
    assert viewer.get(reverse("bank_import")).status_code == 403
