"""Two app servers and a worker on one PostgreSQL behave as one: a check that CI runs on its private cluster.

    bash scripts/with-postgres .venv/bin/python scripts/topology_check.py

It migrates the cluster's database, starts two gunicorn servers (2 workers each) and one task worker
(`manage.py db_worker`), and drives real HTTP clients across both servers, switching server at every step:
a member logs in on one and finds their session on the other, starts a self-assessment, answers it by
autosave on both, submits it and reads the result; a consultant's workshop takes a participant who joins on
one server and answers on the other while the facilitator's page on the first counts them, and closes it; a
ZIP of every client's reports asked for on one server is made by the worker and downloaded from the other.
Sessions, caches (throttles), files and jobs therefore live in the database and storage, not in a process.
It prints each step and exits non-zero at the first that fails.
"""

import argparse
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from load_servers import free_port, start_gunicorn, stop  # noqa: E402

MEMBER, CONSULTANT = "member@topology.example", "consultant@topology.example"
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CSRF_HEADER = re.compile(r'"X-CSRFToken": "([^"]+)"')


class Failed(Exception):
    pass


def check(condition: bool, step: str) -> None:
    if not condition:
        raise Failed(step)
    print(f"  ok  {step}")


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cxmaturity.settings"
    os.environ["DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed(password: str):
    """The default bank, a member's organization, and a consultant with a client that has a result."""
    from django.core.management import call_command

    from assessments.banks import load_default_bank
    from assessments.models import Membership, Organization, User
    from assessments.services import consultancy_create
    from tests.factories import at_level, submit

    call_command("migrate", verbosity=0)
    bank = load_default_bank()
    member = User.objects.create_user(MEMBER, password, name="Member")
    organization = Organization.objects.create(
        name="Topology Retail", industry="retail", size_band="50-249", country="JP"
    )
    Membership.objects.create(user=member, organization=organization, role=Membership.Role.OWNER)
    consultant = User.objects.create_user(CONSULTANT, password, name="Consultant")
    consultancy = consultancy_create(name="Topology Consulting", user=consultant)
    client = Organization.objects.create(
        name="Topology Client", industry="retail", size_band="50-249", country="JP", consultancy=consultancy
    )
    submit(client, bank, at_level(3))
    return bank, client, consultant


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run it inside scripts/with-postgres: DATABASE_URL must point at PostgreSQL.")
    setup_django()
    from tests.workshop_browsers import Browser, bank_questions

    password = secrets.token_urlsafe(16)
    bank, client, consultant = seed(password)
    questions = bank_questions(bank)
    with tempfile.TemporaryFile() as log:
        run(log, password, questions, client, consultant, Browser)
    print("Two app servers and a worker behaved as one.")


def run(log, password, questions, client, consultant, Browser) -> None:
    """Start the servers and the worker, drive the clients, and stop them whatever happens."""
    servers, worker = [], None
    settings = argparse.Namespace(workers=2, threads=1, conn_max_age=0, participants=10)
    try:
        ports = [free_port(), free_port()]
        for port in ports:
            servers.append(start_gunicorn(settings, port, log))
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload"],
            cwd=ROOT,
            env={**os.environ, "DEBUG": "false"},
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        print(f"Two app servers ({', '.join(urls)}, gunicorn, 2 workers each) and a worker on PostgreSQL")
        drive(urls, password, questions, client, consultant, Browser)
    except Failed as failure:
        log.seek(0)
        print(f"FAILED  {failure}\n--- server and worker output ---\n{log.read().decode(errors='replace')}")
        raise SystemExit(1) from None
    finally:
        for server in servers:
            stop(server)
        if worker is not None:
            stop(worker)


def drive(urls, password, questions, client, consultant, Browser) -> None:
    from assessments.models import Answer, Assessment, Participant
    from assessments.services import workshop_start

    a, b = urls

    def on(browser, url):
        browser.base_url = url
        return browser

    # A member's self-assessment, one step on each server in turn.
    member = Browser(a)
    member.log_in(MEMBER, password, "/dashboard/")
    check(
        "Topology Retail" in on(member, b).request("dashboard", "/dashboard/"), "session made on A, read on B"
    )
    dashboard = member.request("dashboard", "/dashboard/")
    token = _CSRF_FIELD.search(dashboard).group(1)
    page = on(member, a).request("start", "/assessments/start/", {"csrfmiddlewaretoken": token})
    assessment = Assessment.objects.get(organization__name="Topology Retail")
    header = _CSRF_HEADER.search(page).group(1)
    for number, question in enumerate(questions):
        on(member, urls[number % 2]).request(
            "answer",
            f"/assessments/{assessment.public_id}/questions/{question.code}/",
            {f"{question.code}-option": [sorted(question.options)[0]], f"{question.code}-comment": ""},
            {"HX-Request": "true", "X-CSRFToken": header},
        )
    saved = Answer.objects.filter(participant__assessment=assessment).count()
    check(saved == len(questions) and not member.failures(), f"{saved} answers autosaved on A and B")
    review = on(member, b).request("review", f"/assessments/{assessment.public_id}/review/")
    token = _CSRF_FIELD.search(review).group(1)
    results = member.request(
        "submit", f"/assessments/{assessment.public_id}/submit/", {"csrfmiddlewaretoken": token}
    )
    assessment.refresh_from_db()
    check(assessment.status == "submitted" and not member.failures(), "submitted on B")
    on(member, a).request("results", f"/results/{assessment.public_id}/")
    check(not member.failures() and bool(results), "results read on A")

    # A workshop: a participant joins on A and answers on B; the facilitator's page on A counts them.
    workshop = workshop_start(
        client=client, bank=client.assessments.first().bank, title="Topology", date=date.today()
    )
    phone = Browser(a)
    phone.join(workshop.join_code, "Aiko")
    phone.open_dimension(workshop.join_code, questions[0].dimension)
    on(phone, b).answer(workshop.join_code, questions[0], _first_choice(questions[0]))
    participant = Participant.objects.get(assessment=workshop.assessment)
    check(Answer.objects.filter(participant=participant).count() == 1, "joined on A, answered on B")
    facilitator = Browser(a)
    facilitator.log_in(CONSULTANT, password, f"/workshops/{workshop.assessment.public_id}/")
    page = facilitator.request("facilitator", f"/workshops/{workshop.assessment.public_id}/")
    check(
        "Aiko" in page and "1 / " in page, "the facilitator's page on A shows the participant and the answer"
    )
    close = on(facilitator, b).request("close page", f"/workshops/{workshop.assessment.public_id}/close/")
    token = _CSRF_FIELD.search(close).group(1)
    facilitator.request(
        "close", f"/workshops/{workshop.assessment.public_id}/close/", {"csrfmiddlewaretoken": token}
    )
    workshop.assessment.refresh_from_db()
    check(workshop.assessment.status == "closed" and not facilitator.failures(), "closed on B")

    # A background job: asked for on A, made by the worker, downloaded from B.
    home = on(facilitator, a).request("consultancy", "/consultancy/")
    token = _CSRF_FIELD.search(home).group(1)
    job_page = facilitator.request(
        "ask for a ZIP", "/consultancy/reports.zip", {"csrfmiddlewaretoken": token}
    )
    download = re.search(r'href="(/jobs/[^"/]+/download/)"', job_page)
    deadline = time.monotonic() + 120
    job_url = re.search(r'hx-get="(/jobs/[^"/]+/)"', job_page)
    while download is None and job_url is not None and time.monotonic() < deadline:
        time.sleep(1)
        job_page = on(facilitator, b).request("job page", job_url.group(1))
        download = re.search(r'href="(/jobs/[^"/]+/download/)"', job_page)
    check(download is not None, "the worker made the ZIP asked for on A; its page on B offers it")
    body = facilitator.opener.open(b + download.group(1), timeout=60).read()
    check(body.startswith(b"PK"), f"the ZIP downloaded from B ({len(body)} bytes)")


def _first_choice(question):
    from tests.workshop_browsers import Choice

    return Choice(frozenset({sorted(question.options)[0]}))


if __name__ == "__main__":
    main()
