"""A consultant sets up a workshop for a client (the presenter page is tested in
tests/reports/test_workshop_presenter.py)."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.banks import import_bank
from assessments.models import Assessment, Workshop
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
