"""Demonstration workshops: a demo consultancy's closed workshops with believable rooms, and their purge."""

import json

import pytest

from assessments.models import AgreedScore, Assessment, Consultancy, Organization, Participant, Workshop
from tests.factories import MembershipFactory, run_command

pytestmark = pytest.mark.django_db


def test_seed_demo_workshops_closes_workshops_of_5_to_20_participants_in_departments(default_bank):
    output = run_command("seed_demo", "--workshops", "3", "--seed", "5")
    assert "Created 3 closed demo workshops" in output
    workshops = Workshop.objects.select_related("assessment__organization__consultancy")
    assert workshops.count() == 3
    for workshop in workshops:
        assessment = workshop.assessment
        assert assessment.status == Assessment.Status.CLOSED and assessment.has_result
        assert assessment.organization.is_demo and assessment.organization.consultancy.is_demo
        participants = Participant.objects.filter(assessment=assessment)
        assert 5 <= participants.count() <= 20
        assert participants.values("department").distinct().count() >= 2
    blocks = [
        block
        for line in run_command("export_result", "--all").splitlines()
        for block in json.loads(line).get("questions", [])
    ]
    assert any(block["no_consensus"] for block in blocks)  # some questions split the room
    assert AgreedScore.objects.exists()
    # Some rooms answered a question again: its second round counts, the first is in the record.
    revoted = [block for block in blocks if block["round"] == 2]
    assert revoted and all(block["earlier_rounds"][0]["answers"] for block in revoted)
    assert all(block["n"] > 0 for block in revoted)


def test_the_same_seed_gives_the_same_workshops(default_bank):
    run_command("seed_demo", "--workshops", "2", "--seed", "9")
    first = list(Assessment.objects.order_by("pk").values_list("result__score", flat=True))
    run_command("seed_demo", "--purge")
    run_command("seed_demo", "--workshops", "2", "--seed", "9")
    assert list(Assessment.objects.order_by("pk").values_list("result__score", flat=True)) == first


def test_purge_removes_the_demo_consultancy_with_its_clients_and_nothing_else(default_bank):
    real = MembershipFactory().organization
    run_command("seed_demo", "--workshops", "2", "--seed", "3")
    run_command("seed_demo", "--purge")
    assert list(Organization.objects.all()) == [real]
    assert not Consultancy.objects.exists()
    assert not Workshop.objects.exists()
