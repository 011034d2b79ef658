import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from assessments.banks import import_bank
from assessments.models import COMMENT_MAX_LENGTH, Answer, Assessment, Result
from assessments.services import (
    answer_save,
    assessment_start,
    assessment_submit,
    evidence_add,
    participant_progress,
)
from tests.documents import bank_document, level_question
from tests.evidence_files import pdf, upload
from tests.factories import MembershipFactory, answer_all, option

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def page_url(assessment, code="strategy"):
    return reverse("assessment_dimension", args=[assessment.public_id, code])


def answer_url(assessment, code="strategy.vision"):
    return reverse("assessment_answer", args=[assessment.public_id, code])


def review_url(assessment):
    return reverse("assessment_review", args=[assessment.public_id])


def results_url(assessment):
    return reverse("results", args=[assessment.public_id])


def saved(participant, code):
    """(option codes, N/A, comment) of the participant's answer to a question, or None."""
    answer = Answer.objects.filter(participant=participant, question__code=code).first()
    if answer is None:
        return None
    return sorted(o.code for o in answer.options.all()), answer.not_applicable, answer.comment


def every_view(assessment):
    """(method, url) of each questionnaire view."""
    public_id = assessment.public_id
    return [
        ("get", reverse("assessment_resume", args=[public_id])),
        ("get", page_url(assessment)),
        ("post", page_url(assessment)),
        ("post", answer_url(assessment)),
        ("get", review_url(assessment)),
        ("post", reverse("assessment_submit", args=[public_id])),
    ]


# Access


def test_anonymous_is_sent_to_log_in(client, assessment):
    for method, url in every_view(assessment):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={url}"


def test_a_member_of_another_organization_gets_404_everywhere(client, assessment):
    client.force_login(MembershipFactory().user)
    for method, url in every_view(assessment):
        assert getattr(client, method)(url, {"strategy.vision-option": "3"}).status_code == 404
    assert Answer.objects.count() == 0
    assert Assessment.objects.get().status == Assessment.Status.IN_PROGRESS


def test_a_member_sees_the_pages(member_client, assessment):
    assert member_client.get(page_url(assessment)).status_code == 200
    assert member_client.get(review_url(assessment)).status_code == 200


def test_unknown_dimension_or_question_is_404(member_client, assessment, participant):
    import_bank(bank_document(slug="other", dimensions={"other": [level_question("other.question")]}))
    assert member_client.get(page_url(assessment, "nope")).status_code == 404
    assert member_client.post(answer_url(assessment, "nope"), {"option": "3"}).status_code == 404
    # A question of another bank.
    assert member_client.post(answer_url(assessment, "other.question"), {"option": "3"}).status_code == 404
    assert Answer.objects.count() == 0


def test_answer_and_submit_take_only_post(member_client, assessment):
    assert member_client.get(answer_url(assessment)).status_code == 405
    assert member_client.get(reverse("assessment_submit", args=[assessment.public_id])).status_code == 405


# Resume


def test_resume_goes_to_the_first_dimension_with_an_unanswered_question(
    member_client, assessment, participant, bank
):
    resume = reverse("assessment_resume", args=[assessment.public_id])
    assert member_client.get(resume).url == page_url(assessment, "strategy")
    for code, choice in [("strategy.vision", "2"), ("strategy.budget", "a")]:
        answer_save(
            participant=participant,
            question=bank.questions.get(code=code),
            options=[option(bank, code, choice)],
        )
    assert member_client.get(resume).url == page_url(assessment, "voc")
    answer_all(participant, bank)
    assert member_client.get(resume).url == review_url(assessment)
    assessment_submit(assessment=assessment)
    assert member_client.get(resume).url == results_url(assessment)


def test_a_submitted_assessment_shows_its_results(member_client, submitted):
    assert member_client.get(page_url(submitted)).url == results_url(submitted)
    assert member_client.get(review_url(submitted)).url == results_url(submitted)


# The dimension page


