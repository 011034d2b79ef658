from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from .docs import ApiDocs
from .views import assessments, banks, consultancies

v1 = [
    path("assessments/", assessments.AssessmentList.as_view(), name="api_assessments"),
    path("assessments/<pid:id>/", assessments.AssessmentDetail.as_view(), name="api_assessment"),
    path("assessments/<pid:id>/result/", assessments.result, name="api_result"),
    path("assessments/<pid:id>/benchmark/", assessments.benchmark, name="api_benchmark"),
    path("assessments/<pid:id>/answers/", assessments.AnswerList.as_view(), name="api_answers"),
    path("history/", assessments.HistoryList.as_view(), name="api_history"),
    path("clients/", consultancies.ClientList.as_view(), name="api_clients"),
    path("clients/<pid:id>/history/", consultancies.ClientHistory.as_view(), name="api_client_history"),
    path("clients/<pid:id>/workshops/", consultancies.ClientWorkshops.as_view(), name="api_client_workshops"),
    path("workshops/<pid:id>/progress/", consultancies.workshop_progress, name="api_workshop_progress"),
    path("workshops/<pid:id>/close/", consultancies.workshop_close_view, name="api_workshop_close"),
    path("banks/", banks.BankList.as_view(), name="api_banks"),
    path("banks/<slug:slug>/<version:version>/", banks.BankDetail.as_view(), name="api_bank"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[], throttle_classes=[]),
        name="api_schema",
    ),
    path("docs/", ApiDocs.as_view(), name="api_docs"),
]
