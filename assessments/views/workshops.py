"""A consultant sets a workshop up for a client. The live pages — the facilitator's, with the spread of the
answers, and the presenter page for the projector, with the question revealed — are reports:
``reports/views/workshops.py``."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ..access import client_for
from ..services import workshop_start
from ..workshop_forms import WorkshopForm

CREATE = "assessments/workshops/create.html"


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request, public_id):
    client = client_for(request.user, public_id)
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workshop = workshop_start(
                client=client,
                bank=data["bank"],
                title=data["title"],
                date=data["date"],
                anonymous=data["anonymous"],
                ends_at=data["ends_at"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("workshop_detail", public_id=workshop.assessment.public_id)
    status = 422 if form.errors else 200
    return render(request, CREATE, {"client": client, "form": form}, status=status)
