"""Benchmark comparisons: the peer group and its widening, which peers count, and what a comparison costs."""

from decimal import Decimal

import pytest
from django.utils import timezone, translation

from assessments.banks import import_bank
from assessments.services import assessment_start, assessment_submit
from reports.benchmarks import PeerGroup, Profile, Stats, benchmark_for, compare, dimension_signature
from reports.exports import submitted_assessments
from reports.models import PeerScore
from tests.documents import bank_document
from tests.factories import MembershipFactory, add_10000_peers, add_peers, answer_all

D = Decimal


@pytest.fixture(autouse=True)
def exact_figures(settings):
    """These tests pin the statistics of groups of a few peers: exact figures. A small group's figures from
    level bands are tests/reports/test_benchmark_privacy.py's."""
    settings.CXM_BENCHMARK_EXACT_PEERS = 0


def test_the_group_describes_itself_in_the_active_language():
    group = PeerGroup(industry="retail", size_band="250-999", country="JP", n=12)
    assert group.describe() == "Retail and e-commerce · 250–999 employees · Japan"
    with translation.override("ja"):
        assert group.describe() == "小売・EC · 従業員250〜999人 · 日本"
    assert PeerGroup(None, None, None, 40).describe() == "All industries · all sizes · all countries"


# Every test below reaches the database through its fixtures (the one above needs none).


def outcome_of(assessment):
    return benchmark_for(submitted_assessments().get(pk=assessment.pk))


# The peer group and its widening


def test_the_full_group_when_it_has_k_peers(submitted, bank):
    add_peers(bank, [2, 3, 3, 4, 5])
    add_peers(bank, [1, 1, 1], size_band="1-49")  # not needed, so not used
    benchmark = outcome_of(submitted).benchmark
    assert benchmark.group == PeerGroup(industry="retail", size_band="50-249", country="JP", n=5)
    assert benchmark.widened == ()
    # Own overall 3.63 among 2, 3, 3, 4, 5: 3 below → 60.0.
    assert benchmark.overall == Stats(
        n=5, mean=D("3.40"), median=D("3.00"), p25=D("3.00"), p75=D("4.00"), percentile_rank=D("60.0")
    )
    # Own strategy 3.25 and voc 4.00 against the same scores.
    assert benchmark.dimensions["strategy"].percentile_rank == D("60.0")
    assert benchmark.dimensions["voc"].percentile_rank == D("70.0")
    assert list(benchmark.dimensions) == ["strategy", "voc"]
    assert benchmark.widening_note == ""


def test_the_size_band_is_dropped_first(submitted, bank):
    add_peers(bank, [2, 3, 4, 5])
    add_peers(bank, [1], size_band="1-49")
    add_peers(bank, [5, 5, 5, 5, 5], country="US")
    benchmark = outcome_of(submitted).benchmark
    assert benchmark.group == PeerGroup(industry="retail", size_band=None, country="JP", n=5)
    assert benchmark.widened == ("size_band",)
    assert benchmark.overall.median == 3
    assert "every size in the industry and country" in benchmark.widening_note


def test_then_the_country(submitted, bank):
    add_peers(bank, [2, 3], size_band="1-49")
    add_peers(bank, [4, 4, 4], country="US", size_band="5000+")
    add_peers(bank, [1, 1, 1, 1, 1], industry="financial")
    benchmark = outcome_of(submitted).benchmark
    assert benchmark.group == PeerGroup(industry="retail", size_band=None, country=None, n=5)
    assert benchmark.widened == ("size_band", "country")
    assert benchmark.overall.median == 4
    assert "every size and country in the industry" in benchmark.widening_note


def test_then_the_industry(submitted, bank):
    add_peers(bank, [2, 3])
    add_peers(bank, [4, 4, 4], industry="financial", country="US")
    benchmark = outcome_of(submitted).benchmark
    assert benchmark.group == PeerGroup(industry=None, size_band=None, country=None, n=5)
    assert benchmark.widened == ("size_band", "country", "industry")
    assert benchmark.group.describe() == "All industries · all sizes · all countries"
    assert "every organization with a result on this question bank" in benchmark.widening_note


def test_fewer_than_k_peers_overall_gives_only_the_reason(submitted, bank):
    add_peers(bank, [2, 3, 4, 5], industry="financial")
    outcome = outcome_of(submitted)
    assert outcome.benchmark is None
    assert outcome.reason.startswith("Fewer than 5 other organizations have submitted results")


def test_k_comes_from_the_settings(submitted, bank, settings):
    settings.CXM_BENCHMARK_MIN_PEERS = 2
    add_peers(bank, [2, 3])
    assert outcome_of(submitted).benchmark.group.n == 2


