"""Bank editors' keys export any version of a bank as ``cxmaturity.bank/1`` and import drafts."""

from assessments.banks import export_bank
from assessments.models import QuestionBank
from tests.api.conftest import Api, key_for, problem
from tests.documents import bank_document


def test_it_lists_and_exports_any_version(banks_api, bank):
    listed = banks_api.get("/api/v1/banks/").json()
    assert listed["results"] == [{"slug": bank.slug, "version": bank.version, "status": "published"}]
    body = banks_api.get(f"/api/v1/banks/{bank.slug}/{bank.version}/").json()
    assert body == export_bank(bank) and body["format"] == "cxmaturity.bank/1"


def test_it_imports_a_draft(banks_api, bank):
    response = banks_api.post("/api/v1/banks/", bank_document(version="1.1", status="draft"))
    assert response.status_code == 201, response.content
    assert QuestionBank.objects.get(version="1.1").status == "draft"


def test_it_refuses_a_published_document(banks_api, db):
    body = problem(banks_api.post("/api/v1/banks/", bank_document()), 400)
    assert body["errors"] == {"status": ["Only drafts are imported through the API."]}
    assert not QuestionBank.objects.exists()


def test_it_refuses_an_invalid_document_with_its_problems(banks_api, db):
    document = bank_document(status="draft")
    del document["levels"]
    body = problem(banks_api.post("/api/v1/banks/", document), 400)
    assert body["errors"]["document"][0]["path"].startswith("$")


def test_an_existing_version_is_refused(banks_api, bank):
    body = problem(banks_api.post("/api/v1/banks/", bank_document(status="draft")), 400)
    assert "already exists" in body["errors"]["document"][0]["message"]


def test_organization_keys_and_former_editors_get_403(api, bank_editor, bank):
    problem(api.get("/api/v1/banks/"), 403)
    secret = key_for(bank_editor, banks=True)[1]
    bank_editor.groups.clear()
    bank_editor.is_staff = False
    bank_editor.save()
    problem(Api(secret).get("/api/v1/banks/"), 403)


def test_an_unknown_version_answers_404(banks_api, bank):
    problem(banks_api.get(f"/api/v1/banks/{bank.slug}/9.9/"), 404)
