from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, register_converter
from django.views import defaults

from api.problems import not_found as api_not_found

from .ids import CodeConverter, PublicIdConverter, TokenConverter, VersionConverter

register_converter(PublicIdConverter, "pid")
register_converter(TokenConverter, "token")
register_converter(CodeConverter, "code")
register_converter(VersionConverter, "version")


def favicon(request):
    """Browsers that ignore the pages' <link rel="icon"> ask for /favicon.ico: send them to that icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def page_not_found(request, exception):
    """Under /api/ a 404 is a problem document like the API's own; elsewhere the site's page."""
    if request.path.startswith("/api/"):
        return api_not_found(request, exception)
    return defaults.page_not_found(request, exception)


handler404 = page_not_found

urlpatterns = [
    path("api/", include("api.urls")),
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
]
