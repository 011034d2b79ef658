"""``manage.py setup_demo_site``: what ``make serve`` runs before serving."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assessments.models import Organization, QuestionBank, User, Workshop
from reports.models import PeerScore

pytestmark = pytest.mark.django_db


def setup(*args) -> str:
    out = StringIO()
    call_command("setup_demo_site", *args, stdout=out)
    return out.getvalue()


def test_it_loads_the_bank_seeds_peers_and_prints_a_login_that_works(client):
    output = setup("--peers", "6")
    published = QuestionBank.objects.filter(slug="cx-maturity", status="published")
    assert sorted(published.values_list("version", flat=True)) == ["1.0", "2.0"]
    assert QuestionBank.objects.for_new_assessments().version == "2.0"  # 1.0 stays for its results
    assert "Question bank: cx-maturity 1.0" in output and "Question bank: cx-maturity 2.0" in output
    # Six demo peers, and the three clients of the demo consultancy's workshops, which count as peers too.
    assert Organization.objects.filter(is_demo=True, consultancy__isnull=True).count() == 6
    assert PeerScore.objects.filter(is_demo=True).values("organization").distinct().count() == 6 + 3
    assert "Demo peers: 6" in output
    password = re.search(r"password: (\S+)", output).group(1)
    assert client.login(username="demo@example.com", password=password)
    user = User.objects.get(email="demo@example.com")
    assert user.memberships.get().organization.name == "Demo Organization"
    assert user.email_verified_at is not None  # a demo address receives no mail: no banner to clear


def test_it_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="does not run with CXM_ENV=production"):
        setup("--peers", "3")
    assert not User.objects.exists()
    assert not QuestionBank.objects.exists()


def test_running_it_again_keeps_the_data_and_gives_a_new_password(client):
    first = setup("--peers", "3")
    second = setup("--peers", "3")
    peers = Organization.objects.filter(is_demo=True, consultancy__isnull=True)
    assert peers.count() == 3  # not seeded twice
    assert QuestionBank.objects.filter(slug="cx-maturity").count() == 2  # nor the banks
    assert "Demo peers" not in second
    assert Organization.objects.filter(name="Demo Organization").count() == 1
    old, new = (re.search(r"password: (\S+)", output).group(1) for output in (first, second))
    assert old != new
    assert not client.login(username="demo@example.com", password=old)
    assert client.login(username="demo@example.com", password=new)


def test_no_peers_when_asked_for_none():
    setup("--peers", "0")
    assert not Organization.objects.filter(is_demo=True).exists()


def test_it_prints_a_consultant_login_of_the_demo_consultancy_with_closed_workshops(client):
    output = setup("--peers", "2")
    password = re.search(r"Consultant demo login: consultant@example.com  password: (\S+)", output).group(1)
    assert client.login(username="consultant@example.com", password=password)
    consultancy = User.objects.get(email="consultant@example.com").consultant.consultancy
    assert consultancy.is_demo
    assert Workshop.objects.filter(assessment__organization__consultancy=consultancy).count() == 3
    setup("--peers", "2")  # again: the same consultancy, no more workshops
    assert Workshop.objects.count() == 3


def test_load_default_banks_adds_only_the_missing_versions(default_bank):
    out = StringIO()
    call_command("load_default_banks", stdout=out)
    call_command("load_default_banks", stdout=out)
    versions = QuestionBank.objects.filter(slug="cx-maturity").values_list("version", flat=True)
    assert sorted(versions) == ["1.0", "2.0"]
    assert QuestionBank.objects.get(slug="cx-maturity", version="1.0").pk == default_bank.pk  # kept as it was
    assert out.getvalue().count("Question bank: cx-maturity 2.0") == 2
