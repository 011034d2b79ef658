"""The results page, its target levels and the JSON download."""

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.banks import import_bank
from assessments.models import DimensionResult, Result
from assessments.scoring import Level
from reports.exports import result_document, submitted_assessments
from reports.plan import PlanDimension, PlanRecommendation, build_plan
from reports.results import assessment_results
from tests.documents import bank_document, level_question
from tests.factories import MembershipFactory, at_level, submit, varied

pytestmark = pytest.mark.django_db


def results_url(assessment):
    return reverse("results", args=[assessment.public_id])


def targets_url(assessment):
    return reverse("results_targets", args=[assessment.public_id])


def json_url(assessment):
    return reverse("results_json", args=[assessment.public_id])


# Access


@pytest.mark.parametrize(("url", "method"), [(results_url, "get"), (targets_url, "post"), (json_url, "get")])
def test_anonymous_is_sent_to_log_in(client, submitted, url, method):
    response = getattr(client, method)(url(submitted))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(("url", "method"), [(results_url, "get"), (targets_url, "post"), (json_url, "get")])
def test_other_organization_gets_404(client, submitted, url, method):
    client.force_login(MembershipFactory().user)
    response = getattr(client, method)(url(submitted), {"target-strategy": "5"})
    assert response.status_code == 404
    assert DimensionResult.objects.get(dimension__code="strategy").target_level == 4


@pytest.mark.parametrize("url", [results_url, json_url])
def test_member_gets_200(member_client, submitted, url):
    assert member_client.get(url(submitted)).status_code == 200


def test_unknown_assessment_gets_404(member_client, submitted):
    assert member_client.get(reverse("results", args=["a" * 26])).status_code == 404  # well-formed, unknown
    # Malformed ids match no URL at all, so no query sees them (PostgreSQL refuses a NUL byte in a query).
    for malformed in ("NOSUCHASSESSMENT", "%00", "a" * 25 + "%00", "a" * 27):
        assert member_client.get(f"/results/{malformed}/").status_code == 404


def test_an_assessment_in_progress_leads_back_to_the_questionnaire(member_client, assessment):
    response = member_client.get(results_url(assessment))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment_resume", args=[assessment.public_id])
    assert member_client.get(json_url(assessment)).status_code == 404


def test_targets_accepts_only_post(member_client, submitted):
    assert member_client.get(targets_url(submitted)).status_code == 405


# What the page shows


def test_the_page_shows_the_overall_result_and_every_dimension(member_client, submitted):
    response = member_client.get(results_url(submitted))
    html = response.content.decode()
    assert response.context["results"].organization == submitted.organization.name
    assert submitted.organization.name in html
    assert "Test bank, version 1.0" in html
    # Overall 3.63, 65.63 %, level 4 "Managed" with its description.
    assert "3.63" in html and "65.63 %" in html
    assert "Managed" in html and "Managed practice" in html
    # Dimensions: strategy 3.25, level 3 → target 4 (3.4), gap 0.15; voc 4.00, level 4 → target 5, gap 0.20.
    dimensions = {dimension.code: dimension for dimension in response.context["results"].dimensions}
    assert (dimensions["strategy"].score, dimensions["strategy"].gap) == (Decimal("3.25"), Decimal("0.15"))
    assert (dimensions["voc"].score, dimensions["voc"].gap) == (Decimal("4.00"), Decimal("0.20"))
    assert "Level 3 · Defined" in html and "Level 4 · Managed" in html
    # Two charts, each in two layouts, with a text alternative.
    assert html.count('role="img"') == 4
    assert "Strategy: 3.25 (target 3.40)" in html
    # Answers with their comments, N/A shown as such.
    assert "How mature is strategy.vision?" in html
    assert "strategy.vision at level 4" in html
    assert "No surveys yet" in html
    assert "Not applicable" in html
    for name in ("results_json", "results_pdf", "results_csv", "results_xlsx"):
        assert reverse(name, args=[submitted.public_id]) in html


