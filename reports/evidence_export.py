"""A submitted assessment's answers and evidence files as one ZIP: the answers CSV, and each file in a folder
named after its question's code (a workshop's files under the participant's id too)."""

import shutil
import tempfile
import zipfile
from typing import IO

from assessments.models import Assessment, Evidence

from .answer_exports import answers_csv

CHUNK = 1024 * 1024


def _unique(path: str, taken: set[str]) -> str:
    """``path``, or ``path`` numbered before its extension when a file of that name is already in the ZIP."""
    stem, dot, extension = path.rpartition(".")
    number = 1
    while path in taken:
        number += 1
        path = f"{stem} ({number}).{extension}" if dot else f"{path} ({number})"
    taken.add(path)
    return path


def answers_and_evidence_zip(assessment: Assessment) -> IO[bytes]:
    """A temporary file holding the ZIP, at its start (the files may take up to the assessment's quota, so
    not in memory). Queries: the answers CSV's, and the files with their questions and participants."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- handed to the response, which closes it
    files = (
        Evidence.objects.filter(participant__assessment=assessment)
        .select_related("question", "participant")
        .order_by("question__dimension__order", "question__order", "participant_id", "pk")
    )
    workshop = assessment.mode == Assessment.Mode.WORKSHOP
    taken: set[str] = set()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"cx-maturity-answers-{assessment.public_id}.csv", answers_csv(assessment))
        for evidence in files:
            folder = f"evidence/{evidence.question.code}"
            if workshop:
                folder += f"/{evidence.participant.public_id}"
            path = _unique(f"{folder}/{evidence.name}", taken)
            with evidence.file.open("rb") as source, archive.open(path, "w") as target:
                shutil.copyfileobj(source, target, CHUNK)
    out.seek(0)
    return out
