"""Evidence files in the reports: listed per answer on the results page, named in the PDF appendix, packed
with the answers CSV in a ZIP; the results page's queries do not grow with the number of files."""

import io
import zipfile

import pytest
from django.urls import reverse

from assessments.models import Evidence, Question
from assessments.services import assessment_submit, evidence_add
from reports.pdf import assessment_report_html
from tests.evidence_files import image, pdf, upload
from tests.factories import MembershipFactory, answer_all, fetched

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_files(evidence_dir, assessment, participant, bank, member):
    """The member's assessment, submitted with two files on one answer (same name) and one on another."""
    answer_all(participant, bank)
    vision, voc = Question.objects.get(code="strategy.vision"), Question.objects.filter(bank=bank).last()
    for question, name, data in [
        (vision, "顧客の声.pdf", pdf()),
        (vision, "顧客の声.pdf", pdf() + b"%second"),
        (voc, "journey.png", image("PNG")),
    ]:
        evidence_add(participant=participant, question=question, upload=upload(name, data), by=member.user)
    assessment_submit(assessment=assessment, by=member.user)
    return fetched(assessment)


def test_the_results_page_lists_each_answers_files_and_the_zip(member_client, with_files):
    html = member_client.get(reverse("results", args=[with_files.public_id])).content.decode()
    assert html.count("顧客の声.pdf") == 2 and "journey.png" in html
    assert reverse("results_evidence_zip", args=[with_files.public_id]) in html


def test_without_files_the_results_page_offers_no_zip(member_client, submitted):
    html = member_client.get(reverse("results", args=[submitted.public_id])).content.decode()
    assert "evidence.zip" not in html


def test_the_results_page_queries_do_not_grow_with_the_files(
    member_client, with_files, participant, django_assert_num_queries, evidence_dir
):
    url = reverse("results", args=[with_files.public_id])
    member_client.get(url)
    # The session, the user, the assessment (with its organization, bank, result and metrics), the dimension
    # results, the levels, the answers, their options, the evidence files (one query for all of them), the
    # recommendations, the previous assessment's dimension results, the peers' count.
    with django_assert_num_queries(11):
        member_client.get(url)
    # Ten more files: still the one query that reads them all (Evidence by assessment, in the order given).
    question = Question.objects.get(code="strategy.vision")
    template = Evidence.objects.first()
    Evidence.objects.bulk_create(
        Evidence(
            participant=participant,
            question=question,
            file=template.file.name,
            name=f"more-{number}.pdf",
            content_type=template.content_type,
            size=template.size,
            sha256=template.sha256,
        )
        for number in range(10)
    )
    with django_assert_num_queries(11):
        member_client.get(url)


def test_the_pdf_appendix_names_the_files_and_sizes(with_files):
    html = assessment_report_html(with_files, "en")  # the HTML WeasyPrint renders
    appendix = html[html.index('id="appendix"') :]
    assert "Evidence files: 顧客の声.pdf (77\xa0bytes), 顧客の声.pdf (84\xa0bytes)" in appendix
    assert "journey.png" in appendix


def test_the_zip_holds_the_answers_csv_and_the_files_by_question(member_client, with_files):
    response = member_client.get(reverse("results_evidence_zip", args=[with_files.public_id]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        names = archive.namelist()
        assert names[0] == f"cx-maturity-answers-{with_files.public_id}.csv"
        assert "evidence/strategy.vision/顧客の声.pdf" in names
        assert "evidence/strategy.vision/顧客の声 (2).pdf" in names
        assert archive.read("evidence/strategy.vision/顧客の声 (2).pdf") == pdf() + b"%second"
        assert len(names) == 4


def test_the_zip_is_404_for_another_organization(client, with_files):
    client.force_login(MembershipFactory().user)
    assert client.get(reverse("results_evidence_zip", args=[with_files.public_id])).status_code == 404
