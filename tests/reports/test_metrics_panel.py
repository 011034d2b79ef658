"""CX metrics as stored: the model's invariants, ``metrics_for`` and the panel beside a result."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from assessments.models import Assessment, CxMetrics
from reports.metrics import MetricValue, metrics_for, metrics_panel
from reports.results import assessment_results
from reports.sample import sample_bank, sample_metrics_panel, sample_results
from tests.factories import PROMOTERS_50_PASSIVES_30_DETRACTORS_20, ces_counts, csat_counts, nps_counts

# The model


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("counts", "constraint"),
    [
        ({"nps_0": 3}, "cx_metrics_nps_all_or_none"),
        ({**csat_counts([1, 1, 1, 1, 1]), "csat_5": None}, "cx_metrics_csat_all_or_none"),
    ],
)
def test_the_database_refuses_a_half_entered_metric(submitted, counts, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        CxMetrics.objects.create(assessment=submitted, **counts)


@pytest.mark.django_db
def test_the_database_refuses_a_negative_count(submitted):
    metrics = CxMetrics.objects.create(assessment=submitted, **ces_counts([1, 2, 3, 4, 5, 6, 7]))
    with pytest.raises(IntegrityError), transaction.atomic():
        CxMetrics.objects.filter(pk=metrics.pk).update(ces_3=-1)


@pytest.mark.django_db
def test_clean_mirrors_the_constraints(submitted):
    with pytest.raises(ValidationError, match="give every count"):
        CxMetrics(assessment=submitted, nps_3=1).clean()
    with pytest.raises(ValidationError, match="cannot be negative"):
        CxMetrics(assessment=submitted, **csat_counts([1, 1, -1, 1, 1])).clean()
    CxMetrics(assessment=submitted, **csat_counts([0, 0, 0, 0, 0])).full_clean()


@pytest.mark.django_db
def test_metrics_for_lists_only_the_metrics_entered(submitted, django_assert_num_queries):
    assert metrics_for(submitted) == []
    CxMetrics.objects.create(
        assessment=submitted,
        **nps_counts(PROMOTERS_50_PASSIVES_30_DETRACTORS_20),
        **ces_counts([0, 0, 0, 0, 4, 1, 0]),
    )
    assessment = Assessment.objects.select_related("metrics").get(pk=submitted.pk)
    with django_assert_num_queries(0):
        values = metrics_for(assessment)
    assert values == [
        MetricValue(
            code="nps",
            name="Net Promoter Score (NPS)",
            value=Decimal(30),
            display="+30",
            responses=100,
            definition=values[0].definition,
        ),
        MetricValue(
            code="ces",
            name="Customer effort score (CES)",
            value=Decimal("5.20"),
            display="5.20 / 7",
            responses=5,
            definition=values[1].definition,
        ),
    ]
    assert "promoters (9–10)" in values[0].definition
    # Without select_related: one query.
    assessment = Assessment.objects.get(pk=submitted.pk)
    with django_assert_num_queries(1):
        assert len(metrics_for(assessment)) == 2


# The panel on the results page


def form_url(assessment):
    return reverse("results_metrics", args=[assessment.public_id])


def render_panel(results) -> str:
    """The panel with what its view computes: the assessment's metrics (fetched with it), or the sample's."""
    if results.is_sample:
        panel = sample_metrics_panel()
    else:
        panel = metrics_panel(Assessment.objects.select_related("metrics").get(public_id=results.public_id))
    return render_to_string(
        "reports/includes/metrics.html",
        {"results": results, "metrics_panel": panel},
        request=RequestFactory().get("/"),
    )


@pytest.mark.django_db
def test_the_panel_explains_the_metrics_when_none_is_entered(submitted, django_assert_num_queries):
    view = assessment_results(
        Assessment.objects.select_related("organization", "bank", "result").get(pk=submitted.pk)
    )
    # 1 the assessment's metrics (none).
    with django_assert_num_queries(1):
        html = render_panel(view)
    assert "<h2" in html and "Customer metrics" in html
    assert "Enter NPS, CSAT and CES" in html
    assert f'href="{form_url(submitted)}"' in html
    assert "metric-card" not in html


@pytest.mark.django_db
def test_the_panel_loads_the_metrics_in_one_query(submitted, django_assert_num_queries):
    CxMetrics.objects.create(
        assessment=submitted,
        **nps_counts(PROMOTERS_50_PASSIVES_30_DETRACTORS_20),
        **csat_counts([2, 3, 10, 40, 45]),
        **ces_counts([0, 0, 0, 0, 4, 1, 0]),
    )
    view = assessment_results(
        Assessment.objects.select_related("organization", "bank", "result").get(pk=submitted.pk)
    )
    # 1 the assessment's metrics, by its public id.
    with django_assert_num_queries(1):
        html = render_panel(view)
    assert html.count('class="metric-card"') == 3
    for text in ("+30", "85.0 %", "5.20 / 7", "100 responses", "5 responses", "the mean answer"):
        assert text in html
    assert ">Edit</a>" in html
    assert "Entered by your organization from its own surveys (last changed" in html


@pytest.mark.django_db
def test_the_sample_shows_sample_metrics_without_a_query(default_bank, django_assert_num_queries):
    view = sample_results(sample_bank())
    with django_assert_num_queries(0):
        html = render_panel(view)
    assert "Sample" in html and "Sample values" in html
    assert "\u221215" in html and "63.3 %" in html and "4.79 / 7" in html
    assert "Edit" not in html and "Enter NPS" not in html
