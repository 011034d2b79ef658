"""The answers as CSV and XLSX: one row per participant × question, both languages, fixed query counts."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from assessments.models import Answer, Participant
from reports.answer_exports import answer_rows
from tests.factories import MembershipFactory, at_level, submit

pytestmark = pytest.mark.django_db

HEADER = [
    "Assessment",
    "Organization",
    "Question bank",
    "Bank version",
    "Submitted at",
    "Participant",
    "Participant name",
    "Dimension code",
    "Dimension (English)",
    "Dimension (Japanese)",
    "Question code",
    "Question (English)",
    "Question (Japanese)",
    "Question type",
    "Option codes",
    "Options",
    "Not applicable",
    "Score",
    "Comment",
]


def csv_url(assessment):
    return reverse("results_csv", args=[assessment.public_id])


def xlsx_url(assessment):
    return reverse("results_xlsx", args=[assessment.public_id])


def by_question(header, rows):
    return {row[header.index("Question code")]: dict(zip(header, row, strict=True)) for row in rows}


# The rows


def test_one_row_per_question_with_both_languages(submitted, participant, member):
    header, rows = answer_rows(submitted)
    assert header == HEADER
    assert len(rows) == 4
    answers = by_question(header, rows)
    assert list(answers) == ["strategy.vision", "strategy.budget", "voc.surveys", "voc.metrics"]  # bank order
    vision = answers["strategy.vision"]
    assert vision["Assessment"] == submitted.public_id
    assert vision["Organization"] == submitted.organization.name
    assert (vision["Question bank"], vision["Bank version"]) == ("test-bank", "1.0")
    assert vision["Submitted at"].endswith("+09:00")
    assert vision["Participant"] == participant.public_id
    assert vision["Participant name"] == member.user.name
    assert (vision["Dimension code"], vision["Dimension (English)"], vision["Dimension (Japanese)"]) == (
        "strategy",
        "Strategy",
        "Strategy（日本語）",
    )
    assert vision["Question (English)"] == "How mature is strategy.vision?"
    assert vision["Question (Japanese)"] == "How mature is strategy.vision?（日本語）"
    assert (vision["Question type"], vision["Option codes"], vision["Options"]) == (
        "level",
        "4",
        "strategy.vision at level 4",
    )
    assert (vision["Not applicable"], vision["Score"], vision["Comment"]) == (False, Decimal("4.00"), "")
    surveys = answers["voc.surveys"]
    assert (surveys["Not applicable"], surveys["Score"], surveys["Comment"]) == (True, None, "No surveys yet")
    metrics = answers["voc.metrics"]
    assert (metrics["Option codes"], metrics["Options"], metrics["Score"]) == (
        "a; c",
        "practice 0; practice 2",
        Decimal("4.00"),
    )


def test_option_labels_follow_the_active_language(submitted):
    with translation.override("ja"):
        header, rows = answer_rows(submitted)
    # The header is in Japanese too: the question code is the 11th column, the option labels the 16th.
    assert header[10] == "設問コード"
    assert header[15] == "選択肢"
    (metrics,) = [row for row in rows if row[10] == "voc.metrics"]
    assert metrics[15] == "practice 0（日本語）; practice 2（日本語）"


def test_unanswered_questions_and_every_participant_have_rows(submitted):
    silent = Participant.objects.create(assessment=submitted, display_name="Silent attendee")
    header, rows = answer_rows(submitted)
    assert len(rows) == 2 * 4
    theirs = [dict(zip(header, row, strict=True)) for row in rows if row[5] == silent.public_id]
    assert [row["Question code"] for row in theirs] == [
        "strategy.vision",
        "strategy.budget",
        "voc.surveys",
        "voc.metrics",
    ]
    assert all(
        (row["Participant name"], row["Option codes"], row["Not applicable"], row["Score"], row["Comment"])
        == ("Silent attendee", "", False, None, "")
        for row in theirs
    )


@pytest.mark.parametrize("use_default_bank", [False, True])
@pytest.mark.parametrize("participants", [1, 3])
def test_the_rows_need_four_queries_whatever_the_size(
    request, member, django_assert_num_queries, use_default_bank, participants
):
    bank = request.getfixturevalue("default_bank" if use_default_bank else "bank")
    assessment = submit(member.organization, bank, at_level(3), by=member.user)
    for n in range(participants - 1):
        Participant.objects.create(assessment=assessment, display_name=f"Attendee {n}")
    # 1 participants with users, 2 questions with dimensions, 3 answers, 4 the answers' options.
    with django_assert_num_queries(4):
        header, rows = answer_rows(assessment)
    assert len(rows) == participants * bank.questions.count()


# CSV


def test_the_csv_download(member_client, submitted):
    submitted.organization.name = "株式会社テスト"
    submitted.organization.save()
    response = member_client.get(csv_url(submitted))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="cx-maturity-answers-{submitted.public_id}.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM, so Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert len(rows) == 1 + 4
    answers = by_question(rows[0], rows[1:])
    assert answers["strategy.vision"]["Organization"] == "株式会社テスト"
    assert answers["strategy.vision"]["Question (English)"] == "How mature is strategy.vision?"
    assert answers["strategy.vision"]["Question (Japanese)"] == "How mature is strategy.vision?（日本語）"
    assert (answers["voc.surveys"]["Not applicable"], answers["voc.surveys"]["Score"]) == ("true", "")
    assert (answers["strategy.budget"]["Not applicable"], answers["strategy.budget"]["Score"]) == (
        "false",
        "2.50",
    )


def test_the_csv_in_japanese_labels_the_options_in_japanese(member_client, submitted):
    response = member_client.get(csv_url(submitted), headers={"accept-language": "ja"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "strategy.vision at level 4（日本語）" in rows[1]


def test_a_comment_that_looks_like_a_formula_stays_text(member_client, submitted):
    Answer.objects.filter(question__code="strategy.vision").update(comment='=HYPERLINK("http://x","y")')
    rows = list(csv.reader(io.StringIO(member_client.get(csv_url(submitted)).content.decode("utf-8-sig"))))
    assert by_question(rows[0], rows[1:])["strategy.vision"]["Comment"] == '\'=HYPERLINK("http://x","y")'
    workbook = openpyxl.load_workbook(io.BytesIO(member_client.get(xlsx_url(submitted)).content))
    comments = [row[18] for row in workbook["Answers"].iter_rows(min_row=2)]
    assert comments[0].value == '=HYPERLINK("http://x","y")'
    assert comments[0].data_type == "s"


@pytest.mark.parametrize("start", ["＝", "＋", "－", "＠"])
def test_a_comment_starting_with_a_full_width_formula_sign_stays_text(member_client, submitted, start):
    comment = f'{start}HYPERLINK("http://x","y")'
    Answer.objects.filter(question__code="strategy.vision").update(comment=comment)
    rows = list(csv.reader(io.StringIO(member_client.get(csv_url(submitted)).content.decode("utf-8-sig"))))
    assert by_question(rows[0], rows[1:])["strategy.vision"]["Comment"] == "'" + comment
    workbook = openpyxl.load_workbook(io.BytesIO(member_client.get(xlsx_url(submitted)).content))
    cell = next(workbook["Answers"].iter_rows(min_row=2))[18]
    assert (cell.value, cell.data_type) == (comment, "s")


# XLSX


def test_the_xlsx_download(member_client, submitted):
    Answer.objects.filter(question__code="voc.metrics").update(comment="Tab\tand form feed\x0c in a comment")
    response = member_client.get(xlsx_url(submitted))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="cx-maturity-answers-{submitted.public_id}.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Answers", "Dimensions"]

    sheet = workbook["Answers"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER
    assert len(rows) == 1 + 4
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    answers = by_question(rows[0], rows[1:])
    assert answers["strategy.vision"]["Question (Japanese)"] == "How mature is strategy.vision?（日本語）"
    assert answers["strategy.vision"]["Score"] == 4
    assert answers["voc.surveys"]["Not applicable"] is True
    assert answers["voc.metrics"]["Comment"] == "Tab\tand form feed in a comment"  # control character dropped
    assert sheet.column_dimensions["L"].width > sheet.column_dimensions["D"].width  # question text vs version
    assert sheet.cell(row=2, column=HEADER.index("Comment") + 1).alignment.wrap_text

    dimensions = [[cell.value for cell in row] for row in workbook["Dimensions"].iter_rows()]
    assert dimensions[0][:4] == ["Dimension code", "Dimension (English)", "Dimension (Japanese)", "Score"]
    assert [row[:4] for row in dimensions[1:]] == [
        ["strategy", "Strategy", "Strategy（日本語）", 3.25],
        ["voc", "Voc", "Voc（日本語）", 4],
    ]


# Access and queries


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
def test_anonymous_is_sent_to_log_in(client, submitted, url):
    response = client.get(url(submitted))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
def test_other_organization_gets_404(client, submitted, url):
    client.force_login(MembershipFactory().user)
    assert client.get(url(submitted)).status_code == 404


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
def test_an_assessment_in_progress_gets_404(member_client, assessment, url):
    assert member_client.get(url(assessment)).status_code == 404


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
def test_member_gets_200(member_client, submitted, url):
    assert member_client.get(url(submitted)).status_code == 200


@pytest.mark.parametrize("url", [csv_url, xlsx_url])
def test_downloads_accept_only_get(member_client, submitted, url):
    assert member_client.post(url(submitted)).status_code == 405


@pytest.mark.parametrize("use_default_bank", [False, True])
@pytest.mark.parametrize(("url", "queries"), [(csv_url, 7), (xlsx_url, 8)])
def test_the_downloads_need_the_same_queries_whatever_the_bank(
    request, member, client, django_assert_num_queries, use_default_bank, url, queries
):
    bank = request.getfixturevalue("default_bank" if use_default_bank else "bank")
    assessment = submit(member.organization, bank, at_level(2), by=member.user)
    Participant.objects.create(assessment=assessment, display_name="Second attendee")
    client.force_login(member.user)
    # 1 session, 2 user, 3 the assessment with organization, bank and result (membership checked in the
    # join), 4 participants with users, 5 questions with dimensions, 6 answers, 7 the answers' options;
    # the XLSX also 8 the dimension results with dimensions.
    with django_assert_num_queries(queries):
        response = client.get(url(assessment))
    assert response.status_code == 200


def test_the_xlsx_in_japanese_names_its_sheets_and_headers_in_japanese(member_client, submitted):
    response = member_client.get(xlsx_url(submitted), headers={"accept-language": "ja"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["回答", "領域"]
    assert workbook["回答"]["L1"].value == "設問（英語）"
