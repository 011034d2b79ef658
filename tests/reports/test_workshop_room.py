"""The room of a workshop's result: the spread of participants' own dimension scores and the comparison by
department, small departments pooled so that nobody is singled out."""

import subprocess
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Answer
from assessments.services import agreed_score_set, answer_save, participant_join, workshop_close
from reports.pdf import assessment_report_html, render_pdf
from reports.results.stored import _question_scores
from reports.workshops.room import ParticipantScores, department_comparison, room_view, workshop_room
from reports.workshops.stats import spread
from tests.factories import ConsultantFactory, fetched, option


def people(*departments_and_scores) -> list[ParticipantScores]:
    return [
        ParticipantScores(department, {"strategy": Decimal(score)})
        for department, score in departments_and_scores
    ]


def test_a_spread_is_lowest_mean_highest_and_the_middle_half_by_linear_interpolation():
    result = spread([Decimal(4), Decimal(1), Decimal(3), Decimal(2)])
    assert (result.n, result.low, result.mean, result.high) == (4, 1, Decimal("2.5"), 4)
    assert (result.p25, result.p75) == (Decimal("1.75"), Decimal("3.25"))
    assert (result.range, result.iqr) == (3, Decimal("1.5"))
    assert spread([]).n == 0


def test_departments_of_three_stand_apart_and_the_others_are_pooled():
    rows = people(
        ("Sales", 1), ("Sales", 2), ("Sales", 3),
        ("Service", 4), ("Service", 4), ("Service", 5), ("Service", 5),
        ("IT", 2), ("HR", 3), ("", 4),
    )  # fmt: skip
    comparison, hidden = department_comparison(rows, ["strategy"])
    assert [(row.department, row.n, row.dimensions["strategy"]) for row in comparison] == [
        ("Sales", 3, Decimal(2)),
        ("Service", 4, Decimal("4.5")),
        ("", 3, Decimal(3)),  # IT, HR and the participant without a department
    ]
    assert hidden == 0


def test_a_pool_of_fewer_than_three_is_left_out_rather_than_shown():
    rows = people(("Sales", 1), ("Sales", 2), ("Sales", 3), ("IT", 5), ("HR", 4))
    comparison, hidden = department_comparison(rows, ["strategy"])
    assert [row.department for row in comparison] == ["Sales"]
    assert hidden == 2
    room = room_view(rows, ["strategy"])
    assert room.comparison == ()  # one group compares with nothing
    assert (room.participants, room.departments, room.hidden) == (5, 3, 2)
    assert room.spreads["strategy"].high == 5


def test_undefined_scores_are_left_out_of_the_figures():
    rows = [ParticipantScores("Sales", {"strategy": None}), *people(("Sales", 2), ("Sales", 4))]
    comparison, _hidden = department_comparison(rows, ["strategy"])
    assert comparison[0].n == 3 and comparison[0].dimensions["strategy"] == 3
    assert room_view(rows, ["strategy"]).spreads["strategy"].n == 2


@pytest.mark.django_db
def test_a_closed_workshops_room_comes_from_each_participants_own_answers(workshop, bank):
    vision = bank.questions.get(code="strategy.vision")
    for name, department, level in [
        ("A", "Sales", "1"),
        ("B", "Sales", "3"),
        ("C", "Sales", "5"),
        ("D", "", "2"),
    ]:
        participant = participant_join(workshop=workshop, display_name=name, department=department)
        answer_save(participant=participant, question=vision, options=[option(bank, vision.code, level)])
    workshop_close(workshop=workshop)

    room = workshop_room(workshop.assessment, ["strategy", "voc"])
    assert room.spreads["strategy"].low == 1 and room.spreads["strategy"].high == 5
    assert room.spreads["voc"] is None  # nobody answered voc
    assert room.comparison == () and room.hidden == 1  # Sales alone; D cannot be shown apart


