"""The facilitator's page of a live workshop: who joined and how far each one is, and per question the
distribution of the answers, mean, range, interquartile range, "no consensus" and comments; its polled blocks
answer 304 while nothing has changed, and cost the same queries for 3 participants as for 50."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.services import agreed_score_set, participant_join, revote_start, workshop_reveal
from assessments.workshop_live import live_state
from tests.factories import ClientFactory, ConsultantFactory, MembershipFactory, UserFactory
from tests.workshops import answer, join_and_answer

pytestmark = pytest.mark.django_db


def detail_url(workshop, order=None) -> str:
    url = reverse("workshop_detail", args=[workshop.assessment.public_id])
    return f"{url}?order={order}" if order else url


def participants_url(workshop) -> str:
    return reverse("workshop_participants", args=[workshop.assessment.public_id])


def questions_url(workshop, order="bank") -> str:
    return reverse("workshop_questions", args=[workshop.assessment.public_id]) + f"?order={order}"


def rows(response):
    return {row.question.code: row for row in response.context["questions"]}


def test_the_facilitator_sees_who_joined_and_how_far_each_one_is(consultant_client, answered):
    response = consultant_client.get(detail_url(answered))
    assert response.status_code == 200
    roster = response.context["roster"]
    assert [(row.name, row.department, row.role, row.answered) for row in roster.participants] == [
        ("Aiko", "Sales", "Manager", 4),
        ("Ben", "Support", "", 3),
        ("Chie", "Sales", "", 2),
    ]
    assert (roster.questions, roster.finished) == (4, 1)
    page = response.text
    assert "3 participants" in page
    assert "4 / 4" in page and "2 / 4" in page
    assert "1 has answered every question" in page
    assert answered.join_code[:4] in page
    assert reverse("workshop_presenter", args=[answered.assessment.public_id]) in page


def test_each_question_shows_its_distribution_and_spread(consultant_client, answered):
    questions = rows(consultant_client.get(detail_url(answered)))
    vision = questions["strategy.vision"].figures
    assert [bin.count for bin in vision.bins] == [1, 0, 0, 1, 1]
    assert (vision.spread.mean, vision.spread.low, vision.spread.high) == (Decimal(10) / 3, 1, 5)
    assert vision.spread.no_consensus
    budget = questions["strategy.budget"].figures
    assert [(bin.label, bin.count) for bin in budget.bins] == [("1", 0), ("2.5", 2), ("5", 1)]
    assert budget.spread.no_consensus  # 2.5, 2.5 and 5: 2.5 apart
    surveys = questions["voc.surveys"].figures
    assert (surveys.answered, surveys.not_applicable, surveys.spread.n) == (2, 1, 1)
    metrics = questions["voc.metrics"].figures  # a + c of weights 1, 1, 2: 1 + 4 × 3/4 = 4
    assert [bin.count for bin in metrics.bins] == [0, 0, 0, 1, 0]


def test_the_page_shows_the_figures_and_flags_no_consensus(consultant_client, answered):
    page = consultant_client.get(detail_url(answered)).text
    vision = page[page.index('id="question-strategy.vision"') :][:3000]
    assert "No consensus" in page[page.index('<article class="workshop-question is-split"') :][:600]
    assert "<dt>Mean</dt><dd>3.33</dd>" in vision
    assert "<dt>Range</dt><dd>1–5</dd>" in vision
    assert "<dt>Interquartile range</dt><dd>2.50–4.50</dd>" in vision
    assert "Level 4: 1" in vision
    assert page.count('class="no-consensus"') == 2  # vision and budget


def test_comments_show_under_their_question_with_their_authors_in_a_named_workshop(
    consultant_client, answered
):
    vision = rows(consultant_client.get(detail_url(answered)))["strategy.vision"]
    assert [(c.text, c.author, c.department) for c in vision.comments] == [
        ("We have no written vision.", "Aiko", "Sales"),
        ("The CEO talks about it every week.", "Chie", "Sales"),
    ]


def test_an_anonymous_workshop_shows_no_names_and_departments_only_as_counts(consultant_client, answered):
    answered.anonymous = True
    answered.save()
    response = consultant_client.get(detail_url(answered))
    page = response.text
    for name in ("Aiko", "Ben", "Chie", "Manager"):
        assert name not in page
    assert "Participant 1" in page and "Participant 3" in page
    assert response.context["roster"].departments == (("Sales", 2), ("Support", 1))
    assert "Sales: 2" in page
    vision = rows(response)["strategy.vision"]
    # Sorted by their text, not in the order people joined.
    assert [(c.text, c.author) for c in vision.comments] == [
        ("The CEO talks about it every week.", ""),
        ("We have no written vision.", ""),
    ]


def test_questions_can_be_ordered_by_disagreement(consultant_client, answered):
    response = consultant_client.get(detail_url(answered, "disagreement"))
    codes = [row.question.code for row in response.context["questions"]]
    # vision: range 4; budget: range 2.5; surveys and metrics: one score each, range 0 (bank order).
    assert codes == ["strategy.vision", "strategy.budget", "voc.surveys", "voc.metrics"]
    assert response.context["order"] == "disagreement"
    assert f'{questions_url(answered, "disagreement")}"' in response.text
    unknown = consultant_client.get(detail_url(answered, "loudest"))
    assert unknown.context["order"] == "bank"


@pytest.mark.parametrize("url", [participants_url, questions_url])
def test_a_polled_block_answers_304_until_someone_joins_or_answers(consultant_client, answered, bank, url):
    first = consultant_client.get(url(answered))
    assert first.status_code == 200
    assert 'hx-swap-oob="true"' in first.text
    etag = first["ETag"]
    assert consultant_client.get(url(answered), headers={"if-none-match": etag}).status_code == 304

    ben = answered.assessment.participants.get(display_name="Ben")
    answer(ben, bank, "voc.metrics", "b", comment="Only NPS.")
    changed = consultant_client.get(url(answered), headers={"if-none-match": etag})
    assert changed.status_code == 200
    etag = changed["ETag"]
    assert consultant_client.get(url(answered), headers={"if-none-match": etag}).status_code == 304

    answer(ben, bank, "voc.metrics", "b", comment="Only NPS, twice a year.")  # the same answer, a new comment
    assert consultant_client.get(url(answered), headers={"if-none-match": etag}).status_code == 200


def test_the_state_behind_the_etags_changes_with_each_join_and_answer(answered, bank):
    before = live_state(answered)
    participant = participant_join(workshop=answered, display_name="Dai")
    joined = live_state(answered)
    answer(participant, bank, "strategy.vision", "2")
    assert len({before, joined, live_state(answered)}) == 3


def test_only_the_workshops_consultancy_sees_the_facilitator_page(client, answered):
    member = MembershipFactory(organization=answered.assessment.organization)
    other_client = ClientFactory()  # another consultancy's client
    assert other_client.consultancy != answered.assessment.organization.consultancy
    urls = [detail_url(answered), participants_url(answered), questions_url(answered)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    for user in (ConsultantFactory(consultancy=other_client.consultancy).user, member.user, UserFactory()):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404
            assert "Aiko" not in client.get(url).text

    client.force_login(answered.assessment.organization.consultancy.consultants.get().user)
    for url in urls:
        assert client.get(url).status_code == 200
    public_id = answered.assessment.public_id
    tampered = public_id[:-1] + ("a" if public_id[-1] != "a" else "b")
    for name in ("workshop_detail", "workshop_participants", "workshop_questions"):
        assert client.get(reverse(name, args=[tampered])).status_code == 404


@pytest.mark.parametrize("participants", [3, 50])
def test_the_facilitator_page_and_its_polls_cost_the_same_queries_for_3_and_50_participants(
    consultant_client, consultant, workshop, bank, django_assert_num_queries, participants
):
    join_and_answer(workshop, bank, participants)
    for question in bank.questions.all():  # every question agreed, one on the projector
        agreed_score_set(
            workshop=workshop, question=question, score="3.5", rationale="Why", by=consultant.user
        )
    revote_start(workshop=workshop, question=bank.questions.get(code="strategy.budget"))  # kept answers
    workshop_reveal(workshop=workshop, question=question)
    # session, user, workshop (with its assessment, client and bank, checked against the consultancy),
    # the live state (participants and answers: counts and latest times), the decisions' state (agreed
    # scores' and re-votes' counts and latest times), the participants with their answered counts, the bank's
    # question count, the agreed scores with who agreed them, the questions with their dimensions, their
    # options, the answers with their participants, the options chosen, the rounds with the earlier answers.
    with django_assert_num_queries(13):
        page = consultant_client.get(detail_url(workshop, "disagreement"))
    assert len(page.context["roster"].participants) == participants
    # session, user, workshop, live state, participants with their answered counts, question count.
    with django_assert_num_queries(6):
        roster = consultant_client.get(participants_url(workshop))
    # session, user, workshop, live state, decisions' state, agreed scores, questions, options, answers,
    # options chosen, rounds.
    with django_assert_num_queries(11):
        questions = consultant_client.get(questions_url(workshop))
    # Unchanged: session, user, workshop, live state (and, for the questions, the decisions' state).
    for response, queries in ((roster, 4), (questions, 5)):
        with django_assert_num_queries(queries):
            unchanged = consultant_client.get(
                response.wsgi_request.get_full_path(), headers={"if-none-match": response["ETag"]}
            )
        assert unchanged.status_code == 304
