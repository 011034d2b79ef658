"""A consultancy's pages: its clients, creating and editing a client, its branding and logo.

Every page needs a logged-in consultant; a consultancy's clients and logo answer 404 to anyone else. A
client's own page, with its workshops and results, is in ``reports.views.clients``.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cxmaturity.i18n import content_language

from ..access import client_for
from ..consultancy_forms import BrandingForm, ClientForm
from ..models import Assessment, Consultancy, MaturityLevel, Organization, Workshop


def consultant_required(view):
    """A view for consultants, called with their consultancy (its logo left unread, ``has_logo`` annotated).
    Anonymous visitors are sent to log in; anyone else who is not a consultant gets a 404."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        consultancy = (
            Consultancy.objects.filter(consultants__user=request.user)
            .defer("logo")
            .annotate(has_logo=ExpressionWrapper(Q(logo__isnull=False), output_field=BooleanField()))
            .first()
        )
        if consultancy is None:
            raise Http404
        return view(request, consultancy, *args, **kwargs)

    return wrapper


def clients_overview(consultancy: Consultancy) -> list[Organization]:
    """The consultancy's clients by name, in one query, each annotated with ``workshop_count`` and its latest
    result (``latest_public_id``, ``latest_score``, ``latest_level`` and ``latest_level_name`` in the active
    language), if it has one."""
    latest = (
        Assessment.objects.with_result().filter(organization=OuterRef("pk")).order_by("-submitted_at", "-pk")
    )
    level = MaturityLevel.objects.filter(bank=OuterRef("latest_bank"), level=OuterRef("latest_level"))
    workshops = (
        Workshop.objects.filter(assessment__organization=OuterRef("pk"))
        .order_by()
        .values("assessment__organization")
        .annotate(n=Count("pk"))
        .values("n")
    )
    name = f"name_{content_language()}"
    return list(
        consultancy.clients.annotate(
            workshop_count=Coalesce(Subquery(workshops), 0),
            latest_public_id=Subquery(latest.values("public_id")[:1]),
            latest_score=Subquery(latest.values("result__score")[:1]),
            latest_level=Subquery(latest.values("result__level")[:1]),
            latest_bank=Subquery(latest.values("bank")[:1]),
            latest_level_name=Subquery(level.values(name)[:1]),
        ).order_by("name", "pk")
    )


@require_GET
@consultant_required
def home(request, consultancy):
    return render(
        request,
        "assessments/consultancies/home.html",
        {"consultancy": consultancy, "clients": clients_overview(consultancy)},
    )


@require_http_methods(["GET", "POST"])
@consultant_required
def client_create(request, consultancy):
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.consultancy = consultancy
        client = form.save()
        messages.success(request, _("Client %(name)s added.") % {"name": client.name})
        return redirect("client_detail", public_id=client.public_id)
    return render(request, "assessments/consultancies/client_form.html", {"form": form, "client": None})


@login_required
@require_http_methods(["GET", "POST"])
def client_edit(request, public_id: str):
    client = client_for(request.user, public_id)
    saved_name = client.name  # a refused form may already have changed the instance's
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Client %(name)s saved.") % {"name": client.name})
        return redirect("client_detail", public_id=client.public_id)
    return render(
        request,
        "assessments/consultancies/client_form.html",
        {"form": form, "client": client, "client_name": saved_name},
    )


@require_http_methods(["GET", "POST"])
@consultant_required
def branding(request, consultancy):
    form = BrandingForm(request.POST or None, request.FILES or None, instance=consultancy)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Branding saved. Your workshops' reports use it from now on."))
            return redirect("consultancy_branding")
        # The form's instance took the refused values; the preview shows what is stored.
        consultancy.refresh_from_db(fields=["name", "accent_colour"])
    return render(
        request, "assessments/consultancies/branding.html", {"form": form, "consultancy": consultancy}
    )


@require_GET
def logo(request, public_id: str):
    """The consultancy's logo, for its own consultants only (anyone else, and no logo: 404)."""
    if not request.user.is_authenticated:
        raise Http404
    data = (
        Consultancy.objects.filter(public_id=public_id, consultants__user=request.user, logo__isnull=False)
        .values_list("logo", flat=True)
        .first()
    )
    if data is None:
        raise Http404
    response = HttpResponse(bytes(data), content_type="image/png")
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response