def test_an_undefined_dimension_says_not_enough_answers(member, client):
    bank = import_bank(
        bank_document(
            dimensions={
                "strategy": [level_question("strategy.vision")],
                "voc": [level_question("voc.surveys", allow_na=True)],
            }
        )
    )
    assessment = submit(
        member.organization, bank, lambda q, options: None if q.allow_na else options[2:3], by=member.user
    )
    client.force_login(member.user)
    html = client.get(results_url(assessment)).content.decode()
    assert "Not enough answers" in html
    assert "Voc: not enough answers" in html  # named in the charts' text alternative
    assert 'name="target-voc"' not in html  # no target for a dimension without a score
    assert 'name="target-strategy"' in html


def test_strengths_and_gaps(default_bank, member):
    results = assessment_results(submit(member.organization, default_bank, varied, by=member.user))
    defined = [dimension for dimension in results.dimensions if dimension.defined]
    assert len(defined) == 8
    assert [d.score for d in results.strengths] == sorted((d.score for d in defined), reverse=True)[:3]
    strengths = {d.code for d in results.strengths}
    others = [d for d in defined if d.code not in strengths]
    priorities = sorted((d.weight * d.gap for d in others if d.gap), reverse=True)[:3]
    assert priorities and [d.priority for d in results.gaps] == priorities
    assert not strengths & {d.code for d in results.gaps}


def test_a_two_dimension_result_has_one_strength_and_one_gap(submitted):
    results = assessment_results(submitted)  # strategy 3.25, voc 4.00: both short of their next level
    assert [d.code for d in results.strengths] == ["voc"]
    assert [d.code for d in results.gaps] == ["strategy"]


def positions(html: str, texts) -> list[int]:
    return [html.index(text) for text in texts]


def expected_plan(assessment) -> list[str]:
    """The plan as rule 9 orders it, computed here straight from the stored rows."""
    rows = DimensionResult.objects.filter(result__assessment=assessment).select_related("dimension")
    dimensions = [
        PlanDimension(
            code=row.dimension.code,
            weight=row.dimension.weight,
            order=row.dimension.order,
            score=row.score,
            level=row.level,
            target_level=row.target_level,
        )
        for row in rows
    ]
    recommendations = {}
    for row in rows:
        for rec in row.dimension.recommendations.select_related("question").order_by("order", "pk"):
            recommendations[rec.pk] = rec
    plan_recommendations = [
        PlanRecommendation(
            key=rec.pk,
            dimension=rec.dimension.code,
            min_level=rec.min_level,
            max_level=rec.max_level,
            effort=rec.effort,
            impact=rec.impact,
            question=rec.question.code if rec.question_id else None,
            max_score=rec.max_score,
        )
        for rec in sorted(recommendations.values(), key=lambda r: (r.dimension.order, r.order, r.pk))
    ]
    answers = assessment.participants.get().answers.select_related("question")
    question_scores = {answer.question.code: answer.score for answer in answers}
    levels = [Level(level.level, level.min_score) for level in assessment.bank.levels.all()]
    items = build_plan(dimensions, plan_recommendations, levels, question_scores)
    return [recommendations[item.recommendation.key].title for item in items]


def test_the_plan_on_the_page_follows_rule_9(default_bank, member, client):
    assessment = submit(member.organization, default_bank, varied, by=member.user)
    client.force_login(member.user)
    html = client.get(results_url(assessment)).content.decode()
    titles = expected_plan(assessment)
    assert len(titles) >= 8
    plan_html = html[html.index('id="plan"') :]
    assert positions(plan_html, titles) == sorted(positions(plan_html, titles))
    assert [entry.title for entry in client.get(results_url(assessment)).context["results"].plan] == titles


def test_plan_entries_show_dimension_effort_and_impact_in_words(member_client, submitted):
    html = member_client.get(results_url(submitted)).content.decode()
    plan_html = html[html.index('id="plan"') :]
    # voc (gap 0.20) before strategy (gap 0.15); both recommendations are low effort, high impact.
    assert plan_html.index("Improve voc") < plan_html.index("Improve strategy")
    assert "Impact: High" in plan_html and "Effort: Low" in plan_html


def test_advice_for_a_dimension_already_at_its_target_says_so(member_client, submitted):
    # strategy 3.25 (level 3), voc 4.00 (level 4)
    voc = DimensionResult.objects.filter(result__assessment=submitted, dimension__code="voc")
    voc.update(target_level=4)
    results = assessment_results(submitted)
    sustains = {entry.dimension.code: entry.sustains for entry in results.plan}
    assert sustains == {"strategy": False, "voc": True}
    html = member_client.get(results_url(submitted)).content.decode()
    assert html.count("At target: keep it there") == 1


