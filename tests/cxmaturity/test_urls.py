from django.contrib.staticfiles import finders


def test_favicon_ico_leads_to_the_icon_the_pages_name(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/img/favicon.svg")
    assert finders.find("img/favicon.svg")
    assert 'rel="icon" href="' + response["Location"] + '"' in client.get("/").content.decode()
