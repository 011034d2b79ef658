"""A closed workshop's summary, which its facilitator may share with the participants: the result and how
the room spread, without anyone's answers or comments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments.access import workshop_for
from assessments.models import Workshop
from cxmaturity.ids import is_public_id

from ..results import assessment_results, results_charts
from ..workshops.room import room_rows, workshop_room


@require_GET
def summary(request, code: str):
    """Anyone holding the join code, once the workshop is closed and its summary shared; 404 before."""
    if not is_public_id(code):
        raise Http404
    workshop = get_object_or_404(
        Workshop.objects.select_related("assessment__organization", "assessment__bank", "assessment__result"),
        join_code=code,
        summary_shared=True,
    )
    assessment = workshop.assessment
    if not assessment.has_result:
        raise Http404
    view = assessment_results(assessment)
    room = workshop_room(assessment, [dimension.code for dimension in view.dimensions])
    charts = {name: mark_safe(svg) for name, svg in results_charts(view).items()}
    return render(
        request,
        "reports/workshop_summary.html",
        {
            "workshop": workshop,
            "results": view,
            "charts": charts,
            "room": room,
            "room_rows": room_rows(room, view.dimensions),
        },
    )


@login_required
@require_POST
def share(request, public_id: str):
    """The facilitator shares the summary with the participants, or stops sharing it."""
    workshop = workshop_for(request.user, public_id)
    workshop.summary_shared = request.POST.get("shared") == "1"
    workshop.save(update_fields=["summary_shared"])
    if workshop.summary_shared:
        messages.success(request, _("The summary is shared: participants see it from their workshop page."))
    else:
        messages.success(request, _("The summary is no longer shared with the participants."))
    return redirect(reverse("results", args=[public_id]) + "#room")
