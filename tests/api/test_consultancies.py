"""A consultancy's key: its clients, their history and workshops (create, progress, close); nothing of
another consultancy's."""

import pytest

from assessments.models import Workshop
from assessments.services import participant_join
from tests.api.conftest import Api, key_for, problem
from tests.factories import ClientFactory, ConsultantFactory
from tests.workshops import answer


def test_it_lists_the_clients(consultancy_api, consultant):
    ClientFactory(consultancy=consultant.consultancy, name="Beta")
    ClientFactory(consultancy=consultant.consultancy, name="Alpha")
    ClientFactory(name="Someone else's")
    body = consultancy_api.get("/api/v1/clients/").json()
    assert [row["name"] for row in body["results"]] == ["Alpha", "Beta"]
    assert body["results"][0]["country"] == "JP"


def test_it_creates_a_workshop(consultancy_api, consultant, bank):
    client = ClientFactory(consultancy=consultant.consultancy)
    response = consultancy_api.post(
        f"/api/v1/clients/{client.public_id}/workshops/",
        {"title": "Kick-off", "date": "2026-12-01", "bank": bank.slug, "anonymous": True},
    )
    assert response.status_code == 201, response.content
    workshop = Workshop.objects.get()
    assert response.json()["id"] == workshop.assessment.public_id and workshop.anonymous
    assert workshop.assessment.organization == client and workshop.created_by == consultant.user
    listed = consultancy_api.get(f"/api/v1/clients/{client.public_id}/workshops/").json()
    assert [row["title"] for row in listed["results"]] == ["Kick-off"]


def test_a_workshop_without_a_title_is_a_400_problem(consultancy_api, consultant, bank):
    client = ClientFactory(consultancy=consultant.consultancy)
    body = problem(consultancy_api.post(f"/api/v1/clients/{client.public_id}/workshops/", {"date": "x"}), 400)
    assert set(body["errors"]) == {"title", "date"}


def test_progress_and_close(consultancy_api, workshop, bank):
    aiko = participant_join(workshop=workshop, display_name="Aiko", department="Sales")
    participant_join(workshop=workshop, display_name="Ben")
    answer(aiko, bank, "strategy.vision", "3")
    pid = workshop.assessment.public_id
    body = consultancy_api.get(f"/api/v1/workshops/{pid}/progress/").json()
    assert body["questions"] == 4 and body["finished"] == 0 and body["status"] == "in_progress"
    assert [(row["name"], row["answered"]) for row in body["participants"]] == [("Aiko", 1), ("Ben", 0)]
    closed = consultancy_api.post(f"/api/v1/workshops/{pid}/close/")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    result = consultancy_api.get(f"/api/v1/assessments/{pid}/result/").json()
    assert result["mode"] == "workshop" and result["questions"][0]["question"] == "strategy.vision"
    again = problem(consultancy_api.post(f"/api/v1/workshops/{pid}/close/"), 400)
    assert again["errors"] == {"non_field_errors": ["This assessment has already been submitted."]}
    history = consultancy_api.get(f"/api/v1/clients/{workshop.assessment.organization.public_id}/history/")
    assert history.json()["results"][0]["assessment"] == pid


@pytest.mark.parametrize(
    "method, tail",
    [("get", "progress/"), ("post", "close/")],
)
def test_another_consultancys_workshop_answers_404(workshop, method, tail):
    other = ConsultantFactory()
    stranger = Api(key_for(other.user, consultancy=other.consultancy, access="write")[1])
    problem(getattr(stranger, method)(f"/api/v1/workshops/{workshop.assessment.public_id}/{tail}"), 404)
    client = workshop.assessment.organization.public_id
    problem(stranger.get(f"/api/v1/clients/{client}/workshops/"), 404)
    problem(stranger.get(f"/api/v1/clients/{client}/history/"), 404)
    problem(stranger.get(f"/api/v1/assessments/{workshop.assessment.public_id}/"), 404)
    assert workshop.assessment.status == "in_progress"


def test_an_organization_key_cannot_use_consultancy_endpoints(api):
    assert "consultancy" in problem(api.get("/api/v1/clients/"), 403)["detail"]


def test_a_consultancy_key_sees_its_clients_assessments(consultancy_api, workshop):
    body = consultancy_api.get("/api/v1/assessments/").json()
    assert [row["id"] for row in body["results"]] == [workshop.assessment.public_id]


def test_a_consultancy_key_does_not_start_self_assessments(consultancy_api, bank):
    problem(consultancy_api.post("/api/v1/assessments/", {"bank": bank.slug}), 403)
