"""A bank version's life: the rules of publishing, publish refused with every problem linked to what must
change, then fixed and published; a new draft version cloned from the latest; retire; published and retired
versions read-only; new assessments on the latest published version, assessments in progress on theirs."""

import copy

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from assessments.banks import BankImportError, export_bank, import_bank, validate_for_publishing
from assessments.banks.validation import publishing_problems
from assessments.models import Assessment, QuestionBank
from assessments.services import (
    DraftExists,
    answer_save,
    assessment_start,
    assessment_submit,
    bank_new_draft,
    bank_publish,
    bank_retire,
)
from tests.assessments.bank_editor import form_data, staff_client
from tests.documents import bank_document, level_question, recommendation
from tests.factories import UserFactory, answer_all, option

pytestmark = pytest.mark.django_db


def url(model: str, view: str = "change", *args) -> str:
    return reverse(f"admin:assessments_{model}_{view}", args=args)


@pytest.fixture
def editor():
    return staff_client(editor=True)


@pytest.fixture
def draft():
    return import_bank(bank_document(slug="draft", status="draft"))


# The rules of publishing (validation.py)


def paths(problems) -> list[str]:
    return [problem.path for problem in problems]


def test_the_test_documents_and_the_default_bank_are_publishable(default_bank):
    assert validate_for_publishing(bank_document()) == []
    assert validate_for_publishing(export_bank(default_bank)) == []


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["description"].update(ja=""), "$.description.ja"),
        (lambda d: d["levels"][2]["description"].update(en=" "), "$.levels[2].description.en"),
        (lambda d: d["dimensions"][1]["description"].update(ja=""), "$.dimensions[1].description.ja"),
        (
            lambda d: d["dimensions"][0]["questions"][1]["help"].update(en=""),
            "$.dimensions[0].questions[1].help.en",
        ),
        (
            lambda d: [q.update(weight=0) for q in d["dimensions"][1]["questions"]],
            "$.dimensions[1].questions",
        ),
        (lambda d: [dimension.update(weight=0) for dimension in d["dimensions"]], "$.dimensions"),
        (
            lambda d: d["dimensions"][0].update(recommendations=[recommendation(1, 2), recommendation(4, 5)]),
            "$.dimensions[0].recommendations",
        ),
        (
            # a question's recommendation covers no level of its dimension
            lambda d: d["dimensions"][1].update(
                recommendations=[recommendation(1, 5, question="voc.surveys", max_score=2)]
            ),
            "$.dimensions[1].recommendations",
        ),
    ],
)
def test_publishing_needs_what_a_draft_may_lack(change, path):
    document = bank_document(status="draft")
    change(document)
    assert paths(publishing_problems(document)) == [path]
    assert path in paths(validate_for_publishing(document))


def test_a_missing_level_is_named():
    document = bank_document()
    document["dimensions"][0]["recommendations"] = [recommendation(1, 2), recommendation(4, 5)]
    [problem] = publishing_problems(document)
    assert problem.message == "No recommendation of the dimension covers level 3."


def test_texts_blank_in_both_languages_are_fine():
    document = bank_document()
    document["dimensions"][0]["questions"][0]["help"] = {"en": "", "ja": ""}
    assert validate_for_publishing(document) == []


def test_the_rules_already_checked_for_every_document_are_checked_before_publishing_too():
    document = bank_document()
    vision = document["dimensions"][0]["questions"][0]
    vision["text"]["en"] = ""
    vision["options"][4]["score"] = 4  # two options at level 4, none at 5
    document["dimensions"][0]["questions"][1]["options"][0]["score"] = 6
    document["dimensions"][1]["questions"][1]["options"][0]["score"] = 0
    document["dimensions"][1]["questions"][0]["weight"] = -1
    document["levels"][3]["min_score"] = 2.0
    document["dimensions"][1]["code"] = "strategy"
    assert paths(validate_for_publishing(document)) == [
        "$.levels[3].min_score",
        "$.dimensions[0].questions[0].text.en",
        "$.dimensions[0].questions[0].options",
        "$.dimensions[0].questions[1].options[0].score",
        "$.dimensions[1].code",
        "$.dimensions[1].questions[0].weight",
        "$.dimensions[1].questions[1].options[0].score",
    ]


def test_importing_a_published_document_applies_the_rules_of_publishing_and_a_draft_does_not():
    document = bank_document()
    document["dimensions"][0]["recommendations"] = [recommendation(1, 4)]
    with pytest.raises(BankImportError) as error:
        import_bank(document)
    assert paths(error.value.problems) == ["$.dimensions[0].recommendations"]
    document["status"] = "draft"
    assert import_bank(document).status == "draft"


# Publishing in the admin: refused with every problem linked, then fixed


