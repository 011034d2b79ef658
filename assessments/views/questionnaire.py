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
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cxmaturity.kept_markup import NO_HOLES
from cxmaturity.prepared import PreparedQuery

from ..banks.structure import structure_of
from ..forms import NOT_APPLICABLE, AnswerForm
from ..models import Answer, Assessment, Dimension, Evidence, Participant, Question, Revote
from ..models.assessments import counts
from ..services import (
    DimensionProgress,
    MissingAnswers,
    answer_save,
    assessment_submit,
    participant_progress,
    unanswered_required,
)
from ..services.assessments import answer_check, answer_write, progress_of, submitted_message
from . import evidence, fragments

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
    # The question's markup and its evidence block, filled from the bank's kept rendering (``fragments.py``).
    html: str = ""
    evidence_html: str = ""
    hole = NO_HOLES  # the markers of that rendering: nothing for a real state

    def checked(self, code: str) -> str:
        """`` checked`` for a chosen option's input (``n/a`` for N/A)."""
        return " checked" if code in self.selected else ""

    @classmethod
    def of(
        cls, question: Question, number: int, answer: "SavedAnswer | None", round: int | None = None
    ) -> "QuestionState":
        state = cls(question, number, round=round)
        if answer is not None:
            state.selected = set(answer.codes)
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


@dataclass
class SavedAnswer:
    """What a participant saved for one question: the chosen options' codes, N/A, the comment."""

    codes: list[str] = field(default_factory=list)
    not_applicable: bool = False
    comment: str = ""


ANSWER_FIELDS = ("question_id", "not_applicable", "comment", "options__code")


def saved_answers(answers) -> dict[int, SavedAnswer]:
    """The answers of a queryset by question id, with their options' codes: one query (a row per option)."""
    return _saved(answers.order_by().values_list(*ANSWER_FIELDS))


def _participant_answers(participant: int):
    return Answer.objects.filter(participant=participant).order_by().values_list(*ANSWER_FIELDS)


# Asked on every dimension page: compiled once (cxmaturity/prepared.py).
_ANSWERS = PreparedQuery(_participant_answers, participant=-7_310_000_003)


def _counts(question: Question, answer: SavedAnswer) -> bool:
    return counts(question.type, answer.not_applicable, len(answer.codes))


def _saved(rows) -> dict[int, SavedAnswer]:
    saved: dict[int, SavedAnswer] = {}
    for question_id, not_applicable, comment, code in rows:
        answer = saved.setdefault(question_id, SavedAnswer(not_applicable=not_applicable, comment=comment))
        if code is not None:
            answer.codes.append(code)
    return saved


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


def _participants(user, public_id: str):
    """The participant who answers the member's assessment, with the assessment and its bank: in a
    self-assessment its one participant (any member answers it), in other modes the member's own; none for
    anyone else's assessment."""
    return (
        Participant.objects.select_related("assessment__bank")
        .filter(assessment__public_id=public_id, assessment__in=Assessment.objects.for_user(user))
        .filter(Q(assessment__mode=Assessment.Mode.SELF) | Q(user=user))
        .annotate(has_evidence=Exists(Evidence.objects.filter(participant=OuterRef("pk"))))
        .order_by("created_at", "pk")[:1]
    )


# Stand-ins that no real user or public id equals, for compiling the prepared queries.
_SOMEONE = {"user": get_user_model()(pk=-7_310_000_001), "public_id": "~public-id~"}
_PARTICIPANT = PreparedQuery(_participants, **_SOMEONE)


def _member(public_id: str, participant: Participant | None) -> Respondent:
    if participant is None:
        raise Http404
    urls = QuestionnaireUrls(
        public_id, evidence="assessment_evidence", evidence_delete="assessment_evidence_delete"
    )
    return Respondent(participant.assessment, participant, urls)


def _open(request, public_id: str) -> Respondent:
    """The member's assessment (404 for anyone else's) and the participant who answers it: one query."""
    return _member(public_id, next(iter(_PARTICIPANT.run(user=request.user, public_id=public_id)), None))


def open_assessment(view):
    """A questionnaire view of the member's assessment, called with the member as a ``Respondent`` instead of
    the public id; a submitted one sends the member to its results, anyone else's is 404."""

    @functools.wraps(view)
    def wrapper(request, public_id: str, **kwargs):
        respondent = _open(request, public_id)
        if not respondent.assessment.is_open:
            if request.method == "POST":  # a page left open in another tab, posted after the submission
                messages.info(request, submitted_message())
            return redirect("results", public_id)
        return view(request, respondent, **kwargs)

    return wrapper


