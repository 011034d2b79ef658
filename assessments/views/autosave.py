"""Saving one answer as it is given (htmx autosave), for members and for workshop participants, and the
member's autosave in at most six queries: one locked query finds the participant and reads what the response
needs, then only what changed is written."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.expressions import RawSQL
from django.shortcuts import render
from django.views.decorators.http import require_POST

from cxmaturity.prepared import PreparedQuery

from ..banks.structure import structure_of
from ..forms import AnswerForm
from ..models import Answer, Assessment, Participant, Question
from ..models.assessments import counts
from ..services import DimensionProgress, answer_save, participant_progress
from ..services.assessments import answer_check, answer_write, submitted_message
from .respondents import (
    PAGE,
    SOMEONE,
    QuestionState,
    Respondent,
    count_of,
    member_participants,
    member_respondent,
    question_for,
    totals_of,
)


def save_form(form: AnswerForm, participant: Participant) -> tuple[Answer | None, str]:
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


def refused(request, message: str):
    """An autosave that saved nothing, with the reason where the "saved" state would be."""
    return render(request, f"{PAGE}#status", {"state": QuestionState(None, error=message)}, status=422)


def answer_form(request, question: Question) -> AnswerForm:
    # The page posts its fields under the question's prefix (radio groups need one name per question).
    code = question.code
    prefix = code if any(key.startswith(f"{code}-") for key in request.POST) else None
    return AnswerForm(request.POST, question=question, prefix=prefix)


def autosaved(request, respondent: Respondent, question: Question, saved: Answer, step, totals: dict):
    """An autosave's answer: the question's status, and out of band the progress summary and the step of
    the question's dimension (the only one an answer changes)."""
    context = {
        "state": QuestionState(question, saved_at=saved.updated_at),
        "assessment": respondent.assessment,
        "urls": respondent.urls,
        "dimension": question.dimension,
        "step": step,
        "totals": totals,
        "oob": True,
    }
    return render(request, f"{PAGE}#autosaved", context)


def autosave(request, respondent: Respondent, question: Question):
    """Save one question's answer (htmx autosave): the question's status, and the progress out of band."""
    saved, error = save_form(answer_form(request, question), respondent.participant)
    if error:
        return refused(request, error)
    progress = participant_progress(respondent.participant)
    step = next(step for step in progress if step.dimension.pk == question.dimension_id)
    return autosaved(request, respondent, question, saved, step, totals_of(progress))


def _progress_sql() -> dict[str, str]:
    """The SQL of ``_answering``'s four figures, correlated with the participant's row: the ORM builds the
    same subqueries in several times the time the database takes to run them, on every autosave."""
    answer, question = Answer._meta.db_table, Question._meta.db_table
    chosen = Answer.options.through._meta.db_table
    participant = Participant._meta.db_table
    # Rule 7, as ``counted_answer()``: N/A, an option chosen, or a checklist answer.
    counts = (
        f"({answer}.not_applicable OR {question}.type = %s"
        f" OR EXISTS (SELECT 1 FROM {chosen} WHERE {chosen}.answer_id = {answer}.id))"
    )
    joined = f"FROM {answer} INNER JOIN {question} ON {question}.id = {answer}.question_id"
    own = f"WHERE {answer}.participant_id = {participant}.id"
    answers = f"{joined} {own}"
    with_options = f"{joined} INNER JOIN {chosen} ON {chosen}.answer_id = {answer}.id {own}"
    same_dimension = (
        f"{question}.dimension_id = (SELECT other.dimension_id FROM {question} other"
        f" WHERE other.bank_id = {question}.bank_id AND other.code = %s)"
    )
    return {
        "had_answer": f"EXISTS (SELECT 1 {answers} AND {question}.code = %s)",
        # The earlier answer's option (the lowest id), enough to know all of them for a level or choice.
        "had_option": f"(SELECT MIN({chosen}.option_id) {with_options} AND {question}.code = %s)",
        "had_counted": f"EXISTS (SELECT 1 {answers} AND {question}.code = %s AND {counts})",
        "answered": f"(SELECT COUNT(*) {answers} AND {counts})",
        "dimension_answered": f"(SELECT COUNT(*) {answers} AND {same_dimension} AND {counts})",
    }


