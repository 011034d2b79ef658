"""The presenter page, for the projector: the QR code, the join address, how many have joined, and the one
question the facilitator reveals with the distribution of its answers — nothing of the answers otherwise. Its
live block is polled with conditional responses."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Workshop
from assessments.services import participant_join, workshop_close, workshop_reveal
from assessments.workshop_live import qr_code
from tests.factories import ConsultantFactory, MembershipFactory, UserFactory
from tests.workshops import answer, join_and_answer

pytestmark = pytest.mark.django_db


def presenter_url(workshop) -> str:
    return reverse("workshop_presenter", args=[workshop.assessment.public_id])


def live_url(workshop) -> str:
    return reverse("workshop_presenter_live", args=[workshop.assessment.public_id])


def test_the_presenter_page_shows_the_qr_code_and_the_join_address_in_groups_of_four(
    consultant_client, workshop
):
    code = workshop.join_code
    response = consultant_client.get(presenter_url(workshop))
    assert response.status_code == 200
    page = response.text
    assert '<svg role="img" viewBox=' in page
    assert "<title>QR code</title>" in page
    assert " style=" not in page and "<style" not in page  # the Content-Security-Policy forbids both
    assert "Kick-off" in page
    groups = [code[i : i + 4] for i in range(0, 26, 4)]
    assert len(groups) == 7 and len(groups[-1]) == 2
    assert "".join(f'<span class="join-code-group">{group}</span>' for group in groups) in page
    assert f"http://testserver/w/{code}/" == response.context["address"].url
    assert "<strong>0</strong> people have joined" in page


def test_the_qr_code_is_the_join_address(consultant_client, workshop):
    response = consultant_client.get(presenter_url(workshop))
    # segno draws what it encodes: the same address drawn again gives the same SVG.
    assert qr_code(response.context["address"].url) in response.text


def test_the_joined_count_answers_304_until_someone_joins(consultant_client, workshop):
    first = consultant_client.get(live_url(workshop))
    assert first.status_code == 200
    etag = first["ETag"]
    assert "<strong>0</strong> people have joined" in first.text
    assert "no-store" in first["Cache-Control"] and "private" in first["Cache-Control"]
    # The polled block carries its own ETag, for the next poll to send.
    assert (
        f'hx-headers="{{&quot;If-None-Match&quot;: &quot;\\&quot;{etag[1:-1]}\\&quot;&quot;}}"' in first.text
    )

    unchanged = consultant_client.get(live_url(workshop), headers={"if-none-match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag

    participant_join(workshop=workshop, display_name="Aiko")
    changed = consultant_client.get(live_url(workshop), headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "<strong>1</strong> person has joined" in changed.text


def test_the_joined_count_is_new_content_in_another_language(consultant_client, workshop):
    english = consultant_client.get(live_url(workshop))
    japanese = consultant_client.get(
        live_url(workshop), headers={"if-none-match": english["ETag"], "accept-language": "ja"}
    )
    assert japanese.status_code == 200
    assert "0</strong>人が参加しています" in japanese.text


def test_a_workshop_past_its_end_time_says_it_no_longer_takes_answers(consultant_client, workshop):
    etag = consultant_client.get(live_url(workshop))["ETag"]
    Workshop.objects.filter(pk=workshop.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    response = consultant_client.get(live_url(workshop), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "This workshop no longer takes answers." in response.text


def test_only_the_workshops_consultancy_sees_the_presenter_page(client, workshop):
    member = MembershipFactory(organization=workshop.assessment.organization)
    for url in (presenter_url(workshop), live_url(workshop)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        for user in (ConsultantFactory().user, member.user, UserFactory()):
            client.force_login(user)
            assert client.get(url).status_code == 404
        client.logout()

    client.force_login(workshop.assessment.organization.consultancy.consultants.get().user)
    assert client.get(presenter_url(workshop)).status_code == 200
    assert client.get(live_url(workshop)).status_code == 200
    tampered = workshop.assessment.public_id[:-1] + ("a" if workshop.assessment.public_id[-1] != "a" else "b")
    assert client.get(reverse("workshop_presenter", args=[tampered])).status_code == 404
    assert client.get(reverse("workshop_presenter_live", args=[tampered])).status_code == 404


@pytest.fixture
def vision(bank):
    return bank.questions.get(code="strategy.vision")


def test_nothing_of_the_answers_shows_until_the_facilitator_reveals_a_question(
    consultant_client, answered, vision
):
    page = consultant_client.get(presenter_url(answered)).text
    assert "histogram" not in page
    assert "Level 4" not in page and "Mean" not in page
    assert answered.assessment.bank.questions.get(code="strategy.vision").text not in page

    workshop_reveal(workshop=answered, question=vision)
    response = consultant_client.get(presenter_url(answered))
    page = response.text
    stage = page[page.index('id="stage"') : page.index('id="joined"')]
    assert vision.text in stage
    assert "Question 1" in stage
    assert "Level 1: 1" in stage and "Level 4: 1" in stage and "Level 5: 1" in stage
    assert "<dt>Mean</dt><dd>3.33</dd>" in stage
    assert "<dt>Range</dt><dd>1–5</dd>" in stage
    assert "Interquartile range" not in stage  # the room sees the mean and the range
    # Counts only: neither names nor comments reach the projector.
    for private in ("Aiko", "Chie", "We have no written vision.", "The CEO talks about it every week."):
        assert private not in page


def test_the_presenter_shows_the_na_column_of_a_question_that_allows_it(consultant_client, answered, bank):
    workshop_reveal(workshop=answered, question=bank.questions.get(code="voc.surveys"))
    stage = consultant_client.get(live_url(answered)).text
    assert "N/A: 1" in stage and "Level 3: 1" in stage
    assert "(1 N/A)" in stage


def test_the_live_block_changes_with_the_reveal_and_with_that_questions_answers(
    consultant_client, answered, bank, vision
):
    hidden = consultant_client.get(live_url(answered))
    assert "histogram" not in hidden.text
    assert (
        consultant_client.get(live_url(answered), headers={"if-none-match": hidden["ETag"]}).status_code
        == 304
    )

    workshop_reveal(workshop=answered, question=vision)
    revealed = consultant_client.get(live_url(answered), headers={"if-none-match": hidden["ETag"]})
    assert revealed.status_code == 200
    assert "Level 4: 1" in revealed.text
    assert 'hx-swap-oob="true"' in revealed.text  # the stage and the joined count, out of band
    etag = revealed["ETag"]
    assert consultant_client.get(live_url(answered), headers={"if-none-match": etag}).status_code == 304

    dai = participant_join(workshop=answered, display_name="Dai")
    answer(dai, bank, "voc.surveys", "2")  # someone joined: the count changes, the distribution does not
    joined = consultant_client.get(live_url(answered), headers={"if-none-match": etag})
    assert joined.status_code == 200 and "<strong>4</strong> people have joined" in joined.text
    etag = joined["ETag"]
    answer(answered.assessment.participants.get(display_name="Aiko"), bank, "voc.metrics", "b")
    assert consultant_client.get(live_url(answered), headers={"if-none-match": etag}).status_code == 304

    answer(dai, bank, "strategy.vision", "4")  # an answer to the question on the projector
    changed = consultant_client.get(live_url(answered), headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "Level 4: 2" in changed.text

    workshop_reveal(workshop=answered, question=None)
    hidden_again = consultant_client.get(live_url(answered), headers={"if-none-match": changed["ETag"]})
    assert hidden_again.status_code == 200
    assert "histogram" not in hidden_again.text


def test_a_closed_workshop_says_so_on_the_projector_and_shows_no_answers(consultant_client, answered, vision):
    workshop_reveal(workshop=answered, question=vision)
    etag = consultant_client.get(live_url(answered))["ETag"]
    workshop_close(workshop=answered)
    response = consultant_client.get(live_url(answered), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "This workshop is closed. <span>Thank you for taking part.</span>" in response.text
    assert "histogram" not in response.text
    page = consultant_client.get(presenter_url(answered)).text
    assert "This workshop is closed." in page and "is-closed" in page


@pytest.mark.parametrize("participants", [3, 50])
def test_the_presenter_page_and_its_poll_cost_fixed_queries(
    consultant_client, workshop, bank, django_assert_num_queries, participants
):
    join_and_answer(workshop, bank, participants)
    # session, user, workshop (with its assessment, client and bank, checked against the consultancy),
    # participants' count and latest join.
    with django_assert_num_queries(4):
        page = consultant_client.get(presenter_url(workshop))
    with django_assert_num_queries(4):
        poll = consultant_client.get(live_url(workshop))
    with django_assert_num_queries(4):
        unchanged = consultant_client.get(live_url(workshop), headers={"if-none-match": poll["ETag"]})
    assert (page.status_code, poll.status_code, unchanged.status_code) == (200, 200, 304)

    workshop_reveal(workshop=workshop, question=bank.questions.get(code="strategy.budget"))
    # With a question revealed: session, user, workshop, participants' count and latest join with the
    # question's answers' count and latest change; then the questions with their dimensions, their options,
    # the question's answers, the options chosen, its rounds.
    with django_assert_num_queries(9):
        page = consultant_client.get(presenter_url(workshop))
    with django_assert_num_queries(9):
        poll = consultant_client.get(live_url(workshop))
    with django_assert_num_queries(4):
        unchanged = consultant_client.get(live_url(workshop), headers={"if-none-match": poll["ETag"]})
    assert (page.status_code, poll.status_code, unchanged.status_code) == (200, 200, 304)
    assert f"<dt>Answers</dt><dd>{participants}</dd>" in poll.text
