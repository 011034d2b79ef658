"""The CX metrics entry form and its view: access, saving, bad counts, clearing, Japanese, queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import CxMetrics
from assessments.models.metrics import count_field_names
from tests.factories import PROMOTERS_50_PASSIVES_30_DETRACTORS_20, MembershipFactory, nps_counts


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
