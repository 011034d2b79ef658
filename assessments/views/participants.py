"""A workshop's participants: join without an account, come back through a resume link, and answer the same
questionnaire as members (``questionnaire.py``, ``autosave.py``) through their own door.

Who a browser is lives in the server-side session: ``workshop_participants`` maps each join code to the
participant's id, so any app server knows it. The resume link (``/w/r/<token>/``, 256 random bits) puts a
participant back into any browser's session.
"""

import functools
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cxmaturity.conditional import conditional, etag_for, poll_headers
from cxmaturity.ids import is_public_id
from cxmaturity.prepared import PreparedQuery

from ..forms import WorkshopJoinForm
from ..models import Answer, Participant, Question, Revote, Workshop
from ..services import participant_join
from ..throttles import WORKSHOP_JOIN_ADDRESS, client_address, refuse
from .autosave import FIGURES_STAND_INS, Figures, figures_query, refused, respond, save_locked
from .questionnaire import answer_sheet, review_context, show_dimension, where_they_were
from .respondents import QuestionnaireUrls, Respondent, question_of

SESSION_KEY = "workshop_participants"
JOINED_NOW = "workshop_joined_now"  # the join code of a participant who just joined: their link shows open
JOIN = "assessments/workshops/participant/join.html"
PAGE = "assessments/workshops/participant/dimension.html"
ANSWERS = "assessments/workshops/participant/answers.html"

_SEPARATORS = re.compile(r"[\s\-_.‐‑‒–—―−ー・]+")
_RESUME_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


def join_code_from(text: str) -> str | None:
    """The join code in what a person typed: any case, with or without spaces and hyphens (full-width
    characters too, as a Japanese keyboard may type them); None if it cannot be one."""
    if len(text) > 80:
        return None
    code = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).lower()
    return code if is_public_id(code) else None


def _workshop(code: str) -> Workshop:
    join_code = join_code_from(code)
    if join_code is None:
        raise Http404
    return get_object_or_404(
        Workshop.objects.select_related("assessment__organization", "assessment__bank"), join_code=join_code
    )


def _session_participant(request, workshop: Workshop) -> Participant | None:
    participant_id = request.session.get(SESSION_KEY, {}).get(workshop.join_code)
    if participant_id is None:
        return None
    return Participant.objects.filter(pk=participant_id, assessment_id=workshop.assessment_id).first()


def _forgotten() -> str:
    return _("Not saved: this browser no longer knows you. Open your link to continue.")


def _respondent(workshop: Workshop, participant: Participant) -> Respondent:
    participant.assessment = workshop.assessment
    urls = QuestionnaireUrls(
        workshop.join_code,
        dimension="workshop_dimension",
        answer="workshop_answer",
        review="workshop_answers",
        review_label=gettext_lazy("My answers"),
    )
    return Respondent(workshop.assessment, participant, urls, workshop_id=workshop.pk)


def _summary_url(workshop: Workshop) -> str | None:
    """The closed workshop's summary page once the facilitator shares it."""
    if not workshop.summary_shared or workshop.assessment.is_open:
        return None
    return reverse("workshop_summary", args=[workshop.join_code])


def _enter(request, workshop: Workshop, participant: Participant, destination: str):
    """Remember the participant in this browser's session and show them ``destination`` in their language."""
    request.session.cycle_key()  # a new identity in this browser: a new session key
    joined = dict(request.session.get(SESSION_KEY, {}))
    joined[workshop.join_code] = participant.pk
    request.session[SESSION_KEY] = joined
    response = redirect(destination)
    if participant.language:
        # As django.views.i18n.set_language does.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            participant.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


def _remember_language(participant: Participant) -> None:
    """A participant who switched language keeps it: their resume link opens their pages in it (one query,
    only when it changed)."""
    language = get_language()
    if participant.language != language and language in dict(settings.LANGUAGES):
        participant.language = language
        Participant.objects.filter(pk=participant.pk).update(language=language)


