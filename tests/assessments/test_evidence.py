"""Evidence files: what is accepted (by content), what is refused and why, who may read them, and that a
submitted assessment keeps them."""

import hashlib
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from assessments.models import Evidence
from assessments.services import assessment_submit, evidence_add
from assessments.services.evidence import display_name
from tests.evidence_files import ALLOWED, image, office, pdf, stored_files, upload, zip_bomb
from tests.factories import ClientFactory, MembershipFactory, answer_all

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
QUESTION = "strategy.vision"
DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template"


def attach_url(assessment, code=QUESTION):
    return reverse("assessment_evidence", args=[assessment.public_id, code])


def delete_url(assessment, evidence):
    return reverse("assessment_evidence_delete", args=[assessment.public_id, evidence.public_id])


def download_url(evidence):
    return reverse("evidence_download", args=[evidence.public_id])


def post_file(client, assessment, name, data, *, language="en", code=QUESTION):
    return client.post(
        attach_url(assessment, code),
        {f"{code}-evidence": upload(name, data, "application/pdf")},
        headers={**HTMX, "Accept-Language": language},
    )


@pytest.fixture
def attached(evidence_dir, participant, bank, member):
    """A PDF with a Japanese name attached to the member's answer to the first question."""
    question = bank.questions.get(code=QUESTION)
    return evidence_add(
        participant=participant, question=question, upload=upload("顧客の声 2026.pdf", pdf()), by=member.user
    )


# What is accepted: the six types, each by its content.


@pytest.mark.parametrize("name", ALLOWED)
def test_each_allowed_type_is_accepted_by_its_content(member_client, assessment, evidence_dir, name):
    make, content_type = ALLOWED[name]
    data = make()
    response = post_file(member_client, assessment, name, data)
    assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert (evidence.name, evidence.content_type, evidence.size) == (name, content_type, len(data))
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert name in response.content.decode()
    # Stored under a random name in the evidence directory, never under the user's name.
    [path] = stored_files(evidence_dir)
    assert path.read_bytes() == data
    assert name not in str(path) and path.parent.name == assessment.public_id


def test_a_png_named_pdf_is_stored_as_a_png_with_the_right_extension(member_client, assessment, evidence_dir):
    assert post_file(member_client, assessment, "scan.pdf", image("PNG")).status_code == 200
    evidence = Evidence.objects.get()
    assert (evidence.content_type, evidence.name) == ("image/png", "scan.png")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"),  # a Windows program
        ("page.png", b"<!doctype html><script>alert(1)</script>"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("notes.docx", office("docx", content_type=DOTX)),  # a Word template (.dotx) is not among the types
        ("archive.xlsx", b"PK\x03\x04not really a zip"),
    ],
)
def test_other_files_are_refused_whatever_their_name(member_client, assessment, evidence_dir, name, data):
    response = post_file(member_client, assessment, name, data)
    assert response.status_code == 422
    assert "is not a PDF, PNG, JPEG, XLSX, DOCX or PPTX file" in response.content.decode()
    assert not Evidence.objects.exists() and not stored_files(evidence_dir)


def test_a_zip_bomb_dressed_as_a_docx_is_refused(member_client, assessment, evidence_dir):
    response = post_file(member_client, assessment, "minutes.docx", zip_bomb())
    assert response.status_code == 422
    assert "would unpack to far more than its size" in response.content.decode()
    assert not Evidence.objects.exists() and not stored_files(evidence_dir)


def test_a_file_over_the_limit_is_refused_in_the_users_language(
    member_client, assessment, evidence_dir, settings
):
    settings.CXM_EVIDENCE_MAX_BYTES = 1024 * 1024
    data = pdf() + bytes(1024 * 1024)
    response = post_file(member_client, assessment, "big.pdf", data, language="ja")
    assert response.status_code == 422
    with translation.override("ja"):
        assert "1.0\xa0MB" in response.content.decode() and "添付" in response.content.decode()
    assert not Evidence.objects.exists() and not stored_files(evidence_dir)


def test_a_file_over_the_assessments_quota_is_refused(member_client, assessment, evidence_dir, settings):
    settings.CXM_EVIDENCE_MAX_ASSESSMENT_BYTES = 1000
    assert post_file(member_client, assessment, "one.pdf", pdf() + bytes(500)).status_code == 200
    response = post_file(member_client, assessment, "two.pdf", pdf() + bytes(500))
    assert response.status_code == 422
    assert "may take 1000\xa0bytes in all, and 577\xa0bytes are taken" in response.content.decode()
    assert Evidence.objects.count() == 1 and len(stored_files(evidence_dir)) == 1


def test_posting_no_file_says_so(member_client, assessment, evidence_dir):
    response = member_client.post(attach_url(assessment), {}, headers=HTMX)
    assert response.status_code == 422
    assert "Choose a file to attach first." in response.content.decode()


