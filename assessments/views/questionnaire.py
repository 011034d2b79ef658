"""The questionnaire: one page per dimension, saved answer by answer (htmx) or page by page (plain form), a
review of what is missing, and the submission.

The pages serve whoever answers: a member (logged in, the assessment by its public id, below) or a workshop
participant (by their session, ``participants.py``). Each door resolves a ``Respondent`` and calls the same
functions, which render the same templates with the door's ``QuestionnaireUrls``.
"""

import functools
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..access import assessment_for
from ..forms import NOT_APPLICABLE, AnswerForm
from ..models import Answer, Assessment, Dimension, Evidence, Participant, Question, Revote
from ..services import (
    DimensionProgress,
    MissingAnswers,
    answer_save,
    assessment_submit,
    participant_progress,
    unanswered_required,
)
from . import evidence

PAGE = "assessments/questionnaire/dimension.html"
REVIEW = "assessments/questionnaire/review.html"


@dataclass
class QuestionState:
    """What one question's fieldset shows: the saved answer, or what was posted when it could not be saved."""

    question: Question | None  # None for a refusal that concerns no question of the page
    number: int = 0
    selected: set[str] = field(default_factory=set)  # option codes, and NOT_APPLICABLE
    none: bool = False  # a checklist answered with nothing ticked
    comment: str = ""
    error: str = ""
    saved_at: datetime | None = None  # set when this request saved the answer
    round: int | None = None  # in a workshop, the question's round that counts (2 and more: re-voted)
    evidence: list[Evidence] = field(default_factory=list)  # the files attached to the answer

    @classmethod
    def of(
        cls, question: Question, number: int, answer: Answer | None, round: int | None = None
    ) -> "QuestionState":
        state = cls(question, number, round=round)
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


@dataclass(frozen=True)
class QuestionnaireUrls:
    """Where one kind of questionnaire's pages are: URL names that each take ``key`` first (a member's
    assessment's public id, a workshop's join code), then a dimension's or question's code. The templates link
    with ``{% url urls.dimension urls.key code %}``."""

    key: str
    dimension: str = "assessment_dimension"
    answer: str = "assessment_answer"
    review: str = "assessment_review"
    review_label: str | Promise = gettext_lazy("Review and submit")  # the last step in the progress
    # Evidence files: attaching one (key, question code) and deleting one (key, the file's public id); a
    # questionnaire without them takes no files.
    evidence: str = ""
    evidence_delete: str = ""


@dataclass(frozen=True)
class Respondent:
    """Someone answering a questionnaire: the assessment, their participant, and where their pages are; in a
    workshop, its id, whose re-votes give questions a round."""

    assessment: Assessment
    participant: Participant
    urls: QuestionnaireUrls
    workshop_id: int | None = None

    @cached_property
    def rounds(self) -> dict[int, int]:
        """The re-voted questions' rounds that count now, by question id (none outside a workshop): a query
        in a workshop, the first time."""
        if self.workshop_id is None:
            return {}
        revotes = Revote.objects.filter(workshop_id=self.workshop_id).values("question_id")
        return dict(revotes.annotate(latest=Max("number")).values_list("question_id", "latest"))

    def round_of(self, question: Question) -> int | None:
        """The round of the question that the page shows and posts back: None outside a workshop."""
        return None if self.workshop_id is None else self.rounds.get(question.pk, 1)

    def dimension_url(self, code: str) -> str:
        return reverse(self.urls.dimension, args=[self.urls.key, code])

    def review_url(self) -> str:
        return reverse(self.urls.review, args=[self.urls.key])


def _open(request, public_id: str) -> Respondent:
    """The member's assessment (404 for anyone else's) and the participant who answers it."""
    assessment = assessment_for(request.user, public_id, Assessment.objects.select_related("bank"))
    participants = assessment.participants.order_by("created_at", "pk")
    if assessment.mode != Assessment.Mode.SELF:
        participants = participants.filter(user=request.user)
    participant = participants.first()
    if participant is None:
        raise Http404
    urls = QuestionnaireUrls(
        public_id, evidence="assessment_evidence", evidence_delete="assessment_evidence_delete"
    )
    return Respondent(assessment, participant, urls)


