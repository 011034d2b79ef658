"""Evidence files: documents a participant attaches to their answer to a question."""

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from cxmaturity.ids import new_public_id

from .assessments import Participant
from .banks import Question


class EvidenceStorage(LazyObject):
    """The "evidence" storage of ``STORAGES`` (a private directory by default, S3 by settings), looked up
    when first used and again after ``STORAGES`` changes (in tests)."""

    def _setup(self):
        self._wrapped = storages["evidence"]


_evidence_storage = EvidenceStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _evidence_storage._wrapped = empty


def evidence_storage():
    """The field's storage (a callable, so that migrations name it rather than copy it)."""
    return _evidence_storage


class EvidenceQuerySet(models.QuerySet):
    def for_user(self, user):
        """The files of the assessments the user may see (their organization's, their consultancy's
        clients')."""
        from .assessments import Assessment

        return self.filter(participant__assessment__in=Assessment.objects.for_user(user).values("pk"))


class EvidenceType(models.TextChoices):
    """The types an evidence file may have, as media types; the label is the usual extension."""

    PDF = "application/pdf", "PDF"
    PNG = "image/png", "PNG"
    JPEG = "image/jpeg", "JPEG"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"
    PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX"


class Evidence(models.Model):
    """A file attached to a participant's answer to a question. It belongs to the participant and the
    question rather than to the answer row, which a workshop's re-vote replaces: the file stays."""

    ContentType = EvidenceType

    public_id = models.CharField(max_length=26, unique=True, default=new_public_id, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="evidence")
    # Stored under a random name; the name the user gave is kept, cleaned, for display and download.
    file = models.FileField(_("file"), storage=evidence_storage, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100, choices=EvidenceType)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="evidence_not_empty"),
            models.CheckConstraint(
                condition=Q(content_type__in=EvidenceType.values),
                name="evidence_content_type_valid",
            ),
        ]
        # The files of an answer, in the order they came.
        indexes = [models.Index(fields=["participant", "question"], name="evidence_answer_idx")]

    def __str__(self):
        return self.name

    @property
    def extension(self) -> str:
        return self.ContentType(self.content_type).label.lower()
