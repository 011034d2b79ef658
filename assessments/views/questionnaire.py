"""The questionnaire's pages: one per dimension, saved answer by answer (``autosave.py``) or page by page
(plain form), a review of what is missing, and the submission.

The pages serve whoever answers: a member (logged in, the assessment by its public id) or a workshop
participant (by their session, ``participants.py``). Each door resolves a ``Respondent`` (``respondents.py``)
and calls the same functions, which render the same templates with the door's ``QuestionnaireUrls``.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..banks.structure import structure_of
from ..forms import NOT_APPLICABLE, AnswerForm
from ..models import Answer, Dimension, Participant, Question
from ..services import (
    DimensionProgress,
    MissingAnswers,
    assessment_submit,
    participant_progress,
    unanswered_required,
)
from ..services.assessments import progress_of
from . import evidence, fragments
from .autosave import save_form
from .respondents import (
    ANSWERS,
    PAGE,
    REVIEW,
    QuestionnaireUrls,
    QuestionState,
    Respondent,
    counts_for,
    open_assessment,
    open_member,
    question_for,
    read_saved,
    saved_answers,
    totals_of,
)


def _unchanged(form: AnswerForm, state: QuestionState, answered: bool) -> bool:
    """Whether a valid form says what is already saved (or says nothing about an unanswered question)."""
    if not answered:
        return form.is_empty()
    data = form.cleaned_data
    posted = set(data["codes"]) | ({NOT_APPLICABLE} if data["not_applicable"] else set())
    return posted == state.selected and data["comment"] == state.comment


def _save_page(data, participant: Participant, states: list[QuestionState], answered: set[int]) -> bool:
    """Save every question of a page posted without JavaScript; mark the ones that could not be saved."""
    saved_all = True
    for state in states:
        form = AnswerForm(data, question=state.question, prefix=state.question.code)
        if form.is_valid() and _unchanged(form, state, state.question.pk in answered):
            continue
        _answer, error = save_form(form, participant)
        if error:
            state.show_posted(form, error)
            saved_all = False
    return saved_all


# What every door shows: the page to continue on, a dimension's page, an autosave, the review.


def where_they_were(respondent: Respondent) -> str:
    """The first dimension page with a question left, or the review once every question is answered."""
    for step in participant_progress(respondent.participant):
        if not step.complete:
            return respondent.dimension_url(step.dimension.code)
    return respondent.review_url()


def show_dimension(request, respondent: Respondent, code: str, *, template: str = PAGE, extra=None):
    """A dimension's page, and the page posted without JavaScript: save it and go on, or say what failed."""
    participant = respondent.participant
    structure = structure_of(respondent.assessment.bank)
    dimension = structure.dimension_by_code.get(code)
    if dimension is None:
        raise Http404
    # Every answer of the participant, in one query: the page's own, and the progress (rule 7) of them all.
    answers = read_saved(ANSWERS.run(participant=participant.pk))
    counted = (
        question.pk
        for question in structure.by_code.values()
        if question.pk in answers and counts_for(question, answers[question.pk])
    )
    progress = progress_of(structure, counted)
    position = next(i for i, step in enumerate(progress) if step.dimension.pk == dimension.pk)
    previous = progress[position - 1].dimension if position > 0 else None
    following = progress[position + 1].dimension if position + 1 < len(progress) else None
    questions = structure.questions[dimension.pk]
    states = [
        QuestionState.of(question, number, answers.get(question.pk), respondent.round_of(question))
        for number, question in enumerate(questions, start=1)
    ]

    status = 200
    if request.method == "POST":
        saved_all = _save_page(request.POST, participant, states, set(answers))
        anchor = evidence.page_action(request, respondent, questions) if respondent.urls.evidence else None
        if saved_all and anchor:
            return redirect(respondent.dimension_url(dimension.code) + anchor)
        if saved_all:
            if request.POST.get("go") == "previous" and previous is not None:
                return redirect(respondent.dimension_url(previous.code))
            if following is not None:
                return redirect(respondent.dimension_url(following.code))
            return redirect(respondent.review_url())
        progress = participant_progress(participant)  # the other answers of the page were saved
        status = 422

    if respondent.urls.evidence and getattr(participant, "has_evidence", True):  # no query without files
        files = evidence.in_dimension(participant, dimension)
        for state in states:
            state.evidence = files.get(state.question.pk, [])
    fragments.fill(request, structure, states, respondent.urls, rounds=respondent.workshop_id is not None)
    context = {
        "assessment": respondent.assessment,
        **page_context(respondent.urls, progress, position, states),
        "steps_html": fragments.steps(request, structure, progress, position, respondent.urls),
        "has_errors": any(state.error for state in states),
        "evidence_limit": settings.CXM_EVIDENCE_MAX_BYTES,
        **(extra or {}),
    }
    return render(request, template, context, status=status)


