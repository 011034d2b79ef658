"""Writes across models: start an assessment, save an answer, submit (score and store the result)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cxmaturity.kept_markup import NO_HOLES
from cxmaturity.prepared import PreparedQuery

from .. import scoring
from ..banks.structure import structure_of
from ..models import (
    COMMENT_MAX_LENGTH,
    AgreedScore,
    Answer,
    Assessment,
    Dimension,
    DimensionResult,
    Option,
    Organization,
    Participant,
    Question,
    QuestionBank,
    Result,
    Revote,
    Workshop,
)
from ..models.assessments import counted_answer
from ..scoring_adapter import scoring_answer, scoring_bank
from ..signals import assessment_submitted


def assessment_start(
    *, organization: Organization, bank: QuestionBank, by=None, mode: str = Assessment.Mode.SELF
) -> Assessment:
    if bank.status != QuestionBank.Status.PUBLISHED:
        raise ValidationError(_("Only a published question bank can be assessed."), code="bank_not_published")
    with transaction.atomic():
        assessment = Assessment.objects.create(organization=organization, bank=bank, mode=mode, created_by=by)
        if mode == Assessment.Mode.SELF:
            Participant.objects.create(
                assessment=assessment, user=by, display_name=by.get_full_name() if by else ""
            )
    return assessment


def assessment_continue_or_start(
    *, organization: Organization, bank: QuestionBank, by=None
) -> tuple[Assessment, bool]:
    """The organization's self-assessment of ``bank`` that is in progress, or a new one; True if new. A second
    click on "Start" (a second tab, or two clicks at once: the organization's row is locked meanwhile)
    continues the first rather than starting another."""
    with transaction.atomic():
        list(Organization.objects.select_for_update().filter(pk=organization.pk).values_list("pk"))
        existing = (
            Assessment.objects.in_progress()
            .filter(organization=organization, bank=bank, mode=Assessment.Mode.SELF)
            .order_by("-created_at", "-pk")
            .first()
        )
        if existing is not None:
            return existing, False
        return assessment_start(organization=organization, bank=bank, by=by), True


def answer_save(
    *,
    participant: Participant,
    question: Question,
    options: Iterable = (),
    not_applicable: bool = False,
    comment: str = "",
    round: int | None = None,
) -> Answer:
    """Save one participant's answer to one question, replacing any earlier answer.

    ``options`` are Option objects or primary keys; every one must belong to ``question``. In a workshop,
    ``round`` is the question's round that the participant's page showed: when the facilitator has asked for
    a new vote since, the answer is refused, so that an answer meant for one round never counts in the next.
    Bad input raises ValidationError with a message for the user and changes nothing.
    """
    assessment = participant.assessment
    chosen = answer_check(
        assessment=assessment,
        question=question,
        options=options,
        not_applicable=not_applicable,
        comment=comment,
    )
    with transaction.atomic():
        # Read the status under a lock: a submission running at the same moment either sees this answer or
        # makes it fail, never scores without it.
        still_open = locked_if_open(assessment.pk)
        if assessment.mode == Assessment.Mode.WORKSHOP:
            ended = Workshop.objects.filter(assessment=assessment, ends_at__lte=timezone.now()).exists()
            if not still_open or ended:
                message = _("This workshop is closed; it no longer takes answers.")
                raise ValidationError(message, code="closed")
            if round is not None and round != current_round(assessment, question):
                message = _(
                    "The facilitator has asked everyone to answer this question again: reload the page."
                )
                raise ValidationError(message, code="new_round")
        elif not still_open:
            raise ValidationError(submitted_message(), code="submitted")
        return answer_write(
            participant=participant,
            question=question,
            chosen=chosen,
            not_applicable=not_applicable,
            comment=comment or "",
        )


def submitted_message() -> str:
    return _("This assessment has been submitted; its answers can no longer change.")


def answer_check(
    *, assessment: Assessment, question: Question, options: Iterable, not_applicable: bool, comment: str
) -> list[Option]:
    """The chosen Option objects of an answer that may be saved; ValidationError with the user's message
    otherwise. No query when the question's options are prefetched."""
    if question.bank_id != assessment.bank_id:
        raise ValidationError(_("This question is not part of this assessment."), code="foreign_question")
    comment = comment or ""
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            _("A comment can have at most %(limit)d characters (this one has %(count)d).")
            % {"limit": COMMENT_MAX_LENGTH, "count": len(comment)},
            code="comment_too_long",
        )
    option_ids = {getattr(option, "pk", option) for option in options}
    chosen = [option for option in question.options.all() if option.pk in option_ids]
    if len(chosen) != len(option_ids):
        raise ValidationError(_("That option does not belong to this question."), code="foreign_option")
    if not_applicable and not question.allow_na:
        raise ValidationError(_("This question cannot be answered N/A."), code="na_not_allowed")
    if not_applicable and chosen:
        raise ValidationError(_("Choose an option or N/A, not both."), code="na_and_option")
    if question.type != Question.Type.CHECKLIST and len(chosen) > 1:
        raise ValidationError(_("Choose only one option for this question."), code="several_options")
    return chosen


