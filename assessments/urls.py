from django.contrib.auth import views as auth_views
from django.urls import path

from .views import (
    accounts,
    api_keys,
    autosave,
    bank_compare,
    bank_workbooks,
    consultancies,
    dashboard,
    evidence,
    home,
    members,
    participants,
    questionnaire,
    workshops,
)

urlpatterns = [
    path("", home.home, name="home"),
    # Accounts
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/signup/consultant/", accounts.signup_consultant, name="signup_consultant"),
    path("accounts/signup/sent/", accounts.signup_sent, name="signup_sent"),
    path("accounts/verify/", accounts.verification, name="verification"),
    path("accounts/verify/<str:token>/", accounts.verify_email, name="verify_email"),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password-reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/", accounts.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    # Members and invitations (owners only)
    path("organization/members/", members.members, name="members"),
    path("organization/members/<pid:public_id>/role/", members.member_role, name="member_role"),
    path("organization/members/<pid:public_id>/remove/", members.member_remove, name="member_remove"),
    path(
        "organization/invitations/<pid:public_id>/revoke/",
        members.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path("organization/invite/", members.invite, name="invite"),
    # API keys (owners, consultants, bank editors)
    path("settings/api-keys/", api_keys.api_keys, name="api_keys"),
    path("settings/api-keys/<pid:public_id>/revoke/", api_keys.api_key_revoke, name="api_key_revoke"),
    path("join/<str:token>/", accounts.join, name="join"),
    # Dashboard
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("assessments/start/", dashboard.start, name="assessment_start"),
    # Questionnaire
    path("assessments/<pid:public_id>/", questionnaire.resume, name="assessment_resume"),
    path(
        "assessments/<pid:public_id>/dimensions/<code:code>/",
        questionnaire.dimension_page,
        name="assessment_dimension",
    ),
    path(
        "assessments/<pid:public_id>/questions/<code:code>/",
        autosave.answer,
        name="assessment_answer",
    ),
    path(
        "assessments/<pid:public_id>/questions/<code:code>/evidence/",
        questionnaire.evidence_upload,
        name="assessment_evidence",
    ),
    path(
        "assessments/<pid:public_id>/evidence/<pid:evidence_id>/delete/",
        questionnaire.evidence_delete,
        name="assessment_evidence_delete",
    ),
    path("evidence/<pid:public_id>/", evidence.download, name="evidence_download"),
    path("assessments/<pid:public_id>/review/", questionnaire.review, name="assessment_review"),
    path("assessments/<pid:public_id>/submit/", questionnaire.submit, name="assessment_submit"),
    # Workshops (participants)
    path("w/r/<token:token>/", participants.resume, name="workshop_resume"),
    path("w/<str:code>/", participants.join, name="workshop_join"),
    path("w/<str:code>/dimensions/<code:dimension>/", participants.dimension_page, name="workshop_dimension"),
    path("w/<str:code>/questions/<code:question>/", participants.answer, name="workshop_answer"),
    path("w/<str:code>/answers/", participants.answers, name="workshop_answers"),
    path("w/<str:code>/live/", participants.live, name="workshop_live"),
    # Workshops (consultant): set-up. The facilitator's and presenter pages, which show the answers' spread,
    # are reports: routed in reports/urls.py.
    path(
        "consultancy/clients/<pid:public_id>/workshops/new/",
        workshops.workshop_create,
        name="workshop_create",
    ),
    # Consultancies (a client's own page, with its workshops and trend, is reports' "client_detail")
    path("consultancy/", consultancies.home, name="consultancy_home"),
    path("consultancy/clients/new/", consultancies.client_create, name="client_create"),
    path("consultancy/clients/<pid:public_id>/edit/", consultancies.client_edit, name="client_edit"),
    path("consultancy/branding/", consultancies.branding, name="consultancy_branding"),
    path("consultancy/logo/<pid:public_id>.png", consultancies.logo, name="consultancy_logo"),
    # Question banks (staff): the versions of each slug and what changed between two of them
    path("banks/", bank_compare.bank_index, name="bank_index"),
    path("banks/<slug:slug>/compare/", bank_compare.bank_compare, name="bank_compare"),
    # Question banks as Excel workbooks (staff; the admin links here)
    path("banks/workbook-template.xlsx", bank_workbooks.workbook_template, name="bank_workbook_template"),
    path("banks/import/", bank_workbooks.bank_import, name="bank_import"),
    path(
        "banks/<slug:slug>/<version:version>/workbook.xlsx",
        bank_workbooks.bank_workbook,
        name="bank_workbook",
    ),
]
