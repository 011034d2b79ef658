import pytest
from django.urls import reverse

from assessments.banks import import_bank
from tests.documents import bank_document
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model",
    ["questionbank", "dimension", "question", "recommendation", "organization", "assessment", "result"],
)
def test_admin_lists_every_bank_model(admin_client, bank, model):
    response = admin_client.get(reverse(f"admin:assessments_{model}_changelist"))
    assert response.status_code == 200


def test_a_published_bank_can_be_browsed_but_not_changed(admin_client, bank):
    question = bank.questions.get(code="strategy.vision")
    url = reverse("admin:assessments_question_change", args=[question.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert question.text_en in page.content.decode()
    assert 'name="text_en"' not in page.content.decode()  # read-only: no input

    response = admin_client.post(url, {"text_en": "Changed", "text_ja": "変更"})
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.text_en != "Changed"


def test_a_draft_bank_is_editable(admin_client):
    draft = import_bank(bank_document(slug="draft", status="draft"))
    question = draft.questions.get(code="strategy.vision")
    page = admin_client.get(reverse("admin:assessments_question_change", args=[question.pk]))
    assert 'name="text_en"' in page.content.decode()


def test_anonymous_and_non_staff_users_are_sent_to_log_in(client, bank):
    url = reverse("admin:assessments_questionbank_changelist")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 302
