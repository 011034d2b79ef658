"""The PDF report of a submitted assessment (members only) and of the public sample."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from assessments.access import result_for
from cxmaturity.i18n import CONTENT_LANGUAGES, content_language

from ..pdf import report_for_assessment
from ..sample import sample_report as render_sample_report
from .download import attachment

PDF = "application/pdf"


def _language(request) -> str:
    """``?lang=ja|en``; anything else (or nothing) means the language of the request."""
    asked = request.GET.get("lang", "")
    return asked if asked in CONTENT_LANGUAGES else content_language(request.LANGUAGE_CODE)


@login_required
@require_GET
def report(request, public_id):
    """An in-progress assessment (or anyone else's) answers 404: there is no result to report yet."""
    assessment = result_for(request.user, public_id)
    language = _language(request)
    return attachment(
        report_for_assessment(assessment, language),
        PDF,
        f"cx-maturity-report-{assessment.public_id}-{language}.pdf",
    )


@require_GET
def sample_report(request):
    language = _language(request)
    data = render_sample_report(language)
    if data is None:
        raise Http404
    response = attachment(data, PDF, f"cx-maturity-sample-report-{language}.pdf")
    # The same for every visitor of a language: let browsers and proxies keep it for an hour.
    patch_cache_control(response, public=True, max_age=3600)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
