import os
import subprocess
import sys

import pytest
from django.conf import settings

from cxmaturity.ids import new_public_id


def run(*command, **env) -> subprocess.CompletedProcess:
    unset = {
        "SECRET_KEY",
        "CXM_ENV",
        "DEBUG",
        "CXM_PROXY_HOPS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }  # the last: browser tests
    environment = {key: value for key, value in os.environ.items() if key not in unset}
    environment.update(env)
    return subprocess.run(
        [sys.executable, *command], env=environment, cwd=settings.BASE_DIR, capture_output=True, text=True
    )


def run_settings(**env) -> subprocess.CompletedProcess:
    return run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **env)


def setting_in(name: str, **env) -> str:
    """The repr of a setting as a process with this environment reads it."""
    completed = run(
        "manage.py",
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print(repr(settings.{name}))",
        **env,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


PRODUCTION = {
    "CXM_ENV": "production",
    "ALLOWED_HOSTS": "cx.example.com",
    "SECRET_KEY": "a-long-random-production-secret-" + new_public_id() * 2,
}


def test_production_refuses_to_start_without_a_secret_key():
    completed = run_settings(CXM_ENV="production", ALLOWED_HOSTS="cx.example.com")
    assert completed.returncode != 0
    assert "SECRET_KEY must be set" in completed.stderr


def test_production_passes_the_deployment_checks(tmp_path):
    completed = run_settings(**PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert completed.returncode == 0, completed.stderr + completed.stdout
    assert "no issues" in completed.stdout


def test_production_passes_the_deployment_checks_behind_a_proxy(tmp_path):
    completed = run_settings(
        **PRODUCTION, CXM_PROXY_HOPS="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    assert completed.returncode == 0, completed.stderr + completed.stdout


def test_production_refuses_debug():
    completed = run_settings(**PRODUCTION, DEBUG="true")
    assert completed.returncode != 0
    assert "DEBUG must be false when CXM_ENV=production" in completed.stderr


def test_the_forwarded_protocol_is_trusted_only_behind_a_proxy():
    assert setting_in("SECURE_PROXY_SSL_HEADER", **PRODUCTION) == "None"
    assert setting_in("SECURE_PROXY_SSL_HEADER", CXM_PROXY_HOPS="0") == "None"
    assert setting_in("SECURE_PROXY_SSL_HEADER", **PRODUCTION, CXM_PROXY_HOPS="1") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_hsts_is_on_in_production_and_can_be_tuned():
    assert setting_in("SECURE_HSTS_SECONDS", **PRODUCTION) == "31536000"
    assert setting_in("SECURE_HSTS_PRELOAD", **PRODUCTION, SECURE_HSTS_PRELOAD="false") == "False"


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
