"""The authorization matrix: every route of the URL conf × every role (tests/security.py) × GET and POST, with
the status each cell answers. A route without an entry in ``ROUTES`` fails ``test_every_route_has_an_entry``.

The admin's 113 generated routes are covered in two ways: every one of them sends each role without staff
status to the admin's log-in (``test_the_admin_sends_everyone_but_staff_to_its_log_in``, generated, so a new
model admin is covered at once), and a representative set (the index, the log-in, the question banks the bank
editors change, assessments and users that they do not) is in the matrix with the staff's and the bank
editors' answers.

A POST is sent without data: it shows who may reach the action, not what the action does with good data.
PDFs are slow to render: ``results_pdf`` is checked for every role but the owner (the member renders it
once), ``sample_pdf`` (public, one cached file) for the anonymous visitor only."""

import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.security import ROLES, url_patterns

pytestmark = pytest.mark.django_db

LOGIN = "→/accounts/login/"  # 302 to the log-in page, with ?next= the URL asked for
ADMIN_LOGIN = "→/admin/login/"  # the admin's log-in (staff_member_required)
TO_JOIN = "→/w/"  # a browser that has not joined the workshop goes to its join page
DASHBOARD = "→/dashboard/"
JOB = "→/jobs/"  # a job asked for: its page

ANONYMOUS = ("anonymous", "participant")  # a participant has no account: anonymous to everything else
STAFF = ("staff", "bank_editor")


def cells(default, **roles) -> dict:
    """The expected answer of each role: ``default``, but for the roles named."""
    return {role: roles.get(role, default) for role in ROLES}


def everyone(expected) -> dict:
    return cells(expected)


def logged_in(expected, **roles) -> dict:
    """``@login_required``: the log-in page for whoever has no account."""
    return cells(expected, **dict.fromkeys(ANONYMOUS, LOGIN), **roles)


def members_of_the_organization(expected, *, others=404) -> dict:
    """The organization's members and owners; anyone else's object answers 404."""
    return logged_in(others, member=expected, owner=expected)


def its_owners(expected) -> dict:
    return logged_in(404, owner=expected)


def its_consultants(expected, *, others=404) -> dict:
    """The consultants of the consultancy whose client it is."""
    return logged_in(others, consultant=expected)


def any_consultant(expected) -> dict:
    return logged_in(404, consultant=expected, other_consultant=expected)


def staff(expected, *, editor=None) -> dict:
    return cells(ADMIN_LOGIN, staff=expected, bank_editor=expected if editor is None else editor)


def its_participant(expected, *, others=TO_JOIN) -> dict:
    """The participant whom this browser's session holds; anyone else joins first."""
    return cells(others, participant=expected)


@dataclass(frozen=True)
class Route:
    url: object  # world -> the URL
    get: dict
    post: dict
    roles: tuple = field(default=ROLES)  # the roles checked (all but for slow pages)


def _workshop(name, *args):
    return lambda w: reverse(name, args=[w.workshop.assessment.public_id, *args])


def _draft(name, *args):
    return lambda w: reverse(name, args=[w.draft.public_id, *args])


def _results(name):
    return lambda w: reverse(name, args=[w.submitted.public_id])


def _plain(name):
    return lambda w: reverse(name)


def _job(name):
    return lambda w: reverse(name, args=[w.job.token])


NOT_ALLOWED = everyone(405)

