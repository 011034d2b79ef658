"""The maintained PeerScore aggregate: what a submission stores, the rebuild, demo data, profile changes."""

from datetime import timedelta
from decimal import Decimal

from django.core.management import call_command

from assessments.models import Assessment, Organization
from assessments.services import assessment_start, assessment_submit
from reports.benchmarks import dimension_signature, peer_scores_rebuild, peer_scores_refresh
from reports.models import PeerScore
from tests.factories import OrganizationFactory, answer_all

D = Decimal


def test_a_submission_stores_the_latest_scores_of_its_organization(submitted, member):
    rows = {row.key: row for row in PeerScore.objects.filter(organization=member.organization)}
    assert {key: row.score for key, row in rows.items()} == {
        "": D("3.63"),
        "strategy": D("3.25"),
        "voc": D("4.00"),
    }
    row = rows[""]
    assert (row.assessment_id, row.bank_slug, row.industry, row.size_band, row.country, row.is_demo) == (
        submitted.pk,
        "test-bank",
        "retail",
        "50-249",
        "JP",
        False,
    )
    assert row.signature == dimension_signature(["voc", "strategy"])
    assert row.submitted_at == submitted.submitted_at


def test_an_undefined_dimension_is_not_stored(submitted_with_an_undefined_dimension):
    assert dict(PeerScore.objects.values_list("key", "score")) == {"": D("2.00"), "a": D("2.00")}


def test_only_the_latest_assessment_per_organization_counts(submitted, member, bank, participant):
    again = assessment_start(organization=member.organization, bank=bank)
    answer_all(again.participants.get(), bank)
    assessment_submit(assessment=again)
    assert set(PeerScore.objects.values_list("assessment_id", flat=True)) == {again.pk}
    assert PeerScore.objects.filter(organization=member.organization).count() == 3

    # The latest is chosen by submission date, whichever was submitted last.
    Assessment.objects.filter(pk=again.pk).update(submitted_at=submitted.submitted_at - timedelta(days=30))
    peer_scores_refresh(organization_id=member.organization.pk, bank_slug=bank.slug)
    assert set(PeerScore.objects.values_list("assessment_id", flat=True)) == {submitted.pk}


def test_the_rebuild_gives_what_submissions_maintained(submitted, bank):
    for organization in [OrganizationFactory(), OrganizationFactory(country="US"), submitted.organization]:
        again = assessment_start(organization=organization, bank=bank)
        answer_all(again.participants.get(), bank)
        assessment_submit(assessment=again)
    fields = ("organization_id", "assessment_id", "bank_slug", "signature", "key", "score", "country")
    maintained = sorted(PeerScore.objects.values_list(*fields))
    assert len(maintained) == 3 * 3
    PeerScore.objects.all().delete()
    assert peer_scores_rebuild() == len(maintained)
    assert sorted(PeerScore.objects.values_list(*fields)) == maintained


def test_the_command_rebuilds_and_says_how_many_rows(submitted, capsys):
    PeerScore.objects.all().delete()
    call_command("refresh_peer_scores")
    assert "3 rows" in capsys.readouterr().out
    assert PeerScore.objects.count() == 3


def test_after_seed_demo_every_demo_organization_has_exactly_its_latest_assessment(default_bank):
    call_command("seed_demo", organizations=15, seed=1)
    demo = Organization.objects.filter(is_demo=True)
    assert demo.count() == 15
    retook = 0
    for organization in demo:
        assessments = list(organization.assessments.submitted().order_by("-submitted_at"))
        retook += len(assessments) > 1
        latest = assessments[0]
        rows = PeerScore.objects.filter(organization=organization)
        assert {row.assessment_id for row in rows} == {latest.pk}
        assert {row.submitted_at for row in rows} == {latest.submitted_at}
        assert rows.count() == 1 + latest.result.dimensions.filter(score__isnull=False).count()
        assert all(row.is_demo for row in rows)
    assert retook  # the seed has organizations that retook the assessment a year later


def test_purging_demo_data_removes_its_peer_scores(default_bank, submitted):
    call_command("seed_demo", organizations=3, seed=2)
    call_command("seed_demo", purge=True)
    assert not PeerScore.objects.filter(is_demo=True).exists()
    assert PeerScore.objects.count() == 3  # the member's own


def test_an_organization_profile_change_reaches_its_peer_scores(submitted, member):
    organization = member.organization
    organization.industry, organization.country = "financial", "US"
    organization.save()
    assert set(PeerScore.objects.values_list("industry", "country")) == {("financial", "US")}
