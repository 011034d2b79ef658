"""The facilitator's actions: agree a question's score with its rationale (or clear it), show one question on
the projector (or none), close the workshop. Each is a POST of the workshop's consultancy; bad input gets a
message and changes nothing; with htmx the page changes in place, without JavaScript it redirects back."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from assessments.banks import import_bank
from assessments.models import AgreedScore, Assessment, Workshop
from assessments.services import agreed_score_set, workshop_close, workshop_start
from tests.documents import bank_document, level_question
from tests.factories import ClientFactory, ConsultantFactory, MembershipFactory, UserFactory
from tests.reports.test_workshop_facilitator import detail_url, questions_url

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
SCORE_MESSAGE = "Agree a score from 1 to 5 in steps of 0.5."


def agree_url(workshop, code="strategy.vision") -> str:
    return reverse("workshop_agree", args=[workshop.assessment.public_id, code])


def clear_url(workshop, code="strategy.vision") -> str:
    return reverse("workshop_agree_clear", args=[workshop.assessment.public_id, code])


def reveal_url(workshop) -> str:
    return reverse("workshop_reveal", args=[workshop.assessment.public_id])


def close_url(workshop) -> str:
    return reverse("workshop_close", args=[workshop.assessment.public_id])


def results_url(workshop) -> str:
    return reverse("results", args=[workshop.assessment.public_id])


def refreshed(workshop) -> Workshop:
    return Workshop.objects.select_related("assessment").get(pk=workshop.pk)


def agreed(workshop) -> dict[str, tuple]:
    rows = AgreedScore.objects.filter(workshop=workshop).select_related("question")
    return {row.question.code: (row.score, row.rationale) for row in rows}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# Agree


def test_the_facilitator_agrees_a_score_with_its_rationale(consultant_client, consultant, answered, bank):
    response = consultant_client.post(
        agree_url(answered),
        {"score": "3.5", "rationale": "  Sales has one, service does not.  ", "order": "bank"},
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(answered, "bank") + "#question-strategy.vision"
    score = AgreedScore.objects.get(workshop=answered)
    assert (score.question.code, score.score, score.rationale) == (
        "strategy.vision",
        Decimal("3.5"),
        "Sales has one, service does not.",
    )
    assert score.agreed_by == consultant.user

    page = consultant_client.get(response["Location"])
    assert messages_of(page) == ["Agreed score 3.5 saved."]
    vision = page.text[page.text.index('id="question-strategy.vision"') :][:9000]
    assert "Agreed score <strong>3.5</strong>" in vision
    assert "replaces the mean 3.33 in the result" in vision
    assert "Sales has one, service does not." in vision
    assert f"Agreed by {consultant.user.name} on" in vision
    assert "Change the agreed score" in vision
    assert '<option value="3.5" selected>3.5</option>' in vision


def test_agreeing_again_changes_the_score_and_keeps_one_row(consultant_client, answered):
    consultant_client.post(agree_url(answered), {"score": "3.5", "rationale": "First"})
    consultant_client.post(agree_url(answered), {"score": "4", "rationale": "After the discussion"})
    assert agreed(answered) == {"strategy.vision": (Decimal("4"), "After the discussion")}


def test_with_htmx_the_question_re_renders_in_place(consultant_client, answered):
    response = consultant_client.post(
        agree_url(answered),
        {"score": "2", "rationale": "Not written down", "order": "disagreement"},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith('<article class="workshop-question')
    assert "<html" not in html and 'id="questions"' not in html
    assert "Agreed score <strong>2</strong>" in html
    assert "Agreed score 2 saved." in html
    assert "<h3 " in html  # most disagreement first: the question is a heading of the third level
    # The agree form comes back closed (the focus on it) and up to date; its id names the agreed score, so no
    # poll keeps the old.
    row = AgreedScore.objects.get(workshop=answered)
    question = row.question
    version = f"{int(row.agreed_at.timestamp())}{row.agreed_at.microsecond:06d}"
    assert f'id="agree-{question.pk}-{version}" hx-preserve>\n      <summary autofocus>' in html
    assert f'hx-post="{clear_url(answered)}"' in html


def test_the_questions_etag_changes_with_an_agreed_score(consultant_client, answered):
    etag = consultant_client.get(questions_url(answered))["ETag"]
    assert consultant_client.get(questions_url(answered), headers={"if-none-match": etag}).status_code == 304
    consultant_client.post(agree_url(answered), {"score": "3"})
    changed = consultant_client.get(questions_url(answered), headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "Agreed score <strong>3</strong>" in changed.text
    consultant_client.post(clear_url(answered))
    assert (
        consultant_client.get(questions_url(answered), headers={"if-none-match": changed["ETag"]}).status_code
        == 200
    )


@pytest.mark.parametrize(
    "score", ["7", "0.5", "3.3", "3.25", "NaN", "-nan", "Infinity", "", "three", "1e999", "3,5", "3.5.1"]
)
def test_a_score_outside_the_steps_is_refused_and_changes_nothing(consultant_client, answered, score):
    consultant_client.post(agree_url(answered), {"score": "4", "rationale": "Kept"}, follow=True)
    response = consultant_client.post(agree_url(answered), {"score": score, "rationale": "Lost"}, follow=True)
    assert response.status_code == 200
    assert messages_of(response) == [SCORE_MESSAGE]
    assert agreed(answered) == {"strategy.vision": (Decimal("4"), "Kept")}


def test_with_htmx_a_refusal_shows_beside_the_form_and_leaves_the_typing_alone(consultant_client, answered):
    question = answered.assessment.bank.questions.get(code="strategy.vision")
    response = consultant_client.post(agree_url(answered), {"score": "NaN", "rationale": "x"}, headers=HTMX)
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#agree-error-{question.pk}"
    assert response["HX-Reswap"] == "innerHTML"
    assert response.text == SCORE_MESSAGE
    assert not AgreedScore.objects.exists()


def test_an_oversized_rationale_is_refused(consultant_client, answered):
    response = consultant_client.post(
        agree_url(answered), {"score": "3", "rationale": "x" * 2001}, follow=True
    )
    assert messages_of(response) == ["A rationale can have at most 2000 characters (this one has 2001)."]
    assert not AgreedScore.objects.exists()
    assert 'maxlength="2000"' in response.text


def test_a_question_of_another_bank_or_a_tampered_code_is_refused(consultant_client, consultant, answered):
    other_bank = import_bank(bank_document(slug="other", dimensions={"people": [level_question("people.q")]}))
    other = workshop_start(
        client=answered.assessment.organization, bank=other_bank, title="Other", date=answered.date
    )
    for code in ("people.q", "strategy.vision.x"):
        response = consultant_client.post(agree_url(answered, code), {"score": "3"}, follow=True)
        assert messages_of(response) == ["This question is not part of this workshop."]
    # What no code can be (too long, a NUL byte) matches no URL.
    for code in ("a" * 300, "a%00"):
        url = f"/workshops/{answered.assessment.public_id}/questions/{code}/agree/"
        assert consultant_client.post(url, {"score": "3"}).status_code == 404
    # The other workshop's bank has no strategy.vision: its own code is refused there too.
    response = consultant_client.post(agree_url(other), {"score": "3"}, follow=True)
    assert messages_of(response) == ["This question is not part of this workshop."]
    assert not AgreedScore.objects.exists()


def test_a_refusal_is_explained_in_japanese_to_a_japanese_facilitator(consultant_client, answered):
    response = consultant_client.post(
        agree_url(answered), {"score": "NaN"}, headers={**HTMX, "accept-language": "ja"}
    )
    assert response.status_code == 422
    assert response.text == "合意スコアは1から5まで、0.5刻みで入力してください。"


def test_the_facilitator_clears_an_agreed_score(consultant_client, answered):
    consultant_client.post(agree_url(answered), {"score": "4"}, follow=True)
    response = consultant_client.post(clear_url(answered), {"order": "bank"}, follow=True)
    assert messages_of(response) == ["Agreed score cleared: the participants' mean counts again."]
    assert not AgreedScore.objects.exists()
    htmx = consultant_client.post(clear_url(answered), headers=HTMX)  # nothing to clear: nothing changes
    assert htmx.status_code == 200
    assert "Agree a score" in htmx.text and "Agreed score <strong>" not in htmx.text


# Reveal


def test_the_facilitator_shows_one_question_at_a_time_on_the_projector(consultant_client, answered, bank):
    response = consultant_client.post(reveal_url(answered), {"question": "strategy.budget", "order": "bank"})
    assert response["Location"] == detail_url(answered, "bank") + "#question-strategy.budget"
    assert refreshed(answered).revealed_question.code == "strategy.budget"
    page = consultant_client.get(response["Location"])
    assert messages_of(page) == ["The projector shows this question's answers."]
    budget = page.text[page.text.index('id="question-strategy.budget"') :][:9000]
    assert "On the projector" in budget and "Hide" in budget
    assert page.text.count("On the projector") == 1

    consultant_client.post(reveal_url(answered), {"question": "voc.surveys"}, follow=True)
    assert refreshed(answered).revealed_question.code == "voc.surveys"
    response = consultant_client.post(reveal_url(answered), {"question": ""}, follow=True)
    assert messages_of(response) == ["The projector shows no question's answers."]
    assert refreshed(answered).revealed_question is None


def test_with_htmx_a_reveal_re_renders_the_questions_block(consultant_client, answered):
    etag = consultant_client.get(questions_url(answered))["ETag"]
    response = consultant_client.post(
        reveal_url(answered), {"question": "strategy.vision", "order": "disagreement"}, headers=HTMX
    )
    assert response.status_code == 200
    assert '<section id="questions"' in response.text and 'hx-swap-oob="true"' in response.text
    assert "On the projector" in response.text
    assert etag not in response.text  # the poll goes on from the new state
    assert consultant_client.get(questions_url(answered), headers={"if-none-match": etag}).status_code == 200


def test_revealing_an_unknown_question_changes_nothing(consultant_client, answered, bank):
    consultant_client.post(reveal_url(answered), {"question": "strategy.vision"}, follow=True)
    response = consultant_client.post(reveal_url(answered), {"question": "people.q"}, follow=True)
    assert messages_of(response) == ["This question is not part of this workshop."]
    assert refreshed(answered).revealed_question.code == "strategy.vision"
    htmx = consultant_client.post(reveal_url(answered), {"question": "x"}, headers=HTMX)
    # No form to show it beside: the page reloads with the message.
    assert htmx["HX-Redirect"] == detail_url(answered, "bank")
    assert messages_of(consultant_client.get(detail_url(answered))) == [
        "This question is not part of this workshop."
    ]


# Close


def test_closing_asks_for_a_confirmation_first(consultant_client, answered):
    agreed_score_set(workshop=answered, question=answered.assessment.bank.questions.first(), score=3)
    response = consultant_client.get(close_url(answered))
    assert response.status_code == 200
    page = response.text
    assert "Close “Kick-off”?" in page
    assert "<dt>Participants</dt><dd>3</dd>" in page
    assert "<dd>1 of 4</dd>" in page
    assert refreshed(answered).assessment.is_open


def test_closing_stores_the_result_and_opens_the_results_page(consultant_client, consultant, answered):
    consultant_client.post(
        agree_url(answered), {"score": "5", "rationale": "The CEO's vision is written."}, follow=True
    )
    response = consultant_client.post(close_url(answered))
    assert response.status_code == 302 and response["Location"] == results_url(answered)
    assessment = refreshed(answered).assessment
    assert assessment.status == Assessment.Status.CLOSED
    assert assessment.submitted_by == consultant.user
    assert assessment.result is not None
    results = consultant_client.get(response["Location"])
    assert results.status_code == 200
    assert messages_of(results) == [
        "The workshop is closed: it no longer takes answers, and its result is stored."
    ]


def test_closing_twice_says_it_is_already_closed(consultant_client, answered):
    consultant_client.post(close_url(answered), follow=True)
    for method in (consultant_client.post, consultant_client.get):
        response = method(close_url(answered), follow=True)
        assert response.redirect_chain == [(results_url(answered), 302)]
        assert messages_of(response) == ["This workshop is already closed; here is its result."]


def test_a_workshop_closed_meanwhile_is_not_closed_twice(consultant_client, answered, monkeypatch):
    """The page was loaded while open; another request closes it before this one."""
    from reports.views import workshop_actions

    def close_first(*, workshop, by=None):
        workshop_close(workshop=workshop, by=by)
        return workshop_close(workshop=workshop, by=by)

    monkeypatch.setattr(workshop_actions, "workshop_close", close_first)
    response = consultant_client.post(close_url(answered), follow=True)
    assert messages_of(response) == ["This workshop is already closed; here is its result."]


def test_a_closed_workshops_page_says_so_hides_the_forms_and_links_to_the_results(
    consultant_client, answered
):
    consultant_client.post(agree_url(answered), {"score": "4.5", "rationale": "Agreed in the room"})
    consultant_client.post(reveal_url(answered), {"question": "strategy.vision"})
    etag = consultant_client.get(questions_url(answered))["ETag"]
    workshop_close(workshop=answered)
    page = consultant_client.get(detail_url(answered)).text
    assert "This workshop is closed." in page
    assert f'href="{results_url(answered)}"' in page
    for form in ("agree-form", "reveal-form", "Close the workshop", "On the projector"):
        assert form not in page
    assert "Agreed score <strong>4.5</strong>" in page and "Agreed in the room" in page
    # A page left open learns it at the next poll.
    polled = consultant_client.get(questions_url(answered), headers={"if-none-match": etag})
    assert polled.status_code == 200 and "This workshop is closed." in polled.text
    assert "agree-form" not in polled.text


@pytest.mark.parametrize("url", [agree_url, clear_url])
def test_a_closed_workshops_scores_no_longer_change(consultant_client, answered, url):
    consultant_client.post(agree_url(answered), {"score": "4"}, follow=True)
    workshop_close(workshop=answered)
    response = consultant_client.post(url(answered), {"score": "2"}, follow=True)
    assert messages_of(response) == ["This workshop is closed; its scores can no longer change."]
    assert agreed(answered) == {"strategy.vision": (Decimal("4"), "")}


def test_a_closed_workshop_reveals_nothing_more(consultant_client, answered):
    workshop_close(workshop=answered)
    response = consultant_client.post(reveal_url(answered), {"question": "strategy.vision"}, follow=True)
    assert messages_of(response) == ["This workshop is closed; there is nothing more to show."]
    assert refreshed(answered).revealed_question is None


# Access


def action_urls(workshop) -> list[str]:
    return [agree_url(workshop), clear_url(workshop), reveal_url(workshop), close_url(workshop)]


def test_only_the_workshops_consultancy_may_act(client, answered):
    member = MembershipFactory(organization=answered.assessment.organization)
    other_consultant = ConsultantFactory(consultancy=ClientFactory().consultancy)
    data = {"score": "3", "question": "strategy.vision"}
    for url in action_urls(answered):
        response = client.post(url, data)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.get(close_url(answered))["Location"].startswith(reverse("login"))
    for user in (other_consultant.user, member.user, UserFactory()):
        client.force_login(user)
        for url in action_urls(answered):
            assert client.post(url, data).status_code == 404
        assert client.get(close_url(answered)).status_code == 404
    fresh = refreshed(answered)
    assert fresh.assessment.is_open and fresh.revealed_question is None
    assert not AgreedScore.objects.exists()

    client.force_login(answered.assessment.organization.consultancy.consultants.get().user)
    for url in action_urls(answered):
        assert client.post(url, data).status_code == 302
    public_id = answered.assessment.public_id
    tampered = public_id[:-1] + ("a" if public_id[-1] != "a" else "b")
    assert client.post(reverse("workshop_reveal", args=[tampered]), data).status_code == 404
    assert client.post(reverse("workshop_agree", args=[tampered, "strategy.vision"]), data).status_code == 404


def test_the_actions_are_posts_only(consultant_client, answered):
    for url in (agree_url(answered), clear_url(answered), reveal_url(answered)):
        assert consultant_client.get(url).status_code == 405
    assert consultant_client.put(close_url(answered)).status_code == 405


def test_every_action_needs_the_csrf_token(consultant, answered):
    browser = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    browser.force_login(consultant.user)
    for url in action_urls(answered):
        assert browser.post(url, {"score": "3", "question": "strategy.vision"}).status_code == 403
    assert refreshed(answered).assessment.is_open and not AgreedScore.objects.exists()


def test_a_nul_byte_for_the_question_to_reveal_is_refused_like_any_unknown_code(consultant_client, workshop):
    # PostgreSQL refuses a NUL byte in a query: it answered 500 there.
    url = reverse("workshop_reveal", args=[workshop.assessment.public_id])
    response = consultant_client.post(url, {"question": "strategy.vision\x00"}, follow=True)
    assert response.status_code == 200
    assert "This question is not part of this workshop." in response.content.decode()