ROUTES = {
    # Public pages and accounts
    "home": Route(_plain("home"), everyone(200), everyone(200)),
    "favicon.ico": Route(lambda w: "/favicon.ico", everyone("→/static/"), everyone("→/static/")),
    "set_language": Route(_plain("set_language"), everyone("→/"), everyone("→/")),
    "signup": Route(_plain("signup"), cells(DASHBOARD, **dict.fromkeys(ANONYMOUS, 200)), None),
    "signup_consultant": Route(
        _plain("signup_consultant"), cells(DASHBOARD, **dict.fromkeys(ANONYMOUS, 200)), None
    ),
    "signup_sent": Route(_plain("signup_sent"), everyone(200), everyone(200)),
    "verification": Route(_plain("verification"), logged_in(200), logged_in("→/accounts/verify/")),
    "verify_email": Route(
        lambda w: reverse("verify_email", args=[w.verification_token]), everyone(200), everyone(200)
    ),
    "login": Route(_plain("login"), cells(DASHBOARD, **dict.fromkeys(ANONYMOUS, 200)), None),
    "logout": Route(_plain("logout"), NOT_ALLOWED, everyone("→/")),
    "password_change": Route(_plain("password_change"), logged_in(200), logged_in(200)),
    "password_reset": Route(_plain("password_reset"), everyone(200), everyone(200)),
    "password_reset_done": Route(_plain("password_reset_done"), everyone(200), NOT_ALLOWED),
    "password_reset_confirm": Route(
        lambda w: reverse("password_reset_confirm", args=[w.reset_uid, w.reset_token]),
        everyone("→/accounts/reset/"),
        everyone("→/accounts/reset/"),
    ),
    "password_reset_complete": Route(_plain("password_reset_complete"), everyone(200), NOT_ALLOWED),
    # Members and invitations: the owners of the organization (the outsider owns another one: its own page)
    "members": Route(
        _plain("members"), its_owners(200) | {"outsider": 200}, its_owners(200) | {"outsider": 200}
    ),
    "member_role": Route(
        lambda w: reverse("member_role", args=[w.member.public_id]),
        logged_in(405),
        its_owners("→/organization/"),
    ),
    "member_remove": Route(
        lambda w: reverse("member_remove", args=[w.member.public_id]),
        logged_in(405),
        its_owners("→/organization/"),
    ),
    "invitation_revoke": Route(
        lambda w: reverse("invitation_revoke", args=[w.invitation.public_id]),
        logged_in(405),
        its_owners("→/organization/"),
    ),
    "invite": Route(
        _plain("invite"), everyone("→/organization/members/"), everyone("→/organization/members/")
    ),
    # An invitation for invited@example.com: the sign-up form for a visitor, 403 for another account
    "join": Route(
        lambda w: reverse("join", args=[w.invitation.token]),
        cells(403, **dict.fromkeys(ANONYMOUS, 200)),
        cells(403, **dict.fromkeys(ANONYMOUS, 200)),
    ),
    # The dashboard and the questionnaire: the organization's members
    "dashboard": Route(
        _plain("dashboard"),
        logged_in(200, consultant="→/consultancy/", other_consultant="→/consultancy/"),
        logged_in(200, consultant="→/consultancy/", other_consultant="→/consultancy/"),
    ),
    "assessment_start": Route(
        _plain("assessment_start"),
        logged_in(405),
        logged_in(DASHBOARD, member="→/assessments/", owner="→/assessments/", outsider="→/assessments/"),
    ),
    "assessment_resume": Route(
        _draft("assessment_resume"), members_of_the_organization("→/assessments/"), logged_in(405)
    ),
    "assessment_dimension": Route(
        _draft("assessment_dimension", "strategy"),
        members_of_the_organization(200),
        members_of_the_organization("→/assessments/"),
    ),
    "assessment_answer": Route(
        _draft("assessment_answer", "strategy.vision"), logged_in(405), members_of_the_organization(200)
    ),
    "assessment_evidence": Route(  # without a file: back to the question, with a message
        _draft("assessment_evidence", "strategy.vision"),
        logged_in(405),
        members_of_the_organization("→/assessments/"),
    ),
    "assessment_evidence_delete": Route(
        lambda w: reverse("assessment_evidence_delete", args=[w.draft.public_id, w.evidence.public_id]),
        logged_in(405),
        members_of_the_organization("→/assessments/"),
    ),
    "evidence_download": Route(
        lambda w: reverse("evidence_download", args=[w.evidence.public_id]),
        members_of_the_organization(200),
        logged_in(405),
    ),
    "results_evidence_zip": Route(
        _results("results_evidence_zip"), members_of_the_organization(200), logged_in(405)
    ),
    "assessment_review": Route(_draft("assessment_review"), members_of_the_organization(200), logged_in(405)),
    "assessment_submit": Route(
        _draft("assessment_submit"), logged_in(405), members_of_the_organization("→/assessments/")
    ),
    # Results of the organization's submitted assessment
    "results": Route(_results("results"), members_of_the_organization(200), logged_in(405)),
    "results_targets": Route(
        _results("results_targets"), logged_in(405), members_of_the_organization("→/results/")
    ),
    "results_json": Route(_results("results_json"), members_of_the_organization(200), logged_in(405)),
    "results_pdf": Route(
        _results("results_pdf"),
        members_of_the_organization(200),
        logged_in(405),
        roles=tuple(role for role in ROLES if role != "owner"),
    ),
    "results_csv": Route(_results("results_csv"), members_of_the_organization(200), logged_in(405)),
    "results_xlsx": Route(_results("results_xlsx"), members_of_the_organization(200), logged_in(405)),
    "results_metrics": Route(
        _results("results_metrics"),
        members_of_the_organization(200),
        members_of_the_organization("→/results/"),
    ),
    "history": Route(_plain("history"), logged_in(200), logged_in(405)),
    "sample_results": Route(_plain("sample_results"), everyone(200), NOT_ALLOWED),
    "sample_pdf": Route(_plain("sample_pdf"), everyone(200), NOT_ALLOWED, roles=("anonymous",)),
    # Workshops, as a participant (the session holds them) and as anyone holding the join code
    "workshop_resume": Route(
        lambda w: reverse("workshop_resume", args=[w.participant.resume_token]), everyone("→/w/"), NOT_ALLOWED
    ),
    "workshop_join": Route(
        lambda w: reverse("workshop_join", args=[w.workshop.join_code]), everyone(200), everyone(422)
    ),
    "workshop_dimension": Route(
        lambda w: reverse("workshop_dimension", args=[w.workshop.join_code, "strategy"]),
        its_participant(200),
        its_participant("→/w/"),
    ),
    "workshop_answer": Route(
        lambda w: reverse("workshop_answer", args=[w.workshop.join_code, "strategy.vision"]),
        NOT_ALLOWED,
        its_participant(200),
    ),
    "workshop_answers": Route(
        lambda w: reverse("workshop_answers", args=[w.workshop.join_code]), its_participant(200), NOT_ALLOWED
    ),
    "workshop_live": Route(
        lambda w: reverse("workshop_live", args=[w.workshop.join_code]), its_participant(200), NOT_ALLOWED
    ),
    "workshop_summary": Route(
        lambda w: reverse("workshop_summary", args=[w.closed_workshop.join_code]), everyone(200), NOT_ALLOWED
    ),
    # Workshops, as their consultancy's consultants
    "workshop_create": Route(
        lambda w: reverse("workshop_create", args=[w.client.public_id]),
        its_consultants(200),
        its_consultants(200),
    ),
    "workshop_detail": Route(_workshop("workshop_detail"), its_consultants(200), logged_in(405)),
    "workshop_participants": Route(_workshop("workshop_participants"), its_consultants(200), logged_in(405)),
    "workshop_questions": Route(_workshop("workshop_questions"), its_consultants(200), logged_in(405)),
    "workshop_presenter": Route(_workshop("workshop_presenter"), its_consultants(200), logged_in(405)),
    "workshop_presenter_live": Route(
        _workshop("workshop_presenter_live"), its_consultants(200), logged_in(405)
    ),
    "workshop_answers_csv": Route(_workshop("workshop_answers_csv"), its_consultants(200), logged_in(405)),
    "workshop_answers_xlsx": Route(_workshop("workshop_answers_xlsx"), its_consultants(200), logged_in(405)),
    "workshop_agree": Route(
        _workshop("workshop_agree", "strategy.vision"), logged_in(405), its_consultants("→/workshops/")
    ),
    "workshop_agree_clear": Route(
        _workshop("workshop_agree_clear", "strategy.vision"), logged_in(405), its_consultants("→/workshops/")
    ),
    "workshop_revote": Route(
        _workshop("workshop_revote", "strategy.vision"), logged_in(405), its_consultants("→/workshops/")
    ),
    "workshop_reveal": Route(_workshop("workshop_reveal"), logged_in(405), its_consultants("→/workshops/")),
    "workshop_close": Route(_workshop("workshop_close"), its_consultants(200), its_consultants("→/results/")),
    "workshop_summary_share": Route(
        lambda w: reverse("workshop_summary_share", args=[w.closed_workshop.assessment.public_id]),
        logged_in(405),
        its_consultants("→/results/"),
    ),
    # Consultancies: any consultant has their own; a client and the logo are their consultancy's only
    "consultancy_home": Route(_plain("consultancy_home"), any_consultant(200), NOT_ALLOWED),
    "client_create": Route(_plain("client_create"), any_consultant(200), any_consultant(200)),
    "consultancy_branding": Route(_plain("consultancy_branding"), any_consultant(200), any_consultant(200)),
    "client_edit": Route(
        lambda w: reverse("client_edit", args=[w.client.public_id]),
        its_consultants(200),
        its_consultants(200),
    ),
    "client_detail": Route(
        lambda w: reverse("client_detail", args=[w.client.public_id]), its_consultants(200), logged_in(405)
    ),
    "consultancy_logo": Route(
        lambda w: reverse("consultancy_logo", args=[w.consultant.consultancy.public_id]),
        cells(404, consultant=200),
        NOT_ALLOWED,
    ),
    # Question banks: staff read them; importing needs the bank editors' permission to add banks
    "bank_index": Route(_plain("bank_index"), staff(200), staff(405)),
    "bank_compare": Route(lambda w: reverse("bank_compare", args=[w.bank.slug]), staff(200), staff(405)),
    "bank_workbook_template": Route(_plain("bank_workbook_template"), staff(200), staff(405)),
    "bank_workbook": Route(
        lambda w: reverse("bank_workbook", args=[w.bank.slug, w.bank.version]), staff(200), staff(405)
    ),
    "bank_import": Route(_plain("bank_import"), staff(403, editor=200), staff(403, editor=422)),
    # The admin: a representative set (see the module's docstring)
    # Background jobs: asked for by a POST that opens the job's page; the job is its consultancy's
    "client_reports_zip": Route(
        lambda w: reverse("client_reports_zip", args=[w.client.public_id]),
        logged_in(405),
        its_consultants(JOB),
    ),
    "all_client_reports_zip": Route(_plain("all_client_reports_zip"), logged_in(405), any_consultant(JOB)),
    "bank_answers_export": Route(
        lambda w: reverse("bank_answers_export", args=[w.bank.slug, w.bank.version, "csv"]),
        staff(405),
        staff(JOB),
    ),
    "peer_scores_rebuild": Route(_plain("peer_scores_rebuild"), staff(405), staff(JOB)),
    "job_detail": Route(_job("job_detail"), its_consultants(200), logged_in(405)),
    "job_download": Route(_job("job_download"), its_consultants(200), logged_in(405)),
    "job_retry": Route(_job("job_retry"), logged_in(405), its_consultants(JOB)),
    # API keys (pages of the site) and the API, which knows keys only: a browser's session is no key
    "api_keys": Route(
        _plain("api_keys"),
        logged_in(404, owner=200, outsider=200, consultant=200, other_consultant=200, bank_editor=200),
        logged_in(404, owner=200, outsider=200, consultant=200, other_consultant=200, bank_editor=200),
    ),
    "api_key_revoke": Route(
        lambda w: reverse("api_key_revoke", args=[w.api_key.public_id]),
        logged_in(405),
        logged_in(404, owner="→/settings/api-keys/"),
    ),
    "api_schema": Route(_plain("api_schema"), everyone(200), everyone(405)),
    "api_docs": Route(_plain("api_docs"), everyone(200), everyone(405)),
    **{
        name: Route(url, everyone(401), everyone(401))
        for name, url in {
            "api_assessments": _plain("api_assessments"),
            "api_assessment": lambda w: reverse("api_assessment", args=[w.submitted.public_id]),
            "api_result": lambda w: reverse("api_result", args=[w.submitted.public_id]),
            "api_benchmark": lambda w: reverse("api_benchmark", args=[w.submitted.public_id]),
            "api_answers": lambda w: reverse("api_answers", args=[w.submitted.public_id]),
            "api_history": _plain("api_history"),
            "api_clients": _plain("api_clients"),
            "api_client_history": lambda w: reverse("api_client_history", args=[w.client.public_id]),
            "api_client_workshops": lambda w: reverse("api_client_workshops", args=[w.client.public_id]),
            "api_workshop_progress": _workshop("api_workshop_progress"),
            "api_workshop_close": _workshop("api_workshop_close"),
            "api_banks": _plain("api_banks"),
            "api_bank": lambda w: reverse("api_bank", args=[w.bank.slug, w.bank.version]),
        }.items()
    },
    "admin:index": Route(_plain("admin:index"), staff(200), staff(200)),
    "admin:login": Route(
        _plain("admin:login"), cells(200, staff="→/admin/", bank_editor="→/admin/"), everyone(200)
    ),
    "admin:logout": Route(
        _plain("admin:logout"),
        cells("→/admin/", staff=405, bank_editor=405),
        cells("→/admin/", staff="→/", bank_editor="→/"),
    ),
    "admin:assessments_questionbank_changelist": Route(
        _plain("admin:assessments_questionbank_changelist"), staff(200), staff(200)
    ),
    "admin:assessments_questionbank_change": Route(
        lambda w: reverse("admin:assessments_questionbank_change", args=[w.bank.pk]), staff(200), staff(403)
    ),
    "admin:assessments_assessment_changelist": Route(
        _plain("admin:assessments_assessment_changelist"), staff(403), staff(403)
    ),
    "admin:assessments_user_changelist": Route(
        _plain("admin:assessments_user_changelist"), staff(403), staff(403)
    ),
}

