"""The bank editor's whole path through the pages: a new 4-dimension bank written as an Excel workbook,
uploaded with a problem and told where it is, uploaded again as a draft, previewed in both languages,
published; a second version from a second workbook, compared with the first; and a workshop started on it."""

import copy
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.banks import DEFAULT_BANK_FILE, parse_bank
from assessments.banks.workbook import document_to_workbook
from assessments.models import QuestionBank, Workshop
from tests.assessments.bank_editor import staff_client
from tests.factories import ClientFactory, ConsultantFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetml.sheet"


def four_dimensions(version: str) -> dict:
    """A retail bank of the default bank's first four dimensions, as a draft of its own slug."""
    document = copy.deepcopy(parse_bank(DEFAULT_BANK_FILE.read_bytes()))
    document.update(slug="retail-cx", version=version, status="draft")
    document["title"] = {"en": "Retail CX", "ja": "小売CX"}
    document["dimensions"] = document["dimensions"][:4]
    return document


def upload(client, document: dict, name: str = "retail.xlsx"):
    workbook = SimpleUploadedFile(name, document_to_workbook(document), content_type=XLSX)
    return client.post(reverse("bank_import"), {"file": workbook})


def test_an_editor_builds_publishes_revises_and_compares_a_bank_from_excel():
    editor = staff_client(editor=True)

    # A workbook with an empty Japanese question text: every problem is listed, nothing is written.
    broken = four_dimensions("1.0")
    broken["dimensions"][1]["questions"][0]["text"]["ja"] = ""
    refused = upload(editor, broken)
    assert refused.status_code == 422
    assert "questions" in refused.text and "text_ja" in refused.text
    assert not QuestionBank.objects.filter(slug="retail-cx").exists()

    # Fixed: a draft, opened in the editor.
    response = upload(editor, four_dimensions("1.0"))
    first = QuestionBank.objects.get(slug="retail-cx", version="1.0")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:assessments_questionbank_change", args=[first.pk])
    assert (first.status, first.dimensions.count()) == (QuestionBank.Status.DRAFT, 4)

    # Previewed in both languages.
    for language, text in (("en", "Retail CX"), ("ja", "小売CX")):
        key = f"{first.pk}-{language}"
        preview = editor.get(reverse("admin:assessments_questionbank_preview", args=[key, "strategy"]))
        assert preview.status_code == 200 and text in preview.text

    # Published.
    publish = reverse("admin:assessments_questionbank_publish", args=[first.pk])
    assert editor.post(publish).status_code == 302
    first.refresh_from_db()
    assert first.status == QuestionBank.Status.PUBLISHED

    # Version 1.1 from a second workbook: a question re-weighted and a Japanese descriptor reworded.
    revised = four_dimensions("1.1")
    question = revised["dimensions"][0]["questions"][0]
    question["weight"] = 2
    question["options"][2]["label"]["ja"] = "ビジョンが文書になり、毎月の会議で参照されている。"
    assert upload(editor, revised).status_code == 302
    second = QuestionBank.objects.get(slug="retail-cx", version="1.1")
    assert editor.post(reverse("admin:assessments_questionbank_publish", args=[second.pk])).status_code == 302

    # Compared with its previous version: comparable for benchmarks, the changes named.
    compare = editor.get(reverse("bank_compare", args=["retail-cx"]), {"from": "1.0", "to": "1.1"})
    assert compare.status_code == 200
    assert question["code"] in compare.text
    assert "<ins" in compare.text and "文書になり" in compare.text
    assert compare.context["diff"].comparability.comparable

    # Used: a consultant's new workshop offers the latest published version, and runs on it.
    consultant = ConsultantFactory()
    client_organization = ClientFactory(consultancy=consultant.consultancy)
    editor.force_login(consultant.user)
    url = reverse("workshop_create", args=[client_organization.public_id])
    form = editor.get(url)
    assert "小売CX" in form.text or "Retail CX" in form.text
    created = editor.post(
        url, {"title": "Retail kick-off", "date": date(2026, 12, 3), "answers": "named", "bank": second.pk}
    )
    assert created.status_code == 302
    assert Workshop.objects.get(title="Retail kick-off").assessment.bank == second