# Target levels


def stored_scores(assessment):
    result = Result.objects.get(assessment=assessment)
    return (result.score, result.percent, result.level), sorted(
        DimensionResult.objects.filter(result=result).values_list(
            "dimension__code", "score", "percent", "level"
        )
    )


def targets(assessment):
    return dict(
        DimensionResult.objects.filter(result__assessment=assessment).values_list(
            "dimension__code", "target_level"
        )
    )


def test_changing_a_target_moves_the_plan_and_keeps_the_scores(member_client, submitted):
    before = stored_scores(submitted)
    # strategy to level 5: gap 4.2 − 3.25 = 0.95 > voc's 0.20, so strategy's recommendation comes first.
    response = member_client.post(targets_url(submitted), {"target-strategy": "5", "target-voc": "5"})
    assert response.status_code == 302
    assert response["Location"] == results_url(submitted) + "#plan"
    assert targets(submitted) == {"strategy": 5, "voc": 5}
    assert stored_scores(submitted) == before

    response = member_client.get(response["Location"])
    html = response.content.decode()
    assert "Target levels saved" in html
    plan_html = html[html.index('id="plan"') :]
    assert plan_html.index("Improve strategy") < plan_html.index("Improve voc")
    assert '<option value="5" selected>5 — Optimized</option>' in html


