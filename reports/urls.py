from django.urls import path

from . import views

urlpatterns = [
    path("results/<str:public_id>/", views.results, name="results"),
    path("results/<str:public_id>/targets/", views.targets, name="results_targets"),
    path("results/<str:public_id>/result.json", views.result_json, name="results_json"),
    path("history/", views.history, name="history"),
    path("sample/", views.sample, name="sample_results"),
]
