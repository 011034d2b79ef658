"""A consultancy's pages: signing up as a consultant, the clients, a client's workshops and trend, creating
and editing a client, branding and logo; and who may see them."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import path, reverse
from PIL import Image

from assessments.models import Assessment, Consultancy, Consultant, Invitation, Organization, User
from assessments.services import assessment_submit, participant_join, workshop_start
from cxmaturity.urls import urlpatterns as site_urlpatterns
from tests.factories import ClientFactory, ConsultantFactory, answer_all

pytestmark = pytest.mark.django_db

PASSWORD = "a-long enough passphrase 42"

# The site's URLs plus the workshop set-up page that another part of the feature adds (used with
# @pytest.mark.urls to show that the client's page links to it once it exists).
urlpatterns = [
    *site_urlpatterns,
    path("test/clients/<str:public_id>/workshops/new/", lambda request: None, name="workshop_create"),
]


def consultant_signup_data(**overrides):
    data = {
        "user-name": "Kenji Mori",
        "user-email": "kenji@harbor.example",
        "user-password1": PASSWORD,
        "user-password2": PASSWORD,
        "consultancy-name": "Harbor Advisory",
    }
    data.update(overrides)
    return data


def client_data(**overrides):
    data = {"name": "Aozora Retail", "industry": "retail", "size_band": "250-999", "country": "JP"}
    data.update(overrides)
    return data


def png(size=(120, 60)) -> bytes:
    output = BytesIO()
    Image.new("RGB", size, "#0b5c6b").save(output, "PNG")
    return output.getvalue()


def closed_workshop(client, bank, *, title="Kick-off", on=date(2026, 12, 1), participants=2):
    """A workshop for ``client`` answered by ``answer_all`` by each participant, then closed with its result
    (overall 3.63, level 4)."""
    workshop = workshop_start(client=client, bank=bank, title=title, date=on)
    for number in range(participants):
        answer_all(participant_join(workshop=workshop, display_name=f"Participant {number}"), bank)
    assessment_submit(assessment=workshop.assessment)
    Assessment.objects.filter(pk=workshop.assessment_id).update(status=Assessment.Status.CLOSED)
    return workshop


@pytest.fixture
def own_client(consultant):
    return ClientFactory(
        consultancy=consultant.consultancy, name="Aozora Retail", industry="financial", size_band="5000+"
    )


@pytest.fixture
def other_client(db):
    return ClientFactory(name="Someone Else's Client")


# Signing up as a consultant


def test_the_signup_page_offers_signing_up_as_a_consultant(client):
    body = client.get(reverse("signup")).content.decode()
    assert reverse("signup_consultant") in body
    assert "I am a consultant" in body
    assert 'name="organization-name"' in body


def test_an_invited_colleague_is_not_offered_the_choice(client, member):
    invitation = Invitation.objects.create(organization=member.organization, email="colleague@example.com")
    body = client.get(reverse("join", args=[invitation.token])).content.decode()
    assert "I am a consultant" not in body


def test_a_consultant_signs_up_with_a_consultancy_instead_of_an_organization(client):
    response = client.post(reverse("signup_consultant"), consultant_signup_data())
    assert response["Location"] == reverse("signup_sent")
    user = User.objects.get(email="kenji@harbor.example")
    consultant = Consultant.objects.get(user=user)
    assert consultant.consultancy.name == "Harbor Advisory"
    assert not Organization.objects.exists()
    assert not user.memberships.exists()
    home = client.get(reverse("dashboard"), follow=True)  # the "Continue" of the page after sign-up
    assert home.redirect_chain[-1][0] == reverse("consultancy_home")
    assert "Welcome to CX Maturity, Kenji Mori (Harbor Advisory)." in home.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consultancy-name": "  "}, "This field is required"),
        ({"consultancy-name": "x" * 201}, "at most 200 characters"),
        ({"user-password2": "something else 42"}, "The two passwords differ."),
    ],
)
def test_a_bad_consultant_signup_is_explained_and_creates_nothing(client, overrides, message):
    response = client.post(reverse("signup_consultant"), consultant_signup_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()
    assert not Consultancy.objects.exists()


def test_the_consultant_signup_speaks_japanese(client):
    body = client.get(reverse("signup_consultant"), headers={"accept-language": "ja"}).content.decode()
    assert "コンサルティング会社名" in body
    assert "コンサルタントとして登録" in body


def test_a_consultant_is_sent_from_the_dashboard_to_the_clients(consultant_client):
    response = consultant_client.get(reverse("dashboard"))
    assert response["Location"] == reverse("consultancy_home")


def test_a_consultant_sees_the_consultants_navigation_and_a_member_the_members(consultant_client, member):
    body = consultant_client.get(reverse("consultancy_home")).content.decode()
    assert f'href="{reverse("consultancy_branding")}"' in body
    assert f'href="{reverse("history")}"' not in body
    consultant_client.force_login(member.user)
    body = consultant_client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("history")}"' in body
    assert f'href="{reverse("consultancy_branding")}"' not in body


# Who may see what: anonymous → another consultancy's consultant → a member → the right consultant


CONSULTANCY_PAGES = ["consultancy_home", "client_create", "consultancy_branding"]
CLIENT_PAGES = ["client_detail", "client_edit"]


@pytest.mark.parametrize("name", CONSULTANCY_PAGES)
def test_consultancy_pages_need_a_logged_in_consultant(client, consultant, member, name):
    url = reverse(name)
    response = client.get(url)
    assert response["Location"] == f"{reverse('login')}?next={url}"
    client.force_login(member.user)
    assert client.get(url).status_code == 404
    client.force_login(consultant.user)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", CLIENT_PAGES)
def test_a_client_is_seen_only_by_its_consultancys_consultants(client, own_client, member, name):
    url = reverse(name, args=[own_client.public_id])
    response = client.get(url)
    assert response["Location"] == f"{reverse('login')}?next={url}"
    client.force_login(ConsultantFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(member.user)
    assert client.get(url).status_code == 404
    client.force_login(own_client.consultancy.consultants.get().user)
    response = client.get(url)
    assert response.status_code == 200
    assert "Aozora Retail" in response.content.decode()


@pytest.mark.parametrize("name", CLIENT_PAGES)
def test_a_tampered_client_id_answers_404(consultant_client, own_client, name):
    tampered = own_client.public_id[:-1] + ("a" if own_client.public_id[-1] != "a" else "b")
    assert consultant_client.get(reverse(name, args=[tampered])).status_code == 404


def test_another_consultancys_client_cannot_be_edited(consultant_client, other_client):
    response = consultant_client.post(
        reverse("client_edit", args=[other_client.public_id]), client_data(name="Taken over")
    )
    assert response.status_code == 404
    other_client.refresh_from_db()
    assert other_client.name == "Someone Else's Client"


def test_the_logo_is_served_only_to_its_consultancys_consultants(client, consultant, member):
    Consultancy.objects.filter(pk=consultant.consultancy.pk).update(logo=png())
    url = reverse("consultancy_logo", args=[consultant.consultancy.public_id])
    assert client.get(url).status_code == 404
    client.force_login(ConsultantFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(member.user)
    assert client.get(url).status_code == 404
    client.force_login(consultant.user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"].startswith("private")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Image.open(BytesIO(response.content)).size == (120, 60)


def test_no_logo_answers_404(consultant_client, consultant):
    url = reverse("consultancy_logo", args=[consultant.consultancy.public_id])
    assert consultant_client.get(url).status_code == 404


# The clients


def test_the_home_lists_the_consultancys_clients_and_nothing_of_others(
    consultant_client, own_client, other_client, bank
):
    closed_workshop(own_client, bank)
    workshop_start(client=own_client, bank=bank, title="Follow-up", date=date(2027, 3, 1))
    ClientFactory(consultancy=own_client.consultancy, name="Bright Bank")
    body = consultant_client.get(reverse("consultancy_home")).content.decode()
    assert body.index("Aozora Retail") < body.index("Bright Bank")
    assert reverse("client_detail", args=[own_client.public_id]) in body
    assert "Banking, insurance and financial services" in body
    assert "5,000 or more employees" in body
    assert "Japan" in body
    assert '<td class="text-end" data-label="Workshops">2</td>' in body
    assert '<td class="text-end" data-label="Workshops">0</td>' in body
    latest = own_client.assessments.get(status=Assessment.Status.CLOSED)
    assert f'<a href="{reverse("results", args=[latest.public_id])}">Level 4 · Managed</a>' in body
    assert "(3.63)" in body
    assert "No result yet" in body
    assert "Someone Else" not in body
    assert reverse("client_create") in body


def test_the_home_shows_the_latest_result_in_japanese(client, own_client, bank):
    closed_workshop(own_client, bank)
    client.force_login(own_client.consultancy.consultants.get().user)
    body = client.get(reverse("consultancy_home"), headers={"accept-language": "ja"}).content.decode()
    assert "レベル4・Managed（日本語）" in body
    assert "クライアント" in body


def test_without_clients_the_home_says_how_to_begin(consultant_client):
    body = consultant_client.get(reverse("consultancy_home")).content.decode()
    assert "Add your first client" in body


@pytest.mark.parametrize("count", [2, 20])
def test_the_home_costs_the_same_queries_for_2_or_20_clients(
    client, consultant, bank, count, django_assert_num_queries
):
    for number in range(count):
        organization = ClientFactory(consultancy=consultant.consultancy)
        if number % 2:
            closed_workshop(organization, bank, participants=1)
    client.force_login(consultant.user)
    # session, user (with consultant), consultancy, clients (with their workshop counts and latest results)
    with django_assert_num_queries(4):
        response = client.get(reverse("consultancy_home"))
    assert response.content.decode().count("(3.63)") == count // 2


def test_a_consultant_creates_a_client(consultant_client, consultant):
    response = consultant_client.post(reverse("client_create"), client_data())
    organization = Organization.objects.get()
    assert response["Location"] == reverse("client_detail", args=[organization.public_id])
    assert organization.consultancy == consultant.consultancy
    assert (organization.name, organization.industry, organization.size_band, organization.country.code) == (
        "Aozora Retail",
        "retail",
        "250-999",
        "JP",
    )
    assert not organization.memberships.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "This field is required"),
        ({"industry": "mining"}, "Select a valid choice"),
        ({"size_band": "huge"}, "Select a valid choice"),
        ({"country": "XX"}, "Select a valid choice"),
    ],
)
def test_a_bad_client_changes_nothing_and_is_explained(consultant_client, own_client, overrides, message):
    response = consultant_client.post(reverse("client_create"), client_data(**overrides))
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert Organization.objects.count() == 1
    response = consultant_client.post(
        reverse("client_edit", args=[own_client.public_id]), client_data(**overrides)
    )
    assert message in response.content.decode()
    own_client.refresh_from_db()
    assert (own_client.name, own_client.industry) == ("Aozora Retail", "financial")


def test_a_bad_client_is_explained_in_japanese(consultant_client):
    response = consultant_client.post(
        reverse("client_create"), client_data(name=""), headers={"accept-language": "ja"}
    )
    body = response.content.decode()
    assert "このフィールドは必須です" in body
    assert "保存されていません" in body


def test_a_consultant_edits_a_client(consultant_client, own_client):
    response = consultant_client.post(
        reverse("client_edit", args=[own_client.public_id]), client_data(name="Aozora Holdings", country="US")
    )
    assert response["Location"] == reverse("client_detail", args=[own_client.public_id])
    own_client.refresh_from_db()
    assert (own_client.name, own_client.country.code) == ("Aozora Holdings", "US")


# A client's page: its workshops, their results, its trend


def test_the_client_page_lists_its_workshops_with_their_results(consultant_client, own_client, bank):
    first = closed_workshop(own_client, bank, title="Kick-off", on=date(2026, 12, 1), participants=3)
    workshop_start(client=own_client, bank=bank, title="Follow-up", date=date(2027, 6, 1))
    body = consultant_client.get(reverse("client_detail", args=[own_client.public_id])).content.decode()
    assert body.index("Follow-up") < body.index("Kick-off")
    assert "Dec. 1, 2026" in body
    assert "Closed" in body and "In progress" in body
    assert '<td class="text-end" data-label="Participants">3</td>' in body
    assert '<td class="text-end" data-label="Participants">0</td>' in body
    result_url = reverse("results", args=[first.assessment.public_id])
    assert f'<a href="{result_url}">Level 4 · Managed</a>' in body
    assert "After closing" in body
    assert consultant_client.get(result_url).status_code == 200


def test_the_client_page_charts_the_trend_across_workshops(consultant_client, own_client, bank):
    closed_workshop(own_client, bank, title="Kick-off")
    closed_workshop(own_client, bank, title="A year later")
    body = consultant_client.get(reverse("client_detail", args=[own_client.public_id])).content.decode()
    assert body.count("<svg") >= 2  # wide and compact
    assert "Scores over time" in body
    assert "Only one result so far" not in body


def test_a_client_without_workshops_says_so(consultant_client, own_client):
    body = consultant_client.get(reverse("client_detail", args=[own_client.public_id])).content.decode()
    assert "No workshop with this client yet." in body
    assert "No result yet." in body
    assert "<svg" not in body


@pytest.mark.urls(__name__)
def test_the_client_page_links_to_setting_up_a_workshop_once_that_page_exists(consultant_client, own_client):
    body = consultant_client.get(reverse("client_detail", args=[own_client.public_id])).content.decode()
    assert f'href="{reverse("workshop_create", args=[own_client.public_id])}"' in body


@pytest.mark.parametrize("count", [1, 5])
def test_the_client_page_costs_the_same_queries_for_1_or_5_workshops(
    consultant_client, own_client, bank, count, django_assert_num_queries
):
    for number in range(count):
        closed_workshop(own_client, bank, title=f"Workshop {number}", participants=1)
    # session, user (with consultant), client, workshops (with participant counts), the client's results
    # (with bank and result), their dimension results, their banks' levels
    with django_assert_num_queries(7):
        consultant_client.get(reverse("client_detail", args=[own_client.public_id]))


# Branding


def branding_data(consultancy, **overrides):
    data = {"name": consultancy.name, "accent_colour": consultancy.accent_colour}
    data.update(overrides)
    return data


def test_the_branding_page_shows_the_form_and_a_preview(consultant_client, consultant):
    body = consultant_client.get(reverse("consultancy_branding")).content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert 'type="color"' in body
    assert f'fill="{consultant.consultancy.accent_colour}"' in body
    assert "No logo yet" in body
    assert "remove_logo" not in body


def test_a_consultant_sets_name_colour_and_logo(consultant_client, consultant):
    logo = SimpleUploadedFile("logo.jpg", png(size=(1600, 400)), content_type="image/jpeg")
    response = consultant_client.post(
        reverse("consultancy_branding"),
        branding_data(consultant.consultancy, name="Harbor Advisory", accent_colour=" #1A4D8F ", logo=logo),
    )
    assert response["Location"] == reverse("consultancy_branding")
    consultancy = Consultancy.objects.get()
    assert (consultancy.name, consultancy.accent_colour) == ("Harbor Advisory", "#1a4d8f")
    stored = Image.open(BytesIO(consultancy.logo))
    assert (stored.format, stored.size) == ("PNG", (800, 200))
    body = consultant_client.get(reverse("consultancy_branding")).content.decode()
    assert reverse("consultancy_logo", args=[consultancy.public_id]) in body
    assert 'fill="#1a4d8f"' in body
    assert "remove_logo" in body


def test_a_consultant_removes_the_logo(consultant_client, consultant):
    Consultancy.objects.filter(pk=consultant.consultancy.pk).update(logo=png())
    consultant_client.post(
        reverse("consultancy_branding"), branding_data(consultant.consultancy, remove_logo="on")
    )
    assert Consultancy.objects.get().logo is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"accent_colour": "teal"}, "Give a colour as # and six hexadecimal digits"),
        ({"accent_colour": "#12345"}, "Give a colour as # and six hexadecimal digits"),
        ({"accent_colour": "#ffd700"}, "its contrast with white is 1.4:1, and at least 3:1 is needed"),
        ({"name": ""}, "This field is required"),
        (
            {"logo": SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")},
            "This file is not a PNG or JPEG image.",
        ),
        (
            {"logo": SimpleUploadedFile("logo.png", b"Just some text, named .png")},
            "This file is not a PNG or JPEG image.",
        ),
        (
            {"logo": SimpleUploadedFile("logo.png", png() + bytes(1024 * 1024))},
            "The logo is larger than 1 MB.",
        ),
    ],
    ids=["word", "short", "too-light", "no-name", "svg", "text-named-png", "over-1-mb"],
)
def test_bad_branding_changes_nothing_and_is_explained(consultant_client, consultant, overrides, message):
    before = Consultancy.objects.values("name", "accent_colour", "logo").get()
    data = branding_data(consultant.consultancy, name="Changed", accent_colour="#1a4d8f")
    response = consultant_client.post(reverse("consultancy_branding"), {**data, **overrides})
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "Nothing was saved" in body
    assert Consultancy.objects.values("name", "accent_colour", "logo").get() == before
    assert f'fill="{before["accent_colour"]}"' in body  # the preview shows what is stored


def test_a_gif_logo_is_refused_in_japanese(consultant_client, consultant):
    output = BytesIO()
    Image.new("RGB", (10, 10)).save(output, "GIF")
    response = consultant_client.post(
        reverse("consultancy_branding"),
        {**branding_data(consultant.consultancy), "logo": SimpleUploadedFile("logo.gif", output.getvalue())},
        headers={"accept-language": "ja"},
    )
    assert "PNGまたはJPEGのロゴのみ" in response.content.decode()
    assert Consultancy.objects.get().logo is None


def test_a_jpeg_is_stored_as_png(consultant_client, consultant):
    output = BytesIO()
    Image.new("RGB", (300, 300), "#1a4d8f").save(output, "JPEG")
    consultant_client.post(
        reverse("consultancy_branding"),
        {**branding_data(consultant.consultancy), "logo": SimpleUploadedFile("logo.png", output.getvalue())},
    )
    assert Image.open(BytesIO(Consultancy.objects.get().logo)).format == "PNG"


def test_a_consultant_changes_only_their_own_consultancys_branding(consultant_client, consultant):
    other = ConsultantFactory().consultancy
    consultant_client.post(
        reverse("consultancy_branding"), branding_data(consultant.consultancy, name="Harbor Advisory")
    )
    other.refresh_from_db()
    assert other.name != "Harbor Advisory"
    assert Consultancy.objects.get(pk=consultant.consultancy.pk).name == "Harbor Advisory"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("consultancy_branding", {"name": "Taken over", "accent_colour": "#000000"}),
        ("client_create", client_data()),
    ],
)
def test_a_post_without_the_csrf_token_is_refused(consultant, name, data):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(consultant.user)
    assert browser.post(reverse(name), data).status_code == 403
    assert Consultancy.objects.get().name != "Taken over"
    assert not Organization.objects.exists()