def answer_write(
    *,
    participant: Participant,
    question: Question,
    chosen: list[Option],
    not_applicable: bool,
    comment: str,
    previous: frozenset[int] | None = None,
) -> Answer:
    """Write a checked answer (``answer_check``) in the caller's transaction, which holds the assessment's
    lock: insert it or update the earlier one in one statement, then its options.

    ``previous`` is the ids of the options the earlier answer had, when the caller read them under the same
    lock (an empty set: no earlier answer); then only what changed is written: an option replaced by another
    in one UPDATE, one added in one INSERT, one dropped in one DELETE. Unknown (None), the options no longer
    chosen are deleted and the chosen ones inserted if missing. Three queries at most, two for a changed
    level or choice."""
    answer = Answer(
        participant=participant,
        question=question,
        not_applicable=not_applicable,
        comment=comment,
        updated_at=timezone.now(),
    )
    Answer.objects.bulk_create(
        [answer],
        update_conflicts=True,
        unique_fields=["participant", "question"],
        update_fields=["not_applicable", "comment", "updated_at"],
    )
    through = Answer.options.through
    chosen_ids = {option.pk for option in chosen}
    dropped = None if previous is None else previous - chosen_ids
    added = chosen_ids if previous is None else chosen_ids - previous
    if dropped is not None and len(dropped) == len(added) == 1:
        rows = through.objects.filter(answer_id=answer.pk, option_id=next(iter(dropped)))
        rows.update(option_id=next(iter(added)))
        return answer
    if dropped is None or dropped:
        through.objects.filter(answer_id=answer.pk).exclude(option_id__in=chosen_ids).delete()
    if added:
        rows = [through(answer_id=answer.pk, option_id=option_id) for option_id in sorted(added)]
        through.objects.bulk_create(rows, ignore_conflicts=True)
    return answer


def locked_if_open(assessment_id: int) -> bool:
    """Whether the assessment is still in progress, read under a row lock held until the transaction ends:
    the writes that need it open (answers, re-votes) and its submission take turns."""
    return (
        Assessment.objects.select_for_update()
        .filter(pk=assessment_id, status=Assessment.Status.IN_PROGRESS)
        .exists()
    )


def current_round(assessment: Assessment, question: Question) -> int:
    """The question's round that counts now in a workshop: 1, or its latest re-vote's number. One query."""
    latest = Revote.objects.filter(workshop__assessment=assessment, question=question).aggregate(
        number=models.Max("number")
    )["number"]
    return latest or 1


