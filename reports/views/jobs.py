"""Background jobs as pages: ask for one (a POST that queues it and opens its page), watch it (the page polls
its progress), download what it made, or queue a failed one again.

A job belongs to whoever asked for it; a consultancy's job (its clients' reports) to every consultant of the
consultancy; a staff job (bank exports, peer scores) to staff. Anyone else gets a 404."""

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments.access import client_for, consultancy_for
from assessments.admin_site import admin_required
from assessments.models import QuestionBank
from cxmaturity.i18n import content_language

from ..jobs import job_retry, job_start
from ..models import Job
from .download import attachment

PAGE = "reports/job.html"
EXPORT_FORMATS = ("csv", "xlsx")
STAFF_KINDS = (Job.Kind.BANK_ANSWERS, Job.Kind.PEER_SCORES)
CONTENT_TYPES = {
    "zip": "application/zip",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def job_for(request, token: str) -> Job:
    """The job of this token if it is the user's (see the module); 404 otherwise. Staff jobs are shown to
    whom the admin lets in (with its second factor where it asks for one)."""
    user = request.user
    if not user.is_authenticated:
        raise Http404
    mine = Q(requested_by=user) | Q(consultancy__consultants__user=user)
    if admin.site.has_permission(request):
        mine |= Q(kind__in=STAFF_KINDS)
    return get_object_or_404(Job.objects.filter(mine).distinct(), token=token)


def _started(request, job: Job):
    return redirect("job_detail", token=job.token)


@login_required
@require_POST
def client_reports(request, public_id: str):
    """Every report of one client, as a ZIP made by the worker."""
    client = client_for(request.user, public_id)
    job = job_start(
        kind=Job.Kind.CLIENT_REPORTS,
        requested_by=request.user,
        language=content_language(request.LANGUAGE_CODE),
        consultancy_id=client.consultancy_id,
        organization=client,
    )
    return _started(request, job)


@login_required
@require_POST
def all_client_reports(request):
    """Every report of every client of the consultant's consultancy, as one ZIP."""
    consultancy = consultancy_for(request.user)
    if consultancy is None:
        raise Http404
    job = job_start(
        kind=Job.Kind.ALL_CLIENT_REPORTS,
        requested_by=request.user,
        language=content_language(request.LANGUAGE_CODE),
        consultancy=consultancy,
    )
    return _started(request, job)


@admin_required
@require_POST
def bank_answers(request, slug: str, version: str, file_format: str):
    """Every answer of a bank version (CSV or XLSX), for staff."""
    if file_format not in EXPORT_FORMATS:
        raise Http404
    bank = get_object_or_404(QuestionBank, slug=slug, version=version)
    job = job_start(
        kind=Job.Kind.BANK_ANSWERS,
        requested_by=request.user,
        language=content_language(request.LANGUAGE_CODE),
        bank=bank,
        file_format=file_format,
    )
    return _started(request, job)


@admin_required
@require_POST
def peer_scores(request):
    """Rebuild the benchmarks' peer scores from every submitted result, for staff."""
    job = job_start(
        kind=Job.Kind.PEER_SCORES, requested_by=request.user, language=content_language(request.LANGUAGE_CODE)
    )
    return _started(request, job)


@login_required
@require_GET
def job_detail(request, token: str):
    job = job_for(request, token)
    template = f"{PAGE}#progress" if request.htmx else PAGE
    response = render(request, template, {"job": job})
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def job_download(request, token: str):
    job = job_for(request, token)
    if job.status != Job.Status.SUCCEEDED or not job.file_name:
        raise Http404
    with storages["jobs"].open(job.file_name) as stored:
        data = stored.read()
    extension = job.download_name.rsplit(".", 1)[-1]
    response = attachment(data, CONTENT_TYPES.get(extension, "application/octet-stream"), job.download_name)
    add_never_cache_headers(response)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def job_retry_view(request, token: str):
    job = job_for(request, token)
    if job_retry(job):
        messages.success(request, _("The job is queued again."))
    else:
        messages.info(request, _("Only a failed job can be run again."))
    return redirect("job_detail", token=job.token)
