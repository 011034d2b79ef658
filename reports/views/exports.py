"""The answers of a submitted assessment as CSV and XLSX downloads."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from assessments.access import result_for

from .. import answer_exports

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def answers_csv(request, public_id):
    assessment = result_for(request.user, public_id)
    return _download(
        answer_exports.answers_csv(assessment),
        "text/csv; charset=utf-8",
        f"cx-maturity-answers-{assessment.public_id}.csv",
    )


@login_required
@require_GET
def answers_xlsx(request, public_id):
    assessment = result_for(request.user, public_id)
    return _download(
        answer_exports.answers_xlsx(assessment), XLSX, f"cx-maturity-answers-{assessment.public_id}.xlsx"
    )
