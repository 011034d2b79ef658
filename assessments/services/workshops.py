"""Workshops: a consultant starts one for a client, participants join it without an account, the
facilitator shows one question's answers on the projector, records agreed scores and closes it."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cxmaturity.ids import new_token

from .. import scoring
from ..models import (
    AgreedScore,
    Answer,
    Assessment,
    EarlierAnswer,
    Organization,
    Participant,
    Question,
    QuestionBank,
    Result,
    Revote,
    Workshop,
)
from ..models.workshops import AGREED_SCORES, RATIONALE_MAX_LENGTH
from ..scoring_adapter import plain_bank, scoring_answer
from .assessments import assessment_start, assessment_submit, current_round, locked_if_open


def workshop_start(
    *,
    client: Organization,
    bank: QuestionBank,
    title: str,
    date: date,
    anonymous: bool = False,
    ends_at: datetime | None = None,
    by=None,
) -> Workshop:
    """A workshop on a published bank for a consultancy's client, open for participants to join."""
    if client.consultancy_id is None:
        raise ValidationError(_("Workshops are run for a consultancy's clients."), code="not_a_client")
    with transaction.atomic():
        assessment = assessment_start(organization=client, bank=bank, by=by, mode=Assessment.Mode.WORKSHOP)
        workshop = Workshop(
            assessment=assessment, title=title, date=date, anonymous=anonymous, ends_at=ends_at, created_by=by
        )
        workshop.full_clean(exclude=["assessment"])
        workshop.save()
    return workshop


def participant_join(
    *, workshop: Workshop, display_name: str, department: str = "", role: str = "", language: str = ""
) -> Participant:
    """A new participant of an open workshop, with a resume token of 256 random bits. The same name twice is
    two people: names are not unique."""
    if not workshop.accepts_answers:
        raise ValidationError(_("This workshop is closed; it no longer takes answers."), code="closed")
    participant = Participant(
        assessment=workshop.assessment,
        display_name=display_name.strip(),
        department=department.strip(),
        role=role.strip(),
        language=language,
        resume_token=new_token(),
    )
    if not participant.display_name:
        raise ValidationError(_("Give your name."), code="name_missing")
    participant.full_clean()
    participant.save()
    return participant


def agreed_score_set(
    *, workshop: Workshop, question: Question, score, rationale: str = "", by=None
) -> AgreedScore:
    """Record the score the workshop agreed for a question (1–5 in steps of 0.5) with its rationale, and who
    agreed it when; it replaces the participants' mean (rule 8). Bad input changes nothing."""
    if question.bank_id != workshop.assessment.bank_id:
        raise ValidationError(_("This question is not part of this workshop."), code="foreign_question")
    if not workshop.assessment.is_open:
        raise ValidationError(_("This workshop is closed; its scores can no longer change."), code="closed")
    try:
        score = Decimal(str(score).strip())
    except (InvalidOperation, ValueError):
        score = None
    if score is None or not score.is_finite() or score not in AGREED_SCORES:
        raise ValidationError(_("Agree a score from 1 to 5 in steps of 0.5."), code="score_invalid")
    rationale = (rationale or "").strip()
    if len(rationale) > RATIONALE_MAX_LENGTH:
        raise ValidationError(
            _("A rationale can have at most %(limit)d characters (this one has %(count)d).")
            % {"limit": RATIONALE_MAX_LENGTH, "count": len(rationale)},
            code="rationale_too_long",
        )
    agreed, _created = AgreedScore.objects.update_or_create(
        workshop=workshop,
        question=question,
        defaults={"score": score, "rationale": rationale, "agreed_by": by},
    )
    return agreed


def agreed_score_clear(*, workshop: Workshop, question: Question) -> None:
    """Drop the agreed score of a question of an open workshop: the participants' mean counts again."""
    if not workshop.assessment.is_open:
        raise ValidationError(_("This workshop is closed; its scores can no longer change."), code="closed")
    AgreedScore.objects.filter(workshop=workshop, question=question).delete()


def workshop_reveal(*, workshop: Workshop, question: Question | None) -> None:
    """Show a question's distribution on the presenter page, or nothing of the answers (``None``). One
    question at a time, so that the room discusses it before it sees the next."""
    if not workshop.assessment.is_open:
        raise ValidationError(_("This workshop is closed; there is nothing more to show."), code="closed")
    if question is not None and question.bank_id != workshop.assessment.bank_id:
        raise ValidationError(_("This question is not part of this workshop."), code="foreign_question")
    workshop.revealed_question = question
    workshop.save(update_fields=["revealed_question"])


def revote_start(*, workshop: Workshop, question: Question, by=None) -> Revote:
    """Ask the room to answer a question again: a new round begins, whose answers count (rule 8). The
    answers of the round before are kept as ``EarlierAnswer`` rows with their scores, and leave ``Answer``,
    so that every participant's question is unanswered again; the projector stops showing the question, so
    that the new round is not anchored by the old. The agreed score, if any, stays as it is."""
    if question.bank_id != workshop.assessment.bank_id:
        raise ValidationError(_("This question is not part of this workshop."), code="foreign_question")
    with transaction.atomic():
        # The lock that answer_save takes: an answer saved at the same moment lands wholly in one round.
        if not locked_if_open(workshop.assessment_id) or not workshop.accepts_answers:
            raise ValidationError(_("This workshop is closed; it no longer takes answers."), code="closed")
        number = current_round(workshop.assessment, question) + 1
        revote = Revote.objects.create(workshop=workshop, question=question, number=number, started_by=by)
        answers = list(
            Answer.objects.filter(participant__assessment_id=workshop.assessment_id, question=question)
            .prefetch_related("options")
            .order_by("pk")
        )
        plain = plain_bank((), [question.dimension], [question]).questions[0]
        kept = []
        for answer in answers:
            own = scoring.question_score(plain, scoring_answer(answer))
            kept.append(
                EarlierAnswer(
                    revote=revote,
                    participant_id=answer.participant_id,
                    not_applicable=answer.not_applicable,
                    comment=answer.comment,
                    score=None if own is None else scoring.round_half_up(own),
                    answered_at=answer.updated_at,
                )
            )
        EarlierAnswer.objects.bulk_create(kept)
        EarlierAnswer.options.through.objects.bulk_create(
            EarlierAnswer.options.through(earlieranswer_id=earlier.pk, option_id=option.pk)
            for earlier, answer in zip(kept, answers, strict=True)
            for option in answer.options.all()
        )
        Answer.objects.filter(pk__in=[answer.pk for answer in answers]).delete()
        if workshop.revealed_question_id == question.pk:
            workshop.revealed_question = None
            workshop.save(update_fields=["revealed_question"])
    return revote


def workshop_close(*, workshop: Workshop, by=None) -> Result:
    """Stop the answers, compute the result by rule 8 (agreed scores replacing means) and store it like a
    submission; it then counts for the client's peer benchmarks like any submitted result."""
    return assessment_submit(assessment=workshop.assessment, by=by)
