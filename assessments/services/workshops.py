"""Workshops: a consultant starts one for a client, participants join it without an account, the
facilitator shows one question's answers on the projector, records agreed scores and closes it."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cxmaturity.ids import new_token

from ..models import (
    AgreedScore,
    Assessment,
    Organization,
    Participant,
    Question,
    QuestionBank,
    Result,
    Workshop,
)
from ..models.workshops import AGREED_SCORES, RATIONALE_MAX_LENGTH
from .assessments import assessment_start, assessment_submit


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


def workshop_close(*, workshop: Workshop, by=None) -> Result:
    """Stop the answers, compute the result by rule 8 (agreed scores replacing means) and store it like a
    submission; it then counts for the client's peer benchmarks like any submitted result."""
    return assessment_submit(assessment=workshop.assessment, by=by)
