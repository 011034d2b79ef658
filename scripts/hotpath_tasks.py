"""The app's side of the hot-path benchmark (scripts/benchmark_hotpath.py), run in a code tree given as the
first argument: this checkout, or the reference commit's worktree. Only APIs that both have are used.

    python scripts/hotpath_tasks.py TREE seed       # migrate, the default bank, a member and an assessment
    python scripts/hotpath_tasks.py TREE time RUNS  # autosave and dimension page through the test client
    python scripts/hotpath_tasks.py TREE session    # a logged-in session for HTTP clients, and the page

Each prints one line of JSON last. The database is ``DATABASE_URL``'s.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

TREE = Path(sys.argv[1]).resolve()
EMAIL = "hotpath@example.com"
DIMENSION = "strategy"  # five level questions


def setup() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "cxmaturity.settings"
    os.environ.setdefault("DEBUG", "false")
    os.chdir(TREE)
    sys.path.insert(0, str(TREE))
    import django

    django.setup()


def seed() -> dict:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from assessments.banks import load_default_bank
    from assessments.models import Membership, Organization, User
    from assessments.services import assessment_start

    bank = load_default_bank()
    user = User.objects.create_user(email=EMAIL, password="benchmark-password-1")
    organization = Organization.objects.create(name="Hot path", industry="retail", size_band="50-249")
    Membership.objects.create(user=user, organization=organization, role="owner")
    assessment = assessment_start(organization=organization, bank=bank, by=user)
    return {"assessment": assessment.public_id}


def _assessment():
    from assessments.models import Assessment

    return Assessment.objects.select_related("bank").get(created_by__email=EMAIL)


def _questions(assessment):
    dimension = assessment.bank.dimensions.get(code=DIMENSION)
    return list(dimension.questions.prefetch_related("options").order_by("order", "pk"))


def _median_ms(times: list[float]) -> float:
    return round(statistics.median(times) * 1000, 2)


def time_requests(runs: int) -> dict:
    """Medians of ``runs`` autosaves (each question of the dimension in turn, the option changing every
    time) and of ``runs`` GETs of the dimension's page, with each one's queries (transaction control
    apart)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from assessments.models import Answer, User

    assessment = _assessment()
    questions = _questions(assessment)
    client = Client()
    client.force_login(User.objects.get(email=EMAIL))
    page = reverse("assessment_dimension", args=[assessment.public_id, DIMENSION])
    htmx = {"HX-Request": "true"}

    def autosave(number: int):
        question = questions[number % len(questions)]
        options = list(question.options.all())
        option = options[(number // len(questions)) % len(options)]
        url = reverse("assessment_answer", args=[assessment.public_id, question.code])
        response = client.post(url, {f"{question.code}-option": option.code}, headers=htmx)
        assert response.status_code == 200, response.status_code
        return question, option

    def counted(context) -> int:
        control = ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT", "ROLLBACK")
        return sum(not query["sql"].startswith(control) for query in context.captured_queries)

    for number in range(2 * len(questions)):  # every question answered, caches warm
        autosave(number)
        client.get(page)
    saves, pages = [], []
    for number in range(runs):
        started = time.perf_counter()
        question, option = autosave(number)
        saves.append(time.perf_counter() - started)
        started = time.perf_counter()
        response = client.get(page)
        pages.append(time.perf_counter() - started)
        assert response.status_code == 200
    stored = Answer.objects.get(participant__assessment=assessment, question=question)
    assert [chosen.pk for chosen in stored.options.all()] == [option.pk], "the last autosave was not stored"
    html = client.get(page).content.decode()
    assert all(f'name="{q.code}-option"' in html for q in questions), "the page lacks a question"
    with CaptureQueriesContext(connection) as save_queries:
        autosave(runs)
    with CaptureQueriesContext(connection) as page_queries:
        client.get(page)
    return {
        "autosave_ms": _median_ms(saves),
        "autosave_queries": counted(save_queries),
        "page_ms": _median_ms(pages),
        "page_queries": counted(page_queries),
        "questions": len(questions),
    }


def session() -> dict:
    """A logged-in session stored in the database (any worker reads it), the page's path and its HTML."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client
    from django.urls import reverse

    from assessments.models import User

    user = User.objects.get(email=EMAIL)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    assessment = _assessment()
    path = reverse("assessment_dimension", args=[assessment.public_id, DIMENSION])
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    html = client.get(path).content.decode()
    return {"path": path, "cookies": {settings.SESSION_COOKIE_NAME: store.session_key}, "html": html}


def main() -> None:
    setup()
    command = sys.argv[2]
    if command == "seed":
        print(json.dumps(seed()))
    elif command == "time":
        print(json.dumps(time_requests(int(sys.argv[3]))))
    elif command == "session":
        print(json.dumps(session()))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