def open_assessment(view):
    """A questionnaire view of the member's assessment, called with the member as a ``Respondent`` instead of
    the public id; a submitted one sends the member to its results, anyone else's is 404."""

    @functools.wraps(view)
    def wrapper(request, public_id: str, **kwargs):
        respondent = _open(request, public_id)
        if not respondent.assessment.is_open:
            if request.method == "POST":  # a page left open in another tab, posted after the submission
                message = _("This assessment has been submitted; its answers can no longer change.")
                messages.info(request, message)
            return redirect("results", public_id)
        return view(request, respondent, **kwargs)

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
            round=form.cleaned_data["round"],
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


def _answers_by_question(answers) -> dict[int, Answer]:
    return {answer.question_id: answer for answer in answers.prefetch_related("options").order_by()}


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
    progress = participant_progress(participant)
    position = next((i for i, step in enumerate(progress) if step.dimension.code == code), None)
    if position is None:
        raise Http404
    dimension = progress[position].dimension
    previous = progress[position - 1].dimension if position > 0 else None
    following = progress[position + 1].dimension if position + 1 < len(progress) else None

    answers = _answers_by_question(
        Answer.objects.filter(participant=participant, question__dimension=dimension)
    )
    questions = list(dimension.questions.prefetch_related("options"))
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

    if respondent.urls.evidence:
        files = evidence.attached(participant, questions)
        for state in states:
            state.evidence = files.get(state.question.pk, [])
    context = {
        "assessment": respondent.assessment,
        **page_context(respondent.urls, progress, position, states),
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
        "totals": _totals(progress),
        "states": states,
    }


def questions_of(assessment: Assessment):
    """The assessment's questions, ready for an autosave (with their dimension and options)."""
    return (
        Question.objects.select_related("dimension")
        .prefetch_related("options")
        .filter(bank_id=assessment.bank_id)
    )


def refused(request, message: str):
    """An autosave that saved nothing, with the reason where the "saved" state would be."""
    return render(request, f"{PAGE}#status", {"state": QuestionState(None, error=message)}, status=422)


def autosave(request, respondent: Respondent, question: Question):
    """Save one question's answer (htmx autosave): the question's status, and the progress out of band."""
    # The page posts its fields under the question's prefix (radio groups need one name per question).
    code = question.code
    prefix = code if any(key.startswith(f"{code}-") for key in request.POST) else None
    participant = respondent.participant
    saved, error = _save(AnswerForm(request.POST, question=question, prefix=prefix), participant)
    if error:
        return refused(request, error)
    progress = participant_progress(participant)
    context = {
        "state": QuestionState(question, saved_at=saved.updated_at),
        "assessment": respondent.assessment,
        "urls": respondent.urls,
        "dimension": question.dimension,
        "progress": progress,
        "totals": _totals(progress),
        "oob": True,
    }
    return render(request, f"{PAGE}#autosaved", context)


def review_context(respondent: Respondent) -> dict:
    """The review's progress by dimension and the required questions still unanswered."""
    progress = participant_progress(respondent.participant)
    return {
        "assessment": respondent.assessment,
        "urls": respondent.urls,
        "progress": progress,
        "totals": _totals(progress),
        "missing": list(unanswered_required(respondent.participant)),
        "on_review": True,
    }


def answer_sheet(participant: Participant) -> list[tuple[Dimension, list[QuestionState]]]:
    """Every question of the participant's bank with their answer, by dimension: three queries and the
    options'."""
    answers = _answers_by_question(Answer.objects.filter(participant=participant))
    questions = (
        Question.objects.filter(bank_id=participant.assessment.bank_id)
        .select_related("dimension")
        .prefetch_related("options")
        .in_bank_order()
    )
    sheet: list[tuple[Dimension, list[QuestionState]]] = []
    for question in questions:
        if not sheet or sheet[-1][0].pk != question.dimension_id:
            sheet.append((question.dimension, []))
        states = sheet[-1][1]
        states.append(QuestionState.of(question, len(states) + 1, answers.get(question.pk)))
    return sheet


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
def answer(request, public_id, code):
    respondent = _open(request, public_id)
    return autosave(request, respondent, get_object_or_404(questions_of(respondent.assessment), code=code))


@login_required
@require_POST
def evidence_upload(request, public_id, code):
    respondent = _open(request, public_id)
    return evidence.upload(
        request, respondent, get_object_or_404(questions_of(respondent.assessment), code=code)
    )


@login_required
@require_POST
def evidence_delete(request, public_id, evidence_id):
    return evidence.delete(request, _open(request, public_id), evidence_id)


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
    assessment = _open(request, public_id).assessment
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
