"""Who answers a questionnaire and what they have saved: a question's state on the page, the saved answers,
the URLs of a door, the ``Respondent``, and the member's door (the participant of the member's assessment, by
its public id). The workshop participant's door is in ``participants.py``."""

import functools
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Exists, Max, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from cxmaturity.kept_markup import NO_HOLES
from cxmaturity.prepared import PreparedQuery

from ..banks.structure import structure_of
from ..forms import NOT_APPLICABLE, AnswerForm
from ..models import Answer, Assessment, Evidence, Participant, Question, Revote
from ..models.assessments import counts
from ..services import DimensionProgress
from ..services.assessments import submitted_message

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
    return read_saved(answers.order_by().values_list(*ANSWER_FIELDS))


def _participant_answers(participant: int):
    return Answer.objects.filter(participant=participant).order_by().values_list(*ANSWER_FIELDS)


# Asked on every dimension page: compiled once (cxmaturity/prepared.py).
ANSWERS = PreparedQuery(_participant_answers, participant=-7_310_000_003)


def counts_for(question: Question, answer: SavedAnswer) -> bool:
    return counts(question.type, answer.not_applicable, len(answer.codes))


def read_saved(rows) -> dict[int, SavedAnswer]:
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


def member_participants(user, public_id: str):
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
SOMEONE = {"user": get_user_model()(pk=-7_310_000_001), "public_id": "~public-id~"}
_PARTICIPANT = PreparedQuery(member_participants, **SOMEONE)


def member_respondent(public_id: str, participant: Participant | None) -> Respondent:
    if participant is None:
        raise Http404
    urls = QuestionnaireUrls(
        public_id, evidence="assessment_evidence", evidence_delete="assessment_evidence_delete"
    )
    return Respondent(participant.assessment, participant, urls)


def open_member(request, public_id: str) -> Respondent:
    """The member's assessment (404 for anyone else's) and the participant who answers it: one query."""
    return member_respondent(
        public_id, next(iter(_PARTICIPANT.run(user=request.user, public_id=public_id)), None)
    )


def open_assessment(view):
    """A questionnaire view of the member's assessment, called with the member as a ``Respondent`` instead of
    the public id; a submitted one sends the member to its results, anyone else's is 404."""

    @functools.wraps(view)
    def wrapper(request, public_id: str, **kwargs):
        respondent = open_member(request, public_id)
        if not respondent.assessment.is_open:
            if request.method == "POST":  # a page left open in another tab, posted after the submission
                messages.info(request, submitted_message())
            return redirect("results", public_id)
        return view(request, respondent, **kwargs)

    return wrapper


def count_of(answered: int, total: int) -> dict[str, int]:
    return {"answered": answered, "total": total, "percent": answered * 100 // total if total else 0}


def totals_of(progress: list[DimensionProgress]) -> dict[str, int]:
    return count_of(sum(step.answered for step in progress), sum(step.total for step in progress))


def question_of(assessment: Assessment, code: str) -> Question | None:
    """The assessment's question with this code, with its dimension and options (from the bank's structure:
    no query for a published bank)."""
    return structure_of(assessment.bank).by_code.get(code)


def question_for(respondent: Respondent, code: str) -> Question:
    question = question_of(respondent.assessment, code)
    if question is None:
        raise Http404
    return question
