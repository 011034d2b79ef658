"""A closed workshop's report: the consensus by question (the figures of the result document's question
blocks), who took part, the PDF's consensus appendix in place of every answer, and the results page's
Consensus section and per-question answers; names only in a named workshop."""

import subprocess
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from assessments.services import (
    agreed_score_set,
    answer_save,
    participant_join,
    revote_start,
    workshop_close,
    workshop_start,
)
from reports.charts.distribution import distribution_chart
from reports.exports import result_document, submitted_assessments
from reports.pdf import assessment_report_html, render_pdf
from reports.workshops.consensus import attendance, workshop_consensus
from tests.factories import ClientFactory, fetched, option

# Per participant: name, department, and question code -> option codes or "na". The small bank:
# strategy.vision (level), strategy.budget (choice: a 1, b 2.5, c 5), voc.surveys (level, N/A allowed),
# voc.metrics (checklist of weights 1, 1, 2).
PEOPLE = [
    ("Aiko", "Sales", {"strategy.vision": ["1"], "strategy.budget": ["b"], "voc.surveys": ["2"],
                       "voc.metrics": ["a"]}),
    ("Ben", "Sales", {"strategy.vision": ["4"], "strategy.budget": ["c"], "voc.surveys": "na",
                      "voc.metrics": []}),
    ("Chie", "Sales", {"strategy.vision": ["3"], "strategy.budget": ["a"], "voc.surveys": ["3"]}),
    ("Daiki", "IT", {"strategy.vision": ["3"], "strategy.budget": ["b"], "voc.surveys": ["2"],
                     "voc.metrics": ["c"]}),
]  # fmt: skip


def answer(workshop, bank, people, *, comment=True) -> None:
    questions = {question.code: question for question in bank.questions.all()}
    for name, department, answers in people:
        participant = participant_join(workshop=workshop, display_name=name, department=department)
        for code, chosen in answers.items():
            if chosen == "na":
                answer_save(participant=participant, question=questions[code], not_applicable=True)
            else:
                answer_save(
                    participant=participant,
                    question=questions[code],
                    options=[option(bank, code, choice) for choice in chosen],
                    comment=f"{name} on {code}" if comment and code == "strategy.vision" else "",
                )


@pytest.fixture
def closed(workshop, bank, consultant):
    """The named workshop, answered by PEOPLE: strategy.vision has no consensus (1 to 4) and an agreed 2.5."""
    answer(workshop, bank, PEOPLE)
    consultant.user.name = "Mika Sato"
    consultant.user.save()
    vision = bank.questions.get(code="strategy.vision")
    agreed_score_set(
        workshop=workshop, question=vision, score="2.5", rationale="Written, not lived", by=consultant.user
    )
    workshop_close(workshop=workshop, by=consultant.user)
    workshop.refresh_from_db()
    return workshop


def consultant_client(workshop) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(workshop.assessment.organization.consultancy.consultants.get().user)
    return client


# Who took part


def test_departments_of_fewer_than_three_are_counted_together_and_names_only_in_a_named_workshop():
    people = [
        ("A", "Sales"), ("B", "Sales"), ("C", " Sales "), ("D", "IT"), ("E", "HR"), ("F", ""),
    ]  # fmt: skip
    named = attendance(people, anonymous=False)
    assert named.participants == 6
    assert [(row.department, row.n) for row in named.departments] == [("Sales", 3), ("", 3)]
    assert named.names == ("A", "B", "C", "D", "E", "F")
    assert named.named_departments

    anonymous = attendance(people[3:], anonymous=True)
    assert anonymous.names == ()
    # Two others are still counted (a headcount shows nobody's answers), but no department is named.
    assert [(row.department, row.n) for row in anonymous.departments] == [("", 3)]
    assert not anonymous.named_departments


# The consensus


@pytest.mark.django_db
def test_the_consensus_has_the_figures_of_the_result_documents_question_blocks(closed):
    assessment = submitted_assessments().get(pk=closed.assessment_id)
    blocks = {block["question"]: block for block in result_document(assessment)["questions"]}
    consensus = workshop_consensus(closed)

    assert [question.code for question in consensus.questions] == list(blocks)
    for question in consensus.questions:
        shown = {
            "question": question.code,
            "n": question.n,
            "mean": None if question.mean is None else float(question.mean),
            "agreed": float(question.agreed.score) if question.agreed else None,
            "rationale": question.agreed.rationale if question.agreed else None,
            "score": None if question.score is None else float(question.score),
            "no_consensus": question.no_consensus,
            "round": question.rounds.current,
        }
        block = dict(blocks[question.code])
        earlier = block.pop("earlier_rounds")
        assert shown == block
        assert [r.number for r in question.rounds.earlier] == [r["round"] for r in earlier]

    vision = consensus.questions[0]
    assert (vision.n, vision.mean, vision.score, vision.no_consensus) == (4, 2.75, 2.5, True)
    assert [(bin.label, bin.count) for bin in vision.figures.bins] == [
        ("1", 1),
        ("2", 0),
        ("3", 2),
        ("4", 1),
        ("5", 0),
    ]
    assert vision.agreed.agreed_by == "Mika Sato" and vision.agreed.agreed_at is not None
    surveys = consensus.questions[2]
    assert (surveys.n, surveys.figures.not_applicable, surveys.shows_na) == (3, 1, True)


