"""A consultant sets up a workshop for a client and shows its presenter page on the projector: the QR code,
the join address, and how many have joined, polled with conditional responses."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.banks import import_bank
from assessments.models import Assessment, Workshop
from assessments.services import participant_join
from assessments.views.workshops import qr_code
from tests.documents import bank_document
from tests.factories import ClientFactory, ConsultantFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_organization(consultant):
    return ClientFactory(consultancy=consultant.consultancy, name="Kobe Retail")


@pytest.fixture
def banks(db):
    """cx-maturity 1.0 and 1.1 (published), 2.0 (a draft), and another bank, test-bank 1.0."""
    return {
        "old": import_bank(bank_document(slug="cx-maturity", version="1.0")),
        "default": import_bank(bank_document(slug="cx-maturity", version="1.1")),
        "draft": import_bank(bank_document(slug="cx-maturity", version="2.0", status="draft")),
        "other": import_bank(bank_document(slug="test-bank", version="1.0")),
    }


def create_url(organization) -> str:
    return reverse("workshop_create", args=[organization.public_id])


def form_data(bank, **changes) -> dict:
    return {"title": "CX kick-off", "date": "2026-12-01", "answers": "named", "bank": bank.pk, **changes}


def presenter_url(workshop) -> str:
    return reverse("workshop_presenter", args=[workshop.assessment.public_id])


def joined_url(workshop) -> str:
    return reverse("workshop_presenter_joined", args=[workshop.assessment.public_id])


# Set-up


def test_the_form_offers_the_latest_published_version_of_each_bank_and_defaults_to_today_and_the_default(
    consultant_client, client_organization, banks
):
    response = consultant_client.get(create_url(client_organization))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["bank"].queryset) == [banks["default"], banks["other"]]
    assert form["bank"].value() == banks["default"].pk
    assert form["date"].value() == timezone.localdate()
    assert form["answers"].value() == "named"
    assert "Kobe Retail" in response.text


def test_starting_a_workshop_opens_its_facilitator_page(
    consultant, consultant_client, client_organization, banks
):
    data = form_data(banks["other"], answers="anonymous", date="2099-12-01", end_time="17:30")
    response = consultant_client.post(create_url(client_organization), data)
    workshop = Workshop.objects.select_related("assessment").get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workshop_detail", args=[workshop.assessment.public_id])
    assert (workshop.title, workshop.date, workshop.anonymous) == ("CX kick-off", date(2099, 12, 1), True)
    assert workshop.ends_at == timezone.make_aware(datetime(2099, 12, 1, 17, 30))
    assert workshop.created_by == consultant.user
    assessment = workshop.assessment
    assert (assessment.organization, assessment.bank, assessment.mode) == (
        client_organization,
        banks["other"],
        "workshop",
    )


def test_without_an_end_time_a_workshop_takes_answers_until_it_is_closed(
    consultant_client, client_organization, banks
):
    consultant_client.post(create_url(client_organization), form_data(banks["default"]))
    workshop = Workshop.objects.get()
    assert (workshop.ends_at, workshop.anonymous) == (None, False)
    assert workshop.accepts_answers


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "   "}, "title", "This field is required."),
        ({"title": "x" * 201}, "title", "Ensure this value has at most 200 characters (it has 201)."),
        ({"date": "next week"}, "date", "Enter a valid date."),
        (
            {"answers": "secret"},
            "answers",
            "Select a valid choice. secret is not one of the available choices.",
        ),
        ({"end_time": "25:00"}, "end_time", "Enter a valid time."),
        ({"date": "2020-01-01", "end_time": "10:00"}, "end_time", "This end time has already passed"),
    ],
)
def test_bad_input_says_why_and_starts_nothing(
    consultant_client, client_organization, banks, changes, field, message
):
    response = consultant_client.post(create_url(client_organization), form_data(banks["default"], **changes))
    assert response.status_code == 422
    assert any(message in error for error in response.context["form"].errors[field])
    assert message.split(".")[0] in response.text
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("bank", ["old", "draft"])
def test_only_the_latest_published_version_of_a_bank_can_be_chosen(
    consultant_client, client_organization, banks, bank
):
    response = consultant_client.post(create_url(client_organization), form_data(banks[bank]))
    assert response.status_code == 422
    assert response.context["form"].errors["bank"] == ["Choose one of the published question banks."]
    assert not Assessment.objects.exists()


def test_bad_input_is_explained_in_japanese_to_a_japanese_consultant(
    consultant_client, client_organization, banks
):
    response = consultant_client.post(
        create_url(client_organization),
        form_data(banks["default"], date="2020-01-01", end_time="10:00"),
        headers={"accept-language": "ja"},
    )
    assert response.status_code == 422
    assert "この終了時刻はすでに過ぎています" in response.text
    assert not Assessment.objects.exists()


def test_without_a_published_bank_the_form_says_so(consultant_client, client_organization):
    response = consultant_client.get(create_url(client_organization))
    assert "No question bank is published yet" in response.text
    response = consultant_client.post(
        create_url(client_organization), {"title": "Kick-off", "date": "2026-12-01"}
    )
    assert response.status_code == 422
    assert not Assessment.objects.exists()


def test_only_the_clients_consultancy_may_set_up_a_workshop(client, client_organization, banks):
    url = create_url(client_organization)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"

    member = MembershipFactory(organization=client_organization)
    for user in (ConsultantFactory().user, member.user, UserFactory()):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, form_data(banks["default"])).status_code == 404
    assert not Assessment.objects.exists()

    client.force_login(client_organization.consultancy.consultants.get().user)
    assert client.get(url).status_code == 200
    assert client.get(reverse("workshop_create", args=["a" * 26])).status_code == 404


# The presenter page


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
    first = consultant_client.get(joined_url(workshop))
    assert first.status_code == 200
    etag = first["ETag"]
    assert "<strong>0</strong> people have joined" in first.text
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    # The polled block carries its own ETag, for the next poll to send.
    assert (
        f'hx-headers="{{&quot;If-None-Match&quot;: &quot;\\&quot;{etag[1:-1]}\\&quot;&quot;}}"' in first.text
    )

    unchanged = consultant_client.get(joined_url(workshop), headers={"if-none-match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag

    participant_join(workshop=workshop, display_name="Aiko")
    changed = consultant_client.get(joined_url(workshop), headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "<strong>1</strong> person has joined" in changed.text


def test_the_joined_count_is_new_content_in_another_language(consultant_client, workshop):
    english = consultant_client.get(joined_url(workshop))
    japanese = consultant_client.get(
        joined_url(workshop), headers={"if-none-match": english["ETag"], "accept-language": "ja"}
    )
    assert japanese.status_code == 200
    assert "0</strong>人が参加しています" in japanese.text


def test_a_workshop_past_its_end_time_says_it_no_longer_takes_answers(consultant_client, workshop):
    etag = consultant_client.get(joined_url(workshop))["ETag"]
    Workshop.objects.filter(pk=workshop.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    response = consultant_client.get(joined_url(workshop), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "This workshop no longer takes answers." in response.text


def test_only_the_workshops_consultancy_sees_the_presenter_page(client, workshop):
    member = MembershipFactory(organization=workshop.assessment.organization)
    for url in (presenter_url(workshop), joined_url(workshop)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        for user in (ConsultantFactory().user, member.user, UserFactory()):
            client.force_login(user)
            assert client.get(url).status_code == 404
        client.logout()

    client.force_login(workshop.assessment.organization.consultancy.consultants.get().user)
    assert client.get(presenter_url(workshop)).status_code == 200
    assert client.get(joined_url(workshop)).status_code == 200
    tampered = workshop.assessment.public_id[:-1] + ("a" if workshop.assessment.public_id[-1] != "a" else "b")
    assert client.get(reverse("workshop_presenter", args=[tampered])).status_code == 404
    assert client.get(reverse("workshop_presenter_joined", args=[tampered])).status_code == 404


@pytest.mark.parametrize("participants", [3, 50])
def test_the_presenter_page_and_its_poll_cost_fixed_queries(
    consultant_client, workshop, django_assert_num_queries, participants
):
    for number in range(participants):
        participant_join(workshop=workshop, display_name=f"Participant {number}")
    # session, user, workshop (with its assessment, client and bank, checked against the consultancy),
    # participants' count and latest join.
    with django_assert_num_queries(4):
        page = consultant_client.get(presenter_url(workshop))
    with django_assert_num_queries(4):
        poll = consultant_client.get(joined_url(workshop))
    with django_assert_num_queries(4):
        unchanged = consultant_client.get(joined_url(workshop), headers={"if-none-match": poll["ETag"]})
    assert (page.status_code, poll.status_code, unchanged.status_code) == (200, 200, 304)