class MissingAnswers(ValidationError):
    """Rule 7: required questions are still unanswered; ``missing`` lists their codes in bank order."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(
            ngettext(
                "%(count)d required question has no answer yet: %(codes)s.",
                "%(count)d required questions have no answer yet: %(codes)s.",
                len(missing),
            )
            % {"count": len(missing), "codes": ", ".join(missing)},
            code="missing_answers",
        )


def _store_result(assessment: Assessment, result: scoring.Result) -> Result:
    """Store the scores of a submission: the result and one row per dimension."""
    stored = Result.objects.create(
        assessment=assessment,
        score=result.rounded_score,
        percent=result.rounded_percent,
        level=result.level,
    )
    dimension_ids = dict(assessment.bank.dimensions.values_list("code", "pk"))
    DimensionResult.objects.bulk_create(
        DimensionResult(
            result=stored,
            dimension_id=dimension_ids[dimension.code],
            score=dimension.rounded_score,
            percent=dimension.rounded_percent,
            level=dimension.level,
            target_level=scoring.default_target_level(dimension.level) if dimension.level else None,
            answered=dimension.answered,
            not_applicable=dimension.not_applicable,
            questions=dimension.questions,
        )
        for dimension in result.dimensions
    )
    return stored


def _score(
    assessment: Assessment, bank: scoring.Bank, by_participant: Mapping[int, Mapping[str, scoring.Answer]]
) -> scoring.Result:
    """Rules 1–7 for a self-assessment; rule 8, with the agreed scores, for a workshop."""
    if assessment.mode == Assessment.Mode.SELF:
        own = next(iter(by_participant.values()), {})
        missing = scoring.missing_required(bank, own)
        if missing:
            raise MissingAnswers(missing)
        return scoring.score_answers(bank, own)
    agreed = dict(
        AgreedScore.objects.filter(workshop__assessment=assessment).values_list("question__code", "score")
    )
    return scoring.score_workshop(bank, by_participant.values(), agreed)


def assessment_submit(*, assessment: Assessment, by=None) -> Result:
    """Check rule 7, score every answer (rules 1–6, rule 8 in workshops) and store the result for good; a
    workshop is closed by it."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().select_related("bank").get(pk=assessment.pk)
        if not assessment.is_open:
            raise ValidationError(_("This assessment has already been submitted."), code="already_submitted")
        bank = scoring_bank(assessment.bank)
        answers = list(
            Answer.objects.filter(participant__assessment=assessment)
            .select_related("question")
            .prefetch_related("options")
        )
        by_participant: dict[int, dict[str, scoring.Answer]] = {}
        for answer in answers:
            by_participant.setdefault(answer.participant_id, {})[answer.question.code] = scoring_answer(
                answer
            )

        result = _score(assessment, bank, by_participant)

        # Each answer keeps its own score, so that the appendix of a report never needs the rules again.
        questions = {question.code: question for question in bank.questions}
        for answer in answers:
            own_score = scoring.question_score(questions[answer.question.code], scoring_answer(answer))
            answer.score = scoring.round_half_up(own_score) if own_score is not None else None
        Answer.objects.bulk_update(answers, ["score"])

        stored = _store_result(assessment, result)
        workshop = assessment.mode == Assessment.Mode.WORKSHOP
        assessment.status = Assessment.Status.CLOSED if workshop else Assessment.Status.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment.submitted_by = by
        assessment.save(update_fields=["status", "submitted_at", "submitted_by"])
        assessment_submitted.send(sender=Assessment, assessment=assessment, result=stored)
    return stored


def _answered_by_dimension(participant: int):
    return (
        Answer.objects.filter(participant=participant)
        .filter(counted_answer())
        .order_by()
        .values("question__dimension_id")
        .annotate(n=models.Count("question", distinct=True))
        .values_list("question__dimension_id", "n")
    )


# The questionnaire asks it on every page: compiled once (cxmaturity/prepared.py).
_ANSWERED_BY_DIMENSION = PreparedQuery(_answered_by_dimension, participant=-7_310_000_002)


@dataclass(frozen=True)
class DimensionProgress:
    dimension: Dimension
    answered: int  # questions with an answer that counts (rule 7)
    total: int
    number: int = 0  # the dimension's place in the bank, from 1
    hole = NO_HOLES  # no markers: this is a real step (``assessments/views/fragments.py``)

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


def progress_of(structure, counted: Iterable[int]) -> list[DimensionProgress]:
    """Every dimension of a bank's structure with its questions answered, from the ids of the questions
    whose answers count (rule 7), and its question count."""
    counted = set(counted)
    return [
        DimensionProgress(
            dimension,
            sum(question.pk in counted for question in structure.questions[dimension.pk]),
            len(structure.questions[dimension.pk]),
            number,
        )
        for number, dimension in enumerate(structure.dimensions, start=1)
    ]


def participant_progress(participant: Participant) -> list[DimensionProgress]:
    """Every dimension of the participant's bank, in order, with its questions answered and its question
    count: one query, whatever the size of the bank (the bank's structure aside: ``banks.structure``)."""
    structure = structure_of(participant.assessment.bank)
    answered = dict(_ANSWERED_BY_DIMENSION.run(participant=participant.pk))
    totals = structure.totals()
    return [
        DimensionProgress(dimension, answered.get(dimension.pk, 0), totals[dimension.pk], number)
        for number, dimension in enumerate(structure.dimensions, start=1)
    ]


def unanswered_required(participant: Participant) -> models.QuerySet[Question]:
    """The required questions the participant has not answered yet (rule 7), in bank order, with their
    dimension: one query."""
    counted = Answer.objects.filter(participant=participant).filter(counted_answer()).values("question_id")
    return (
        Question.objects.filter(bank_id=participant.assessment.bank_id, required=True)
        .exclude(pk__in=counted)
        .select_related("dimension")
        .in_bank_order()
    )
