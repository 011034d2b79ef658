"""A workshop's participants: joining by code, the session and the resume link, the questionnaire through the
participant's door, "my answers", a closed workshop, and who may see what."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from assessments.banks import import_bank
from assessments.models import COMMENT_MAX_LENGTH, Answer, Assessment, Participant
from assessments.services import (
    answer_save,
    assessment_start,
    participant_join,
    revote_start,
    workshop_close,
    workshop_start,
)
from assessments.views.participants import SESSION_KEY, join_code_from
from tests.documents import bank_document, level_question
from tests.factories import ClientFactory, answer_all, option

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def join_url(workshop):
    return reverse("workshop_join", args=[workshop.join_code])


def page_url(workshop, code="strategy"):
    return reverse("workshop_dimension", args=[workshop.join_code, code])


def answer_url(workshop, code="strategy.vision"):
    return reverse("workshop_answer", args=[workshop.join_code, code])


def answers_url(workshop):
    return reverse("workshop_answers", args=[workshop.join_code])


def resume_url(participant):
    return reverse("workshop_resume", args=[participant.resume_token])


def join(client, workshop, name="Aiko", **fields) -> Participant:
    """Join through the page; the participant this browser's session now holds."""
    response = client.post(join_url(workshop), {"display_name": name, "language": "en", **fields})
    assert response.status_code == 302
    return Participant.objects.get(pk=client.session[SESSION_KEY][workshop.join_code])


def close(workshop):
    Assessment.objects.filter(pk=workshop.assessment_id).update(
        status=Assessment.Status.CLOSED, submitted_at=timezone.now()
    )


def end(workshop):
    workshop.ends_at = timezone.now() - timedelta(minutes=1)
    workshop.save()


def saved(participant, code):
    """(option codes, N/A, comment) of the participant's answer to a question, or None."""
    answer = Answer.objects.filter(participant=participant, question__code=code).first()
    if answer is None:
        return None
    return sorted(o.code for o in answer.options.all()), answer.not_applicable, answer.comment


@pytest.fixture
def other_workshop(workshop):
    """Another open workshop of the same consultancy, on another bank."""
    bank = import_bank(bank_document(slug="other", dimensions={"other": [level_question("other.question")]}))
    consultancy = workshop.assessment.organization.consultancy
    return workshop_start(
        client=ClientFactory(consultancy=consultancy), bank=bank, title="Other", date=date(2026, 12, 2)
    )


@pytest.fixture
def participant_client(client, workshop):
    join(client, workshop)
    return client


# The join page


def test_the_join_page_shows_the_workshop_and_the_form(client, workshop):
    html = client.get(join_url(workshop)).content.decode()
    assert "<h1" in html and "Kick-off" in html
    assert workshop.assessment.organization.name in html
    for name in ("display_name", "department", "role"):
        assert f'name="{name}"' in html
    assert 'value="en"  id="id_language_1" required checked' in html  # the browser asks for English
    assert "日本語" in html and "English" in html
    assert "Log in" not in html and "Sign up" not in html  # no members' navigation


def test_the_join_page_offers_japanese_to_a_japanese_browser(client, workshop):
    html = client.get(join_url(workshop), headers={"accept-language": "ja"}).content.decode()
    assert '<html lang="ja">' in html
    assert 'value="ja"  id="id_language_0" required checked' in html


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.upper(),
        lambda code: "-".join(code[i : i + 4] for i in range(0, len(code), 4)),
        lambda code: " ".join(code[i : i + 4] for i in range(0, len(code), 4)).upper(),
        lambda code: code.upper().translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}),  # full-width
    ],
)
def test_the_code_is_read_in_any_case_with_or_without_separators(client, workshop, typed):
    response = client.get(f"/w/{typed(workshop.join_code)}/")
    assert response.status_code == 302
    assert response.url == join_url(workshop)


@pytest.mark.parametrize(
    "path",
    [
        "/w/nope/",
        "/w/{code}x/",
        "/w/{short}/",
        "/w/%00/",
        "/w/{short}%00/",
        "/w/" + "a" * 5000 + "/",
        "/w/" + "b" * 26 + "/",  # well formed, no such workshop
        "/w/{short}%00/dimensions/strategy/",
        "/w/%00/answers/",
    ],
)
def test_a_bad_or_unknown_code_is_404(client, workshop, path):
    code = workshop.join_code
    assert client.get(path.format(code=code, short=code[:-1])).status_code == 404


