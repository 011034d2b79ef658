"""The benchmark where a result is shown: the result JSON, the results page and the peer charts."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from reports import charts
from reports.benchmarks import Benchmark, PeerGroup, Stats
from reports.exports import result_document
from reports.results import results_charts
from reports.sample import sample_results
from tests.factories import MembershipFactory, add_peers

D = Decimal


@pytest.fixture(autouse=True)
def exact_figures(settings):
    """These tests pin the statistics of groups of a few peers: exact figures. A small group's figures from
    level bands are tests/reports/test_benchmark_privacy.py's."""
    settings.CXM_BENCHMARK_EXACT_PEERS = 0


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
        "overall": {
            "n": 5,
            "mean": 3.4,
            "median": 3.0,
            "p25": 3.0,
            "p75": 4.0,
            "percentile_rank": 60.0,
            "banded": False,
        },
        "dimensions": {
            "strategy": {
                "n": 5,
                "mean": 3.4,
                "median": 3.0,
                "p25": 3.0,
                "p75": 4.0,
                "percentile_rank": 60.0,
                "banded": False,
            },
            "voc": {
                "n": 5,
                "mean": 3.4,
                "median": 3.0,
                "p25": 3.0,
                "p75": 4.0,
                "percentile_rank": 70.0,
                "banded": False,
            },
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
    # dimensions, 5 levels, 6 answers with questions and participants, 7 the answers' options, 8 the evidence
    # files, 9 recommendations with questions, 10 the previous assessment's dimension results, 11 the peer
    # group sizes of the four widening steps, 12 the group's histogram.
    with django_assert_num_queries(12) as captured:
        response = client.get(results_url(submitted))
    assert response.context["benchmark"].benchmark.group.n == peers
    assert peer_score_queries(captured) == 2


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
