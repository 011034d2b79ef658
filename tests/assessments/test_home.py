import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_home_describes_the_default_bank_in_japanese_by_default(default_bank):
    response = Client().get("/")  # a browser that states no language
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="ja">' in body
    assert default_bank.title_ja in body
    assert default_bank.dimensions.get(code="voc").name_ja in body
    assert default_bank.title_en not in body


def test_home_speaks_english_to_an_english_browser(client, default_bank):
    response = client.get("/", headers={"accept-language": "en"})
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert default_bank.title_en in body
    assert "How mature is your customer-experience management?" in body


def test_the_language_can_be_switched(client, default_bank):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()


def test_home_without_a_bank_says_so(client):
    response = client.get("/", headers={"accept-language": "en"})
    assert "No question bank is published yet" in response.content.decode()


def test_home_costs_the_same_queries_whatever_the_size_of_the_bank(
    client, default_bank, django_assert_num_queries
):
    # published banks, levels, dimensions (plus session-less request: nothing else)
    with django_assert_num_queries(3):
        client.get("/")
