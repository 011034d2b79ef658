import os
import subprocess
import sys

import pytest
from django.conf import settings

from cxmaturity.ids import new_public_id


def run_settings(**env) -> subprocess.CompletedProcess:
    unset = {"SECRET_KEY", "CXM_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the last is set for the browser tests
    environment = {key: value for key, value in os.environ.items() if key not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    completed = run_settings(CXM_ENV="production", ALLOWED_HOSTS="cx.example.com")
    assert completed.returncode != 0
    assert "SECRET_KEY must be set" in completed.stderr


def test_production_passes_the_deployment_checks():
    completed = run_settings(
        CXM_ENV="production",
        ALLOWED_HOSTS="cx.example.com",
        SECRET_KEY="a-long-random-production-secret-" + new_public_id() * 2,
    )
    assert completed.returncode == 0, completed.stderr + completed.stdout


def test_a_bad_boolean_is_refused_loudly():
    completed = run_settings(DEBUG="maybe")
    assert completed.returncode != 0
    assert "DEBUG must be true or false" in completed.stderr


def test_both_languages_are_offered_japanese_first():
    assert [code for code, _name in settings.LANGUAGES] == ["ja", "en"]
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE


@pytest.mark.parametrize("count", [200])
def test_public_ids_carry_128_random_bits(count):
    ids = {new_public_id() for _ in range(count)}
    assert len(ids) == count
    assert all(len(public_id) == 26 and public_id.isalnum() for public_id in ids)
