"""What an uploaded evidence file is, read from its content, never from its name or the browser's word:
PDF, PNG and JPEG by their signatures; XLSX, DOCX and PPTX as zips whose ``[Content_Types].xml`` names the
main part of a workbook, a document or a presentation."""

import re
import zipfile
from typing import BinaryIO

from django.conf import settings

from .models.evidence import EvidenceType
from .zips import unpacks_too_much

SIGNATURES = [
    (b"%PDF-", EvidenceType.PDF),
    (b"\x89PNG\r\n\x1a\n", EvidenceType.PNG),
    (b"\xff\xd8\xff", EvidenceType.JPEG),
]
ZIP_SIGNATURE = b"PK\x03\x04"
# The main part's content type of each Office format (the macro-enabled variants are not among them).
OFFICE_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": EvidenceType.XLSX,
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": EvidenceType.DOCX,
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": EvidenceType.PPTX,
}
CONTENT_TYPES_PART = "[Content_Types].xml"
CONTENT_TYPES_MAX_BYTES = 256 * 1024  # a real one is a few kilobytes
CONTENT_TYPE_ATTRIBUTE = re.compile(rb'ContentType\s*=\s*"([^"]*)"')


class ZipBomb(Exception):
    """A zip that declares it unpacks to far more than an evidence file may."""


def evidence_type(file: BinaryIO) -> EvidenceType | None:
    """The type of an evidence file from its content, or None for any other file. Raises ``ZipBomb`` for an
    Office-looking zip that would unpack to too much. Reads at most the signature and, for a zip, its
    directory and a bounded ``[Content_Types].xml``; leaves the file at its start."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(ZIP_SIGNATURE):
        try:
            return _office_type(file)
        finally:
            file.seek(0)
    return None


def _office_type(file: BinaryIO) -> EvidenceType | None:
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if unpacks_too_much(members, settings.CXM_EVIDENCE_MAX_UNPACKED_BYTES):
                raise ZipBomb
            part = next((member for member in members if member.filename == CONTENT_TYPES_PART), None)
            if part is None or part.file_size > CONTENT_TYPES_MAX_BYTES:
                return None
            with archive.open(part) as stream:
                content_types = stream.read(CONTENT_TYPES_MAX_BYTES + 1)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,  # zipfile's answer to a compression method it cannot read: not an Office file
        RuntimeError,
        ValueError,
        EOFError,
    ):
        return None
    # A regular expression, not an XML parser: nothing in the file is expanded or resolved.
    named = set(CONTENT_TYPE_ATTRIBUTE.findall(content_types[:CONTENT_TYPES_MAX_BYTES]))
    kinds = {kind for main_part, kind in OFFICE_MAIN_PARTS.items() if main_part in named}
    return kinds.pop() if len(kinds) == 1 else None
