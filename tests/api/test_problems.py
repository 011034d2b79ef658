"""Errors as application/problem+json (RFC 9457) in the client's language; pagination; throttling; query
counts that do not grow with the number of assessments."""

import pytest
from django.test import override_settings

from assessments.services import assessment_start
from tests.api.conftest import Api, problem
from tests.factories import at_level, submit

LIST = "/api/v1/assessments/"


def test_problems_speak_japanese(org_key, db):
    body = problem(Api(None, language="ja").get(LIST), 401)
    assert body["title"] == "APIキーが必要です"
    body = problem(Api(org_key[1], language="ja").get(f"{LIST}aaaaaaaaaaaaaaaaaaaaaaaaaa/"), 404)
    assert body["title"] == "見つかりません"
    assert body["detail"] == "該当するものがないか、このキーでは見られません。"


def test_a_validation_error_in_japanese(api, bank):
    response = api.client.post(
        LIST, {"bank": "nope"}, content_type="application/json", headers={"accept-language": "ja"}
    )
    body = problem(response, 400)
    assert body["title"] == "リクエストが正しくありません"
    assert body["errors"] == {"bank": ["公開済みの該当する設問バンクがありません。"]}


def test_method_not_allowed_is_a_problem(api, assessment):
    body = problem(api.client.delete(f"{LIST}{assessment.public_id}/"), 405)
    assert body["instance"] == f"{LIST}{assessment.public_id}/"
    assert body["detail"] == "This endpoint does not answer DELETE."


def test_drf_errors_speak_japanese_too(api, bank, assessment):
    japanese = {"accept-language": "ja"}
    body = problem(api.client.delete(f"{LIST}{assessment.public_id}/", headers=japanese), 405)
    assert body["detail"] == "このエンドポイントは DELETE に対応していません。"
    body = problem(api.client.post(LIST, "{", content_type="application/json", headers=japanese), 400)
    assert body["detail"] == "本文が正しいJSONではありません。"
    body = problem(api.client.get(LIST, {"page": 9}, headers=japanese), 404)
    assert body["detail"] == "そのページはありません。"
    body = problem(Api(None, language="ja").get(LIST), 401)
    assert body["detail"] == "APIキーをヘッダー Authorization: Bearer <キー> で送ってください。"


def test_an_unknown_endpoint_is_a_problem(api):
    problem(api.get("/api/v1/nothing/"), 404)


def test_malformed_json_is_a_problem(api):
    problem(api.client.post(LIST, "{", content_type="application/json"), 400)


def test_too_many_requests_is_a_429_problem(api):
    with override_settings(CXM_THROTTLES={"api_key": (2, 60)}):
        assert api.get(LIST).status_code == 200
        assert api.get(LIST).status_code == 200
        response = api.get(LIST)
        body = problem(response, 429)
        assert int(response["Retry-After"]) > 0
        assert "Too many requests" in body["detail"]


def test_pages_are_bounded(api, bank, member):
    for _ in range(3):
        assessment_start(organization=member.organization, bank=bank, by=member.user)
    body = api.get(LIST, query_params={"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"].endswith("page=2&page_size=2")
    assert len(api.get(LIST, query_params={"page_size": 2, "page": 2}).json()["results"]) == 1
    problem(api.get(LIST, query_params={"page": 9}), 404)
    from api.paging import Pages

    assert Pages.max_page_size == 200


@pytest.mark.parametrize("assessments", [1, 6])
def test_the_list_costs_the_same_for_any_number_of_assessments(
    api, org_key, bank, member, assessments, django_assert_num_queries
):
    for _ in range(assessments):
        submit(member.organization, bank, at_level(3), by=member.user)
    api.get(LIST)  # the key's last use is now recorded: later requests within a minute do not write it
    # 1 the key with its maker, organization and consultancy; 2 the maker still an owner; 3 the throttle's
    # window; 4-8 its write (the database cache counts its rows; in a savepoint, finds the row, updates it);
    # 9 the count; 10 the page with progress, organization and bank
    with django_assert_num_queries(10):
        assert len(api.get(LIST).json()["results"]) == assessments


@pytest.mark.parametrize("assessments", [1, 6])
def test_the_history_costs_the_same_for_any_number_of_assessments(
    api, bank, member, assessments, django_assert_num_queries
):
    for _ in range(assessments):
        submit(member.organization, bank, at_level(3), by=member.user)
    api.get("/api/v1/history/")
    # 1 the key; 2 the owner; 3-8 the throttle (as above); 9 the submitted assessments with bank and result;
    # 10 their dimensions' results; 11 the banks' levels
    with django_assert_num_queries(11):
        assert api.get("/api/v1/history/").json()["count"] == assessments
