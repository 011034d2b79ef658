"""A closed workshop's result document: its participants and questions blocks, and every figure recomputed
from the bank's and the result's JSON alone (rule 8, then rules 2–6)."""

import csv
import io
import json
import re
import subprocess
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from assessments.banks import export_bank
from assessments.services import agreed_score_set, answer_save, participant_join, workshop_close
from cxmaturity import brand
from reports.pdf import assessment_report_html, render_pdf
from tests.factories import ConsultantFactory, MembershipFactory, fetched, option
from tests.recompute import assert_figures, recompute_from_question_scores, workshop_question_scores

pytestmark = pytest.mark.django_db

# Per participant: question code -> option codes, or "na". The small bank: strategy.vision (level),
# strategy.budget (choice: a 1, b 2.5, c 5), voc.surveys (level, N/A allowed), voc.metrics (checklist of
# weights 1, 1, 2).
ANSWERS = {
    "Aiko": {
        "strategy.vision": ["1"],
        "strategy.budget": ["b"],
        "voc.surveys": ["2"],
        "voc.metrics": ["a"],
    },
    "Ben": {"strategy.vision": ["4"], "strategy.budget": ["c"], "voc.surveys": "na", "voc.metrics": []},
    "Chie": {"strategy.vision": ["3"], "strategy.budget": ["a"], "voc.surveys": ["3"]},
}


@pytest.fixture
def closed(workshop, bank, consultant):
    for name, answers in ANSWERS.items():
        participant = participant_join(workshop=workshop, display_name=name, department="Sales", role="Lead")
        for code, chosen in answers.items():
            question = bank.questions.get(code=code)
            if chosen == "na":
                answer_save(participant=participant, question=question, not_applicable=True)
            else:
                options = [option(bank, code, option_code) for option_code in chosen]
                answer_save(
                    participant=participant, question=question, options=options, comment=f"{name} says"
                )
    vision = bank.questions.get(code="strategy.vision")
    agreed_score_set(workshop=workshop, question=vision, score="2.5", rationale="Written, not lived", by=None)
    workshop_close(workshop=workshop, by=consultant.user)
    return workshop


def document(workshop) -> dict:
    out = StringIO()
    call_command("export_result", workshop.assessment.public_id, stdout=out)
    return json.loads(out.getvalue())


def test_the_document_names_the_participants_but_never_their_resume_links(closed):
    result = document(closed)
    assert result["mode"] == "workshop"
    participants = closed.assessment.participants.order_by("pk")
    assert [entry["id"] for entry in result["participants"]] == [p.public_id for p in participants]
    assert {entry["name"] for entry in result["participants"]} == set(ANSWERS)
    assert {(entry["department"], entry["role"]) for entry in result["participants"]} == {("Sales", "Lead")}
    text = json.dumps(result)
    for participant in participants:
        assert participant.resume_token not in text
    assert closed.join_code not in text


def test_an_anonymous_workshop_names_nobody(closed):
    closed.anonymous = True
    closed.save()
    result = document(closed)
    assert all("name" not in entry for entry in result["participants"])
    assert not any(name in json.dumps(result["participants"]) for name in ANSWERS)


def test_each_question_block_gives_n_mean_agreed_score_and_consensus(closed):
    questions = {block["question"]: block for block in document(closed)["questions"]}
    assert list(questions) == ["strategy.vision", "strategy.budget", "voc.surveys", "voc.metrics"]
    # Scores 1, 4 and 3: mean 2.67, range 3 — no consensus; the agreed 2.5 is the question's score.
    assert questions["strategy.vision"] == {
        "question": "strategy.vision",
        "n": 3,
        "mean": 2.67,
        "agreed": 2.5,
        "rationale": "Written, not lived",
        "score": 2.5,
        "no_consensus": True,
        "round": 1,  # never re-voted
        "earlier_rounds": [],
    }
    # N/A gives no score: two scores, 2 and 3.
    assert questions["voc.surveys"]["n"] == 2
    assert questions["voc.surveys"]["mean"] == questions["voc.surveys"]["score"] == 2.5
    assert questions["voc.surveys"]["no_consensus"] is False
    assert questions["voc.surveys"]["agreed"] is None


def test_every_figure_is_recomputed_from_the_json_alone(closed, bank):
    result = document(closed)
    bank_document = export_bank(bank)
    scores = workshop_question_scores(bank_document, result)
    assert_figures(result, recompute_from_question_scores(bank_document, scores))