@pytest.mark.django_db
def test_questions_without_consensus_or_with_an_agreed_score_come_most_disagreement_first(closed):
    consensus = workshop_consensus(closed)
    discussed = consensus.discussed
    # vision: scores 1–4 (range 3); budget: 1–5 (range 4); voc.metrics: 1, 1, about 3 (range 2); surveys: 2–3.
    assert [question.code for question in discussed] == ["strategy.budget", "strategy.vision", "voc.metrics"]
    assert (consensus.flagged, consensus.agreed) == (3, 1)
    assert [dimension.flagged for dimension in consensus.dimensions] == [2, 1]


@pytest.mark.django_db
def test_comments_carry_names_in_a_named_workshop_and_none_in_an_anonymous_one(closed):
    named = workshop_consensus(closed)
    assert [(comment.text, comment.author) for comment in named.questions[0].comments][:2] == [
        ("Aiko on strategy.vision", "Aiko"),
        ("Ben on strategy.vision", "Ben"),
    ]
    closed.anonymous = True
    closed.save()
    anonymous = workshop_consensus(closed)
    assert {comment.author for comment in anonymous.questions[0].comments} == {""}
    assert {comment.department for comment in anonymous.questions[0].comments} == {""}
    assert anonymous.attendance.names == ()


def test_a_distribution_chart_draws_a_column_per_score_and_one_for_na_when_asked():
    drawn = distribution_chart([("1", 2), ("2.5", 0), ("5", 3)], 1, kind="choice", id_prefix="q")
    assert drawn.count("<rect") == 3  # 2, 3 and the N/A: an empty column has its count and no bar
    assert "Score 1: 2, Score 2.5: 0, Score 5: 3, N/A: 1" in drawn
    assert 'role="img"' in drawn and 'aria-labelledby="q-title q-desc"' in drawn
    without_na = distribution_chart([("1", 2)], None, kind="level", id_prefix="q")
    assert "N/A" not in without_na and "Level 1: 2" in without_na


# The PDF


@pytest.mark.django_db
def test_the_workshop_pdf_has_its_title_participants_and_the_consensus_appendix_not_every_answer(closed):
    html = assessment_report_html(fetched(closed.assessment), "en")
    assert 'class="cover-workshop">Kick-off</p>' in html
    assert "Workshop held on Dec. 1, 2026" in html
    assert "4 participants took part." in html
    assert '<th scope="row">Sales</th>\n            <td class="number">3</td>' in html
    assert "Other participants" in html  # Daiki of IT, on his own
    assert '<span class="name">Aiko</span>' in html

    assert "Appendix: consensus by question" in html and "Appendix: answers and comments" not in html
    assert "Of 4 questions, 3 had no consensus and 1 got an agreed score." in html
    assert html.count('class="flag"') >= 3 and "No consensus" in html
    assert "Agreed score 2.5" in html and "Rationale: Written, not lived" in html
    assert "Agreed score (the participants' mean was 2.75)" in html
    assert "Aiko on strategy.vision" in html and "— Aiko · Sales" in html
    assert html.count('role="img" aria-labelledby="appendix-') == 4
    # What held the result back is a question's score, never one participant's answer.
    assert "strategy.vision at level 1" not in html


@pytest.mark.django_db
def test_an_anonymous_workshops_pdf_names_nobody(closed):
    closed.anonymous = True
    closed.save()
    html = assessment_report_html(fetched(closed.assessment), "en")
    for name in ("Aiko", "Ben", "Chie", "Daiki"):
        assert f"— {name}" not in html and f'<span class="name">{name}</span>' not in html
    assert "Names:" not in html
    assert "this report names nobody" in html
    assert "Aiko on strategy.vision" in html  # the comment, without its author


@pytest.mark.django_db
def test_a_japanese_workshop_pdf_of_twelve_participants_is_short(workshop, bank, consultant, tmp_path):
    answer(workshop, bank, PEOPLE * 3)
    workshop_close(workshop=workshop, by=consultant.user)
    pdf = render_pdf(assessment_report_html(fetched(workshop.assessment), "ja"))
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.data)
    text = "".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "付録：設問ごとの合意の状況" in text
    assert "合意できていない" in text and "採用スコア" in text and "四分位範囲" in text
    assert "参加者は12人でした。" in text and "参加者名：" in text
    assert pdf.pages <= 12


# The results page


