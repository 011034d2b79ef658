"""The answers of a submitted assessment as CSV and XLSX downloads."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from assessments.access import result_for

from .. import answer_exports
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
