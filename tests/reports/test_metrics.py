"""CX metrics: the computations (worked examples), the model's invariants, the form and the results panel."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from assessments.models import Assessment, CxMetrics
from assessments.models.metrics import count_field_names
from reports.metrics import (
    MetricValue,
    ces,
    csat,
    display,
    metrics_for,
    metrics_panel,
    nps,
    round_half_up,
)
from reports.results import assessment_results
from reports.sample import sample_bank, sample_metrics, sample_metrics_panel, sample_results
from tests.factories import MembershipFactory

# The answers 0..10 of NPS from promoters, passives and detractors spread over their answers.
PROMOTERS_50_PASSIVES_30_DETRACTORS_20 = [2, 2, 2, 2, 4, 4, 4, 10, 20, 25, 25]


# Computations: worked examples


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (PROMOTERS_50_PASSIVES_30_DETRACTORS_20, Decimal(30)),  # 50 % − 20 %
        ([7, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0], Decimal(-100)),  # all detractors
        ([0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 9], Decimal(100)),  # all promoters
        ([0, 0, 0, 0, 0, 0, 0, 4, 6, 0, 0], Decimal(0)),  # only passives
        ([0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0], Decimal(33)),  # 33.33…
        ([0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0], Decimal(67)),  # 66.66…
        ([0, 0, 0, 0, 0, 0, 0, 7, 0, 1, 0], Decimal(13)),  # 12.5: half up
        ([1, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0], Decimal(-13)),  # −12.5: half away from zero, symmetric
        ([0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0], Decimal(0)),  # as many promoters as detractors
    ],
)
def test_nps_is_promoters_minus_detractors_in_whole_percent(counts, expected):
    assert nps(counts) == expected


def test_nps_with_no_response_is_undefined_not_zero():
    assert nps([0] * 11) is None


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([1, 1, 1, 1, 1], Decimal("40.0")),
        ([0, 0, 1, 1, 1], Decimal("66.7")),  # 66.66…
        ([0, 0, 7, 0, 1], Decimal("12.5")),
        ([0, 0, 15, 1, 0], Decimal("6.3")),  # 6.25: half up
        ([0, 0, 0, 0, 4], Decimal("100.0")),
        ([3, 2, 1, 0, 0], Decimal("0.0")),
    ],
)
def test_csat_is_the_share_of_4_and_5_in_percent_with_one_decimal(counts, expected):
    assert csat(counts) == expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([0, 0, 0, 0, 0, 0, 1], Decimal("7.00")),
        ([1, 0, 0, 0, 0, 0, 1], Decimal("4.00")),
        ([0, 0, 0, 3, 5, 0, 0], Decimal("4.63")),  # 37 / 8 = 4.625: half up
        ([0, 0, 0, 0, 4, 1, 0], Decimal("5.20")),
        ([1, 1, 1, 0, 0, 0, 0], Decimal("2.00")),
    ],
)
def test_ces_is_the_mean_answer_with_two_decimals(counts, expected):
    assert ces(counts) == expected


@pytest.mark.parametrize(("compute", "size"), [(csat, 5), (ces, 7)])
def test_csat_and_ces_with_no_response_are_undefined(compute, size):
    assert compute([0] * size) is None


@pytest.mark.parametrize(
    ("compute", "counts"),
    [(nps, [1] * 10), (nps, [1] * 12), (csat, [1, 1, 1, 1]), (ces, [1] * 8), (csat, [1, 1, -1, 1, 1])],
)
def test_wrong_counts_are_a_programming_error(compute, counts):
    with pytest.raises(ValueError):
        compute(counts)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(5, 2), 0, Decimal(3)),
        (Fraction(-5, 2), 0, Decimal(-3)),
        (Fraction(249, 100), 0, Decimal(2)),
        (Fraction(1, 8), 2, Decimal("0.13")),
        (Fraction(1, 3), 1, Decimal("0.3")),
    ],
)
def test_round_half_up_is_exact_and_symmetric(value, places, expected):
    assert round_half_up(value, places) == expected


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("nps", Decimal(30), "+30"),
        ("nps", Decimal(-100), "\u2212100"),
        ("nps", Decimal(0), "0"),
        ("nps", None, "—"),
        ("csat", Decimal("78.5"), "78.5 %"),
        ("csat", Decimal("100.0"), "100.0 %"),
        ("ces", Decimal("5.20"), "5.20 / 7"),
        ("ces", None, "—"),
    ],
)
def test_display(code, value, expected):
    assert display(code, value) == expected


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=11, max_size=11))
def test_nps_stays_within_its_range_and_rounds_the_exact_value(counts):
    value = nps(counts)
    if not sum(counts):
        assert value is None
        return
    exact = Fraction(100 * (sum(counts[9:]) - sum(counts[:7])), sum(counts))
    assert -100 <= value <= 100
    assert abs(Fraction(value) - exact) <= Fraction(1, 2)


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=7, max_size=7))
def test_ces_stays_between_1_and_7(counts):
    value = ces(counts)
    assert value is None if not sum(counts) else Decimal(1) <= value <= Decimal(7)


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=5, max_size=5))
def test_csat_stays_between_0_and_100(counts):
    value = csat(counts)
    assert value is None if not sum(counts) else Decimal(0) <= value <= Decimal(100)


def test_sample_metrics_need_no_database():
    values = {metric.code: metric for metric in sample_metrics()}
    assert [metric.code for metric in sample_metrics()] == ["nps", "csat", "ces"]
    # NPS: 40 promoters and 70 detractors of 200; CSAT: 152 of 240; CES: 957 points from 200 answers.
    assert (values["nps"].display, values["nps"].responses) == ("\u221215", 200)
    assert (values["csat"].display, values["csat"].responses) == ("63.3 %", 240)
    assert (values["ces"].display, values["ces"].responses) == ("4.79 / 7", 200)


# The model


def nps_counts(counts):
    return dict(zip(count_field_names("nps"), counts, strict=True))


def csat_counts(counts):
    return dict(zip(count_field_names("csat"), counts, strict=True))


def ces_counts(counts):
    return dict(zip(count_field_names("ces"), counts, strict=True))


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


# The form


def form_url(assessment):
    return reverse("results_metrics", args=[assessment.public_id])


def results_url(assessment):
    return reverse("results", args=[assessment.public_id])


def form_data(nps=None, csat=None, ces=None) -> dict[str, str]:
    """The posted form: every field, empty for a metric left out."""
    data = {}
    for code, counts in (("nps", nps), ("csat", csat), ("ces", ces)):
        names = count_field_names(code)
        values = counts if counts is not None else [""] * len(names)
        data.update({name: str(value) for name, value in zip(names, values, strict=True)})
    return data


def stored(assessment):
    metrics = CxMetrics.objects.filter(assessment=assessment).first()
    return None if metrics is None else {code: metrics.counts(code) for code in ("nps", "csat", "ces")}


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_log_in(client, submitted, method):
    response = getattr(client, method)(form_url(submitted), form_data(nps=[1] * 11))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert stored(submitted) is None


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_organization_gets_404_and_changes_nothing(client, submitted, method):
    client.force_login(MembershipFactory().user)
    response = getattr(client, method)(form_url(submitted), form_data(nps=[1] * 11))
    assert response.status_code == 404
    assert stored(submitted) is None


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_assessment_in_progress_gets_404(member_client, assessment, method):
    response = getattr(member_client, method)(form_url(assessment), form_data(nps=[1] * 11))
    assert response.status_code == 404
    assert stored(assessment) is None


@pytest.mark.django_db
def test_the_form_has_a_labelled_field_for_every_count_grouped_per_metric(member_client, submitted):
    response = member_client.get(form_url(submitted))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == 3
    for legend in ("Net Promoter Score (NPS)", "Customer satisfaction (CSAT)", "Customer effort score (CES)"):
        assert f'<legend class="metric-legend">{legend}</legend>' in html
    assert html.count('type="number"') == 11 + 5 + 7
    assert '<label class="metric-count-label" for="id_nps_0">' in html
    assert "Number of responses answering 10" in html
    assert "Promoters (9–10)" in html
    assert "Clear" not in html  # nothing stored to clear


@pytest.mark.django_db
def test_saving_stores_the_counts_and_the_results_page_shows_the_metrics(member_client, submitted):
    response = member_client.post(
        form_url(submitted),
        form_data(nps=PROMOTERS_50_PASSIVES_30_DETRACTORS_20, csat=[2, 3, 10, 40, 45]),
    )
    assert response.status_code == 302
    assert response["Location"] == results_url(submitted) + "#metrics"
    assert stored(submitted) == {
        "nps": PROMOTERS_50_PASSIVES_30_DETRACTORS_20,
        "csat": [2, 3, 10, 40, 45],
        "ces": None,
    }
    html = member_client.get(response["Location"]).content.decode()
    panel = html[html.index('id="metrics"') :]
    assert "Customer metrics saved" in html
    assert "+30" in panel and "100 responses" in panel
    assert "85.0 %" in panel
    assert "Customer effort score" not in panel[: panel.index("</section>")]
    assert f'href="{form_url(submitted)}"' in panel
    # The maturity result stays as it was.
    assert submitted.result.score == Decimal("3.63")


@pytest.mark.django_db
def test_saving_again_replaces_the_counts_and_empty_counts_leave_a_metric_out(member_client, submitted):
    member_client.post(form_url(submitted), form_data(nps=[1] * 11, ces=[1] * 7))
    member_client.post(form_url(submitted), form_data(csat=[0, 0, 0, 1, 1]))
    assert stored(submitted) == {"nps": None, "csat": [0, 0, 0, 1, 1], "ces": None}
    assert CxMetrics.objects.count() == 1


def with_field(data, name, value):
    return {**data, name: value}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (with_field(form_data(nps=[1] * 11), "nps_3", "-2"), "A number of responses cannot be negative."),
        (with_field(form_data(nps=[1] * 11), "nps_3", "2.5"), "Enter a whole number of responses"),
        (with_field(form_data(nps=[1] * 11), "nps_3", "many"), "Enter a whole number of responses"),
        (with_field(form_data(csat=[1] * 5), "csat_5", ""), "Some counts are empty."),
        (form_data(ces=[0] * 7), "Every count is 0."),
        (with_field(form_data(ces=[1] * 7), "ces_1", "99999999999"), "Enter at most 1000000000."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_changes(member_client, submitted, data, message):
    member_client.post(form_url(submitted), form_data(nps=[5] * 11, csat=[1, 2, 3, 4, 5]))
    before = stored(submitted)
    # The other metrics of the same post are valid: they are not saved either.
    response = member_client.post(form_url(submitted), {**form_data(ces=[1] * 7), **data})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved." in html
    assert message in html
    assert stored(submitted) == before


@pytest.mark.django_db
def test_a_refused_form_keeps_what_was_typed_and_marks_the_wrong_count(member_client, submitted):
    data = with_field(form_data(nps=[4] * 11), "nps_10", "-1")
    html = member_client.post(form_url(submitted), data).content.decode()
    assert html.count('value="4"') == 10
    assert 'value="-1" aria-invalid="true" aria-describedby="metric-nps-errors"' in html
    assert "Answer 10: A number of responses cannot be negative." in html
    assert '<a href="#metric-nps">Net Promoter Score (NPS)</a>' in html  # in the summary at the top


@pytest.mark.django_db
def test_clear_empties_one_metric_and_keeps_the_others(member_client, submitted):
    member_client.post(form_url(submitted), form_data(nps=[1] * 11, csat=[1] * 5))
    html = member_client.get(form_url(submitted)).content.decode()
    assert 'form="metrics-clear" name="clear" value="nps"' in html
    assert "Clear Net Promoter Score (NPS)" in html

    response = member_client.post(form_url(submitted), {"clear": "nps"})
    assert response["Location"] == results_url(submitted) + "#metrics"
    assert stored(submitted) == {"nps": None, "csat": [1] * 5, "ces": None}
    assert "Net Promoter Score (NPS) was cleared." in member_client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_clearing_an_unknown_metric_changes_nothing(member_client, submitted):
    member_client.post(form_url(submitted), form_data(nps=[1] * 11))
    response = member_client.post(form_url(submitted), {"clear": "roi"}, follow=True)
    assert response.status_code == 200
    assert "There is no such metric to clear." in response.content.decode()
    assert stored(submitted)["nps"] == [1] * 11


@pytest.mark.django_db
def test_the_form_in_japanese(member_client, submitted):
    html = member_client.get(form_url(submitted), headers={"accept-language": "ja"}).content.decode()
    assert '<html lang="ja">' in html
    assert "Test bank（日本語）" in html


@pytest.mark.django_db
def test_a_japanese_results_page_shows_the_metrics_panel(member_client, submitted):
    member_client.post(form_url(submitted), form_data(nps=PROMOTERS_50_PASSIVES_30_DETRACTORS_20))
    html = member_client.get(results_url(submitted), headers={"accept-language": "ja"}).content.decode()
    assert 'id="metrics"' in html
    assert "Strategy（日本語）" in html
    assert "+30" in html


@pytest.mark.django_db
def test_the_form_needs_three_queries(member_client, submitted, django_assert_num_queries):
    CxMetrics.objects.create(assessment=submitted, **nps_counts([1] * 11))
    # 1 session, 2 user, 3 the assessment with organization, bank and metrics (membership in the join).
    with django_assert_num_queries(3):
        assert member_client.get(form_url(submitted)).status_code == 200


# The panel on the results page


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


@pytest.mark.django_db
def test_the_public_sample_page_shows_the_sample_metrics(client, default_bank):
    html = client.get(reverse("sample_results")).content.decode()
    panel = html[html.index('id="metrics"') :]
    assert "63.3 %" in panel
    assert "/metrics/" not in panel[: panel.index("</section>")]