@pytest.mark.parametrize(
    ("given", "kind", "shown"),
    [
        ("../../etc/passwd.pdf", "application/pdf", "passwd.pdf"),
        ("C:\\Users\\aiko\\報告書.PDF", "application/pdf", "報告書.pdf"),
        ("a\x00b\u202ecod.exe", "application/pdf", "abcod.pdf"),
        ("...", "image/png", "evidence.png"),
        ("photo.jpeg", "image/jpeg", "photo.jpeg"),
    ],
)
def test_file_names_are_cleaned(given, kind, shown):
    with translation.override("en"):
        assert display_name(given, kind) == shown


# The page: the files under their question, a plain form post without JavaScript.


def test_the_page_lists_the_files_under_their_question(member_client, assessment, attached):
    page = member_client.get(reverse("assessment_dimension", args=[assessment.public_id, "strategy"]))
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "顧客の声 2026.pdf" in html and download_url(attached) in html
    assert 'for="q-strategy.vision-file"' in html


def test_a_file_can_be_attached_without_javascript(member_client, assessment, evidence_dir, participant):
    page = reverse("assessment_dimension", args=[assessment.public_id, "strategy"])
    response = member_client.post(
        page,
        {"strategy.vision-option": "3", "attach": QUESTION, f"{QUESTION}-evidence": upload("a.pdf", pdf())},
    )
    assert response.status_code == 302 and response["Location"] == f"{page}#q-{QUESTION}"
    assert Evidence.objects.get().name == "a.pdf"
    assert participant.answers.get().question.code == QUESTION  # the page's answers were saved too


# Who may read a file: walk anonymous → other organization → the member → the client's consultant.


def test_anonymous_is_sent_to_log_in(client, attached):
    response = client.get(download_url(attached))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_another_organization_gets_404(client, attached):
    client.force_login(MembershipFactory().user)
    assert client.get(download_url(attached)).status_code == 404


def test_the_member_downloads_it_as_an_attachment_never_cached(member_client, attached):
    response = member_client.get(download_url(attached))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E9%A1%A7%E5%AE%A2%E3%81%AE%E5%A3%B0%202026.pdf"
    )
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_consultant_of_a_client_reads_its_files_and_of_no_other(client, consultant, bank, evidence_dir):
    from assessments.services import assessment_start

    organization = ClientFactory(consultancy=consultant.consultancy)
    owner = MembershipFactory(organization=organization)
    assessment = assessment_start(organization=organization, bank=bank, by=owner.user)
    evidence = evidence_add(
        participant=assessment.participants.get(),
        question=bank.questions.get(code=QUESTION),
        upload=upload("plan.pdf", pdf()),
    )
    client.force_login(consultant.user)
    assert client.get(download_url(evidence)).status_code == 200
    client.force_login(MembershipFactory().user)
    assert client.get(download_url(evidence)).status_code == 404


def test_another_organization_can_neither_attach_nor_delete(client, assessment, attached):
    client.force_login(MembershipFactory().user)
    assert post_file(client, assessment, "x.pdf", pdf()).status_code == 404
    assert client.post(delete_url(assessment, attached), headers=HTMX).status_code == 404
    assert Evidence.objects.count() == 1


# Deleting: while in progress, not after the submission.


def test_a_file_is_deleted_while_the_assessment_is_in_progress(
    member_client, assessment, attached, evidence_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(delete_url(assessment, attached), headers=HTMX)
    assert response.status_code == 200
    assert "顧客の声" not in response.content.decode()
    assert not Evidence.objects.exists() and not stored_files(evidence_dir)


def test_a_submitted_assessment_keeps_its_files(
    member_client, assessment, participant, bank, member, attached, evidence_dir
):
    answer_all(participant, bank)
    assessment_submit(assessment=assessment, by=member.user)
    response = member_client.post(delete_url(assessment, attached), headers={"Accept-Language": "en"})
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["This assessment has been submitted; its evidence files are kept with it."]
    refused = post_file(member_client, assessment, "late.pdf", pdf())
    assert refused.status_code == 422 and "can no longer change" in refused.content.decode()
    assert Evidence.objects.count() == 1 and len(stored_files(evidence_dir)) == 1
    assert member_client.get(download_url(attached)).status_code == 200


def test_zip_bomb_check_reads_only_the_directory(settings):
    """The check trusts the sizes the zip declares and never unpacks the padding."""
    import io

    from assessments.evidence_types import ZipBomb, evidence_type

    with pytest.raises(ZipBomb):
        evidence_type(io.BytesIO(zip_bomb()))
    assert zipfile.is_zipfile(io.BytesIO(zip_bomb()))
