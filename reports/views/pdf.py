"""The PDF report of a submitted assessment (members only) and of the public sample."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from assessments.access import result_for
from assessments.throttles import PDF_DOWNLOAD_USER, refuse
from cxmaturity.i18n import CONTENT_LANGUAGES, content_language

from ..pdf import report_for_assessment
from ..sample import cached_sample_report
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
    refusal = PDF_DOWNLOAD_USER.hit(str(request.user.pk))
    if refusal is not None:
        message = _(
            "You downloaded several PDF reports in a short time. Please try again in %(wait)s; the results "
            "page shows everything the report has meanwhile."
        ) % {"wait": refusal.wait}
        refuse(request, refusal, message)
        return render(request, "reports/pdf_throttled.html", {"assessment": assessment})
    language = _language(request)
    return attachment(
        report_for_assessment(assessment, language),
        PDF,
        f"cx-maturity-report-{assessment.public_id}-{language}.pdf",
    )


@require_GET
def sample_report(request):
    """The same for every visitor of a language: rendered once (``cached_sample_report``), revalidated by its
    ETag and date, and kept by browsers and proxies for an hour."""
    language = _language(request)
    pdf = cached_sample_report(language)
    if pdf is None:
        raise Http404
    last_modified = int(pdf.rendered_at.timestamp())
    response = get_conditional_response(request, etag=pdf.etag, last_modified=last_modified)
    if response is None:
        response = attachment(pdf.data, PDF, f"cx-maturity-sample-report-{language}.pdf")
    response["ETag"] = pdf.etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=3600)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response
