"""The results of a submitted assessment, its target levels and JSON download, the history, the sample."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments.access import assessment_for, organization_for
from assessments.models import Assessment, Workshop
from cxmaturity.kept_markup import KeptPages, join, marker, pieces_of

from ..benchmarks import BenchmarkOutcome
from ..exports import dump_result, result_document, submitted_assessments
from ..forms import TargetForm
from ..metrics import MetricsPanel, metrics_panel
from ..results import (
    History,
    ResultsView,
    assessment_results,
    benchmark_rows,
    organization_history,
    results_benchmark,
    results_charts,
)
from ..sample import sample_bank, sample_metrics_panel, sample_results, sample_results_benchmark
from ..workshops.consensus import Consensus, workshop_consensus
from ..workshops.room import RoomView, room_rows, workshop_room
from .download import attachment


def with_result(view):
    """A view of the member's submitted assessment, called with it (its organization, bank, result and
    customer metrics fetched) instead of its public id. One still in progress sends the member back to it;
    anyone else's, or one closed without a result, is 404."""

    @functools.wraps(view)
    def wrapper(request, public_id: str):
        assessment = assessment_for(
            request.user,
            public_id,
            Assessment.objects.select_related("organization", "bank", "result", "metrics"),
        )
        if assessment.is_open:
            return redirect("assessment_resume", public_id=assessment.public_id)
        if not assessment.has_result:
            raise Http404
        return view(request, assessment)

    return wrapper


RESULTS = "reports/results.html"
# The results pages rendered last in this process: a submitted result never changes, so its page's markup
# (charts included) is rendered again only when what it shows does (targets, metrics, peers, language).
KEPT = KeptPages(size=64)


def _render_results(
    request,
    results: ResultsView,
    target_form: TargetForm | None,
    benchmark: BenchmarkOutcome,
    metrics: MetricsPanel,
    room: RoomView | None = None,
    workshop: Workshop | None = None,
    consensus: Consensus | None = None,
):
    context = {
        "results": results,
        "target_form": target_form,
        "benchmark": benchmark,
        "metrics_panel": metrics,
        "room": room,
        "workshop": workshop,
        "consensus": consensus,
        # Only the workshop's consultancy shares its summary with the participants.
        "share_form": workshop is not None
        and workshop.assessment.organization.consultancy.consultants.filter(user=request.user).exists(),
    }
    # A workshop's page names the request's host and its workshop row; a form with errors is the request's
    # own: rendered each time.
    if workshop is not None or (target_form is not None and target_form.is_bound):
        return render(request, RESULTS, {**context, **_figures(context)})
    key = KEPT.key(results, benchmark, metrics, target_form is not None, get_language())
    pieces = KEPT.get(key)
    if pieces is None:
        stand_in = {**context, **_figures(context), "csrf_token": marker("csrf")}
        pieces = pieces_of(get_template(f"{RESULTS}#content").render(stand_in, request)) or ()
        KEPT.put(key, pieces)
    if not pieces:
        return render(request, RESULTS, {**context, **_figures(context)})
    token = get_token(request)
    return render(request, RESULTS, {**context, "kept_content": join(pieces, lambda _name: token)})


def _figures(context: dict) -> dict:
    """What the page draws from its data: the charts and the tables beside them."""
    results, benchmark, room = context["results"], context["benchmark"], context["room"]
    comparison = benchmark.benchmark
    # In the product's colours, a branded workshop's page too: the page is part of the product's interface,
    # whose buttons and links are the product's; the consultancy's accent brands what it hands over, the PDF.
    charts = {name: mark_safe(svg) for name, svg in results_charts(results, comparison).items()}
    return {
        "charts": charts,
        "benchmark_rows": benchmark_rows(results, comparison) if comparison else (),
        "room_rows": room_rows(room, results.dimensions) if room else (),
    }


@login_required
@require_GET
@with_result
def results(request, assessment):
    view = assessment_results(assessment)
    return _render_results(
        request,
        view,
        TargetForm(dimensions=view.dimensions),
        results_benchmark(assessment, view),
        metrics_panel(assessment),
        *_workshop(assessment, view),
    )


def _workshop(assessment, view: ResultsView) -> tuple[RoomView | None, Workshop | None, Consensus | None]:
    """A workshop's room (the participants' spread and departments: seven queries), the workshop (one) and
    its consensus by question (six); nothing for a self-assessment."""
    if assessment.mode != Assessment.Mode.WORKSHOP:
        return None, None, None
    room = workshop_room(assessment, [dimension.code for dimension in view.dimensions])
    workshop = Workshop.objects.select_related("assessment__organization__consultancy").get(
        assessment=assessment
    )
    return room, workshop, workshop_consensus(workshop)


@login_required
@require_POST
@with_result
def targets(request, assessment):
    view = assessment_results(assessment)
    form = TargetForm(request.POST, dimensions=view.dimensions)
    if form.is_valid():
        form.save(assessment.result)
        messages.success(request, _("Target levels saved. The plan now follows them."))
    else:
        problems = [
            f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
            for name, errors in form.errors.items()
        ]
        messages.error(
            request, _("The target levels were not changed. %(problems)s") % {"problems": " ".join(problems)}
        )
    return redirect(reverse("results", args=[assessment.public_id]) + "#plan")


@login_required
@require_GET
def result_json(request, public_id):
    assessment = assessment_for(request.user, public_id, submitted_assessments())
    return attachment(
        dump_result(result_document(assessment), indent=2),
        "application/json; charset=utf-8",
        f"cx-maturity-{assessment.public_id}.json",
    )


def _short_date(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


def history_charts(past: History) -> dict[str, str]:
    """The trend of an organization's history, wide and compact (for phones); none without entries."""
    if not past.entries:
        return {}
    return {
        "trend": mark_safe(past.trend_svg(_short_date)),
        "trend_compact": mark_safe(past.trend_svg(_short_date, compact=True)),
    }


@login_required
@require_GET
def history(request):
    past = organization_history(organization_for(request.user))
    return render(request, "reports/history.html", {"history": past, "charts": history_charts(past)})


@require_GET
def sample(request):
    bank = sample_bank()
    if bank is None:
        return render(request, "reports/results.html", {"results": None}, status=404)
    view = sample_results(bank)
    return _render_results(request, view, None, sample_results_benchmark(view, bank), sample_metrics_panel())