def page_context(
    urls: QuestionnaireUrls, progress: list[DimensionProgress], position: int, states: list[QuestionState]
) -> dict:
    """What a dimension's page shows of the questionnaire: its place among the dimensions and its questions.
    The bank editor's preview shows the same page with it."""
    return {
        "urls": urls,
        "dimension": progress[position].dimension,
        "position": position + 1,
        "previous": progress[position - 1].dimension if position > 0 else None,
        "following": progress[position + 1].dimension if position + 1 < len(progress) else None,
        "progress": progress,
        "totals": totals_of(progress),
        "states": states,
    }


def review_context(respondent: Respondent) -> dict:
    """The review's progress by dimension and the required questions still unanswered."""
    progress = participant_progress(respondent.participant)
    return {
        "assessment": respondent.assessment,
        "urls": respondent.urls,
        "progress": progress,
        "totals": totals_of(progress),
        "missing": list(unanswered_required(respondent.participant)),
        "on_review": True,
    }


def answer_sheet(participant: Participant) -> list[tuple[Dimension, list[QuestionState]]]:
    """Every question of the participant's bank with their answer, by dimension: one query (the bank's
    structure aside)."""
    answers = saved_answers(Answer.objects.filter(participant=participant))
    structure = structure_of(participant.assessment.bank)
    return [
        (
            dimension,
            [
                QuestionState.of(question, number, answers.get(question.pk))
                for number, question in enumerate(structure.questions[dimension.pk], start=1)
            ],
        )
        for dimension in structure.dimensions
    ]


# The member's door: logged in, the assessment by its public id.


@login_required
@require_GET
@open_assessment
def resume(request, respondent):
    return redirect(where_they_were(respondent))


@login_required
@require_http_methods(["GET", "POST"])
@open_assessment
def dimension_page(request, respondent, code):
    return show_dimension(request, respondent, code)


@login_required
@require_POST
def evidence_upload(request, public_id, code):
    respondent = open_member(request, public_id)
    return evidence.upload(request, respondent, question_for(respondent, code))


@login_required
@require_POST
def evidence_delete(request, public_id, evidence_id):
    return evidence.delete(request, open_member(request, public_id), evidence_id)


@login_required
@require_GET
@open_assessment
def review(request, respondent):
    return render(request, REVIEW, review_context(respondent))


def _quoted_list(texts: list[str]) -> str:
    quoted = [pgettext("a question quoted in a sentence", "“%(text)s”") % {"text": text} for text in texts]
    return pgettext("separator between the items of a list", ", ").join(quoted)


@login_required
@require_POST
def submit(request, public_id):
    assessment = open_member(request, public_id).assessment
    try:
        assessment_submit(assessment=assessment, by=request.user)
    except MissingAnswers as missing:
        questions = {
            question.code: question
            for question in Question.objects.filter(bank_id=assessment.bank_id, code__in=missing.missing)
        }
        texts = [questions[code].text for code in missing.missing]
        messages.error(
            request,
            ngettext(
                "%(count)d required question has no answer yet: %(questions)s",
                "%(count)d required questions have no answer yet: %(questions)s",
                len(missing.missing),
            )
            % {"count": len(missing.missing), "questions": _quoted_list(texts)},
        )
        return redirect("assessment_review", public_id)
    except ValidationError as error:  # submitted already
        messages.info(request, error.messages[0])
        return redirect("results", public_id)
    messages.success(request, _("Your assessment has been submitted. Here are your results."))
    return redirect("results", public_id)