def test_the_organization_itself_is_not_its_own_peer(submitted, bank, member):
    add_peers(bank, [2, 3, 4, 5])
    assert PeerScore.objects.filter(organization=member.organization).exists()
    assert outcome_of(submitted).benchmark is None


def test_only_the_latest_result_of_a_peer_counts(submitted, bank):
    (peer,) = add_peers(bank, [1])
    add_peers(bank, [2, 3, 4, 5])
    MembershipFactory(organization=peer, user__email_verified_at=timezone.now())  # it stays a verified peer
    # The peer submits again with real answers: its row now holds 3.63, not 1.
    again = assessment_start(organization=peer, bank=bank)
    answer_all(again.participants.get(), bank)
    assessment_submit(assessment=again)
    benchmark = outcome_of(submitted).benchmark
    assert benchmark.group.n == 5
    assert benchmark.overall.p25 == 3 and benchmark.overall.median == D("3.63")


def test_a_bank_version_with_other_dimension_codes_is_not_comparable(submitted, bank):
    add_peers(bank, [2, 3, 4, 5, 5], signature=dimension_signature(["strategy", "voc", "people"]))
    assert outcome_of(submitted).benchmark is None


def test_another_version_with_the_same_dimension_codes_is_comparable(submitted, bank):
    newer = import_bank(bank_document(version="1.1"))
    add_peers(newer, [2, 3, 4, 5, 5])
    assert outcome_of(submitted).benchmark.group.n == 5


def test_a_dimension_that_fewer_than_k_peers_scored_is_not_compared(submitted, bank):
    add_peers(bank, [2, 3, 4], dimensions={"voc": None})
    add_peers(bank, [2, 3])
    benchmark = outcome_of(submitted).benchmark
    assert benchmark.dimensions["voc"] is None
    assert benchmark.dimensions["strategy"].n == 5


def test_demonstration_data_in_the_group_is_flagged(submitted, bank):
    add_peers(bank, [2, 3, 4, 5])
    assert outcome_of(submitted).benchmark is None
    add_peers(bank, [3], is_demo=True)
    assert outcome_of(submitted).benchmark.demo is True


def test_a_group_without_demonstration_data_is_not_flagged(submitted, bank):
    add_peers(bank, [2, 3, 4, 5, 5])
    add_peers(bank, [3], is_demo=True, industry="financial")  # outside the group
    assert outcome_of(submitted).benchmark.demo is False


def test_an_assessment_in_progress_has_only_a_reason(assessment):
    outcome = benchmark_for(assessment)
    assert outcome.benchmark is None and "not submitted" in outcome.reason


# Queries: the same whatever the number of peers


def test_a_benchmark_costs_two_queries_whatever_the_number_of_peers(
    submitted, bank, django_assert_num_queries
):
    add_peers(bank, [D(100 + n * 37 % 400) / 100 for n in range(1000)])
    # 1 the group sizes of the four widening steps (with their demo counts), 2 the histogram of the group.
    with django_assert_num_queries(2):
        outcome = benchmark_for(
            submitted,
            dimension_scores={"strategy": D("3.25"), "voc": D("4.00")},
            level_floors=[D("1.0"), D("1.8"), D("2.6"), D("3.4"), D("4.2")],
        )
    assert outcome.benchmark.group.n == 1000
    # Without the dimension scores and the levels at hand: the assessment's dimension results and the bank's
    # levels (the level bands of a small group) first.
    with django_assert_num_queries(4):
        benchmark_for(submitted)


def test_10000_peers_cost_two_queries_in_the_full_group_and_widened_to_all(
    bank, default_bank, django_assert_num_queries
):
    # How long this takes is measured by scripts/benchmark_peers.py, not asserted here.
    add_10000_peers(default_bank, other_bank=bank)
    codes = tuple(default_bank.dimensions.order_by("order").values_list("code", flat=True))
    scores = dict.fromkeys(codes, D("2.75"))
    for industry, country, size_band, peers in [
        ("retail", "JP", "50-249", 2_000),  # the full group
        ("other", "FR", "5000+", 10_000),  # widened to every peer on the bank
    ]:
        profile = Profile(default_bank.slug, codes, industry, size_band, country)
        # 1 the group sizes of the four widening steps, 2 the histogram of the chosen group.
        with django_assert_num_queries(2):
            outcome = compare(profile, D("2.75"), scores)
        assert len(outcome.benchmark.dimensions) == 8
        assert outcome.benchmark.group.n == peers
    assert outcome.benchmark.group.n == 10_000 and outcome.benchmark.overall.n == 10_000
