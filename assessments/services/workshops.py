"""Workshops: a consultant starts one for a client; participants join it without an account."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cxmaturity.ids import new_token

from ..models import Assessment, Organization, Participant, QuestionBank, Workshop
from .assessments import assessment_start


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