@pytest.mark.parametrize("name", ["results", "results_json", "results_csv", "results_pdf"])
def test_the_consultancy_reads_the_closed_workshops_result_and_no_one_else_does(closed, client, name):
    url = reverse(name, args=[closed.assessment.public_id])
    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    for outsider in (ConsultantFactory().user, MembershipFactory().user):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(closed.assessment.organization.consultancy.consultants.get().user)
    assert client.get(url).status_code == 200


def test_the_pdf_of_a_clients_workshop_carries_the_consultancys_name_logo_and_colour(closed, tmp_path):
    consultancy = closed.assessment.organization.consultancy
    consultancy.name = "Harbor Advisory"
    consultancy.accent_colour = "#5b3a8c"
    logo = BytesIO()
    Image.new("RGB", (120, 40), (91, 58, 140)).save(logo, "PNG")
    consultancy.logo = logo.getvalue()
    consultancy.save()

    html = assessment_report_html(fetched(closed.assessment), "en")
    assert "--cxm-accent: #5b3a8c;" in html
    assert 'stroke="#5b3a8c"' in chart_svgs(html)  # dark enough to draw with as it is
    assert 'src="data:image/png;base64,' in html

    pdf = render_pdf(html)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # On the cover and in the footer of every other page.
    assert text.count("Prepared by Harbor Advisory") == pdf.pages
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True)
    assert "120    40" in images.stdout


def chart_svgs(html: str) -> str:
    return "".join(re.findall(r"<svg .*?</svg>", html, flags=re.DOTALL))


def test_a_branded_workshop_pdf_draws_its_charts_in_a_shade_of_the_consultancys_accent(closed):
    consultancy = closed.assessment.organization.consultancy
    consultancy.accent_colour = "#f5c400"  # too light to draw with on white
    consultancy.save()
    html = assessment_report_html(fetched(closed.assessment), "en")
    drawn = chart_svgs(html)
    assert drawn.count("<svg ") == 6  # the radar, the bars and a distribution per question
    assert 'stroke="#8e7200"' in drawn  # the radar
    assert 'height="18" fill="#8e7200"' in drawn  # the bars
    assert drawn.count('fill="#8e7200" rx="1.5"') >= 4  # the columns of the distributions
    assert brand.ACCENT not in drawn and brand.ACCENT_TINT not in drawn
    assert "--cxm-accent: #8e7200;" in html  # the headings, rules and cover in the same shade


def test_a_workshop_pdf_of_a_consultancy_with_the_default_accent_draws_in_the_brand_colours(closed):
    html = assessment_report_html(fetched(closed.assessment), "en")
    assert f'stroke="{brand.ACCENT}"' in chart_svgs(html)
    assert "--cxm-accent: #" not in html.split(brand.STYLESHEET)[1]  # nothing overridden


def test_a_self_assessment_pdf_draws_its_charts_in_the_brand_colours(submitted):
    drawn = chart_svgs(assessment_report_html(submitted, "en"))
    assert f'stroke="{brand.ACCENT}"' in drawn and f'fill="{brand.ACCENT_TINT}"' in drawn
    assert "#8e7200" not in drawn


def test_a_self_assessment_pdf_has_no_consultancy_branding(submitted):
    html = assessment_report_html(fetched(submitted), "en")
    assert "Prepared by" not in html and 'running-consultancy"' not in html
    assert ":root { --cxm-accent:" not in html  # the brand's own accent, not a consultancy's


@pytest.mark.parametrize("name", ["workshop_answers_csv", "workshop_answers_xlsx"])
def test_the_facilitator_exports_the_answers_while_the_workshop_runs(
    workshop, bank, consultant, client, name
):
    participant = participant_join(workshop=workshop, display_name="Aiko", department="Sales")
    vision = bank.questions.get(code="strategy.vision")
    answer_save(participant=participant, question=vision, options=[option(bank, vision.code, "3")])
    url = reverse(name, args=[workshop.assessment.public_id])

    assert client.get(url).status_code == 302  # anonymous: to the log-in page
    for outsider in (ConsultantFactory().user, MembershipFactory().user):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(consultant.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    if name.endswith("csv"):
        text = response.content.decode("utf-8-sig")
        assert "Aiko" in text and participant.public_id in text and participant.resume_token not in text


def test_an_anonymous_workshops_exports_name_nobody(closed, consultant, client):
    closed.anonymous = True
    closed.save()
    client.force_login(consultant.user)
    text = client.get(reverse("results_csv", args=[closed.assessment.public_id])).content.decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text))
    ids, names = header.index("Participant"), header.index("Participant name")
    assert {row[names] for row in rows} == {""}
    assert {row[ids] for row in rows} == {p.public_id for p in closed.assessment.participants.all()}
