"""Small real files of every evidence type, and files that only pretend to be one, for the evidence tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

OFFICE_MAIN = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
}


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def image(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 200)).save(out, kind)
    return out.getvalue()


def xlsx() -> bytes:
    out = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "NPS"
    workbook.save(out)
    return out.getvalue()


def content_types(main_part: str, content_type: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{content_type}.main+xml"/></Types>'
    )


def office(kind: str, *, extra: dict[str, bytes] | None = None, content_type: str = "") -> bytes:
    """A minimal DOCX or PPTX: a zip whose ``[Content_Types].xml`` names its main part (of ``content_type``
    if given)."""
    main_part, usual = OFFICE_MAIN[kind]
    content_type = content_type or usual
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types(main_part, content_type))
        archive.writestr(main_part, "<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A DOCX on the outside: 20 MB of zeros packed into some 20 kB (a ratio over 100)."""
    return office("docx", extra={"word/media/padding.bin": bytes(20 * 1024 * 1024)})


ALLOWED = {
    "report.pdf": (pdf, "application/pdf"),
    "chart.png": (lambda: image("PNG"), "image/png"),
    "photo.jpg": (lambda: image("JPEG"), "image/jpeg"),
    "metrics.xlsx": (xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "minutes.docx": (lambda: office("docx"), OFFICE_MAIN["docx"][1]),
    "deck.pptx": (lambda: office("pptx"), OFFICE_MAIN["pptx"][1]),
}


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(directory) -> list:
    return [path for path in directory.rglob("*") if path.is_file()] if directory.exists() else []