def participant_view(*, while_open: bool):
    """A view of the participant that this browser's session holds for the workshop of the URL's join
    code, called with them as a ``Respondent`` and the workshop. An unknown code is 404; a browser that has
    not joined this workshop goes to its join page (an autosave gets a message instead); with
    ``while_open``, a workshop that no longer takes answers sends the participant to their answers."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, code: str, **kwargs):
            workshop = _workshop(code)
            participant = _session_participant(request, workshop)
            if participant is None:
                if request.htmx:
                    return refused(request, _forgotten())
                return redirect("workshop_join", workshop.join_code)
            if while_open and not workshop.accepts_answers:
                return redirect("workshop_answers", workshop.join_code)
            _remember_language(participant)
            return view(request, _respondent(workshop, participant), workshop, **kwargs)

        return wrapper

    return decorator


def _asked_again(respondent: Respondent) -> list[tuple[Question, str]]:
    """The re-voted questions that the participant has not answered in their new round, in bank order, each
    with the address of its place on its dimension's page: none without a re-vote, else one query."""
    if not respondent.rounds:
        return []
    answered = Answer.objects.filter(participant=respondent.participant).values("question_id")
    questions = (
        Question.objects.filter(pk__in=respondent.rounds)
        .exclude(pk__in=answered)
        .select_related("dimension")
        .in_bank_order()
    )
    return [
        (question, f"{respondent.dimension_url(question.dimension.code)}#q-{question.code}")
        for question in questions
    ]


def _live(respondent: Respondent, workshop: Workshop) -> tuple[str, dict]:
    """What the live notice of a participant's pages shows (the workshop closed, or the questions asked
    again), with its ETag."""
    asked_again = _asked_again(respondent) if workshop.accepts_answers else []
    summary_url = _summary_url(workshop)
    etag = etag_for(
        "participant-live",
        workshop.accepts_answers,
        summary_url,
        *(question.pk for question, _url in asked_again),
        get_language(),
    )
    context = {
        "workshop": workshop,
        "accepts_answers": workshop.accepts_answers,
        "asked_again": asked_again,
        "summary_url": summary_url,
        "live_poll": poll_headers(etag),
    }
    return etag, context


def _page_context(request, respondent: Respondent, workshop: Workshop) -> dict:
    participant = respondent.participant
    _etag, live = _live(respondent, workshop)
    return {
        **live,
        "workshop": workshop,
        "participant": participant,
        "resume_link": request.build_absolute_uri(
            reverse("workshop_resume", args=[participant.resume_token])
        ),
        "link_open": request.session.pop(JOINED_NOW, None) == workshop.join_code,
    }


@require_http_methods(["GET", "POST"])
def join(request, code: str):
    workshop = _workshop(code)
    if request.method == "GET" and code != workshop.join_code:
        return redirect("workshop_join", workshop.join_code)
    joined = _session_participant(request, workshop)
    context = {"workshop": workshop, "joined": joined, "summary_url": _summary_url(workshop)}
    if not workshop.accepts_answers:
        return render(request, JOIN, context)
    if joined is not None:
        context["continue_url"] = where_they_were(_respondent(workshop, joined))

    form = WorkshopJoinForm(
        request.POST if request.method == "POST" else None,
        anonymous=workshop.anonymous,
        initial={"language": get_language()},
    )
    refusal = WORKSHOP_JOIN_ADDRESS.hit(client_address(request)) if form.is_bound else None
    if refusal is not None:
        refuse(request, refusal)
    elif form.is_bound and form.is_valid():
        try:
            participant = participant_join(workshop=workshop, **form.cleaned_data)
        except ValidationError as error:  # closed a moment ago
            form.add_error(None, error)
        else:
            response = _enter(
                request, workshop, participant, where_they_were(_respondent(workshop, participant))
            )
            request.session[JOINED_NOW] = workshop.join_code
            return response
    status = 422 if refusal is None and form.errors else 200  # a refusal answers 429 (throttles)
    return render(request, JOIN, {**context, "form": form}, status=status)


