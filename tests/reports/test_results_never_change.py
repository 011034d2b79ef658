"""No submitted result changes because of anything done in the bank editor.

Two submitted self-assessments and a closed workshop (with a re-vote and an agreed score) on a published bank;
then an editor clones the bank, rewords, re-weights, re-scores, removes and adds content in the draft,
publishes it, retires the first version, and tries to change the first version, the assessments, answers and
results in the admin. Every result JSON, the results pages and the PDFs' text stay the same, byte for byte.
"""

import re
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assessments.models import Answer, Assessment, DimensionResult, Participant, QuestionBank, Result
from assessments.services import agreed_score_set, revote_start, workshop_close
from reports.exports import dump_result, result_document, submitted_assessments
from reports.pdf import report_for_assessment
from tests.assessments.bank_editor import form_data, staff_client
from tests.factories import OrganizationFactory, UserFactory, fetched, in_turn, submit
from tests.workshops import answer

pytestmark = pytest.mark.django_db


def url(model: str, view: str = "change", *args) -> str:
    return reverse(f"admin:assessments_{model}_{view}", args=args)


@pytest.fixture
def results(submitted, answered, bank, consultant):
    """The member's submitted assessment, another organization's, and the closed workshop, with the clients
    that may read their results."""
    other = OrganizationFactory(name="Other")
    other_user = UserFactory()
    other.memberships.create(user=other_user, role="owner")
    second = submit(other, bank, in_turn(bank), by=other_user)

    vision = bank.questions.get(code="strategy.vision")
    revote_start(workshop=answered, question=vision, by=consultant.user)
    for participant in answered.assessment.participants.all():
        answer(participant, bank, "strategy.vision", "3", comment="Second round")
    agreed_score_set(workshop=answered, question=vision, score="2.5", rationale="Agreed", by=consultant.user)
    workshop_close(workshop=answered, by=consultant.user)

    def client_for(user):
        client = Client(headers={"accept-language": "en"})
        client.force_login(user)
        return client

    member_user = submitted.organization.memberships.get().user
    return [
        (submitted, client_for(member_user)),
        (second, client_for(other_user)),
        (fetched(answered.assessment), client_for(consultant.user)),
    ]


VARYING = re.compile(r'[A-Za-z0-9]{64}|nonce="[^"]*"')  # CSRF tokens and CSP nonces change with every page


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def everything_shown(results, tmp_path) -> dict[str, str]:
    shown = {}
    every = StringIO()
    call_command("export_result", "--all", stdout=every)
    shown["export_result --all"] = every.getvalue()
    for assessment in submitted_assessments():
        shown[f"{assessment.public_id}.json"] = dump_result(result_document(assessment), indent=2)
    for number, (assessment, client) in enumerate(results):
        key = assessment.public_id
        page = client.get(reverse("results", args=[key]))
        assert page.status_code == 200
        shown[f"{key}.html"] = VARYING.sub("…", page.content.decode())
        shown[f"{key}.csv"] = client.get(reverse("results_csv", args=[key])).content.decode()
        language = ("en", "ja")[number % 2]  # both languages, a PDF each: they take a second apiece
        shown[f"{key}.{language}.pdf"] = pdf_text(
            report_for_assessment(fetched(assessment), language), tmp_path
        )
    return shown


def edit(editor, obj, **changes) -> None:
    """Change an object of a draft on its admin page, as an editor would."""
    change = url(obj._meta.model_name, "change", obj.pk)
    assert editor.post(change, form_data(editor.get(change), **changes)).status_code == 302


def test_nothing_done_in_the_editor_changes_a_submitted_result(results, bank, tmp_path):
    before = everything_shown(results, tmp_path)
    assert len(before) == 1 + 3 + 3 * 3
    editor = staff_client(editor=True)

    # A new draft version, changed in every way the editor allows
    editor.post(url("questionbank", "new_version", bank.pk))
    draft = QuestionBank.objects.get(slug=bank.slug, version="1.1")
    edit(
        editor,
        draft.questions.get(code="strategy.vision"),
        text_en="Reworded vision?",
        text_ja="言い換えたビジョン?",
        weight="3",
        **{"options-0-label_en": "Nothing at all", "options-1-label_ja": "少し"},
    )
    edit(
        editor,
        draft.dimensions.get(code="strategy"),
        weight="2.5",
        name_en="Strategy, renamed",
        **{"questions-1-DELETE": "on", "recommendations-0-body_en": "New advice"},
    )
    assert not draft.questions.filter(code="strategy.budget").exists()
    edit(editor, draft.questions.get(code="voc.metrics"), **{"options-2-score": "0.5"})
    edit(editor, draft.levels.get(level=3), min_score="2.70")

    # Published, and the first version retired
    assert editor.post(url("questionbank", "publish", draft.pk)).status_code == 302
    assert editor.post(url("questionbank", "retire", bank.pk)).status_code == 302
    assert QuestionBank.objects.get(pk=draft.pk).status == "published"
    assert QuestionBank.objects.get(pk=bank.pk).status == "retired"

    # The first version, the assessments and their results cannot be touched
    first_vision = bank.questions.get(code="strategy.vision")
    assert editor.post(url("question", "change", first_vision.pk), {"text_en": "x"}).status_code == 403
    admin = Client(headers={"accept-language": "en"})
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    for assessment, _client in results:
        targets = [
            ("assessment", assessment.pk),
            ("result", Result.objects.get(assessment=assessment).pk),
            ("answer", Answer.objects.filter(participant__assessment=assessment).first().pk),
        ]
        for model, pk in targets:
            assert admin.get(url(model, "change", pk)).status_code == 200  # read-only, but readable
            assert admin.post(url(model, "change", pk), {}).status_code == 403
            assert admin.post(url(model, "delete", pk), {"post": "yes"}).status_code == 403
        assert (
            admin.post(url("organization", "delete", assessment.organization.pk), {"post": "yes"}).status_code
            == 403
        )
        assert admin.post(url("questionbank", "delete", bank.pk), {"post": "yes"}).status_code == 403
    assert Assessment.objects.submitted().count() == 3
    assert Participant.objects.filter(assessment__status__in=["submitted", "closed"]).count() == 2 + 3
    assert DimensionResult.objects.count() == 3 * 2

    after = everything_shown(results, tmp_path)
    assert after.keys() == before.keys()
    for name in before:
        assert after[name] == before[name], name
