"""Evidence files: attach one to a participant's answer to a question, delete one while the assessment is in
progress. A submitted assessment keeps its files."""

import hashlib
import os
import secrets
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..evidence_types import ZipBomb, evidence_type
from ..models import Evidence, Participant, Question
from ..models.evidence import EvidenceType, evidence_storage
from .assessments import locked_if_open

NAME_MAX_LENGTH = 200
# The extensions a file of each type may keep; the first is given to one named otherwise.
EXTENSIONS = {
    EvidenceType.PDF: (".pdf",),
    EvidenceType.PNG: (".png",),
    EvidenceType.JPEG: (".jpg", ".jpeg"),
    EvidenceType.XLSX: (".xlsx",),
    EvidenceType.DOCX: (".docx",),
    EvidenceType.PPTX: (".pptx",),
}


def _refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def display_name(name: str, kind: EvidenceType) -> str:
    """The name a file is shown and downloaded under: the user's file name without any folder, control or
    formatting characters, with the extension of what the file really is (a PNG named ``chart.pdf`` becomes
    ``chart.png``)."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] not in "CZ" or char == " ")
    stem, extension = os.path.splitext(" ".join(name.split()))
    stem = stem.strip(" .") or _("evidence")
    if extension.lower() not in EXTENSIONS[kind]:
        extension = EXTENSIONS[kind][0]
    return stem[: NAME_MAX_LENGTH - len(extension)] + extension.lower()


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _check(upload: UploadedFile) -> EvidenceType:
    """The file's type, or a refusal saying why it cannot be attached."""
    limit = settings.CXM_EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise _refused(
            _("“%(name)s” is larger than %(limit)s: it was not attached.")
            % {"name": upload.name, "limit": filesizeformat(limit)},
            "too_large",
        )
    if not upload.size:
        raise _refused(_("“%(name)s” is empty: it was not attached.") % {"name": upload.name}, "empty")
    try:
        kind = evidence_type(upload)
    except ZipBomb:
        raise _refused(
            _("“%(name)s” would unpack to far more than its size: it was not attached.")
            % {"name": upload.name},
            "zip_bomb",
        ) from None
    if kind is None:
        raise _refused(
            _("“%(name)s” is not a PDF, PNG, JPEG, XLSX, DOCX or PPTX file: it was not attached.")
            % {"name": upload.name},
            "type",
        )
    return kind


def evidence_add(*, participant: Participant, question: Question, upload: UploadedFile, by=None) -> Evidence:
    """Attach an uploaded file to the participant's answer to the question (answered or not yet).

    The type is read from the content (``evidence_types``); the file is stored under a random name in the
    "evidence" storage. Refused, with a message for the user and nothing stored: another bank's question, a
    file too large, empty or of another type, a zip bomb, an assessment over its quota or no longer open.
    """
    assessment = participant.assessment
    if question.bank_id != assessment.bank_id:
        raise _refused(_("This question is not part of this assessment."), "foreign_question")
    kind = _check(upload)
    sha256 = _sha256(upload)
    storage = evidence_storage()
    with transaction.atomic():
        # The same lock as answers and the submission: a file is attached before the submission, or refused.
        if not locked_if_open(assessment.pk):
            raise _refused(
                _("This assessment has been submitted; its evidence files can no longer change."), "submitted"
            )
        used = Evidence.objects.filter(participant__assessment=assessment).aggregate(
            total=models.Sum("size", default=0)
        )["total"]
        quota = settings.CXM_EVIDENCE_MAX_ASSESSMENT_BYTES
        if used + upload.size > quota:
            raise _refused(
                _(
                    "“%(name)s” was not attached: an assessment's files may take %(limit)s in all, and "
                    "%(used)s are taken."
                )
                % {"name": upload.name, "limit": filesizeformat(quota), "used": filesizeformat(used)},
                "quota",
            )
        stored = storage.save(f"{assessment.public_id}/{secrets.token_hex(16)}{EXTENSIONS[kind][0]}", upload)
        try:
            evidence = Evidence(
                participant=participant,
                question=question,
                file=stored,
                name=display_name(upload.name, kind),
                content_type=kind,
                size=upload.size,
                sha256=sha256,
                uploaded_by=by,
            )
            evidence.full_clean()
            evidence.save()
        except Exception:
            storage.delete(stored)
            raise
    return evidence


def evidence_delete(*, evidence: Evidence) -> None:
    """Delete a file of an assessment still in progress; a submitted one keeps its files."""
    with transaction.atomic():
        if not locked_if_open(evidence.participant.assessment_id):
            raise _refused(
                _("This assessment has been submitted; its evidence files are kept with it."), "submitted"
            )
        name = evidence.file.name
        evidence.delete()
        transaction.on_commit(lambda: evidence_storage().delete(name))