def test_a_bad_code_posted_to_is_404_and_changes_nothing(client, workshop):
    assert client.post("/w/%00/", {"display_name": "Aiko", "language": "en"}).status_code == 404
    assert client.post("/w/%00/questions/strategy.vision/", headers=HTMX).status_code == 404
    assert not Participant.objects.exists()


def test_join_code_from_what_a_person_types():
    assert join_code_from("ABCD-efgh 2345") is None  # too short
    assert join_code_from("a" * 26) == "a" * 26
    assert join_code_from("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AA") == "a" * 26
    assert join_code_from("a" * 25 + "1") is None  # 1 is not base32
    assert join_code_from("a" * 25 + "\x00") is None
    assert join_code_from("a" * 27) is None


def test_joining_keeps_the_participant_in_the_session_and_switches_the_language(client, workshop):
    response = client.post(
        join_url(workshop),
        {"display_name": " Aiko ", "department": "Sales", "role": "Manager", "language": "ja"},
    )
    participant = Participant.objects.get()
    assert (participant.display_name, participant.department, participant.role) == (
        "Aiko",
        "Sales",
        "Manager",
    )
    assert participant.language == "ja"
    assert participant.assessment == workshop.assessment
    assert client.session[SESSION_KEY] == {workshop.join_code: participant.pk}
    assert response.cookies["django_language"].value == "ja"
    assert response.url == page_url(workshop, "strategy")
    html = client.get(response.url).content.decode()  # the browser asks for English; the cookie wins
    assert '<html lang="ja">' in html
    assert "Strategy（日本語）" in html


def test_joining_needs_a_name(client, workshop):
    response = client.post(join_url(workshop), {"display_name": "   ", "language": "en"})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not Participant.objects.exists()
    assert SESSION_KEY not in client.session


def test_the_same_name_twice_is_two_participants(client, workshop):
    first = join(client, workshop)
    other_phone = Client(headers={"accept-language": "en"})
    second = join(other_phone, workshop)
    assert first != second
    # The same browser joining again (a shared device) becomes the newer participant: never a lock-out.
    third = join(client, workshop)
    assert third not in (first, second)
    assert Participant.objects.filter(display_name="Aiko").count() == 3


def test_a_browser_that_joined_is_offered_to_continue(participant_client, workshop):
    html = participant_client.get(join_url(workshop)).content.decode()
    assert "You joined as Aiko" in html
    assert f'href="{page_url(workshop)}"' in html
    assert 'name="display_name"' in html  # someone else may join from this device


@pytest.mark.parametrize("over", [close, end])
def test_a_closed_workshops_join_page_says_so_and_takes_nobody(client, workshop, over):
    over(workshop)
    html = client.get(join_url(workshop)).content.decode()
    assert "This workshop is closed." in html
    assert '<form method="post" class="card' not in html and 'name="display_name"' not in html
    response = client.post(join_url(workshop), {"display_name": "Late", "language": "en"})
    assert response.status_code == 200
    assert not Participant.objects.exists()


# The resume link


def test_the_resume_link_restores_a_lost_session_with_the_answers_intact(client, workshop, bank):
    participant = join(client, workshop, language="ja")
    client.post(
        answer_url(workshop),
        {"strategy.vision-option": "4", "strategy.vision-comment": "Our plan"},
        headers=HTMX,
    )
    client.post(answer_url(workshop, "strategy.budget"), {"strategy.budget-option": "b"}, headers=HTMX)

    client.session.flush()  # the phone lost its cookie
    client.cookies.clear()
    assert client.get(page_url(workshop)).url == join_url(workshop)

    response = client.get(resume_url(participant))
    assert response.url == page_url(workshop, "voc")  # where they were: the first page with questions left
    assert response.cookies["django_language"].value == "ja"
    assert client.session[SESSION_KEY] == {workshop.join_code: participant.pk}
    html = client.get(page_url(workshop)).content.decode()
    assert 'name="strategy.vision-option" value="4" checked' in html
    assert ">Our plan</textarea>" in html
    assert saved(participant, "strategy.budget") == (["b"], False, "")


def test_the_resume_link_works_in_another_browser_and_ends_on_my_answers(client, workshop, bank):
    participant = join(client, workshop)
    answer_all(participant, bank)
    laptop = Client(headers={"accept-language": "en"})
    assert laptop.get(resume_url(participant)).url == answers_url(workshop)
    assert laptop.get(answers_url(workshop)).status_code == 200


