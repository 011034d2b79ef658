"""Benchmarks: pure statistics, the maintained peer scores, the widening peer group, the page and the JSON."""

import json
import statistics as py_statistics
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from assessments.banks import import_bank
from assessments.models import Assessment, Organization
from assessments.services import assessment_start, assessment_submit
from reports import charts
from reports.benchmarks import (
    Benchmark,
    PeerGroup,
    Profile,
    Stats,
    benchmark_for,
    compare,
    dimension_signature,
    mean,
    peer_scores_rebuild,
    peer_scores_refresh,
    percentile_rank,
    quantile,
    statistics,
)
from reports.exports import result_document, submitted_assessments
from reports.models import PeerScore
from reports.results import results_charts
from reports.sample import sample_results
from tests.documents import bank_document
from tests.factories import MembershipFactory, OrganizationFactory, add_10000_peers, add_peers, answer_all

D = Decimal


def histogram(*scores) -> list[tuple[Decimal, int]]:
    counts: dict[Decimal, int] = {}
    for score in scores:
        counts[D(str(score))] = counts.get(D(str(score)), 0) + 1
    return sorted(counts.items())


# The statistics, on plain data


def test_quartiles_interpolate_between_order_statistics():
    # 1 2 3 4: positions (n − 1)·p = 0.75, 1.5, 2.25.
    data = histogram(1, 2, 3, 4)
    assert quantile(data, D("0.25")) == D("1.75")
    assert quantile(data, D("0.5")) == D("2.5")
    assert quantile(data, D("0.75")) == D("3.25")


def test_the_median_of_an_odd_count_is_the_middle_score():
    data = histogram(5, 1, 4, 2, 3)
    assert quantile(data, D("0.5")) == 3
    assert quantile(data, D("0.25")) == 2
    assert quantile(data, D("0.75")) == 4


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert quantile(histogram("2.10", "2.20", "3.40", "4.00"), D("0.5")) == D("2.80")


def test_one_peer_is_every_quantile():
    data = histogram("3.00")
    assert [quantile(data, p) for p in (D("0.25"), D("0.5"), D("0.75"))] == [3, 3, 3]
    assert percentile_rank(data, D("3.00")) == 50
    assert percentile_rank(data, D("2.99")) == 0
    assert percentile_rank(data, D("3.01")) == 100


def test_two_peers():
    data = histogram(2, 4)
    assert quantile(data, D("0.25")) == D("2.5")
    assert quantile(data, D("0.5")) == 3
    assert quantile(data, D("0.75")) == D("3.5")
    assert mean(data) == 3


def test_ties_count_half_in_the_percentile_rank():
    # Own 3.00 among 2, 3, 3, 4: (1 below + ½ × 2 equal) ÷ 4 = 50 %.
    data = histogram(2, 3, 3, 4)
    assert percentile_rank(data, D("3.00")) == 50
    assert quantile(data, D("0.25")) == D("2.75")
    assert quantile(data, D("0.5")) == 3
    assert quantile(data, D("0.75")) == D("3.25")


def test_statistics_round_half_up_for_display():
    # Mean 1.005 → 1.01 (half up, not to even); rank of 1.00: ½ ÷ 2 = 25.0; p25 = 1.0025 → 1.00.
    stats = statistics(histogram("1.00", "1.01"), D("1.00"))
    assert stats == Stats(
        n=2, mean=D("1.01"), median=D("1.01"), p25=D("1.00"), p75=D("1.01"), percentile_rank=D("25.0")
    )
    # (2 below + ½) ÷ 3 = 83.333… → 83.3
    assert statistics(histogram(1, 2, 3), D(3)).percentile_rank == D("83.3")


def test_an_undefined_own_score_has_no_rank():
    assert statistics(histogram(1, 2), None).percentile_rank is None


def test_an_empty_histogram_has_no_statistics():
    with pytest.raises(ValueError):
        quantile([], D("0.5"))
    with pytest.raises(ValueError):
        mean([])


scores = st.integers(min_value=100, max_value=500).map(lambda cents: D(cents) / 100)


@given(st.lists(scores, min_size=2, max_size=60))
def test_quartiles_agree_with_python_inclusive_quantiles(values):
    p25, median, p75 = py_statistics.quantiles(values, n=4, method="inclusive")
    data = histogram(*values)
    assert quantile(data, D("0.25")) == p25
    assert quantile(data, D("0.5")) == median
    assert quantile(data, D("0.75")) == p75


@given(st.lists(scores, min_size=1, max_size=60), scores)
def test_the_percentile_rank_stays_between_0_and_100(values, own):
    rank = percentile_rank(histogram(*values), own)
    assert 0 <= rank <= 100


