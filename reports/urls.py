from django.urls import path

from .views import (
    clients,
    exports,
    jobs,
    metrics,
    pdf,
    results,
    workshop_actions,
    workshop_summary,
    workshops,
)

urlpatterns = [
    path("results/<pid:public_id>/", results.results, name="results"),
    path("results/<pid:public_id>/targets/", results.targets, name="results_targets"),
    path("results/<pid:public_id>/result.json", results.result_json, name="results_json"),
    path("results/<pid:public_id>/report.pdf", pdf.report, name="results_pdf"),
    path("results/<pid:public_id>/answers.csv", exports.answers_csv, name="results_csv"),
    path("results/<pid:public_id>/answers.xlsx", exports.answers_xlsx, name="results_xlsx"),
    path("results/<pid:public_id>/evidence.zip", exports.answers_and_evidence, name="results_evidence_zip"),
    path("results/<pid:public_id>/metrics/", metrics.edit, name="results_metrics"),
    path("history/", results.history, name="history"),
    path("sample/", results.sample, name="sample_results"),
    path("sample/report.pdf", pdf.sample_report, name="sample_pdf"),
    path("w/<str:code>/summary/", workshop_summary.summary, name="workshop_summary"),
    path(
        "workshops/<pid:public_id>/answers.csv",
        exports.workshop_answers_csv,
        name="workshop_answers_csv",
    ),
    path(
        "workshops/<pid:public_id>/answers.xlsx",
        exports.workshop_answers_xlsx,
        name="workshop_answers_xlsx",
    ),
    path("results/<pid:public_id>/summary/share/", workshop_summary.share, name="workshop_summary_share"),
    # Workshops (consultant): the facilitator's page and the two blocks it polls.
    path("workshops/<pid:public_id>/", workshops.workshop_detail, name="workshop_detail"),
    path(
        "workshops/<pid:public_id>/participants/",
        workshops.workshop_participants,
        name="workshop_participants",
    ),
    path(
        "workshops/<pid:public_id>/questions/",
        workshops.workshop_questions_block,
        name="workshop_questions",
    ),
    # The facilitator's actions (POST; closing asks for a confirmation first).
    path(
        "workshops/<pid:public_id>/questions/<code:code>/agree/",
        workshop_actions.agree,
        name="workshop_agree",
    ),
    path(
        "workshops/<pid:public_id>/questions/<code:code>/agree/clear/",
        workshop_actions.agree_clear,
        name="workshop_agree_clear",
    ),
    path(
        "workshops/<pid:public_id>/questions/<code:code>/revote/",
        workshop_actions.revote,
        name="workshop_revote",
    ),
    path("workshops/<pid:public_id>/reveal/", workshop_actions.reveal, name="workshop_reveal"),
    path("workshops/<pid:public_id>/close/", workshop_actions.close, name="workshop_close"),
    # The presenter page for the projector, and its live block (who joined, the question revealed).
    path("workshops/<pid:public_id>/present/", workshops.workshop_presenter, name="workshop_presenter"),
    path(
        "workshops/<pid:public_id>/present/live/",
        workshops.workshop_presenter_live,
        name="workshop_presenter_live",
    ),
    # Consultancies: a client's workshops and trend (the consultancy's other pages are in assessments)
    path("consultancy/clients/<pid:public_id>/", clients.client_detail, name="client_detail"),
    # Background jobs: ask for one, watch it, download what it made
    path("consultancy/clients/<pid:public_id>/reports.zip", jobs.client_reports, name="client_reports_zip"),
    path("consultancy/reports.zip", jobs.all_client_reports, name="all_client_reports_zip"),
    path(
        "banks/<slug:slug>/<version:version>/answers.<str:file_format>",
        jobs.bank_answers,
        name="bank_answers_export",
    ),
    path("banks/peer-scores/rebuild/", jobs.peer_scores, name="peer_scores_rebuild"),
    path("jobs/<token:token>/", jobs.job_detail, name="job_detail"),
    path("jobs/<token:token>/download/", jobs.job_download, name="job_download"),
    path("jobs/<token:token>/retry/", jobs.job_retry_view, name="job_retry"),
]