def test_the_target_choices_run_from_the_current_level_to_5(member_client, submitted):
    html = member_client.get(results_url(submitted)).content.decode()
    strategy = html[
        html.index('name="target-strategy"') : html.index("</select>", html.index('name="target-strategy"'))
    ]
    assert re.findall(r'<option value="(\d)"', strategy) == ["3", "4", "5"]
    assert '<label class="form-label" for="id_target-strategy">Strategy</label>' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"target-strategy": "2", "target-voc": "5"}, "Select a valid choice"),  # below the current level 3
        ({"target-strategy": "6", "target-voc": "5"}, "Select a valid choice"),
        ({"target-strategy": "four", "target-voc": "5"}, "Select a valid choice"),
        ({"target-voc": "5"}, "This field is required"),
        ({"target-strategy": "4", "target-voc": "5", "target-people": "5"}, "no dimension people"),
    ],
)
def test_bad_target_input_changes_nothing_and_says_why(member_client, submitted, data, message):
    before = targets(submitted), stored_scores(submitted)
    response = member_client.post(targets_url(submitted), data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The target levels were not changed." in html
    assert message in html
    assert (targets(submitted), stored_scores(submitted)) == before


# JSON download


def test_the_json_download_is_the_result_document(member_client, submitted):
    submitted.organization.name = "株式会社テスト"
    submitted.organization.save()
    response = member_client.get(json_url(submitted))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="cx-maturity-{submitted.public_id}.json"'
    assert "株式会社テスト".encode() in response.content  # not \\u escapes
    document = json.loads(response.content.decode("utf-8"))
    assert document == result_document(submitted_assessments().get(pk=submitted.pk))
    assert document["overall"] == {"score": 3.63, "percent": 65.63, "level": 4}


# Change since the previous assessment


def test_the_first_assessment_says_there_is_nothing_to_compare(member_client, submitted):
    html = member_client.get(results_url(submitted)).content.decode()
    assert "This is the first assessment on this question bank" in html


def test_change_since_the_previous_assessment(bank, member, client):
    earlier = submit(member.organization, bank, at_level(2), by=member.user, days_ago=365)
    later = submit(member.organization, bank, at_level(3), by=member.user)
    # Another organization's and a later assessment are no "previous" one.
    submit(MembershipFactory().organization, bank, at_level(1))
    client.force_login(member.user)

    results = client.get(results_url(later)).context["results"]
    before = Result.objects.get(assessment=earlier)
    after = Result.objects.get(assessment=later)
    assert results.change.previous == before.score
    assert results.change.delta == after.score - before.score > 0
    html = client.get(results_url(later)).content.decode()
    assert f"up {after.score - before.score:.2f}" in html
    assert "▲" in html
    strategy = next(d for d in results.dimensions if d.code == "strategy")
    assert strategy.change.direction == "up"

    html = client.get(results_url(earlier)).content.decode()
    assert "This is the first assessment on this question bank" in html


def test_a_lower_score_is_shown_as_down_in_words(bank, member, client):
    submit(member.organization, bank, at_level(4), by=member.user, days_ago=30)
    later = submit(member.organization, bank, at_level(3), by=member.user)
    client.force_login(member.user)
    html = client.get(results_url(later)).content.decode()
    assert "▼" in html and "down " in html


# Languages


def test_a_japanese_request_shows_the_japanese_bank_texts(client, submitted, member):
    client.force_login(member.user)
    html = client.get(results_url(submitted), headers={"accept-language": "ja"}).content.decode()
    assert '<html lang="ja">' in html
    assert "Strategy（日本語）" in html  # dimension name
    assert "Managed（日本語）" in html  # level name
    assert "Improve voc（日本語）" in html  # plan
    assert "How mature is strategy.vision?（日本語）" in html  # answers
    assert '<th scope="col">変化</th>' in html  # a score's change, not the switcher's "change" (変更)


# Query counts


@pytest.mark.parametrize("use_default_bank", [False, True])
def test_the_results_page_needs_the_same_queries_whatever_the_bank(
    request, member, client, django_assert_num_queries, use_default_bank
):
    bank = request.getfixturevalue("default_bank" if use_default_bank else "bank")
    submit(member.organization, bank, at_level(2), by=member.user, days_ago=365)
    assessment = submit(member.organization, bank, varied, by=member.user)
    client.force_login(member.user)
    # 1 session, 2 user, 3 the assessment with organization, bank, result, metrics (membership checked in the
    # join), 4 dimension results with dimensions, 5 levels, 6 answers with questions and participants,
    # 7 the answers' options, 8 the evidence files, 9 recommendations with questions, 10 the previous
    # assessment's dimension results, 11 the peer group sizes (no peers here, so no histogram:
    # tests/reports/test_benchmark_page.py pins the page with 10 and 1,000 peers).
    with django_assert_num_queries(11):
        response = client.get(results_url(assessment))
    assert response.status_code == 200


# The page's markup kept while what it shows is unchanged (reports/views/results.py, KEPT)


@pytest.fixture
def charts_drawn(monkeypatch):
    """The results pages whose charts were drawn (the kept markup draws none)."""
    from reports.views import results as views

    drawn = []
    draw = views.results_charts
    monkeypatch.setattr(
        views, "results_charts", lambda view, comparison: drawn.append(view) or draw(view, comparison)
    )
    views.KEPT.clear()
    return drawn


def without_token(html: str) -> str:
    """The page without what differs on every request: its CSRF token and its scripts' CSP nonces."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def test_an_unchanged_result_is_served_from_the_kept_markup(client, member, submitted, charts_drawn):
    csrf_client = type(client)(enforce_csrf_checks=True, headers={"accept-language": "en"})
    csrf_client.force_login(member.user)
    first = csrf_client.get(results_url(submitted)).content.decode()
    second = csrf_client.get(results_url(submitted)).content.decode()
    assert len(charts_drawn) == 1  # the second page was the kept markup
    assert without_token(second) == without_token(first)
    # The kept markup carries this request's CSRF token: its target form posts.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second).group(1)
    response = csrf_client.post(
        targets_url(submitted), {"target-strategy": "5", "target-voc": "5", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    # What the page shows changed (the targets, hence the plan): it is rendered again.
    third = csrf_client.get(results_url(submitted)).content.decode()
    assert len(charts_drawn) == 2 and '<option value="5" selected>5 — Optimized</option>' in third
    csrf_client.get(results_url(submitted), headers={"accept-language": "ja"})
    assert len(charts_drawn) == 3  # another language, another rendering


def test_another_organization_never_gets_a_kept_page(client, member, submitted, charts_drawn):
    member_client = type(client)()
    member_client.force_login(member.user)
    member_client.get(results_url(submitted))
    stranger = type(client)()
    stranger.force_login(MembershipFactory().user)
    assert stranger.get(results_url(submitted)).status_code == 404
