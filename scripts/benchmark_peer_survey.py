"""django-survey-and-report, the peer of the hot-path benchmark: the same work as ours (answers saved, a page
of five questions) done by that package, in a virtualenv of its own because it needs Django 5.2.

    scripts/with-postgres .venv/bin/python scripts/benchmark_peer_survey.py [WORKDIR]

``PeerSurvey`` keeps everything under a work directory: ``venv`` (pinned packages, made from a system Python
other than the project's virtualenv) and ``project``, a minimal Django project around the ``survey`` app with
DEBUG off, its database ``cxm_peer_survey`` made afresh on the server of ``DATABASE_URL``. The seed is a user
and two surveys of the same 40 radio questions (5 maturity levels each) in 8 categories of 5: one shown a
category per page (the page timed and served), one on a single page, where one POST answers all 40 (the peer
saves nothing before the last page of a survey shown by category). ``project/peer_tasks.py`` runs inside the
peer's virtualenv: it seeds; it times the POST (each run from no response: 40 Answer rows made, checked
against what was posted) and the page (its five questions checked) through Django's test client; it opens a
session for the HTTP clients of ``serve``. Its servers read ``DATABASE_CONN_MAX_AGE`` as the app's do
(default 0).

The self-check installs, prepares, prints the in-process figures, then serves the page with gunicorn for five
seconds, fetched by one client with the session's cookie.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from load_servers import favicon, free_port, stop

PINS = [
    "Django==5.2.19",
    "django-survey-and-report==1.5.0",
    "gunicorn==27.0.1",
    "psycopg[binary]==3.3.9",
    "dj-database-url==3.1.2",
]
DATABASE = "cxm_peer_survey"
# A system interpreter Django 5.2 runs on, outside any virtualenv (the project's own included).
SUITABLE = (
    "import sys, venv, ensurepip; "
    "sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 14) and sys.prefix == sys.base_prefix))"
)
QUESTION_FIELD = re.compile(r'<input type="radio" name="question_(\d+)"')

SETTINGS = """\
import os

import dj_database_url

SECRET_KEY = "peer-survey-benchmark"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
                  "django.contrib.messages", "survey"]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware", "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "peer_urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", "0"))
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=CONN_MAX_AGE)}
STATIC_URL = "/static/"
CHOICES_SEPARATOR = ","  # the survey app reads these from the project's settings
DEFAULT_SURVEY_PUBLISHING_DURATION = 7
"""
URLS = """\
from django.urls import include, path

