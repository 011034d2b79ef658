"""An organization's key: its assessments (list, start, detail), results, benchmarks, answers and history;
another organization's objects answer 404."""

import pytest

from assessments.models import Assessment
from reports.exports import result_document, submitted_assessments
from tests.api.conftest import Api, key_for, problem
from tests.factories import MembershipFactory, answer_all

LIST = "/api/v1/assessments/"


def url(assessment, tail=""):
    return f"/api/v1/assessments/{assessment.public_id}/{tail}"


def test_no_key_answers_401_as_a_problem(db):
    body = problem(Api(None).get(LIST), 401)
    assert body["instance"] == LIST
    assert body["type"] == "urn:cxmaturity:problem:unauthenticated"


def test_it_lists_the_organizations_assessments(api, submitted, bank, member):
    from assessments.services import assessment_start

    in_progress = assessment_start(organization=member.organization, bank=bank, by=member.user)
    MembershipFactory()  # another organization, with nothing of its own listed
    body = api.get(LIST).json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [in_progress.public_id, submitted.public_id]
    row = body["results"][1]
    assert row["status"] == "submitted" and row["bank"] == {"slug": bank.slug, "version": bank.version}
    assert row["organization"]["id"] == member.organization.public_id
    assert row["answered"] == row["questions"] == 4


def test_the_detail(api, assessment):
    body = api.get(url(assessment)).json()
    assert body["id"] == assessment.public_id and body["status"] == "in_progress" and body["answered"] == 0


def test_it_starts_an_assessment(api, bank, member):
    response = api.post(LIST, {"bank": bank.slug})
    assert response.status_code == 201, response.content
    assessment = Assessment.objects.get(public_id=response.json()["id"])
    assert assessment.organization == member.organization and assessment.created_by == member.user
    assert assessment.participants.get().user == member.user


def test_starting_on_an_unknown_bank_is_a_400_problem(api, bank):
    body = problem(api.post(LIST, {"bank": "nope"}), 400)
    assert body["errors"] == {"bank": ["There is no such published question bank."]}
    assert not Assessment.objects.exists()


def test_the_result_is_the_result_document(api, submitted):
    response = api.get(url(submitted, "result/"))
    assert response.status_code == 200
    body = response.json()
    assert body["format"] == "cxmaturity.result/1"
    assert body == result_document(submitted_assessments().get(pk=submitted.pk))
    assert body["overall"] == {"score": 3.63, "percent": 65.63, "level": 4}


def test_an_assessment_in_progress_has_no_result(api, assessment):
    problem(api.get(url(assessment, "result/")), 404)


def test_the_benchmark_block(api, submitted):
    body = api.get(url(submitted, "benchmark/")).json()
    assert body == {"benchmark": None, "benchmark_reason": body["benchmark_reason"]}
    assert body["benchmark_reason"]


def test_answers_of_an_assessment_in_progress(api, assessment, participant, bank):
    answer_all(participant, bank)
    body = api.get(url(assessment, "answers/")).json()
    assert body["count"] == 4
    assert {row["question"] for row in body["results"]} == {q.code for q in bank.questions.all()}
    assert all(row["participant"] == participant.public_id for row in body["results"])


def test_the_history(api, submitted):
    body = api.get("/api/v1/history/").json()
    assert body["count"] == 1
    entry = body["results"][0]
    assert entry["assessment"] == submitted.public_id
    assert entry["overall"] == {"score": 3.63, "percent": 65.63, "level": 4}
    assert entry["dimensions"] == {"strategy": 3.25, "voc": 4.0}


@pytest.mark.parametrize("tail", ["", "result/", "benchmark/", "answers/"])
def test_another_organizations_assessment_answers_404(submitted, tail):
    other = MembershipFactory()
    stranger = Api(key_for(other.user, organization=other.organization)[1])
    body = problem(stranger.get(url(submitted, tail)), 404)
    assert submitted.organization.name not in str(body)


def test_another_organizations_list_is_empty(submitted):
    other = MembershipFactory()
    assert Api(key_for(other.user, organization=other.organization)[1]).get(LIST).json()["count"] == 0