def test_the_resume_link_of_a_closed_workshop_shows_my_answers(client, workshop):
    participant = join(client, workshop)
    close(workshop)
    assert Client().get(resume_url(participant)).url == answers_url(workshop)


@pytest.mark.parametrize("token", ["x" * 43, "short", "None", "%00", "a" * 42 + "%00", "a" * 5000, "@" * 43])
def test_an_unknown_or_malformed_resume_token_is_404(client, workshop, token):
    participant_join(workshop=workshop, display_name="Aiko")
    assert client.get(f"/w/r/{token}/").status_code == 404
    assert SESSION_KEY not in client.session


def test_a_self_assessments_participant_has_no_resume_link(client, member, bank):
    assessment = assessment_start(organization=member.organization, bank=bank, by=member.user)
    assert assessment.participants.get().resume_token is None
    assert client.get("/w/r/None/").status_code == 404


def test_the_resume_link_shows_only_on_its_participants_own_pages(client, workshop):
    aiko = join(client, workshop)
    ken_phone = Client(headers={"accept-language": "en"})
    ken = join(ken_phone, workshop, name="Ken")
    for url in (page_url(workshop), answers_url(workshop)):
        html = client.get(url).content.decode()
        assert f"/w/r/{aiko.resume_token}/" in html
        assert ken.resume_token not in html and "Ken" not in html
        html = ken_phone.get(url).content.decode()
        assert aiko.resume_token not in html and "Aiko" not in html
    assert aiko.resume_token not in Client().get(join_url(workshop)).content.decode()


# Access: no session, another workshop's session, the right session


def every_view(workshop):
    """(method, url, data) of each participant view behind the session."""
    return [
        ("get", page_url(workshop), {}),
        ("post", page_url(workshop), {"strategy.vision-option": "3"}),
        ("post", answer_url(workshop), {"strategy.vision-option": "3"}),
        ("get", answers_url(workshop), {}),
    ]


def test_without_a_session_every_page_leads_to_the_join_page(client, workshop):
    for method, url, data in every_view(workshop):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302
        assert response.url == join_url(workshop)
    assert not Answer.objects.exists()


def test_another_workshops_participant_is_sent_to_this_join_page(client, workshop, other_workshop):
    join(client, other_workshop)
    for method, url, data in every_view(workshop):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302
        assert response.url == join_url(workshop)
    assert not Answer.objects.exists()


def test_the_right_session_sees_the_pages(participant_client, workshop):
    assert participant_client.get(page_url(workshop)).status_code == 200
    assert participant_client.get(answers_url(workshop)).status_code == 200
    assert participant_client.post(answer_url(workshop), {"option": "3"}, headers=HTMX).status_code == 200
    assert participant_client.get(page_url(workshop, "nope")).status_code == 404


def test_an_autosave_without_a_session_says_so_and_saves_nothing(client, workshop, other_workshop):
    join(client, other_workshop)
    response = client.post(answer_url(workshop), {"strategy.vision-option": "3"}, headers=HTMX)
    assert response.status_code == 422
    assert "this browser no longer knows you" in response.content.decode()
    assert not Answer.objects.exists()


def test_another_banks_question_is_refused_with_a_message(participant_client, workshop, other_workshop):
    response = participant_client.post(answer_url(workshop, "other.question"), {"option": "3"}, headers=HTMX)
    assert response.status_code == 422
    assert "This question is not part of this workshop." in response.content.decode()
    assert not Answer.objects.exists()


def test_a_participant_is_not_a_member(participant_client, workshop):
    url = reverse("assessment_dimension", args=[workshop.assessment.public_id, "strategy"])
    assert participant_client.get(url).url.startswith(reverse("login"))


def test_a_participant_sees_only_their_own_answers(client, workshop, bank):
    aiko = join(client, workshop)
    ken = participant_join(workshop=workshop, display_name="Ken")
    answer_save(
        participant=ken,
        question=bank.questions.get(code="strategy.vision"),
        options=[option(bank, "strategy.vision", "5")],
        comment="Ken's secret",
    )
    for url in (page_url(workshop), answers_url(workshop)):
        html = client.get(url).content.decode()
        assert "Ken" not in html and "checked" not in html
    assert saved(aiko, "strategy.vision") is None


