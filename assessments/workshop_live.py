"""What the live pages of a workshop share: its join address, and cheap fingerprints of who joined and of
the answers, from which the pages that poll make their ETags (``cxmaturity.conditional``)."""

from dataclasses import dataclass

from django.db.models import Count, Max
from django.http import HttpRequest
from django.urls import reverse

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


@dataclass(frozen=True)
class JoinedState:
    count: int  # participants who joined
    fingerprint: tuple  # changes whenever someone joins (or is removed)


def joined_state(workshop: Workshop) -> JoinedState:
    """How many joined, and a fingerprint of it: one query."""
    figures = Participant.objects.filter(assessment_id=workshop.assessment_id).aggregate(
        count=Count("pk"), last=Max("created_at")
    )
    return JoinedState(figures["count"], (figures["count"], figures["last"]))


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
