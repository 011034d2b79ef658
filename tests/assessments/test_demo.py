"""Demo data, and the promise that every exported result agrees with the rules recomputed from the bank."""

import json

import pytest
from django.core.management import CommandError, call_command

from assessments import demo
from assessments.models import Answer, Assessment, Organization, QuestionBank
from tests.factories import MembershipFactory, run_command
from tests.recompute import assert_figures, recompute

pytestmark = pytest.mark.django_db


def test_every_exported_result_agrees_with_the_rules_recomputed_from_the_exported_bank(default_bank):
    run_command("seed_demo", "--organizations", "12", "--seed", "7")
    bank = json.loads(run_command("export_bank", "cx-maturity"))
    lines = run_command("export_result", "--all").splitlines()

    assert len(lines) >= 12
    for line in lines:
        result = json.loads(line)
        assert_figures(result, recompute(bank, result["answers"]))


def test_seed_demo_spreads_organizations_and_varies_answers(default_bank):
    output = run_command("seed_demo", "--organizations", "30", "--seed", "1")
    assert "Created 30 demo organizations" in output
    organizations = Organization.objects.filter(is_demo=True)
    assert organizations.count() == 30
    assert organizations.values("industry").distinct().count() >= 5
    assert organizations.values("size_band").distinct().count() >= 4
    assert organizations.values("country").distinct().count() >= 4
    assert not Assessment.objects.filter(
        organization__is_demo=True, status=Assessment.Status.IN_PROGRESS
    ).exists()
    answers = Answer.objects.filter(participant__assessment__organization__is_demo=True)
    assert answers.filter(not_applicable=True).exists()
    assert answers.exclude(comment="").exists()
    assert answers.values("score").distinct().count() >= 5
    scores = set(
        Assessment.objects.filter(organization__is_demo=True).values_list("result__score", flat=True)
    )
    assert len(scores) >= 20


def test_the_same_seed_gives_the_same_data(default_bank):
    run_command("seed_demo", "--organizations", "3", "--seed", "42")
    first = list(Organization.objects.order_by("pk").values_list("name", "industry", "country"))
    first_scores = list(Assessment.objects.order_by("pk").values_list("result__score", flat=True))
    run_command("seed_demo", "--purge")
    run_command("seed_demo", "--organizations", "3", "--seed", "42")
    assert list(Organization.objects.order_by("pk").values_list("name", "industry", "country")) == first
    assert list(Assessment.objects.order_by("pk").values_list("result__score", flat=True)) == first_scores


def test_purge_removes_demo_data_and_nothing_else(default_bank):
    real = MembershipFactory().organization
    run_command("seed_demo", "--organizations", "4", "--seed", "3")
    output = run_command("seed_demo", "--purge")
    assert "Removed 4 demo organizations" in output
    assert list(Organization.objects.all()) == [real]
    assert not Assessment.objects.exists()
    assert QuestionBank.objects.filter(pk=default_bank.pk).exists()


def test_seed_demo_needs_a_count():
    with pytest.raises(CommandError, match="--organizations"):
        call_command("seed_demo")


def test_profile_weights_cover_every_choice():
    assert set(demo.INDUSTRIES) == set(Organization.Industry.values) == set(demo.NAME_SECOND)
    assert set(demo.SIZE_BANDS) == set(Organization.SizeBand.values)
    assert set(demo.COUNTRIES) <= {code for code, _name in Organization._meta.get_field("country").choices}


def test_names_fit_the_industry_and_comments_fit_the_answer(default_bank):
    run_command("seed_demo", "--organizations", "40", "--seed", "2")
    for organization in Organization.objects.filter(is_demo=True):
        second = organization.name.split(" (demo")[0].split(" ", 1)[1]
        assert second in demo.NAME_SECOND[organization.industry], organization.name
    commented = Answer.objects.filter(participant__assessment__organization__is_demo=True).exclude(comment="")
    assert commented.count() >= 20
    for answer in commented.select_related("participant__assessment__organization"):
        language = "ja" if answer.participant.assessment.organization.country == "JP" else "en"
        assert answer.comment in demo.COMMENTS[language][demo._band(float(answer.score))], answer.comment


def test_a_second_seeding_numbers_on(default_bank):
    run_command("seed_demo", "--organizations", "2", "--seed", "1")
    run_command("seed_demo", "--organizations", "2", "--seed", "1")
    names = Organization.objects.filter(is_demo=True).values_list("name", flat=True)
    assert sorted(name.split("(demo ")[1] for name in names) == ["001)", "002)", "003)", "004)"]