@require_GET
def resume(request, token: str):
    """Put the participant of this resume link into this browser's session, and continue where they were."""
    if not _RESUME_TOKEN.fullmatch(token):
        raise Http404
    participant = get_object_or_404(
        Participant.objects.select_related(
            "assessment__workshop", "assessment__organization", "assessment__bank"
        ),
        resume_token=token,
        assessment__mode="workshop",
    )
    workshop = participant.assessment.workshop
    respondent = _respondent(workshop, participant)
    destination = where_they_were(respondent) if workshop.accepts_answers else respondent.review_url()
    return _enter(request, workshop, participant, destination)


@require_http_methods(["GET", "POST"])
@participant_view(while_open=True)
def dimension_page(request, respondent, workshop, dimension: str):
    extra = _page_context(request, respondent, workshop)
    return show_dimension(request, respondent, dimension, template=PAGE, extra=extra)


def _answering_query(participant: int, join_code: str):
    return (
        Participant.objects.select_related("assessment__bank", "assessment__workshop")
        .filter(pk=participant, assessment__workshop__join_code=join_code)
        .select_for_update(of=("assessment",))
    )


_ANSWERING = PreparedQuery(_answering_query, participant=-7_310_000_008, join_code="~join-code~")


def _figures_query(participant: int, code: str):
    """The autosave's figures (``autosave.figures_query``), then the question's current round."""
    latest = Revote.objects.filter(workshop=OuterRef("assessment__workshop"), question__code=code).order_by()
    latest = latest.values("workshop").annotate(number=Max("number")).values("number")
    return figures_query(participant, code, round_now=Coalesce(Subquery(latest), 1))


_FIGURES = PreparedQuery(_figures_query, **FIGURES_STAND_INS)


def _workshop_refusal(workshop: Workshop, round_now: int):
    """Why the workshop takes no answer now: closed or past its end, or the page's round is not the
    question's round any more (as ``answer_save`` says it)."""

    def refusal(form) -> str:
        if not workshop.accepts_answers:
            return _("This workshop is closed; it no longer takes answers.")
        posted = form.cleaned_data["round"]
        if posted is not None and posted != round_now:
            return _("The facilitator has asked everyone to answer this question again: reload the page.")
        return ""

    return refusal


@require_POST
def answer(request, code: str, question: str):
    """A participant's autosave: the session, one query that finds the participant of this browser with the
    workshop and locks the assessment's row, one that reads the question's round and what the write and the
    response need, then only what changed is written (``autosave.save_locked``): five queries, four for a
    comment alone."""
    join_code = join_code_from(code)
    participant_id = request.session.get(SESSION_KEY, {}).get(join_code) if join_code else None
    with transaction.atomic():
        found = _ANSWERING.run(participant=participant_id, join_code=join_code) if participant_id else []
        if not found:  # as ``participant_view`` answers a browser that has not joined
            workshop = _workshop(code)  # 404 for a code no workshop has
            if not request.htmx:
                return redirect("workshop_join", workshop.join_code)
            return refused(request, _forgotten())
        participant = found[0]
        workshop = participant.assessment.workshop
        workshop.assessment = participant.assessment
        respondent = _respondent(workshop, participant)
        asked = question_of(participant.assessment, question)
        if asked is None:
            return refused(request, _("This question is not part of this workshop."))
        row = _FIGURES.run(participant=participant.pk, code=question)[0]
        refusal = _workshop_refusal(workshop, round_now=row[-1])
        outcome = save_locked(request, respondent, asked, Figures.of(row), refusal)
    _remember_language(participant)
    return respond(request, respondent, asked, outcome)


@require_GET
@participant_view(while_open=False)
def live(request, respondent, workshop):
    """The live notice of a participant's pages, polled: 304 while it would show the same."""
    etag, context = _live(respondent, workshop)
    return conditional(
        request, etag, lambda: render(request, "assessments/workshops/participant/live.html", context)
    )


@require_GET
@participant_view(while_open=False)
def answers(request, respondent, workshop):
    """The participant's own answers with their comments, and what is still unanswered while it is open."""
    context = {
        **review_context(respondent),
        **_page_context(request, respondent, workshop),
        "sheet": answer_sheet(respondent.participant),
    }
    if not workshop.accepts_answers:
        context["missing"] = []
    return render(request, ANSWERS, context)
