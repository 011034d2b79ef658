from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, register_converter

from .ids import PublicIdConverter, TokenConverter

register_converter(PublicIdConverter, "pid")
register_converter(TokenConverter, "token")


def favicon(request):
    """Browsers that ignore the pages' <link rel="icon"> ask for /favicon.ico: send them to that icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
]
