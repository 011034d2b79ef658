"""The answers of a submitted assessment, or of a workshop while it runs, as CSV and XLSX downloads; the
answers with their evidence files as a ZIP."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.views.decorators.http import require_GET

from assessments.access import result_for, workshop_for
from assessments.models import Workshop

from .. import answer_exports
from ..evidence_export import answers_and_evidence_zip
from .download import attachment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def answers_csv(request, public_id):
    assessment = result_for(request.user, public_id)
    return attachment(
        answer_exports.answers_csv(assessment),
        "text/csv; charset=utf-8",
        f"cx-maturity-answers-{assessment.public_id}.csv",
    )


@login_required
@require_GET
def answers_xlsx(request, public_id):
    assessment = result_for(request.user, public_id)
    return attachment(
        answer_exports.answers_xlsx(assessment), XLSX, f"cx-maturity-answers-{assessment.public_id}.xlsx"
    )


@login_required
@require_GET
def answers_and_evidence(request, public_id):
    """The answers CSV and every evidence file, as one ZIP: never cached, like the files themselves."""
    assessment = result_for(request.user, public_id)
    response = FileResponse(
        answers_and_evidence_zip(assessment),
        as_attachment=True,
        filename=f"cx-maturity-evidence-{assessment.public_id}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "no-store"
    return response


def _running(request, public_id):
    """A workshop of the user's consultancy, open or closed, fetched for the exports."""
    return workshop_for(
        request.user,
        public_id,
        Workshop.objects.select_related("assessment__organization", "assessment__bank"),
    ).assessment


@login_required
@require_GET
def workshop_answers_csv(request, public_id):
    """The answers given so far, for the facilitator during the workshop."""
    assessment = _running(request, public_id)
    return attachment(
        answer_exports.answers_csv(assessment),
        "text/csv; charset=utf-8",
        f"cx-maturity-answers-{assessment.public_id}.csv",
    )


@login_required
@require_GET
def workshop_answers_xlsx(request, public_id):
    assessment = _running(request, public_id)
    return attachment(
        answer_exports.answers_xlsx(assessment), XLSX, f"cx-maturity-answers-{assessment.public_id}.xlsx"
    )
