"""Benchmark privacy: only verified organizations are peers, organizations on one e-mail domain count once,
and a small group's figures come from level bands, so that signing up organizations around a target and
submitting extreme scores does not reveal the target's score to better than its level band."""

from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from assessments.models import Membership
from reports.benchmarks import Profile, compare, dimension_signature, email_domain, statistics
from reports.benchmarks.stats import band_middle
from reports.models import PeerScore
from tests.factories import (
    ClientFactory,
    ConsultantFactory,
    MembershipFactory,
    OrganizationFactory,
    add_peers,
    at_level,
    submit,
)

pytestmark = pytest.mark.django_db

D = Decimal
FLOORS = (D("1.0"), D("1.8"), D("2.6"), D("3.4"), D("4.2"))  # the test bank's levels, as the default bank's

# The attack of issue 11: four organizations with the target's industry, size and country submit extreme
# scores, and a fifth of the attacker's reads the benchmark.
EXTREMES = [D("1.00"), D("1.00"), D("5.00"), D("5.00")]
LEVEL_3 = [D("2.60"), D("2.75"), D("3.00"), D("3.21"), D("3.39")]  # scores the target may have: level 3
READER_SCORES = [D("1.00"), D("2.20"), D("2.60"), D("2.99"), D("3.00"), D("3.39"), D("3.40"), D("5.00")]


def profile(bank, organization, **overrides) -> Profile:
    codes = tuple(bank.dimensions.values_list("code", flat=True))
    fields = {"industry": "retail", "size_band": "50-249", "country": "JP", "level_floors": FLOORS}
    return Profile(
        bank_slug=bank.slug, dimension_codes=codes, organization_id=organization.pk, **(fields | overrides)
    )


def seen_by_attacker(bank, target_score):
    """Everything the attacker's organizations read from their benchmarks, whatever score the reader gives:
    one comparison per attacker organization and reader score."""
    PeerScore.objects.all().delete()
    add_peers(bank, [target_score])
    attackers = add_peers(bank, EXTREMES)
    reader = add_peers(bank, [D("3.00")])[0]
    codes = list(bank.dimensions.values_list("code", flat=True))
    seen = []
    for organization, own in [*zip(attackers, EXTREMES, strict=True), *((reader, s) for s in READER_SCORES)]:
        outcome = compare(profile(bank, organization), own, dict.fromkeys(codes, own))
        seen.append(outcome.benchmark)
    return seen


def test_the_attack_worked_with_exact_figures(bank):
    """Without the level bands, the reader's median is the target's exact score: the attack is real."""
    with override_settings(CXM_BENCHMARK_EXACT_PEERS=0):
        for target in LEVEL_3:
            benchmark = seen_by_attacker(bank, target)[-1]
            assert benchmark.group.n == 5
            assert benchmark.overall.median == target


def test_the_attack_reveals_no_more_than_the_targets_level_band(bank):
    seen = [seen_by_attacker(bank, target) for target in LEVEL_3]
    assert all(benchmark is not None for benchmark in seen[0])
    # Every figure every attacker organization sees is the same wherever the target's score lies in its band:
    # median, quartiles, mean, the reader's percentile rank for any score it submits, n.
    for other in seen[1:]:
        assert other == seen[0]
    reader = seen[0][len(EXTREMES)]
    assert reader.overall.banded and reader.overall.median == D("3.00")  # the middle of level 3: 2.6–3.4
    assert reader.banded


def test_a_target_in_another_band_shows_another_band(bank):
    """The band is what a small group shows; the test above is not passing because nothing is shown."""
    assert seen_by_attacker(bank, D("2.00"))[-1].overall.median == D("2.20")


def test_small_group_figures_are_level_band_middles_and_large_groups_exact():
    histogram = [(D("2.61"), 2), (D("3.30"), 3), (D("4.90"), 1)]
    banded = statistics(histogram, D("3.10"), floors=FLOORS)
    assert (banded.p25, banded.median, banded.p75) == (D("3.00"), D("3.00"), D("3.00"))
    assert banded.mean == D("3.27")  # (5 × 3.0 + 4.6) / 6
    assert banded.percentile_rank == D("41.7")  # own 3.10 is level 3 as well: ties count half
    assert banded.banded
    exact = statistics(histogram, D("3.10"))
    assert (exact.median, exact.banded) == (D("3.30"), False)


@pytest.mark.parametrize(
    ("score", "middle"),
    [("1.00", "1.4"), ("1.79", "1.4"), ("1.80", "2.2"), ("3.39", "3.0"), ("4.20", "4.6"), ("5.00", "4.6")],
)
def test_a_score_stands_for_the_middle_of_its_level_band(score, middle):
    assert band_middle(D(score), FLOORS) == D(middle)


@pytest.mark.parametrize(("n", "banded"), [(5, True), (9, True), (10, False)])
def test_groups_under_the_exact_threshold_are_banded(bank, n, banded):
    organization = OrganizationFactory()
    add_peers(bank, [D("3.10")] * n)
    codes = list(bank.dimensions.values_list("code", flat=True))
    outcome = compare(profile(bank, organization), D("3"), dict.fromkeys(codes, D("3")))
    assert outcome.benchmark.overall.banded is banded
    assert outcome.benchmark.overall.median == (D("3.00") if banded else D("3.10"))