# The log-in and sign-up pages send whoever is logged in to the dashboard, for GET and POST alike.
for _key in ("signup", "signup_consultant", "login"):
    ROUTES[_key] = Route(ROUTES[_key].url, ROUTES[_key].get, ROUTES[_key].get)


def _cells():
    for key, route in ROUTES.items():
        for role in route.roles:
            for method in ("GET", "POST"):
                yield pytest.param(key, role, method, id=f"{key}-{role}-{method}")


def check(response, expected, url: str) -> None:
    if isinstance(expected, int):
        assert response.status_code == expected, response.get("Location")
        return
    assert response.status_code in (301, 302), f"{response.status_code}, expected a redirect {expected}"
    location = response["Location"]
    assert location.startswith(expected[1:]), location
    if expected in (LOGIN, ADMIN_LOGIN):
        assert location.endswith("?next=" + quote(url)), location


@pytest.mark.parametrize(("key", "role", "method"), list(_cells()))
def test_matrix(world, key, role, method):
    route = ROUTES[key]
    url = route.url(world)
    response = getattr(world.client_for(role), method.lower())(url)
    check(response, (route.get if method == "GET" else route.post)[role], url)


def test_every_route_has_an_entry():
    """A new URL pattern needs its row here (the admin's generated ones are covered below)."""
    routes = {pattern.key for pattern in url_patterns() if not pattern.pattern.startswith("admin/")}
    admin = {pattern.key for pattern in url_patterns() if pattern.pattern.startswith("admin/")}
    assert routes - set(ROUTES) == set(), "routes without an entry in ROUTES"
    assert set(ROUTES) - routes - admin == set(), "entries in ROUTES for routes that no longer exist"


