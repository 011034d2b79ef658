"""Re-votes: the facilitator asks the room to answer a question again. The new round counts (rule 8), the
earlier one stays in the record (``EarlierAnswer``); the facilitator, the participants, the results page, the
PDF and the result document each show the rounds. Bad input and other people's workshops change nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.banks import export_bank, import_bank
from assessments.models import AgreedScore, Answer, EarlierAnswer, Revote, Workshop
from assessments.services import (
    agreed_score_set,
    answer_save,
    revote_start,
    workshop_close,
    workshop_reveal,
)
from assessments.views.participants import SESSION_KEY
from reports.answer_exports import answer_rows
from reports.exports import result_document, submitted_assessments
from reports.pdf import assessment_report_html
from reports.workshops import workshop_question
from tests.documents import bank_document, level_question
from tests.factories import ConsultantFactory, MembershipFactory, fetched, option
from tests.recompute import assert_figures, recompute_from_question_scores, workshop_question_scores
from tests.workshops import answer

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def other_bank():
    return import_bank(bank_document(slug="other", dimensions={"other": [level_question("other.question")]}))


def revote_url(workshop, code="strategy.vision") -> str:
    return reverse("workshop_revote", args=[workshop.assessment.public_id, code])


def questions_url(workshop) -> str:
    return reverse("workshop_questions", args=[workshop.assessment.public_id])


def vision(bank):
    return bank.questions.get(code="strategy.vision")


def kept(workshop) -> list[tuple]:
    """(round, participant, option codes, N/A, score, comment) of every earlier answer."""
    rows = EarlierAnswer.objects.filter(revote__workshop=workshop).select_related("revote", "participant")
    return sorted(
        (
            row.round,
            row.participant.display_name,
            sorted(option.code for option in row.options.all()),
            row.not_applicable,
            row.score,
            row.comment,
        )
        for row in rows
    )


def counted(workshop, code="strategy.vision") -> dict[str, list[str]]:
    answers = Answer.objects.filter(participant__assessment=workshop.assessment, question__code=code)
    return {a.participant.display_name: sorted(o.code for o in a.options.all()) for a in answers}


# The service


def test_a_revote_keeps_the_round_in_the_record_and_empties_the_question(answered, bank, consultant):
    workshop_reveal(workshop=answered, question=vision(bank))
    agreed_score_set(workshop=answered, question=vision(bank), score="3", rationale="Kept")

    revote = revote_start(workshop=answered, question=vision(bank), by=consultant.user)

    assert (revote.number, revote.started_by) == (2, consultant.user)
    assert kept(answered) == [
        (1, "Aiko", ["1"], False, Decimal("1.00"), "We have no written vision."),
        (1, "Ben", ["4"], False, Decimal("4.00"), ""),
        (1, "Chie", ["5"], False, Decimal("5.00"), "The CEO talks about it every week."),
    ]
    assert counted(answered) == {}  # everyone answers round 2 afresh
    assert counted(answered, "strategy.budget") == {"Aiko": ["b"], "Ben": ["b"], "Chie": ["c"]}
    refreshed = Workshop.objects.get(pk=answered.pk)
    assert refreshed.revealed_question is None  # the new round is not anchored by the old
    assert AgreedScore.objects.get(workshop=answered).score == 3


def test_rounds_follow_each_other_and_keep_checklists_and_na(answered, bank):
    surveys = bank.questions.get(code="voc.surveys")
    metrics = bank.questions.get(code="voc.metrics")
    revote_start(workshop=answered, question=surveys)
    aiko = answered.assessment.participants.get(display_name="Aiko")
    answer(aiko, bank, "voc.surveys", na=True)
    third = revote_start(workshop=answered, question=surveys)
    revote_start(workshop=answered, question=metrics)

    assert third.number == 3
    rows = [row for row in kept(answered) if row[4] is None or row[2] != ["a", "c"]]
    assert rows == [
        (1, "Aiko", ["3"], False, Decimal("3.00"), ""),
        (1, "Ben", [], True, None, ""),
        (2, "Aiko", [], True, None, ""),
    ]
    # voc.metrics: a + c ticked, weights 1, 1, 2 → 1 + 4 × 3/4 = 4.
    assert (1, "Aiko", ["a", "c"], False, Decimal("4.00"), "") in kept(answered)


def test_a_question_without_answers_can_be_re_voted(workshop, bank):
    assert revote_start(workshop=workshop, question=vision(bank)).number == 2
    assert kept(workshop) == []


def test_a_revote_is_refused_for_another_banks_question_or_a_closed_workshop(answered, bank, other_bank):
    with pytest.raises(ValidationError, match="not part of this workshop"):
        revote_start(workshop=answered, question=other_bank.questions.first())
    answered.ends_at = timezone.now()
    answered.save()
    with pytest.raises(ValidationError, match="closed"):
        revote_start(workshop=answered, question=vision(bank))
    answered.ends_at = None
    answered.save()
    workshop_close(workshop=answered)
    with pytest.raises(ValidationError, match="closed"):
        revote_start(workshop=answered, question=vision(bank))
    assert (Revote.objects.count(), EarlierAnswer.objects.count()) == (0, 0)
    assert len(counted(answered)) == 3


def test_an_answer_meant_for_an_earlier_round_is_refused(answered, bank):
    aiko = answered.assessment.participants.get(display_name="Aiko")
    revote_start(workshop=answered, question=vision(bank))
    with pytest.raises(ValidationError, match="answer this question again"):
        answer_save(
            participant=aiko, question=vision(bank), options=[option(bank, "strategy.vision", "2")], round=1
        )
    assert counted(answered) == {}
    answer_save(
        participant=aiko, question=vision(bank), options=[option(bank, "strategy.vision", "2")], round=2
    )
    assert counted(answered) == {"Aiko": ["2"]}


# Rule 8: the latest round counts


def test_the_latest_round_counts_and_the_document_keeps_the_earlier_ones(answered, bank):
    """Round 1 of strategy.vision: 1, 4, 5 (no consensus). Round 2: Aiko 3, Ben 4, Chie does not answer
    again; the question's score is their mean, 3.5, and the consensus flag goes."""
    revote_start(workshop=answered, question=vision(bank))
    people = {p.display_name: p for p in answered.assessment.participants.all()}
    answer(people["Aiko"], bank, "strategy.vision", "3")
    answer(people["Ben"], bank, "strategy.vision", "4")
    workshop_close(workshop=answered)

    assessment = submitted_assessments().get(pk=answered.assessment_id)
    document = result_document(assessment)
    block = next(q for q in document["questions"] if q["question"] == "strategy.vision")
    assert (block["n"], block["mean"], block["score"], block["no_consensus"], block["round"]) == (
        2,
        3.5,
        3.5,
        False,
        2,
    )
    [earlier] = block["earlier_rounds"]
    assert earlier["round"] == 1
    assert [(a["options"], a["score"], a["comment"]) for a in earlier["answers"]] == [
        (["1"], 1.0, "We have no written vision."),
        (["4"], 4.0, ""),
        (["5"], 5.0, "The CEO talks about it every week."),
    ]
    ids = {p["id"] for p in document["participants"]}
    assert {a["participant"] for a in earlier["answers"]} == ids
    counted_vision = [a for a in document["answers"] if a["question"] == "strategy.vision"]
    assert sorted(a["options"][0] for a in counted_vision) == ["3", "4"]
    other = next(q for q in document["questions"] if q["question"] == "strategy.budget")
    assert (other["round"], other["earlier_rounds"]) == (1, [])
    # Every figure still follows from the document alone (the earlier rounds count nowhere).
    bank_json = export_bank(bank)
    assert_figures(
        document, recompute_from_question_scores(bank_json, workshop_question_scores(bank_json, document))
    )