def test_publishing_is_refused_with_every_problem_linked_to_what_must_change(editor, draft):
    vision = draft.questions.get(code="strategy.vision")
    draft.questions.filter(pk=vision.pk).update(text_en="")
    level_5 = vision.options.get(code="5")
    vision.options.filter(pk=level_5.pk).update(score=4)
    voc = draft.dimensions.get(code="voc")
    voc.recommendations.update(min_level=2)
    draft.levels.filter(level=2).update(description_ja="")

    page = editor.get(url("questionbank", "publish", draft.pk))
    assert page.status_code == 200
    response = editor.post(url("questionbank", "publish", draft.pk))
    assert response.status_code == 422
    html = response.content.decode()
    assert "4 problems must be fixed first" in html
    expected = [  # the problems of every document first, then those of publishing
        (vision, "#id_text_en", "text (en)"),
        (vision, "#options-group", ""),
        (draft.levels.get(level=2), "#id_description_ja", "description (ja)"),
        (voc, "#recommendations-group", ""),
    ]
    linked = response.context["problems"]
    assert [(item.url, item.field) for item in linked] == [
        (url(obj._meta.model_name, "change", obj.pk) + anchor, field) for obj, anchor, field in expected
    ]
    assert linked[0].target == "Question strategy.vision"
    for item in linked:
        assert f'href="{item.url}"' in html
    assert QuestionBank.objects.get(pk=draft.pk).status == "draft"

    # Fixed on the question's page, where the link leads
    page = editor.get(url("question", "change", vision.pk))
    fixed = form_data(page, text_en="How mature is the vision?", **{"options-4-score": "5"})
    assert editor.post(url("question", "change", vision.pk), fixed).status_code == 302
    voc.recommendations.update(min_level=1)
    draft.levels.filter(level=2).update(description_ja="発展の実践")

    page = editor.get(url("questionbank", "publish", draft.pk))
    assert page.context["problems"] == []
    response = editor.post(url("questionbank", "publish", draft.pk))
    assert response["Location"] == url("questionbank", "change", draft.pk)
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.published_by == response.wsgi_request.user and draft.published_at is not None


def test_the_problems_are_listed_in_the_admins_language(draft):
    draft.questions.filter(code="voc.metrics").update(text_ja="")
    client = staff_client(editor=True, language="ja")
    with translation.override("ja"):
        response = client.post(url("questionbank", "publish", draft.pk))
    html = response.content.decode()
    assert "テキストが空です。" in html
    assert "設問 voc.metrics" in html


def test_a_published_bank_is_not_published_again(editor, bank):
    response = editor.post(url("questionbank", "publish", bank.pk))
    assert response.status_code == 302
    with pytest.raises(ValidationError):
        bank_publish(bank=bank, by=None)


# New draft version


def test_a_new_draft_version_copies_the_latest_version(editor, bank):
    page = editor.get(url("questionbank", "new_version", bank.pk))
    assert "version 1.1" in page.content.decode()
    response = editor.post(url("questionbank", "new_version", bank.pk))
    copy_ = QuestionBank.objects.get(slug=bank.slug, version="1.1")
    assert response["Location"] == url("questionbank", "change", copy_.pk)
    assert copy_.status == "draft" and copy_.published_at is None
    expected = export_bank(bank) | {"version": "1.1", "status": "draft"}
    assert export_bank(copy_) == expected


