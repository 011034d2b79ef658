"""Evidence files on the questionnaire (attach, delete) and their one way out: a download that checks access.

A file is attached beside a question's comment: by htmx (the file alone, the question's list swapped), or
without JavaScript with the page's form, which also saves the page's answers (``page_action``). Files are
never served from a public URL: ``download`` hands one to whoever may see its assessment, else 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cxmaturity.prepared import PreparedQuery

from ..models import Evidence, Participant, Question
from ..services import evidence_add, evidence_delete

PARTIAL = "assessments/questionnaire/dimension.html#evidence"


def field_name(question: Question) -> str:
    return f"{question.code}-evidence"


def _of_dimension(participant: int, dimension: int):
    return Evidence.objects.filter(participant=participant, question__dimension_id=dimension).order_by("pk")


_OF_DIMENSION = PreparedQuery(_of_dimension, participant=-7_310_000_005, dimension=-7_310_000_006)


def in_dimension(participant: Participant, dimension) -> dict[int, list[Evidence]]:
    """The participant's files for the questions of a dimension's page, by question id, in the order they
    came: one query, compiled once (asked on every page)."""
    files: dict[int, list[Evidence]] = {}
    for evidence in _OF_DIMENSION.run(participant=participant.pk, dimension=dimension.pk):
        files.setdefault(evidence.question_id, []).append(evidence)
    return files


def attached(participant: Participant, questions) -> dict[int, list[Evidence]]:
    """The participant's files for these questions, by question id, in the order they came: one query."""
    files: dict[int, list[Evidence]] = {}
    for evidence in Evidence.objects.filter(participant=participant, question__in=questions).order_by("pk"):
        files.setdefault(evidence.question_id, []).append(evidence)
    return files


def _attach(request, respondent, question: Question) -> str:
    """Attach the posted file of the question; the reason it was not attached, or ""."""
    upload = request.FILES.get(field_name(question))
    if upload is None:
        return _("Choose a file to attach first.")
    try:
        evidence_add(participant=respondent.participant, question=question, upload=upload, by=request.user)
    except ValidationError as error:
        return error.messages[0]
    return ""


def _delete(respondent, public_id: str) -> tuple[Question | None, str]:
    """Delete one of the participant's files: its question, and the reason it was not deleted, or ""."""
    evidence = (
        Evidence.objects.select_related("question", "participant")
        .filter(participant=respondent.participant, public_id=public_id)
        .first()
    )
    if evidence is None:
        raise Http404
    try:
        evidence_delete(evidence=evidence)
    except ValidationError as error:
        return evidence.question, error.messages[0]
    return evidence.question, ""


def _question_block(request, respondent, question: Question, error: str, status: int = 200):
    state = {
        "question": question,
        "evidence": attached(respondent.participant, [question]).get(question.pk, []),
        "evidence_error": error,
    }
    context = {"state": state, "urls": respondent.urls, "evidence_limit": settings.CXM_EVIDENCE_MAX_BYTES}
    return render(request, PARTIAL, context, status=status)


def upload(request, respondent, question: Question):
    """htmx: attach a file to the question; its list of files, with the reason if it was refused."""
    error = _attach(request, respondent, question)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(respondent.dimension_url(question.dimension.code) + f"#q-{question.code}")
    return _question_block(request, respondent, question, error, status=422 if error else 200)


def delete(request, respondent, public_id: str):
    """htmx: delete one of the participant's files; the question's list of files."""
    question, error = _delete(respondent, public_id)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(respondent.dimension_url(question.dimension.code) + f"#q-{question.code}")
    return _question_block(request, respondent, question, error, status=422 if error else 200)


def page_action(request, respondent, questions: list[Question]) -> str | None:
    """A page posted without JavaScript by an "Attach" or a "Delete" button: do it (messages say what failed)
    and return the question's anchor to come back to; None for any other post."""
    by_code = {question.code: question for question in questions}
    if request.POST.get("attach") in by_code:
        question = by_code[request.POST["attach"]]
        error = _attach(request, respondent, question)
    elif request.POST.get("delete"):
        question, error = _delete(respondent, request.POST["delete"])
    else:
        return None
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The evidence files were updated."))
    return f"#q-{question.code}"


@login_required
@require_GET
def download(request, public_id):
    """An evidence file, for the members of its organization and its consultancy's consultants; 404 for
    anyone else. Always a download (never shown in the browser) and never cached."""
    evidence = Evidence.objects.for_user(request.user).filter(public_id=public_id).first()
    if evidence is None:
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
