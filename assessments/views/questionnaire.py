"""The questionnaire: one page per dimension, saved answer by answer (htmx) or page by page (plain form), a
review of what is missing, and the submission."""

import functools
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..access import assessment_for
from ..forms import NOT_APPLICABLE, AnswerForm
from ..models import Answer, Assessment, Participant, Question
from ..services import (
    DimensionProgress,
    MissingAnswers,
    answer_save,
    assessment_submit,
    participant_progress,
    unanswered_required,
)

PAGE = "assessments/questionnaire/dimension.html"
REVIEW = "assessments/questionnaire/review.html"


@dataclass
class QuestionState:
    """What one question's fieldset shows: the saved answer, or what was posted when it could not be saved."""

    question: Question
    number: int = 0
    selected: set[str] = field(default_factory=set)  # option codes, and NOT_APPLICABLE
    none: bool = False  # a checklist answered with nothing ticked
    comment: str = ""
    error: str = ""
    saved_at: datetime | None = None  # set when this request saved the answer

    @classmethod
    def of(cls, question: Question, number: int, answer: Answer | None) -> "QuestionState":
        state = cls(question, number)
        if answer is not None:
            state.selected = {option.code for option in answer.options.all()}
            if answer.not_applicable:
                state.selected.add(NOT_APPLICABLE)
            state.none = question.type == Question.Type.CHECKLIST and not state.selected
            state.comment = answer.comment
        return state

    def show_posted(self, form: AnswerForm, error: str) -> None:
        self.selected = set(form.data.getlist(form.add_prefix("option")))
        if form.data.get(form.add_prefix("na")):
            self.selected.add(NOT_APPLICABLE)
        self.none = bool(form.data.get(form.add_prefix("none")))
        self.comment = form.data.get(form.add_prefix("comment"), "")
        self.error = error


def _open(request, public_id: str) -> tuple[Assessment, Participant]:
    """The member's assessment (404 for anyone else's) and the participant who answers it."""
    assessment = assessment_for(request.user, public_id, Assessment.objects.select_related("bank"))
    participants = assessment.participants.order_by("created_at", "pk")
    if assessment.mode != Assessment.Mode.SELF:
        participants = participants.filter(user=request.user)
    participant = participants.first()
    if participant is None:
        raise Http404
    return assessment, participant


def open_assessment(view):
    """A questionnaire view of the member's assessment, called with it and its participant instead of its
    public id; a submitted one sends the member to its results, anyone else's is 404."""

    @functools.wraps(view)
    def wrapper(request, public_id: str, **kwargs):
        assessment, participant = _open(request, public_id)
        if not assessment.is_open:
            return redirect("results", public_id)
        return view(request, assessment, participant, **kwargs)

    return wrapper


def _totals(progress: list[DimensionProgress]) -> dict[str, int]:
    answered = sum(step.answered for step in progress)
    total = sum(step.total for step in progress)
    return {"answered": answered, "total": total, "percent": answered * 100 // total if total else 0}


def _save(form: AnswerForm, participant: Participant) -> tuple[Answer | None, str]:
    """Save the form's answer; return it, or the message that says why it could not be saved."""
    if not form.is_valid():
        return None, next(iter(form.errors.values()))[0]
    try:
        answer = answer_save(
            participant=participant,
            question=form.question,
            options=form.options(),
            not_applicable=form.cleaned_data["not_applicable"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        return None, error.messages[0]
    return answer, ""


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
        _answer, error = _save(form, participant)
        if error:
            state.show_posted(form, error)
            saved_all = False
    return saved_all


@login_required
@require_GET
@open_assessment
def resume(request, assessment, participant):
    for step in participant_progress(participant):
        if not step.complete:
            return redirect("assessment_dimension", assessment.public_id, step.dimension.code)
    return redirect("assessment_review", assessment.public_id)


@login_required
@require_http_methods(["GET", "POST"])
@open_assessment
def dimension_page(request, assessment, participant, code):
    progress = participant_progress(participant)
    position = next((i for i, step in enumerate(progress) if step.dimension.code == code), None)
    if position is None:
        raise Http404
    dimension = progress[position].dimension
    previous = progress[position - 1].dimension if position > 0 else None
    following = progress[position + 1].dimension if position + 1 < len(progress) else None

    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(participant=participant, question__dimension=dimension)
        .prefetch_related("options")
        .order_by()
    }
    states = [
        QuestionState.of(question, number, answers.get(question.pk))
        for number, question in enumerate(dimension.questions.prefetch_related("options"), start=1)
    ]

    status = 200
    if request.method == "POST":
        if _save_page(request.POST, participant, states, set(answers)):
            if request.POST.get("go") == "previous" and previous is not None:
                return redirect("assessment_dimension", assessment.public_id, previous.code)
            if following is not None:
                return redirect("assessment_dimension", assessment.public_id, following.code)
            return redirect("assessment_review", assessment.public_id)
        progress = participant_progress(participant)  # the other answers of the page were saved
        status = 422

    context = {
        "assessment": assessment,
        "dimension": dimension,
        "position": position + 1,
        "previous": previous,
        "following": following,
        "progress": progress,
        "totals": _totals(progress),
        "states": states,
        "has_errors": any(state.error for state in states),
    }
    return render(request, PAGE, context, status=status)


@login_required
@require_POST
def answer(request, public_id, code):
    """Save one question's answer (htmx autosave): the question's status, and the progress out of band."""
    assessment, participant = _open(request, public_id)
    question = get_object_or_404(
        Question.objects.select_related("dimension").prefetch_related("options"),
        bank_id=assessment.bank_id,
        code=code,
    )
    # The page posts its fields under the question's prefix (radio groups need one name per question).
    prefix = code if any(key.startswith(f"{code}-") for key in request.POST) else None
    saved, error = _save(AnswerForm(request.POST, question=question, prefix=prefix), participant)
    state = QuestionState(question, error=error, saved_at=saved.updated_at if saved else None)
    if error:
        return render(request, f"{PAGE}#status", {"state": state}, status=422)
    progress = participant_progress(participant)
    context = {
        "state": state,
        "assessment": assessment,
        "dimension": question.dimension,
        "progress": progress,
        "totals": _totals(progress),
        "oob": True,
    }
    return render(request, f"{PAGE}#autosaved", context)


@login_required
@require_GET
@open_assessment
def review(request, assessment, participant):
    progress = participant_progress(participant)
    context = {
        "assessment": assessment,
        "progress": progress,
        "totals": _totals(progress),
        "missing": list(unanswered_required(participant)),
        "on_review": True,
    }
    return render(request, REVIEW, context)


def _quoted_list(texts: list[str]) -> str:
    quoted = [pgettext("a question quoted in a sentence", "“%(text)s”") % {"text": text} for text in texts]
    return pgettext("separator between the items of a list", ", ").join(quoted)


@login_required
@require_POST
def submit(request, public_id):
    assessment, _participant = _open(request, public_id)
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