def test_the_page_shows_questions_options_and_saved_answers(member_client, assessment, participant, bank):
    answer_save(
        participant=participant,
        question=bank.questions.get(code="strategy.vision"),
        options=[option(bank, "strategy.vision", "4")],
        comment="Our vision statement, 2025",
    )
    response = member_client.get(page_url(assessment))
    html = response.content.decode()
    assert "<h1" in html and "Strategy" in html and "About strategy" in html
    assert '<fieldset id="q-strategy.vision"' in html
    assert "<legend" in html and "How mature is strategy.vision?" in html
    assert 'id="q-strategy.vision-help"' in html and "Think of the last year." in html
    assert "Level 4" in html and "strategy.vision at level 4" in html
    assert 'name="strategy.vision-option" value="4" checked' in html
    assert 'name="strategy.vision-option" value="3">' in html
    assert "choice 2.5" in html  # the choice question's options
    assert ">Our vision statement, 2025</textarea>" in html
    assert 'maxlength="2000"' in html
    assert 'aria-current="page"' in html
    assert "1 of 4 questions answered" in html
    # No N/A where it is not allowed; the next dimension follows.
    assert 'value="n/a"' not in html
    assert "Voc" in html


def test_the_page_offers_na_and_none_of_these(member_client, assessment):
    html = member_client.get(page_url(assessment, "voc")).content.decode()
    assert 'name="voc.surveys-option" value="n/a"' in html
    assert 'type="checkbox" name="voc.metrics-option" value="a"' in html
    assert 'name="voc.metrics-none" value="1"' in html
    assert "Review your answers" in html


def test_the_page_speaks_japanese(member_client, assessment):
    response = member_client.get(page_url(assessment), headers={"accept-language": "ja"})
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "How mature is strategy.vision?（日本語）" in html
    assert "strategy.vision at level 3（日本語）" in html
    assert "Strategy（日本語）" in html


# Autosave (htmx)


