"""Saving one answer as it is given (htmx autosave), for members and for workshop participants, and the
member's autosave in at most six queries: one query finds the participant and locks its assessment, a second
reads what the write and the response need, then only what changed is written."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection, transaction
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


def _progress_sql(vendor: str) -> dict[str, str]:
    """The SQL of ``Figures``, correlated with the participant's row: the ORM builds the same
    subqueries in several times the time the database takes to run them."""
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
    option_ids = (
        f"string_agg(CAST({chosen}.option_id AS text), ',')"
        if vendor == "postgresql"
        else f"group_concat({chosen}.option_id, ',')"
    )
    return {
        # The earlier answer's options, as their ids joined by commas (NULL for none).
        "had_options": f"(SELECT {option_ids} {with_options} AND {question}.code = %s)",
        "had_counted": f"EXISTS (SELECT 1 {answers} AND {question}.code = %s AND {counts})",
        "answered": f"(SELECT COUNT(*) {answers} AND {counts})",
        "dimension_answered": f"(SELECT COUNT(*) {answers} AND {same_dimension} AND {counts})",
    }


def progress_figures(code: str) -> dict[str, RawSQL]:
    """``Figures`` for the question ``code``, to annotate a query of participants with."""
    sql, checklist = _progress_sql(connection.vendor), Question.Type.CHECKLIST.value
    params = {
        "had_options": [code],
        "had_counted": [code, checklist],
        "answered": [checklist],
        "dimension_answered": [code, checklist],
    }
    return {name: RawSQL(sql[name], params[name]) for name in sql}


@dataclass(frozen=True)
class Figures:
    """What an autosave of one question needs to know, read after the assessment's lock is taken: the
    options of the question's earlier answer (none without one) and whether it counted (rule 7), and how many
    questions of the question's dimension and of the bank have an answer that counts."""

    had_options: frozenset[int]
    had_counted: bool
    answered: int
    dimension_answered: int

    @classmethod
    def of(cls, row) -> "Figures":
        had_options, had_counted, answered, dimension_answered = row[: len(FIGURES)]
        options = frozenset(int(option) for option in had_options.split(",")) if had_options else frozenset()
        return cls(options, bool(had_counted), answered, dimension_answered)


FIGURES = ("had_options", "had_counted", "answered", "dimension_answered")


def figures_query(participant: int, code: str, **more):
    """The participant's ``Figures`` for the question ``code`` as a values_list row, then ``more``."""
    figures = Participant.objects.filter(pk=participant).annotate(**progress_figures(code), **more)
    return figures.values_list(*FIGURES, *more)


FIGURES_STAND_INS = {"participant": -7_310_000_009, "code": "~question-code~"}
_FIGURES = PreparedQuery(figures_query, **FIGURES_STAND_INS)


def _answering_query(user, public_id: str):
    return member_participants(user, public_id).select_for_update(of=("assessment",))


_ANSWERING = PreparedQuery(_answering_query, **SOMEONE)


def _answering(user, public_id: str) -> Participant | None:
    """The participant answering the member's assessment, as ``_participants``, with its assessment's row
    locked until the transaction ends (an answer and a submission take turns). One query.

    What the autosave needs to know of the earlier answers is read by another query, once the lock is held:
    on PostgreSQL a statement reads the database as it was when the statement began, so one that waited for
    the lock would not see what the autosave before it wrote (the same question answered twice, quickly,
    would keep both options)."""
    return next(iter(_ANSWERING.run(user=user, public_id=public_id)), None)


def save_locked(
    request,
    respondent: Respondent,
    question: Question,
    figures: Figures,
    refusal: Callable[[AnswerForm], str],
):
    """Save the posted answer of a participant whose assessment's row the current transaction has locked,
    knowing its ``figures`` (read after the lock): ``refusal`` says why the door takes no answer now (or "");
    the result is the answer and what the response shows of the progress, or the message that says why
    nothing was saved. Only what changed is written (``answer_write``)."""
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
        previous=figures.had_options,
    )
    change = int(counts(question.type, saved.not_applicable, len(chosen))) - int(figures.had_counted)
    dimension = question.dimension
    step = DimensionProgress(
        dimension,
        figures.dimension_answered + change,
        len(structure.questions[dimension.pk]),
        structure.dimensions.index(dimension) + 1,
    )
    return saved, step, count_of(figures.answered + change, structure.question_count)


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
    """A member's autosave: the session, the user, ``_answering`` (which locks the assessment), the figures,
    and only what changed (``answer_write``): six queries for a first answer or another option, five for a
    comment alone."""
    with transaction.atomic():
        respondent = member_respondent(public_id, _answering(request.user, public_id))
        question = question_for(respondent, code)
        if respondent.assessment.mode != Assessment.Mode.SELF:
            return autosave(request, respondent, question)
        figures = Figures.of(_FIGURES.run(participant=respondent.participant.pk, code=code)[0])
        outcome = save_locked(request, respondent, question, figures, _member_refusal(respondent))
    return respond(request, respondent, question, outcome)