def test_the_results_page_says_the_figures_are_banded(member_client, submitted, bank):
    add_peers(bank, [D("2.10"), D("2.50"), D("3.00"), D("3.50"), D("4.00")])
    body = member_client.get(reverse("results", args=[submitted.public_id])).content.decode()
    assert "worked out from the middle of each peer&#x27;s maturity level band" in body
    assert "≈" in body
    japanese = member_client.get(
        reverse("results", args=[submitted.public_id]), headers={"accept-language": "ja"}
    ).content.decode()
    assert "レベル帯" in japanese


def test_the_result_document_says_the_figures_are_banded(member_client, submitted, bank):
    add_peers(bank, [D("2.10"), D("2.50"), D("3.00"), D("3.50"), D("4.00")])
    document = member_client.get(reverse("results_json", args=[submitted.public_id])).json()
    assert document["benchmark"]["overall"]["banded"] is True
    assert document["benchmark"]["overall"]["median"] == 3.0


# Who counts: the rule of reports.benchmarks.standing, kept up by the aggregate.


def counted(organization) -> bool | None:
    row = PeerScore.objects.filter(organization=organization, key=PeerScore.OVERALL).first()
    return row.counted if row else None


def member_at(email, *, verified=True, organization=None):
    extra = {"organization": organization} if organization else {}
    return MembershipFactory(
        user__email=email, user__email_verified_at=timezone.now() if verified else None, **extra
    )


def test_an_organization_counts_once_a_member_confirms_their_address(bank, client):
    membership = member_at("aiko@aozora.example", verified=False)
    submit(membership.organization, bank, at_level(3))
    assert counted(membership.organization) is False
    from assessments.accounts import email_verification_token

    client.get(reverse("verify_email", args=[email_verification_token(membership.user)]))
    assert counted(membership.organization) is True


def test_an_organization_stops_counting_when_its_only_confirmed_member_leaves(bank):
    membership = member_at("aiko@aozora.example")
    MembershipFactory(organization=membership.organization, role=Membership.Role.MEMBER)  # unconfirmed
    submit(membership.organization, bank, at_level(3))
    assert counted(membership.organization) is True
    membership.delete()
    assert counted(membership.organization) is False


def test_organizations_on_one_domain_count_once_the_latest(bank):
    first = member_at("a@bigcorp.example").organization
    second = member_at("b@BigCorp.example").organization
    elsewhere = member_at("c@other.example").organization
    submit(first, bank, at_level(2), days_ago=3)
    submit(second, bank, at_level(4), days_ago=1)
    submit(elsewhere, bank, at_level(3))
    assert (counted(first), counted(second), counted(elsewhere)) == (False, True, True)
    domains = PeerScore.objects.filter(organization__in=[first, second]).values_list("domain", flat=True)
    assert set(domains) == {"bigcorp.example"}
    # The first submits again: now it is the domain's latest.
    submit(first, bank, at_level(2))
    assert (counted(first), counted(second)) == (True, False)


def test_attackers_on_one_domain_are_one_peer(bank):
    target = member_at("cx@target.example").organization
    submit(target, bank, at_level(3))
    attackers = [member_at(f"x{n}@attacker.example").organization for n in range(5)]
    for organization, level in zip(attackers, [1, 1, 5, 5, 3], strict=True):
        submit(organization, bank, at_level(level))
    assert PeerScore.objects.filter(key=PeerScore.OVERALL, counted=True).count() == 2
    codes = list(bank.dimensions.values_list("code", flat=True))
    outcome = compare(profile(bank, attackers[-1]), D("3"), dict.fromkeys(codes, D("3")))
    assert outcome.benchmark is None  # two peers: no comparison at all


def test_webmail_addresses_are_no_shared_domain(bank):
    first = member_at("a@gmail.com").organization
    second = member_at("b@GMAIL.com").organization
    for organization in (first, second):
        submit(organization, bank, at_level(3))
    assert (counted(first), counted(second)) == (True, True)
    assert email_domain("someone@Yahoo.co.jp") == "" and email_domain("a@aozora.co.jp") == "aozora.co.jp"


def test_a_consultancys_client_counts_once_a_consultant_confirms_their_address(bank, client):
    consultant = ConsultantFactory()
    organization = ClientFactory(consultancy=consultant.consultancy)
    submit(organization, bank, at_level(3))
    assert counted(organization) is False
    from assessments.accounts import email_verify

    email_verify(user=consultant.user)
    assert counted(organization) is True


def test_demonstration_organizations_stay_demonstration_peers(bank):
    organization = OrganizationFactory(is_demo=True)
    submit(organization, bank, at_level(3))
    assert counted(organization) is True


def test_unverified_peers_are_left_out_of_the_group(bank):
    organization = OrganizationFactory()
    add_peers(bank, [D("3")] * 4)
    add_peers(bank, [D("1")] * 20, counted=False)
    codes = list(bank.dimensions.values_list("code", flat=True))
    outcome = compare(profile(bank, organization), D("3"), dict.fromkeys(codes, D("3")))
    assert outcome.benchmark is None
    assert PeerScore.objects.filter(signature=dimension_signature(codes)).count() > 0
