"""A consultant's workshop pages: setting a workshop up for a client, and the presenter page for the projector
(the QR code, the join address, how many have joined). The facilitator's page, with the spread of the answers,
is a report: ``reports/views/workshops.py``."""

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cxmaturity.conditional import conditional, etag_for, poll_headers

from ..access import client_for, workshop_for
from ..services import workshop_start
from ..workshop_forms import WorkshopForm
from ..workshop_live import join_address, joined_state

CREATE = "assessments/workshops/create.html"
PRESENTER = "assessments/workshops/presenter.html"


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


def qr_code(url: str) -> SafeString:
    """The QR code of ``url`` as inline SVG, drawn at any size by CSS (no style attribute: the CSP)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=4, omitsize=True, dark="#000", light="#fff", svgclass="qr-code", title=_("QR code")
    )
    # An image with its <title> as its name, for screen readers.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # segno escapes the title


def _joined(workshop) -> tuple[str, dict]:
    """The ETag of the joined count (who joined, whether the workshop takes answers, the language) and the
    context of the block that shows it."""
    joined = joined_state(workshop)
    etag = etag_for("joined", *joined.fingerprint, workshop.accepts_answers, get_language())
    return etag, {"workshop": workshop, "joined": joined.count, "poll_headers": poll_headers(etag)}


@login_required
@require_GET
def workshop_presenter(request, public_id):
    workshop = workshop_for(request.user, public_id)
    address = join_address(request, workshop)
    _etag, joined = _joined(workshop)
    context = {
        **joined,
        "client": workshop.assessment.organization,
        "address": address,
        "qr_code": qr_code(address.url),
    }
    return render(request, PRESENTER, context)


@login_required
@require_GET
def workshop_presenter_joined(request, public_id):
    """The presenter's count of participants, polled: 304 while nobody new has joined."""
    etag, context = _joined(workshop_for(request.user, public_id))
    return conditional(request, etag, lambda: render(request, f"{PRESENTER}#joined", context))
