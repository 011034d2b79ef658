import pytest
from django.contrib.staticfiles import finders


def test_favicon_ico_leads_to_the_icon_the_pages_name(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/img/favicon.svg")
    assert finders.find("img/favicon.svg")
    assert 'rel="icon" href="' + response["Location"] + '"' in client.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/join/%00/", "/join/" + "a" * 42 + "%00/", "/w/r/%00/", "/results/%00/", "/workshops/%00/", "/w/%00/"],
    # /join/ answers its own "invitation not valid" page; the others match no URL.
)
def test_a_malformed_id_or_token_answers_404_before_any_query(client, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 404