# Values for the admin's path parameters: a role without staff status is sent away before any lookup.
ADMIN_ARGUMENTS = {
    "object_id": "1",
    "pk": "1",  # django-otp's TOTP device admin
    "id": "1",
    "bank_id": "1",
    "app_label": "assessments",
    "content_type_id": "1",
    "key": "1-en",
    "code": "strategy",
}


def admin_urls() -> list[str]:
    urls = []
    for pattern in url_patterns():
        if not pattern.pattern.startswith("admin/"):
            continue
        if pattern.key == pattern.pattern:  # unnamed: the catch-all and the "<object_id>/" redirect
            urls.append("/admin/assessments/nowhere/")
            continue
        names = [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern.pattern)]
        urls.append(reverse(pattern.key, kwargs={name: ADMIN_ARGUMENTS[name] for name in names}))
    return urls


@pytest.mark.parametrize("role", [role for role in ROLES if role not in STAFF])
def test_the_admin_sends_everyone_but_staff_to_its_log_in(world, role):
    client = world.client_for(role)
    login = reverse("admin:login")
    urls = admin_urls()
    assert len(urls) > 100
    for url in urls:
        if url in (login, reverse("admin:logout")):  # in ROUTES
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert (response.status_code, response.get("Location")) == (302, f"{login}?next={quote(url)}"), (
                method,
                url,
            )
