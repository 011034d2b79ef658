"""The public sample results: the page, its scores, its benchmark against demonstration peers, its metrics."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from reports.sample import sample_bank, sample_metrics, sample_results
from tests.factories import add_peers


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_the_sample_works_anonymously_and_writes_nothing(client, default_bank, django_assert_num_queries):
    before = row_counts()
    # 1 published banks (the latest version is chosen in Python), 2 levels, 3 dimensions, 4 questions,
    # 5 their options, 6 recommendations with questions, 7 the demonstration peer group sizes (none here, so
    # no histogram). Nothing else, and no write.
    with django_assert_num_queries(7):
        response = client.get(reverse("sample_results"))
    assert response.status_code == 200
    assert row_counts() == before
    html = response.content.decode()
    assert "Sample Corporation" in html
    assert "This is a sample report" in html
    assert reverse("signup") in html
    assert 'action="' + "/results/" not in html  # no target form
    assert "/result.json" not in html  # no download of a stored result
    assert reverse("sample_pdf") in html
    results = response.context["results"]
    assert results.is_sample and len(results.dimensions) == 8
    assert results.level is not None and results.plan
    assert any(answer.not_applicable for group in results.answers for answer in group.answers)
    assert any(answer.comment for group in results.answers for answer in group.answers)
    assert results.previous_date is not None


def test_the_sample_is_the_same_every_time(default_bank):
    first, second = sample_results(sample_bank()), sample_results(sample_bank())
    assert first == second


def test_the_sample_in_japanese(client, default_bank):
    html = client.get(reverse("sample_results"), headers={"accept-language": "ja"}).content.decode()
    assert "サンプル株式会社" in html
    assert "CX戦略とリーダーシップ" in html
    assert "初期" in html or "発展" in html or "定義" in html


def test_the_sample_without_any_published_bank_is_a_friendly_404(client, db):
    response = client.get(reverse("sample_results"))
    assert response.status_code == 404
    assert "No question bank is published yet" in response.content.decode()


def test_scores_of_the_sample_follow_the_scoring_rules(default_bank):
    with translation.override("en"):
        results = sample_results(default_bank)
    defined = [dimension for dimension in results.dimensions if dimension.defined]
    weights = sum(d.weight for d in defined)
    overall = sum(d.weight * d.score for d in defined) / weights
    # The overall score is computed from unrounded dimension scores; the rounded ones are within 0.01.
    assert abs(overall - results.score) <= Decimal("0.01")
    assert 2 <= results.level.level <= 3  # a mid-maturity organization


# The sample's benchmark


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


# The sample's metrics


def test_sample_metrics_need_no_database():
    values = {metric.code: metric for metric in sample_metrics()}
    assert [metric.code for metric in sample_metrics()] == ["nps", "csat", "ces"]
    # NPS: 40 promoters and 70 detractors of 200; CSAT: 152 of 240; CES: 957 points from 200 answers.
    assert (values["nps"].display, values["nps"].responses) == ("\u221215", 200)
    assert (values["csat"].display, values["csat"].responses) == ("63.3 %", 240)
    assert (values["ces"].display, values["ces"].responses) == ("4.79 / 7", 200)


@pytest.mark.django_db
def test_the_public_sample_page_shows_the_sample_metrics(client, default_bank):
    html = client.get(reverse("sample_results")).content.decode()
    panel = html[html.index('id="metrics"') :]
    assert "63.3 %" in panel
    assert "/metrics/" not in panel[: panel.index("</section>")]