def test_a_second_draft_of_a_slug_is_refused_with_a_link_to_the_first(editor, bank):
    first = bank_new_draft(slug=bank.slug)
    response = editor.post(url("questionbank", "new_version", bank.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("questionbank", "change", first.pk)
    [message] = [str(m) for m in response.context["messages"]]
    assert f'<a href="{url("questionbank", "change", first.pk)}">' in message
    assert QuestionBank.objects.filter(slug=bank.slug).count() == 2
    with pytest.raises(DraftExists):
        bank_new_draft(slug=bank.slug)


def test_versions_count_number_by_number(bank):
    for version, following in [("1.0", "1.1"), ("1.9", "1.10"), ("2", "2.1"), ("1.2.3", "1.2.4")]:
        assert QuestionBank(version=version).next_version() == following
    for version in ("1.9", "1.10"):
        document = bank_document(slug="versions", version=version, status="retired")
        import_bank(document)
    assert bank_new_draft(slug="versions").version == "1.11"


# Retire


def test_retiring_records_who_and_when_and_keeps_assessments(editor, bank, assessment):
    page = editor.get(url("questionbank", "retire", bank.pk))
    assert "The 1 assessment that used it keeps it" in page.content.decode()
    editor.post(url("questionbank", "retire", bank.pk))
    bank.refresh_from_db()
    assert bank.status == "retired" and bank.retired_at is not None and bank.retired_by is not None
    assert Assessment.objects.get(pk=assessment.pk).bank == bank


def test_the_default_banks_last_published_version_cannot_be_retired(editor, default_bank):
    response = editor.post(url("questionbank", "retire", default_bank.pk), follow=True)
    assert "only published version of the default question bank" in response.content.decode()
    assert QuestionBank.objects.get(pk=default_bank.pk).status == "published"

    newer = bank_new_draft(slug=default_bank.slug)
    bank_publish(bank=newer, by=None)
    bank_retire(bank=default_bank, by=None)
    assert QuestionBank.objects.get(pk=default_bank.pk).status == "retired"
    with pytest.raises(ValidationError):
        bank_retire(bank=newer, by=None)


def test_only_published_versions_retire(draft):
    with pytest.raises(ValidationError):
        bank_retire(bank=draft, by=None)


# Published and retired versions are read-only


@pytest.mark.parametrize("status", ["published", "retired"])
def test_a_frozen_version_is_read_only_in_every_page_of_the_editor(editor, status):
    bank = import_bank(bank_document(status=status))
    dimension = bank.dimensions.get(code="strategy")
    question = bank.questions.get(code="strategy.vision")
    objects = [
        ("questionbank", bank),
        ("maturitylevel", bank.levels.get(level=1)),
        ("dimension", dimension),
        ("question", question),
        ("option", question.options.get(code="1")),
        ("recommendation", dimension.recommendations.get()),
    ]
    for model, obj in objects:
        page = editor.get(url(model, "change", obj.pk))
        html = page.content.decode()
        assert page.status_code == 200
        assert "cannot change" in html
        assert "bank-editor-add" not in html and "-0-code" not in html  # no inline forms, no add links
        assert editor.post(url(model, "change", obj.pk), {}).status_code == 403
        assert editor.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    response = editor.post(
        url("question", "changelist"),
        {"action": "delete_selected", "_selected_action": [question.pk], "post": "yes"},
    )
    assert response.status_code in (200, 403)
    assert bank.questions.filter(pk=question.pk).exists()
    assert export_bank(bank) == export_bank(QuestionBank.objects.get(pk=bank.pk))


def test_importing_an_existing_version_is_refused_whatever_its_status(bank):
    bank_retire(bank=bank, by=None)
    document = copy.deepcopy(bank_document(status="draft"))
    with pytest.raises(BankImportError):
        import_bank(document)


# Which version assessments use


def test_new_assessments_use_the_latest_published_version_and_those_in_progress_keep_theirs(
    default_bank, member_client, member
):
    member_client.post(reverse("assessment_start"))
    in_progress = Assessment.objects.get()
    assert in_progress.bank == default_bank

    newer = bank_new_draft(slug=default_bank.slug)
    # A draft is not used: starting again continues the assessment in progress on the published version.
    response = member_client.post(reverse("assessment_start"))
    assert response["Location"] == reverse("assessment_resume", args=[in_progress.public_id])
    assert Assessment.objects.get() == in_progress

    bank_publish(bank=newer, by=None)
    bank_retire(bank=default_bank, by=None)
    member_client.post(reverse("assessment_start"))
    assert Assessment.objects.latest("pk").bank == newer

    # The first one goes on with its own version, retired or not, to the end.
    in_progress.refresh_from_db()
    assert in_progress.bank == default_bank
    page = member_client.get(reverse("assessment_dimension", args=[in_progress.public_id, "strategy"]))
    assert page.status_code == 200
    participant = in_progress.participants.get()
    for question in default_bank.questions.prefetch_related("options"):
        answer_save(participant=participant, question=question, options=[question.options.all()[2]])
    assessment_submit(assessment=in_progress, by=member.user)
    assert in_progress.result.dimensions.count() == default_bank.dimensions.count()


def test_a_draft_or_retired_bank_starts_no_assessment(draft, member, bank):
    bank = bank_retire(bank=bank, by=None)
    for frozen_or_draft in (draft, bank):
        with pytest.raises(ValidationError):
            assessment_start(organization=member.organization, bank=frozen_or_draft, by=member.user)


def test_answers_to_an_assessment_whose_bank_retired_are_still_saved(bank, participant, member):
    bank_retire(bank=bank, by=UserFactory())
    answer_all(participant, bank)
    answer_save(
        participant=participant,
        question=bank.questions.get(code="strategy.vision"),
        options=[option(bank, "strategy.vision", "5")],
    )
    assessment_submit(assessment=participant.assessment, by=member.user)
    assert participant.assessment.result.score is not None


def test_a_question_with_weight_zero_in_a_dimension_with_another_one_is_fine():
    document = bank_document(dimensions={"a": [level_question("a.q", weight=0), level_question("a.r")]})
    assert validate_for_publishing(document) == []