def test_autosave_saves_and_says_so(member_client, assessment, participant):
    response = member_client.post(
        answer_url(assessment),
        {"strategy.vision-option": "3", "strategy.vision-comment": "Seen in the plan"},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved at" in html
    assert 'id="progress-summary"' in html and 'hx-swap-oob="true"' in html
    assert "1 of 4 questions answered" in html
    assert saved(participant, "strategy.vision") == (["3"], False, "Seen in the plan")


def test_autosave_takes_plain_field_names(member_client, assessment, participant):
    url = answer_url(assessment, "voc.metrics")
    assert member_client.post(url, {"option": ["a", "c"]}, headers=HTMX).status_code == 200
    assert saved(participant, "voc.metrics") == (["a", "c"], False, "")
    url = answer_url(assessment, "voc.surveys")
    assert member_client.post(url, {"na": "1", "comment": "No surveys"}, headers=HTMX).status_code == 200
    assert saved(participant, "voc.surveys") == ([], True, "No surveys")


def test_autosave_of_the_na_radio(member_client, assessment, participant):
    url = answer_url(assessment, "voc.surveys")
    assert member_client.post(url, {"voc.surveys-option": "n/a"}, headers=HTMX).status_code == 200
    assert saved(participant, "voc.surveys") == ([], True, "")


def test_an_emptied_or_none_checklist_is_an_answer(member_client, assessment, participant):
    url = answer_url(assessment, "voc.metrics")
    member_client.post(url, {"voc.metrics-option": ["a"], "voc.metrics-comment": ""}, headers=HTMX)
    member_client.post(url, {"voc.metrics-comment": ""}, headers=HTMX)  # unticked
    assert saved(participant, "voc.metrics") == ([], False, "")
    response = member_client.post(url, {"voc.metrics-none": "1", "voc.metrics-comment": ""}, headers=HTMX)
    assert response.status_code == 200
    assert "1 of 4 questions answered" in response.content.decode()


@pytest.mark.parametrize(
    ("code", "data", "message"),
    [
        ("strategy.vision", {"option": "a"}, "does not belong to this question"),  # a code of strategy.budget
        ("strategy.vision", {"option": "<script>"}, "does not belong to this question"),
        ("strategy.vision", {"option": ["2", "3"]}, "Choose only one option"),
        ("strategy.vision", {"na": "1"}, "cannot be answered N/A"),
        ("strategy.vision", {"option": "n/a"}, "cannot be answered N/A"),
        ("voc.surveys", {"option": ["n/a", "3"]}, "not both"),
        ("voc.metrics", {"option": "a", "none": "1"}, "not both"),
        ("strategy.vision", {"option": "3", "comment": "x" * (COMMENT_MAX_LENGTH + 1)}, "at most 2000"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    member_client, assessment, participant, bank, code, data, message
):
    answer_save(participant=participant, question=bank.questions.get(code=code), comment="before")
    response = member_client.post(answer_url(assessment, code), data, headers=HTMX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Answer.objects.count() == 1
    assert saved(participant, code) == ([], False, "before")


def test_bad_input_is_explained_in_japanese(member_client, assessment, participant):
    response = member_client.post(
        answer_url(assessment), {"na": "1"}, headers={**HTMX, "accept-language": "ja"}
    )
    assert response.status_code == 422
    with translation.override("ja"):
        assert translation.gettext("This question cannot be answered N/A.") in response.content.decode()
    assert Answer.objects.count() == 0


def test_a_submitted_assessment_cannot_be_answered(member_client, submitted, participant):
    response = member_client.post(answer_url(submitted), {"option": "1"}, headers=HTMX)
    assert response.status_code == 422
    assert "has been submitted" in response.content.decode()
    assert saved(participant, "strategy.vision") == (["4"], False, "")


# The page as a plain form (no JavaScript)


def test_posting_a_page_saves_every_answer_and_goes_on(member_client, assessment, participant):
    response = member_client.post(
        page_url(assessment),
        {
            "strategy.vision-option": "2",
            "strategy.vision-comment": "Line one\r\nline two",
            "strategy.budget-option": "c",
            "strategy.budget-comment": "",
            "go": "next",
        },
    )
    assert response.status_code == 302
    assert response.url == page_url(assessment, "voc")
    assert saved(participant, "strategy.vision") == (["2"], False, "Line one\nline two")
    assert saved(participant, "strategy.budget") == (["c"], False, "")

    response = member_client.post(page_url(assessment, "voc"), {"go": "previous"})
    assert response.url == page_url(assessment, "strategy")
    response = member_client.post(page_url(assessment, "voc"), {"go": "next"})
    assert response.url == review_url(assessment)


def test_posting_a_page_leaves_untouched_questions_unanswered(member_client, assessment, participant):
    member_client.post(page_url(assessment, "voc"), {"voc.surveys-comment": "", "voc.metrics-comment": ""})
    assert Answer.objects.count() == 0
    member_client.post(page_url(assessment, "voc"), {"voc.metrics-none": "1"})
    assert saved(participant, "voc.metrics") == ([], False, "")


def test_posting_a_page_with_a_bad_answer_keeps_it_and_saves_the_others(
    member_client, assessment, participant
):
    response = member_client.post(
        page_url(assessment, "voc"),
        {
            "voc.surveys-option": "4",
            "voc.metrics-option": ["b", "zzz"],
            "voc.metrics-comment": "Tampered",
            "go": "next",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Some answers could not be saved" in html
    assert 'class="question has-error"' in html
    assert "That option does not belong to this question." in html
    assert ">Tampered</textarea>" in html  # what the user wrote is still there
    assert saved(participant, "voc.surveys") == (["4"], False, "")
    assert saved(participant, "voc.metrics") is None


# Review and submission


def test_the_review_lists_missing_required_questions_with_links(member_client, assessment, participant, bank):
    answer_save(
        participant=participant,
        question=bank.questions.get(code="strategy.vision"),
        options=[option(bank, "strategy.vision", "3")],
    )
    answer_save(participant=participant, question=bank.questions.get(code="voc.metrics"))  # empty checklist
    html = member_client.get(review_url(assessment)).content.decode()
    assert "2 required questions still need an answer" in html
    assert f'href="{page_url(assessment, "strategy")}#q-strategy.budget"' in html
    assert f'href="{page_url(assessment, "voc")}#q-voc.surveys"' in html
    assert "#q-strategy.vision" not in html and "#q-voc.metrics" not in html
    assert "1 of 2 answered" in html
    assert "Submit the assessment" not in html


def test_the_review_offers_to_submit_when_complete(member_client, assessment, participant, bank):
    answer_all(participant, bank)
    html = member_client.get(review_url(assessment)).content.decode()
    assert "Every required question is answered" in html
    assert f'action="{reverse("assessment_submit", args=[assessment.public_id])}"' in html


def test_submitting_with_missing_answers_names_them_and_stores_nothing(
    member_client, assessment, participant, bank
):
    answer_save(
        participant=participant,
        question=bank.questions.get(code="strategy.vision"),
        options=[option(bank, "strategy.vision", "3")],
    )
    response = member_client.post(reverse("assessment_submit", args=[assessment.public_id]))
    assert response.url == review_url(assessment)
    [message] = get_messages(response.wsgi_request)
    assert "3 required questions have no answer yet" in str(message)
    assert "“How mature is strategy.budget?”" in str(message)
    assert "strategy.budget," not in str(message)
    assert not Result.objects.exists()
    assert Assessment.objects.get().status == Assessment.Status.IN_PROGRESS


def test_submitting_a_complete_assessment_stores_the_result(
    member_client, member, assessment, participant, bank
):
    answer_all(participant, bank)
    response = member_client.post(reverse("assessment_submit", args=[assessment.public_id]))
    assert response.url == results_url(assessment)
    assert "submitted" in str(list(get_messages(response.wsgi_request))[0])
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_by == member.user
    assert Result.objects.get(assessment=assessment).score is not None

    submitted_at = assessment.submitted_at
    response = member_client.post(reverse("assessment_submit", args=[assessment.public_id]))
    assert response.url == results_url(assessment)
    assert "already been submitted" in str(list(get_messages(response.wsgi_request))[-1])
    assert Result.objects.count() == 1
    assessment.refresh_from_db()
    assert assessment.submitted_at == submitted_at


# Queries: the same whatever the size of the bank and the number of answers


@pytest.fixture(params=["bank", "default_bank"])
def any_bank_assessment(request, member):
    """An assessment of the small or the default bank whose first dimension is fully answered."""
    bank = request.getfixturevalue(request.param)
    assessment = assessment_start(organization=member.organization, bank=bank, by=member.user)
    participant = assessment.participants.get()
    for question in bank.dimensions.first().questions.all():
        answer_save(
            participant=participant, question=question, options=[question.options.last()], comment="c"
        )
    return assessment


def test_the_dimension_page_costs_fixed_queries(
    member_client, any_bank_assessment, django_assert_num_queries, evidence_dir
):
    member_client.get(page_url(any_bank_assessment))  # the process reads the published bank's structure once
    # session, user, participant (with assessment and bank, access checked, whether it has files), every
    # answer of the participant with its options' codes (the page's answers and the progress).
    with django_assert_num_queries(4):
        response = member_client.get(page_url(any_bank_assessment))
    assert response.status_code == 200
    # With a file attached: one more, the files of the page's questions.
    question = any_bank_assessment.bank.questions.get(code="strategy.vision")
    file = upload("plan.pdf", pdf(), "application/pdf")
    evidence_add(participant=any_bank_assessment.participants.get(), question=question, upload=file)
    with django_assert_num_queries(5):
        response = member_client.get(page_url(any_bank_assessment))
    assert "plan.pdf" in response.text


def test_the_review_costs_fixed_queries(member_client, any_bank_assessment, django_assert_num_queries):
    member_client.get(review_url(any_bank_assessment))
    # session, user, participant (with assessment and bank), answers counted by dimension, unanswered
    # questions.
    with django_assert_num_queries(5):
        response = member_client.get(review_url(any_bank_assessment))
    assert response.status_code == 200


def statements(context) -> list[str]:
    """The queries captured, without the savepoints that a test's own transaction adds around atomic blocks
    (outside a test, the autosave's transaction is BEGIN and COMMIT, which Django does not count)."""
    return [
        query["sql"]
        for query in context.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT"))
    ]


@pytest.mark.parametrize(
    ("case", "writes"),
    [
        # A first answer: insert it, insert its option.
        ("first", ["INSERT", "INSERT"]),
        # Another option for an answered level question: upsert the answer, move its option (one UPDATE).
        ("changed", ["INSERT", "UPDATE"]),
        # The same option with a new comment: the answer alone.
        ("same", ["INSERT"]),
        # A comment alone on an answered question: upsert it, delete its option.
        ("comment", ["INSERT", "DELETE"]),
        # One more item of a checklist ticked: insert it.
        ("ticked", ["INSERT", "INSERT"]),
        # One item of a checklist unticked: delete it.
        ("unticked", ["INSERT", "DELETE"]),
    ],
)
def test_autosave_costs_at_most_six_queries(member_client, any_bank_assessment, case, writes):
    member_client.get(page_url(any_bank_assessment))
    bank = any_bank_assessment.bank
    dimensions = list(bank.dimensions.all())
    checklist = case in ("ticked", "unticked")
    if checklist:
        question = bank.questions.filter(type="checklist").first()
    else:
        question = (
            (dimensions[1] if case == "first" else dimensions[0]).questions.filter(type="level").first()
        )
    options = list(question.options.all())
    posted = {f"{question.code}-comment": "note"}
    if case in ("first", "changed"):
        posted[f"{question.code}-option"] = options[0].code
    if case == "same":
        posted[f"{question.code}-option"] = options[-1].code  # as the fixture answered it
    if checklist:  # answered before with two items ticked
        earlier = {f"{question.code}-option": [options[0].code, options[1].code]}
        member_client.post(answer_url(any_bank_assessment, question.code), earlier, headers=HTMX)
        ticked = options[:3] if case == "ticked" else options[:1]
        posted[f"{question.code}-option"] = [option.code for option in ticked]
    with CaptureQueriesContext(connection) as context:
        response = member_client.post(answer_url(any_bank_assessment, question.code), posted, headers=HTMX)
    assert response.status_code == 200
    assert "Saved at" in response.text
    # session, user, the participant with the assessment locked, the figures (read once the lock is held),
    # then the writes.
    sql = statements(context)
    assert len(sql) == 4 + len(writes) <= 6, sql
    assert "FOR UPDATE" in sql[2] or connection.vendor == "sqlite"
    assert [statement.split()[0] for statement in sql[4:]] == writes
    stored = Answer.objects.get(participant__assessment=any_bank_assessment, question=question)
    expected = posted.get(f"{question.code}-option", [])
    expected = [expected] if isinstance(expected, str) else expected
    assert sorted(stored.options.values_list("code", flat=True)) == sorted(expected)
    assert stored.comment == "note"


def test_the_page_counts_answers_as_the_database_does(member_client, assessment, participant, bank):
    """Rule 7 on the dimension page (read into Python) and in ``participant_progress`` (in SQL) agree."""
    question = {q.code: q for q in bank.questions.prefetch_related("options")}
    answer_save(
        participant=participant,
        question=question["strategy.vision"],
        options=[option(bank, "strategy.vision", "3")],
    )
    answer_save(participant=participant, question=question["strategy.budget"], comment="only a comment")
    answer_save(participant=participant, question=question["voc.surveys"], not_applicable=True)
    answer_save(participant=participant, question=question["voc.metrics"])  # "none of these"
    for code in ("strategy", "voc"):
        member_client.get(page_url(assessment, code))  # the first one renders the page's kept parts too
        response = member_client.get(page_url(assessment, code))
        shown = [(step.dimension.code, step.answered, step.total) for step in response.context["progress"]]
        stored = [
            (step.dimension.code, step.answered, step.total) for step in participant_progress(participant)
        ]
        assert shown == stored == [("strategy", 1, 2), ("voc", 2, 2)]
