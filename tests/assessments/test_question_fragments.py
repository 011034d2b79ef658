"""A question's kept markup (assessments/views/fragments.py), filled for a state, is byte for byte what the
question's partial renders for that state: in both languages, for members and for workshop participants."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st

from assessments.banks import import_bank
from assessments.banks.structure import structure_of
from assessments.forms import NOT_APPLICABLE
from assessments.models import Evidence, Question
from assessments.services import DimensionProgress
from assessments.views import fragments
from assessments.views.respondents import QuestionnaireUrls, QuestionState
from tests.documents import bank_document

pytestmark = pytest.mark.django_db

MEMBER = QuestionnaireUrls(
    "abcdefghijklmnopqrstuvwxyz", evidence="assessment_evidence", evidence_delete="assessment_evidence_delete"
)
PARTICIPANT = QuestionnaireUrls(
    "234567abcdefghijklmnopqrst",
    dimension="workshop_dimension",
    answer="workshop_answer",
    review="workshop_answers",
)


def rendered(state: QuestionState, urls: QuestionnaireUrls, part: str = "question") -> str:
    """What the partial renders for the state, without the kept markup."""
    request = RequestFactory().get("/")
    context = {"state": state, "urls": urls, "evidence_limit": settings.CXM_EVIDENCE_MAX_BYTES}
    return get_template(f"{fragments.PAGE}#{part}").render(context, request)


def filled(structure, state: QuestionState, urls: QuestionnaireUrls, rounds: bool) -> str:
    fragments.fill(RequestFactory().get("/"), structure, [state], urls, rounds=rounds)
    return state.html


COMMENTS = ["", "plain", "<b>\"quoted\" & 'single'</b>", "改行\nあり", "{{ x }} {% y %}"]


def states(question: Question):
    """Any state the page may show of the question: options chosen (or N/A), nothing ticked, a comment
    with characters that need escaping, an error or a saved time, a workshop round."""
    codes = [option.code for option in question.options.all()] + [NOT_APPLICABLE, "not-an-option"]
    return st.builds(
        dict,
        selected=st.sets(st.sampled_from(codes), max_size=3),
        none=st.booleans(),
        comment=st.sampled_from(
            ["", "plain", "<b>\"quoted\" & 'single'</b>", "改行\nあり", "{{ x }} {% y %}"]
        ),
        error=st.sampled_from(["", "That option does not belong to this question.", "<i>x</i>"]),
        saved_at=st.sampled_from([None, datetime(2026, 11, 30, 9, 5, tzinfo=UTC)]),
        round=st.sampled_from([1, 2, 7]),
        files=st.booleans(),
    )


@pytest.fixture(params=["bank", "default_bank"])
def frozen_bank(request):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_kept_markup_filled_is_what_the_partial_renders(frozen_bank, language):
    structure = structure_of(frozen_bank)
    questions = list(structure.by_code.values())

    @examples(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.data())
    def check(data):
        question = data.draw(st.sampled_from(questions))
        drawn = data.draw(states(question))
        for urls, rounds in [(MEMBER, False), (PARTICIPANT, True)]:
            state = QuestionState(question, number=3, round=drawn["round"] if rounds else None)
            state.selected, state.none, state.comment = drawn["selected"], drawn["none"], drawn["comment"]
            state.error, state.saved_at = drawn["error"], drawn["saved_at"]
            if rounds is False and drawn["files"]:
                state.evidence = [
                    Evidence(public_id=f"{'f' * 25}{n + 1}", name=f"<plan {n}>.pdf", size=1000 * n)
                    for n in range(1, 3)
                ]
            with translation.override(language):
                assert filled(structure, state, urls, rounds) == rendered(state, urls)
                if urls.evidence:
                    assert state.evidence_html == rendered(state, urls, "evidence")

    check()


def test_the_markup_is_kept_per_question_language_and_door(default_bank):
    structure = structure_of(default_bank)
    question = structure.by_code["strategy.vision"]
    for language in ("en", "ja"):
        with translation.override(language):
            filled(structure, QuestionState(question, 1), MEMBER, rounds=False)
            filled(structure, QuestionState(question, 1), MEMBER, rounds=False)
    filled(structure, QuestionState(question, 1, round=1), PARTICIPANT, rounds=True)
    assert sorted(structure.fragments) == [
        ("evidence", question.pk, "en", "assessment_evidence"),
        ("evidence", question.pk, "ja", "assessment_evidence"),
        ("question", question.pk, "en", "assessment_answer", False),
        ("question", question.pk, "en", "workshop_answer", True),
        ("question", question.pk, "ja", "assessment_answer", False),
    ]
    with translation.override("ja"):
        japanese = filled(structure, QuestionState(question, 1), MEMBER, rounds=False)
    assert question.text_ja in japanese and question.text_en not in japanese
    assert f"/{MEMBER.key}/" in japanese and fragments.STAND_IN_KEY not in japanese


def test_a_draft_is_rendered_by_the_template_each_time():
    document = bank_document()
    document["status"] = "draft"
    draft = import_bank(document)
    structure = structure_of(draft)
    question = next(iter(structure.by_code.values()))
    assert filled(structure, QuestionState(question, 1), MEMBER, rounds=False) == ""
    assert structure.fragments == {}
    assert structure_of(draft) is not structure  # read afresh: its editors change it


@pytest.mark.parametrize("language", ["en", "ja"])
def test_kept_steps_filled_are_what_the_sidebar_renders(default_bank, language):
    structure = structure_of(default_bank)
    request = RequestFactory().get("/")
    sidebar = get_template(f"{fragments.PROGRESS}#sidebar")

    @examples(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.data())
    def check(data):
        progress = []
        for number, dimension in enumerate(structure.dimensions, start=1):
            total = len(structure.questions[dimension.pk])
            answered = data.draw(st.integers(min_value=0, max_value=total))
            progress.append(DimensionProgress(dimension, answered, total, number))
        position = data.draw(st.integers(min_value=0, max_value=len(progress) - 1))
        for urls in (MEMBER, PARTICIPANT):
            context = {"progress": progress, "dimension": progress[position].dimension, "urls": urls}
            with translation.override(language):
                kept = fragments.steps(request, structure, progress, position, urls)
                assert kept == sidebar.render(context, request)

    check()