def test_every_post_needs_the_csrf_token(workshop):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(join_url(workshop), {"display_name": "Aiko", "language": "en"}).status_code == 403
    assert not Participant.objects.exists()
    participant = participant_join(workshop=workshop, display_name="Aiko")
    browser.get(resume_url(participant))
    assert browser.post(answer_url(workshop), {"option": "3"}, headers=HTMX).status_code == 403
    assert browser.post(page_url(workshop), {"strategy.vision-option": "3"}).status_code == 403
    assert not Answer.objects.exists()


# The questionnaire


def test_the_dimension_page_is_the_members_questionnaire_through_the_participants_urls(
    participant_client, workshop
):
    html = participant_client.get(page_url(workshop, "voc")).content.decode()
    assert '<fieldset id="q-voc.surveys"' in html and "<legend" in html
    assert 'name="voc.surveys-option" value="n/a"' in html
    assert f'hx-post="{answer_url(workshop, "voc.surveys")}"' in html
    assert f'action="{page_url(workshop, "voc")}"' in html
    assert 'maxlength="2000"' in html
    assert "Dimension 2 of 2 · Kick-off" in html
    assert "Answering as <strong>Aiko</strong>" in html
    assert f'href="{answers_url(workshop)}"' in html and "My answers" in html
    assert "/assessments/" not in html


def test_the_link_to_continue_is_open_right_after_joining(participant_client, workshop):
    # The first page after joining was not fetched by join(); it is the next one.
    assert '<details class="resume-link" open>' in participant_client.get(page_url(workshop)).content.decode()
    assert '<details class="resume-link">' in participant_client.get(page_url(workshop)).content.decode()


