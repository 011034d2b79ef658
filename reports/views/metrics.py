"""Entering the CX metrics (NPS, CSAT, CES) of a submitted assessment as raw response counts."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments.access import assessment_for
from assessments.models import Assessment
from assessments.models.metrics import METRIC_NAMES, SCALES
from assessments.services import cx_metrics_clear, cx_metrics_save

from ..metrics import MetricsForm


def _clear(request, assessment: Assessment):
    code = request.POST.get("clear", "")
    if code not in SCALES:
        messages.error(request, _("There is no such metric to clear. Nothing was changed."))
        return redirect("results_metrics", public_id=assessment.public_id)
    cx_metrics_clear(assessment=assessment, code=code)
    messages.success(request, _("%(metric)s was cleared.") % {"metric": METRIC_NAMES[code]})
    return redirect(reverse("results", args=[assessment.public_id]) + "#metrics")


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, public_id):
    assessment = assessment_for(
        request.user,
        public_id,
        Assessment.objects.submitted().select_related("organization", "bank", "metrics"),
    )
    metrics = getattr(assessment, "metrics", None)
    if request.method == "POST" and "clear" in request.POST:
        return _clear(request, assessment)
    form = MetricsForm(request.POST if request.method == "POST" else None, metrics=metrics)
    if form.is_bound and form.is_valid():
        cx_metrics_save(assessment=assessment, counts=form.counts())
        messages.success(
            request,
            _("Customer metrics saved. They are shown beside the maturity result and do not change it."),
        )
        return redirect(reverse("results", args=[assessment.public_id]) + "#metrics")
    return render(
        request,
        "reports/metrics_form.html",
        {"assessment": assessment, "form": form, "fieldsets": form.fieldsets()},
    )