def _count(answered: int, total: int) -> dict[str, int]:
    return {"answered": answered, "total": total, "percent": answered * 100 // total if total else 0}


def _totals(progress: list[DimensionProgress]) -> dict[str, int]:
    return _count(sum(step.answered for step in progress), sum(step.total for step in progress))


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
    answers = _saved(_ANSWERS.run(participant=participant.pk))
    counted = (
        question.pk
        for question in structure.by_code.values()
        if question.pk in answers and _counts(question, answers[question.pk])
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
        "totals": _totals(progress),
        "states": states,
    }


def question_of(assessment: Assessment, code: str) -> Question | None:
    """The assessment's question with this code, with its dimension and options (from the bank's structure:
    no query for a published bank)."""
    return structure_of(assessment.bank).by_code.get(code)


def refused(request, message: str):
    """An autosave that saved nothing, with the reason where the "saved" state would be."""
    return render(request, f"{PAGE}#status", {"state": QuestionState(None, error=message)}, status=422)


def _answer_form(request, question: Question) -> AnswerForm:
    # The page posts its fields under the question's prefix (radio groups need one name per question).
    code = question.code
    prefix = code if any(key.startswith(f"{code}-") for key in request.POST) else None
    return AnswerForm(request.POST, question=question, prefix=prefix)


def _autosaved(request, respondent: Respondent, question: Question, saved: Answer, step, totals: dict):
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
    saved, error = _save(_answer_form(request, question), respondent.participant)
    if error:
        return refused(request, error)
    progress = participant_progress(respondent.participant)
    step = next(step for step in progress if step.dimension.pk == question.dimension_id)
    return _autosaved(request, respondent, question, saved, step, _totals(progress))


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


def _question(respondent: Respondent, code: str) -> Question:
    question = question_of(respondent.assessment, code)
    if question is None:
        raise Http404
    return question


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


def _answering_query(user, public_id: str, code: str):
    sql, checklist = _progress_sql(), Question.Type.CHECKLIST.value
    params = {
        "had_answer": [code],
        "had_option": [code],
        "had_counted": [code, checklist],
        "answered": [checklist],
        "dimension_answered": [code, checklist],
    }
    return (
        _participants(user, public_id)
        .select_for_update(of=("assessment",))
        .annotate(**{name: RawSQL(sql[name], params[name]) for name in sql})
    )


_ANSWERING = PreparedQuery(_answering_query, **_SOMEONE, code="~question-code~")


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


@login_required
@require_POST
def answer(request, public_id, code):
    """A member's autosave: at most six queries (the session, the user, ``_answering``, and
    ``answer_write``'s three at most, two for a changed level), the assessment locked from the first of its
    own to the last."""
    with transaction.atomic():
        respondent = _member(public_id, _answering(request.user, public_id, code))
        question = _question(respondent, code)
        if respondent.assessment.mode != Assessment.Mode.SELF:
            return autosave(request, respondent, question)
        form = _answer_form(request, question)
        saved, error = None, ""
        if not form.is_valid():
            error = next(iter(form.errors.values()))[0]
        elif not respondent.assessment.is_open:
            error = submitted_message()
        else:
            data = form.cleaned_data
            try:
                chosen = answer_check(
                    assessment=respondent.assessment,
                    question=question,
                    options=form.options(),
                    not_applicable=data["not_applicable"],
                    comment=data["comment"],
                )
            except ValidationError as refusal:
                error = refusal.messages[0]
            else:
                saved = answer_write(
                    participant=respondent.participant,
                    question=question,
                    chosen=chosen,
                    not_applicable=data["not_applicable"],
                    comment=data["comment"],
                    previous=_previous_options(respondent.participant, question),
                )
    if error:
        return refused(request, error)
    participant, structure = respondent.participant, structure_of(respondent.assessment.bank)
    counts = saved.not_applicable or bool(chosen) or question.type == Question.Type.CHECKLIST
    change = int(counts) - int(participant.had_counted)
    dimension = question.dimension
    step = DimensionProgress(
        dimension,
        participant.dimension_answered + change,
        len(structure.questions[dimension.pk]),
        structure.dimensions.index(dimension) + 1,
    )
    answered = participant.answered + change
    return _autosaved(request, respondent, question, saved, step, _count(answered, structure.question_count))


@login_required
@require_POST
def evidence_upload(request, public_id, code):
    respondent = _open(request, public_id)
    return evidence.upload(request, respondent, _question(respondent, code))


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