def test_the_group_describes_itself_in_the_active_language():
    group = PeerGroup(industry="retail", size_band="250-999", country="JP", n=12)
    assert group.describe() == "Retail and e-commerce · 250–999 employees · Japan"
    with translation.override("ja"):
        assert group.describe() == "小売・EC · 従業員250〜999人 · 日本"
    assert PeerGroup(None, None, None, 40).describe() == "All industries · all sizes · all countries"


# Every test below reaches the database through its fixtures (the ones above need none).


def outcome_of(assessment):
    return benchmark_for(submitted_assessments().get(pk=assessment.pk))


# The maintained aggregate


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


# The result JSON


def test_the_json_has_the_benchmark_block(submitted, bank):
    add_peers(bank, [2, 3, 4, 5])
    add_peers(bank, [3], size_band="1-49", is_demo=True)
    document = json.loads(json.dumps(result_document(submitted)))
    assert document["benchmark"] == {
        "group": {"industry": "retail", "size": None, "country": "JP"},
        "n": 5,
        "widened": ["size_band"],
        "demo": True,
        "overall": {"n": 5, "mean": 3.4, "median": 3.0, "p25": 3.0, "p75": 4.0, "percentile_rank": 60.0},
        "dimensions": {
            "strategy": {"n": 5, "mean": 3.4, "median": 3.0, "p25": 3.0, "p75": 4.0, "percentile_rank": 60.0},
            "voc": {"n": 5, "mean": 3.4, "median": 3.0, "p25": 3.0, "p75": 4.0, "percentile_rank": 70.0},
        },
    }
    assert document["benchmark_reason"] is None


def test_without_a_comparison_the_json_has_null_and_the_reason_in_english(submitted):
    with translation.override("ja"):
        document = result_document(submitted)
    assert document["benchmark"] is None
    assert document["benchmark_reason"].startswith("Fewer than 5 other organizations")


def test_the_json_download_has_the_benchmark(client, member, submitted, bank):
    add_peers(bank, [2, 3, 4, 5, 5])
    client.force_login(member.user)
    document = json.loads(client.get(reverse("results_json", args=[submitted.public_id])).content)
    assert document["benchmark"]["n"] == 5


# The results page


def results_url(assessment):
    return reverse("results", args=[assessment.public_id])


def test_access_is_unchanged(client, submitted, bank):
    add_peers(bank, [2, 3, 4, 5, 5])
    response = client.get(results_url(submitted))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(MembershipFactory().user)
    assert client.get(results_url(submitted)).status_code == 404
    client.force_login(submitted.organization.memberships.get().user)
    response = client.get(results_url(submitted))
    assert response.status_code == 200
    assert "Compared with your peers" in response.content.decode()


def test_the_page_names_the_group_and_shows_the_statistics(client, member, submitted, bank):
    add_peers(bank, [2, 3, 4, 5])
    add_peers(bank, [3], size_band="1-49")
    client.force_login(member.user)
    response = client.get(results_url(submitted))
    html = response.content.decode()
    assert response.context["benchmark"].benchmark.group.n == 5
    assert "Retail and e-commerce · all sizes · Japan" in html
    assert "Compared with 5 peers as of today" in html
    assert "so the group holds every size in the industry and country" in html
    assert "Includes demonstration data" not in html
    # The peer chart, its text alternative and the table: n, median, middle half, own score and rank.
    assert 'id="peers-title"' in html and 'data-box="strategy"' in html and 'data-own="overall"' in html
    assert "Strategy: your score 3.25; peer median 3.00, middle half from 3.00 to 4.00 (5 peers)" in html
    table = html[html.index('class="table align-middle benchmark-table') :]
    assert "3.00–4.00" in table and "60.0" in table and "70.0" in table
    # The radar gains the peer median, grey and dotted.
    assert 'data-series="peer-median"' in html and "Peer median" in html


def test_the_page_discloses_demonstration_data(client, member, submitted, bank):
    add_peers(bank, [2, 3, 4, 5, 5], is_demo=True)
    client.force_login(member.user)
    assert "Includes demonstration data." in client.get(results_url(submitted)).content.decode()


def test_without_a_comparison_the_page_gives_the_reason(client, member, submitted, bank):
    add_peers(bank, [2, 3])
    client.force_login(member.user)
    html = client.get(results_url(submitted)).content.decode()
    assert "Compared with your peers" in html
    assert "Fewer than 5 other organizations have submitted results on this question bank" in html
    assert 'data-series="peer-median"' not in html and 'id="peers-title"' not in html


def test_a_dimension_without_enough_peers_says_so(client, member, submitted, bank):
    add_peers(bank, [2, 3, 4], dimensions={"voc": None})
    add_peers(bank, [2, 3])
    client.force_login(member.user)
    html = client.get(results_url(submitted)).content.decode()
    assert html.count("Too few peers with a score") >= 2  # in the chart and in the table