def progress_figures(code: str) -> dict[str, RawSQL]:
    """``_progress_sql``'s figures for the question ``code``, to annotate a query of participants with."""
    sql, checklist = _progress_sql(), Question.Type.CHECKLIST.value
    params = {
        "had_answer": [code],
        "had_option": [code],
        "had_counted": [code, checklist],
        "answered": [checklist],
        "dimension_answered": [code, checklist],
    }
    return {name: RawSQL(sql[name], params[name]) for name in sql}


def _answering_query(user, public_id: str, code: str):
    return (
        member_participants(user, public_id)
        .select_for_update(of=("assessment",))
        .annotate(**progress_figures(code))
    )


_ANSWERING = PreparedQuery(_answering_query, **SOMEONE, code="~question-code~")


def _answering(user, public_id: str, code: str) -> Participant | None:
    """The participant answering the member's assessment, as ``_participants``, with its assessment's row
    locked until the transaction ends (an answer and a submission take turns) and what the autosave of the
    question ``code`` needs to tell the progress afterwards: whether an answer to it existed and counted
    (rule 7), and how many questions of its dimension and of the bank have an answer that counts. One query.
    """
    return next(iter(_ANSWERING.run(user=user, public_id=public_id, code=code)), None)


def _previous_options(participant: Participant, question: Question) -> frozenset[int] | None:
    """The options of the earlier answer, as ``_answering`` read them: all of them for a level or choice
    question (at most one), unknown (None) for a checklist's."""
    if not participant.had_answer:
        return frozenset()
    if question.type == Question.Type.CHECKLIST:
        return None
    return frozenset() if participant.had_option is None else frozenset({participant.had_option})


def save_locked(request, respondent: Respondent, question: Question, refusal: Callable[[AnswerForm], str]):
    """Save the posted answer of a participant read by a query that locked its assessment's row in the
    current transaction and annotated it with ``progress_figures``: ``refusal`` says why the door takes no
    answer now (or ""); the result is the answer and what the response shows of the progress, or the message
    that says why nothing was saved. Only what changed is written (``answer_write``)."""
    form = answer_form(request, question)
    if not form.is_valid():
        return next(iter(form.errors.values()))[0]
    data = form.cleaned_data
    try:
        if error := refusal(form):
            return error
        chosen = answer_check(
            assessment=respondent.assessment,
            question=question,
            options=form.options(),
            not_applicable=data["not_applicable"],
            comment=data["comment"],
        )
    except ValidationError as error:
        return error.messages[0]
    participant, structure = respondent.participant, structure_of(respondent.assessment.bank)
    saved = answer_write(
        participant=participant,
        question=question,
        chosen=chosen,
        not_applicable=data["not_applicable"],
        comment=data["comment"],
        previous=_previous_options(participant, question),
    )
    change = int(counts(question.type, saved.not_applicable, len(chosen))) - int(participant.had_counted)
    dimension = question.dimension
    step = DimensionProgress(
        dimension,
        participant.dimension_answered + change,
        len(structure.questions[dimension.pk]),
        structure.dimensions.index(dimension) + 1,
    )
    return saved, step, count_of(participant.answered + change, structure.question_count)


def respond(request, respondent: Respondent, question: Question, outcome):
    """The response to ``save_locked``'s outcome, rendered after its transaction."""
    if isinstance(outcome, str):
        return refused(request, outcome)
    return autosaved(request, respondent, question, *outcome)


def _member_refusal(respondent: Respondent):
    return lambda form: "" if respondent.assessment.is_open else submitted_message()


@login_required
@require_POST
def answer(request, public_id, code):
    """A member's autosave: at most six queries (the session, the user, ``_answering``, and
    ``answer_write``'s three at most, two for a changed level), the assessment locked from the first of its
    own to the last."""
    with transaction.atomic():
        respondent = member_respondent(public_id, _answering(request.user, public_id, code))
        question = question_for(respondent, code)
        if respondent.assessment.mode != Assessment.Mode.SELF:
            return autosave(request, respondent, question)
        outcome = save_locked(request, respondent, question, _member_refusal(respondent))
    return respond(request, respondent, question, outcome)