@pytest.mark.django_db
def test_the_results_page_shows_the_consensus_and_a_summary_per_question_instead_of_every_answer(closed):
    page = consultant_client(closed).get(reverse("results", args=[closed.assessment.public_id]))
    html = page.content.decode()
    consensus = html[html.index('id="consensus-heading"') : html.index('id="answers-heading"')]
    assert "Of 4 questions, 3 had no consensus and 1 got an agreed score." in consensus
    # The most disagreement first: budget (1 to 5), then vision (1 to 4, agreed 2.5), then the checklist.
    assert (
        consensus.index("strategy.budget")
        < consensus.index("strategy.vision")
        < consensus.index("voc.metrics")
    )
    assert "voc.surveys" not in consensus
    assert "Rationale: Written, not lived" in consensus

    answers = html[html.index('id="answers-heading"') :]
    assert answers.count('class="consensus-item"') == 4  # one per question, not one per answer
    assert "Aiko on strategy.vision" in answers and "Aiko · Sales" in answers
    assert "Recorded by Mika Sato" in answers
    assert "strategy.vision at level 1" not in html  # no participant's own answer


@pytest.mark.django_db
def test_an_anonymous_workshops_results_page_names_nobody(closed):
    closed.anonymous = True
    closed.save()
    html = (
        consultant_client(closed).get(reverse("results", args=[closed.assessment.public_id])).content.decode()
    )
    answers = html[html.index('id="answers-heading"') :]
    assert "Aiko on strategy.vision" in answers
    for name in ("Aiko", "Ben", "Chie", "Daiki"):
        assert f"{name} · Sales" not in answers and f"{name} · IT" not in answers
    assert "without names: the workshop was anonymous" in answers


@pytest.mark.django_db
def test_a_dimension_nobody_answered_has_no_score_and_no_count_of_na_answers(workshop, bank, consultant):
    answer(workshop, bank, [("Aiko", "Sales", {"strategy.vision": ["3"], "strategy.budget": ["b"]})])
    workshop_close(workshop=workshop, by=consultant.user)
    page = consultant_client(workshop).get(reverse("results", args=[workshop.assessment.public_id]))
    html = page.content.decode()
    assert "Kick-off" in html[html.index('class="results-meta"') :][:200]  # the workshop's title
    assert "<em>Not enough answers</em></td>" in html
    pdf = assessment_report_html(fetched(workshop.assessment), "en")
    assert "Not enough answers for a score.</p>" in pdf
    assert "answered N/A" not in html + pdf


@pytest.mark.django_db
def test_a_self_assessments_results_page_has_no_consensus(member_client, submitted):
    html = member_client.get(reverse("results", args=[submitted.public_id])).content.decode()
    assert 'id="consensus-heading"' not in html and "consensus-item" not in html


# Query counts: the same for 3 participants as for 12.


def a_closed_workshop(bank, consultant, participants: int):
    workshop = workshop_start(
        client=ClientFactory(consultancy=consultant.consultancy),
        bank=bank,
        title="Review",
        date=date(2026, 12, 2),
        by=consultant.user,
    )
    answer(workshop, bank, (PEOPLE * 3)[:participants])
    revote_start(workshop=workshop, question=bank.questions.get(code="strategy.budget"))  # its answers kept
    agreed_score_set(
        workshop=workshop, question=bank.questions.get(code="strategy.vision"), score="3", by=None
    )
    workshop_close(workshop=workshop, by=consultant.user)
    return workshop


@pytest.mark.django_db
@pytest.mark.parametrize("participants", [3, 12])
def test_the_results_page_costs_the_same_queries_for_3_and_12_participants(
    bank, consultant, participants, django_assert_num_queries
):
    workshop = a_closed_workshop(bank, consultant, participants)
    client = consultant_client(workshop)
    url = reverse("results", args=[workshop.assessment.public_id])
    # session, user; the assessment (with organization, bank, result and metrics, checked against the
    # consultancy); the results (dimension results, levels, answers, their options, recommendations, the
    # agreed scores for the plan, the previous result); the benchmark's peers; the room (levels, dimensions,
    # questions, options; participants, answers, their options); the workshop; its consensus (questions with
    # dimensions, options, options chosen, answers with participants, rounds with earlier answers, agreed
    # scores with who agreed, participants); whether the user may share the summary.
    with django_assert_num_queries(27):
        page = client.get(url)
    assert page.status_code == 200
    assert page.context["consensus"].attendance.participants == participants


@pytest.mark.django_db
@pytest.mark.parametrize("participants", [3, 12])
def test_the_pdfs_html_costs_the_same_queries_for_3_and_12_participants(
    bank, consultant, participants, django_assert_num_queries
):
    workshop = a_closed_workshop(bank, consultant, participants)
    assessment = fetched(workshop.assessment)
    # the workshop; the benchmark (the dimension scores, the levels, the peers); the customer metrics; the
    # consensus (seven, as on the results page); the branding; the room (dimension codes, levels, dimensions,
    # questions, options; participants, answers, their options); the results (seven, as on the results page).
    with django_assert_num_queries(28):
        html = assessment_report_html(assessment, "en")
    assert f"{participants} participants took part." in html