def test_a_japanese_request_shows_the_group_in_japanese(client, member, submitted, bank):
    add_peers(bank, [2, 3, 4, 5, 5])
    client.force_login(member.user)
    html = client.get(results_url(submitted), headers={"accept-language": "ja"}).content.decode()
    assert "小売・EC · 従業員50〜249人 · 日本" in html
    assert "Strategy（日本語）" in html  # the bank's own texts in Japanese


def peer_score_queries(context) -> int:
    return sum("reports_peerscore" in query["sql"] for query in context.captured_queries)


@pytest.mark.parametrize("peers", [10, 1000])
def test_the_page_costs_the_same_queries_for_10_and_1000_peers(
    client, member, submitted, bank, django_assert_num_queries, peers
):
    client.force_login(member.user)
    add_peers(bank, [D(100 + n * 37 % 400) / 100 for n in range(peers)])
    # 1 session, 2 user, 3 the assessment with organization, bank, result, metrics, 4 dimension results with
    # dimensions, 5 levels, 6 answers with questions and participants, 7 the answers' options,
    # 8 recommendations with questions, 9 the previous assessment's dimension results, 10 the peer group sizes
    # of the four widening steps, 11 the group's histogram.
    with django_assert_num_queries(11) as captured:
        response = client.get(results_url(submitted))
    assert response.context["benchmark"].benchmark.group.n == peers
    assert peer_score_queries(captured) == 2


def test_a_benchmark_costs_two_queries_whatever_the_number_of_peers(
    submitted, bank, django_assert_num_queries
):
    add_peers(bank, [D(100 + n * 37 % 400) / 100 for n in range(1000)])
    # 1 the group sizes of the four widening steps (with their demo counts), 2 the histogram of the group.
    with django_assert_num_queries(2):
        outcome = benchmark_for(submitted, dimension_scores={"strategy": D("3.25"), "voc": D("4.00")})
    assert outcome.benchmark.group.n == 1000
    # Without the dimension scores at hand: 1 the assessment's dimension results first.
    with django_assert_num_queries(3):
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


# The public sample


def test_the_sample_compares_with_demonstration_peers(client, default_bank):
    call_command("seed_demo", organizations=8, seed=5)
    # Real organizations with the sample's own profile are never its peers.
    add_peers(default_bank, [1] * 5, industry="retail", size_band="250-999", country="JP")
    response = client.get(reverse("sample_results"))
    benchmark = response.context["benchmark"].benchmark
    assert 5 <= benchmark.group.n <= 8 and benchmark.demo and benchmark.widened
    assert benchmark.overall.p25 > 1
    html = response.content.decode()
    assert "Includes demonstration data." in html
    assert f"Compared with {benchmark.group.n} peers as of today" in html


def test_the_sample_without_enough_demonstration_peers_gives_the_reason(client, default_bank):
    html = client.get(reverse("sample_results")).content.decode()
    assert "The sample is compared with demonstration organizations only" in html


# Charts


def test_the_peer_chart_draws_box_median_and_own_score():
    levels = [charts.ChartLevel(n, score) for n, score in enumerate([D(1), D("1.8"), D("2.6"), D("3.4")], 1)]
    svg = charts.peer_chart(
        [
            charts.ChartPeerRow("a", "Alpha", D("3.00"), D("2.00"), D("2.50"), D("3.50"), 9),
            charts.ChartPeerRow("b", "Beta", None),
        ],
        levels,
    )
    assert 'data-box="a"' in svg and 'data-median="a"' in svg and 'data-own="a"' in svg
    assert 'data-box="b"' not in svg and 'data-own="b"' not in svg
    assert "Too few peers with a score" in svg
    assert "Alpha: your score 3.00; peer median 2.50, middle half from 2.00 to 3.50 (9 peers)" in svg
    assert "Beta: your score not enough answers; too few peers with a score" in svg


def test_the_radar_has_a_peer_median_series_only_with_a_benchmark(default_bank):
    results = sample_results(default_bank)
    assert 'data-series="peer-median"' not in results_charts(results)["radar"]
    codes = [dimension.code for dimension in results.dimensions]
    stats = Stats(n=5, mean=D(3), median=D(3), p25=D(2), p75=D(4), percentile_rank=D(50))
    benchmark = Benchmark(
        group=PeerGroup(None, None, None, 5),
        demo=False,
        overall=stats,
        dimensions={code: stats for code in codes},
        widened=(),
    )
    drawn = results_charts(results, benchmark)
    assert 'data-series="peer-median"' in drawn["radar"] and "Peer median" in drawn["radar"]
    assert drawn["peers"].count("data-box=") == len(codes) + 1  # the overall score first
