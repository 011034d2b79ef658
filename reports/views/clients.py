"""A consultancy's client: its workshops, with their results, and its trend across them.

Here rather than beside the consultancy's other pages (``assessments.views.consultancies``) because the
trend is a report: reports read assessments, never the reverse.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from assessments.access import client_for
from assessments.models import Workshop

from ..results import organization_history
from .results import history_charts


@login_required
@require_GET
def client_detail(request, public_id: str):
    client = client_for(request.user, public_id)
    workshops = list(
        Workshop.objects.filter(assessment__organization=client)
        .select_related("assessment")
        .annotate(participant_count=Count("assessment__participants"))
        .order_by("-date", "-created_at", "-pk")
    )
    past = organization_history(client)
    results = {entry.public_id: entry for entry in past.entries}
    for workshop in workshops:
        workshop.result = results.get(workshop.assessment.public_id)
    return render(
        request,
        "assessments/consultancies/client_detail.html",
        {
            "client": client,
            "workshops": workshops,
            "history": past,
            "charts": history_charts(past),
            "new_workshop_url": reverse("workshop_create", args=[client.public_id]),
        },
    )
