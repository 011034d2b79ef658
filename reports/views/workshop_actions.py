"""What the facilitator does on the facilitator's page: agree a question's score (or clear it), show one
question on the projector (or none), ask the room to answer a question again, and close the workshop.

Each action is a POST of the workshop's consultancy that calls one service. With htmx the page changes in
place: an agreed score re-renders its question, a reveal the questions block; a refusal says why beside the
form. Without JavaScript each action redirects back to the page with a message. Bad input changes nothing."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from assessments.access import workshop_for
from assessments.models import AgreedScore, Participant, Question
from assessments.models.banks import CODE_RE
from assessments.services import (
    agreed_score_clear,
    agreed_score_set,
    revote_start,
    workshop_close,
    workshop_reveal,
)

from ..workshops import workshop_question
from .workshops import AGREE_FORM, FACILITATOR, order_of, render_questions

CLOSE = "reports/workshops/close.html"


def _question(workshop, code: str) -> Question:
    """A question of the workshop's bank by its code; a code of any other bank is refused."""
    question = None
    if re.fullmatch(CODE_RE, code):  # a NUL byte, which PostgreSQL refuses in a query, is no code
        question = Question.objects.filter(bank_id=workshop.assessment.bank_id, code=code).first()
    if question is None:
        raise ValidationError(_("This question is not part of this workshop."), code="foreign_question")
    return question


def _page(workshop, order: str, question: Question | None = None) -> str:
    url = reverse("workshop_detail", args=[workshop.assessment.public_id]) + f"?order={order}"
    return f"{url}#question-{question.code}" if question else url


def _refused(request, workshop, order: str, error: ValidationError, question: Question | None = None):
    """Bad input: beside the question's agree form with htmx (the facilitator's typing stays as it is), on the
    page reloaded otherwise."""
    message = " ".join(error.messages)
    if not request.htmx:
        messages.error(request, message)
        return redirect(_page(workshop, order, question))
    if question is None:
        messages.error(request, message)
        return HttpResponseClientRedirect(_page(workshop, order))
    response = HttpResponse(escape(message), status=422)
    return reswap(retarget(response, f"#agree-error-{question.pk}"), "innerHTML")


def _change_agreement(request, public_id: str, code: str, change):
    """Set or clear a question's agreed score (``change(workshop, question)`` returns what to say), then show
    its question again: re-rendered in place with htmx, or the page with a message."""
    workshop = workshop_for(request.user, public_id)
    order = order_of(request.POST)
    question = None
    try:
        question = _question(workshop, code)
        message = change(workshop, question)
    except ValidationError as error:
        return _refused(request, workshop, order, error, question)
    if not request.htmx:
        messages.success(request, message)
        return redirect(_page(workshop, order, question))
    context = {
        "workshop": workshop,
        "row": workshop_question(workshop, question.pk),
        "order": order,
        "saved": message,
        **AGREE_FORM,
    }
    return render(request, f"{FACILITATOR}#question", context)


@login_required
@require_POST
def agree(request, public_id: str, code: str):
    """Record the score the room agreed for a question, with its rationale; it replaces the mean (rule 8)."""

    def set_score(workshop, question) -> str:
        agreed = agreed_score_set(
            workshop=workshop,
            question=question,
            score=request.POST.get("score", ""),
            rationale=request.POST.get("rationale", ""),
            by=request.user,
        )
        return _("Agreed score %(score)s saved.") % {"score": format(agreed.score.normalize(), "f")}

    return _change_agreement(request, public_id, code, set_score)


@login_required
@require_POST
def agree_clear(request, public_id: str, code: str):
    """Drop a question's agreed score: the participants' mean counts again."""

    def clear(workshop, question) -> str:
        agreed_score_clear(workshop=workshop, question=question)
        return _("Agreed score cleared: the participants' mean counts again.")

    return _change_agreement(request, public_id, code, clear)


@login_required
@require_POST
def reveal(request, public_id: str):
    """Show one question's distribution on the presenter page (``question``: its code), or none (empty)."""
    workshop = workshop_for(request.user, public_id)
    order = order_of(request.POST)
    code = request.POST.get("question", "")
    question = None
    try:
        question = _question(workshop, code) if code else None
        workshop_reveal(workshop=workshop, question=question)
    except ValidationError as error:
        return _refused(request, workshop, order, error)
    if request.htmx:
        return render_questions(request, workshop, order)
    if question is None:
        messages.success(request, _("The projector shows no question's answers."))
    else:
        messages.success(request, _("The projector shows this question's answers."))
    return redirect(_page(workshop, order, question))


@login_required
@require_POST
def revote(request, public_id: str, code: str):
    """Ask everyone to answer a question again: a new round counts, the earlier one stays in the record."""
    workshop = workshop_for(request.user, public_id)
    order = order_of(request.POST)
    question = None
    try:
        question = _question(workshop, code)
        started = revote_start(workshop=workshop, question=question, by=request.user)
    except ValidationError as error:
        return _refused(request, workshop, order, error)
    if request.htmx:
        return render_questions(request, workshop, order)
    messages.success(
        request,
        _("Round %(round)d of this question has begun: participants answer it again.")
        % {"round": started.number},
    )
    return redirect(_page(workshop, order, question))


@login_required
@require_http_methods(["GET", "POST"])
def close(request, public_id: str):
    """Close the workshop after a confirmation: answers stop, the result is computed by rule 8 and stored."""
    workshop = workshop_for(request.user, public_id)
    results = reverse("results", args=[public_id])
    already_closed = _("This workshop is already closed; here is its result.")
    if not workshop.assessment.is_open:
        messages.info(request, already_closed)
        return redirect(results)
    if request.method == "GET":
        context = {
            "workshop": workshop,
            "assessment": workshop.assessment,
            "client": workshop.assessment.organization,
            "participants": Participant.objects.filter(assessment_id=workshop.assessment_id).count(),
            "questions": Question.objects.filter(bank_id=workshop.assessment.bank_id).count(),
            "agreed": AgreedScore.objects.filter(workshop_id=workshop.pk).count(),
        }
        return render(request, CLOSE, context)
    try:
        workshop_close(workshop=workshop, by=request.user)
    except ValidationError:  # the only refusal: closed meanwhile, by another request
        messages.info(request, already_closed)
    else:
        messages.success(
            request, _("The workshop is closed: it no longer takes answers, and its result is stored.")
        )
    return redirect(results)
