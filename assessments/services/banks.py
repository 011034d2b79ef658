"""The life of a question bank version: publish a draft, retire a published version, start a new draft.

A published or retired version never changes (its content's ``clean()`` and the admin refuse it); a change is
a new draft version, cloned from the latest version of the slug, validated and published.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..banks import Problem, export_bank, import_bank, validate_for_publishing
from ..models import QuestionBank
from ..models.banks import DEFAULT_BANK_SLUG


class BankNotPublishable(Exception):
    """Publishing refused: every problem of the draft, each with its path in the bank's document."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class DraftExists(Exception):
    """A new draft version was asked for while the slug has a draft already: work on that one."""

    def __init__(self, draft: QuestionBank):
        self.draft = draft
        super().__init__(str(draft))


def bank_problems(bank: QuestionBank) -> list[Problem]:
    """What keeps the bank from being published (empty when it can be)."""
    return validate_for_publishing(export_bank(bank))


def _locked(bank: QuestionBank, status: str, message: str, code: str) -> QuestionBank:
    """The bank, locked until the transaction ends, if it has ``status``; else ``message`` is raised."""
    bank = QuestionBank.objects.select_for_update().get(pk=bank.pk)
    if bank.status != status:
        raise ValidationError(message % {"bank": bank, "status": bank.get_status_display()}, code=code)
    return bank


def bank_publish(*, bank: QuestionBank, by) -> QuestionBank:
    """Publish a draft that passes validation; new assessments use it when it is its slug's latest version."""
    with transaction.atomic():
        draft, refused = (
            QuestionBank.Status.DRAFT,
            _("Only a draft can be published; %(bank)s is %(status)s."),
        )
        bank = _locked(bank, draft, refused, "not_draft")
        problems = bank_problems(bank)
        if problems:
            raise BankNotPublishable(problems)
        bank.status = QuestionBank.Status.PUBLISHED
        bank.published_at, bank.published_by = timezone.now(), by
        bank.save(update_fields=["status", "published_at", "published_by"])
    return bank


def bank_retire(*, bank: QuestionBank, by) -> QuestionBank:
    """Retire a published version: no new assessment uses it; the assessments that did keep it.

    The default slug's last published version cannot be retired: new self-assessments would have no bank."""
    with transaction.atomic():
        published = QuestionBank.Status.PUBLISHED
        refused = _("Only a published version can be retired; %(bank)s is %(status)s.")
        bank = _locked(bank, published, refused, "not_published")
        others = QuestionBank.objects.published().filter(slug=bank.slug).exclude(pk=bank.pk)
        if bank.slug == DEFAULT_BANK_SLUG and not others.exists():
            raise ValidationError(
                _(
                    "%(bank)s is the only published version of the default question bank: new assessments "
                    "need it. Publish a newer version first, then retire this one."
                )
                % {"bank": bank},
                code="last_default",
            )
        bank.status = QuestionBank.Status.RETIRED
        bank.retired_at, bank.retired_by = timezone.now(), by
        bank.save(update_fields=["status", "retired_at", "retired_by"])
    return bank


def bank_new_draft(*, slug: str) -> QuestionBank:
    """A draft copy of the slug's latest version (published, retired or not) with the next version number:
    1.0 → 1.1. Refused with ``DraftExists`` while the slug has a draft."""
    with transaction.atomic():
        draft = QuestionBank.objects.filter(slug=slug, status=QuestionBank.Status.DRAFT).first()
        if draft is not None:
            raise DraftExists(draft)
        latest = QuestionBank.objects.latest_version(slug, published=False)
        if latest is None:
            raise QuestionBank.DoesNotExist(slug)
        document = export_bank(latest)
        document.update(version=latest.next_version(), status=QuestionBank.Status.DRAFT.value)
        return import_bank(document)
