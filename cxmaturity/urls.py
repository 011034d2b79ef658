from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("assessments.urls")),
    path("", include("reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
