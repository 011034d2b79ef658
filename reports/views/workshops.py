"""The live pages of a workshop: the facilitator's page and the presenter page for the projector.

The facilitator's page shows who joined and how far each one is, and per question the distribution of the
answers, their spread, the comments and the agreed score, with the facilitator's actions
(``workshop_actions.py``). The presenter page shows the QR code, the join address, how many have joined, and
the distribution of the one question the facilitator reveals. Their blocks poll partials that answer 304 while
nothing has changed (``cxmaturity.conditional``).

Reports, so they live here: they read the statistics of ``reports.workshops``, which ``assessments`` may not
import. Setting a workshop up is in ``assessments/views/workshops.py``."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from assessments.access import workshop_for
from assessments.models.workshops import AGREED_SCORES, RATIONALE_MAX_LENGTH
from assessments.workshop_live import decisions_state, join_address, live_state, presenter_state, qr_code
from cxmaturity.conditional import conditional, etag_for, poll_headers

from ..workshops import BANK_ORDER, ORDERS, revealed_question, workshop_questions, workshop_roster

FACILITATOR = "reports/workshops/facilitator.html"
PRESENTER = "reports/workshops/presenter.html"
# What the agree form of every question offers (rule 8: 1–5 in steps of 0.5).
AGREE_FORM = {"agreed_scores": AGREED_SCORES, "rationale_max_length": RATIONALE_MAX_LENGTH}


def order_of(data) -> str:
    order = data.get("order", BANK_ORDER)
    return order if order in ORDERS else BANK_ORDER


def _etag(workshop, state: tuple, *block) -> str:
    """What a block shows depends on the participants and answers (``state``), whether the workshop takes
    answers, the language, and the block (with its order)."""
    return etag_for(*state, workshop.assessment.status, workshop.accepts_answers, get_language(), *block)


def _participants(workshop, etag: str) -> dict:
    return {"roster": workshop_roster(workshop), "participants_poll": poll_headers(etag)}


def _questions_etag(workshop, order: str, state: tuple | None = None) -> str:
    """The questions block also shows the agreed scores, the rounds and which question is on the projector."""
    state = live_state(workshop) if state is None else state
    return _etag(
        workshop, state, "questions", order, workshop.revealed_question_id, *decisions_state(workshop)
    )


def questions_context(workshop, order: str, etag: str) -> dict:
    return {
        "workshop": workshop,
        "questions": workshop_questions(workshop, order=order),
        "order": order,
        "questions_poll": poll_headers(etag),
        **AGREE_FORM,
    }


def render_questions(request, workshop, order: str):
    """The questions block as it is now, for a poll or after an action that changes several questions."""
    etag = _questions_etag(workshop, order)
    return render(request, f"{FACILITATOR}#questions", questions_context(workshop, order, etag))


@login_required
@require_GET
def workshop_detail(request, public_id):
    workshop = workshop_for(request.user, public_id)
    order = order_of(request.GET)
    state = live_state(workshop)
    context = {
        "assessment": workshop.assessment,
        "client": workshop.assessment.organization,
        "address": join_address(request, workshop),
        **_participants(workshop, _etag(workshop, state, "participants")),
        **questions_context(workshop, order, _questions_etag(workshop, order, state)),
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
    """The questions block, polled: 304 while no answer, agreed score or reveal has changed since."""
    workshop = workshop_for(request.user, public_id)
    order = order_of(request.GET)
    etag = _questions_etag(workshop, order)
    return conditional(
        request,
        etag,
        lambda: render(request, f"{FACILITATOR}#questions", questions_context(workshop, order, etag)),
    )


def _presenter_etag(workshop) -> tuple[str, int]:
    """The ETag of the presenter's live block (who joined, the question on the projector and its answers,
    whether the workshop is open and takes answers, the language), and how many have joined."""
    state = presenter_state(workshop)
    etag = etag_for(
        "presenter", *state.fingerprint, workshop.assessment.status, workshop.accepts_answers, get_language()
    )
    return etag, state.joined


def _presenter_live(workshop, etag: str, joined: int) -> dict:
    """The live block's context: the question on the projector with its distribution, while the workshop is
    open; nothing of the answers otherwise."""
    shown = revealed_question(workshop) if workshop.assessment.is_open else None
    return {"workshop": workshop, "joined": joined, "revealed": shown, "poll_headers": poll_headers(etag)}


@login_required
@require_GET
def workshop_presenter(request, public_id):
    workshop = workshop_for(request.user, public_id)
    address = join_address(request, workshop)
    context = {
        **_presenter_live(workshop, *_presenter_etag(workshop)),
        "client": workshop.assessment.organization,
        "address": address,
        "qr_code": qr_code(address.url),
    }
    return render(request, PRESENTER, context)


@login_required
@require_GET
def workshop_presenter_live(request, public_id):
    """The presenter's live block, polled: 304 while nobody new has joined, the projector shows the same
    question and nobody has answered it since."""
    workshop = workshop_for(request.user, public_id)
    etag, joined = _presenter_etag(workshop)
    return conditional(
        request, etag, lambda: render(request, f"{PRESENTER}#live", _presenter_live(workshop, etag, joined))
    )
