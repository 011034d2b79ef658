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


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/assessments/{a}/dimensions/a%00/",
        "/assessments/{a}/questions/a%00/",
        "/w/{w}/dimensions/a%00/",
        "/w/{w}/questions/a%00/",
        "/workshops/{a}/questions/a%00/agree/",
        "/workshops/{a}/questions/a%00/revote/",
        "/banks/test-bank/1.0%00/workbook.xlsx",
        "/banks/test-bank/x/workbook.xlsx",
    ],
)
def test_a_malformed_code_or_version_answers_404_before_any_query(client, path, django_assert_num_queries):
    # A NUL byte in a bank code or version answered 500 on PostgreSQL, which refuses it in a query.
    url = path.format(a="a" * 26, w="b" * 26)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
