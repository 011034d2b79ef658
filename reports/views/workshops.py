"""The facilitator's page of a live workshop: who joined and how far each one is, and per question the
distribution of the answers, their spread and the comments. Its two blocks poll their own partials, which
answer 304 while nothing has changed (``cxmaturity.conditional``).

A report, so it lives here: it reads the statistics of ``reports.workshops``, which ``assessments`` may not
import. The set-up and presenter pages are in ``assessments/views/workshops.py``."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from assessments.access import workshop_for
from assessments.workshop_live import join_address, live_state
from cxmaturity.conditional import conditional, etag_for, poll_headers

from ..workshops import BANK_ORDER, ORDERS, workshop_questions, workshop_roster

FACILITATOR = "reports/workshops/facilitator.html"


def _order(request) -> str:
    order = request.GET.get("order", BANK_ORDER)
    return order if order in ORDERS else BANK_ORDER


def _etag(workshop, state: tuple, *block) -> str:
    """What a block shows depends on the participants and answers (``state``), whether the workshop takes
    answers, the language, and the block (with its order)."""
    return etag_for(*state, workshop.assessment.status, workshop.accepts_answers, get_language(), *block)


def _participants(workshop, etag: str) -> dict:
    return {"roster": workshop_roster(workshop), "participants_poll": poll_headers(etag)}


def _questions(workshop, order: str, etag: str) -> dict:
    return {
        "questions": workshop_questions(workshop, order=order),
        "order": order,
        "questions_poll": poll_headers(etag),
    }


@login_required
@require_GET
def workshop_detail(request, public_id):
    workshop = workshop_for(request.user, public_id)
    state = live_state(workshop)
    order = _order(request)
    context = {
        "workshop": workshop,
        "assessment": workshop.assessment,
        "client": workshop.assessment.organization,
        "address": join_address(request, workshop),
        **_participants(workshop, _etag(workshop, state, "participants")),
        **_questions(workshop, order, _etag(workshop, state, "questions", order)),
    }
    return render(request, FACILITATOR, context)


@login_required
@require_GET
def workshop_participants(request, public_id):
    """The participants block, polled: 304 while nobody has joined or answered since."""
    workshop = workshop_for(request.user, public_id)
    etag = _etag(workshop, live_state(workshop), "participants")
    context = {"workshop": workshop}
    return conditional(
        request,
        etag,
        lambda: render(request, f"{FACILITATOR}#participants", {**context, **_participants(workshop, etag)}),
    )


@login_required
@require_GET
def workshop_questions_block(request, public_id):
    """The questions block, polled: 304 while no answer has changed since."""
    workshop = workshop_for(request.user, public_id)
    order = _order(request)
    etag = _etag(workshop, live_state(workshop), "questions", order)
    context = {"workshop": workshop}
    return conditional(
        request,
        etag,
        lambda: render(request, f"{FACILITATOR}#questions", {**context, **_questions(workshop, order, etag)}),
    )