def test_autosave_saves_and_says_so(participant_client, workshop):
    response = participant_client.post(
        answer_url(workshop),
        {"strategy.vision-option": "3", "strategy.vision-comment": "In the plan"},
        headers=HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Saved at" in html and "1 of 4 questions answered" in html and 'hx-swap-oob="true"' in html
    assert f'href="{page_url(workshop)}"' in html
    participant = Participant.objects.get()
    assert saved(participant, "strategy.vision") == (["3"], False, "In the plan")


def test_autosave_speaks_the_participants_language(client, workshop):
    join(client, workshop, language="ja")
    response = client.post(answer_url(workshop), {"strategy.vision-option": "3"}, headers=HTMX)
    assert '<html lang="ja">' in client.get(page_url(workshop)).content.decode()
    assert "に保存しました" in response.content.decode()


@pytest.mark.parametrize(
    ("code", "data", "message"),
    [
        ("strategy.vision", {"option": "a"}, "does not belong to this question"),
        ("strategy.vision", {"na": "1"}, "cannot be answered N/A"),
        ("strategy.vision", {"option": "3", "comment": "x" * (COMMENT_MAX_LENGTH + 1)}, "at most 2000"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    participant_client, workshop, bank, code, data, message
):
    participant = Participant.objects.get()
    answer_save(participant=participant, question=bank.questions.get(code=code), comment="before")
    response = participant_client.post(answer_url(workshop, code), data, headers=HTMX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert saved(participant, code) == ([], False, "before")


def test_the_page_works_without_javascript(participant_client, workshop):
    response = participant_client.post(
        page_url(workshop),
        {"strategy.vision-option": "2", "strategy.budget-option": "c", "go": "next"},
    )
    assert response.url == page_url(workshop, "voc")
    response = participant_client.post(page_url(workshop, "voc"), {"voc.surveys-option": "n/a", "go": "next"})
    assert response.url == answers_url(workshop)
    participant = Participant.objects.get()
    assert saved(participant, "strategy.budget") == (["c"], False, "")
    assert saved(participant, "voc.surveys") == ([], True, "")


def test_my_answers_shows_every_answer_with_its_comment_and_what_is_missing(
    participant_client, workshop, bank
):
    participant = Participant.objects.get()
    answer_save(
        participant=participant,
        question=bank.questions.get(code="strategy.vision"),
        options=[option(bank, "strategy.vision", "4")],
        comment="Board approved\nthe vision",
    )
    answer_save(participant=participant, question=bank.questions.get(code="voc.surveys"), not_applicable=True)
    html = participant_client.get(answers_url(workshop)).content.decode()
    assert "<h1" in html and "My answers" in html
    assert "strategy.vision at level 4" in html and "Level 4" in html
    assert "Board approved<br>the vision" in html
    assert "N/A — does not apply to us" in html
    assert "Not answered yet" in html
    assert "2 required questions still need an answer" in html
    assert f'href="{page_url(workshop)}#q-strategy.vision">Change' in html
    assert f'href="{page_url(workshop)}#q-strategy.budget">Answer' in html
    assert "Submit" not in html and "/submit/" not in html


def test_my_answers_when_everything_is_answered(participant_client, workshop, bank):
    answer_all(Participant.objects.get(), bank)
    html = participant_client.get(answers_url(workshop)).content.decode()
    assert "Every required question is answered" in html
    assert "until the facilitator closes the workshop" in html


def test_an_anonymous_workshop_changes_nothing_on_the_participants_pages(client, bank, consultant):
    workshop = workshop_start(
        client=ClientFactory(consultancy=consultant.consultancy),
        bank=bank,
        title="Anonymous",
        date=date(2026, 12, 1),
        anonymous=True,
    )
    assert "Answers are anonymous" in client.get(join_url(workshop)).content.decode()
    join(client, workshop)
    html = client.get(page_url(workshop)).content.decode()
    assert "Answering as <strong>Aiko</strong>" in html
    assert client.post(answer_url(workshop), {"option": "3"}, headers=HTMX).status_code == 200


# Closed


@pytest.mark.parametrize("over", [close, end])
def test_a_closed_workshop_shows_the_answers_read_only(participant_client, workshop, bank, over):
    participant = Participant.objects.get()
    answer_save(
        participant=participant,
        question=bank.questions.get(code="strategy.vision"),
        options=[option(bank, "strategy.vision", "4")],
    )
    over(workshop)
    assert participant_client.get(page_url(workshop)).url == answers_url(workshop)
    html = participant_client.get(answers_url(workshop)).content.decode()
    assert "This workshop is closed." in html
    assert "strategy.vision at level 4" in html
    assert "#q-" not in html and '<form method="post" action' not in html and "hx-post" not in html
    assert page_url(workshop) not in html  # no links to the dimension pages
    assert "still need an answer" not in html
    assert "/summary/" not in html


@pytest.mark.parametrize("over", [close, end])
def test_a_late_answer_gets_a_clear_message_and_changes_nothing(client, workshop, bank, over):
    participant = join(client, workshop, language="ja")
    answer_save(
        participant=participant,
        question=bank.questions.get(code="strategy.vision"),
        options=[option(bank, "strategy.vision", "4")],
    )
    over(workshop)
    response = client.post(answer_url(workshop), {"strategy.vision-option": "2"}, headers=HTMX)
    assert response.status_code == 422
    with translation.override("ja"):
        assert (
            translation.gettext("This workshop is closed; it no longer takes answers.")
            in response.content.decode()
        )
    response = client.post(page_url(workshop), {"strategy.vision-option": "2", "go": "next"})
    assert response.url == answers_url(workshop)
    assert saved(participant, "strategy.vision") == (["4"], False, "")


def test_a_shared_summary_is_linked_once_closed(participant_client, workshop):
    close(workshop)
    summary = reverse("workshop_summary", args=[workshop.join_code])
    assert summary not in participant_client.get(answers_url(workshop)).content.decode()
    workshop.summary_shared = True
    workshop.save()
    assert f'href="{summary}"' in participant_client.get(answers_url(workshop)).content.decode()
    assert f'href="{summary}"' in Client().get(join_url(workshop)).content.decode()


# Queries: the same whatever the size of the bank


def test_the_participants_pages_cost_fixed_queries(
    participant_client, workshop, bank, django_assert_num_queries
):
    answer_all(Participant.objects.get(), bank)
    participant_client.get(page_url(workshop))  # the first page after joining also updates the session
    # (the bank's questions and options come from its structure, read once: banks/structure.py)
    # session, workshop (with assessment, client, bank), participant, every answer of the participant with
    # its options' codes (the page's answers and the progress), the workshop's re-votes.
    with django_assert_num_queries(5):
        assert participant_client.get(page_url(workshop)).status_code == 200
    # session, workshop, participant, answers counted by dimension, unanswered questions, the workshop's
    # re-votes, answers with their options' codes.
    with django_assert_num_queries(7):
        assert participant_client.get(answers_url(workshop)).status_code == 200
    # With re-votes, one more on either page: the re-voted questions not answered again (with dimensions).
    revote_start(workshop=workshop, question=bank.questions.get(code="strategy.vision"))
    with django_assert_num_queries(6):
        assert participant_client.get(page_url(workshop)).status_code == 200
    with django_assert_num_queries(8):
        assert participant_client.get(answers_url(workshop)).status_code == 200


def test_a_participant_who_switches_language_gets_it_back_through_the_resume_link(client, workshop):
    participant = join(client, workshop, language="ja")
    assert participant.language == "ja"
    client.post(reverse("set_language"), {"language": "en", "next": page_url(workshop)})
    assert client.get(page_url(workshop)).status_code == 200
    participant.refresh_from_db()
    assert participant.language == "en"
    other_device = Client()
    response = other_device.get(resume_url(participant))
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def live_url(workshop):
    return reverse("workshop_live", args=[workshop.join_code])


def test_the_live_notice_follows_re_votes_and_closing_without_a_reload(
    participant_client, workshop, bank, consultant, django_assert_num_queries
):
    page = participant_client.get(page_url(workshop)).text
    assert f'hx-get="{live_url(workshop)}"' in page and 'hx-trigger="every 10s"' in page
    # session, workshop (with assessment, client, bank), participant, the workshop's re-votes.
    with django_assert_num_queries(4):
        first = participant_client.get(live_url(workshop), headers=HTMX)
    assert first.status_code == 200 and "asked-again" not in first.text
    assert 'id="participant-live"' in first.text and 'hx-swap-oob="true"' in first.text
    with django_assert_num_queries(4):
        unchanged = participant_client.get(
            live_url(workshop), headers={**HTMX, "if-none-match": first["ETag"]}
        )
    assert unchanged.status_code == 304 and unchanged.content == b""

    revote_start(workshop=workshop, question=bank.questions.get(code="strategy.vision"))
    # ... and the re-voted questions not answered again.
    with django_assert_num_queries(5):
        asked = participant_client.get(live_url(workshop), headers={**HTMX, "if-none-match": first["ETag"]})
    assert asked.status_code == 200
    assert "The facilitator has asked everyone to answer this question again:" in asked.text

    workshop_close(workshop=workshop, by=consultant.user)
    closed = participant_client.get(live_url(workshop), headers={**HTMX, "if-none-match": asked["ETag"]})
    assert closed.status_code == 200 and "This workshop is closed." in closed.text
    assert "asked-again" not in closed.text


def test_the_live_notice_is_for_the_participants_browser_only(client, workshop):
    assert client.get(live_url(workshop)).status_code == 302  # to the join page
    assert client.get(live_url(workshop), headers=HTMX).status_code == 422  # a message, nothing swapped
    assert client.get(reverse("workshop_live", args=["0" * 26])).status_code == 404


def test_a_participants_autosave_costs_five_queries(participant_client, workshop, bank):
    participant_client.get(page_url(workshop))  # the bank's structure read; the language remembered
    posted = {"strategy.vision-option": "2", "strategy.vision-round": "1"}
    with CaptureQueriesContext(connection) as first:
        assert participant_client.post(answer_url(workshop), posted, headers=HTMX).status_code == 200
    posted["strategy.vision-option"] = "4"
    with CaptureQueriesContext(connection) as changed:
        assert participant_client.post(answer_url(workshop), posted, headers=HTMX).status_code == 200
    control = ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT")
    # session; the participant with the workshop, its assessment locked; the question's round and the
    # figures, read once the lock is held; the answer; its option (inserted, then moved by one UPDATE).
    for context, writes in ((first, ["INSERT", "INSERT"]), (changed, ["INSERT", "UPDATE"])):
        sql = [query["sql"] for query in context.captured_queries if not query["sql"].startswith(control)]
        assert [statement.split()[0] for statement in sql[3:]] == writes and len(sql) == 5, sql
    answer = Answer.objects.get(question__code="strategy.vision")
    assert [option.code for option in answer.options.all()] == ["4"]


def test_a_participants_autosave_for_an_earlier_round_or_a_closed_workshop_saves_nothing(
    participant_client, workshop, bank
):
    revote_start(workshop=workshop, question=bank.questions.get(code="strategy.vision"))
    stale = {"strategy.vision-option": "2", "strategy.vision-round": "1"}
    response = participant_client.post(answer_url(workshop), stale, headers=HTMX)
    assert response.status_code == 422 and "answer this question again" in response.text
    workshop_close(workshop=workshop)
    current = {"strategy.vision-option": "2", "strategy.vision-round": "2"}
    response = participant_client.post(answer_url(workshop), current, headers=HTMX)
    assert response.status_code == 422 and "This workshop is closed" in response.text
    assert not Answer.objects.filter(question__code="strategy.vision").exists()