# The facilitator


def test_the_facilitator_asks_for_a_revote_and_sees_the_earlier_round(consultant_client, answered, bank):
    response = consultant_client.post(revote_url(answered), {"order": "bank"}, headers=HTMX)

    assert response.status_code == 200
    assert 'id="questions"' in response.text  # the questions block, swapped in place
    assert "Re-voted: round 2 counts" in response.text
    assert "Round 1: 3 answers, mean 3.33, range 1–5 · No consensus" in response.text
    row = workshop_question(answered, vision(bank).pk)
    assert (row.rounds.current, row.figures.answered) == (2, 0)
    # Nobody has answered round 2 yet: nothing to vote again on until someone has.
    budget = bank.questions.get(code="strategy.budget")
    assert f'id="revote-{vision(bank).pk}"' not in response.text
    assert f'id="revote-{budget.pk}"' in response.text
    # Without JavaScript: back to the question, with a message.
    response = consultant_client.post(revote_url(answered), {"order": "bank"}, follow=True)
    assert "Round 3 of this question has begun: participants answer it again." in response.text
    assert response.redirect_chain[-1][0].endswith("#question-strategy.vision")
    assert Revote.objects.filter(workshop=answered).count() == 2


def test_the_questions_poll_changes_when_a_round_begins_even_without_answers(
    consultant_client, workshop, bank
):
    first = consultant_client.get(questions_url(workshop))
    revote_start(workshop=workshop, question=vision(bank))
    again = consultant_client.get(questions_url(workshop), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "Re-voted: round 2 counts" in again.text


@pytest.mark.parametrize("code", ["unknown.question", "other.question"])
def test_a_revote_of_a_tampered_or_foreign_question_changes_nothing(
    consultant_client, answered, other_bank, code
):
    response = consultant_client.post(revote_url(answered, code), {"order": "bank"}, follow=True)
    assert "This question is not part of this workshop." in response.text
    assert Revote.objects.count() == 0 and len(counted(answered)) == 3


def test_a_revote_of_a_closed_workshop_changes_nothing(consultant_client, answered):
    workshop_close(workshop=answered)
    response = consultant_client.post(revote_url(answered), {"order": "bank"}, follow=True)
    assert "This workshop is closed; it no longer takes answers." in response.text
    assert Revote.objects.count() == 0


def test_only_the_workshops_consultancy_may_ask_for_a_revote(client, answered):
    url = revote_url(answered)
    assert client.post(url).status_code == 302  # to the log-in page
    client.force_login(ConsultantFactory().user)  # another consultancy
    assert client.post(url).status_code == 404
    client.force_login(MembershipFactory(organization=answered.assessment.organization).user)  # the client
    assert client.post(url).status_code == 404
    assert client.get(url).status_code in (404, 405)
    assert Revote.objects.count() == 0


# The participants


def test_a_participant_is_asked_to_answer_again_and_posts_the_round(answered, bank):
    browser = Client(headers={"accept-language": "en"})  # no account: their session holds them
    aiko = answered.assessment.participants.get(display_name="Aiko")
    session = browser.session
    session[SESSION_KEY] = {answered.join_code: aiko.pk}
    session.save()
    page_url = reverse("workshop_dimension", args=[answered.join_code, "strategy"])
    answer_url = reverse("workshop_answer", args=[answered.join_code, "strategy.vision"])

    before = browser.get(page_url).text
    assert 'name="strategy.vision-round" value="1"' in before
    assert "asked everyone to answer" not in before

    revote_start(workshop=answered, question=vision(bank))
    page = browser.get(page_url).text
    assert 'name="strategy.vision-round" value="2"' in page
    assert "Round 2: the facilitator has asked everyone to answer this question again." in page
    assert "The facilitator has asked everyone to answer this question again:" in page
    assert f'href="{page_url}#q-strategy.vision"' in page

    # A page opened before the re-vote posts round 1: refused, with what to do.
    stale = browser.post(
        answer_url, {"strategy.vision-option": "2", "strategy.vision-round": "1"}, headers=HTMX
    )
    assert stale.status_code == 422
    assert "The facilitator has asked everyone to answer this question again: reload the page." in stale.text
    assert counted(answered) == {}
    tampered = browser.post(
        answer_url, {"strategy.vision-option": "2", "strategy.vision-round": "x"}, headers=HTMX
    )
    assert tampered.status_code == 422 and counted(answered) == {}

    saved = browser.post(
        answer_url, {"strategy.vision-option": "2", "strategy.vision-round": "2"}, headers=HTMX
    )
    assert saved.status_code == 200
    assert counted(answered) == {"Aiko": ["2"]}
    assert "asked everyone to answer this question again:" not in browser.get(page_url).text


def test_a_members_self_assessment_has_no_rounds(member_client, assessment):
    page = member_client.get(reverse("assessment_dimension", args=[assessment.public_id, "strategy"])).text
    assert "-round" not in page


# The report


def test_the_results_page_and_the_pdf_show_the_rounds(consultant_client, answered, bank):
    revote_start(workshop=answered, question=vision(bank))
    people = {p.display_name: p for p in answered.assessment.participants.all()}
    answer(people["Aiko"], bank, "strategy.vision", "3")
    workshop_close(workshop=answered)

    page = consultant_client.get(reverse("results", args=[answered.assessment.public_id])).text
    assert "Re-voted: round 2 counts" in page
    assert "Round 1: 3 answers, mean 3.33, range 1–5" in page
    html = assessment_report_html(fetched(answered.assessment), "en")
    assert "Re-voted: round 2 counts" in html
    ja = assessment_report_html(fetched(answered.assessment), "ja")
    assert "再投票：2回目の回答を採用" in ja and "Re-voted" not in ja


def test_a_revote_is_unchanged_in_the_record_whatever_happens_after(answered, bank):
    revote_start(workshop=answered, question=vision(bank))
    before = kept(answered)
    people = {p.display_name: p for p in answered.assessment.participants.all()}
    answer(people["Aiko"], bank, "strategy.vision", "2", comment="Changed my mind")
    answer(people["Aiko"], bank, "strategy.vision", "3")
    workshop_close(workshop=answered)
    assert kept(answered) == before


def test_the_answers_export_gives_each_round_earlier_rounds_first(
    consultant_client, answered, bank, django_assert_num_queries
):
    revote_start(workshop=answered, question=vision(bank))
    people = {p.display_name: p for p in answered.assessment.participants.all()}
    answer(people["Aiko"], bank, "strategy.vision", "3")
    assessment = fetched(answered.assessment)
    # participants, questions, answers, their options, the workshop, its re-votes, the earlier answers,
    # their options: the same for any number of rounds and participants.
    with django_assert_num_queries(8):
        header, rows = answer_rows(assessment)
    code, options, comment, round_ = (
        header.index(name) for name in ("Question code", "Option codes", "Comment", "Round")
    )
    vision_rows = [
        (row[options], row[comment], row[round_]) for row in rows if row[code] == "strategy.vision"
    ]
    assert vision_rows == [
        ("1", "We have no written vision.", 1),
        ("3", "", 2),  # Aiko's second round
        ("4", "", 1),
        ("", "", 2),  # Ben has not answered again
        ("5", "The CEO talks about it every week.", 1),
        ("", "", 2),
    ]
    assert {row[round_] for row in rows if row[code] != "strategy.vision"} == {1}
    text = consultant_client.get(
        reverse("workshop_answers_csv", args=[answered.assessment.public_id])
    ).content.decode("utf-8-sig")
    assert text.splitlines()[0].endswith(",Round")
