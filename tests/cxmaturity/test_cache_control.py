"""``Cache-Control: no-store`` on private pages and downloads (cxmaturity/cache_control.py); public pages stay
cacheable, and a view's own Cache-Control is kept."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from cxmaturity.cache_control import NoStorePrivateMiddleware
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_public_pages_stay_cacheable_for_visitors(client, bank):
    for url in (reverse("home"), reverse("sample_results")):
        response = client.get(url)
        assert response.status_code == 200
        assert not no_store(response), url


def test_every_page_of_a_logged_in_user_is_no_store(member_client, submitted):
    for url in (
        reverse("home"),
        reverse("dashboard"),
        reverse("results", args=[submitted.public_id]),
        reverse("history"),
    ):
        response = member_client.get(url)
        assert response.status_code == 200
        assert no_store(response), url


def test_downloads_are_no_store(member_client, submitted):
    for name in ("results_json", "results_csv", "results_xlsx"):
        response = member_client.get(reverse(name, args=[submitted.public_id]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert no_store(response), name


def test_an_attachment_is_no_store_even_without_a_session():
    request = RequestFactory().get("/")

    def download(request):
        response = HttpResponse(b"a,b\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="a.csv"'
        return response

    assert no_store(NoStorePrivateMiddleware(download)(request))


def test_a_workshop_participants_pages_are_no_store(client, workshop):
    joined = client.post(
        reverse("workshop_join", args=[workshop.join_code]), {"display_name": "Aiko", "language": "en"}
    )
    assert joined.status_code == 302
    response = client.get(joined.url)
    assert response.status_code == 200
    assert no_store(response)


def test_a_views_own_cache_control_is_kept(client, bank):
    sample = client.get(reverse("sample_pdf"), headers={"accept-language": "en"})
    assert sample["Cache-Control"] == "public, max-age=3600"  # an attachment, but the same for everyone
    client.force_login(UserFactory(is_staff=True))
    admin = client.get(reverse("admin:index"))
    assert "no-store" in admin["Cache-Control"] and "no-cache" in admin["Cache-Control"]  # never_cache
