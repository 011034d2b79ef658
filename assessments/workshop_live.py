"""What the live pages of a workshop share: its join address and QR code, and cheap fingerprints of who
joined, of the answers and of the facilitator's decisions, from which the pages that poll make their ETags
(``cxmaturity.conditional``)."""

from dataclasses import dataclass

import segno
from django.db.models import Count, Max, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Participant, Workshop

CODE_GROUP = 4


@dataclass(frozen=True)
class JoinAddress:
    """The absolute address of a workshop's join page, cut around its code so that a page can show the code
    in groups of four characters (``abcd efgh …``)."""

    url: str
    before_code: str
    code_groups: tuple[str, ...]
    after_code: str


def join_address(request: HttpRequest, workshop: Workshop) -> JoinAddress:
    code = workshop.join_code
    url = request.build_absolute_uri(reverse("workshop_join", kwargs={"code": code}))
    before, after = url.rsplit(code, 1)
    groups = tuple(code[start : start + CODE_GROUP] for start in range(0, len(code), CODE_GROUP))
    return JoinAddress(url=url, before_code=before, code_groups=groups, after_code=after)


def qr_code(url: str) -> SafeString:
    """The QR code of ``url`` as inline SVG, drawn at any size by CSS (no style attribute: the CSP)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=4, omitsize=True, dark="#000", light="#fff", svgclass="qr-code", title=_("QR code")
    )
    # An image with its <title> as its name, for screen readers.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # segno escapes the title


@dataclass(frozen=True)
class PresenterState:
    joined: int  # participants who joined
    fingerprint: tuple  # changes whenever someone joins, and whenever an answer to the revealed question does


def presenter_state(workshop: Workshop) -> PresenterState:
    """How many joined, and a fingerprint of it and of the answers to the question on the projector (if one
    is): one query."""
    figures = {"count": Count("pk", distinct=True), "last": Max("created_at")}
    if workshop.revealed_question_id is not None:
        revealed = Q(answers__question_id=workshop.revealed_question_id)
        figures |= {
            "revealed_answers": Count("answers", filter=revealed),
            "revealed_changed": Max("answers__updated_at", filter=revealed),
        }
    state = Participant.objects.filter(assessment_id=workshop.assessment_id).aggregate(**figures)
    return PresenterState(state["count"], (workshop.revealed_question_id, *state.values()))


def live_state(workshop: Workshop) -> tuple:
    """A fingerprint of the participants and their answers, which changes whenever someone joins, answers,
    or changes an answer or its comment: one query.

    The counts catch every join and new answer. A changed answer moves the latest ``updated_at``, which the
    app server's clock writes: with several servers, a change written by one whose clock lags another's by
    more than the time since the latest change would wait for the next change to show (clocks kept by NTP
    lag by milliseconds)."""
    figures = Participant.objects.filter(assessment_id=workshop.assessment_id).aggregate(
        participant_count=Count("pk", distinct=True),
        last_joined=Max("created_at"),
        answer_count=Count("answers"),
        last_answered=Max("answers__updated_at"),
    )
    return tuple(figures.values())


def decisions_state(workshop: Workshop) -> tuple:
    """A fingerprint of the facilitator's decisions on questions, which changes whenever an agreed score is
    set, changed or cleared (their count and latest time; ``agreed_at`` moves on every change) and whenever
    a re-vote begins: one query."""
    figures = Workshop.objects.filter(pk=workshop.pk).aggregate(
        agreed_count=Count("agreed_scores", distinct=True),
        last_agreed=Max("agreed_scores__agreed_at"),
        revote_count=Count("revotes", distinct=True),
        last_revote=Max("revotes__started_at"),
    )
    return tuple(figures.values())
