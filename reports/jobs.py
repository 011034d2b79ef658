"""Background jobs: work too long for a request, done by the worker (Django's tasks framework with a database
queue, ``manage.py db_worker``) while the person who asked for it watches its page.

``job_start`` records a ``Job`` and queues ``run_job``; the worker runs the job's kind, updating its progress
row by row, stores what it made in the "jobs" storage and marks it done — or failed, with why, and then
``job_retry`` queues it again. Nothing lives in a process's memory: any app server shows any job's page, and
any worker runs any job.
"""

import io
import logging
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models import F
from django.tasks import task
from django.utils import timezone, translation
from django.utils.text import slugify

from assessments.models import Assessment

from .answer_exports import bank_answers_csv, bank_answers_xlsx
from .benchmarks import peer_scores_rebuild
from .models import Job
from .pdf import report_for_assessment

logger = logging.getLogger(__name__)


def job_start(*, kind: str, requested_by, language: str, **scope) -> Job:
    """A new job, queued for the worker."""
    job = Job.objects.create(kind=kind, requested_by=requested_by, language=language, **scope)
    run_job.enqueue(job.pk)
    return job


def job_retry(job: Job) -> bool:
    """Queue a failed job again, from the start; anything else is left as it is (False)."""
    retried = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
        status=Job.Status.QUEUED, error="", done=0, finished_at=None
    )
    if retried:
        run_job.enqueue(job.pk)
    return bool(retried)


@task()
def run_job(job_id: int) -> None:
    """Run one job: the work of its kind in its language, then its file stored, or why it failed."""
    started = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, attempts=F("attempts") + 1
    )
    if not started:  # already run by another worker, or no longer there
        return
    job = Job.objects.select_related("organization", "consultancy", "bank").get(pk=job_id)
    try:
        with translation.override(job.language):
            made = RUNNERS[job.kind](job)
        stored = {}
        if made is not None:
            name, data = made
            stored = {
                "file_name": storages["jobs"].save(f"{job.token}/{name}", ContentFile(data)),
                "download_name": name,
            }
    except Exception as error:  # the job says why; the worker goes on with the next one
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, error=str(error) or type(error).__name__, finished_at=timezone.now()
        )
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED, finished_at=timezone.now(), **stored)


def _progress(job: Job, done: int, total: int) -> None:
    Job.objects.filter(pk=job.pk).update(done=done, total=total)


# What each kind makes: (file name, bytes), or None when it makes no file.


def _reports(job: Job) -> tuple[str, bytes]:
    """Every submitted result's PDF report of a client (or of every client of the consultancy) in one ZIP, a
    folder per client."""
    assessments = Assessment.objects.with_result().select_related("organization", "bank", "result")
    if job.kind == Job.Kind.CLIENT_REPORTS:
        assessments = assessments.filter(organization=job.organization)
        name = f"cx-maturity-reports-{slugify(job.organization.name) or job.organization.public_id}.zip"
    else:
        assessments = assessments.filter(organization__consultancy=job.consultancy)
        name = "cx-maturity-reports-all-clients.zip"
    assessments = list(assessments.order_by("organization__name", "submitted_at", "pk"))
    _progress(job, 0, len(assessments))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, assessment in enumerate(assessments, start=1):
            folder = slugify(assessment.organization.name) or assessment.organization.public_id
            submitted = timezone.localdate(assessment.submitted_at).isoformat()
            archive.writestr(
                f"{folder}/{submitted}-{assessment.public_id}-{job.language}.pdf",
                report_for_assessment(assessment, job.language),
            )
            _progress(job, done, len(assessments))
    return name, out.getvalue()


def _bank_answers(job: Job) -> tuple[str, bytes]:
    """Every answer of every submitted assessment of a bank version, as CSV or XLSX."""
    assessments = list(
        Assessment.objects.with_result()
        .filter(bank=job.bank)
        .select_related("organization", "bank")
        .order_by("submitted_at", "pk")
    )
    _progress(job, 0, 1)
    write = bank_answers_xlsx if job.file_format == "xlsx" else bank_answers_csv
    data = write(assessments)
    _progress(job, 1, 1)
    return f"cx-maturity-answers-{job.bank.slug}-{job.bank.version}.{job.file_format or 'csv'}", data


def _peer_scores(job: Job) -> None:
    _progress(job, 0, 1)
    peer_scores_rebuild()
    _progress(job, 1, 1)


RUNNERS = {
    Job.Kind.CLIENT_REPORTS: _reports,
    Job.Kind.ALL_CLIENT_REPORTS: _reports,
    Job.Kind.BANK_ANSWERS: _bank_answers,
    Job.Kind.PEER_SCORES: _peer_scores,
}