@pytest.mark.django_db
def test_the_results_page_of_a_workshop_shows_the_room_and_a_self_assessment_does_not(
    workshop, bank, consultant, member_client, submitted
):
    vision = bank.questions.get(code="strategy.vision")
    for index, department in enumerate(["Sales", "Sales", "Sales", "IT"]):
        participant = participant_join(workshop=workshop, display_name=f"P{index}", department=department)
        chosen = option(bank, vision.code, str(index + 1))
        answer_save(participant=participant, question=vision, options=[chosen])
    workshop_close(workshop=workshop)

    consultant_client = Client(headers={"accept-language": "en"})
    consultant_client.force_login(consultant.user)
    page = consultant_client.get(reverse("results", args=[workshop.assessment.public_id]))
    html = page.content.decode()
    assert 'id="room-heading"' in html
    assert "4 participants took part." in html and "They came from 2 departments." in html
    assert "1 participant of a small department is not shown apart" in html

    own = member_client.get(reverse("results", args=[submitted.public_id]))
    assert 'id="room-heading"' not in own.content.decode()


@pytest.mark.django_db
def test_the_pdf_of_a_workshop_has_the_room_in_japanese(workshop, bank, tmp_path):
    vision = bank.questions.get(code="strategy.vision")
    for index, department in enumerate(["営業", "営業", "営業", "人事", "人事", "人事"]):
        participant = participant_join(workshop=workshop, display_name=f"P{index}", department=department)
        chosen = option(bank, vision.code, str(index % 5 + 1))
        answer_save(participant=participant, question=vision, options=[chosen])
    workshop_close(workshop=workshop)

    html = assessment_report_html(fetched(workshop.assessment), "ja")
    assert 'id="room"' in html
    assert "参加者は6人でした。参加者の所属は2部署です。" in html
    assert "営業 (3)" in html and "人事 (3)" in html
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(html).data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "参加者の見方" in text and "中央50%" in text


@pytest.fixture
def closed_room(workshop, bank):
    vision = bank.questions.get(code="strategy.vision")
    for index in range(3):
        participant = participant_join(
            workshop=workshop, display_name=f"Secret name {index}", department="Sales"
        )
        chosen = option(bank, vision.code, str(index + 2))
        answer_save(
            participant=participant, question=vision, options=[chosen], comment=f"Secret comment {index}"
        )
    workshop_close(workshop=workshop)
    return workshop


@pytest.mark.django_db
def test_the_consultancy_shares_a_summary_without_anyones_answers(closed_room, consultant, client):
    summary = reverse("workshop_summary", args=[closed_room.join_code])
    share = reverse("workshop_summary_share", args=[closed_room.assessment.public_id])
    assert client.get(summary).status_code == 404  # not shared yet

    assert client.post(share, {"shared": "1"}).status_code == 302  # anonymous: to the log-in page
    client.force_login(ConsultantFactory().user)
    assert client.post(share, {"shared": "1"}).status_code == 404
    closed_room.refresh_from_db()
    assert not closed_room.summary_shared

    client.force_login(consultant.user)
    results = client.get(reverse("results", args=[closed_room.assessment.public_id])).content.decode()
    assert "Share a summary with the participants" in results
    assert client.post(share, {"shared": "1"}).status_code == 302
    closed_room.refresh_from_db()
    assert closed_room.summary_shared

    client.logout()
    page = client.get(summary)
    html = page.content.decode()
    assert page.status_code == 200
    assert closed_room.title in html and 'id="room-heading"' in html
    assert "Secret name" not in html and "Secret comment" not in html
    assert "Share a summary" not in html


@pytest.mark.django_db
def test_a_summary_is_not_shown_before_the_workshop_closes_nor_for_a_wrong_code(workshop, client):
    workshop.summary_shared = True
    workshop.save()
    assert client.get(reverse("workshop_summary", args=[workshop.join_code])).status_code == 404
    for code in ("not-a-code", "a" * 26, "%00"):
        assert client.get(f"/w/{code}/summary/").status_code == 404


@pytest.mark.django_db
def test_the_plan_of_a_workshop_sees_the_agreed_score_of_a_question(workshop, bank):
    vision = bank.questions.get(code="strategy.vision")
    for index, level in enumerate(["1", "1", "2"]):
        participant = participant_join(workshop=workshop, display_name=f"P{index}")
        answer_save(participant=participant, question=vision, options=[option(bank, vision.code, level)])
    agreed_score_set(workshop=workshop, question=vision, score="4.5")
    workshop_close(workshop=workshop)
    answers = Answer.objects.filter(participant__assessment=workshop.assessment).select_related("question")
    question_scores = _question_scores(workshop.assessment, answers)
    assert question_scores == {"strategy.vision": Decimal("4.5")}  # not the mean, 1.33
