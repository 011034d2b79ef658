"""scripts/benchmark_peer_survey.py without the network or PostgreSQL: where its database goes, the project it
writes, and an install that is skipped when the pins are already there. Its self-check, run under
scripts/with-postgres, exercises the rest (the peer installed, seeded, timed and served)."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings

SCRIPTS = Path(settings.BASE_DIR) / "scripts"
URL = "postgres://cxmaturity:secret@127.0.0.1:5433/cxmaturity?sslmode=disable"


@pytest.fixture
def peer_survey(monkeypatch):
    monkeypatch.syspath_prepend(str(SCRIPTS))  # as when a script in scripts/ imports it
    import benchmark_peer_survey

    return benchmark_peer_survey


def test_its_database_sits_beside_the_one_it_is_given(peer_survey, tmp_path):
    peer = peer_survey.PeerSurvey(tmp_path, URL)
    assert peer.server_url == URL
    assert peer.database_url == "postgres://cxmaturity:secret@127.0.0.1:5433/cxm_peer_survey?sslmode=disable"


def test_the_project_it_writes_is_python_with_debug_off(peer_survey, tmp_path):
    peer = peer_survey.PeerSurvey(tmp_path, URL)
    peer.write_project()
    written = sorted(path.name for path in peer.project.iterdir())
    assert written == ["peer_settings.py", "peer_tasks.py", "peer_urls.py"]
    for path in peer.project.iterdir():
        compile(path.read_text(), str(path), "exec")
    assert "\nDEBUG = False\n" in (peer.project / "peer_settings.py").read_text()


def test_every_package_is_pinned(peer_survey):
    names = {pin.split("==")[0].split("[")[0].lower() for pin in peer_survey.PINS if "==" in pin}
    assert len(names) == len(peer_survey.PINS)
    assert {"django", "django-survey-and-report", "gunicorn", "psycopg", "dj-database-url"} == names
    assert "Django==5.2." in " ".join(peer_survey.PINS)


def test_install_is_skipped_when_the_same_pins_are_installed(peer_survey, tmp_path, monkeypatch):
    peer = peer_survey.PeerSurvey(tmp_path, URL)
    peer.python.parent.mkdir(parents=True)
    peer.python.touch()
    marker = peer.venv / "cxm-pins.txt"
    marker.write_text("\n".join(peer_survey.PINS))
    commands = []
    monkeypatch.setattr(subprocess, "run", lambda command, **options: commands.append(command))
    monkeypatch.setattr(peer_survey, "base_python", lambda: "/usr/bin/python3")
    peer.install()
    assert commands == []

    marker.write_text("Django==5.2.1")  # another pin: the virtualenv is made again
    peer.install()
    assert commands[0] == ["/usr/bin/python3", "-m", "venv", "--clear", str(peer.venv)]
    assert commands[1][-len(peer_survey.PINS) :] == peer_survey.PINS
    assert marker.read_text() == "\n".join(peer_survey.PINS)


def test_the_page_check_counts_the_questions_named_by_radio_buttons(peer_survey):
    radio = '<input type="radio" name="question_{}" value="initial" required id="id_question_{}_0">'
    html = "".join(radio.format(pk, pk) for pk in (3, 3, 4, 5, 6, 7))
    assert {int(pk) for pk in peer_survey.QUESTION_FIELD.findall(html)} == {3, 4, 5, 6, 7}