urlpatterns = [path("survey/", include("survey.urls"))]
"""
TASKS = '''\
"""The peer seeded, its hot path timed, or a session opened: python peer_tasks.py seed|time RUNS|session"""

import json
import re
import statistics
import sys
import time
from datetime import timedelta
from importlib.metadata import version

import django

django.setup()
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import slugify
from django.utils.timezone import now
from survey.models import Answer, Category, Question, Response, Survey

LEVELS = ["Initial", "Developing", "Defined", "Managed", "Optimizing"]
PAGE_STEP = 1  # the second category
QUESTION_FIELD = re.compile(r'<input type="radio" name="question_([0-9]+)"')


def seed():
    call_command("migrate", verbosity=0)
    User.objects.create_user("peer")
    for method in (Survey.BY_CATEGORY, Survey.ALL_IN_ONE_PAGE):
        survey = Survey.objects.create(
            name=f"CX maturity ({method})", description="", need_logged_user=True, display_method=method,
            expire_date=now().date() + timedelta(days=3650),
        )
        for index in range(8):
            category = Category.objects.create(survey=survey, name=f"Dimension {index + 1}", order=index)
            for number in range(5):
                Question.objects.create(
                    survey=survey, category=category, order=index * 5 + number, required=True,
                    type=Question.RADIO, choices=",".join(LEVELS),
                    text=f"Question {index + 1}.{number + 1}: how far along is this practice?",
                )


def page():
    survey = Survey.objects.get(display_method=Survey.BY_CATEGORY)
    category = survey.categories.order_by("order")[PAGE_STEP]
    expected = sorted(category.questions.values_list("pk", flat=True))
    return reverse("survey-detail-step", kwargs={"id": survey.id, "step": PAGE_STEP}), expected


def timed(request):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = request()
        elapsed = time.perf_counter() - started
    return response, elapsed * 1000, len(queries)


def time_it(runs):
    user = User.objects.get(username="peer")
    client = Client()
    client.force_login(user)
    survey = Survey.objects.get(display_method=Survey.ALL_IN_ONE_PAGE)
    questions = list(survey.questions.values_list("pk", flat=True))
    post_url = reverse("survey-detail", kwargs={"id": survey.id})
    page_url, expected = page()
    posts, gets = [], []
    for run in range(runs + 1):  # the first warms up
        Response.objects.filter(user=user).delete()
        data = {f"question_{pk}": slugify(LEVELS[(i + run) % 5]) for i, pk in enumerate(questions)}
        response, ms, queries = timed(lambda: client.post(post_url, data))
        assert response.status_code == 302, response.content.decode()[:2000]
        stored = Answer.objects.filter(response__user=user, response__survey=survey)
        assert {f"question_{pk}": body for pk, body in stored.values_list("question", "body")} == data
        posts.append((ms, queries))
        response, ms, queries = timed(lambda: client.get(page_url))
        assert response.status_code == 200, response.status_code
        assert sorted({int(pk) for pk in QUESTION_FIELD.findall(response.content.decode())}) == expected
        gets.append((ms, queries))
    return {
        "versions": {name: version(name) for name in ("django", "django-survey-and-report")},
        "runs": runs,
        "post": medians(posts[1:], len(questions), "answer"),
        "page": {**medians(gets[1:], len(expected), "question"), "path": page_url},
    }


def medians(samples, count, unit):
    ms, queries = (statistics.median(values) for values in zip(*samples, strict=True))
    return {f"{unit}s": count, "ms": round(ms, 3), f"ms_per_{unit}": round(ms / count, 3), "queries": queries}


def session():
    client = Client()
    client.force_login(User.objects.get(username="peer"))  # a session row the servers share
    return {"path": page()[0], "cookies": {"sessionid": client.cookies["sessionid"].value}}


if __name__ == "__main__":
    task = sys.argv[1]
    if task == "seed":
        seed()
    else:
        print(json.dumps(time_it(int(sys.argv[2])) if task == "time" else session()))
'''

FILES = {"peer_settings.py": SETTINGS, "peer_urls.py": URLS, "peer_tasks.py": TASKS}


def base_python() -> str:
    for name in ("/usr/bin/python3", "python3.13", "python3.12", "python3.11", "python3.10", "python3"):
        path = shutil.which(name)
        if path and subprocess.run([path, "-c", SUITABLE], capture_output=True).returncode == 0:
            return path
    raise SystemExit("django-survey-and-report needs a system Python 3.10 to 3.14 with venv: none found")


class PeerSurvey:
    """django-survey-and-report installed, seeded, timed in process and served, all under ``workdir``."""

    def __init__(self, workdir: Path, database_url: str):
        self.workdir = Path(workdir).resolve()
        self.venv = self.workdir / "venv"
        self.project = self.workdir / "project"
        self.server_url = database_url  # a database of the server, to create ours from
        self.database_url = urlsplit(database_url)._replace(path=f"/{DATABASE}").geturl()
        self.python = self.venv / "bin" / "python"
        self.log = None

    def install(self) -> None:
        """The virtualenv with the pinned packages; nothing to do when it already holds the same pins."""
        marker = self.venv / "cxm-pins.txt"
        if self.python.exists() and marker.exists() and marker.read_text() == "\n".join(PINS):
            return
        subprocess.run([base_python(), "-m", "venv", "--clear", str(self.venv)], check=True)
        subprocess.run([str(self.python), "-m", "pip", "install", "--quiet", *PINS], check=True)
        marker.write_text("\n".join(PINS))

    def write_project(self) -> None:
        self.project.mkdir(parents=True, exist_ok=True)
        for name, text in FILES.items():
            (self.project / name).write_text(text)

    def create_database(self) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.server_url, autocommit=True) as connection:
            name = sql.Identifier(DATABASE)
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))

    def environment(self) -> dict:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "peer_settings",
            "PYTHONPATH": str(self.project),
        }

    def run(self, *arguments: str) -> str:
        """What ``peer_tasks.py`` printed last, run in the peer's virtualenv."""
        command = [str(self.python), "peer_tasks.py", *arguments]
        done = subprocess.run(
            command, cwd=self.project, env=self.environment(), capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"peer_tasks.py {' '.join(arguments)} failed:\n{done.stderr}")
        return done.stdout.strip().rsplit("\n", 1)[-1]

    def prepare(self) -> None:
        """The project written, its database made afresh, migrated and seeded."""
        self.write_project()
        self.create_database()
        self.run("seed")

    def inprocess(self, runs: int) -> dict:
        """Medians over ``runs`` of one POST answering all 40 questions and of one GET of a 5-question page,
        in milliseconds and in queries, through Django's test client logged in."""
        return json.loads(self.run("time", str(runs)))

    def serve(self, port: int, workers: int = 2) -> tuple[subprocess.Popen, str, dict]:
        """gunicorn with ``workers`` sync workers on 127.0.0.1:port, the path of a 5-question page and the
        cookies of a logged-in session; the page is fetched once with them before it returns."""
        self.log = (self.workdir / "gunicorn.log").open("w+b")
        gunicorn = str(self.venv / "bin" / "gunicorn")
        options = [f"--chdir={self.project}", f"--workers={workers}", f"--bind=127.0.0.1:{port}"]
        command = [gunicorn, "django.core.wsgi:get_wsgi_application()", *options, "--log-level=warning"]
        server = subprocess.Popen(
            command, env=self.environment(), stdout=self.log, stderr=self.log, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while favicon(port)[0] == 0:  # any answer (a 404 here) means a worker is up
            if server.poll() is not None or time.monotonic() > deadline:
                stop(server)
                self.log.seek(0)
                raise SystemExit(f"gunicorn did not start:\n{self.log.read().decode(errors='replace')}")
            time.sleep(0.2)
        opened = json.loads(self.run("session"))
        try:
            get_page(port, opened["path"], opened["cookies"])
        except BaseException:
            stop(server)
            raise
        return server, opened["path"], opened["cookies"]


def get_page(port: int, path: str, cookies: dict) -> str:
    """The page's HTML, checked: status 200 at that address (no redirect to a login) and five questions."""
    url = f"http://127.0.0.1:{port}{path}"
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    with urllib.request.urlopen(
        urllib.request.Request(url, headers={"Cookie": cookie}), timeout=30
    ) as answer:
        html = answer.read().decode()
        assert answer.status == 200 and answer.url == url, (answer.status, answer.url)
    questions = {int(pk) for pk in QUESTION_FIELD.findall(html)}  # each radio button names its question
    assert len(questions) == 5, sorted(questions)
    return html


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Needs PostgreSQL: scripts/with-postgres .venv/bin/python " + " ".join(sys.argv))
    workdir = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/cxm-peer-survey")
    peer = PeerSurvey(workdir, os.environ["DATABASE_URL"])
    peer.install()
    peer.prepare()
    print(json.dumps(peer.inprocess(5), indent=2))
    port = free_port()
    server, path, cookies = peer.serve(port)
    try:
        started, fetched = time.perf_counter(), 0
        while time.perf_counter() - started < 5:
            get_page(port, path, cookies)
            fetched += 1
        elapsed = time.perf_counter() - started
        print(f"gunicorn (2 sync workers): {path} fetched {fetched} times in {elapsed:.1f} s by one client")
    finally:
        stop(server)


if __name__ == "__main__":
    main()
