"""Background jobs on the real worker (``manage.py db_worker --batch`` on the database queue): a consultancy's
reports as one ZIP, a bank version's answers as CSV or XLSX, the peer scores rebuilt; the job's page before
and after; a job that fails says why and runs again; and who may see, download and retry a job."""

import csv
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Organization
from reports.models import Job, PeerScore
from tests.factories import ClientFactory, ConsultantFactory, MembershipFactory, UserFactory, at_level, submit

# The worker closes and reopens its database connection between tasks, as in production: the tests run
# outside a wrapping transaction, with the data committed.
pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HX-Request": "true"}


def run_worker() -> None:
    """The worker, as `make serve` starts it, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def jobs_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "jobs": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


@pytest.fixture
def clients(consultant, bank) -> list[Organization]:
    """Two clients of the consultant's consultancy with two and one submitted results."""
    first = ClientFactory(consultancy=consultant.consultancy, name="Aozora Retail")
    second = ClientFactory(consultancy=consultant.consultancy, name="Minato Bank")
    submit(first, bank, at_level(2), days_ago=200)
    submit(first, bank, at_level(3))
    submit(second, bank, at_level(4))
    return [first, second]


def started(response) -> Job:
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.token])
    return job


def test_a_consultant_gets_a_clients_reports_as_one_zip(consultant_client, clients, jobs_storage):
    job = started(consultant_client.post(reverse("client_reports_zip", args=[clients[0].public_id])))
    page = consultant_client.get(reverse("job_detail", args=[job.token]))
    assert "Waiting" in page.text and 'hx-trigger="every 2s"' in page.text
    assert consultant_client.get(reverse("job_download", args=[job.token])).status_code == 404  # not yet

    run_worker()
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.attempts) == (Job.Status.SUCCEEDED, 2, 2, 1)
    done = consultant_client.get(reverse("job_detail", args=[job.token]), headers=HTMX)
    assert 'hx-trigger="every 2s"' not in done.text  # the page stops polling
    assert reverse("job_download", args=[job.token]) in done.text
    download = consultant_client.get(reverse("job_download", args=[job.token]))
    assert download["Content-Type"] == "application/zip" and "no-store" in download["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    names = archive.namelist()
    assert len(names) == 2 and all(
        name.startswith("aozora-retail/") and name.endswith("-en.pdf") for name in names
    )
    assert all(archive.read(name).startswith(b"%PDF-") for name in names)


def test_every_clients_reports_in_folders(consultant_client, clients, jobs_storage):
    job = started(consultant_client.post(reverse("all_client_reports_zip")))
    run_worker()
    job.refresh_from_db()
    archive = zipfile.ZipFile(
        io.BytesIO(consultant_client.get(reverse("job_download", args=[job.token])).content)
    )
    assert sorted({name.split("/")[0] for name in archive.namelist()}) == ["aozora-retail", "minato-bank"]
    assert job.done == job.total == 3


def test_a_job_is_its_consultancys_and_nobody_elses(client, consultant, clients, jobs_storage):
    client.force_login(consultant.user)
    job = started(client.post(reverse("client_reports_zip", args=[clients[0].public_id])))
    urls = [reverse(name, args=[job.token]) for name in ("job_detail", "job_download")]
    colleague = ConsultantFactory(consultancy=consultant.consultancy)
    client.force_login(colleague.user)
    assert client.get(urls[0]).status_code == 200
    for outsider in (ConsultantFactory().user, MembershipFactory(organization=clients[0]).user):
        client.force_login(outsider)
        assert [client.get(url).status_code for url in urls] == [404, 404]
        assert client.post(reverse("job_retry", args=[job.token])).status_code == 404
    client.logout()
    assert client.get(urls[0]).status_code == 302  # to the log-in page
    # Another consultancy's client cannot be asked for, and a tampered token is 404.
    client.force_login(ConsultantFactory().user)
    assert client.post(reverse("client_reports_zip", args=[clients[0].public_id])).status_code == 404
    assert client.get(reverse("job_detail", args=["A" * 43])).status_code == 404
    assert Job.objects.count() == 1


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_staff_export_every_answer_of_a_bank_version(client, bank, clients, jobs_storage, file_format):
    url = reverse("bank_answers_export", args=[bank.slug, bank.version, file_format])
    client.force_login(MembershipFactory().user)
    assert client.post(url).status_code == 302 and not Job.objects.exists()  # to the admin's log-in
    client.force_login(UserFactory(is_staff=True))
    job = started(client.post(url))
    run_worker()
    data = client.get(reverse("job_download", args=[job.token])).content
    if file_format == "csv":
        header, *rows = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    else:
        header, *rows = load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True)
    assert header[-1] == "Round"
    assert len(rows) == 3 * bank.questions.count()  # three results, one participant each
    assert {str(row[-1]) for row in rows} == {"1"}


def test_an_unknown_export_format_or_bank_is_404(client, bank):
    client.force_login(UserFactory(is_staff=True))
    assert (
        client.post(reverse("bank_answers_export", args=[bank.slug, bank.version, "pdf"])).status_code == 404
    )
    assert client.post(reverse("bank_answers_export", args=[bank.slug, "9.9", "csv"])).status_code == 404


def test_staff_rebuild_the_peer_scores_in_the_background(client, clients, jobs_storage):
    kept = sorted(PeerScore.objects.values_list("organization_id", "key", "score"))
    PeerScore.objects.all().delete()
    client.force_login(UserFactory(is_staff=True))
    job = started(client.post(reverse("peer_scores_rebuild")))
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and not job.file_name
    assert sorted(PeerScore.objects.values_list("organization_id", "key", "score")) == kept


def test_a_failed_job_says_why_and_runs_again(consultant_client, clients, settings, tmp_path):
    # Its files cannot be stored: the storage's directory is a file.
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    settings.STORAGES = {
        **settings.STORAGES,
        "jobs": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocked}},
    }
    job = started(consultant_client.post(reverse("client_reports_zip", args=[clients[1].public_id])))
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.error
    page = consultant_client.get(reverse("job_detail", args=[job.token])).text
    assert "The job failed." in page and reverse("job_retry", args=[job.token]) in page

    settings.STORAGES = {
        **settings.STORAGES,
        "jobs": {**settings.STORAGES["jobs"], "OPTIONS": {"location": tmp_path}},
    }
    retried = consultant_client.post(reverse("job_retry", args=[job.token]), follow=True)
    assert "The job is queued again." in retried.text
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (Job.Status.SUCCEEDED, 2, "")
    again = consultant_client.post(reverse("job_retry", args=[job.token]), follow=True)
    assert "Only a failed job can be run again." in again.text


def test_the_job_page_speaks_japanese(client, consultant, clients, jobs_storage):
    client.force_login(consultant.user)
    job = started(
        client.post(
            reverse("client_reports_zip", args=[clients[0].public_id]), headers={"accept-language": "ja"}
        )
    )
    assert job.language == "ja"
    page = client.get(reverse("job_detail", args=[job.token]), headers={"accept-language": "ja"}).text
    assert "バックグラウンド処理" in page
